"""Concurrent fetching runs on Qt threads: request timeouts and cancellation work there."""

import threading
import time

import pytest
from qgis.core import QgsFeedback
from qgis.PyQt.QtCore import Qt

from local_server import LocalServer, Response
from ti_energie.core.errors import CancelledError, SourceError
from ti_energie.layers.network import fetch
from ti_energie.layers.threads import run_all


@pytest.fixture
def server():
    routes = {f"/s{i}": Response(200, b'{"a": 1}', delay=0.4) for i in range(4)}
    routes["/slow"] = Response(200, b"{}", delay=5)
    with LocalServer(routes) as srv:
        yield srv


def test_jobs_run_at_the_same_time_and_keep_their_order(server):
    started = time.monotonic()
    bodies = run_all([lambda i=i: (i, fetch(server.url(f"/s{i}"), "x")) for i in range(4)], max_workers=4)
    assert [i for i, _body in bodies] == [0, 1, 2, 3] and all(body == b'{"a": 1}' for _i, body in bodies)
    assert time.monotonic() - started < 1.2  # 4 × 0.4 s in parallel, not 1.6 s in a row


def test_a_request_times_out_on_a_worker(server):
    """A Python thread (concurrent.futures) has no Qt timers: the transfer timeout would never fire there."""
    started = time.monotonic()
    with pytest.raises(SourceError, match="délai dépassé"):
        run_all([lambda: fetch(server.url("/slow"), "x", timeout_s=1, retries=0)])
    assert time.monotonic() - started < 3


def test_cancel_reaches_requests_on_workers(server):
    feedback = QgsFeedback()
    threading.Timer(0.4, feedback.cancel).start()
    started = time.monotonic()
    with pytest.raises(CancelledError):
        run_all([lambda: fetch(server.url("/slow"), "x", feedback=feedback, retries=0)] * 2)
    assert time.monotonic() - started < 2


def test_the_first_error_is_raised_after_all_jobs_end(server):
    done = []

    def ok():
        time.sleep(0.2)
        done.append(1)
        return 1

    def bad():
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        run_all([bad, ok, ok], max_workers=3)
    assert done == [1, 1]


def test_the_workers_live_on_between_batches():
    """The same few Qt threads serve every batch (QGIS keeps a network manager and CRS definitions per thread:
    a thread ending after each load left dead objects behind)."""
    from qgis.PyQt.QtCore import QThread

    def thread_id():
        time.sleep(0.05)
        return int(QThread.currentThreadId())

    from ti_energie.layers.threads import pool

    seen = set()
    for _batch in range(4):
        seen |= set(run_all([thread_id] * 6, max_workers=3))
    assert len(seen) <= pool().maxThreadCount()  # 24 jobs in 4 batches: the same threads, never new ones


def test_no_more_than_max_workers_at_a_time():
    import threading

    running, peak, lock = [0], [0], threading.Lock()

    def job():
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1

    run_all([job] * 8, max_workers=2)
    assert peak[0] == 2


def test_shutdown_ends_the_threads_and_a_later_batch_gets_new_ones():
    """Plugin unload (and the end of a script or of the tests): the pool's threads end now; the next batch
    (a reloaded plugin) runs on a new pool."""
    from qgis.PyQt.QtCore import QThread

    from ti_energie.layers.threads import pool, shutdown

    first = pool()
    ended = []

    def job():
        QThread.currentThread().finished.connect(lambda: ended.append(True),
                                                 Qt.ConnectionType.DirectConnection)
        return int(QThread.currentThreadId())

    run_all([job], max_workers=1)
    assert shutdown() and ended == [True]  # the worker's thread has finished
    assert shutdown()  # nothing left: a no-op
    assert pool() is not first
    assert run_all([lambda: 41 + 1], max_workers=1) == [42]


def test_an_error_handed_to_the_waiting_thread_holds_no_object_of_the_worker():
    """A job fails while it holds a Qt object: the object is freed by the worker itself (the frames' locals
    are cleared there), not later by the waiting thread's garbage — PyQt would post its deletion to the
    worker's event queue (see layers/worker_layer.py)."""
    from qgis.PyQt.QtCore import QObject

    from ti_energie.layers.threads import start_all

    freed = []

    def job():
        held = QObject()
        held.destroyed.connect(lambda *_a: freed.append(threading.get_ident()), Qt.ConnectionType.DirectConnection)
        worker = threading.get_ident()
        raise SourceError("Source d'essai", f"échec sur le fil {worker}")

    (ok, error), = start_all([job], max_workers=1).wait()
    assert not ok and isinstance(error, SourceError) and error.__traceback__ is not None
    assert freed and f"fil {freed[0]}" in error.detail and freed[0] != threading.get_ident()
