"""core/fiche_facts.py on hand-made rows: French numbers, the portrait, the energy tables, brownfields, the heat
text, the sources rows and the facts of the referents' file; missing layers give marked blocks, not zeros."""

import json

from ti_energie.core import fiche_facts as ff
from ti_energie.core.fiche_charts import PRODUCER_COLOURS, capacity_chart, needs_log_scale, svg_bars
from ti_energie.core.fiche_facts import LayerRows, NBSP, NNBSP

N = NNBSP


def layer(name, rows, **kwargs):
    return LayerRows(name, present=True, rows=rows, **kwargs)


def test_french_numbers():
    assert ff.fr_number(1234567) == f"1{N}234{N}567"
    assert ff.fr_number(2.5, 1) == "2,5"
    assert ff.fr_number(-1234.5, 1) == f"\u22121{N}234,5"
    assert ff.fr_number(-0.04, 1) == "0,0"          # no « −0,0 »
    assert ff.fr_number(None) == "n.d." and ff.fr_number("secret") == "n.d."
    assert ff.fr_number("1 234,5", 1) == f"1{N}234,5"
    assert ff.fr_unit(5400, "MW") == f"5{N}400{NBSP}MW"
    assert ff.fr_pct(39.04) == f"39,0{NBSP}%"
    assert ff.plural(1, "friche") == "1 friche" and ff.plural(3, "friche") == "3 friches"
    assert ff.plural(2, "réseau", "réseaux") == "2 réseaux"
    assert ff.join_fr(["a", "b", "c"]) == "a, b et c"
    assert ff.slug("AA - Dunkerque - Flandre") == "aa-dunkerque-flandre"
    assert ff.slug("Béthune-Bruay et Flandres-Lys") == "bethune-bruay-et-flandres-lys"
    assert sorted(["N225", "A25", "A16", "A2"], key=ff.natural_key) == ["A2", "A16", "A25", "N225"]


def test_portrait_from_perimeter_and_its_fallbacks():
    perimetre = {"id_ti": "ti-x", "nom": "Territoire X", "nom_court": "X", "nb_epci": 2, "nb_communes": 40,
                 "population": 100000, "superficie_km2": 400.0, "densite_hab_km2": 250.0,
                 "effectifs_total": 30000, "effectifs_industrie": 6000, "part_emploi_industriel_pct": 20.0,
                 "effectifs_manufacturier_par_secteur": json.dumps({"Agroalimentaire": 1000, "Textile": 3000,
                                                                    "Papeterie": 0}),
                 "part_10_premiers_etablissements_pct": 41.5, "nb_cellules_secretes": 2, "annee_emplois": 2023}
    epci = layer("epci", [{"nom": "CC petite", "type": "EPCI", "population": 20000, "nb_communes": 30},
                          {"nom": "CA grande", "type": "EPCI", "population": 80000, "nb_communes": 10}])
    block = ff.portrait(perimetre, epci, LayerRows("communes"))
    f = block.figures
    assert (f["population"], f["nb_communes"], f["nb_epci"], f["densite_hab_km2"]) == (100000, 40, 2, 250.0)
    assert [m[0] for m in f["epci"]] == ["CA grande", "CC petite"]        # largest first
    assert f["secteurs_principaux"][0][:2] == ("Textile", 3000)
    assert round(f["secteurs_principaux"][0][2]) == 75                    # 3 000 of 4 000 manufacturing jobs
    rows = dict(block.rows)
    assert rows["Population"] == f"100{N}000{NBSP}habitants"
    assert rows["Part de l'emploi industriel"] == f"20,0{NBSP}%"
    assert rows["Part des 10 premiers établissements (toutes activités)"] == f"41,5{NBSP}%"
    text = ff.sectors_text(f)
    assert "textile" in text and f"3{N}000 salariés" in text and "2 cellules" in text
    assert "CA grande – 80" in ff.epci_text(f)
    # no indicator in perimetre: computed from the communes, the economy marked as not available
    communes = layer("communes", [{"population": 600, "superficie_km2": 2.0}, {"population": 400,
                                                                             "superficie_km2": 3.0}])
    bare = ff.portrait({"nom": "Y"}, LayerRows("epci"), communes)
    assert (bare.figures["population"], bare.figures["superficie_km2"], bare.figures["nb_communes"]) == (1000, 5.0, 2)
    assert bare.figures["densite_hab_km2"] == 200.0
    assert not bare.figures["economie_disponible"]
    assert ff.NON_DISPONIBLE in dict(bare.rows)["Emplois et part de l'industrie"]
    assert ff.NON_DISPONIBLE in ff.sectors_text(bare.figures)


