"""The fiche's maps from the dock (one-click switch, « Mise en page ») and the optional IGN background
(catalogue entry fond_plan_ign, load_territory(background=True), the dock's « Fond de plan IGN »)."""

import os
from pathlib import Path

import pytest
import yaml
from qgis.core import QgsLayerTreeGroup, QgsProject, QgsRasterLayer

import maps_fixtures as fx
from geo_fixtures import UNREACHABLE, territory_server
from gui_fixtures import clean_settings, flush_deletes, gui_iface, make_dock, wait_until  # noqa: F401 (fixtures)

MAPS = ["Consommateurs", "Producteurs", "Réseaux et friches", "Chaleur valorisable"]


@pytest.fixture(autouse=True)
def no_folder_question(monkeypatch):
    monkeypatch.setattr("ti_energie.ui.dock.TerritoryDock.ask_folder", lambda _dock, _reason: "")



def serve_wmts(server):
    """Add the IGN WMTS stand-in (tools/ign_wmts.py) to a territory_server and point fond_plan_ign at it.
    Returns the route (its `tiles` lists the tiles served)."""
    from ign_wmts import WMTS_PATH, wmts_routes
    from sample_data import bind_host

    routes = wmts_routes()
    server.routes.update(routes)
    bind_host(routes, server)
    set_source_url("fond_plan_ign", server.url(WMTS_PATH))
    return routes[WMTS_PATH]


def set_source_url(key, url):
    path = Path(os.environ["TI_ENERGIE_CATALOGUE"])
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sources"].setdefault(key, {})["url"] = url
    path.write_text(yaml.safe_dump(data), encoding="utf-8")


def _visible(project):
    return {layer.customProperty("ti_energie/layer") for layer in project.layerTreeRoot().checkedLayers()}


def prime_crs():
    """As LoadTerritoryTask does before a load started on the main thread: the CRS the loader's worker threads
    use are made by the main thread (layers/gpkg.py), so that the end of those threads cannot empty them for
    the tests that follow."""
    from ti_energie.layers.gpkg import prime_crs_cache

    prime_crs_cache()


def _background_layers(project):
    return [layer for layer in project.mapLayers().values()
            if layer.customProperty("ti_energie/layer") == "fond_plan_ign"]


# --- the catalogue entry ------------------------------------------------------------------------------------

def test_the_background_is_a_catalogue_source_of_no_dock_theme():
    from ti_energie.core.themes import THEME_KEYS
    from ti_energie.layers.catalogue import Catalogue

    os.environ.pop("TI_ENERGIE_CATALOGUE", None)  # the built-in catalogue (isolated_env restores it)
    catalogue = Catalogue.load()
    source = catalogue.source("fond_plan_ign")
    assert source["connector"] == "wmts_raster" and source["url"] == "https://data.geopf.fr/wmts"
    assert (source["raster_layer"], source["tile_matrix_set"], source["format"]) == (
        "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", "PM", "image/png")
    assert source["licence"] == "Licence Ouverte 2.0 (Etalab)" and source["producer"] == "IGN"
    assert catalogue.theme_sources("fond") == ["fond_plan_ign"]
    assert all("fond_plan_ign" not in catalogue.theme_sources(key) for key in THEME_KEYS)
    keys = list(catalogue.sources)
    assert keys.index("fond_plan_ign") == keys.index("anct_ti_epci") + 1


# --- the background: loader, layer, themes, render ------------------------------------------------------------

