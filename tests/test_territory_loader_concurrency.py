"""A concurrent load (perimeters' members fetched in parallel, sources started before the perimeters are
ready, in `start_order`) gives exactly what a sequential load gives; a failing member is still named, a
failed or cancelled load still leaves no file; two requests of one address at once make one request.

No timing assertion: what is checked is the content (layers, features, statuses, warnings) and the number
of requests. The speed is measured by bench/bench_load.py."""

import json
import threading

import pytest

from geo_fixtures import DUNKERQUE_EPCI, territory_server
from test_fault_property import canonical
from ti_energie.core.errors import CancelledError, SourceError
from ti_energie.core.territories import load_builtin
from ti_energie.layers import settings
from ti_energie.layers import territory_loader
from ti_energie.layers.cache import Cache
from ti_energie.layers.territory_loader import load_territory, start_order

DUNKERQUE = load_builtin().get("ti-3201")
THEMES = ["consommateurs", "economie", "producteurs", "reseaux", "chaleur"]


def _load(path, concurrent, themes=THEMES, feedback=None, cache=None):
    return load_territory(DUNKERQUE, themes, path, settings.load_catalogue(), Cache(cache or settings.cache_dir()),
                          feedback, concurrent=concurrent)


def _summary(result):
    """What a load gives, apart from the file's content: layers (order, titles), statuses, warnings."""
    return ([(s.layer_name, s.title, s.source_key, tuple(s.incomplete)) for s in result.layers],
            [(s.key, s.state, s.detail, s.count) for s in result.statuses], sorted(result.warnings))


def _without_communes_of(server, siren, status=503):
    """The geo API stand-in answers `status` for the communes of the EPCI `siren`."""
    from local_server import Response

    original = server.routes["/communes"]
    server.routes["/communes"] = lambda path, query: (Response(status, b'{"message": "indisponible"}')
                                                      if query.get("codeEpci") == siren else original(path, query))


def test_concurrent_load_gives_what_a_sequential_load_gives(tmp_path, monkeypatch):
    """Every theme, every stand-in, one member failing: same layers, features, statuses and warnings, the
    member named in both, whether the work is done one request at a time or concurrently."""
    missing = DUNKERQUE_EPCI[1]
    with territory_server(tmp_path, monkeypatch) as server:
        _without_communes_of(server, missing)
        sequential = _load(tmp_path / "seq.gpkg", False, cache=tmp_path / "cache-seq")
        concurrent = _load(tmp_path / "conc.gpkg", True, cache=tmp_path / "cache-conc")
    assert _summary(concurrent) == _summary(sequential)
    assert canonical(concurrent.gpkg_path) == canonical(sequential.gpkg_path)
    perimeters = next(s for s in concurrent.statuses if s.key == "geo_api")
    assert perimeters.state == "incomplete" and missing in perimeters.detail
    assert any(missing in w and "Le reste du territoire est chargé sans lui" in w for w in concurrent.warnings)
    assert concurrent.layers[-3].title.endswith("(incomplet)")
    assert {s.key for s in concurrent.statuses} >= {"fcu_reseaux_chaleur", "ign_lignes_400kv", "consommateurs_industrie",
                                                    "insee_flores_a38", "producteurs"}
    assert set(concurrent.schedule) == {s.key for s in concurrent.statuses if s.key != "geo_api"}


def test_the_order_of_work_does_not_change_the_result(tmp_path, monkeypatch):
    """Sources started in the reverse order (the perimeters' members still first): the same file."""
    with territory_server(tmp_path, monkeypatch):
        reference = _load(tmp_path / "a.gpkg", True, cache=tmp_path / "cache-a")
        monkeypatch.setattr(territory_loader, "start_order",
                            lambda keys, catalogue: ([], list(reversed(keys))))
        reversed_order = _load(tmp_path / "b.gpkg", True, cache=tmp_path / "cache-b")
    assert _summary(reversed_order) == _summary(reference)
    assert canonical(reversed_order.gpkg_path) == canonical(reference.gpkg_path)


