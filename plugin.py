"""TI Énergie plugin: dock panel, toolbar button, menu, options page and Processing provider.

Everything ``initGui`` adds is removed by ``unload`` (QGIS may load and unload a plugin many times in a
session: plugin reloader, plugin manager).
"""

import configparser
import contextlib
import os
import traceback
from pathlib import Path

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, Qt, QTranslator, QUrl
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import QAction

from .ui.widgets import plugin_icon, tr

PLUGIN_DIR = Path(__file__).resolve().parent
I18N_DIR = PLUGIN_DIR / "i18n"
DEFAULT_HOMEPAGE = "https://github.com/ti-energie/ti_energie#readme"
OPTIONS_PAGE = "tiEnergieOptions"
LOG_TAG = "TI Énergie"


def plugin_metadata(key, default=""):
    """A field of metadata.txt ([general] section)."""
    parser = configparser.ConfigParser(interpolation=None)
    with contextlib.suppress(OSError, configparser.Error):
        parser.read(PLUGIN_DIR / "metadata.txt", encoding="utf-8")
    return parser.get("general", key, fallback=default)


def user_locale():
    """The QGIS user interface locale, e.g. 'fr_FR' or 'en_US' (the override of the QGIS options first)."""
    settings = QgsSettings()
    overridden = str(settings.value("locale/overrideFlag", "false")).lower() in ("true", "1")
    locale = str(settings.value("locale/userLocale", "") or "") if overridden else ""
    return locale or QgsApplication.locale() or QLocale().name()


def translation_file(name):
    """The .qm to load for the language `name` ("en", "en_GB"), or None when the plugin has no .ts for it:
    i18n/ti_energie_<name>.qm when it is at least as new as its .ts, else the .ts compiled (core/qm.py) into
    the temporary folder."""
    ts = I18N_DIR / f"ti_energie_{name}.ts"
    qm = ts.with_suffix(".qm")
    if qm.exists() and (not ts.exists() or qm.stat().st_mtime >= ts.stat().st_mtime):
        return qm
    if not ts.exists():
        return None
    import hashlib
    import tempfile

    from .core.qm import compile_ts

    data = ts.read_bytes()
    folder = Path(tempfile.gettempdir()) / "ti_energie-i18n"
    compiled = folder / f"ti_energie_{name}-{hashlib.sha256(data).hexdigest()[:16]}.qm"
    if not compiled.exists():
        folder.mkdir(parents=True, exist_ok=True)
        partial = compiled.with_suffix(f".{os.getpid()}.part")
        compile_ts(ts, partial)
        os.replace(partial, compiled)
    return compiled


