"""The fiche as a PDF (layers/fiche.py) from hand-built GeoPackages holding every layer of docs/layers.md: the
Dunkerque-like territory, the one-EPCI Beauvaisis, a territory with missing sources, the referents' file used and
never overwritten. The PDF is read back with pdftotext."""

import datetime
import shutil
import subprocess
import unicodedata

import pytest

import fiche_fixtures as fx
from maps_fixtures import PROVENANCE

DAY = datetime.date(2026, 3, 2)


def pdf_pages(path):
    """The text of each page (pdftotext -raw: table cells in drawing order), ligatures and spaces folded."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext absent (poppler-utils)")
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return [" ".join(unicodedata.normalize("NFKC", page).split()) for page in pages]


def page_sizes(path):
    """[(width, height)] in points of each page (pdfinfo)."""
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo absent (poppler-utils)")
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(path)], capture_output=True, text=True,
                         check=True).stdout
    sizes = []
    for line in out.splitlines():
        if line.startswith("Page") and "size:" in line:
            parts = line.split("size:")[1].split()
            sizes.append((round(float(parts[0])), round(float(parts[2]))))
    return sizes


def page_colours(pdf, page, dpi=60):
    """The colours (#RRGGBB) drawn on a page with at least 20 pixels, from pdftoppm's rendering."""
    from qgis.PyQt.QtGui import QImage

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm absent (poppler-utils)")
    png = pdf.with_name(f"{pdf.stem}-page{page}")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", "-png", str(pdf),
                    str(png)], check=True)
    image = QImage(str(png) + ".png")
    counts = {}
    for y in range(image.height()):
        for x in range(image.width()):
            name = image.pixelColor(x, y).name().upper()
            counts[name] = counts.get(name, 0) + 1
    return {name for name, count in counts.items() if count >= 20}


def export(tmp_path, territory="dunkerque", name=None, **kwargs):
    from ti_energie.layers.fiche import export_fiche

    options = {k: kwargs.pop(k) for k in ("layers", "statuses", "economy", "annexes", "long_urls") if k in kwargs}
    gpkg = fx.write_fiche_gpkg(tmp_path / f"{territory}.gpkg", territory, **options)
    result = export_fiche(gpkg, tmp_path / (name or f"fiche-{territory}.pdf"), day=DAY, **kwargs)
    return result, pdf_pages(result.pdf)


