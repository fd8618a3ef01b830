"""The plugin as QGIS drives it: initGui/unload, dock, options page, loading a territory from the dock."""

import subprocess
import shutil

import pytest
from qgis.core import QgsApplication, QgsLayerTreeGroup, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QScrollArea

from geo_fixtures import DUNKERQUE_EPCI, expected_biomethane, expected_friches, geo_routes, territory_server, \
    write_catalogue
from gui_fixtures import clean_settings, flush_deletes, gui_iface, wait_until  # noqa: F401 (fixtures)
from local_server import LocalServer, Response
from ti_energie.layers.project_layers import territory_extent

PROVIDER_ID = "ti_energie"
ACTIONS = {"TiEnergieActionDock", "TiEnergieActionSettings", "TiEnergieActionHelp"}


@pytest.fixture(autouse=True)
def no_dialogs(monkeypatch):
    """No modal dialog in tests: the dock's folder question answers '' (the data then go to the cache, with
    a note) and records why it was asked; the options page's confirmation must be replaced by the test."""
    asked = []

    def ask_folder(_dock, reason):
        asked.append(reason)
        return ""

    def confirm(_page, title, text):
        raise AssertionError(f"unexpected confirmation dialog: {title}: {text}")

    monkeypatch.setattr("ti_energie.ui.dock.TerritoryDock.ask_folder", ask_folder)
    monkeypatch.setattr("ti_energie.ui.options.TiEnergieOptionsPage.confirm", confirm)
    return asked


@pytest.fixture
def plugin(gui_iface, clean_settings, qgis_new_project):  # noqa: F811
    from ti_energie import classFactory

    instance = classFactory(gui_iface.iface)
    instance.initGui()
    yield instance
    instance.unload()
    flush_deletes()


def _registry():
    return QgsApplication.processingRegistry()


# --- initGui / unload -------------------------------------------------------------------------------

def test_init_gui_adds_dock_provider_actions_and_options(plugin, gui_iface):  # noqa: F811
    docks = gui_iface.docks()
    assert len(docks) == 1 and docks[0] is plugin.dock
    assert plugin.dock.windowTitle() == "TI Énergie"
    assert plugin.dock.territory_count() == 18
    assert plugin.dock.territory_list.item(0).text() == "AA - Dunkerque - Flandre"
    assert "ti-3201" in plugin.dock.territory_list.item(0).toolTip()

    provider = _registry().providerById(PROVIDER_ID)
    assert provider is not None
    assert {a.id() for a in provider.algorithms()} >= {"ti_energie:load_territory"}

    assert {a.objectName() for a in gui_iface.menu_actions()} == ACTIONS
    assert [a.objectName() for a in gui_iface.toolbar_actions()] == ["TiEnergieActionDock"]
    assert len(gui_iface.options_factories) == 1
    assert gui_iface.options_factories[0].title() == "TI Énergie"


def test_unload_removes_everything_and_reload_does_not_accumulate(gui_iface, clean_settings):  # noqa: F811
    from ti_energie import classFactory

    toolbar_before = len(gui_iface.toolbar_actions())
    for _round in range(3):
        instance = classFactory(gui_iface.iface)
        instance.initGui()
        assert len(gui_iface.docks()) == 1
        assert _registry().providerById(PROVIDER_ID) is not None
        assert len(gui_iface.plugin_actions()) == len(ACTIONS)
        assert len(gui_iface.menu_actions()) == len(ACTIONS)
        assert len(gui_iface.toolbar_actions()) == toolbar_before + 1
        assert len(gui_iface.options_factories) == 1
        instance.unload()
        flush_deletes()
        assert gui_iface.docks() == []
        assert _registry().providerById(PROVIDER_ID) is None
        assert gui_iface.plugin_actions() == []
        assert gui_iface.menu_actions() == []
        assert len(gui_iface.toolbar_actions()) == toolbar_before
        assert gui_iface.options_factories == []
        assert instance.translator is None and instance._connections == []


