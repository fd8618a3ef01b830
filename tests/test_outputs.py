"""layers/outputs.py: where the dock writes a territory's GeoPackage and how it replaces one (no widgets)."""

import os
import sqlite3
from pathlib import Path

import pytest

from ti_energie.core.errors import TiEnergieError
from ti_energie.layers import outputs
from ti_energie.layers.gpkg import write_layer, write_sources_table


def plugin_gpkg(path):
    """A GeoPackage as the loader writes it: one layer and the `sources` table."""
    from ti_energie.layers.territory_loader import LayerSpec

    write_layer(path, "perimetre", [("nom", "str")], [(["x"], None)], new_file=True)
    write_sources_table(path, [LayerSpec("perimetre", "Périmètre", "", {"source": "test", "licence": "LO 2.0"})])
    return path


def other_gpkg(path):
    write_layer(path, "mes_donnees", [("nom", "str")], [(["à moi"], None)], new_file=True)
    return path


# --- plan ---------------------------------------------------------------------------------------------------

def test_plan_next_to_a_saved_project(tmp_path):
    project = tmp_path / "etudes" / "Mon projet.qgz"
    plan = outputs.plan("project", str(project), str(tmp_path / "ailleurs"))
    assert plan.mode == "project" and plan.note == ""
    assert plan.folder == tmp_path / "etudes" / "Mon projet_ti_energie"


def test_plan_unsaved_project_uses_the_chosen_folder_or_asks(tmp_path):
    plan = outputs.plan("project", "", str(tmp_path / "donnees"))
    assert plan.mode == "folder" and plan.folder == tmp_path / "donnees"
    assert "pas encore enregistré" in plan.note and str(tmp_path / "donnees") in plan.note
    plan = outputs.plan("project", "", "")
    assert plan.mode == outputs.ASK and plan.folder is None and "pas encore enregistré" in plan.note


def test_plan_folder_and_cache_modes(tmp_path):
    assert outputs.plan("folder", str(tmp_path / "p.qgz"), str(tmp_path / "d")).folder == tmp_path / "d"
    assert outputs.plan("folder", str(tmp_path / "p.qgz"), "").mode == outputs.ASK
    plan = outputs.plan("cache", str(tmp_path / "p.qgz"), str(tmp_path / "d"))
    assert plan.mode == "cache" and plan.folder is None
    assert outputs.plan("n'importe quoi", str(tmp_path / "p.qgz"), "").mode == "project"  # unknown → default


# --- which file ---------------------------------------------------------------------------------------------

def test_is_plugin_gpkg(tmp_path):
    assert outputs.is_plugin_gpkg(plugin_gpkg(tmp_path / "a.gpkg"))
    assert not outputs.is_plugin_gpkg(other_gpkg(tmp_path / "b.gpkg"))
    (tmp_path / "c.gpkg").write_bytes(b"not a database at all" * 100)
    assert not outputs.is_plugin_gpkg(tmp_path / "c.gpkg")
    assert not outputs.is_plugin_gpkg(tmp_path / "absent.gpkg")
    assert not outputs.is_plugin_gpkg(tmp_path)


def test_is_plugin_gpkg_reads_a_file_in_wal_mode(tmp_path):
    path = plugin_gpkg(tmp_path / "wal.gpkg")
    with sqlite3.connect(str(path)) as db:
        assert db.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    assert outputs.is_plugin_gpkg(path)


def test_choose_gpkg_absent_file(tmp_path):
    path, note = outputs.choose_gpkg(tmp_path, "ti-3201", lambda p: pytest.fail("not asked for a new file"))
    assert path == tmp_path / "ti-3201.gpkg" and note == ""


def test_choose_gpkg_replaces_only_the_plugins_own_file(tmp_path):
    plugin_gpkg(tmp_path / "ti-3201.gpkg")
    asked = []
    path, note = outputs.choose_gpkg(tmp_path, "ti-3201", lambda p: asked.append(p) or True)
    assert path == tmp_path / "ti-3201.gpkg" and note == "" and asked == [path]

    # the plugin wrote it, but the open project's plugin layers do not use it (another project's data)
    path, note = outputs.choose_gpkg(tmp_path, "ti-3201", lambda p: False)
    assert path == tmp_path / "ti-3201-2.gpkg"
    assert str(tmp_path / "ti-3201.gpkg") in note and str(path) in note


def test_choose_gpkg_never_replaces_a_file_the_plugin_did_not_write(tmp_path):
    other_gpkg(tmp_path / "ti-3201.gpkg")
    plugin_gpkg(tmp_path / "ti-3201-2.gpkg")
    (tmp_path / "ti-3201-3.gpkg").write_text("notes", encoding="utf-8")
    path, note = outputs.choose_gpkg(tmp_path, "ti-3201", lambda p: p.name == "ti-3201.gpkg")
    assert path == tmp_path / "ti-3201-4.gpkg" and "n'a pas été remplacé" in note
    path, _note = outputs.choose_gpkg(tmp_path, "ti-3201", lambda p: p.name == "ti-3201-2.gpkg")
    assert path == tmp_path / "ti-3201-2.gpkg"