def test_share_of_the_ten_largest_manufacturing_establishments():
    def row(activity, tranche, establishments, jobs, secret="non"):
        return {"code_commune": "1", "activite": activity, "tranche": tranche, "etablissements": establishments,
                "effectifs": jobs, "secret": secret}

    rows = [row("_T", "_T", 900, 50000), row("GZ", "E_GE500", 9, 9000),        # not manufacturing: left out
            row("CH", "_T", 20, 10000), row("CH", "E_GE500", 4, 6000), row("CH", "E100T199", 16, 4000),
            row("CA", "_T", 10, 2000), row("CA", "E100T199", 10, 2000)]
    # 4 of 500+ (6 000) then 6 of the 26 plants of 100–199 (6 000 jobs): 6 000 + 6/26 × 6 000 = 7 384,6 of 12 000
    assert ff.largest_manufacturing_share(rows) == 61.5
    assert ff.largest_manufacturing_share(rows + [row("CL", "E200T499", 2, None, "oui")]) is None   # withheld
    assert ff.largest_manufacturing_share([row("_T", "_T", 5, 100)]) is None
    emplois = layer("emplois", rows)
    block = ff.portrait({"effectifs_total": 50000, "part_10_premiers_etablissements_pct": 30.0,
                         "effectifs_manufacturier_par_secteur": json.dumps({"Métallurgie/sidérurgie": 10000,
                                                                            "Agroalimentaire": 2000})},
                        LayerRows("epci"),
                        LayerRows("communes"), emplois)
    assert dict(block.rows)["Part des 10 premiers établissements dans l'emploi manufacturier"] == f"61,5{NBSP}%"
    assert "dix plus grands établissements industriels réunissent environ 62" in ff.sectors_text(block.figures)
    none = ff.portrait({"effectifs_total": 5}, LayerRows("epci"), LayerRows("communes"), LayerRows("emplois"))
    assert dict(none.rows)["Part des 10 premiers établissements"] == "non calculable (secret statistique)"


def test_logistics_lists_motorways_and_waterways_only_from_their_layers():
    routes = layer("routes_principales", [{"numero": "A25", "classement": "Autoroute"},
                                          {"numero": "A16", "classement": "Autoroute"},
                                          {"numero": "A16", "classement": "Autoroute"},
                                          {"numero": "N225", "classement": "Nationale"}])
    voies = layer("voies_navigables", [{"nom": "Canal B", "_longueur_km": 10.0}, {"nom": "Canal A", "_longueur_km": 30.0},
                                       {"nom": None, "_longueur_km": 2.0}])
    block = ff.logistics(routes, voies)
    assert block.figures["autoroutes"] == ["A16", "A25"] and block.figures["nationales"] == ["N225"]
    assert block.figures["voies_navigables"] == ["Canal A", "Canal B"]
    assert "Canal A, Canal B (42" in block.text
    missing = ff.logistics(LayerRows("routes_principales"), LayerRows("voies_navigables"))
    assert missing.text.count("non disponibles") == 2 and missing.figures["autoroutes"] == []


def test_consumers_by_sector_and_size_never_count_withheld_as_zero():
    rows = [{"secteur": "Agroalimentaire", "classe_conso": "> 50 000 MWh", "conso_mwh": 60000.0, "conso_secret": "non",
             "nom": "A", "commune": "C1", "energie": "Gaz", "annee": 2023},
            {"secteur": "Agroalimentaire", "classe_conso": "> 10 000 MWh", "conso_mwh": 20000.0,
             "conso_secret": "partiel", "nom": "B", "commune": "C1", "energie": "Électricité", "annee": 2023},
            {"secteur": "Textile", "classe_conso": "Non publié", "conso_mwh": None, "conso_secret": "oui", "nom": "C",
             "annee": 2022},
            {"secteur": "Non publié", "classe_conso": "> 50 000 MWh", "conso_mwh": 90000.0, "nom": "D"}]
    block = ff.consumers_by_sector(layer("consommateurs", rows, provenance={"source": "SDES", "vintage": "2023"}))
    table = {row[0]: row for row in block.rows}
    assert table["Agroalimentaire"][1:] == ["1", "1", "–", "–", "2", "≥ 80"]
    assert table["Textile"][1:] == ["–", "–", "–", "1", "1", "≥ 0,0"]
    assert table["Secteur non publié"][1:] == ["1", "–", "–", "–", "1", "90"]
    assert block.figures["sites"] == 4 and block.figures["sites_plus_10000"] == 3
    assert block.figures["annees"] == ["2022", "2023"]
    assert "2 sites" in block.notes[0] and block.source == "Source : SDES, millésime 2023."
    top = ff.largest_consumers(layer("consommateurs", rows), 2)
    assert [r[0] for r in top.rows] == ["D", "A"] and top.rows[0][4] == "90\u202f000"
    partial = ff.largest_consumers(layer("consommateurs", rows), 3).rows[2]
    assert partial[0] == "B" and partial[4] == f"≥ 20{N}000"


