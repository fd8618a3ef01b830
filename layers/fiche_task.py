"""The fiche export of the dock as a QgsTask.

Layouts are Qt graphics scenes: they are built and exported on the main thread. So the work is split:

- ``run()`` (worker thread): find the territory's GeoPackage (the one the project's layers read, else the
  cache, loading the missing themes from the network), read it, compute the figures, run the heat matching,
  read or create the referents' file (layers/fiche.py: prepare_fiche). This is the long part with the
  network; it reports its progress and stops at the next check when cancelled.
- ``finished()`` (main thread): the layouts and the PDF (render_fiche, a few seconds for 13 pages); it is
  skipped when the user cancelled during ``run()``. The export itself cannot be interrupted once started.

As in layers/task.py, a cancelled export is not a failure: ``run()`` returns True and ``cancelled`` says so.
"""

import traceback

from qgis.core import Qgis, QgsMessageLog, QgsTask
from qgis.PyQt.QtCore import QCoreApplication, Qt

from ..core.errors import CancelledError, TiEnergieError
from .feedback import LoadFeedback
from .gpkg import prime_crs_cache

LOG_TAG = "TI Énergie"


def _tr(text):
    return QCoreApplication.translate("TiEnergie", text)


class ExportFicheTask(QgsTask):
    """After completion: ``result`` (a layers.fiche.FicheResult) or ``error`` (French); ``cancelled``."""

    def __init__(self, territory, pdf_path, gpkg=None, texts=None, heat_matching=True, on_done=None,
                 transform_context=None):
        super().__init__(_tr("TI Énergie – fiche de {territory}").format(territory=territory.label),
                         QgsTask.Flag.CanCancel)
        self.territory = territory
        self.pdf_path = pdf_path
        self.gpkg = gpkg
        self.texts = texts
        self.heat_matching = heat_matching
        self.on_done = on_done
        self.transform_context = transform_context
        self.inputs = None
        self.result = None
        self.error = None
        self.cancelled = False
        self.notes = []
        self.feedback = LoadFeedback()
        self.feedback.progressChanged.connect(self._forward_progress, Qt.ConnectionType.DirectConnection)
        prime_crs_cache()

    def _forward_progress(self, value):
        if not self.isCanceled():
            self.setProgress(min(90.0, value))

    def cancel(self):
        self.feedback.cancel()
        super().cancel()

    def run(self):
        """Worker thread: data and figures. Never raises."""
        from pathlib import Path

        from .fiche import prepare_fiche
        from .fiche_data import territory_gpkg

        try:
            if self.isCanceled():
                raise CancelledError()
            if self.gpkg is None:
                self.gpkg, self.notes = territory_gpkg(self.territory, feedback=self.feedback,
                                                       transform_context=self.transform_context)
            if self.isCanceled() or self.feedback.isCanceled():
                raise CancelledError()
            self.inputs = prepare_fiche(self.gpkg, self.texts, Path(self.pdf_path).parent, self.heat_matching,
                                        self.feedback)
            if self.isCanceled() or self.feedback.isCanceled():
                raise CancelledError()
            return True
        except CancelledError as err:
            self.cancelled, self.error = True, str(err)
            return True
        except TiEnergieError as err:
            self.error = str(err)
        except Exception:  # noqa: BLE001 - a task must never raise; the traceback goes to the log
            self.error = _tr("Erreur inattendue pendant la préparation de la fiche ; le détail est dans le journal "
                             "des messages (onglet « TI Énergie »).")
            QgsMessageLog.logMessage(traceback.format_exc(), LOG_TAG, Qgis.MessageLevel.Critical)
        return False

    def finished(self, result):
        """Main thread: layouts and PDF, then the callback."""
        from .fiche import render_fiche

        if not result and self.error is None:
            self.cancelled, self.error = True, str(CancelledError())
        if self.error is None and self.inputs is not None:
            try:
                self.result = render_fiche(self.inputs, self.pdf_path)
            except TiEnergieError as err:
                self.error = str(err)
            except Exception:  # noqa: BLE001 - shown as a message, logged with its traceback
                self.error = _tr("Erreur inattendue pendant la mise en page de la fiche ; le détail est dans le "
                                 "journal des messages (onglet « TI Énergie »).")
                QgsMessageLog.logMessage(traceback.format_exc(), LOG_TAG, Qgis.MessageLevel.Critical)
        callback, self.on_done = self.on_done, None
        if callback is not None:
            callback(self)
