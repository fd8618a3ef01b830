"""Cancel a load, load again, many times, through QGIS's task manager: every layer written is in Lambert-93.

Issue: after a cancelled load, a later load sometimes wrote every layer with an undefined CRS (`srs_id` 0
with GDAL 3.6, `srs_id` 99999 "Undefined SRS" with GDAL 3.10), silently. Cause (QGIS 3.22 and 3.40): CRS
objects live in process-wide caches;
the cache entry keeps the PROJ object of the thread that created it, and when that thread ends while
another thread holds a copy, the entry loses its definition but stays in the cache, still `isValid()`
with its `authid()`: `toWkt()` is empty, QgsVectorFileWriter writes no CRS, a transform from it leaves
the coordinates unchanged (see layers/gpkg.py). Worker threads of QGIS's thread pool end after 30 s idle;
the test shortens that to a few milliseconds, so that they end between the loads as they do in a long
QGIS session. An entry can still be emptied while a layer is being written (the cancelled load built it
while the next one primed the cache): that layer is written again (about once in 100 cycles).
"""

import os
import random
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform,
                       QgsCoordinateTransformContext, QgsFeature, QgsFields, QgsGeometry, QgsPointXY, QgsTask,
                       QgsVectorFileWriter, QgsVectorLayer)
from qgis.PyQt.QtCore import QCoreApplication, QThread, QThreadPool, Qt

from geo_fixtures import DUNKERQUE_EPCI
from sample_data import start_sample_server
from ti_energie.core.errors import TiEnergieError
from ti_energie.core.territories import load_builtin
from ti_energie.layers.catalogue import Catalogue
from ti_energie.layers import settings, territory_loader
from ti_energie.layers.cache import Cache
from ti_energie.layers.gpkg import (LAMBERT93, POINT, checked_crs, crs_is_defined, lambert93_transform,
                                    prime_crs_cache, reset_crs_caches, write_layer, written_crs)
from ti_energie.layers.project_layers import make_layer
from ti_energie.layers.task import LoadTerritoryTask

CYCLES = int(os.environ.get("TI_ENERGIE_CRS_CYCLES", "40"))
THEMES = ["producteurs", "reseaux", "chaleur"]
# progress weights of territory_loader: 2 per member for the perimeters, 3 per source, 1 for writing
_MEMBERS = 4  # Dunkerque's EPCI
_N_SOURCES = len({key for name in THEMES for key in Catalogue.load().theme_sources(name)})
PERIMETERS_END = 100.0 * 2 * _MEMBERS / (2 * _MEMBERS + 3 * _N_SOURCES + 1)
DUNKERQUE = load_builtin().get("ti-3201")
# Lambert-93 box around the territory, in metres: coordinates left in degrees fall far outside
X_RANGE, Y_RANGE = (600_000, 720_000), (7_000_000, 7_150_000)
CANCEL_POINTS = ("queued", "perimeters", "sources", "writing", "delay")
COMPLETE, TERMINATED = QgsTask.TaskStatus.Complete, QgsTask.TaskStatus.Terminated
NO_CRS = {("NONE", 0), ("GDAL", 99999)}  # a GeoPackage layer written without CRS, by GDAL's version


@pytest.fixture
def sample_server(tmp_path, monkeypatch):
    """geo.api.gouv.fr and the data sources' stand-ins (../shared data when present, else packaged samples)."""
    server, catalogue = start_sample_server(DUNKERQUE_EPCI, tmp_path, source="auto")
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(catalogue))
    yield server
    server.stop()


@pytest.fixture
def short_lived_threads():
    """Pool threads end 5 ms after their last job (QGIS: 30 s). The CRS caches are left clean afterwards."""
    pool = QThreadPool.globalInstance()
    previous = pool.expiryTimeout()
    pool.setExpiryTimeout(5)
    yield
    _wait(lambda: QgsApplication.taskManager().countActiveTasks() == 0, 30, "end of the tasks")
    pool.setExpiryTimeout(previous)
    reset_crs_caches()