def test_dock_action_toggles_the_dock_and_follows_it(plugin, gui_iface):  # noqa: F811
    action = plugin.actions["TiEnergieActionDock"]
    gui_iface.main.show()
    plugin.dock.show()
    QCoreApplication.processEvents()
    assert action.isChecked()
    action.trigger()  # uncheck → hide
    QCoreApplication.processEvents()
    assert not plugin.dock.isVisible() and not action.isChecked()
    plugin.dock.show()  # closed/opened by other means: the action follows
    QCoreApplication.processEvents()
    assert action.isChecked()
    gui_iface.main.hide()


def test_settings_and_help_actions(plugin, gui_iface, monkeypatch):  # noqa: F811
    plugin.actions["TiEnergieActionSettings"].trigger()
    assert gui_iface.options_dialog_calls[-1][1] == "tiEnergieOptions"
    opened = []
    monkeypatch.setattr("ti_energie.plugin.QDesktopServices.openUrl", lambda url: opened.append(url.toString()))
    plugin.actions["TiEnergieActionHelp"].trigger()
    assert opened and opened[0].startswith("https://")


def test_english_translation_is_installed_and_removed(gui_iface, clean_settings, tmp_path, monkeypatch):  # noqa: F811
    lrelease = shutil.which("lrelease") or shutil.which("lrelease-qt5")
    if lrelease is None:
        pytest.skip("lrelease absent")
    from ti_energie import plugin as plugin_module

    ts = plugin_module.I18N_DIR / "ti_energie_en.ts"
    subprocess.run([lrelease, "-silent", str(ts), "-qm", str(tmp_path / "ti_energie_en.qm")], check=True)
    monkeypatch.setattr(plugin_module, "I18N_DIR", tmp_path)
    monkeypatch.setattr(plugin_module, "user_locale", lambda: "en_GB")
    instance = plugin_module.TiEnergiePlugin(gui_iface.iface)
    instance.initGui()
    try:
        assert instance.translator is not None
        assert instance.dock.load_button.text() == "Load"
        assert instance.actions["TiEnergieActionDock"].text() == "TI Énergie panel"
    finally:
        instance.unload()
        flush_deletes()
    assert QCoreApplication.translate("TiEnergie", "Charger") == "Charger"


def test_every_gui_string_has_an_english_translation():
    import build_translations

    wanted = build_translations.source_strings(("plugin.py", "ui", "layers/task.py"))
    assert len(wanted) > 30
    assert wanted - build_translations.ts_strings(build_translations.I18N / "ti_energie_en.ts") == set()


# --- dock -------------------------------------------------------------------------------------------

def test_dock_search_is_accent_and_case_insensitive(plugin):
    dock = plugin.dock
    dock.search.setText("bethune")
    assert dock.visible_territories() == [t.label for t in dock.catalogue.search("Béthune")]
    assert len(dock.visible_territories()) == 1 and dock.selected_territory() is not None
    assert dock.load_button.isEnabled()
    dock.search.setText("dunkerque")
    assert dock.visible_territories() == ["AA - Dunkerque - Flandre"]
    dock.search.clear()
    assert len(dock.visible_territories()) == 18


def test_dock_buttons_and_theme_boxes(plugin):
    from ti_energie.core.themes import THEMES

    dock = plugin.dock
    assert [box.text() for box in dock.theme_checks.values()] == [t.label for t in THEMES]
    assert [box.text() for box in dock.theme_checks.values()] == [
        "Consommateurs", "Producteurs", "Réseaux et friches", "Chaleur valorisable", "Économie"]
    dock.territory_list.clearSelection()
    dock._update_buttons()
    assert not dock.load_button.isEnabled() and not dock.cancel_button.isEnabled()
    assert dock.load() is None


def _group_nodes(project):
    return [n for n in project.layerTreeRoot().children() if isinstance(n, QgsLayerTreeGroup)]


