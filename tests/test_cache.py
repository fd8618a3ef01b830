"""The on-disk cache: only validated answers enter it, a corrupted entry is dropped and fetched again, a
stale copy is used (with a warning) when the source is down, and clearing it touches nothing else."""

import json
import os
import time

import pytest

from local_server import Fault, LocalServer
from ti_energie.core.errors import SourceError
from ti_energie.layers import payloads
from ti_energie.layers.cache import FOLDER, MARKER, Cache, cached_entry, cached_get
from ti_energie.layers.catalogue import Catalogue

KEY = "essai"
LABEL = "Source d'essai (cache)"
GOOD = json.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"n": i}, "geometry": {"type": "Point", "coordinates": [2.3, 51.0]}}
    for i in range(40)]}).encode()


@pytest.fixture
def server():
    with LocalServer({"/api/items": GOOD}) as srv:
        yield srv


def _catalogue(server, max_age_days=30):
    return Catalogue({"network": {"timeout_s": 3, "retries": 2, "backoff_s": 0.01, "backoff_max_s": 0.05,
                                  "retry_max_wait_s": 1, "jitter": 0},
                      "cache": {"max_age_days": max_age_days},
                      "sources": {KEY: {"label": LABEL, "url": server.url("/api")}}})


def _files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_nothing_unvalidated_enters_the_cache(server, tmp_path):
    cache = Cache(tmp_path)
    url = server.url("/api/items")
    server.inject("/api/items", Fault.html(), Fault.html(), Fault.html())
    with pytest.raises(SourceError, match=r"page HTML reçue à la place des données.*\(3 tentatives\)") as info:
        cached_entry(KEY, url, _catalogue(server), cache, validate=payloads.feature_collection)
    assert info.value.source == LABEL
    assert server.count("/api/items") == 3
    assert _files(tmp_path) == [f"{FOLDER}/{MARKER}"]  # no answer, no sidecar, no temporary file
    # once the source answers properly, the answer is cached
    entry = cached_entry(KEY, url, _catalogue(server), cache, validate=payloads.feature_collection)
    assert entry.data == GOOD and not entry.stale
    assert entry.path == cache.path_for(KEY, url) and entry.path.read_bytes() == GOOD


def test_a_truncated_answer_is_never_cached(server, tmp_path):
    cache = Cache(tmp_path)
    url = server.url("/api/items")
    server.inject("/api/items", Fault.truncated(announce_length=False))
    entry = cached_entry(KEY, url, _catalogue(server), cache, validate=payloads.feature_collection)
    assert entry.data == GOOD and server.count("/api/items") == 2


