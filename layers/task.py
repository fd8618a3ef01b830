"""Background loading of a territory (QgsTask, after Gispo's BaseTask pattern).

``run()`` runs in a worker thread: it only calls the pure loader and stores the result or the error.
It never touches the GUI, the project or signals. ``finished()`` runs on the main thread and hands the
task to the ``on_done`` callback, which adds the layers to the project.
"""

import traceback

from qgis.core import Qgis, QgsMessageLog, QgsTask
from qgis.PyQt.QtCore import QCoreApplication, Qt

from ..core.errors import CancelledError, TiEnergieError
from .feedback import LoadFeedback

LOG_TAG = "TI Énergie"
_CAN_CANCEL = getattr(getattr(QgsTask, "Flag", QgsTask), "CanCancel", None)
if _CAN_CANCEL is None:  # pragma: no cover - very old bindings
    _CAN_CANCEL = QgsTask.CanCancel


def _tr(text):
    return QCoreApplication.translate("TiEnergie", text)


class LoadTerritoryTask(QgsTask):
    """Load a territory's layers into a GeoPackage in the background.

    After completion: ``result`` (a LoadResult) or ``error`` (a French message); ``cancelled`` is True
    when the user cancelled.
    """

    def __init__(self, territory, themes, gpkg_path, catalogue, cache, on_done=None, transform_context=None):
        label = getattr(territory, "label", str(territory))
        super().__init__(_tr("TI Énergie – chargement de {territory}").format(territory=label), _CAN_CANCEL)
        self.territory = territory
        self.themes = list(themes or [])
        self.gpkg_path = gpkg_path
        self.catalogue = catalogue
        self.cache = cache
        self.on_done = on_done
        self.transform_context = transform_context  # the project's datum transforms, read on the main thread
        self.result = None
        self.error = None
        self.cancelled = False
        self.feedback = LoadFeedback()  # setProgressText → progressTextChanged: the dock names the source
        # Direct connection: QgsTask.setProgress is meant to be called from the worker thread.
        self.feedback.progressChanged.connect(self._forward_progress, Qt.ConnectionType.DirectConnection)

    @classmethod
    def from_settings(cls, territory, themes, on_done=None, gpkg_path=None):
        """A task configured from the user's settings (catalogue, endpoints, cache folder, timeout), writing
        `gpkg_path` (default: a new file in the cache)."""
        from .cache import Cache
        from .settings import cache_dir, load_catalogue
        from .territory_loader import default_gpkg_path

        from qgis.core import QgsProject

        catalogue = load_catalogue()
        cache = Cache(cache_dir())
        return cls(territory, themes, gpkg_path or default_gpkg_path(cache, territory), catalogue, cache, on_done,
                   QgsProject.instance().transformContext())

    def _forward_progress(self, value):
        if not self.isCanceled():
            self.setProgress(value)

    def cancel(self):
        self.feedback.cancel()
        super().cancel()

    def run(self):
        """Worker thread: load, store the result or the error. Never raises."""
        from .territory_loader import load_territory

        try:
            if self.isCanceled():
                raise CancelledError()
            self.result = load_territory(self.territory, self.themes, self.gpkg_path, self.catalogue,
                                         self.cache, self.feedback, self.transform_context)
            if self.isCanceled() or self.feedback.isCanceled():
                raise CancelledError()
            return True
        except CancelledError as err:
            self.cancelled = True
            self.error = str(err)
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
        callback, self.on_done = self.on_done, None
        if callback is not None:
            callback(self)