def _load_from_dock(dock, name="dunkerque", timeout_s=60):
    dock.search.setText(name)
    task = dock.load()
    assert task is not None
    assert not dock.load_button.isEnabled() and dock.cancel_button.isEnabled()
    wait_until(lambda: not dock.is_loading(), timeout_s, "end of the loading task")
    return dock.status.text()


@pytest.fixture
def geo_server_gui(tmp_path, monkeypatch):
    with territory_server(tmp_path, monkeypatch) as server:
        yield server


def test_load_dunkerque_from_the_dock(plugin, gui_iface, geo_server_gui, qgis_new_project):  # noqa: F811
    project = qgis_new_project
    mine = QgsVectorLayer("Point?crs=EPSG:4326", "ma couche", "memory")
    project.addMapLayer(mine)
    canvas = gui_iface.iface.mapCanvas()

    status = _load_from_dock(plugin.dock)
    # the themes that have connectors (all of them) are checked by default
    assert status.splitlines()[0] == "19 couches chargées pour AA - Dunkerque - Flandre"
    assert plugin.dock.load_button.isEnabled() and not plugin.dock.cancel_button.isEnabled()
    assert plugin.dock.progress.value() == 100

    groups = _group_nodes(project)
    assert [g.name() for g in groups] == ["AA - Dunkerque - Flandre"]
    layers = {node.layer().customProperty("ti_energie/layer"): node.layer() for node in groups[0].findLayers()}
    assert set(layers) == {"step_chaleur", "production_electricite", "reseaux_chaleur", "friches", "biomethane",
                           "producteurs", "reseau_gaz", "lignes_400kv", "postes_400kv", "reseau_h2",
                           "routes_principales", "voies_navigables", "chaleur_fatale", "geothermie",
                           "consommateurs", "emplois", "perimetre", "epci", "communes"}
    assert layers["consommateurs"].featureCount() == 25 and layers["emplois"].featureCount() == 126
    assert next(layers["perimetre"].getFeatures())["part_emploi_industriel_pct"] == 46.4
    assert layers["production_electricite"].featureCount() == 10
    assert layers["reseaux_chaleur"].featureCount() == 2
    assert layers["biomethane"].featureCount() == len(expected_biomethane(DUNKERQUE_EPCI))
    assert layers["friches"].featureCount() == len(expected_friches(10000.0, DUNKERQUE_EPCI)) > 10
    assert layers["perimetre"].featureCount() == 1
    assert layers["epci"].featureCount() == 4
    assert layers["communes"].featureCount() > 50
    names = {f["nom"] for f in layers["communes"].getFeatures()}
    assert "Dunkerque" in names
    # legends: the maps' layers and the perimeters expanded, the layers drawn on no map collapsed
    expanded = {node.layer().customProperty("ti_energie/layer"): node.isExpanded() for node in groups[0].findLayers()}
    assert {key for key, shown in expanded.items() if not shown} == {"biomethane", "production_electricite",
                                                                      "emplois"}

    # the canvas shows the territory (around Dunkerque)
    outline = territory_extent([layers["perimetre"]], canvas.mapSettings().destinationCrs(),
                               project.transformContext())
    extent = canvas.extent()
    assert not outline.isEmpty()
    assert extent.contains(outline)
    # the outline with a 5 % margin in its binding dimension (the canvas' shape widens the other one), not
    # the 400 kV lines, roads and rivers that run far beyond the territory
    assert min(extent.width() / outline.width(), extent.height() / outline.height()) < 1.1
    lines = territory_extent([layers["lignes_400kv"], layers["routes_principales"]],
                             canvas.mapSettings().destinationCrs(), project.transformContext())
    assert not outline.contains(lines)  # the stand-in's lines do reach beyond the outline: the check has teeth

    # same territory again: still one group, no duplicate layer, the user's layer untouched
    status = _load_from_dock(plugin.dock)
    assert status.startswith("19 couches chargées")
    groups = _group_nodes(project)
    # the roads and waterways are in each of the four map groups: 3 more layer-tree nodes each
    assert len(groups) == 1 and len(groups[0].findLayers()) == 19 + 2 * 3
    assert project.mapLayer(mine.id()) is mine
    assert len(project.mapLayers()) == 19 + 2 * 3 + 1  # the shared layers once per map group, and mine


