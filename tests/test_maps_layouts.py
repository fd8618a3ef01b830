"""Print layouts of the four maps (layers/layouts.py): template items, legend in the fiche's order,
sources from the layers' provenance, PDF export, persistence in the project."""

import datetime
import shutil
import subprocess
import unicodedata

import pytest
from qgis.core import QgsLayoutExporter, QgsLayoutItemLegend, QgsLayoutItemMap, QgsPrintLayout, QgsProject

import maps_fixtures as fx

TITLES = {"Consommateurs": "Carte des consommateurs", "Producteurs": "Carte des producteurs",
          "Réseaux et friches": "Carte des réseaux et des friches",
          "Chaleur valorisable": "Carte des potentiels de chaleur valorisables"}
ITEM_IDS = {"map_main", "lbl_title", "lbl_subtitle", "legend", "lbl_sources", "lbl_date", "scalebar", "north", "logo"}


def pdf_text(path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext absent (poppler-utils)")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(unicodedata.normalize("NFKC", text).split())  # ligatures (ﬂ) and line breaks folded


def _render(layout):
    """Paint the page once: the legend computes its filter on the map at paint time."""
    return QgsLayoutExporter(layout).renderPageToImage(0)


@pytest.fixture
def layouts(tmp_path, qgis_app):
    from ti_energie.layers.layouts import create_layouts

    project, group, gpkg = fx.project_with_maps(tmp_path)
    made = create_layouts(project, group)
    yield project, group, made
    project.clear()


def test_one_a4_landscape_layout_per_map_from_the_templates(layouts):
    project, _group, made = layouts
    assert [layout.name() for layout in made] == [f"AA - Dunkerque - Flandre – {name}" for name in TITLES]
    assert sorted(lay.name() for lay in project.layoutManager().printLayouts()) == sorted(lay.name() for lay in made)
    for layout, name in zip(made, TITLES):
        page = layout.pageCollection().page(0)
        assert (round(page.pageSize().width()), round(page.pageSize().height())) == (297, 210)
        assert {item.id() for item in layout.items() if hasattr(item, "id") and item.id()} >= ITEM_IDS
        map_item = layout.itemById("map_main")
        assert isinstance(map_item, QgsLayoutItemMap)
        assert map_item.followVisibilityPreset() and map_item.followVisibilityPresetName() == name
        assert layout.itemById("lbl_title").text() == "AA - Dunkerque - Flandre"
        assert layout.itemById("lbl_subtitle").text() == TITLES[name]
        # the territory fills the map: its outline is inside the map extent, and not lost in it
        extent, outline = map_item.extent(), fx.EXTENT
        assert extent.xMinimum() <= outline[0] and extent.xMaximum() >= outline[2]
        assert extent.width() < 1.5 * (outline[2] - outline[0]) or extent.height() < 1.5 * (outline[3] - outline[1])


@pytest.mark.parametrize("index,name", list(enumerate(TITLES)))
def test_legend_sections_and_entries_are_the_fiches(layouts, index, name):
    _project, _group, made = layouts
    layout = made[index]
    _render(layout)
    legend = layout.itemById("legend")
    assert isinstance(legend, QgsLayoutItemLegend) and legend.legendFilterByMapEnabled()
    assert fx.legend_sections(legend) == fx.FICHE_LEGENDS[name]


def test_legend_lists_only_what_the_map_shows(tmp_path, qgis_app):
    from ti_energie.layers.layouts import create_layout

    project, group, _gpkg = fx.project_with_maps(tmp_path, drop_values={
        "consommateurs": {"Textile", "Non publié"}, "chaleur_fatale": {"< 80 °C"}, "step_chaleur": {"Industriels"}})
    consommateurs = create_layout(project, group, "consommateurs")
    chaleur = create_layout(project, group, "chaleur")
    for layout in (consommateurs, chaleur):
        _render(layout)
    sections = dict(fx.legend_sections(consommateurs.itemById("legend")))
    assert sections["Types de consommateurs"] == [s for s in fx.FICHE_LEGENDS["Consommateurs"][0][1]
                                                  if s not in ("Textile", "Secteur non publié")]
    sections = dict(fx.legend_sections(chaleur.itemById("legend")))
    assert sections["Gisement de chaleur fatale"] == ["Chaleur fatale < à 40 °C", "Chaleur fatale < à 100 °C",
                                                      "Chaleur fatale < à 200 °C"]
    assert sections["Station d'épuration"] == ["Collectivités"]
    project.clear()


def test_sources_come_from_the_layers_provenance(layouts):
    from ti_energie.layers.layouts import sources_text

    _project, _group, made = layouts
    text = made[2].itemById("lbl_sources").text()  # Réseaux et friches
    assert text.startswith("Sources :")
    for layer in ("postes_400kv", "reseau_gaz", "friches", "routes_principales", "perimetre"):
        source, _producer, licence, date = fx.PROVENANCE[layer]
        # the layout is French: 2025-01-15 → « du 15/01/2025 »; a year stays as given
        day = "du " + "/".join(reversed(date.split("-"))) if "-" in date else date
        assert f"{source} ({licence}, données {day})" in text
    assert "Cerema EnRezo" not in text  # not a layer of this map
    assert text.count("API Découpage administratif") == 1  # one line per source
    assert sources_text([]) == "Sources : non renseignées."


def test_sources_dates_in_french(qgis_app):
    from qgis.core import QgsVectorLayer

    from ti_energie.layers.layouts import sources_text

    layers = []
    for source, date in (("A", "2025-03-05"), ("A", "2025-03-01T10:12:00"), ("B", "2023"), ("C", ""),
                         ("D", "2024-12-31,2024-12-31"), ("E", "2022,2025-06-30T08:00:00")):
        layer = QgsVectorLayer("Point?crs=EPSG:2154", source, "memory")
        for key, value in (("source", source), ("licence", "Licence Ouverte 2.0"), ("date", date)):
            layer.setCustomProperty(f"ti_energie/{key}", value)
        layers.append(layer)
    assert sources_text(layers).splitlines() == [
        "Sources :", "• A (Licence Ouverte 2.0, données du 01/03/2025 au 05/03/2025)",
        "• B (Licence Ouverte 2.0, données 2023)", "• C (Licence Ouverte 2.0)",
        "• D (Licence Ouverte 2.0, données du 31/12/2024)", "• E (Licence Ouverte 2.0, données du 30/06/2025, 2022)"]


def test_layouts_export_to_pdf_with_title_legend_and_sources(layouts, tmp_path):
    from ti_energie.layers.map_export import export_layout

    _project, _group, made = layouts
    today = datetime.date.today().strftime("%d/%m/%Y")
    for layout, name in zip(made, TITLES):
        path = tmp_path / f"{name}.pdf"
        assert export_layout(layout, path, "pdf") == [path]
        text = pdf_text(path)
        assert "AA - Dunkerque - Flandre" in text and TITLES[name] in text
        assert "Légende" in text
        for section, entries in fx.FICHE_LEGENDS[name]:
            assert section in text
            for entry in entries:
                assert entry in text, (name, entry)
        assert "Sources :" in text and "Licence Ouverte 2.0" in text
        assert f"Carte éditée le {today}" in text
        assert "km" in text  # scale bar


def test_creating_again_replaces_the_plugins_layouts_only(layouts):
    from ti_energie.layers.layouts import create_layout, create_layouts

    project, group, made = layouts
    mine = QgsPrintLayout(project)
    mine.initializeDefaults()
    mine.setName("Ma mise en page")
    project.layoutManager().addLayout(mine)
    again = create_layouts(project, group)
    names = sorted(lay.name() for lay in project.layoutManager().printLayouts())
    assert names == sorted([lay.name() for lay in again] + ["Ma mise en page"])
    assert len(names) == 5
    # a user's layout that happens to have the plugin's name is kept: the plugin's gets another name
    name = again[0].name()
    project.layoutManager().removeLayout(project.layoutManager().layoutByName(name))
    homonym = QgsPrintLayout(project)
    homonym.initializeDefaults()
    homonym.setName(name)
    project.layoutManager().addLayout(homonym)
    third = create_layout(project, group, "consommateurs")
    assert third.name() == f"{name} (2)"
    assert project.layoutManager().layoutByName(name) is homonym


def test_layouts_survive_saving_and_reopening_the_project(layouts, tmp_path):
    from ti_energie.layers.map_export import export_layout

    project, _group, _made = layouts
    path = tmp_path / "projet.qgz"
    assert project.write(str(path))
    reopened = QgsProject()
    assert reopened.read(str(path))
    layouts_again = {lay.name(): lay for lay in reopened.layoutManager().printLayouts()}
    assert len(layouts_again) == 4
    layout = layouts_again["AA - Dunkerque - Flandre – Chaleur valorisable"]
    assert layout.customProperty("ti_energie/map") == "chaleur"
    assert layout.itemById("map_main").followVisibilityPresetName() == "Chaleur valorisable"
    _render(layout)
    assert fx.legend_sections(layout.itemById("legend")) == fx.FICHE_LEGENDS["Chaleur valorisable"]
    export_layout(layout, tmp_path / "rouvert.pdf")
    assert "Chaleur fatale < à 200 °C" in pdf_text(tmp_path / "rouvert.pdf")
    reopened.clear()
