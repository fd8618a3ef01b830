"""GUI test helpers: a pytest-qgis iface completed with what QGIS really does for plugins.

pytest-qgis's stub `qgis_iface` has no-op `addDockWidget`, `addPluginToMenu`, `addToolBarIcon`, and
MagicMocks for `registerOptionsWidgetFactory`/`removePluginMenu`/...; here they act on the stub's real
QMainWindow (a "Plugins" menu with sub-menus, a "Plugins" toolbar, real dock widgets) and keep a list
of the registered options factories, so tests can check what a load leaves behind after an unload.
"""

import time

import pytest
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, QEvent
from qgis.PyQt.QtWidgets import QAction, QDockWidget, QToolBar


class IfaceRecorder:
    """The methods QGIS's QgisInterface implements for plugins, acting on the stub's main window."""

    def __init__(self, iface):
        self.iface = iface
        self.main = iface.mainWindow()
        self.options_factories = []
        self.options_dialog_calls = []
        self.toolbar = self.main.findChild(QToolBar, "mPluginToolBar")
        if self.toolbar is None:
            self.toolbar = QToolBar("Plugins", self.main)
            self.toolbar.setObjectName("mPluginToolBar")
            self.main.addToolBar(self.toolbar)

    def plugins_menu(self):
        bar = self.main.menuBar()
        for action in bar.actions():
            if action.menu() is not None and action.menu().objectName() == "mPluginMenu":
                return action.menu()
        menu = bar.addMenu("&Extensions")
        menu.setObjectName("mPluginMenu")
        return menu

    def _submenu(self, name, create):
        for action in self.plugins_menu().actions():
            if action.menu() is not None and action.text() == name:
                return action.menu()
        return self.plugins_menu().addMenu(name) if create else None

    # QgisInterface API
    def addDockWidget(self, area, dock):  # noqa: N802
        self.main.addDockWidget(area, dock)

    def removeDockWidget(self, dock):  # noqa: N802
        self.main.removeDockWidget(dock)

    def addPluginToMenu(self, name, action):  # noqa: N802
        self._submenu(name, create=True).addAction(action)

    def removePluginMenu(self, name, action):  # noqa: N802
        menu = self._submenu(name, create=False)
        if menu is None:
            return
        menu.removeAction(action)
        if not menu.actions():
            self.plugins_menu().removeAction(menu.menuAction())
            menu.deleteLater()

    def addToolBarIcon(self, action):  # noqa: N802
        self.toolbar.addAction(action)

    def removeToolBarIcon(self, action):  # noqa: N802
        self.toolbar.removeAction(action)

    def registerOptionsWidgetFactory(self, factory):  # noqa: N802
        self.options_factories.append(factory)

    def unregisterOptionsWidgetFactory(self, factory):  # noqa: N802
        self.options_factories.remove(factory)

    def showOptionsDialog(self, parent=None, currentPage=""):  # noqa: N802, N803
        self.options_dialog_calls.append((parent, currentPage))

    # what tests look at
    def menu_actions(self, name="&TI Énergie"):
        menu = self._submenu(name, create=False)
        return list(menu.actions()) if menu is not None else []

    def toolbar_actions(self):
        return list(self.toolbar.actions())

    def docks(self, object_name="TiEnergieDock"):
        return self.main.findChildren(QDockWidget, object_name)

    def plugin_actions(self):
        return [a for a in self.main.findChildren(QAction) if a.objectName().startswith("TiEnergie")]


@pytest.fixture
def gui_iface(qgis_iface, monkeypatch):
    """pytest-qgis's iface with working dock/menu/toolbar/options methods; yields the recorder."""
    recorder = IfaceRecorder(qgis_iface)
    for name in ("addDockWidget", "removeDockWidget", "addPluginToMenu", "removePluginMenu", "addToolBarIcon",
                 "removeToolBarIcon", "registerOptionsWidgetFactory", "unregisterOptionsWidgetFactory",
                 "showOptionsDialog"):
        monkeypatch.setattr(qgis_iface, name, getattr(recorder, name), raising=False)
    yield recorder
    flush_deletes()


@pytest.fixture
def clean_settings():
    """No TI Énergie setting before and after the test (QGIS settings persist across the session)."""
    from ti_energie.layers import settings

    settings.clear_all()
    yield settings
    settings.clear_all()


def flush_deletes():
    """Run deleteLater() requests now (no event loop runs in tests)."""
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def wait_until(predicate, timeout_s=60.0, what="condition"):
    """Process events until `predicate()` is true (tasks report through queued signals) or fail."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        if predicate():
            QCoreApplication.processEvents()
            return
        time.sleep(0.01)
    QgsApplication.taskManager().cancelAll()
    raise AssertionError(f"{what} not reached after {timeout_s} s")


@pytest.fixture
def make_dock(gui_iface, clean_settings, qgis_new_project):  # noqa: F811
    """make() → a TerritoryDock on the test iface; every dock made is cleaned up and deleted afterwards."""
    from qgis.core import QgsProject

    from ti_energie.ui.dock import TerritoryDock

    docks = []

    def make():
        docks.append(TerritoryDock(gui_iface.iface))
        return docks[-1]

    yield make
    for dock in docks:
        dock.cleanup()
        dock.deleteLater()
    flush_deletes()
    QgsProject.instance().clear()
