"""Small GUI helpers shared by the dock and the options page: translation, plugin paths, and the signal
telling the dock that the options were applied."""

from pathlib import Path

from qgis.PyQt.QtCore import QCoreApplication, QObject, pyqtSignal
from qgis.PyQt.QtGui import QIcon

PLUGIN_DIR = Path(__file__).resolve().parent.parent
ICON_PATH = PLUGIN_DIR / "resources" / "icons" / "icon.svg"
TR_CONTEXT = "TiEnergie"


def tr(text):
    """Translate a French UI string (context "TiEnergie"; see i18n/ti_energie_en.ts)."""
    return QCoreApplication.translate(TR_CONTEXT, text)


def plugin_icon():
    return QIcon(str(ICON_PATH))


class _SettingsNotifier(QObject):
    """`changed` is emitted when the options page has saved the settings (catalogue, cache folder...)."""

    changed = pyqtSignal()


_NOTIFIER = None


def settings_notifier():
    """The one notifier of the session (the options page emits, the dock listens)."""
    global _NOTIFIER
    if _NOTIFIER is None:
        _NOTIFIER = _SettingsNotifier()
    return _NOTIFIER
