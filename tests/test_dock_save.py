"""Where the dock writes a territory's GeoPackage, and how a reload replaces it (issue: saved projects break
when the cache is emptied). Local stand-ins of the sources (tests/geo_fixtures.py); perimeters only."""

import os
from pathlib import Path

import pytest
from qgis.core import QgsLayerTreeGroup, QgsProject, QgsVectorLayer

from geo_fixtures import territory_server
from gui_fixtures import clean_settings, flush_deletes, gui_iface, wait_until  # noqa: F401 (fixtures)
from test_outputs import other_gpkg


@pytest.fixture
def asked(monkeypatch):
    """The dock's folder question, answered by the test (`asked.answer`); the reasons are recorded."""
    class Asked(list):
        answer = ""

    record = Asked()

    def ask_folder(_dock, reason):
        record.append(reason)
        return record.answer

    monkeypatch.setattr("ti_energie.ui.dock.TerritoryDock.ask_folder", ask_folder)
    return record


@pytest.fixture
def server(tmp_path, monkeypatch):
    with territory_server(tmp_path, monkeypatch) as srv:
        yield srv


@pytest.fixture
def dock(gui_iface, clean_settings, qgis_new_project, asked, server):  # noqa: F811
    from ti_energie.ui.dock import TerritoryDock

    widget = TerritoryDock(gui_iface.iface)
    for box in widget.theme_checks.values():  # perimeters only: fast
        box.setChecked(False)
    widget.select_territory("ti-3201")
    yield widget
    widget.cleanup()
    widget.deleteLater()
    flush_deletes()
    QgsProject.instance().clear()


def save_project(tmp_path, name="Mon étude.qgz"):
    path = tmp_path / "etudes" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    assert QgsProject.instance().write(str(path))
    return path


def load(dock, timeout_s=60):
    assert dock.load() is not None, dock.status.text()
    wait_until(lambda: not dock.is_loading(), timeout_s, "end of the load")
    assert "couches chargées" in dock.status.text(), dock.status.text()
    return dock.status.text()


def plugin_layers():
    groups = [n for n in QgsProject.instance().layerTreeRoot().children() if isinstance(n, QgsLayerTreeGroup)]
    assert len(groups) == 1
    return [node.layer() for node in groups[0].findLayers()]


def layer_files(layers):
    return {layer.source().split("|")[0] for layer in layers}


def test_default_is_next_to_the_saved_project_and_a_reload_replaces_the_file(dock, tmp_path, asked):
    from ti_energie.layers import settings
    from ti_energie.layers.cache import Cache

    project_file = save_project(tmp_path)
    dock._update_save_widgets()
    expected = tmp_path / "etudes" / "Mon étude_ti_energie" / "ti-3201.gpkg"
    assert str(expected) in dock.save_note.text()  # the dock says where the next load goes
    assert dock.save_mode.currentData() == "project" and settings.save_mode() == "project"

    status = load(dock)
    assert f"Données : {expected}" in status and asked == []
    layers = plugin_layers()
    assert layer_files(layers) == {str(expected)}
    assert {layer.customProperty("ti_energie/layer") for layer in layers} == {"perimetre", "epci", "communes"}
    first_inode = expected.stat().st_ino

    status = load(dock)  # reload: the old layers go, the file is replaced, the new layers read it
    layers = plugin_layers()
    assert len(layers) == 3 and all(layer.isValid() for layer in layers)
    assert layer_files(layers) == {str(expected)}
    assert expected.stat().st_ino != first_inode  # a new file, renamed over the old one
    assert sorted(p.name for p in expected.parent.iterdir()) == ["ti-3201.gpkg"]  # no temporary file, no -2
    assert layers[-1].featureCount() > 50  # communes

    # the saved project no longer depends on the cache
    QgsProject.instance().write(str(project_file))
    cache = Cache(settings.cache_dir())
    cache.clear()
    assert QgsProject.instance().read(str(project_file))
    reopened = [layer for layer in QgsProject.instance().mapLayers().values()]
    assert len(reopened) == 3 and all(layer.isValid() and layer.featureCount() > 0 for layer in reopened)

    # reloading in the reopened project still replaces the project's own file
    load(dock)
    assert layer_files(plugin_layers()) == {str(expected)}
    assert sorted(p.name for p in expected.parent.iterdir()) == ["ti-3201.gpkg"]


def test_a_file_the_plugin_did_not_write_is_never_replaced(dock, tmp_path):
    save_project(tmp_path)
    folder = tmp_path / "etudes" / "Mon étude_ti_energie"
    folder.mkdir()
    mine = other_gpkg(folder / "ti-3201.gpkg")
    before = mine.read_bytes()

    status = load(dock)
    assert mine.read_bytes() == before
    assert layer_files(plugin_layers()) == {str(folder / "ti-3201-2.gpkg")}
    assert f"{mine} n'a pas été remplacé" in status and str(folder / "ti-3201-2.gpkg") in status