def test_installed_capacity_by_type_else_by_register_filiere():
    producteurs = layer("producteurs", [{"type": "Éolien", "puissance_mw": 24.0},
                                        {"type": "Centrale nucléaire", "puissance_mw": 5400.0},
                                        {"type": "Éolien", "puissance_mw": 12.5},
                                        {"type": "Point d'injection de biométhane", "puissance_mw": None,
                                         "energie_gwh_an": 65.2},
                                        {"type": "Point d'injection de biométhane", "energie_gwh_an": 24.0}])
    block = ff.installed_capacity(producteurs, LayerRows("production_electricite"))
    assert [r[0] for r in block.rows] == ["Point d'injection de biométhane", "Centrale nucléaire", "Éolien", "Total"]
    assert block.rows[0][1:] == ["2", "–"] and block.rows[2][1:] == ["2", "36"]
    # the total is electric: the gas injection points are said beside it, with their capacity
    assert block.rows[-1] == ["Total", "3", f"5{N}436"] and block.figures["total_mw"] == 5436.5
    assert block.notes == [f"Point d'injection de biométhane : 2 sites, 89,2{NBSP}GWh/an de capacité (gaz injecté, sans "
                           f"puissance électrique), hors total."]
    register = layer("production_electricite", [{"categorie": "Solaire", "nb_installations": 412, "puissance_mw": 8.25},
                                                {"categorie": "Eolien", "nb_installations": 3, "puissance_mw": 30.0}])
    fallback = ff.installed_capacity(LayerRows("producteurs"), register)
    assert fallback.figures["base"] == "filiere" and fallback.headers[0] == "Filière"
    assert fallback.rows[0] == ["Eolien", "3", "30"] and fallback.rows[1] == ["Solaire", "412", "8,2"]
    assert "registre" in fallback.notes[0]
    none = ff.installed_capacity(LayerRows("producteurs"), LayerRows("production_electricite"))
    assert not none.available and ff.NON_DISPONIBLE in none.reason


def test_heat_networks_and_biomethane_tables():
    networks = layer("reseaux_chaleur", [{"nom_reseau": "Petit", "livraisons_mwh": 5000.0, "_longueur_km": 2.5},
                                         {"nom_reseau": "Grand", "livraisons_mwh": 111000.0, "longueur_km": 51.0,
                                          "_longueur_km": 48.7, "taux_enrr_pct": 80.0},
                                         {"nom_reseau": "Muet", "livraisons_mwh": None, "longueur_km": 1.0}])
    block = ff.heat_networks(networks)
    assert block.rows[0] == ["Grand", "51,0", "111,0", f"80{NBSP}%"]     # the published length wins
    assert block.rows[1][:3] == ["Petit", "2,5", "5,0"] and block.rows[2][2] == "n.d."
    assert block.figures == {"n": 3, "km": 54.5, "gwh": 116.0}
    assert "1 réseau sans livraisons" in block.notes[0]
    bio = ff.biomethane(layer("biomethane", [{"nom_du_projet": "M1", "commune": "B", "capacite_de_production_gwh_an": 25.0,
                                             "annee_mes": 2019},
                                            {"nom_du_projet": "M2", "capacite_de_production_gwh_an": None}]))
    assert bio.figures == {"sites": 2, "gwh_an": 25.0} and bio.rows[0] == ["M1", "B", "25,0", "2019"]
    empty = ff.biomethane(layer("biomethane", []))
    assert empty.available and empty.figures["sites"] == 0 and "Aucun site" in empty.notes[0]


