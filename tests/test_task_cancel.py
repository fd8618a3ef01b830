"""How a load task ends in QGIS's task manager: a cancel is not a failure ("Tâche échouée").

QgsTask has no "cancelled" status: a task whose run() returns False ends Terminated, which QGIS notifies
as "Task failed" / "Tâche échouée". A cancelled load ends Complete, its description says "(annulé)", and the
task tells the dock through `cancelled`, `error` and `result`.
"""

import time

import pytest
from qgis.core import QgsApplication, QgsTask
from qgis.PyQt.QtCore import QCoreApplication

from geo_fixtures import DUNKERQUE_EPCI
from local_server import Response
from sample_data import start_sample_server
from ti_energie.core.territories import load_builtin
from ti_energie.layers import settings
from ti_energie.layers.cache import Cache
from ti_energie.layers.task import LoadTerritoryTask

DUNKERQUE = load_builtin().get("ti-3201")
COMPLETE, TERMINATED = QgsTask.TaskStatus.Complete, QgsTask.TaskStatus.Terminated


@pytest.fixture
def server(tmp_path, monkeypatch):
    server, catalogue = start_sample_server(DUNKERQUE_EPCI, tmp_path, source="auto")
    with open(catalogue, "a", encoding="utf-8") as handle:  # a failing source fails fast
        handle.write("network: {retries: 1, backoff_s: 0.01, backoff_max_s: 0.05}\n")
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(catalogue))
    yield server
    server.stop()


def _slow_communes(server, delay):
    answer = server.routes["/communes"]
    server.routes["/communes"] = lambda path, query: Response(200, answer(path, query), delay=delay)


def _wait(predicate, timeout_s, what):
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, f"{what} not reached after {timeout_s} s"
        QCoreApplication.processEvents()
        time.sleep(0.01)


def _start(tmp_path):
    """A load task in QGIS's task manager; returns (task, statuses seen, what the callback saw)."""
    seen = {}

    def done(task):  # main thread, from finished(): QGIS deletes the task afterwards
        seen.update(status=task.status(), cancelled=task.cancelled, error=task.error, result=task.result,
                    description=task.description())

    task = LoadTerritoryTask(DUNKERQUE, [], tmp_path / "dk.gpkg", settings.load_catalogue(),
                             Cache(settings.cache_dir()), on_done=done)
    statuses = []
    task.statusChanged.connect(statuses.append)
    QgsApplication.taskManager().addTask(task)
    return task, statuses, seen


def test_cancelled_load_ends_complete_not_failed(server, tmp_path):
    _slow_communes(server, 1.5)
    task, statuses, seen = _start(tmp_path)
    _wait(lambda: any(p.startswith("/communes") for p in server.requests), 10, "a request in flight")
    task.cancel()
    task.cancel()  # a second click changes nothing
    _wait(lambda: seen, 30, "end of the cancelled task")
    assert seen["status"] == COMPLETE and TERMINATED not in statuses
    assert seen["cancelled"] and seen["result"] is None and "annulée" in seen["error"]
    assert seen["description"] == "TI Énergie – chargement de AA - Dunkerque - Flandre (annulé)"
    assert not list(tmp_path.glob("*.gpkg"))


def test_failed_load_ends_terminated(server, tmp_path):
    server.routes["/communes"] = Response(500, b'{"message": "boom"}')
    _task, statuses, seen = _start(tmp_path)
    _wait(lambda: seen, 30, "end of the failing task")
    assert seen["status"] == TERMINATED and statuses[-1] == TERMINATED
    assert not seen["cancelled"] and seen["result"] is None
    assert "API Découpage administratif" in seen["error"] and "HTTP 500" in seen["error"]
    assert not seen["description"].endswith("(annulé)")


def test_completed_load_ends_complete(server, tmp_path):
    _task, statuses, seen = _start(tmp_path)
    _wait(lambda: seen, 30, "end of the task")
    assert seen["status"] == COMPLETE and seen["error"] is None and not seen["cancelled"]
    assert [spec.layer_name for spec in seen["result"].layers] == ["perimetre", "epci", "communes"]
    assert (tmp_path / "dk.gpkg").exists()