def test_background_loaded_under_every_map_and_drawn(tmp_path, monkeypatch, qgis_app):
    """load_territory(background=True) against the WMTS stand-in: a valid QGIS WMTS layer (its
    GetCapabilities read from the local document), at the bottom of the territory group, last layer of every
    map theme, drawn (the stand-in's tile colour where no data is)."""
    from ign_wmts import TILE_COLOUR
    from ti_energie.core.territories import load_builtin
    from ti_energie.layers import settings
    from ti_energie.layers.cache import Cache
    from ti_energie.layers.project_layers import add_to_project
    from ti_energie.layers.territory_loader import load_territory

    territory = load_builtin().get("ti-3201")
    with territory_server(tmp_path, monkeypatch) as server:
        wmts = serve_wmts(server)
        catalogue = settings.load_catalogue()
        prime_crs()
        plain = load_territory(territory, ["reseaux"], tmp_path / "sans.gpkg", catalogue, Cache(tmp_path / "c"))
        result = load_territory(territory, ["reseaux"], tmp_path / "avec.gpkg", catalogue, Cache(tmp_path / "c"),
                                background=True)
        assert "fond_plan_ign" not in {s.key for s in plain.statuses}
        status = {s.key: s for s in result.statuses}["fond_plan_ign"]
        assert status.state == "ok", status.text()
        spec = result.layers[-4]  # under the theme layers, above the perimeters (the map groups move it down)
        assert spec.kind == "raster" and spec.source_key == "fond_plan_ign"
        assert spec.title == "Plan IGN (fond) – AA - Dunkerque - Flandre"
        assert spec.provenance["licence"] == "Licence Ouverte 2.0 (Etalab)" and spec.provenance["date"]
        project = QgsProject()
        group, layers = add_to_project(result, project)
        (background,) = _background_layers(project)
        assert isinstance(background, QgsRasterLayer) and background.isValid()
        assert background.providerType() == "wms" and "tileMatrixSet=PM" in background.source()
        assert group.children()[-1].layerId() == background.id()  # under the perimeters too
        assert len(layers) == len(plain.layers) + 1
        for name in ("Réseaux et friches", "Chaleur valorisable"):
            assert project.mapThemeCollection().mapThemeVisibleLayers(name)[-1].id() == background.id()
        image, map_settings = fx.render_theme(project, "Réseaux et friches", 400, 400,
                                              extent=(560000.0, 7000000.0, 760000.0, 7200000.0))
        assert wmts.tiles  # tiles were asked for
        colour = fx.pixel_colours(image, map_settings, 565000.0, 7195000.0)[0]
        assert colour.getRgb()[:3] == TILE_COLOUR  # the North Sea, outside the territory
        project.clear()


def test_offline_background_fails_with_its_reason_and_the_rest_loads(tmp_path, monkeypatch, qgis_app):
    from ti_energie.core.territories import load_builtin
    from ti_energie.layers import settings
    from ti_energie.layers.cache import Cache
    from ti_energie.layers.project_layers import add_to_project
    from ti_energie.layers.territory_loader import load_territory

    territory = load_builtin().get("ti-3201")
    with territory_server(tmp_path, monkeypatch):  # fond_plan_ign points at a closed port
        prime_crs()
        result = load_territory(territory, ["reseaux"], tmp_path / "t.gpkg", settings.load_catalogue(),
                                Cache(tmp_path / "c"), background=True)
    status = {s.key: s for s in result.statuses}["fond_plan_ign"]
    assert status.state == "failed" and status.text().startswith("IGN Géoplateforme – Plan IGN (WMTS) : échec – ")
    assert "injoignable" in status.detail
    assert any("Plan IGN" in w and "non chargée" in w for w in result.warnings)
    assert {s.key: s.state for s in result.statuses}["cerema_friches"] == "ok"
    project = QgsProject()
    _group, layers = add_to_project(result, project)
    assert not _background_layers(project)
    assert "friches" in {layer.customProperty("ti_energie/layer") for layer in layers}
    project.clear()


