"""A QgsFeedback that also carries a text naming what is being done (the source being fetched).

QgsProcessingFeedback has `setProgressText`; QgsFeedback has not. The loader calls `setProgressText` when
the feedback has it; this class turns the text into a signal the dock shows under its progress bar.
The signal is emitted from the worker thread: receivers on the main thread get it queued (Qt's automatic
connection), so a slot of a widget runs on the main thread.
"""

import threading

from qgis.core import QgsFeedback
from qgis.PyQt.QtCore import pyqtSignal


class LoadFeedback(QgsFeedback):
    """QgsFeedback + `setProgressText(text)` → `progressTextChanged(str)`; `progressText()` reads it back."""

    progressTextChanged = pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._text = ""
        self._lock = threading.Lock()

    def setProgressText(self, text):  # noqa: N802 (same name as QgsProcessingFeedback's)
        text = str(text or "")
        with self._lock:
            if text == self._text:
                return
            self._text = text
        self.progressTextChanged.emit(text)

    def progressText(self):  # noqa: N802
        with self._lock:
            return self._text