def test_brownfields_with_and_without_project():
    rows = [{"site_nom": "Grand", "comm_nom": "Loon", "surface_ha": 22.4, "site_statut": "friche avec projet"},
            {"site_nom": "Moyen", "comm_nom": "Synthe", "unite_fonciere_surface": 132000.0,
             "site_statut": "friche sans projet"},
            {"site_nom": "Petit", "_surface_ha": 4.1, "site_statut": "friche potentielle"}]
    block = ff.brownfields(layer("friches", rows))
    f = block.figures
    assert (f["n"], round(f["ha"], 1), f["avec_projet"], f["sans_projet"], f["autres"]) == (3, 39.7, 1, 1, 1)
    assert f["plus_grande"] == ("Grand", "Loon", 22.4)
    assert block.text.startswith(f"3 friches de plus de 1 ha, 40{NBSP}ha au total. La plus grande : Grand à Loon")
    assert f"sans projet : 1 friche (13,2{NBSP}ha)" in block.text
    assert [r[0] for r in block.rows] == ["Grand", "Moyen", "Petit"]
    assert "Aucune friche" in ff.brownfields(layer("friches", [])).text
    assert ff.project_status("site avec projet") == "avec projet" and ff.project_status(None) == "autre"
    assert "Classes de la fiche" not in block.text                      # no categorie_fiche: nothing said
    classed = [dict(rows[0], categorie_fiche="Friche pour solaire"), dict(rows[1], categorie_fiche="Friche industrielle"),
               dict(rows[2], categorie_fiche="Friche industrielle"),
               {"site_nom": "Minuscule", "surface_ha": 0.4, "categorie_fiche": "Friche industrielle"}]
    block = ff.brownfields(layer("friches", classed))
    assert block.figures["n"] == 3 and block.figures["moins_1_ha"] == 1
    assert block.figures["par_categorie"] == {"Friche industrielle": (2, 13.2 + 4.1), "Friche pour solaire": (1, 22.4)}
    assert (f"Classes de la fiche : 2 friches industrielles (17,3{NBSP}ha) ; 1 friche pour solaire (22,4{NBSP}ha)."
            in block.text)
    assert block.text.endswith("1 site de moins de 1 ha du fichier laissé(s) de côté.")
    none_solar = ff.brownfields(layer("friches", classed[1:3]))
    assert "; aucune friche pour solaire." in none_solar.text


def test_heat_sources_by_temperature_class():
    waste = layer("chaleur_fatale", [{"classe_temperature": "< 200 °C", "chaleur_mwh_an": 525000.0},
                                     {"classe_temperature": "< 200 °C", "chaleur_mwh_an": 75000.0},
                                     {"temperature_c": 35.0, "chaleur_mwh_an": 12500.0},     # class from the value
                                     {"temperature_c": 250.0, "chaleur_mwh_an": None}])      # energy withheld
    plants = layer("step_chaleur", [{"type_step": "Collectivités", "temperature_c": 15.2, "chaleur_mwh_an": 61500.0},
                                    {"type_step": "Collectivités", "chaleur_mwh_an": 7400.0},
                                    {"type_step": "Industriels", "temperature_c": 28.0, "chaleur_mwh_an": 8300.0}])
    block = ff.heat_sources(waste, plants)
    assert block.headers == ["GWh/an (nombre de sites)", "< 40 °C", "< 80 °C", "< 100 °C", "< 200 °C", "≥ 200 °C",
                             "non publiée", "Total"]
    assert block.rows[0] == ["Chaleur fatale", "12,5 (1)", "–", "–", "600,0 (2)", "n.d. (1)", "–", "≥ 612,5 (4)"]
    assert block.rows[1] == ["STEP des collectivités", "61,5 (1)", "–", "–", "–", "–", "7,4 (1)", "68,9 (2)"]
    assert block.rows[2][0] == "STEP industrielles" and block.rows[2][1] == "8,3 (1)"
    assert block.rows[3] == ["Total", "82,3 (3)", "–", "–", "600,0 (2)", "n.d. (1)", "7,4 (1)", "≥ 689,7 (7)"]
    assert block.figures["sites"] == 7 and round(block.figures["gwh"], 1) == 689.7
    assert "1 site sans énergie publiée" in block.notes[0]
    only_waste = ff.heat_sources(layer("chaleur_fatale", [{"classe_temperature": "< 80 °C", "chaleur_mwh_an": 1000.0}]),
                                 LayerRows("step_chaleur"))
    assert only_waste.headers[-1] == "Total" and len(only_waste.headers) == 6 and len(only_waste.rows) == 1
    assert "stations d'épuration" in only_waste.notes[0] and ff.NON_DISPONIBLE in only_waste.notes[0]
    none = ff.heat_sources(LayerRows("chaleur_fatale"), LayerRows("step_chaleur"))
    assert not none.available and "chaleur fatale et stations d'épuration" in none.reason