def test_background_whose_service_stops_answering_after_its_capabilities_were_cached(tmp_path, monkeypatch,
                                                                                     qgis_app):
    """GetCapabilities served from the cache (the connector succeeds), the service unreachable when the layer
    is created: the other layers are added, the source's status and a warning say why."""
    from ti_energie.layers.project_layers import RASTER_UNREACHABLE, add_to_project
    from ti_energie.layers.status import SourceStatus
    from ti_energie.layers.territory_gpkg import layer_specs, territory_of
    from ti_energie.layers.territory_loader import LayerSpec, LoadResult

    gpkg = fx.write_territory_gpkg(tmp_path / "ti-3201.gpkg")
    uri = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&format=image/png&"
           "layers=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&styles=normal&tileMatrixSet=PM&"
           f"url={UNREACHABLE}/wmts%3FSERVICE%3DWMTS%26REQUEST%3DGetCapabilities")
    background = LayerSpec("", "Plan IGN (fond)", "", {"source": "IGN Géoplateforme – Plan IGN (WMTS)"},
                           kind="raster", uri=uri, provider="wms", source_key="fond_plan_ign")
    vectors = layer_specs(gpkg)
    result = LoadResult(territory_of(gpkg), gpkg, layers=vectors + [background],
                        statuses=[SourceStatus("fond_plan_ign", "IGN Géoplateforme – Plan IGN (WMTS)", "ok")])
    project = QgsProject()
    _group, layers = add_to_project(result, project)
    assert len(layers) == len(vectors) and not _background_layers(project)
    assert (result.statuses[0].state, result.statuses[0].detail) == ("failed", RASTER_UNREACHABLE)
    assert result.warnings == [f"Source « IGN Géoplateforme – Plan IGN (WMTS) » : {RASTER_UNREACHABLE}."]
    assert sorted(project.mapThemeCollection().mapThemes()) == sorted(MAPS)
    project.clear()


# --- the switch and the layout, without widgets ----------------------------------------------------------------

def test_map_switch_logic(tmp_path, qgis_app):
    from ti_energie.core.errors import TiEnergieError
    from ti_energie.layers import map_switch

    empty = QgsProject()
    assert [(s.available, s.active) for s in map_switch.map_states(empty)] == [(False, False)] * 4
    with pytest.raises(TiEnergieError, match="Aucune carte dans le projet"):
        map_switch.layout_target(empty)

    project, group, _gpkg = fx.project_with_maps(tmp_path)
    states = map_switch.map_states(project)
    assert [s.name for s in states] == MAPS and all(s.available for s in states)
    assert [s.key for s in states if s.active] == ["consommateurs"]  # the first map is shown after a load
    assert map_switch.show_map(project, "reseaux")
    assert [s.key for s in map_switch.map_states(project) if s.active] == ["reseaux"]
    assert map_switch.layout_target(project, "ti-3201") == ("reseaux", group)
    assert map_switch.layout_target(project, "ti-9999")[1] is group  # another territory: the one that has it
    assert map_switch.layout_label(project) == "AA - Dunkerque - Flandre – Réseaux et friches"

    # a layer switched off by hand: no map is shown as such; the last one shown still makes the layout
    friches = next(n for n in group.findLayers() if n.layer().customProperty("ti_energie/layer") == "friches")
    friches.setItemVisibilityChecked(False)
    assert not any(s.active for s in map_switch.map_states(project))
    with pytest.raises(TiEnergieError, match="Choisissez d'abord une carte"):
        map_switch.layout_target(project)
    assert map_switch.layout_target(project, last_key="reseaux") == ("reseaux", group)

    layout = map_switch.make_layout(project, "ti-3201", "chaleur")
    assert layout.name() == "AA - Dunkerque - Flandre – Chaleur valorisable"
    assert layout.itemById("map_main").followVisibilityPresetName() == "Chaleur valorisable"
    assert project.layoutManager().layoutByName(layout.name()) is layout
    name = layout.name()
    assert map_switch.make_layout(project, "ti-3201", "chaleur").name() == name  # replaced, not doubled
    assert len(project.layoutManager().layouts()) == 1
    project.clear()


# --- the dock -------------------------------------------------------------------------------------------------