@pytest.mark.parametrize("fault, expected", [
    ("http500", "HTTP 500"),
    ("malformed", "JSON invalide"),
    ("down", "injoignable"),
])
def test_network_fault_shows_the_source_and_adds_nothing(plugin, tmp_path, monkeypatch, qgis_new_project,
                                                         fault, expected):
    routes = geo_routes(DUNKERQUE_EPCI)
    if fault == "http500":
        routes["/communes"] = Response(500, b'{"message": "boom"}')
    elif fault == "malformed":
        routes["/communes"] = Response(200, b'{"type": "FeatureCollection", "features": [')
    server = LocalServer(routes).start()
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(write_catalogue(tmp_path / "catalogue.yaml",
                                                                   geo_api=server.base_url)))
    if fault == "down":
        server.stop()
    try:
        status = _load_from_dock(plugin.dock)
    finally:
        if fault != "down":
            server.stop()
    assert "geo.api.gouv.fr" in status and expected in status
    assert "couches chargées" not in status
    assert plugin.dock.status.styleSheet()  # shown as an error
    assert _group_nodes(qgis_new_project) == []
    assert qgis_new_project.mapLayers() == {}
    assert plugin.dock.load_button.isEnabled() and not plugin.dock.cancel_button.isEnabled()


def _in_flight(server):
    """A (delayed) /communes request reached the server: the worker thread waits in its network loop.

    Cancelling earlier can hit a race of QgsBlockingNetworkRequest (QGIS 3.22 to 4.x): a cancel emitted
    between its two `canceled` connections deletes the reply without ever finishing the request, and the
    worker thread then waits forever. See layers/network.py.
    """
    return any(path.startswith("/communes") for path in server.requests)


def test_unload_while_loading_leaves_nothing(gui_iface, clean_settings, tmp_path, monkeypatch,  # noqa: F811
                                             qgis_new_project):
    from ti_energie import classFactory

    with territory_server(tmp_path, monkeypatch, communes_delay=2.0) as server:
        instance = classFactory(gui_iface.iface)
        instance.initGui()
        instance.dock.search.setText("dunkerque")
        assert instance.dock.load() is not None
        wait_until(lambda: _in_flight(server), 10, "a request in flight")
        instance.unload()
        flush_deletes()
        wait_until(lambda: QgsApplication.taskManager().countActiveTasks() == 0, 30, "end of the task")
        flush_deletes()
    assert gui_iface.docks() == []
    assert _group_nodes(qgis_new_project) == []
    assert qgis_new_project.mapLayers() == {}


def test_cancel_from_the_dock(plugin, tmp_path, monkeypatch, qgis_new_project):
    with territory_server(tmp_path, monkeypatch, communes_delay=3.0) as server:
        dock = plugin.dock
        dock.search.setText("dunkerque")
        assert dock.load() is not None
        assert dock.load() is None  # no second task while one runs
        wait_until(lambda: _in_flight(server), 10, "a request in flight")
        dock.cancel_button.click()
        wait_until(lambda: not dock.is_loading(), 30, "end of the cancelled task")
    assert dock.status.text() == "Chargement annulé."
    assert _group_nodes(qgis_new_project) == []


def test_invalid_user_catalogue_is_reported(plugin, tmp_path, monkeypatch, qgis_new_project):
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources: [", encoding="utf-8")
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(bad))
    plugin.dock.search.setText("dunkerque")
    assert plugin.dock.load() is None
    assert "Catalogue utilisateur invalide" in plugin.dock.status.text()
    assert plugin.dock.load_button.isEnabled()


# --- task -------------------------------------------------------------------------------------------