def test_members_fetched_in_parallel_give_the_same_perimeters(tmp_path, monkeypatch):
    from ti_energie.layers.perimeters import build_perimeters

    missing = DUNKERQUE_EPCI[2]
    with territory_server(tmp_path, monkeypatch) as server:
        _without_communes_of(server, missing, status=404)
        catalogue = settings.load_catalogue()
        one, many = [], []
        texts = []
        first = build_perimeters(DUNKERQUE, catalogue, Cache(tmp_path / "c1"), warnings=one)
        second = build_perimeters(DUNKERQUE, catalogue, Cache(tmp_path / "c2"), warnings=many, max_workers=4,
                                  on_request=lambda siren, text: texts.append((siren, text)))
        assert server.count("/communes") == 2 * len(DUNKERQUE_EPCI)
    assert one == many and len(one) == 1 and "introuvable" in one[0] and missing in one[0]
    assert first.missing == second.missing and len(second.missing) == 1 and missing in second.missing[0]
    assert [c["insee"] for c in second.communes] == [c["insee"] for c in first.communes]
    assert [(e["siren"], e["nom"], e["population"], e["nb_communes"]) for e in second.epci] == \
        [(e["siren"], e["nom"], e["population"], e["nb_communes"]) for e in first.epci]
    assert [e["siren"] for e in second.epci] == [s for s in DUNKERQUE_EPCI if s != missing]
    assert second.outline.equals(first.outline)
    assert all(a["geometry"].equals(b["geometry"]) for a, b in zip(first.communes, second.communes))
    # every member named while fetched, then cleared
    assert {s for s, t in texts if t} == set(DUNKERQUE_EPCI) and {s for s, t in texts if not t} == set(DUNKERQUE_EPCI)


def test_no_member_fails_the_concurrent_load_and_leaves_no_file(tmp_path, monkeypatch):
    """Every member failing while the sources (the heat networks' archive first) have started: the load
    fails with the geo API named, once every source has stopped, and no file is left."""
    with territory_server(tmp_path, monkeypatch) as server:
        for siren in DUNKERQUE_EPCI:
            _without_communes_of(server, siren, status=404)
        with pytest.raises(SourceError, match="API Découpage administratif") as info:
            _load(tmp_path / "x.gpkg", True)
        assert "introuvable" in str(info.value)
        assert not list(tmp_path.glob("*.gpkg")) and not list(tmp_path.glob(".*part*"))
        # the plugin's workers are free again: a clean load works right after
        server.routes.update(territory_server_routes())
        result = _load(tmp_path / "y.gpkg", True, themes=["chaleur"])
    assert result.gpkg_path.exists() and next(s for s in result.statuses if s.key == "geo_api").state == "ok"


def territory_server_routes():
    from geo_fixtures import geo_routes

    return geo_routes(DUNKERQUE_EPCI)


def test_cancel_while_the_sources_wait_for_the_perimeters(tmp_path, monkeypatch):
    from qgis.core import QgsFeedback

    with territory_server(tmp_path, monkeypatch, communes_delay=1.5):
        feedback = QgsFeedback()
        threading.Timer(0.5, feedback.cancel).start()
        with pytest.raises(CancelledError):
            _load(tmp_path / "x.gpkg", True, feedback=feedback)
        assert not list(tmp_path.glob("*.gpkg")) and not list(tmp_path.glob(".*part*"))
        result = _load(tmp_path / "y.gpkg", True, themes=["economie"])
    assert result.gpkg_path.exists()


def test_start_order_puts_the_archive_first_and_spreads_the_politeness_groups(monkeypatch):
    """The built-in catalogue: the heat networks' archive first (it needs no perimeters to be downloaded and
    indexed), then the sources with a politeness delay, one host after the other, then the rest."""
    from ti_energie.layers.catalogue import Catalogue

    monkeypatch.delenv("TI_ENERGIE_CATALOGUE", raising=False)
    catalogue = Catalogue.load()
    keys = territory_loader._sources_of(THEMES, catalogue)
    early, later = start_order(keys, catalogue)
    assert early == ["fcu_reseaux_chaleur"]
    assert sorted(early + later) == sorted(keys) and len(later) == len(set(later))
    ign = [k for k in later if k in ("ign_routes_principales", "ign_voies_navigables", "ign_lignes_400kv",
                                     "postes_400kv")]
    assert len(ign) == 4  # the join reads BD TOPO: in the IGN group too
    polite = ign + ["cerema_friches", "consommateurs_industrie", "insee_flores_a38"]
    assert set(later[:len(polite)]) == set(polite)  # politeness chains first
    # round-robin: the first IGN source, then one of each other host, before the second IGN source
    assert later.index(ign[1]) > max(later.index(k) for k in ("cerema_friches", "consommateurs_industrie",
                                                               "insee_flores_a38"))