class TiEnergiePlugin:
    """Created by ``classFactory(iface)``."""

    MENU = "&TI Énergie"

    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.dock = None
        self.options_factory = None
        self.translator = None
        self.actions = {}
        self._connections = []  # (signal, slot): disconnected in unload()

    # --- Processing -----------------------------------------------------------------------------

    def initProcessing(self):  # noqa: N802 (QGIS API name)
        """Register the Processing provider `ti_energie` (also called by qgis_process)."""
        if self.provider is not None:
            return
        self._install_translator()  # qgis_process calls initProcessing only
        from .processing.provider import TiEnergieProvider

        self.provider = TiEnergieProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    # --- GUI ------------------------------------------------------------------------------------

    def initGui(self):  # noqa: N802 (QGIS API name)
        """Add the dock, actions, menu, toolbar icon, options page. Never raises: on any failure, whatever
        was added is removed again and the error goes to the message bar and the log (QGIS would otherwise
        show a traceback dialog and keep half a plugin)."""
        try:
            self._init_gui()
        except Exception as err:  # noqa: BLE001 - a plugin must not break QGIS's start
            QgsMessageLog.logMessage(traceback.format_exc(), LOG_TAG, Qgis.MessageLevel.Critical)
            self.unload()
            self._report_start_failure(err)

    def _report_start_failure(self, err):
        text = tr("L'extension n'a pas pu démarrer ({error}) ; le détail est dans le journal des messages "
                  "(onglet « TI Énergie »).").format(error=str(err) or type(err).__name__)
        with contextlib.suppress(Exception):
            self.iface.messageBar().pushMessage(tr("TI Énergie"), text, Qgis.MessageLevel.Critical, 0)
            return
        QgsMessageLog.logMessage(text, LOG_TAG, Qgis.MessageLevel.Critical)

    def _init_gui(self):
        self._install_translator()
        self.initProcessing()

        from .ui.dock import TerritoryDock

        # no parent until addDockWidget: a dock whose construction fails half-way is not left in the window
        self.dock = TerritoryDock(self.iface)
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)

        dock_action = self._action("TiEnergieActionDock", tr("Panneau TI Énergie"),
                                   tr("Afficher ou masquer le panneau TI Énergie"), self._toggle_dock,
                                   icon=plugin_icon(), checkable=True)
        dock_action.setChecked(self.dock.isVisible())
        self._connect(self.dock.visibilityChanged, dock_action.setChecked)
        self._action("TiEnergieActionSettings", tr("Paramètres…"),
                     tr("Ouvrir les paramètres de TI Énergie (Options de QGIS)"), self.show_settings)
        self._action("TiEnergieActionHelp", tr("Aide"), tr("Ouvrir la documentation de TI Énergie"),
                     self.show_help)

        for action in self.actions.values():
            self.iface.addPluginToMenu(self.MENU, action)
        self.iface.addToolBarIcon(dock_action)

        from .ui.options import TiEnergieOptionsFactory

        self.options_factory = TiEnergieOptionsFactory()
        self.iface.registerOptionsWidgetFactory(self.options_factory)

    def _action(self, name, text, tip, slot, icon=None, checkable=False):
        action = QAction(text, self.iface.mainWindow())
        action.setObjectName(name)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if icon is not None:
            action.setIcon(icon)
        action.setCheckable(checkable)
        self._connect(action.triggered, slot)
        self.actions[name] = action
        return action

    def _connect(self, signal, slot):
        signal.connect(slot)
        self._connections.append((signal, slot))

    def _toggle_dock(self, checked):
        if self.dock is None:
            return
        self.dock.setVisible(bool(checked))
        if checked:
            self.dock.raise_()

    def show_settings(self, *_args):
        """Open the QGIS Options dialog on the TI Énergie page."""
        self.iface.showOptionsDialog(self.iface.mainWindow(), currentPage=OPTIONS_PAGE)

    def show_help(self, *_args):
        QDesktopServices.openUrl(QUrl(plugin_metadata("homepage", DEFAULT_HOMEPAGE) or DEFAULT_HOMEPAGE))

    # --- translation ----------------------------------------------------------------------------

    def _install_translator(self):
        """Install the translation of the QGIS UI locale (ti_energie_en.qm for en_GB or en): the compiled .qm
        shipped in the package, or, when it is missing or older than its .ts (a git checkout), the .ts
        compiled by core/qm.py into a temporary file."""
        if self.translator is not None:
            return
        locale = user_locale()
        for name in dict.fromkeys((locale, locale[:2])):
            path = translation_file(name) if name else None
            if path is None:
                continue
            translator = QTranslator()
            if translator.load(str(path)):
                QCoreApplication.installTranslator(translator)
                self.translator = translator
            else:
                QgsMessageLog.logMessage(f"Traduction illisible : {path}", LOG_TAG, Qgis.MessageLevel.Warning)
            return

    # --- unload ---------------------------------------------------------------------------------

    def unload(self):
        """Remove everything initGui/initProcessing added (each step on its own: one that fails does not
        keep the others from running)."""
        for step in (self._disconnect_all, self._remove_actions, self._remove_options, self._remove_dock,
                     self._remove_provider, self._remove_translator, self._stop_threads):
            try:
                step()
            except Exception:  # noqa: BLE001 - unload must finish
                QgsMessageLog.logMessage(traceback.format_exc(), LOG_TAG, Qgis.MessageLevel.Warning)

    @staticmethod
    def _stop_threads():
        """The loader's threads end with the plugin (its dock has cancelled a running load): a reload starts
        new ones, and none is left to end after QGIS has closed GDAL and the network."""
        from .layers.threads import shutdown

        if not shutdown():
            QgsMessageLog.logMessage(tr("Des chargements tournent encore : leurs fils s'arrêteront avec QGIS."),
                                     LOG_TAG, Qgis.MessageLevel.Warning)

    def _disconnect_all(self):
        for signal, slot in self._connections:
            with contextlib.suppress(TypeError, RuntimeError):  # already gone with its object
                signal.disconnect(slot)
        self._connections = []

    def _remove_actions(self):
        actions, self.actions = self.actions, {}
        dock_action = actions.get("TiEnergieActionDock")
        if dock_action is not None:
            self.iface.removeToolBarIcon(dock_action)
        for action in actions.values():
            self.iface.removePluginMenu(self.MENU, action)
            action.deleteLater()

    def _remove_options(self):
        factory, self.options_factory = self.options_factory, None
        if factory is not None:
            self.iface.unregisterOptionsWidgetFactory(factory)

    def _remove_dock(self):
        dock, self.dock = self.dock, None
        if dock is not None:
            try:
                dock.cleanup()
            finally:
                self.iface.removeDockWidget(dock)
                dock.setParent(None)
                dock.deleteLater()

    def _remove_provider(self):
        provider, self.provider = self.provider, None
        if provider is not None:
            QgsApplication.processingRegistry().removeProvider(provider)

    def _remove_translator(self):
        translator, self.translator = self.translator, None
        if translator is not None:
            QCoreApplication.removeTranslator(translator)
