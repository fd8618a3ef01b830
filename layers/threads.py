"""Running independent jobs at the same time on long-lived Qt threads.

Python threads (concurrent.futures) are not QThreads: Qt timers do not run in them ("Timers can only be
used with threads started with QThread"), so a request's transfer timeout and the cancel relay of
network.fetch would never fire there. Short-lived threads are not good either: QGIS keeps one network
manager per thread and caches coordinate systems per thread, and objects a dead thread leaves behind
(replies, managers, CRS definitions) were seen to break later requests and writes. So the jobs run on
the threads of one QThreadPool of the plugin, whose threads never expire.
"""

import threading

from qgis.PyQt.QtCore import QCoreApplication, QRunnable, QThread, QThreadPool

_LOCK = threading.Lock()
_POOL = []


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


class _Job(QRunnable):
    def __init__(self, function, index, batch):
        super().__init__()
        self.setAutoDelete(False)  # kept by the batch until collected
        self.function, self.index, self.batch = function, index, batch

    def run(self):
        try:
            outcome = (True, self.function())
        except BaseException as err:  # noqa: BLE001 - handed back to the caller, who re-raises it
            outcome = (False, err)
        self.batch.finish(self.index, outcome)


class _Batch:
    def __init__(self, count):
        self.results = {}
        self.remaining = count
        self.done = threading.Event()
        self.lock = threading.Lock()
        if count == 0:
            self.done.set()

    def finish(self, index, outcome):
        with self.lock:
            self.results[index] = outcome
            self.remaining -= 1
            if self.remaining == 0:
                self.done.set()


def run_all(jobs, max_workers=4):
    """Run the callables `jobs` at most `max_workers` at a time on the plugin's Qt threads; their results in
    order. The first exception raised by a job is re-raised once all have ended. On the main thread, Qt
    events keep being processed while waiting (the workers' network managers may need the main thread)."""
    jobs = list(jobs)
    batch = _Batch(len(jobs))
    runnables = [_Job(job, index, batch) for index, job in enumerate(jobs)]
    threads = pool(max(1, int(max_workers)))
    # at most max_workers of this batch at a time: the first ones now, each next one when a slot frees
    slots = threading.Semaphore(max(1, int(max_workers)))

    def start(runnable):
        original = runnable.function

        def guarded():
            try:
                return original()
            finally:
                slots.release()
        runnable.function = guarded
        threads.start(runnable)

    app = QCoreApplication.instance()
    on_main = app is not None and QThread.currentThread() == app.thread()
    for runnable in runnables:
        while not slots.acquire(timeout=0.02):
            if on_main:
                app.processEvents()
        start(runnable)
    while not batch.done.wait(0.02):
        if on_main:
            app.processEvents()
    if on_main:
        app.processEvents()
    out = []
    for index in range(len(jobs)):
        ok, value = batch.results.get(index, (False, RuntimeError("tâche non exécutée")))
        if not ok:
            raise value
        out.append(value)
    return out