def test_two_requests_of_one_address_at_once_make_one_request(tmp_path):
    """Two sources asking the same address at the same time: the second is served by the first's answer."""
    from ti_energie.layers.threads import run_all

    cache = Cache(tmp_path)
    calls = []
    started = threading.Event()

    def fetcher(url):
        calls.append(url)
        started.set()
        threading.Event().wait(0.3)
        return json.dumps({"n": len(calls)}).encode()

    def first():
        return cache.get("src", "https://example.org/a", fetcher).data

    def second():
        started.wait(5)
        return cache.get("src", "https://example.org/a", fetcher).data

    assert run_all([first, second], max_workers=2) == [b'{"n": 1}', b'{"n": 1}']
    assert calls == ["https://example.org/a"]


def test_a_source_waiting_for_the_perimeters_runs_their_jobs_itself():
    """One worker, taken by a source that waits for the perimeters: it runs the members' job itself (no
    worker would be left for it)."""
    from ti_energie.layers.perimeters import PendingPerimeters
    from ti_energie.layers.threads import start_all

    pending = PendingPerimeters()
    timeout = threading.Timer(20, pending.fail)  # a deadlock would fail the test instead of hanging it
    timeout.start()
    try:
        batch = start_all([lambda: pending.wait(), lambda: "membre"], max_workers=1)
        pending.helper = lambda: batch.run_here({1})
        (ok, value), = batch.wait([1])
        pending.set("périmètres")
        assert batch.results() == ["périmètres", "membre"] and ok and value == "membre"
    finally:
        timeout.cancel()


def test_the_gpkg_is_written_unsynced_then_synced_and_the_option_restored(tmp_path, monkeypatch):
    """The writes of the partial GeoPackage skip SQLite's sync (GDAL option of this thread only, put back
    after), the file is synced once before its rename: same content as a write with the option untouched."""
    from osgeo import gdal

    from ti_energie.layers import territory_loader as loader

    synced, seen = [], []
    original_sync = loader._sync

    def sync(path):
        seen.append(gdal.GetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", None))
        synced.append(path.name)
        original_sync(path)

    monkeypatch.setattr(loader, "_sync", sync)
    gdal.SetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", "NORMAL")
    try:
        with territory_server(tmp_path, monkeypatch):
            result = _load(tmp_path / "t.gpkg", True, themes=["chaleur"])
        assert gdal.GetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", None) == "NORMAL"
    finally:
        gdal.SetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", None)
    assert seen == ["OFF"] and synced == [".t.part.gpkg"]
    content = canonical(result.gpkg_path)
    assert len(content["communes"]) > 0 and "reseaux_chaleur" in content


def test_progress_text_says_which_sources_wait_for_the_perimeters(tmp_path, monkeypatch):
    """Slow perimeters: a source that needs them is named as waiting, not as downloading; once they are
    there it is named as downloading again, and every text names sources of the load."""
    from ti_energie.layers.feedback import LoadFeedback

    texts = []
    feedback = LoadFeedback()
    feedback.setProgressText = texts.append  # called from the workers: the list keeps every text, in order
    catalogue = settings.load_catalogue()
    with territory_server(tmp_path, monkeypatch, communes_delay=1.0):
        result = _load(tmp_path / "x.gpkg", True, themes=["reseaux"], feedback=feedback)
    assert result.gpkg_path.exists()
    waiting = [t for t in texts if "n attente du périmètre : " in t]  # « En attente… » or « … · en attente… »
    assert waiting, texts
    assert all(t.startswith(("Téléchargement : ", "En attente du périmètre : ")) for t in texts), texts
    labels = {catalogue.label(k) for k in catalogue.theme_sources("reseaux")}
    named = {label for label in labels if any(label in t.split("n attente du périmètre : ")[1] for t in waiting)}
    assert named, (waiting, labels)
    first_wait = texts.index(waiting[0])
    one = sorted(named)[0]
    # after its wait, the same source is downloading (its filtered requests)
    assert any(one in t.split(" · ")[0] and t.startswith("Téléchargement : ") for t in texts[first_wait + 1:]), texts