def _wait(predicate, timeout_s, what):
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            QgsApplication.taskManager().cancelAll()
            raise AssertionError(f"{what} not reached after {timeout_s} s")
        QCoreApplication.processEvents()
        time.sleep(0.002)
    QCoreApplication.processEvents()


class Gate:
    """Holds the worker at a chosen point until the main thread has cancelled the task, as the dock does."""

    def __init__(self, where, nth):
        self.where, self.nth, self.count = where, nth, 0
        self.reached, self.released = threading.Event(), threading.Event()

    def hit(self, where):
        if where != self.where or self.reached.is_set():
            return
        self.count += 1
        if self.count >= self.nth:
            self.reached.set()
            self.released.wait(10)


class Outcome:
    """What the task reported to its on_done callback (the task object is deleted by QGIS afterwards)."""

    def __init__(self, task):
        self.status, self.cancelled, self.error = task.status(), task.cancelled, task.error
        self.result, self.description = task.result, task.description()


def _task(gpkg, outcomes, name, gate=None):
    task = LoadTerritoryTask(DUNKERQUE, THEMES, gpkg, settings.load_catalogue(), Cache(settings.cache_dir()),
                             on_done=lambda t: outcomes.__setitem__(name, Outcome(t)))
    if gate is not None:
        def on_progress(value):  # worker thread (direct connection), like the task's own progress relay
            if 0 < value < PERIMETERS_END:
                gate.hit("perimeters")
            elif PERIMETERS_END + 1 <= value < 99:
                gate.hit("sources")
        task.feedback.progressChanged.connect(on_progress, Qt.ConnectionType.DirectConnection)
    return task


def _check_geopackage(path, layer_names):
    """Every geometry table of `path` is in EPSG:2154 (GeoPackage tables and as QGIS reads it), in metres."""
    with sqlite3.connect(str(path)) as con:
        columns = dict(con.execute("select table_name, srs_id from gpkg_geometry_columns").fetchall())
        srs = {row[0]: row[1:] for row in con.execute(
            "select srs_id, organization, organization_coordsys_id from gpkg_spatial_ref_sys")}
    assert set(layer_names) <= set(columns), (path, columns)
    for table, srs_id in columns.items():
        assert srs_id == 2154 and srs[srs_id] == ("EPSG", 2154), (path.name, table, srs_id, srs.get(srs_id))
    for table in columns:
        layer = QgsVectorLayer(f"{path}|layername={table}", table, "ogr")
        assert layer.isValid() and layer.crs().authid() == "EPSG:2154", (path.name, table)
        extent = layer.extent()
        if not extent.isEmpty():
            assert X_RANGE[0] < extent.xMinimum() < extent.xMaximum() < X_RANGE[1], (path.name, table, extent)
            assert Y_RANGE[0] < extent.yMinimum() < extent.yMaximum() < Y_RANGE[1], (path.name, table, extent)
    return len(columns)


def _cancel(task, point, gate, rng, outcomes):
    """Cancel `task` at `point`; returns where the cancel landed."""
    if point == "queued":
        task.cancel()
        return point
    if point == "delay":
        end = time.monotonic() + rng.uniform(0.0, 0.4)
        _wait(lambda: time.monotonic() > end or "a" in outcomes, 5, "delay")
        if "a" in outcomes:  # finished first (QGIS has deleted the task)
            return "after the end"
        task.cancel()
        return point
    _wait(lambda: gate.reached.is_set() or "a" in outcomes, 30, f"cancel point {point}")
    if not gate.reached.is_set():
        return "after the end"
    task.cancel()
    gate.released.set()
    return point