def test_task_turns_unexpected_errors_into_a_french_message(monkeypatch, qgis_new_project):
    from ti_energie.core.territories import load_builtin
    from ti_energie.layers import task as task_module

    def boom(*_args):
        raise ZeroDivisionError("division")

    monkeypatch.setattr("ti_energie.layers.territory_loader.load_territory", boom)
    done = []
    territory = load_builtin().get("ti-3201")
    task = task_module.LoadTerritoryTask(territory, [], None, None, None, on_done=done.append)
    assert task.description() == "TI Énergie – chargement de AA - Dunkerque - Flandre"
    assert task.run() is False
    assert "Erreur inattendue" in task.error and not task.cancelled
    task.finished(False)
    assert done == [task]


# --- options page -----------------------------------------------------------------------------------

def test_options_round_trip(clean_settings, tmp_path, monkeypatch):  # noqa: F811
    from ti_energie.ui.options import TiEnergieOptionsFactory

    settings = clean_settings
    monkeypatch.delenv("TI_ENERGIE_CACHE_DIR")
    monkeypatch.delenv("TI_ENERGIE_CATALOGUE")
    factory = TiEnergieOptionsFactory()
    page = factory.createWidget(None)
    assert page.objectName() == "tiEnergieOptions"
    assert "geo_api" in page.endpoint_edits and page.cache_widget.isEnabled()
    assert settings.cache_dir() == settings.default_cache_dir()

    yaml_path = tmp_path / "mon_catalogue.yaml"
    yaml_path.write_text("sources: {}\n", encoding="utf-8")
    page.cache_widget.setFilePath(str(tmp_path / "cache_perso"))
    page.catalogue_widget.setFilePath(str(yaml_path))
    page.endpoint_edits["geo_api"].setText("https://geo.example.org/api")
    page.timeout_spin.setValue(12)
    assert page.apply() is True

    assert settings.cache_dir() == tmp_path / "cache_perso"
    assert settings.catalogue_path() == str(yaml_path)
    assert settings.endpoint_overrides() == {"geo_api": "https://geo.example.org/api"}
    assert settings.timeout_s() == 12.0
    assert settings.load_catalogue().url("geo_api") == "https://geo.example.org/api"
    assert settings.load_catalogue().network("timeout_s", 60) == 12.0

    again = factory.createWidget(None)
    assert again.cache_widget.filePath() == str(tmp_path / "cache_perso")
    assert again.catalogue_widget.filePath() == str(yaml_path)
    assert again.endpoint_edits["geo_api"].text() == "https://geo.example.org/api"
    assert again.timeout_spin.value() == 12

    again.endpoint_edits["geo_api"].setText("")  # empty = default
    again.apply()
    assert settings.endpoint_overrides() == {}
    page.deleteLater()
    again.deleteLater()
    flush_deletes()


def test_options_page_fits_a_laptop_screen(clean_settings):  # noqa: F811
    """The QGIS 3.22 Options dialog does not scroll a plugin's page: the page scrolls its own content (the
    36 source addresses made it about 1 800 pixels high, the dialog's OK button off a 1000-pixel screen)."""
    from ti_energie.ui.options import TiEnergieOptionsPage

    page = TiEnergieOptionsPage()
    try:
        assert len(page.endpoint_edits) > 20
        assert page.minimumSizeHint().height() < 400
        page.resize(900, 600)
        page.show()
        QCoreApplication.processEvents()
        edit = list(page.endpoint_edits.values())[-1]
        assert edit.visibleRegion().isEmpty()  # below the 600 pixels
        page.findChild(QScrollArea, "TiEnergieOptionsScroll").ensureWidgetVisible(edit)
        QCoreApplication.processEvents()
        assert not edit.visibleRegion().isEmpty()  # scrolled into view
    finally:
        page.hide()
        page.deleteLater()
        flush_deletes()


