"""Running independent jobs at the same time on long-lived Qt threads.

Python threads (concurrent.futures) are not QThreads: Qt timers do not run in them ("Timers can only be
used with threads started with QThread"), so a request's transfer timeout and the cancel relay of
network.fetch would never fire there. Short-lived threads are not good either: QGIS keeps one network
manager per thread and caches coordinate systems per thread, and objects a dead thread leaves behind
(replies, managers, CRS definitions) were seen to break later requests and writes. So the jobs run on
the threads of one QThreadPool of the plugin, whose threads never expire.
"""

import threading
import time
import traceback

from qgis.PyQt.QtCore import QCoreApplication, QRunnable, QThread, QThreadPool

_LOCK = threading.Lock()
_POOL = []
_RETIRED = []  # pools whose threads did not end in time at shutdown()


def _main_app():
    """The application when called on its (main) thread, whose Qt events a waiting caller keeps processing
    (the workers' network managers may need them); None on any other thread."""
    app = QCoreApplication.instance()
    return app if app is not None and QThread.currentThread() == app.thread() else None


def shutdown(timeout_s=30.0):
    """End the plugin's threads now (plugin unload, end of a script or of the tests), while QGIS is still up:
    their jobs are waited for (a cancelled load stops at its next check; a queued worker is not dropped, a
    batch would wait for it for ever), and each thread ends with what it still holds (its network manager, deletions posted to it). Left to Python's
    exit, they ended after QGIS had closed GDAL and the network. On the main thread, Qt events keep being
    processed while waiting. Returns True when every thread has ended (a pool still busy is kept alive)."""
    with _LOCK:
        if not _POOL:
            return True
        threads = _POOL.pop()
    app = _main_app()
    deadline = time.monotonic() + timeout_s
    while not threads.waitForDone(50):
        if time.monotonic() > deadline:
            _RETIRED.append(threads)  # its destructor would wait for ever: kept until QGIS exits
            return False
        if app is not None:
            app.processEvents()
    return True


def pool(max_workers=4):
    """The plugin's thread pool (created once; its threads live as long as QGIS)."""
    with _LOCK:
        if not _POOL:
            created = QThreadPool()
            created.setExpiryTimeout(-1)
            _POOL.append(created)
        if _POOL[0].maxThreadCount() < max_workers:
            _POOL[0].setMaxThreadCount(int(max_workers))
        return _POOL[0]


class _Worker(QRunnable):
    """One worker of a batch: takes the batch's next job (list order) until none is left."""

    def __init__(self, batch):
        super().__init__()
        self.setAutoDelete(False)  # kept by the batch, which its caller waits for
        self.batch = batch

    def run(self):
        while True:
            index = self.batch.take()
            if index is None:
                return
            self.batch.run_job(index)


class Batch:
    """Jobs started by `start_all`: at most `max_workers` at a time, taken in list order (the first ones
    start first), on the plugin's Qt threads. `wait(indices)` waits for some of them, `results()` for all."""

    def __init__(self, jobs, max_workers=4):
        self.jobs = list(jobs)
        self.outcomes = {}
        self.done = [threading.Event() for _job in self.jobs]
        self._queue = list(range(len(self.jobs)))  # not taken yet, in order
        self._lock = threading.Lock()
        self.workers = [_Worker(self) for _n in range(min(max(1, int(max_workers)), len(self.jobs)))]

    def take(self, among=None):
        """The index of the next job not taken yet (of `among` only, if given), now taken; None if none."""
        with self._lock:
            for index in self._queue:
                if among is None or index in among:
                    self._queue.remove(index)
                    return index
            return None

    def run_here(self, among):
        """Run, on the calling thread, the jobs of `among` that no worker has taken yet (a job that waits for
        them lends a hand instead of waiting for a free worker)."""
        while True:
            index = self.take(among)
            if index is None:
                return
            self.run_job(index)

    def run_job(self, index):
        try:
            outcome = (True, self.jobs[index]())
        except BaseException as err:  # noqa: BLE001 - handed back to the caller, who re-raises it
            _drop_frames(err)
            outcome = (False, err)
        self.finish(index, outcome)

    def finish(self, index, outcome):
        with self._lock:
            self.outcomes[index] = outcome
        self.done[index].set()

    def wait(self, indices=None):
        """Wait until the jobs `indices` (default: all) have ended; their outcomes [(ok, value or exception)].
        On the main thread, Qt events keep being processed while waiting (the workers' network managers may
        need the main thread)."""
        indices = range(len(self.jobs)) if indices is None else indices
        app = _main_app()
        for index in indices:
            while not self.done[index].wait(0.02):
                if app is not None:
                    app.processEvents()
        if app is not None:
            app.processEvents()
        with self._lock:
            return [self.outcomes[index] for index in indices]

    def results(self):
        """The results of every job, in order, once all have ended; the first exception (in list order) raised
        by a job is re-raised."""
        out = []
        for ok, value in self.wait():
            if not ok:
                raise value
            out.append(value)
        return out


def _drop_frames(error):
    """Clear the local variables of the frames of `error` (and of the exceptions behind it) on the thread that
    raised it: the exception goes to the waiting thread, and objects of this thread (Qt objects, files) must
    not be freed over there (see worker_layer)."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        traceback.clear_frames(error.__traceback__)
        error = error.__cause__ or error.__context__


def start_all(jobs, max_workers=4):
    """Start the callables `jobs` on the plugin's Qt threads, at most `max_workers` at a time, in list order;
    returns the Batch at once (its caller must wait for it: `results()` or `wait()`)."""
    batch = Batch(jobs, max_workers)
    threads = pool(max(1, int(max_workers)))
    for worker in batch.workers:
        threads.start(worker)
    return batch


def run_all(jobs, max_workers=4):
    """Run the callables `jobs` at most `max_workers` at a time on the plugin's Qt threads; their results in
    order. The first exception raised by a job is re-raised once all have ended. On the main thread, Qt
    events keep being processed while waiting (the workers' network managers may need the main thread)."""
    return start_all(jobs, max_workers).results()