def test_choose_gpkg_skips_a_file_with_an_open_journal(tmp_path):
    plugin_gpkg(tmp_path / "ti-3201.gpkg")
    (tmp_path / "ti-3201.gpkg-wal").write_bytes(b"x")
    path, _note = outputs.choose_gpkg(tmp_path, "ti-3201", lambda p: True)
    assert path == tmp_path / "ti-3201-2.gpkg"


def test_next_free_keeps_the_territory_id(tmp_path):
    (tmp_path / "ti-3201-2.gpkg").write_bytes(b"x")
    assert outputs.next_free(tmp_path, "ti-3201", skip=[]) == tmp_path / "ti-3201-3.gpkg"
    assert outputs.next_free(tmp_path, "ti-3201", skip=[tmp_path / "ti-3201-3.gpkg"]) == tmp_path / "ti-3201-4.gpkg"


# --- replacing ----------------------------------------------------------------------------------------------

def test_install_replaces_atomically_and_drops_a_stale_shm(tmp_path):
    final = plugin_gpkg(tmp_path / "ti-3201.gpkg")
    temp = outputs.temp_gpkg(final)
    assert temp.parent == final.parent and temp.name.startswith(".ti-3201.") and temp != final
    other_gpkg(temp)
    Path(f"{final}-shm").write_bytes(b"old index")
    assert outputs.install(temp, final) == final
    assert not temp.exists() and not Path(f"{final}-shm").exists()
    assert not outputs.is_plugin_gpkg(final)  # the new content is in place


def test_install_refuses_a_file_still_open(tmp_path):
    final = plugin_gpkg(tmp_path / "ti-3201.gpkg")
    Path(f"{final}-wal").write_bytes(b"frames of the old file")
    temp = other_gpkg(outputs.temp_gpkg(final))
    with pytest.raises(OSError):
        outputs.install(temp, final)
    assert temp.exists() and outputs.is_plugin_gpkg(final)  # nothing changed


def test_remove_gpkg_removes_side_files(tmp_path):
    path = plugin_gpkg(tmp_path / "x.gpkg")
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").write_bytes(b"x")
    outputs.remove_gpkg(path)
    assert list(tmp_path.iterdir()) == []
    outputs.remove_gpkg(path)  # absent: fine


# --- Processing output --------------------------------------------------------------------------------------

def test_check_output_adds_the_extension_and_creates_the_folder(tmp_path):
    assert outputs.check_output(str(tmp_path / "a" / "b" / "dk")) == tmp_path / "a" / "b" / "dk.gpkg"
    assert (tmp_path / "a" / "b").is_dir()
    assert list((tmp_path / "a" / "b").iterdir()) == []  # the write probe is gone


def test_check_output_refuses_a_folder(tmp_path):
    (tmp_path / "sorties").mkdir()
    with pytest.raises(TiEnergieError, match="c'est un dossier") as err:
        outputs.check_output(str(tmp_path / "sorties"))
    assert str(tmp_path / "sorties") in str(err.value)
    assert not (tmp_path / "sorties.gpkg").exists()


def test_check_output_refuses_a_path_below_a_file(tmp_path):
    (tmp_path / "rapport.txt").write_text("x", encoding="utf-8")
    with pytest.raises(TiEnergieError, match="est un fichier, pas un dossier") as err:
        outputs.check_output(str(tmp_path / "rapport.txt" / "sous" / "dk.gpkg"))
    assert str(tmp_path / "rapport.txt") in str(err.value)


def test_check_output_refuses_a_folder_without_write_access(tmp_path, monkeypatch):
    folder = tmp_path / "lecture_seule"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
    else:  # root writes everywhere: the probe's creation fails as it would on a read-only share
        def refuse(*_args, **_kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(outputs.tempfile, "mkstemp", refuse)
    try:
        with pytest.raises(TiEnergieError, match="impossible d'écrire dans le dossier") as err:
            outputs.check_output(str(folder / "dk.gpkg"))
    finally:
        folder.chmod(0o755)
    assert str(folder) in str(err.value) and ".part" not in str(err.value)


def test_geopackage_readers_close_their_connection(tmp_path):
    """The plugin's sqlite3 reads of a GeoPackage close their connection (a `with` on a connection only
    commits): Python 3.13 (Debian 13) warned of each unclosed one, and an open file stays locked on Windows."""
    import gc
    import warnings

    import maps_fixtures as fx
    from ti_energie.layers.fiche_data import read_sources_table
    from ti_energie.layers.territory_gpkg import _forget_styles, layer_names

    gpkg = fx.write_territory_gpkg(tmp_path / "t.gpkg")
    with warnings.catch_warnings():  # earlier tests' garbage (their own unclosed connections) collected first
        warnings.simplefilter("ignore")
        gc.collect()
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        names = layer_names(gpkg)
        sources = read_sources_table(gpkg)
        _forget_styles(gpkg, names)
        gc.collect()
    assert "perimetre" in names and sources
    assert not [w for w in seen if issubclass(w.category, ResourceWarning) and "sqlite3" in str(w.message)]
    os.remove(gpkg)  # nothing holds it open
