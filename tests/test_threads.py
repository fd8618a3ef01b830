"""Concurrent fetching runs on Qt threads: request timeouts and cancellation work there."""

import threading
import time

import pytest
from qgis.core import QgsFeedback

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