def test_cancel_then_load_always_writes_lambert93(sample_server, short_lived_threads, tmp_path, monkeypatch):
    rng = random.Random(2154)
    gates = {}
    write_layer = territory_loader.write_layer

    def gated_write(path, *args, **kwargs):  # worker thread
        gate = gates.get(Path(path).name)
        if gate is not None:
            gate.hit("writing")
        return write_layer(path, *args, **kwargs)

    monkeypatch.setattr(territory_loader, "write_layer", gated_write)
    started = time.monotonic()
    landed, statuses, tables, overlapping = {}, {}, 0, 0
    for cycle in range(CYCLES):
        outcomes = {}
        point = CANCEL_POINTS[cycle % len(CANCEL_POINTS)]
        gate = Gate(point, rng.randint(1, 3))
        first, second = tmp_path / f"a{cycle}.gpkg", tmp_path / f"b{cycle}.gpkg"
        a = _task(first, outcomes, "a", gate)
        gates[f".{first.stem}.part.gpkg"] = gate
        QgsApplication.taskManager().addTask(a)
        where = _cancel(a, point, gate, rng, outcomes)
        landed[where] = landed.get(where, 0) + 1
        overlap = rng.random() < 0.5  # the next load starts while the cancelled one may still be running
        if not overlap:
            _wait(lambda: "a" in outcomes, 30, "end of the cancelled load")
        else:
            overlapping += 1
        b = _task(second, outcomes, "b")
        QgsApplication.taskManager().addTask(b)
        _wait(lambda: "a" in outcomes and "b" in outcomes, 60, "end of both loads")

        cancelled, done = outcomes["a"], outcomes["b"]
        statuses[(where, cancelled.status)] = statuses.get((where, cancelled.status), 0) + 1
        if where != "after the end":
            assert cancelled.cancelled and cancelled.result is None, (cycle, where, cancelled.error)
            assert "annulée" in cancelled.error and cancelled.description.endswith("(annulé)")
        if where in ("perimeters", "sources", "writing", "delay"):  # cancelled while running: not "failed"
            assert cancelled.status == COMPLETE, (cycle, where)
        elif where == "queued":  # cancelled before it ran (QGIS terminates it) or just after it started
            assert cancelled.status in (COMPLETE, TERMINATED), (cycle, where)
        if first.exists():  # a cancel during the writing lets the file be finished: it must be right too
            tables += _check_geopackage(first, [])
        assert done.error is None, (cycle, done.error)
        assert done.status == COMPLETE and not done.cancelled
        names = [spec.layer_name for spec in done.result.layers]
        assert {"perimetre", "epci", "communes"} <= set(names)
        tables += _check_geopackage(second, names)
        for spec in done.result.layers:  # what the dock does on the main thread
            layer = make_layer(done.result, spec)
            assert layer.crs().authid() == "EPSG:2154", (cycle, spec.layer_name)
        assert not list(tmp_path.glob(".*part*"))
    elapsed = time.monotonic() - started
    print(f"\n{CYCLES} cycles cancel→load in {elapsed:.1f} s; cancels landed: {landed}; "
          f"{overlapping} overlapping; statuses of the cancelled tasks: "
          f"{ {(w, int(s)): n for (w, s), n in statuses.items()} }; {tables} geometry tables checked")
    assert all(landed.get(p, 0) > 0 for p in ("queued", "perimeters", "sources", "writing"))


# --- the cause, reproduced deterministically, and each guard ------------------------------------------------

def _empty_cache_entry(authid):
    """Make QGIS's cache entry of `authid` lose its definition, as in the issue: a worker thread creates the
    CRS, another thread (here the main one) uses a copy, the worker thread ends. True when QGIS behaves so
    (3.22 does)."""
    reset_crs_caches()
    created, finish = threading.Event(), threading.Event()

    class Creator(QThread):
        def run(self):
            QgsCoordinateReferenceSystem(authid).toWkt()  # the old code: string constructor in a worker
            created.set()
            finish.wait(10)

    creator = Creator()
    creator.start()
    assert created.wait(10)
    assert QgsCoordinateReferenceSystem(authid).toWkt()  # a copy used on the main thread
    finish.set()
    assert creator.wait(10000)
    deadline = time.monotonic() + 2  # the thread's PROJ context is destroyed at its very end, after wait()
    while crs_is_defined(QgsCoordinateReferenceSystem.fromOgcWmsCrs(authid)) and time.monotonic() < deadline:
        time.sleep(0.005)
    return not crs_is_defined(QgsCoordinateReferenceSystem.fromOgcWmsCrs(authid))


