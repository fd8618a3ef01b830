"""The TI Énergie dock: choose a territory and themes, load them in the background.

Thin widget: the logic lives in core/ (catalogue, themes) and layers/ (task, loader, project layers).
"""

import contextlib

from qgis.core import QgsApplication, QgsMessageLog, QgsProject, Qgis
from qgis.gui import QgsDockWidget
from qgis.PyQt import sip
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import TiEnergieError
from ..layers import settings
from .widgets import tr

LOG_TAG = "TI Énergie"
_ID_ROLE = Qt.ItemDataRole.UserRole


class TerritoryDock(QgsDockWidget):
    """Territory selector, theme check boxes, Charger / Annuler, progress and status."""

    def __init__(self, iface, parent=None, catalogue=None):
        super().__init__(tr("TI Énergie"), parent)
        self.setObjectName("TiEnergieDock")
        self.iface = iface
        self.task = None  # keep a Python reference: tasks are garbage collected otherwise
        self.refresh_task = None
        catalogue_error = None
        if catalogue is None:
            catalogue, catalogue_error = self._territory_catalogue()
        self.catalogue = catalogue
        self._build()
        self._populate()
        if catalogue_error:
            self.set_status(catalogue_error, error=True)

    @staticmethod
    def _territory_catalogue():
        """The territory catalogue in use (refreshed from ANCT if saved, else built-in) and an error or None."""
        from ..core.territories import load_builtin
        from ..layers.cache import Cache
        from ..layers.territory_catalogue import current_catalogue

        try:
            return current_catalogue(Cache(settings.cache_dir())), None
        except TiEnergieError as err:
            return load_builtin(), str(err)

    # --- construction ---------------------------------------------------------------------------

    def _build(self):
        from ..core.themes import THEMES

        body = QWidget(self)
        layout = QVBoxLayout(body)

        header = QHBoxLayout()
        header.addWidget(QLabel(tr("Territoire d'industrie"), body), 1)
        self.refresh_button = QToolButton(body)
        self.refresh_button.setObjectName("TiEnergieRefresh")
        self.refresh_button.setText(tr("Actualiser la liste"))
        self.refresh_button.setToolTip(tr("Télécharger la liste à jour des Territoires d'industrie "
                                          "(données ouvertes de l'ANCT, toute la France)"))
        header.addWidget(self.refresh_button)
        layout.addLayout(header)
        self.search = QLineEdit(body)
        self.search.setObjectName("TiEnergieSearch")
        self.search.setPlaceholderText(tr("Rechercher un territoire…"))
        self.search.setToolTip(tr("Filtre sur le nom officiel ou court ou sur l'identifiant ANCT "
                                  "(sans tenir compte des accents ni des majuscules)"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)

        self.territory_list = QListWidget(body)
        self.territory_list.setObjectName("TiEnergieTerritories")
        self.territory_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.territory_list.setMinimumHeight(120)
        self.territory_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.territory_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.territory_list, 1)

        themes_box = QGroupBox(tr("Thèmes"), body)
        themes_layout = QVBoxLayout(themes_box)
        self.theme_checks = {}
        # By default, only the themes that already have a data source are checked.
        try:
            wired = settings.load_catalogue()
            default = [t.key for t in THEMES if wired.theme_sources(t.key)]
        except TiEnergieError:
            default = []
        checked = set(settings.selected_themes(default=default))
        for theme in THEMES:
            box = QCheckBox(tr(theme.label), themes_box)
            box.setObjectName(f"TiEnergieTheme_{theme.key}")
            box.setToolTip(tr(theme.tooltip) if theme.tooltip else "")
            box.setChecked(theme.key in checked)
            themes_layout.addWidget(box)
            self.theme_checks[theme.key] = box
        layout.addWidget(themes_box)

        buttons = QHBoxLayout()
        self.load_button = QPushButton(tr("Charger"), body)
        self.load_button.setObjectName("TiEnergieLoad")
        self.load_button.setToolTip(tr("Charger les couches du territoire sélectionné dans le projet"))
        self.cancel_button = QPushButton(tr("Annuler"), body)
        self.cancel_button.setObjectName("TiEnergieCancel")
        self.cancel_button.setEnabled(False)
        buttons.addWidget(self.load_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)

        self.progress = QProgressBar(body)
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        layout.addWidget(self.progress)

        self.status = QLabel(body)
        self.status.setObjectName("TiEnergieStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout.addWidget(self.status)

        self.setWidget(body)

        self.search.textChanged.connect(self._filter)
        self.territory_list.itemSelectionChanged.connect(self._update_buttons)
        self.territory_list.itemDoubleClicked.connect(lambda _item: self.load())
        self.load_button.clicked.connect(self.load)
        self.refresh_button.clicked.connect(self.refresh_catalogue)
        self.cancel_button.clicked.connect(self.cancel)

    def _populate(self):
        self.territory_list.clear()
        for territory in self.catalogue:
            item = QListWidgetItem(territory.label)
            item.setData(_ID_ROLE, territory.id)
            item.setToolTip(f"{territory.name} ({territory.id})")
            self.territory_list.addItem(item)
        last = settings.last_territory()
        if last:
            self.select_territory(last)
        self._update_buttons()
        self.set_status(tr("Choisissez un territoire puis cliquez sur « Charger »."))

    # --- state ----------------------------------------------------------------------------------

    def territory_count(self):
        return self.territory_list.count()

    def visible_territories(self):
        return [self.territory_list.item(i).text() for i in range(self.territory_list.count())
                if not self.territory_list.item(i).isHidden()]

    def selected_territory(self):
        """The selected Territory, or None."""
        items = self.territory_list.selectedItems()
        if not items:
            return None
        return self.catalogue.get(items[0].data(_ID_ROLE))

    def select_territory(self, key):
        """Select a territory by ANCT id or (short) name. Returns the Territory."""
        territory = self.catalogue.get(key)
        for i in range(self.territory_list.count()):
            item = self.territory_list.item(i)
            if item.data(_ID_ROLE) == territory.id:
                item.setHidden(False)
                self.territory_list.setCurrentItem(item)
                item.setSelected(True)
                self.territory_list.scrollToItem(item)
        return territory

    def selected_themes(self):
        return [key for key, box in self.theme_checks.items() if box.isChecked()]

    def is_loading(self):
        return self.task is not None

    def set_status(self, text, error=False):
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;" if error else "")

    def _filter(self, text):
        visible = {t.id for t in self.catalogue.search(text)}
        for i in range(self.territory_list.count()):
            item = self.territory_list.item(i)
            item.setHidden(item.data(_ID_ROLE) not in visible)
        shown = [self.territory_list.item(i) for i in range(self.territory_list.count())
                 if not self.territory_list.item(i).isHidden()]
        if len(shown) == 1:
            self.territory_list.setCurrentItem(shown[0])
        self._update_buttons()

    def _update_buttons(self):
        items = self.territory_list.selectedItems()
        has_selection = bool(items) and not items[0].isHidden()
        self.load_button.setEnabled(has_selection and not self.is_loading())
        self.cancel_button.setEnabled(self.is_loading())

    # --- actions --------------------------------------------------------------------------------

    def load(self):
        """Start loading the selected territory in a background task. Returns the task or None."""
        from ..layers.task import LoadTerritoryTask

        if self.is_loading():
            return None
        try:
            territory = self.selected_territory()
            if territory is None:
                self.set_status(tr("Choisissez d'abord un territoire dans la liste."), error=True)
                return None
            themes = self.selected_themes()
            task = LoadTerritoryTask.from_settings(territory, themes, on_done=self._on_task_done)
        except TiEnergieError as err:
            self.set_status(str(err), error=True)
            return None
        settings.set_last_territory(territory.id)
        settings.set_selected_themes(themes)
        self.task = task
        task.progressChanged.connect(self._on_progress)
        self.progress.setValue(0)
        self.set_status(tr("Chargement de {territory}…").format(territory=territory.label))
        self._update_buttons()
        QgsApplication.taskManager().addTask(task)
        return task

    def refresh_catalogue(self):
        """Download ANCT's territory list in the background, then show it. Returns the task or None."""
        from qgis.core import QgsTask

        from ..layers.cache import Cache
        from ..layers.territory_catalogue import refresh_catalogue

        if self.is_loading() or self.refresh_task is not None:
            return None
        try:
            catalogue = settings.load_catalogue()
        except TiEnergieError as err:
            self.set_status(str(err), error=True)
            return None
        cache = Cache(settings.cache_dir())
        task = QgsTask.fromFunction(tr("TI Énergie – actualisation de la liste des territoires"),
                                    lambda _task: refresh_catalogue(catalogue, cache),
                                    on_finished=self._on_refreshed)
        self.refresh_task = task
        self.refresh_button.setEnabled(False)
        self.set_status(tr("Actualisation de la liste des territoires…"))
        QgsApplication.taskManager().addTask(task)
        return task

    def _on_refreshed(self, exception, result=None):
        self.refresh_task = None
        if sip.isdeleted(self.refresh_button):
            return
        self.refresh_button.setEnabled(True)
        if exception is not None:
            message = str(exception) if isinstance(exception, TiEnergieError) else \
                tr("Actualisation impossible : {error}").format(error=exception)
            self.set_status(message + " " + tr("La liste précédente est conservée."), error=True)
            return
        selected = self.selected_territory()
        self.catalogue = result
        self._populate()
        if selected is not None and selected.id in result.ids():
            self.select_territory(selected.id)
        self._filter(self.search.text())
        self.set_status(tr("Liste actualisée : {count} territoires (ANCT).").format(count=len(result)))

    def cancel(self):
        if self.task is not None:
            self.set_status(tr("Annulation en cours…"))
            self.task.cancel()

    def _on_progress(self, value):
        if not sip.isdeleted(self.progress):
            self.progress.setValue(int(value))

    def _on_task_done(self, task):
        """Main thread: add the layers (or show the error), zoom, re-enable the buttons."""
        from ..layers.project_layers import add_to_project, territory_extent

        if task is not self.task:
            return
        self.task = None
        label = task.territory.label
        try:
            if task.error is not None:
                self.progress.setValue(0)
                text = tr("Chargement annulé.") if task.cancelled else task.error
                self.set_status(text, error=not task.cancelled)
                return
            project = QgsProject.instance()
            _group, layers = add_to_project(task.result, project)
            self._zoom_to(layers, project, territory_extent)
            self.progress.setValue(100)
            message = tr("{count} couches chargées pour {territory}").format(count=len(layers), territory=label)
            warnings = list(getattr(task.result, "warnings", []) or [])
            if warnings:
                message += "\n" + tr("Avertissements :") + "\n• " + "\n• ".join(warnings)
            self.set_status(message)
        except TiEnergieError as err:
            self.set_status(str(err), error=True)
        finally:
            self._update_buttons()

    def _zoom_to(self, layers, project, territory_extent):
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        if canvas is None or not layers:
            return
        extent = territory_extent(layers, canvas.mapSettings().destinationCrs(), project.transformContext())
        if extent is None or extent.isEmpty():
            QgsMessageLog.logMessage(tr("Emprise du territoire vide : pas de zoom."), LOG_TAG,
                                     Qgis.MessageLevel.Warning)
            return
        extent.scale(1.05)
        canvas.setExtent(extent)
        canvas.refresh()

    def cleanup(self):
        """Before deletion (plugin unload): cancel a running task and detach from it."""
        task, self.task = self.task, None
        if task is not None:
            task.on_done = None
            with contextlib.suppress(TypeError, RuntimeError):
                task.progressChanged.disconnect(self._on_progress)
            task.cancel()