def test_dock_switches_maps_and_opens_the_layout(make_dock, gui_iface, tmp_path, monkeypatch):  # noqa: F811
    designer = gui_iface.iface.openLayoutDesigner
    designer.reset_mock()
    project = QgsProject.instance()
    with territory_server(tmp_path, monkeypatch):
        dock = make_dock()
        buttons = dock.map_buttons
        assert [b.text() for b in buttons.values()] == MAPS
        assert not any(b.isEnabled() or b.isChecked() for b in buttons.values())
        assert not dock.layout_button.isEnabled()
        assert dock.layout_button.toolTip() == "Aucune carte dans le projet : chargez d'abord un territoire."
        for key, box in dock.theme_checks.items():  # two maps loaded, two absent
            box.setChecked(key in ("reseaux", "chaleur"))
        dock.select_territory("ti-3201")
        assert dock.load() is not None
        wait_until(lambda: not dock.is_loading(), 60, "end of the load")
    wait_until(lambda: buttons["reseaux"].isEnabled(), 10, "map buttons updated")
    assert {key for key, b in buttons.items() if b.isEnabled()} == {"reseaux", "chaleur"}
    assert "absente du projet" in buttons["producteurs"].toolTip()
    assert buttons["reseaux"].isChecked() and not buttons["chaleur"].isChecked()
    assert "friches" in _visible(project) and "step_chaleur" not in _visible(project)
    assert dock.layout_button.isEnabled()
    assert "« AA - Dunkerque - Flandre – Réseaux et friches »" in dock.layout_button.toolTip()

    buttons["chaleur"].click()
    assert buttons["chaleur"].isChecked() and not buttons["reseaux"].isChecked()
    assert "step_chaleur" in _visible(project) and "friches" not in _visible(project)
    buttons["chaleur"].click()  # clicking the shown map keeps it shown
    assert buttons["chaleur"].isChecked()

    # a layer switched off in the layer tree: no button checked any more
    node = next(n for n in project.layerTreeRoot().findLayers()
                if n.layer().customProperty("ti_energie/layer") == "step_chaleur")
    node.setItemVisibilityChecked(False)
    wait_until(lambda: not buttons["chaleur"].isChecked(), 10, "buttons follow the tree")
    assert not any(b.isChecked() for b in buttons.values())

    dock.layout_button.click()  # the map shown last
    designer.assert_called_once()
    (layout,), _kwargs = designer.call_args
    assert layout.name() == "AA - Dunkerque - Flandre – Chaleur valorisable"
    map_item = layout.itemById("map_main")
    assert map_item.followVisibilityPreset() and map_item.followVisibilityPresetName() == "Chaleur valorisable"
    assert project.layoutManager().layoutByName(layout.name()) is layout
    assert "Mise en page « AA - Dunkerque - Flandre – Chaleur valorisable » créée" in dock.status.text()

    project.clear()
    wait_until(lambda: not buttons["chaleur"].isEnabled(), 10, "buttons after the project is cleared")
    assert not any(b.isEnabled() or b.isChecked() for b in buttons.values())
    assert not dock.layout_button.isEnabled()


def test_dock_follows_a_project_read_from_a_file(make_dock, tmp_path):
    from ti_energie.layers.map_export import write_project

    gpkg = fx.write_territory_gpkg(tmp_path / "ti-3201.gpkg")
    write_project(gpkg, tmp_path / "ti-3201.qgz")
    dock = make_dock()
    assert not dock.map_buttons["producteurs"].isEnabled()
    assert QgsProject.instance().read(str(tmp_path / "ti-3201.qgz"))
    wait_until(lambda: all(b.isEnabled() for b in dock.map_buttons.values()), 10, "buttons after reading")
    assert dock.layout_button.isEnabled()
    dock.map_buttons["producteurs"].click()
    assert [k for k, b in dock.map_buttons.items() if b.isChecked()] == ["producteurs"]
    assert "producteurs" in _visible(QgsProject.instance())


def test_background_box_is_off_by_default_and_remembered(make_dock):
    from ti_energie.layers import settings

    dock = make_dock()
    assert not dock.background_check.isChecked() and not settings.background()
    dock.background_check.setChecked(True)
    assert settings.background()
    assert make_dock().background_check.isChecked()