@pytest.fixture(scope="module")
def dunkerque(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("fiche_dunkerque")
    return export(tmp_path)


TITLES = ("1. Portrait synthétique du territoire", "2. Caractéristiques énergétiques",
          "3. Enjeux d'attractivité industrielle durable", "4. Vulnérabilités et enjeux climatiques",
          "5. Recommandations")


def test_dunkerque_pages_titles_and_name_on_every_page(dunkerque):
    result, pages = dunkerque
    assert result.pages == 13 and len(pages) == 13
    sizes = page_sizes(result.pdf)
    assert sizes[0] == (595, 842) and sizes[4:8] == [(842, 595)] * 4   # A4, the four maps in landscape
    for page in pages:
        assert "AA - Dunkerque - Flandre" in page
    for number, page in enumerate(pages, start=1):
        assert f"{number} / 13" in page
    firsts = [next(i for i, page in enumerate(pages) if i > 0 and title in page) for title in TITLES]
    assert firsts == [1, 2, 8, 9, 10]
    assert "Sommaire" in pages[0] and "Sources des données 13" in pages[0]
    assert all(title in pages[0] for title in TITLES)                # the contents list them too


def test_dunkerque_computed_figures(dunkerque):
    _result, pages = dunkerque
    portrait = pages[1]
    assert "Population 378 123 habitants" in portrait and "Communes 4" in portrait and "EPCI 2" in portrait
    assert "Superficie 1 512 km2" in portrait   # « km² » after NFKC and "Part de l'emploi industriel 25,0 %" in portrait
    assert "Part des 10 premiers établissements dans l'emploi manufacturier 65,5 %" in portrait
    assert "Les dix plus grands établissements industriels réunissent environ 66 % des postes salariés" in portrait
    assert "CU de Dunkerque – 190 123 hab., 2 communes" in portrait
    assert "Autoroutes : A16, A25" in portrait and "Canal de Bourbourg" in portrait
    assert "métallurgie et sidérurgie (12 000 salariés, 58 %)" in portrait
    # the chart (SVG picture, its text drawn as paths): the sector colours are on the page
    assert page_colours(dunkerque[0].pdf, 2) >= {"#117733", "#CC6677", "#882255"}
    energy = pages[2]
    assert "Métallurgie/sidérurgie" in energy and "≥ 0,0" in energy          # withheld: a lower bound
    assert "Site industriel 0 Commune 0 Agroalimentaire Électricité 80 000" in energy
    production = pages[3]
    assert "Centrale nucléaire 1 5 400" in production and "Total 4 6 220" in production
    assert "Point d'injection de biométhane : 1 site (gaz injecté, sans puissance électrique), hors total" in production
    assert "Réseau de chaleur de Dunkerque 51,0 111,0 60 %" in production
    assert "Méthanisation de Bourbourg Bourbourg 25,0 2019" in production and "capacité 40,5 GWh/an" in production
    attractiveness = pages[8]
    assert "3 friches de plus de 1 ha, 40 ha au total" in attractiveness
    assert "La plus grande : Loon-Plage Sud à Loon-Plage (22,4 ha)" in attractiveness
    assert "Avec projet : 1 friche (22,4 ha) ; sans projet : 1 friche (13,2 ha)" in attractiveness
    # the two classes of the fiche's legend, counted from the fixture's brownfields
    t = fx.TERRITORIES["dunkerque"]
    for klass, word, words in (("Friche industrielle", "friche industrielle", "friches industrielles"),
                               ("Friche pour solaire", "friche pour solaire", "friches pour solaire")):
        chosen = [ha for _n, _c, ha, _s, cat in t["friches"] if cat == klass and ha >= 1]
        said = (f"{len(chosen)} {word if len(chosen) < 2 else words} ({fr(sum(chosen), 1)} ha)" if chosen
                else f"aucune {word}")
        assert said in attractiveness, said
    synergies = pages[11]
    # heat the matching draws on, by temperature class, from the fixture's waste heat and wastewater plants
    waste = {}
    for _i, _n, _k, mwh, _t, klass in t["chaleur_fatale"]:
        waste.setdefault(klass, []).append(mwh)
    classes = ("< 40 °C", "< 80 °C", "< 100 °C", "< 200 °C")
    cells = [f"{fr(sum(waste[k]) / 1000, 1)} ({len(waste[k])})" if k in waste else "–" for k in classes]
    total = sum(sum(v) for v in waste.values()) / 1000
    assert " ".join(["Chaleur fatale"] + cells + [f"{fr(total, 1)} ({len(t['chaleur_fatale'])})"]) in synergies
    assert "STEP des collectivités" in synergies and "Total" in synergies
    assert "Aciérie du port Réseau de chaleur de Dunkerque" in synergies and "Légende" in synergies
    assert "Liaisons retenues" in synergies and "km" in synergies


def fr(value, decimals=0):
    """A French number as pdftotext reads it back (thousands separated by a space)."""
    return f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",")


def test_dunkerque_map_pages_have_legend_scale_and_sources(dunkerque):
    _result, pages = dunkerque
    expected = {4: ("Carte des consommateurs", "Types de consommateurs", "Métallurgie/sidérurgie"),
                5: ("Carte des producteurs", "Producteurs", "Centrale nucléaire"),
                6: ("Carte des réseaux et des friches", "Friches", "Friche pour solaire"),
                7: ("Carte des potentiels de chaleur valorisables", "Gisement de chaleur fatale",
                    "Chaleur fatale < à 200 °C")}
    for index, (title, section, entry) in expected.items():
        page = pages[index]
        assert title in page and "Légende" in page and section in page and entry in page
        assert "km" in page and "Sources :" in page and "Licence Ouverte 2.0" in page


def test_dunkerque_sources_page_lists_every_layer(dunkerque):
    _result, pages = dunkerque
    sources = pages[12]
    provenance = dict(PROVENANCE, **fx.EXTRA_PROVENANCE)
    for layer in fx.ALL_LAYERS:
        source, producer, licence, vintage = provenance[layer]
        assert source in sources, layer
        assert f"millésime {vintage}" in sources, layer
    assert "https://donnees.example.invalid/biomethane/" in sources.replace(" ", "")   # cut over lines
    assert "Textes des référents" in sources and "Synergies de chaleur (calcul)" in sources


