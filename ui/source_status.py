"""The dock's per-source status list: one row per source of the last load (perimeters included).

Each row says the state in words (chargée, copie ancienne, incomplète, échec, vide, fichier à fournir), with
an icon and a colour that only repeat it (never the only cue), the count of features and the reason, also
as tooltip. `report_text` is the copyable text of a load (sources and warnings).
"""

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QBrush, QColor, QGuiApplication, QKeySequence
from qgis.PyQt.QtWidgets import QAbstractItemView, QAction, QListWidget, QListWidgetItem

from .widgets import tr

# state → (QGIS theme icon, text colour); the state is always written out in the row
STATE_LOOK = {
    "ok": ("/mIconSuccess.svg", "#1b6e2f"),
    "stale": ("/mIconWarning.svg", "#8a5a00"),
    "incomplete": ("/mIconWarning.svg", "#8a5a00"),
    "failed": ("/mIconCritical.svg", "#b00020"),
    "empty": ("/mIconInfo.svg", "#45505a"),
    "not_provided": ("/mIconInfo.svg", "#45505a"),
}


def state_help(state):
    """What a state means, when the source gave no detail (tooltip)."""
    return {
        "ok": tr("Couche chargée depuis une réponse à jour de la source."),
        "stale": tr("La source n'a pas répondu : une copie plus ancienne, gardée en cache, a été utilisée."),
        "incomplete": tr("Couche chargée, mais des parties manquent (pages ou communes sans réponse)."),
        "failed": tr("Couche non chargée."),
        "empty": tr("La source ne connaît aucune entité sur ce territoire."),
        "not_provided": tr("Source alimentée par un fichier à fournir dans le catalogue : couche vide en attendant."),
    }.get(state, "")


_NO_MAXIMUM = 16777215  # QWIDGETSIZE_MAX
ROLE_STATE = Qt.ItemDataRole.UserRole
ROLE_KEY = Qt.ItemDataRole.UserRole + 1


def status_row(status):
    """(text, tooltip) of a SourceStatus row."""
    tooltip = status.detail or state_help(status.state)
    header = tr("{} : {}").format(status.label, status.state_label)
    return status.text(), f"{header}\n{tooltip}" if tooltip else header


def report_text(summary, statuses, warnings):
    """The text copied by « Copier le rapport »: the summary line, one line per source, the warnings."""
    lines = [summary] if summary else []
    if statuses:
        lines += ["", tr("État des sources :")] + [f"- {s.text()}" for s in statuses]
    if warnings:
        lines += ["", tr("Avertissements :")] + [f"- {w}" for w in warnings]
    return "\n".join(lines)


class SourceStatusList(QListWidget):
    """List of the sources of the last load; Ctrl+C or the context menu copy the rows."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("TiEnergieSources")
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # as tall as its rows (fit_rows): the dock scrolls, not the list; a scroll bar of its own would change
        # the rows' width, their wrapping, hence the height, and the bar again (an endless relayout)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setToolTip(tr("État de chaque source du dernier chargement (survolez une ligne pour le détail)"))
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        copy = QAction(tr("Copier"), self)
        copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_selection)
        self.addAction(copy)
        self.setVisible(False)

    def set_statuses(self, statuses):
        self.clear()
        for status in statuses or []:
            text, tooltip = status_row(status)
            item = QListWidgetItem(text)
            icon, colour = STATE_LOOK.get(status.state, ("/mIconInfo.svg", "#45505a"))
            item.setIcon(QgsApplication.getThemeIcon(icon))
            item.setForeground(QBrush(QColor(colour)))
            item.setToolTip(tooltip)
            item.setData(ROLE_STATE, status.state)
            item.setData(ROLE_KEY, status.key)
            self.addItem(item)
        self.setVisible(self.count() > 0)
        self.fit_rows()

    def fit_rows(self):
        """As tall as its rows, wrapped at the current width: every source in view, the dock scrolls, not the
        list (its reasons wrap over two or three lines in a narrow dock). Measured once shown (showEvent)."""
        if not self.count():
            self.setMinimumHeight(0)
            self.setMaximumHeight(_NO_MAXIMUM)
            return
        if not self.isVisible():
            return
        self.doItemsLayout()
        rows = sum(self.visualItemRect(self.item(i)).height() for i in range(self.count()))
        height = rows + 2 * self.frameWidth() + 2 * self.spacing() * self.count() + 2
        if height != self.minimumHeight() or height != self.maximumHeight():
            self.setFixedHeight(height)

    def showEvent(self, event):  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.fit_rows()

    def resizeEvent(self, event):  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_rows()  # the rows wrap again at the new width

    def rows(self):
        """[(source key, state, text, tooltip)] of the rows, for tests and the report."""
        return [(self.item(i).data(ROLE_KEY), self.item(i).data(ROLE_STATE), self.item(i).text(),
                 self.item(i).toolTip()) for i in range(self.count())]

    def copy_selection(self):
        items = self.selectedItems() or [self.item(i) for i in range(self.count())]
        QGuiApplication.clipboard().setText("\n".join(item.text() for item in items))
