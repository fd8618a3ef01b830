"""Running independent jobs at the same time in Qt threads.

Python threads (concurrent.futures) are not QThreads: Qt timers do not run in them ("Timers can only be
used with threads started with QThread"), so a request's transfer timeout and the cancel relay of
network.fetch would never fire there. These workers are QThreads, each with its own network manager
(QgsNetworkAccessManager keeps one per thread, with the user's proxy and authentication settings).
"""

import queue

from qgis.PyQt.QtCore import QCoreApplication, QThread


class _Worker(QThread):
    def __init__(self, jobs, results):
        super().__init__()
        self.jobs, self.results = jobs, results

    def run(self):
        while True:
            try:
                index, job = self.jobs.get_nowait()
            except queue.Empty:
                return
            try:
                self.results[index] = (True, job())
            except BaseException as err:  # noqa: BLE001 - handed back to the caller, who re-raises it
                self.results[index] = (False, err)


def run_all(jobs, max_workers=4):
    """Run the callables `jobs` on at most `max_workers` QThreads; their results in order. The first
    exception raised by a job is re-raised once all have ended. On the main thread, Qt events keep being
    processed while waiting (the workers' network managers may need the main thread)."""
    jobs = list(jobs)
    if not jobs:
        return []
    pending = queue.Queue()
    for index, job in enumerate(jobs):
        pending.put((index, job))
    results = {}
    workers = [_Worker(pending, results) for _ in range(max(1, min(int(max_workers), len(jobs))))]
    for worker in workers:
        worker.start()
    app = QCoreApplication.instance()
    on_main = app is not None and QThread.currentThread() == app.thread()
    for worker in workers:
        while not worker.wait(20):
            if on_main:
                app.processEvents()
    if on_main:
        app.processEvents()
    out = []
    for index in range(len(jobs)):
        ok, value = results.get(index, (False, RuntimeError("tâche non exécutée")))
        if not ok:
            raise value
        out.append(value)
    return out
