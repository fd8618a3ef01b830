"""Small GUI helpers shared by the dock and the options page: translation and plugin paths."""

from pathlib import Path

from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

PLUGIN_DIR = Path(__file__).resolve().parent.parent
ICON_PATH = PLUGIN_DIR / "resources" / "icons" / "icon.svg"
TR_CONTEXT = "TiEnergie"


def tr(text):
    """Translate a French UI string (context "TiEnergie"; see i18n/ti_energie_en.ts)."""
    return QCoreApplication.translate(TR_CONTEXT, text)


def plugin_icon():
    return QIcon(str(ICON_PATH))