def test_a_file_other_layers_read_is_not_replaced(dock, tmp_path):
    save_project(tmp_path)
    load(dock)
    folder = tmp_path / "etudes" / "Mon étude_ti_energie"
    first = folder / "ti-3201.gpkg"
    # the user adds a layer of their own reading the plugin's file (a copy of the communes, say)
    theirs = QgsVectorLayer(f"{first}|layername=communes", "mes communes", "ogr")
    assert theirs.isValid()
    QgsProject.instance().addMapLayer(theirs)
    size = first.stat().st_size

    status = load(dock)
    assert layer_files(plugin_layers()) == {str(folder / "ti-3201-2.gpkg")}
    assert "n'a pas été remplacé" in status
    assert first.stat().st_size == size and theirs.isValid() and theirs.featureCount() > 50


def test_a_locked_file_goes_to_another_name(dock, tmp_path, monkeypatch):
    from ti_energie.layers import outputs

    save_project(tmp_path)
    load(dock)
    folder = tmp_path / "etudes" / "Mon étude_ti_energie"
    real_install = outputs.install

    def locked(temp, final):  # what Windows does with a file another program keeps open
        if Path(final).name == "ti-3201.gpkg":
            raise PermissionError(13, "Le processus ne peut pas accéder au fichier")
        return real_install(temp, final)

    monkeypatch.setattr(outputs, "install", locked)
    dock.INSTALL_RETRIES, dock.INSTALL_DELAY_MS = 2, 10
    status = load(dock)
    assert "ti-3201.gpkg est verrouillé" in status and str(folder / "ti-3201-2.gpkg") in status
    assert layer_files(plugin_layers()) == {str(folder / "ti-3201-2.gpkg")}
    assert sorted(p.name for p in folder.iterdir()) == ["ti-3201-2.gpkg", "ti-3201.gpkg"]  # no temporary file


def test_unsaved_project_asks_for_a_folder_and_remembers_it(dock, tmp_path, asked):
    from ti_energie.layers import settings

    asked.answer = str(tmp_path / "mes données")
    status = load(dock)
    assert len(asked) == 1 and "pas encore enregistré" in asked[0]
    assert layer_files(plugin_layers()) == {str(tmp_path / "mes données" / "ti-3201.gpkg")}
    assert settings.save_folder() == str(tmp_path / "mes données")
    assert dock.save_folder.filePath() == str(tmp_path / "mes données")
    assert "dossier choisi" in status

    load(dock)  # the chosen folder is used without asking again
    assert len(asked) == 1


def test_unsaved_project_without_a_folder_falls_back_to_the_cache_with_a_note(dock, asked):
    from ti_energie.layers import settings
    from ti_energie.layers.cache import Cache

    status = load(dock)
    assert len(asked) == 1
    assert "cache (temporaire)" in status and "Enregistrez le projet" in status
    (path,) = layer_files(plugin_layers())
    assert Path(path).parent == Cache(settings.cache_dir()).dir / "territoires"


def test_cache_mode_is_remembered_and_prunes_older_loads(dock, gui_iface, tmp_path, asked):  # noqa: F811
    from ti_energie.layers import settings
    from ti_energie.layers.cache import Cache
    from ti_energie.ui.dock import TerritoryDock

    save_project(tmp_path)
    dock.save_mode.setCurrentIndex(dock.save_mode.findData("cache"))
    assert settings.save_mode() == "cache"
    assert "Vider le cache" in dock.save_note.text()
    again = TerritoryDock(gui_iface.iface)
    assert again.save_mode.currentData() == "cache"
    again.cleanup()
    again.deleteLater()

    folder = Cache(settings.cache_dir()).dir / "territoires"
    load(dock)
    (oldest,) = layer_files(plugin_layers())
    theirs = QgsVectorLayer(f"{oldest}|layername=epci", "mes EPCI", "ogr")  # a layer of the user reads it
    QgsProject.instance().addMapLayer(theirs)
    for _round in range(4):
        os.utime(oldest, (1, 1))  # oldest by far, whatever the clock's resolution
        load(dock)
    files = sorted(folder.glob("ti-3201-*.gpkg"))
    assert len(files) == 4 and Path(oldest) in files  # the 3 newest + the file still read by a layer
    (current,) = layer_files(plugin_layers())
    assert Path(current) in files and asked == []
    assert not list((tmp_path / "etudes").glob("*_ti_energie"))


def test_cancel_leaves_no_temporary_file(dock, tmp_path, monkeypatch):
    """Cancelled once the file is written (the task checks for cancellation after the loader returns): the
    new file is removed, nothing is added, the message is not an error."""
    from ti_energie.layers import territory_loader

    save_project(tmp_path)
    real = territory_loader.load_territory
    written = []

    def load_then_cancel(territory, themes, gpkg_path, catalogue, cache, feedback=None, *args):
        result = real(territory, themes, gpkg_path, catalogue, cache, feedback, *args)
        written.append(Path(gpkg_path))
        assert Path(gpkg_path).exists()
        feedback.cancel()
        return result

    monkeypatch.setattr(territory_loader, "load_territory", load_then_cancel)
    assert dock.load() is not None
    wait_until(lambda: not dock.is_loading(), 60, "end of the cancelled task")
    assert dock.status.text() == "Chargement annulé." and dock.status.styleSheet() == ""
    assert dock.progress.value() == 0 and dock.progress_text.text() == ""
    assert written and written[0].name.startswith(".ti-3201.")
    folder = tmp_path / "etudes" / "Mon étude_ti_energie"
    assert list(folder.iterdir()) == []
    assert QgsProject.instance().mapLayers() == {}