def test_dock_offline_background_is_listed_as_failed_and_the_rest_loads(make_dock, tmp_path, monkeypatch):
    with territory_server(tmp_path, monkeypatch):  # fond_plan_ign: a closed port
        dock = make_dock()
        dock.background_check.setChecked(True)
        for key, box in dock.theme_checks.items():
            box.setChecked(key in ("reseaux", "chaleur"))
        dock.select_territory("ti-3201")
        task = dock.load()
        assert task.background
        wait_until(lambda: not dock.is_loading(), 60, "end of the load")
    rows = {key: (state, text) for key, state, text, _tip in dock.sources.rows()}
    state, text = rows["fond_plan_ign"]
    assert state == "failed" and "IGN Géoplateforme – Plan IGN (WMTS) : échec – " in text and "injoignable" in text
    assert all(s != "failed" for key, (s, _t) in rows.items() if key != "fond_plan_ign")
    loaded = [layer for layer in QgsProject.instance().mapLayers().values()
              if layer.customProperty("ti_energie/layer") and not layer.customProperty("ti_energie/map_copy")]
    assert {"friches", "reseaux_chaleur", "step_chaleur"} <= {layer.customProperty("ti_energie/layer")
                                                              for layer in loaded}
    assert dock.status.text().splitlines()[0] == f"{len(loaded)} couches chargées pour AA - Dunkerque - Flandre"
    assert not _background_layers(QgsProject.instance())
    assert dock.map_buttons["reseaux"].isChecked()


def test_dock_loads_the_background_under_the_maps(make_dock, tmp_path, monkeypatch):
    project = QgsProject.instance()
    with territory_server(tmp_path, monkeypatch) as server:
        serve_wmts(server)
        dock = make_dock()
        dock.background_check.setChecked(True)
        for key, box in dock.theme_checks.items():
            box.setChecked(key == "chaleur")
        dock.select_territory("ti-3201")
        dock.load()
        wait_until(lambda: not dock.is_loading(), 60, "end of the load")
        rows = {key: state for key, state, _text, _tip in dock.sources.rows()}
        assert rows["fond_plan_ign"] == "ok"
        (background,) = _background_layers(project)
        assert background.isValid()
        (group,) = [g for g in project.layerTreeRoot().children() if isinstance(g, QgsLayerTreeGroup)]
        assert group.children()[-1].layerId() == background.id()
        assert background.id() in {layer.id() for layer in project.layerTreeRoot().checkedLayers()}
        assert project.mapThemeCollection().mapThemeVisibleLayers("Chaleur valorisable")[-1].id() == background.id()
        wait_until(lambda: dock.map_buttons["chaleur"].isChecked(), 10, "map shown")


# --- Processing ------------------------------------------------------------------------------------------------


def test_processing_background_parameter(provider, tmp_path, monkeypatch):
    from qgis import processing
    from qgis.core import QgsApplication

    alg = QgsApplication.processingRegistry().createAlgorithmById("ti_energie:load_territory")
    parameter = alg.parameterDefinition("BACKGROUND")
    assert parameter.type() == "boolean" and parameter.defaultValue() is False
    with territory_server(tmp_path, monkeypatch) as server:
        base = processing.run("ti_energie:load_territory", {"TERRITORY": "ti-3201", "THEMES": [2],
                                                            "OUTPUT": str(tmp_path / "a.gpkg")})
        offline = processing.run("ti_energie:load_territory", {"TERRITORY": "ti-3201", "THEMES": [2],
                                                               "BACKGROUND": True, "OUTPUT": str(tmp_path / "b.gpkg")})
        serve_wmts(server)
        online = processing.run("ti_energie:load_territory", {"TERRITORY": "ti-3201", "THEMES": [2],
                                                              "BACKGROUND": True, "OUTPUT": str(tmp_path / "c.gpkg")})
    assert "Plan IGN" not in base["WARNINGS"]
    assert offline["LAYER_COUNT"] == base["LAYER_COUNT"]
    assert "Source « IGN Géoplateforme – Plan IGN (WMTS) »" in offline["WARNINGS"] and "injoignable" in offline["WARNINGS"]
    assert online["LAYER_COUNT"] == base["LAYER_COUNT"] + 1 and "Plan IGN" not in online["WARNINGS"]
