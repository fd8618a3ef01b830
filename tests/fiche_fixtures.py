"""Hand-made territory GeoPackages for the fiche: every layer of docs/layers.md, with figures chosen so that the
fiche's computed values are known in advance.

- `dunkerque`: Dunkerque-like, two EPCI, a nuclear plant, a heat network with its temperature, brownfields
  with and without a project, withheld consumptions;
- `beauvaisis`: a one-EPCI territory (CA du Beauvaisis), wind and solar only, a heat network whose supply
  temperature is not published (the fiche must say which default it assumed).

All figures are invented for the tests; none describes a real site.
"""

import json
from pathlib import Path

from qgis.core import QgsGeometry, QgsPointXY

from maps_fixtures import PROVENANCE, TITLES

SECTEURS = ["Agroalimentaire", "Papeterie", "Textile", "Métallurgie/sidérurgie", "Matériels de transport",
            "Industrie chimique et pharmaceutique", "Produits minéraux, caoutchouc, plastique",
            "Biens intermédiaires et d'équipement"]


def _box(x0, y0, x1, y1):
    return QgsGeometry.fromWkt(f"MULTIPOLYGON((({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0})))")


def _line(*points):
    return QgsGeometry.fromWkt("MULTILINESTRING((" + ",".join(f"{x} {y}" for x, y in points) + "))")


def _pt(x, y):
    return QgsGeometry.fromPointXY(QgsPointXY(x, y))


TERRITORIES = {
    "dunkerque": {
        "id": "ti-3201", "nom": "Aa – Dunkerque – Flandre", "nom_court": "AA - Dunkerque - Flandre",
        "origin": (630000.0, 7055000.0), "population": 378123, "superficie_km2": 1512.3, "nb_communes": 4,
        "epci": [("200040947", "CU de Dunkerque", 190123, 2), ("246200844", "CC de Flandre intérieure", 188000, 2)],
        "emplois": {"effectifs_total": 120000, "effectifs_industrie": 30000, "part_emploi_industriel_pct": 25.0,
                    "par_secteur": {"Métallurgie/sidérurgie": 12000, "Agroalimentaire": 5000,
                                    "Industrie chimique et pharmaceutique": 3000, "Matériels de transport": 800},
                    "part_10_premiers_etablissements_pct": 39.0, "nb_cellules_secretes": 3, "annee_emplois": 2023},
        "producteurs": [("Gravelines", "Centrale nucléaire", 5400.0), ("DK6", "Cogénération de gaz", 790.0),
                        ("Parc éolien des Moëres", "Éolien", 24.0), ("Toitures solaires", "Solaire", 6.2),
                        ("Injection de Bourbourg", "Point d'injection de biométhane", None)],
        "friches": [("Grand Millebrugge", "Grande-Synthe", 13.2, "friche sans projet", "Friche industrielle"),
                    ("Loon-Plage Sud", "Loon-Plage", 22.4, "friche avec projet", "Friche pour solaire"),
                    ("Ancienne sucrerie", "Bourbourg", 4.1, "friche potentielle", "Autre friche")],
        "reseaux_chaleur": [("5901C", "Réseau de chaleur de Dunkerque", 111000.0, 105.0, 51.0)],
        "chaleur_fatale": [("CF1", "Aciérie du port", "Industrie", 150000.0, 180.0, "< 200 °C"),
                           ("CF2", "Huilerie du canal", "Industrie", 40000.0, 60.0, "< 80 °C")],
        "step": [("S1", "STEP de Dunkerque", "Collectivités", 9000.0, 18.0)],
        "biomethane": [("Méthanisation de Bourbourg", "Bourbourg", 25.0, 2019),
                       ("Biogaz des Flandres", "Hazebrouck", 15.5, 2022)],
        "routes": [("A16", "Autoroute"), ("A25", "Autoroute"), ("N225", "Nationale")],
        # manufacturing by size class: the 10 largest = 8 of 500+ (10 500 jobs) + 2/11 of 200–499 (3 500 jobs),
        # 11 136 of 17 000 manufacturing jobs = 65,5 %
        "emplois_classes": [("CH", "_T", 23, 12000), ("CH", "E_GE500", 6, 9000), ("CH", "E200T499", 6, 2000),
                            ("CH", "E100T199", 5, 700), ("CH", "E50T99", 3, 200), ("CH", "E20T49", 3, 100),
                            ("CA", "_T", 27, 5000), ("CA", "E_GE500", 2, 1500), ("CA", "E200T499", 5, 1500),
                            ("CA", "E100T199", 10, 1400), ("CA", "E50T99", 10, 600)],
        "voies": [("Canal de Bourbourg", "Canal"), ("Canal à grand gabarit Dunkerque-Escaut", "Canal")],
    },
    "beauvaisis": {
        "id": "ti-3204", "nom": "Beauvaisis", "nom_court": "Beauvaisis",
        "origin": (625000.0, 6915000.0), "population": 103456, "superficie_km2": 614.7, "nb_communes": 53,
        "epci": [("200067999", "CA du Beauvaisis", 103456, 53)],
        "emplois": {"effectifs_total": 40000, "effectifs_industrie": 6200, "part_emploi_industriel_pct": 15.5,
                    "par_secteur": {"Agroalimentaire": 1500, "Matériels de transport": 1400,
                                    "Biens intermédiaires et d'équipement": 1100},
                    "part_10_premiers_etablissements_pct": None, "nb_cellules_secretes": 12, "annee_emplois": 2023},
        "producteurs": [("Parc éolien du plateau", "Éolien", 150.0), ("Centrale solaire de Tillé", "Solaire", 12.4)],
        "friches": [("Ancienne usine textile", "Beauvais", 8.6, "friche sans projet", "Friche industrielle"),
                    ("Zone de la gare", "Allonne", 3.2, "friche sans projet", "Autre friche")],
        "reseaux_chaleur": [("6001C", "Réseau de chaleur de Beauvais", 42000.0, None, 14.0)],
        "chaleur_fatale": [("CF9", "Usine de pneumatiques", "Industrie", 30000.0, 95.0, "< 100 °C")],
        "step": [("S9", "STEP de Beauvais", "Collectivités", 6000.0, 16.0)],
        "biomethane": [],
        "routes": [("A16", "Autoroute"), ("N31", "Nationale")],
        "emplois_classes": [("CL", "_T", 4, 1400), ("CL", "E_GE500", 1, None), ("CL", "E100T199", 3, 400)],
        "voies": [],
    },
}