def test_sources_table_continues_on_extra_pages(tmp_path):
    """Many layers with long addresses: the sources table goes on over as many pages as it needs, none of its rows
    dropped, every page numbered out of the new total, the contents giving the range."""
    result, pages = export(tmp_path, annexes=24, long_urls=True)
    total = result.pages
    assert len(pages) == total and total >= 15                        # 12 pages, then at least 3 of sources
    assert not [w for w in result.warnings if "sources" in w.lower()]
    for number, page in enumerate(pages, start=1):
        assert f"{number} / {total}" in page and "AA - Dunkerque - Flandre" in page
        assert "sources : page 13" in page
    assert f"Sources des données 13–{total}" in pages[0]
    assert "Sources des données" in pages[12] and f"continue jusqu'à la page {total}" in pages[12]
    for index in range(13, total):
        assert "Sources des données (suite)" in pages[index] and f"de la page {index}." in pages[index]
    sources = " ".join(pages[12:])
    titles = [fx.TITLES.get(name) or fx.EXTRA_TITLES[name] for name in fx.ALL_LAYERS]
    titles = [title.split(" – ")[0] for title in titles] + [fx.annex_title(i) for i in range(1, 25)]
    for title in titles + ["Synergies de chaleur (calcul)", "Textes des référents"]:
        assert sources.count(title) >= 1, title
    flat = sources.replace(" ", "")
    for name in list(fx.ALL_LAYERS) + [f"annexe_{i:02d}" for i in range(1, 25)]:
        assert fx.long_url(name).replace(" ", "") in flat, name
    assert "Textes des référents" in pages[-1] and "Fichier de données : dunkerque.gpkg" in pages[-1]
    assert "Fichier de données" not in " ".join(pages[12:-1])


def test_dunkerque_empty_texts_are_marked_and_the_template_written(dunkerque):
    result, pages = dunkerque
    assert result.texts_state == "modele_cree"
    assert result.texts_path.name == "fiche-aa-dunkerque-flandre-textes.yaml" and result.texts_path.exists()
    assert "À compléter par les référents du territoire : présentation du territoire" in pages[1]
    assert "À compléter par les référents du territoire : forces." in pages[10]
    assert "À venir" in pages[9]
    assert "Textes des référents : pas encore rédigés" in pages[0]


def test_beauvaisis_one_epci(tmp_path):
    result, pages = export(tmp_path, "beauvaisis")
    assert result.pages == len(pages) == 13
    assert all("Beauvaisis" in page for page in pages)
    portrait = pages[1]
    assert "Population 103 456 habitants" in portrait and "Communes 53" in portrait and "EPCI 1" in portrait
    assert "CA du Beauvaisis – 103 456 hab., 53 communes" in portrait
    assert "non calculable (secret statistique)" in portrait and "12 cellules" in portrait
    assert "Total 2 162" in pages[3] and "Éolien 1 150" in pages[3]
    assert "aucun site d'injection de biométhane" in pages[3].lower()
    assert "2 friches de plus de 1 ha" in pages[8]
    synergies = pages[11]
    assert "Usine de pneumatiques Réseau de chaleur de Beauvais" in synergies
    assert "90 °C supposés" in synergies and "eau chaude" in synergies    # the default temperature, said
    # short tables: the blocks under them move up (no hole mid-page), the notes follow their tables
    tops = word_tops(result.pdf, 4)
    template = {"Réseaux": 118.0, "Injection": 193.0}          # titles in styles/fiche/energie_production.qpt
    assert tops["Réseaux"] < template["Réseaux"] - 30 and tops["Injection"] < template["Injection"] - 60
    assert tops["Réseaux"] < tops["Injection"] < 150


def word_tops(pdf, page):
    """{word: top (mm) of its first occurrence} on a page (pdftotext -bbox)."""
    import re

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext absent (poppler-utils)")
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    tops = {}
    for y, word in re.findall(r'<word xMin="[0-9.]+" yMin="([0-9.]+)"[^>]*>([^<]*)</word>', html):
        tops.setdefault(word, float(y) * 25.4 / 72.0)
    return tops


def test_missing_sources_give_marked_sections_not_an_error(tmp_path):
    result, pages = export(tmp_path, "dunkerque", layers=[], economy=False)
    assert result.pages == len(pages) == 13
    assert all(f"{n} / 13" in page for n, page in enumerate(pages, start=1))
    assert "Population 378 123 habitants" in pages[1]                  # the perimeters are always there
    assert "Données non disponibles : graphique des effectifs" in pages[1]
    assert "Données non disponibles : consommateurs industriels (couche « consommateurs » absente" in pages[2]
    assert "Données non disponibles : puissance installée" in pages[3]
    assert "Données non disponibles : réseaux de chaleur" in pages[3]
    for index in range(4, 8):
        assert "Données non disponibles : aucune des couches de cette carte" in pages[index]
    assert "Données non disponibles : friches de plus de 1 ha" in pages[8]
    assert "appariement non réalisé" in pages[11]
    assert "Sources des données" in pages[12] and "API Découpage administratif" in pages[12]


def test_layers_not_provided_or_missing_from_a_map(tmp_path):
    layers = [name for name in fx.ALL_LAYERS if name not in ("reseau_gaz", "lignes_400kv", "producteurs")]
    result, pages = export(tmp_path, "dunkerque", layers=layers, statuses={"friches": "not_provided"})
    assert result.pages == 13
    assert "Données non disponibles sur cette carte : lignes 400 kV, réseau de gaz." in pages[6]
    assert "Données non disponibles : friches de plus de 1 ha (fichier de l'agence non fourni)" in pages[8]
    # without the layer of producers by type, the capacity comes from the register, by filière
    assert "Filière" in pages[3] and "Par filière du registre national" in pages[3]
    assert "Données non disponibles : aucune des couches de cette carte (« producteurs »)" in pages[5]