@pytest.fixture
def emptied_lambert93():
    if not _empty_cache_entry(LAMBERT93):
        pytest.skip("this QGIS keeps the definition of a CRS created by a thread that ended")
    yield
    reset_crs_caches()


def _gpkg_srs_id(path, table):
    with sqlite3.connect(str(path)) as con:
        return con.execute("select srs_id from gpkg_geometry_columns where table_name = ?", (table,)).fetchone()[0]


def _write_raw(path, crs):
    """A point layer written straight with QgsVectorFileWriter, as the plugin did before the fix."""
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName, options.layerName = "GPKG", "points"
    writer = QgsVectorFileWriter.create(str(path), QgsFields(), POINT, crs, QgsCoordinateTransformContext(), options)
    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(650000, 7080000)))
    assert writer.addFeature(feature)
    del writer


def _no_crs_record(path):
    """What this GDAL records for a layer written with no CRS: (NONE, 0) with GDAL 3.6 (QGIS 3.22, Debian 12),
    (GDAL, 99999) "Undefined SRS" with GDAL 3.10 (QGIS 3.40, Debian 13)."""
    _write_raw(path, QgsCoordinateReferenceSystem())
    found = written_crs(path, "points")
    assert found in NO_CRS, found
    return found


def test_emptied_cache_entry_writes_no_crs_and_does_not_transform(emptied_lambert93, tmp_path):
    """The issue's symptoms, from the cache entry alone: still valid with its authid, no definition."""
    crs = QgsCoordinateReferenceSystem("EPSG:2154")
    assert crs.isValid() and crs.authid() == "EPSG:2154" and crs.toWkt() == ""
    _write_raw(tmp_path / "old.gpkg", crs)
    assert written_crs(tmp_path / "old.gpkg", "points") == _no_crs_record(tmp_path / "none.gpkg")
    layer = QgsVectorLayer(f"{tmp_path / 'old.gpkg'}|layername=points", "points", "ogr")
    assert layer.crs().authid() == ""  # "SCR inconnu"
    old = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), crs, QgsCoordinateTransformContext())
    point = old.transform(QgsPointXY(3.0, 46.5))
    assert (point.x(), point.y()) == (3.0, 46.5)  # coordinates left in degrees


def test_checked_crs_and_transform_rebuild_an_emptied_cache(emptied_lambert93):
    crs = checked_crs(LAMBERT93)
    assert crs.authid() == "EPSG:2154" and "Lambert" in crs.toWkt()
    point = lambert93_transform().transform(QgsPointXY(3.0, 46.5))
    assert point.x() == pytest.approx(700000, abs=1) and point.y() == pytest.approx(6600000, abs=1)


def test_write_layer_with_an_emptied_cache_writes_lambert93(emptied_lambert93, tmp_path):
    path = tmp_path / "new.gpkg"
    write_layer(path, "points", [("nom", "str")], [(["a"], QgsGeometry.fromPointXY(QgsPointXY(650000, 7080000)))],
                POINT, new_file=True)
    assert _gpkg_srs_id(path, "points") == 2154 and written_crs(path, "points") == ("EPSG", 2154)
    assert QgsVectorLayer(f"{path}|layername=points", "p", "ogr").crs().authid() == "EPSG:2154"


def test_prime_crs_cache_keeps_the_definition_when_worker_threads_end():
    """Once the main thread has built the entries, a worker that uses them and ends empties nothing."""
    prime_crs_cache()
    used, finish = threading.Event(), threading.Event()

    class Worker(QThread):
        def run(self):
            lambert93_transform().transform(QgsPointXY(3.0, 46.5))
            used.set()
            finish.wait(10)

    worker = Worker()
    worker.start()
    assert used.wait(10)
    assert QgsCoordinateReferenceSystem(LAMBERT93).toWkt()  # a copy used on the main thread
    finish.set()
    assert worker.wait(10000)
    deadline = time.monotonic() + 0.5  # the thread's PROJ context is destroyed at its very end, after wait()
    while time.monotonic() < deadline:
        for authid in (LAMBERT93, "EPSG:4326"):
            assert crs_is_defined(QgsCoordinateReferenceSystem(authid)), authid
        time.sleep(0.01)