def test_missing_and_not_provided_layers_are_marked():
    absent = ff.consumers_by_sector(LayerRows("consommateurs"))
    assert not absent.available and "couche « consommateurs » absente" in absent.reason
    not_given = ff.brownfields(LayerRows("friches", present=True, rows=[], status="not_provided"))
    assert not not_given.available and "fichier de l'agence non fourni" in not_given.reason
    assert ff.source_line(LayerRows("x")) == ""
    stale = LayerRows("friches", present=True, status="stale", provenance={"source": "Cerema", "date": "2026-01-02"})
    assert ff.source_line(stale) == "Source : Cerema, téléchargé le 2026-01-02 (copie ancienne du cache)."


def _outcome(links, **summary):
    base = {"n_sources": 3, "n_sinks": 1, "available_mwh": 199000.0, "demand_mwh": 111000.0,
            "delivered_mwh": sum(link["delivered_mwh"] for link in links), "electricity_mwh": 0.0}
    base.update(summary)
    return {"run": True, "summary": base, "links": links, "notes": ["Température supposée."], "max_distance_km": 10.0,
            "parameters": {"max_distance_m": 10000.0, "min_delta_t_k": 5.0, "heat_value_eur_mwh": 60.0}}


def test_heat_text_in_plain_words():
    links = [{"source": "Aciérie", "sink": "Réseau D", "distance_km": 4.0, "delivered_mwh": 80000.0,
              "mode_code": "direct"},
             {"source": "STEP", "sink": "Réseau D", "distance_km": 2.25, "delivered_mwh": 31000.0,
              "mode_code": "heat_pump"}]
    text = ff.heat_text(_outcome(links, electricity_mwh=9000.0))
    assert "3 sources du territoire (199" in text and "le réseau de chaleur existant (111" in text
    assert "retient 2 liaisons" in text and f"111{NBSP}GWh/an, soit 100{NBSP}% des livraisons" in text
    assert "1 liaison demande(nt) une pompe à chaleur" in text and f"9,0{NBSP}GWh/an d'électricité" in text
    assert f"Aciérie → Réseau D (4,0{NBSP}km, 80,0{NBSP}GWh/an) ; STEP → Réseau D (2,2" in text
    headers, rows = ff.heat_links_table(_outcome(links))
    assert headers[0] == "Source de chaleur" and rows[1][-1] == "pompe à chaleur"
    none = ff.heat_text(_outcome([], rejected_distance=4, rejected_temperature=1))
    assert "Aucune liaison ne ressort" in none and "4 trop éloignée(s) (plus de 10 km)" in none
    assert "1 trop froide(s) sans pompe à chaleur" in none
    assert "non demandée" in ff.heat_text(None)
    assert ff.heat_text({"run": False, "reason": "Données non disponibles : x."}) == "Données non disponibles : x."
    assert "Température supposée." in ff.heat_method_text(_outcome(links))


def test_sources_rows_and_wrapped_addresses():
    url = "https://odre.opendatasoft.com/api/explore/v2.1/catalog/datasets/registre-national-installation-production"
    headers, rows = ff.sources_rows({"producteurs": {"title": "Producteurs", "source": "ODRÉ – Registre",
                                                     "producer": "RTE", "licence": "Licence Ouverte 2.0", "url": url,
                                                     "date": "2026-02-15", "vintage": "2025", "status": "incomplete"}})
    assert headers == ["Couche", "Source et producteur", "Licence", "Adresse", "Dates"]
    assert rows[0][0] == "Producteurs (incomplète)" and rows[0][1] == "ODRÉ – Registre\nRTE"
    assert rows[0][3].replace("\n", "") == url and max(len(line) for line in rows[0][3].split("\n")) <= 60
    assert rows[0][4] == "millésime 2025\ntéléchargé le 2026-02-15"
    long = "SDES gaz (millésime 2024-09) ; SDES électricité (millésime 2025-09) ; ODRÉ : données 2022"
    _h, rows = ff.sources_rows({"consommateurs": {"source": "Consommateurs", "vintage": long, "date": "2026-02-15"}})
    assert rows[0][1].endswith("\nMillésimes : " + long) and rows[0][4] == "téléchargé le 2026-02-15"
    api = {"source": "API Découpage administratif", "licence": "Licence Ouverte 2.0", "url": "https://geo.api.gouv.fr/",
           "date": "2026-02-15"}
    _h, rows = ff.sources_rows({"perimetre": dict(api), "epci": dict(api), "friches": dict(api, url="https://x/"),
                                "communes": dict(api)},
                               {"perimetre": "Périmètre", "epci": "EPCI", "communes": "Communes", "friches": "Friches"})
    assert [row[0] for row in rows] == ["Périmètre, EPCI, Communes", "Friches"]    # one row for one provenance
    _h, rows = ff.sources_rows({"perimetre": dict(api), "epci": dict(api, date="2026-02-16")})
    assert len(rows) == 2                                                             # another download: its row