def perimeter_fields():
    from ti_energie.core.economy import CHAMPS_INDICATEURS

    return [("id_ti", "str"), ("nom", "str"), ("nom_court", "str"), ("nb_epci", "int"), ("nb_communes", "int"),
            ("population", "int"), ("superficie_km2", "double"), ("densite_hab_km2", "double")] + \
        [(name, kind) for name, kind, _alias in CHAMPS_INDICATEURS]


def _layers(t):
    x0, y0 = t["origin"]
    w, h = 50000.0, 40000.0
    outline = _box(x0, y0, x0 + w, y0 + h)
    eco = t["emplois"]
    by_sector = {s: eco["par_secteur"].get(s, 0) for s in SECTEURS}
    data = {}
    data["perimetre"] = (perimeter_fields(), [([t["id"], t["nom"], t["nom_court"], len(t["epci"]), t["nb_communes"],
                                                t["population"], t["superficie_km2"],
                                                round(t["population"] / t["superficie_km2"], 1),
                                                eco["effectifs_total"], eco["effectifs_industrie"],
                                                eco["part_emploi_industriel_pct"],
                                                json.dumps(by_sector, ensure_ascii=False),
                                                eco["part_10_premiers_etablissements_pct"], eco["nb_cellules_secretes"],
                                                eco["annee_emplois"]], outline)], "multipolygon")
    n = len(t["epci"])
    data["epci"] = ([("siren", "str"), ("nom", "str"), ("type", "str"), ("population", "int"), ("nb_communes", "int"),
                     ("superficie_km2", "double")],
                    [([siren, name, "EPCI", pop, nc, t["superficie_km2"] / n],
                      _box(x0 + i * w / n, y0, x0 + (i + 1) * w / n, y0 + h))
                     for i, (siren, name, pop, nc) in enumerate(t["epci"])], "multipolygon")
    data["communes"] = ([("insee", "str"), ("nom", "str"), ("population", "int"), ("siren_epci", "str"),
                         ("code_dep", "str"), ("superficie_km2", "double")],
                        [([f"59{100 + i}", f"Commune {i}", 1000, t["epci"][min(i // 2, n - 1)][0], "59", 10.0],
                          _box(x0 + i * w / 4, y0, x0 + (i + 1) * w / 4, y0 + h)) for i in range(4)], "multipolygon")
    consumers = []
    for i, sector in enumerate(SECTEURS[:6]):
        conso = [80000.0, 30000.0, 5000.0, None, 60000.0, 12000.0][i]
        klass = ["> 50 000 MWh", "> 10 000 MWh", "< 10 000 MWh", "Non publié", "> 50 000 MWh", "> 10 000 MWh"][i]
        consumers.append(([f"Site industriel {i}", "59100", "Commune 0", "24", sector, "Gaz" if i % 2 else "Électricité",
                           conso, klass, "3", 2023, "adresse", "distribution", "SDES", "oui" if conso is None else "non"],
                          _pt(x0 + 5000 + i * 6000, y0 + 30000)))
    data["consommateurs"] = ([("nom", "str"), ("code_commune", "str"), ("commune", "str"), ("naf2", "str"),
                              ("secteur", "str"), ("energie", "str"), ("conso_mwh", "double"), ("classe_conso", "str"),
                              ("pdl", "str"), ("annee", "int"), ("precision", "str"), ("raccordement", "str"),
                              ("source", "str"), ("conso_secret", "str")], consumers, "point")
    data["producteurs"] = ([("nom", "str"), ("type", "str"), ("filiere", "str"), ("puissance_mw", "double"),
                            ("energie_gwh_an", "double"), ("code_commune", "str"), ("commune", "str"),
                            ("precision", "str"), ("statut", "str"), ("source", "str")],
                           [([name, kind, kind, mw, None, "59100", "Commune 0", "site", "En service", "ODRÉ"],
                             _pt(x0 + 4000 + i * 7000, y0 + 35000)) for i, (name, kind, mw) in
                            enumerate(t["producteurs"])], "point")
    data["production_electricite"] = ([("code_insee", "str"), ("commune", "str"), ("categorie", "str"),
                                       ("nb_installations", "int"), ("puissance_mw", "double")],
                                      [(["59100", "Commune 0", kind, 1, mw], _pt(x0 + 4000 + i * 7000, y0 + 36000))
                                       for i, (_n, kind, mw) in enumerate(t["producteurs"]) if mw], "point")
    data["biomethane"] = ([("nom_du_projet", "str"), ("commune", "str"), ("capacite_de_production_gwh_an", "double"),
                           ("annee_mes", "int"), ("site_ouvert", "str")],
                          [([name, commune, gwh, year, "true"], _pt(x0 + 9000 + i * 5000, y0 + 33000))
                           for i, (name, commune, gwh, year) in enumerate(t["biomethane"])], "point")
    data["reseau_gaz"] = ([("operateur", "str"), ("nom", "str"), ("diametre_mm", "double"), ("pression_bar", "double"),
                           ("source", "str")], [(["NaTran", "Artère test", 900.0, 67.7, "NaTran"],
                                                 _line((x0, y0 + 25000), (x0 + w, y0 + 25000)))], "multilinestring")
    data["lignes_400kv"] = ([("nom", "str"), ("tension_kv", "int"), ("etat", "str"), ("source", "str")],
                            [(["Ligne test", 400, "En service", "RTE"], _line((x0, y0 + 27000), (x0 + w, y0 + 27000)))],
                            "multilinestring")
    data["postes_400kv"] = ([("nom", "str"), ("code_poste", "str"), ("tension_kv", "int"), ("etat", "str"),
                             ("fonction", "str"), ("source", "str")],
                            [(["Poste test", "PTEST", 400, "En service", "Transformation", "RTE"],
                              _pt(x0 + 20000, y0 + 27000))], "point")
    data["reseau_h2"] = ([("nom", "str"), ("operateur", "str"), ("etat", "str"), ("source", "str")], [],
                         "multilinestring")
    data["friches"] = ([("site_id", "str"), ("site_nom", "str"), ("site_type", "str"), ("site_statut", "str"),
                        ("comm_nom", "str"), ("unite_fonciere_surface", "double"), ("surface_ha", "double"),
                        ("categorie_fiche", "str")],
                       [([f"F{i}", name, "friche industrielle", statut, commune, ha * 10000, ha, cat],
                         _box(x0 + 3000 + i * 12000, y0 + 3000, x0 + 3000 + i * 12000 + 2000, y0 + 5000))
                        for i, (name, commune, ha, statut, cat) in enumerate(t["friches"])], "multipolygon")
    data["reseaux_chaleur"] = ([("identifiant", "str"), ("nom_reseau", "str"), ("livraisons_mwh", "double"),
                                ("temperature_c", "double"), ("longueur_km", "double"), ("taux_enrr_pct", "double")],
                               [([ident, name, mwh, temp, km, 60.0],
                                 _line((x0 + 5000, y0 + 20000), (x0 + 30000, y0 + 20000)))
                                for ident, name, mwh, temp, km in t["reseaux_chaleur"]], "multilinestring")
    data["chaleur_fatale"] = ([("identifiant", "str"), ("nom", "str"), ("type_site", "str"), ("chaleur_mwh_an", "double"),
                               ("temperature_c", "double"), ("classe_temperature", "str"), ("code_commune", "str"),
                               ("commune", "str"), ("source", "str")],
                              [([ident, name, kind, mwh, temp, klass, "59100", "Commune 0", "Cerema"],
                                _pt(x0 + 8000 + i * 9000, y0 + 16000))
                               for i, (ident, name, kind, mwh, temp, klass) in enumerate(t["chaleur_fatale"])], "point")
    data["step_chaleur"] = ([("identifiant", "str"), ("nom", "str"), ("type_step", "str"), ("chaleur_mwh_an", "double"),
                             ("temperature_c", "double"), ("code_insee", "str"), ("commune", "str")],
                            [([ident, name, kind, mwh, temp, "59100", "Commune 0"], _pt(x0 + 28000, y0 + 23000))
                             for ident, name, kind, mwh, temp in t["step"]], "point")
    data["geothermie"] = ([("potentiel", "str"), ("pot_value", "int")],
                          [(["Potentiel fort", 8], _box(x0, y0, x0 + w / 2, y0 + 8000))], "multipolygon")
    data["routes_principales"] = ([("numero", "str"), ("classement", "str"), ("nature", "str")],
                                  [([num, kind, "Type autoroutier"], _line((x0, y0 + 10000 + i * 3000),
                                                                           (x0 + w, y0 + 10000 + i * 3000)))
                                   for i, (num, kind) in enumerate(t["routes"])], "multilinestring")
    data["voies_navigables"] = ([("nom", "str"), ("nature", "str")],
                                [([name, kind], _line((x0, y0 + 6000 + i * 1500), (x0 + w, y0 + 6000 + i * 1500)))
                                 for i, (name, kind) in enumerate(t["voies"])], "multilinestring")
    emplois = [(["59100", "Commune 0", "_T", "Ensemble", "_T", "Ensemble", 1000, eco["effectifs_total"], "non",
                 2023, None], None)]
    for activity, tranche, establishments, jobs in t["emplois_classes"]:
        emplois.append((["59100", "Commune 0", activity, activity, tranche, tranche, establishments, jobs,
                         "oui" if jobs is None else "non", 2023, None], None))
    data["emplois"] = ([("code_commune", "str"), ("commune", "str"), ("activite", "str"), ("libelle", "str"),
                        ("tranche", "str"), ("libelle_tranche", "str"), ("etablissements", "int"),
                        ("effectifs", "int"), ("secret", "str"), ("annee", "int"), ("secteur_fiche", "str")],
                       emplois, "none")
    return data


EXTRA_PROVENANCE = {
    "biomethane": ("ODRÉ – Points d'injection de biométhane", "GRDF, NaTran, Teréga", "Licence Ouverte 2.0",
                   "2025-11-03"),
    "production_electricite": ("ODRÉ – Registre national des installations de production et de stockage",
                               "RTE, Enedis", "Licence Ouverte 2.0", "2025-06-30"),
    "emplois": ("INSEE – Flores, établissements et effectifs salariés", "INSEE", "Licence Ouverte 2.0", "2023"),
}
EXTRA_TITLES = {"biomethane": "Injection de biométhane", "production_electricite": "Production d'électricité",
                "emplois": "Établissements et effectifs salariés (INSEE Flores)"}
ALL_LAYERS = ("perimetre", "epci", "communes", "consommateurs", "producteurs", "production_electricite", "biomethane",
              "reseau_gaz", "lignes_400kv", "postes_400kv", "reseau_h2", "friches", "reseaux_chaleur", "chaleur_fatale",
              "step_chaleur", "geothermie", "routes_principales", "voies_navigables", "emplois")


def long_url(name):
    """A long address, as real catalogue entries have (WFS queries with filters, dataset pages with ids)."""
    return (f"https://data.geopf.example.invalid/wfs/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES="
            f"{name}:troncon_de_route_et_voie_navigable&OUTPUTFORMAT=application/json&SRSNAME=EPSG:2154&COUNT=5000"
            f"&CQL_FILTER=INTERSECTS(geometrie,POLYGON((640000 7040000,690000 7040000,690000 7110000)))&STARTINDEX=0")


def annex_title(index):
    return f"Couche annexe numéro {index:02d}"


def write_fiche_gpkg(path, territory="dunkerque", layers=None, statuses=None, economy=True, annexes=0,
                     long_urls=False):
    """Write the territory's GeoPackage (all layers, or the perimeters plus `layers`) with its `sources` table.
    `statuses`: {layer: status} written in the sources table (« not_provided », « incomplete »…); `economy`
    False: `perimetre` without the indicators of the theme « Économie »; `annexes`: that many more tables
    (`annexe_01`…, titled `annex_title(n)`) with their sources rows; `long_urls`: every address is `long_url`."""
    from ti_energie.layers.gpkg import MULTILINESTRING, MULTIPOLYGON, POINT, write_layer, write_sources_table
    from ti_energie.layers.territory_loader import LayerSpec

    kinds = {"point": POINT, "multilinestring": MULTILINESTRING, "multipolygon": MULTIPOLYGON, "none": None}
    path = Path(path)
    specs, first = [], True
    for name, (fields, rows, kind) in _layers(TERRITORIES[territory]).items():
        if layers is not None and name not in layers and name not in ("perimetre", "epci", "communes"):
            continue
        if name == "perimetre" and not economy:
            fields, rows = fields[:8], [(attributes[:8], geometry) for attributes, geometry in rows]
        write_layer(path, name, fields, rows, kinds[kind], new_file=first)
        first = False
        source, producer, licence, date = PROVENANCE.get(name) or EXTRA_PROVENANCE[name]
        provenance = {"source": source, "producer": producer, "licence": licence, "url": long_url(name) if long_urls
                      else f"https://donnees.example.invalid/{name}/jeu-de-donnees?format=geojson&annee=2025",
                      "date": "2026-02-15", "vintage": date, "status": (statuses or {}).get(name, "ok")}
        specs.append(LayerSpec(name, TITLES.get(name) or EXTRA_TITLES[name], "", provenance))
    for index in range(1, annexes + 1):
        name = f"annexe_{index:02d}"
        write_layer(path, name, [("valeur", "int")], [([index], None)], None)
        provenance = {"source": f"Source annexe {index:02d} (producteur de test, service de diffusion)",
                      "producer": "Producteur de test", "licence": "Licence Ouverte 2.0",
                      "url": long_url(name) if long_urls else f"https://donnees.example.invalid/{name}/",
                      "date": "2026-02-15", "vintage": "2025-12-31", "status": "ok"}
        specs.append(LayerSpec(name, annex_title(index), "", provenance))
    write_sources_table(path, specs)
    return path