def test_checked_crs_unknown_authority_id_is_a_french_error():
    with pytest.raises(TiEnergieError, match="Système de coordonnées EPSG:999999 indisponible"):
        checked_crs("EPSG:999999")


def test_write_layer_refuses_a_layer_written_without_crs(monkeypatch, tmp_path):
    """If the CRS is lost between the check and the writing, each time, the layer read back is refused and
    removed."""
    from ti_energie.layers import gpkg

    path = tmp_path / "t.gpkg"
    write_layer(path, "kept", [("nom", "str")], [(["a"], QgsGeometry.fromPointXY(QgsPointXY(650000, 7080000)))],
                POINT, new_file=True)
    calls = []
    monkeypatch.setattr(gpkg, "checked_crs", lambda authid: calls.append(authid) or QgsCoordinateReferenceSystem())
    rows = [(["b"], QgsGeometry.fromPointXY(QgsPointXY(650000, 7080000)))]
    with pytest.raises(TiEnergieError, match=r"« lost » a été écrite .* sans son système de coordonnées "
                                             r"\(EPSG:2154 attendu, (NONE:0|GDAL:99999) trouvé\)"):
        write_layer(path, "lost", [("nom", "str")], rows, POINT)
    assert calls == ["EPSG:2154", "EPSG:2154"]  # written twice
    with sqlite3.connect(str(path)) as con:
        assert [r[0] for r in con.execute("select table_name from gpkg_contents")] == ["kept"]
    with pytest.raises(TiEnergieError, match="sans son système de coordonnées"):
        write_layer(tmp_path / "n.gpkg", "lost", [("nom", "str")], rows, POINT, new_file=True)
    assert not (tmp_path / "n.gpkg").exists()


@pytest.mark.parametrize("new_file", [False, True])
def test_write_layer_writes_again_a_layer_whose_crs_was_lost_once(monkeypatch, tmp_path, new_file):
    """The CRS lost during the first writing only (the thread that built the cache entry ended then): the layer
    is written again, in EPSG:2154, with all its rows, next to the layers already there."""
    from ti_energie.layers import gpkg

    path = tmp_path / "t.gpkg"
    write_layer(path, "kept", [("nom", "str")], [(["a"], QgsGeometry.fromPointXY(QgsPointXY(650000, 7080000)))],
                POINT, new_file=True)
    calls, real = [], gpkg.checked_crs
    monkeypatch.setattr(gpkg, "checked_crs",
                        lambda authid: real(authid) if calls.append(authid) or len(calls) > 1
                        else QgsCoordinateReferenceSystem())
    rows = (([name], QgsGeometry.fromPointXY(QgsPointXY(651000 + i, 7081000))) for i, name in enumerate("bcd"))
    write_layer(path, "again", [("nom", "str")], rows, POINT, new_file=new_file)
    assert len(calls) == 2 and written_crs(path, "again") == ("EPSG", 2154)
    layer = QgsVectorLayer(f"{path}|layername=again", "again", "ogr")
    assert layer.crs().authid() == "EPSG:2154"
    assert [(f["nom"], f.geometry().asPoint().x()) for f in layer.getFeatures()] == [
        ("b", 651000), ("c", 651001), ("d", 651002)]
    with sqlite3.connect(str(path)) as con:
        names = sorted(r[0] for r in con.execute("select table_name from gpkg_contents"))
    assert names == (["again"] if new_file else ["again", "kept"])


def test_make_layer_refuses_a_layer_without_crs(tmp_path):
    from ti_energie.layers.territory_loader import LayerSpec, LoadResult

    _write_raw(tmp_path / "nocrs.gpkg", QgsCoordinateReferenceSystem())
    result = LoadResult(territory=DUNKERQUE, gpkg_path=tmp_path / "nocrs.gpkg")
    with pytest.raises(TiEnergieError, match=r"Couche « Points » sans son système de coordonnées .* "
                                             r"\(EPSG:2154 attendu, inconnu trouvé\)"):
        make_layer(result, LayerSpec("points", "Points", "", {}))