def test_facts_and_swot_prompts():
    perimetre = {"population": 1000, "superficie_km2": 10.0, "nb_communes": 3, "effectifs_total": 100,
                 "effectifs_industrie": 20, "part_emploi_industriel_pct": 20.0,
                 "effectifs_manufacturier_par_secteur": json.dumps({"Textile": 15})}
    portrait = ff.portrait(perimetre, layer("epci", [{"nom": "CC X", "type": "EPCI"}]), LayerRows("communes"))
    capacity = ff.installed_capacity(layer("producteurs", [{"type": "Éolien", "puissance_mw": 24.0}]),
                                     LayerRows("production_electricite"))
    facts = ff.fact_lines(portrait, ff.logistics(LayerRows("routes_principales"), LayerRows("voies_navigables")),
                          ff.consumers_by_sector(LayerRows("consommateurs")), capacity,
                          ff.heat_networks(LayerRows("reseaux_chaleur")), ff.biomethane(LayerRows("biomethane")),
                          ff.brownfields(layer("friches", [{"surface_ha": 12.0, "site_statut": "friche sans projet"}])))
    assert facts["population"] == f"1{N}000{NBSP}habitants" and facts["epci"] == "CC X"
    assert facts["puissance_installee"] == f"24{NBSP}MW (Éolien 24)"
    assert facts["friches"].startswith("1 friche de plus de 1 ha")
    assert "grands_consommateurs" not in facts and "autoroutes" not in facts   # no data, no fact
    prompts = ff.swot_prompts(facts)
    assert prompts["forces"] == [f"production d'énergie : 24{NBSP}MW (Éolien 24)"]
    assert prompts["opportunites"][0].startswith("foncier : 1 friche")


def test_capacity_chart_svg():
    values = [("Centrale nucléaire", 5400.0), ("Solaire", 6.5)]
    assert needs_log_scale(values) and not needs_log_scale([("a", 10.0), ("b", 20.0)])
    svg = svg_bars(values, "Puissance installée (MW)", "MW", "X & Y", "Échelle logarithmique.",
                   {"Solaire": "#EE7733"}, log_scale=True)
    assert svg.startswith("<svg") and "X &amp; Y" in svg and 'data-valeur="5400"' in svg
    assert 'fill="#EE7733"' in svg and "6,5 MW" in svg
    import re

    bars = [float(w) for w in re.findall(r'<rect class="barre"[^>]* width="([0-9.]+)"', svg)]
    assert len(bars) == 2 and bars[0] == 370.0       # the largest bar fills the width
    assert 70 < bars[1] < 95                          # log10(7.5) / log10(5 401) of it, not 6.5 / 5 400
    linear = [float(w) for w in re.findall(r'<rect class="barre"[^>]* width="([0-9.]+)"',
                                           svg_bars(values, "t", "MW"))]
    assert linear[1] < 1
    # the fiche's chart, scaled into its box of 97 × 68 mm, prints its 12-unit text at 6.5 pt at least, even with
    # the ten types of the legend
    ten = [(name, 10.0 ** (i % 4)) for i, name in enumerate(PRODUCER_COLOURS)][:10]
    for chosen in (values, ten):
        chart = capacity_chart(chosen)
        width, height = (float(v) for v in re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', chart).groups())
        mm_per_unit = min(97.0 / width, 68.0 / height)
        assert 12 * mm_per_unit / 0.3528 >= 6.5, (len(chosen), width, height)
        assert chart.count('class="barre"') == len(chosen) and "logarithmique" in chart