def test_a_corrupted_entry_is_dropped_and_fetched_again(server, tmp_path):
    cache = Cache(tmp_path)
    url = server.url("/api/items")
    entry = cached_entry(KEY, url, _catalogue(server), cache, validate=payloads.feature_collection)
    path = entry.path
    assert path.read_bytes() == GOOD and server.count("/api/items") == 1
    assert cached_get(KEY, url, _catalogue(server), cache, validate=payloads.feature_collection) == GOOD
    assert server.count("/api/items") == 1  # a fresh valid copy: served from disk
    with open(path, "r+b") as handle:  # disk full, crash, antivirus…: the file is cut short
        handle.truncate(len(GOOD) // 3)
    again = cached_entry(KEY, url, _catalogue(server), cache, validate=payloads.feature_collection)
    assert again.data == GOOD and not again.stale
    assert server.count("/api/items") == 2  # fetched again, the cut copy was never served


def test_a_corrupted_entry_is_not_served_even_when_the_source_is_down(server, tmp_path):
    cache = Cache(tmp_path)
    url = server.url("/api/items")
    path = cached_entry(KEY, url, _catalogue(server), cache, validate=payloads.feature_collection).path
    path.write_bytes(b"<html><body>proxy error</body></html>")
    server.inject("/api/items", *[Fault.status(503)] * 3)
    with pytest.raises(SourceError, match=r"HTTP 503"):
        cached_entry(KEY, url, _catalogue(server), cache, validate=payloads.feature_collection)
    assert not path.exists() and not path.with_suffix(".json").exists()


def test_a_stale_copy_is_used_with_a_warning_when_the_source_is_down(server, tmp_path):
    cache = Cache(tmp_path)
    url = server.url("/api/items")
    path = cached_entry(KEY, url, _catalogue(server), cache, validate=payloads.feature_collection).path
    old = time.time() - 40 * 86400
    os.utime(path, (old, old))
    server.inject("/api/items", *[Fault.status(500)] * 3)
    entry = cached_entry(KEY, url, _catalogue(server), cache, validate=payloads.feature_collection)
    assert entry.stale and entry.data == GOOD
    day = time.strftime("%d/%m/%Y", time.localtime(old))
    assert entry.warning == (f"Source « {LABEL} » : le serveur est en erreur (HTTP 500) (3 tentatives). "
                             f"Copie en cache du {day} utilisée.")
    assert entry.fetched == time.strftime("%Y-%m-%d", time.localtime(old))
    assert server.count("/api/items") == 4  # 1 + the 3 tries of the refresh
    assert path.stat().st_mtime == pytest.approx(old)  # the copy is kept as it was
    warnings = []
    assert cached_get(KEY, url, _catalogue(server), cache, warnings=warnings,
                      validate=payloads.feature_collection) == GOOD  # refreshed now that the source answers
    assert warnings == [] and path.stat().st_mtime > old + 86400


def test_the_source_down_and_nothing_cached_is_an_error(server, tmp_path):
    cache = Cache(tmp_path)
    server.inject("/api/items", *[Fault.status(502)] * 3)
    with pytest.raises(SourceError, match=r"HTTP 502"):
        cached_entry(KEY, server.url("/api/items"), _catalogue(server), cache, validate=payloads.feature_collection)
    assert not cache.path_for(KEY, server.url("/api/items")).exists()


def test_folder_layout_and_marker(server, tmp_path):
    root = tmp_path / "mon dossier"
    cache = Cache(root)
    assert cache.dir == root / FOLDER and not root.exists()  # nothing created before the first write
    url = server.url("/api/items?x=1")
    server.routes["/api/items"] = GOOD
    entry = cached_entry(KEY, url, _catalogue(server), cache, validate=payloads.feature_collection)
    assert (root / FOLDER / MARKER).read_bytes().startswith(b"Dossier de cache de l'extension QGIS TI Energie")
    assert entry.path.parent == root / FOLDER / "http" / KEY and entry.path.suffix == ".bin"
    sidecar = json.loads(entry.path.with_suffix(".json").read_text(encoding="utf-8"))
    assert sidecar["url"] == url and sidecar["fetched"].startswith(time.strftime("%Y-%m-%d"))
    assert cache.derived_dir("fcu") == root / FOLDER / "derived" / "fcu"
    assert cache.territory_dir() == root / FOLDER / "territoires"
    # a folder that already is a TI Énergie cache is used as is (no ti_energie/ti_energie/)
    assert Cache(root / FOLDER).dir == root / FOLDER
    assert Cache(root / FOLDER).path_for(KEY, url) == entry.path
    assert cache.files_in([entry.path, tmp_path / "ailleurs.gpkg"]) == [entry.path]


def _populate(root):
    cache = Cache(root)
    territories = cache.territory_dir()
    files = {
        "http": cache.dir / "http" / "src" / "a.bin",
        "derived": cache.derived_dir("fcu") / "index.gpkg",
        "kept": territories / "ti-3201-1.gpkg",
        "kept_wal": territories / "ti-3201-1.gpkg-wal",
        "other_load": territories / "ti-3201-2.gpkg",
        "mine_inside": cache.dir / "mes_notes.txt",   # not a sub-folder of the plugin
        "mine_next_to": root / "projet.qgz",          # the user's folder itself
    }
    for path in files.values():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    return cache, files


def test_clear_keeps_the_listed_files_and_only_removes_the_plugin_subfolders(tmp_path):
    cache, files = _populate(tmp_path)
    kept = cache.clear(keep=[files["kept"]])
    assert sorted(kept) == sorted([files["kept"], files["kept_wal"]])
    for name in ("kept", "kept_wal", "mine_inside", "mine_next_to"):
        assert files[name].exists(), name
    for name in ("http", "derived", "other_load"):
        assert not files[name].exists(), name
    assert not (cache.dir / "http").exists() and not (cache.dir / "derived").exists()
    assert (cache.dir / MARKER).exists()
    assert cache.clear() == [] and not files["kept"].exists() and files["mine_inside"].exists()


def test_clear_refuses_an_unmarked_folder(tmp_path):
    cache, files = _populate(tmp_path)
    (cache.dir / MARKER).unlink()
    with pytest.raises(SourceError, match="ne porte pas la marque du cache TI Énergie ; rien n'a été supprimé"):
        Cache(tmp_path).clear()
    assert all(path.exists() for path in files.values())
    assert Cache(tmp_path / "vide").clear() == [] and not (tmp_path / "vide").exists()


def test_prune_territories_keeps_the_newest_and_the_files_in_use(tmp_path):
    cache = Cache(tmp_path)
    folder = cache.territory_dir()
    now = time.time()
    loads = []
    for age in range(5):  # ti-3201-0 is the newest
        path = folder / f"ti-3201-{age}.gpkg"
        path.write_bytes(b"g")
        os.utime(path, (now - 3600 * age, now - 3600 * age))
        loads.append(path)
    (folder / "ti-3201-4.gpkg-wal").write_bytes(b"w")
    (folder / "ti-3201-3.gpkg-shm").write_bytes(b"s")
    other = folder / "ti-3202-0.gpkg"
    other.write_bytes(b"o")
    os.utime(other, (now - 86400 * 9, now - 86400 * 9))
    removed = cache.prune_territories("ti-3201", keep=2, in_use=[str(loads[4])])
    assert sorted(removed) == sorted([loads[2], loads[3]])
    assert [p.exists() for p in loads] == [True, True, False, False, True]
    assert (folder / "ti-3201-4.gpkg-wal").exists() and not (folder / "ti-3201-3.gpkg-shm").exists()
    assert other.exists()  # another territory
    assert Cache(tmp_path / "rien").prune_territories("ti-3201") == []