def test_dock_is_never_narrower_than_its_buttons(plugin):
    """The dock scrolls vertically only: its minimum width is its content's, so the map buttons (two
    columns), « Actualiser la liste » and the folder's « … » are never cut off (seen at QGIS's default dock
    width)."""
    dock = plugin.dock
    scroll = dock.widget()
    body = scroll.widget()
    assert scroll.minimumWidth() >= body.minimumSizeHint().width()
    dock.resize(120, 700)
    dock.show()
    QCoreApplication.processEvents()
    for widget in (dock.refresh_button, dock.map_buttons["chaleur"], dock.save_folder):
        right = widget.mapTo(body, widget.rect().topRight()).x()
        assert right <= scroll.viewport().width(), widget.objectName()
    dock.hide()


def test_options_reject_plain_http(clean_settings):  # noqa: F811
    from ti_energie.ui.options import TiEnergieOptionsPage

    settings = clean_settings
    settings.set_endpoint("geo_api", "https://ok.example.org")
    page = TiEnergieOptionsPage()
    page.apply()  # untouched page: no timeout stored (the catalogue's one applies)
    assert not settings.has_timeout_setting()
    page.endpoint_edits["geo_api"].setText("http://example.com")
    assert page.apply() is False
    error = page.endpoint_errors["geo_api"]
    assert not error.isHidden() and "HTTPS" in error.text() and "http://example.com" in error.text()
    assert settings.endpoint_overrides() == {"geo_api": "https://ok.example.org"}  # previous value kept
    page.endpoint_edits["geo_api"].setText("http://127.0.0.1:8080")  # loopback test server: allowed
    assert page.apply() is True and error.isHidden()
    assert settings.endpoint_overrides() == {"geo_api": "http://127.0.0.1:8080"}
    page.deleteLater()
    flush_deletes()


def test_environment_takes_precedence_and_is_shown(clean_settings, tmp_path, monkeypatch):  # noqa: F811
    from ti_energie.ui.options import TiEnergieOptionsPage

    settings = clean_settings
    monkeypatch.delenv("TI_ENERGIE_CATALOGUE")
    settings.set_cache_dir(str(tmp_path / "from_settings"))
    monkeypatch.setenv("TI_ENERGIE_CACHE_DIR", str(tmp_path / "from_env"))
    assert settings.cache_dir() == tmp_path / "from_env"
    page = TiEnergieOptionsPage()
    assert not page.cache_env_note.isHidden() and "TI_ENERGIE_CACHE_DIR" in page.cache_env_note.text()
    assert not page.cache_widget.isEnabled()
    assert page.catalogue_env_note.isHidden() and page.catalogue_widget.isEnabled()
    page.apply()
    assert settings.setting_cache_dir() == str(tmp_path / "from_settings")  # not overwritten
    page.deleteLater()
    flush_deletes()


def test_clear_cache_empties_only_our_folder(clean_settings, tmp_path):  # noqa: F811
    from ti_energie.layers.cache import Cache
    from ti_energie.ui.options import TiEnergieOptionsPage

    settings = clean_settings
    root = settings.cache_dir()
    cache = Cache(root)
    cache.fetch("geo_api", "https://x/y", lambda url: b"data")
    (cache.territory_dir() / "ti-3201.gpkg").write_bytes(b"x")
    other = root / "autre_fichier.txt"
    other.write_text("à garder", encoding="utf-8")
    beside = cache.dir / "notes.txt"  # inside ti_energie/ but not one of the plugin's sub-folders
    beside.write_text("à garder aussi", encoding="utf-8")
    page = TiEnergieOptionsPage()
    page.confirm = lambda title, text: True
    assert page.clear_cache() is True
    assert any(cache.dir.rglob("*")) and not any((cache.dir / "http").rglob("*.bin"))
    assert not (cache.dir / "territoires" / "ti-3201.gpkg").exists()
    assert other.read_text(encoding="utf-8") == "à garder"
    assert beside.read_text(encoding="utf-8") == "à garder aussi"
    assert str(cache.dir) in page.clear_status.text()
    page.deleteLater()
    flush_deletes()
