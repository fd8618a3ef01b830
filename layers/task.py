"""Background loading of a territory (QgsTask, after Gispo's BaseTask pattern).

``run()`` runs in a worker thread: it only calls the pure loader and stores the result or the error.
It never touches the GUI, the project or signals. ``finished()`` runs on the main thread and hands the
task to the ``on_done`` callback, which adds the layers to the project.

Cancelling: QgsTask has no "cancelled" status. A task whose ``run()`` returns False ends "Terminated", and
QGIS notifies a terminated task that ran 5 s or more as "Tâche échouée" (Task failed). A load the user
cancelled is not a failure: ``run()`` then returns True (status Complete, QGIS's notification reads
"Tâche terminée" with the description, which ``cancel()`` suffixes with "(annulé)"), and ``cancelled``,
``error`` and ``result`` (None) tell the dock. A task cancelled before it started is terminated by QGIS
itself, without notification. Real errors still end as failed.
"""

import traceback

from qgis.core import Qgis, QgsMessageLog, QgsTask
from qgis.PyQt.QtCore import QCoreApplication, Qt

from ..core.errors import CancelledError, TiEnergieError
from .feedback import LoadFeedback
from .gpkg import prime_crs_cache

LOG_TAG = "TI Énergie"
_CAN_CANCEL = QgsTask.Flag.CanCancel


def _tr(text):
    return QCoreApplication.translate("TiEnergie", text)


class LoadTerritoryTask(QgsTask):
    """Load a territory's layers into a GeoPackage in the background.

    After completion: ``result`` (a LoadResult) or ``error`` (a French message); ``cancelled`` is True
    when the user cancelled.
    """

    def __init__(self, territory, themes, gpkg_path, catalogue, cache, on_done=None, transform_context=None,
                 background=False):
        label = getattr(territory, "label", str(territory))
        super().__init__(_tr("TI Énergie – chargement de {territory}").format(territory=label), _CAN_CANCEL)
        self.territory = territory
        self.themes = list(themes or [])
        self.gpkg_path = gpkg_path
        self.catalogue = catalogue
        self.cache = cache
        self.on_done = on_done
        self.transform_context = transform_context  # the project's datum transforms, read on the main thread
        self.background = bool(background)  # also the IGN « Plan IGN » background (territory_loader)
        self.result = None
        self.error = None
        self.cancelled = False
        self._cancel_requested = False
        self.feedback = LoadFeedback()  # setProgressText → progressTextChanged: the dock names the source
        # Direct connection: QgsTask.setProgress is meant to be called from the worker thread.
        self.feedback.progressChanged.connect(self._forward_progress, Qt.ConnectionType.DirectConnection)
        # The task is built on the main thread: the CRS the worker uses are created here (see layers/gpkg.py).
        prime_crs_cache()

    @classmethod
    def from_settings(cls, territory, themes, on_done=None, gpkg_path=None, background=False):
        """A task configured from the user's settings (catalogue, endpoints, cache folder, timeout), writing
        `gpkg_path` (default: a new file in the cache); `background`: with the IGN background."""
        from .cache import Cache
        from .settings import cache_dir, load_catalogue
        from .territory_loader import default_gpkg_path

        from qgis.core import QgsProject

        catalogue = load_catalogue()
        cache = Cache(cache_dir())
        return cls(territory, themes, gpkg_path or default_gpkg_path(cache, territory), catalogue, cache, on_done,
                   QgsProject.instance().transformContext(), background)

    def _forward_progress(self, value):
        if not self.isCanceled():
            self.setProgress(value)

    def cancel(self):
        """Main thread (dock, QGIS's task manager): stop the load as soon as the worker checks."""
        if not self._cancel_requested:
            self._cancel_requested = True
            self.setDescription(_tr("{description} (annulé)").format(description=self.description()))
        self.feedback.cancel()
        super().cancel()

    def run(self):
        """Worker thread: load, store the result or the error. Never raises.

        Returns True when the load succeeded or was cancelled (see the module's doc), False on error."""
        from .territory_loader import load_territory

        try:
            if self.isCanceled():
                raise CancelledError()
            options = {"background": True} if self.background else {}
            self.result = load_territory(self.territory, self.themes, self.gpkg_path, self.catalogue,
                                         self.cache, self.feedback, self.transform_context, **options)
            if self.isCanceled() or self.feedback.isCanceled():
                raise CancelledError()
            return True
        except CancelledError as err:
            self.cancelled = True
            self.error = str(err)
            self.result = None
            return True  # cancelled, not failed: QGIS shows "Tâche échouée" for a task that returns False
        except TiEnergieError as err:
            self.error = str(err)
        except Exception:  # noqa: BLE001 - a task must never raise; the traceback goes to the log
            self.error = _tr("Erreur inattendue pendant le chargement du territoire ; "
                             "le détail est dans le journal des messages (onglet « TI Énergie »).")
            QgsMessageLog.logMessage(traceback.format_exc(), LOG_TAG, Qgis.MessageLevel.Critical)
        self.result = None
        return False

    def finished(self, result):
        """Main thread: hand over to the callback (adds the layers, updates the dock)."""
        if not result and self.error is None:
            # Cancelled before run() started, or terminated by QGIS.
            self.cancelled = True
            self.error = str(CancelledError())
        if self.result is not None:
            # the worker may have rebuilt QGIS's CRS cache entries (gpkg.checked_crs): those are emptied when
            # its thread ends; rebuild them here, on the main thread, before the layers are created
            prime_crs_cache()
        callback, self.on_done = self.on_done, None
        if callback is not None:
            callback(self)
