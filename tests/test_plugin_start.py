"""The plugin starts whatever the saved settings and files, and a failing start leaves nothing behind."""

import pytest
from qgis.core import Qgis, QgsApplication

from gui_fixtures import clean_settings, flush_deletes, gui_iface  # noqa: F401 (fixtures)

ACTIONS = {"TiEnergieActionDock", "TiEnergieActionSettings", "TiEnergieActionHelp"}


@pytest.fixture
def start(gui_iface, clean_settings, qgis_new_project):  # noqa: F811
    """classFactory + initGui; unloaded at the end."""
    from ti_energie import classFactory

    instances = []

    def make():
        instance = classFactory(gui_iface.iface)
        instance.initGui()
        instances.append(instance)
        return instance

    gui_iface.iface.messageBar().clear_messages()
    yield make
    for instance in instances:
        instance.unload()
    flush_deletes()


def _critical(gui_iface):  # noqa: F811
    return gui_iface.iface.messageBar().get_messages(Qgis.MessageLevel.Critical)


def test_a_saved_territory_no_longer_in_the_list_is_forgotten(start, clean_settings, gui_iface):  # noqa: F811
    clean_settings.set_last_territory("ti-9999")  # from a refreshed national list, or another cache folder
    plugin = start()
    assert plugin.dock is not None and plugin.dock.territory_count() == 18
    assert plugin.dock.selected_territory() is None
    assert clean_settings.last_territory() == ""
    assert _critical(gui_iface) == []


def test_a_saved_territory_still_listed_is_selected(start, clean_settings):  # noqa: F811
    clean_settings.set_last_territory("ti-3201")
    plugin = start()
    assert plugin.dock.selected_territory().id == "ti-3201"
    assert clean_settings.last_territory() == "ti-3201"


def test_a_broken_user_catalogue_does_not_stop_the_dock(start, tmp_path, monkeypatch, gui_iface):  # noqa: F811
    bad = tmp_path / "catalogue.yaml"
    bad.write_text("sources:\n  geo_api: [", encoding="utf-8")
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(bad))
    plugin = start()
    dock = plugin.dock
    assert dock.territory_count() == 18
    assert "Catalogue utilisateur invalide" in dock.status.text() and str(bad) in dock.status.text()
    assert dock.status.styleSheet()
    # the built-in catalogue decides which themes can be loaded (it wires all five)
    assert all(box.isEnabled() for box in dock.theme_checks.values())
    assert _critical(gui_iface) == []


def test_an_unreadable_saved_territory_list_falls_back_to_the_built_in_one(start, monkeypatch, tmp_path,
                                                                           gui_iface):  # noqa: F811
    from ti_energie.layers import settings
    from ti_energie.layers.cache import Cache
    from ti_energie.layers.territory_catalogue import REFRESHED_NAME

    cache = Cache(settings.cache_dir())
    (cache.dir / REFRESHED_NAME).mkdir(parents=True)  # cannot be read as a file (like a file without rights)
    plugin = start()
    dock = plugin.dock
    assert dock.territory_count() == 18 and len(plugin.actions) == 3
    assert "illisible" in dock.status.text() and str(cache.dir.parent) in dock.status.text()
    assert "Liste intégrée" in dock.status.text()
    dock.search.setText("dunkerque")  # it still works
    assert dock.visible_territories() == ["AA - Dunkerque - Flandre"]
    assert _critical(gui_iface) == []


def test_a_corrupted_saved_territory_list_falls_back_to_the_built_in_one(start):
    from ti_energie.layers import settings
    from ti_energie.layers.cache import Cache
    from ti_energie.layers.territory_catalogue import REFRESHED_NAME

    cache = Cache(settings.cache_dir())
    cache.dir.mkdir(parents=True)
    (cache.dir / REFRESHED_NAME).write_bytes(b"\x00\xff pas un CSV")
    plugin = start()
    assert plugin.dock.territory_count() == 18
    assert "intégrée" in plugin.dock.status.text()


def _fail(*_args, **_kwargs):
    raise RuntimeError("panne simulée")


@pytest.mark.parametrize("where", ["provider", "dock", "add_dock", "menu", "toolbar", "options"])
def test_a_failure_inside_init_gui_leaves_nothing_registered(start, gui_iface, monkeypatch, where):  # noqa: F811
    targets = {
        "provider": "ti_energie.processing.provider.TiEnergieProvider.__init__",
        "dock": "ti_energie.ui.dock.TerritoryDock._build",
        "options": "ti_energie.ui.options.TiEnergieOptionsFactory.__init__",
    }
    if where in targets:
        monkeypatch.setattr(targets[where], _fail)
    else:
        name = {"add_dock": "addDockWidget", "menu": "addPluginToMenu", "toolbar": "addToolBarIcon"}[where]
        monkeypatch.setattr(gui_iface.iface, name, _fail)
    toolbar_before = len(gui_iface.toolbar_actions())

    plugin = start()  # does not raise: QGIS would show a traceback dialog

    flush_deletes()
    assert plugin.dock is None and gui_iface.docks() == []
    assert plugin.actions == {} and gui_iface.plugin_actions() == []
    assert gui_iface.menu_actions() == []
    assert len(gui_iface.toolbar_actions()) == toolbar_before
    assert gui_iface.options_factories == [] and plugin.options_factory is None
    assert QgsApplication.processingRegistry().providerById("ti_energie") is None and plugin.provider is None
    assert plugin.translator is None and plugin._connections == []
    messages = _critical(gui_iface)
    assert len(messages) == 1 and "n'a pas pu démarrer" in messages[0] and "panne simulée" in messages[0]
    plugin.unload()  # unloading again is harmless


def test_init_gui_works_again_after_a_failure(start, gui_iface, monkeypatch):  # noqa: F811
    with monkeypatch.context() as patch:
        patch.setattr("ti_energie.ui.options.TiEnergieOptionsFactory.__init__", _fail)
        start()
    plugin = start()
    assert len(gui_iface.docks()) == 1 and {a.objectName() for a in gui_iface.menu_actions()} == ACTIONS
    assert len(gui_iface.options_factories) == 1
    assert QgsApplication.processingRegistry().providerById("ti_energie") is plugin.provider