def test_referents_file_is_used_and_never_overwritten(tmp_path):
    texts = tmp_path / "textes-dunkerque.yaml"
    texts.write_text(
        "territoire: ti-3201\n"
        "relu_par: Agence de test\n"
        "contact: fiches@example.invalid\n"
        "portrait:\n"
        "  presentation: Territoire littoral tourné vers son port et ses canaux.\n"
        "  logistique: Port maritime de commerce, fret ferroviaire vers l'intérieur.\n"
        "attractivite:\n"
        "  decarbonation: Démarche collective de zone industrielle bas carbone.\n"
        "recommandations:\n"
        "  forces:\n"
        "    - \"Hub logistique : port et canaux à grand gabarit.\"\n"
        "  menaces:\n"
        "    - \"Submersion marine : zones basses exposées.\"\n"
        "  synergies: Mutualiser la vapeur entre voisins de la zone portuaire.\n", encoding="utf-8")
    before = texts.read_bytes()
    result, pages = export(tmp_path, "dunkerque", texts=str(texts))
    assert result.texts_state == "modifie" and texts.read_bytes() == before
    assert "Territoire littoral tourné vers son port et ses canaux." in pages[1]
    assert "Port maritime de commerce, fret ferroviaire" in pages[1]
    assert "Démarche collective de zone industrielle bas carbone." in pages[8]
    assert "À compléter par les référents du territoire : avantages compétitifs" in pages[8]
    assert "• Hub logistique : port et canaux à grand gabarit." in pages[10]
    assert "• Submersion marine : zones basses exposées." in pages[10]
    assert "À compléter par les référents du territoire : faiblesses." in pages[10]
    assert "Mutualiser la vapeur" in pages[10]
    assert "Textes : référents du territoire (Agence de test)." in pages[0]
    assert "fiches@example.invalid" in pages[0]
    # the file has no faits_calcules: the facts go to a dated suggestions file, the texts stay
    assert result.suggestions.name == "textes-dunkerque-suggestions-2026-03-02.yaml"
    assert "faits_nouveaux:" in result.suggestions.read_text(encoding="utf-8")
    again, _pages = export(tmp_path, "dunkerque", texts=str(texts), name="deuxieme.pdf")
    assert texts.read_bytes() == before and again.suggestions == result.suggestions


def test_template_then_edit_then_new_facts(tmp_path):
    from ti_energie.layers.fiche import export_fiche

    gpkg = fx.write_fiche_gpkg(tmp_path / "d.gpkg")
    first = export_fiche(gpkg, tmp_path / "fiche.pdf", day=DAY, heat_matching=False)
    template = first.texts_path
    assert first.texts_state == "modele_cree" and template.parent == tmp_path
    edited = template.read_text(encoding="utf-8").replace(
        'avantages_competitifs: ""', 'avantages_competitifs: "Électricité décarbonée et foncier portuaire."')
    template.write_text(edited, encoding="utf-8")
    # new data: one brownfield less
    gpkg2 = fx.write_fiche_gpkg(tmp_path / "d2.gpkg", layers=[n for n in fx.ALL_LAYERS if n != "friches"])
    second = export_fiche(gpkg2, tmp_path / "fiche.pdf", day=DAY, heat_matching=False)
    assert second.texts_state == "modifie" and template.read_text(encoding="utf-8") == edited
    assert second.suggestions is not None and "friches" in second.suggestions.read_text(encoding="utf-8")
    pages = pdf_pages(second.pdf)
    assert "Électricité décarbonée et foncier portuaire." in pages[8]
    assert "non demandée" in pages[11]


def test_malformed_texts_file_stops_with_its_line(tmp_path):
    from ti_energie.core.errors import TiEnergieError

    texts = tmp_path / "textes.yaml"
    texts.write_text("territoire: ti-3201\nportrait:\n  presentation: \"pas fermé\n  logistique: x\n",
                     encoding="utf-8")
    with pytest.raises(TiEnergieError, match=r"textes.yaml, ligne \d+, colonne \d+"):
        export(tmp_path, "dunkerque", texts=str(texts))
    assert not (tmp_path / "fiche-dunkerque.pdf").exists()


def test_pdf_locked_or_folder_unwritable_is_a_clear_error(tmp_path):
    from ti_energie.core.errors import TiEnergieError

    blocker = tmp_path / "fichier"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(TiEnergieError, match="Dossier de la fiche impossible à créer"):
        export(tmp_path, "dunkerque", name="fichier/fiche.pdf", heat_matching=False)
