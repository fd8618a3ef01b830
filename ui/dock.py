"""The TI Énergie dock: choose a territory and themes, load them in the background.

Thin widget: the logic lives in core/ (catalogue, themes) and layers/ (task, loader, where the GeoPackage
goes: outputs.py, the project's layers and their files: project_layers.py).
"""

import contextlib
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from qgis.core import QgsApplication, QgsMessageLog, QgsProject, QgsTask, Qgis
from qgis.gui import QgsDockWidget, QgsFileWidget
from qgis.PyQt import sip
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtGui import QGuiApplication
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import TiEnergieError
from ..core.maps import MAPS
from ..layers import map_switch, outputs, settings
from .source_status import SourceStatusList, report_text
from .widgets import settings_notifier, tr

LOG_TAG = "TI Énergie"
_ID_ROLE = Qt.ItemDataRole.UserRole
_ERROR_STYLE = "color: #b00020;"
_STATUS = getattr(QgsTask, "TaskStatus", QgsTask)
_TASK_ENDED = (_STATUS.Complete, _STATUS.Terminated)


def _log(text, level=Qgis.MessageLevel.Warning):
    QgsMessageLog.logMessage(text, LOG_TAG, level)


@dataclass
class Destination:
    """Where a load goes: `write`, the new file the task writes (a temporary name next to `final`, or a new
    file of the cache), `final` (the file it then replaces; None in the cache), notes for the user."""

    write: Path = None
    final: Path = None
    notes: list = field(default_factory=list)

    @property
    def temp(self):
        return self.write if self.final is not None else None

    def discard(self):
        """Remove the new file (failed, cancelled or abandoned load); it always has a name of its own."""
        if self.write is not None:
            with contextlib.suppress(OSError):
                outputs.remove_gpkg(self.write)


class TerritoryDock(QgsDockWidget):
    """Territory selector, the fiche's four maps (one-click switch, « Mise en page »), theme check boxes and
    background, save location, Charger / Annuler, progress and sources."""

    # Windows refuses to replace a file still open: the old layers' connections close once the event loop
    # has run; the replacement is tried again a few times before the data go to another file name.
    INSTALL_RETRIES = 8
    INSTALL_DELAY_MS = 250

    def __init__(self, iface, parent=None, catalogue=None):
        super().__init__(tr("TI Énergie"), parent)
        self.setObjectName("TiEnergieDock")
        self.iface = iface
        self.task = None  # keep a Python reference: tasks are garbage collected otherwise
        self.refresh_task = None
        self.pending = None  # Destination of the running load
        self.report = ""
        self._closed = False
        self._connections = []
        self._last_map = None  # key of the map the dock showed last (the layout button's fallback)
        self._themes_collection = None  # the project's map theme collection whose signal is connected
        messages = []
        self._cache_dir = settings.cache_dir()
        if catalogue is None:
            catalogue, error = self._territory_catalogue()
            if error:
                messages.append(error)
        self.catalogue = catalogue
        self._build()
        error = self.update_themes()
        if error:
            messages.append(error)
        self._populate()
        self._update_save_widgets()
        if messages:
            self.set_status("\n".join(messages), error=True)
        self._connect(settings_notifier().changed, self._on_settings_changed)
        self._connect(QgsProject.instance().fileNameChanged, self._update_save_widgets)
        self._watch_project()
        self.refresh_maps()

    def _connect(self, signal, slot):
        signal.connect(slot)
        self._connections.append((signal, slot))

    def _territory_catalogue(self):
        """The territory catalogue in use (refreshed from ANCT if saved, else built-in) and an error or None.

        Never raises: an unreadable cache folder or saved list gives the built-in list and a message."""
        from ..core.territories import load_builtin
        from ..layers.cache import Cache
        from ..layers.territory_catalogue import current_catalogue

        try:
            folder = settings.cache_dir()
            self._cache_dir = folder
            return current_catalogue(Cache(folder)), None
        except TiEnergieError as err:
            return load_builtin(), str(err) + " " + tr("Liste intégrée des territoires utilisée.")
        except Exception as err:  # noqa: BLE001 - an unreadable folder must not stop the plugin
            _log(traceback.format_exc())
            return load_builtin(), tr("Liste des territoires enregistrée illisible dans le dossier du cache "
                                      "({folder}) : {error}. Liste intégrée utilisée.").format(
                folder=self._cache_dir, error=getattr(err, "strerror", None) or err)

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

        maps_box = QGroupBox(tr("Cartes de la fiche"), body)
        maps_box.setObjectName("TiEnergieMaps")
        maps_layout = QVBoxLayout(maps_box)
        grid = QGridLayout()
        self.map_buttons = {}
        for index, m in enumerate(MAPS):
            button = QToolButton(maps_box)
            button.setObjectName(f"TiEnergieMap_{m.key}")
            button.setText(tr(m.name))
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, key=m.key: self.show_map(key))
            grid.addWidget(button, index // 2, index % 2)
            self.map_buttons[m.key] = button
        maps_layout.addLayout(grid)
        self.layout_button = QPushButton(tr("Mise en page"), maps_box)
        self.layout_button.setObjectName("TiEnergieLayout")
        maps_layout.addWidget(self.layout_button)
        layout.addWidget(maps_box)

        themes_box = QGroupBox(tr("Thèmes"), body)
        themes_layout = QVBoxLayout(themes_box)
        themes_grid = QGridLayout()  # two columns: the dock's report stays in view on a 1000-pixel-high screen
        self.theme_checks = {}
        for index, theme in enumerate(THEMES):
            box = QCheckBox(tr(theme.label), themes_box)
            box.setObjectName(f"TiEnergieTheme_{theme.key}")
            box.setToolTip(tr(theme.tooltip) if theme.tooltip else "")
            themes_grid.addWidget(box, index // 2, index % 2)
            self.theme_checks[theme.key] = box
        themes_layout.addLayout(themes_grid)
        self.background_check = QCheckBox(tr("Fond de plan IGN"), themes_box)
        self.background_check.setObjectName("TiEnergieBackground")
        self.background_check.setToolTip(tr(
            "Ajoute sous chaque carte le « Plan IGN » de la Géoplateforme de l'IGN (service WMTS, Licence Ouverte "
            "2.0) : il s'affiche en ligne, rien n'est enregistré dans le GeoPackage. Sans réseau, il est signalé "
            "en échec dans l'état des sources et le reste se charge."))
        self.background_check.setChecked(settings.background())
        themes_layout.addWidget(self.background_check)
        self._themes_initialised = False
        layout.addWidget(themes_box)

        save_box = QGroupBox(tr("Enregistrer les données :"), body)
        save_layout = QVBoxLayout(save_box)
        self.save_mode = QComboBox(save_box)
        self.save_mode.setObjectName("TiEnergieSaveMode")
        self.save_mode.addItem(tr("à côté du projet"), outputs.MODE_PROJECT)
        self.save_mode.addItem(tr("dans un dossier choisi"), outputs.MODE_FOLDER)
        self.save_mode.addItem(tr("dans le cache (temporaire)"), outputs.MODE_CACHE)
        self.save_mode.setToolTip(tr(
            "Où écrire le GeoPackage du territoire :\n"
            "• à côté du projet : dossier « <nom du projet>_ti_energie » près du fichier du projet ; le projet "
            "enregistré garde ses couches même si le cache est vidé ;\n"
            "• dans un dossier choisi : <dossier>/<identifiant du territoire>.gpkg ;\n"
            "• dans le cache : fichiers temporaires, supprimés par « Vider le cache »."))
        index = self.save_mode.findData(settings.save_mode())
        self.save_mode.setCurrentIndex(max(index, 0))
        save_layout.addWidget(self.save_mode)
        self.save_folder = QgsFileWidget(save_box)
        self.save_folder.setObjectName("TiEnergieSaveFolder")
        self.save_folder.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.save_folder.setDialogTitle(tr("Dossier où enregistrer les données des territoires"))
        self.save_folder.setToolTip(tr("Dossier des GeoPackages en mode « dans un dossier choisi », et pour un "
                                       "projet pas encore enregistré"))
        self.save_folder.setFilePath(settings.save_folder())
        save_layout.addWidget(self.save_folder)
        self.save_note = QLabel(save_box)
        self.save_note.setObjectName("TiEnergieSaveNote")
        self.save_note.setWordWrap(True)
        self.save_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        save_layout.addWidget(self.save_note)
        layout.addWidget(save_box)

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
        self._build_fiche_button(layout, body)

        self.progress = QProgressBar(body)
        self.progress.setObjectName("TiEnergieProgress")
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.progress_text = QLabel(body)
        self.progress_text.setObjectName("TiEnergieProgressText")
        self.progress_text.setWordWrap(True)
        layout.addWidget(self.progress_text)

        self.status = QLabel(body)
        self.status.setObjectName("TiEnergieStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout.addWidget(self.status)

        self.sources = SourceStatusList(body)
        layout.addWidget(self.sources)
        self.warnings_view = QPlainTextEdit(body)
        self.warnings_view.setObjectName("TiEnergieWarnings")
        self.warnings_view.setReadOnly(True)
        self.warnings_view.setToolTip(tr("Avertissements du dernier chargement (texte sélectionnable)"))
        self.warnings_view.setMaximumHeight(self.fontMetrics().height() * 7)
        self.warnings_view.setVisible(False)
        layout.addWidget(self.warnings_view)
        self.copy_button = QToolButton(body)
        self.copy_button.setObjectName("TiEnergieCopyReport")
        self.copy_button.setText(tr("Copier le rapport"))
        self.copy_button.setToolTip(tr("Copier l'état des sources et les avertissements dans le presse-papiers"))
        self.copy_button.setVisible(False)
        layout.addWidget(self.copy_button)

        # the dock scrolls when it is shorter than its content (long reports, small screens)
        scroll = QScrollArea(self)
        scroll.setObjectName("TiEnergieScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        self.setWidget(scroll)
        # never narrower than its content: with no horizontal scroll bar, buttons and lists would be cut off
        scroll.setMinimumWidth(body.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width())

        self.search.textChanged.connect(self._filter)
        self.territory_list.itemSelectionChanged.connect(self._update_buttons)
        self.territory_list.itemSelectionChanged.connect(self._update_save_widgets)
        self.territory_list.itemDoubleClicked.connect(lambda _item: self.load())
        self.load_button.clicked.connect(self.load)
        self.refresh_button.clicked.connect(self.refresh_catalogue)
        self.cancel_button.clicked.connect(self.cancel)
        self.save_mode.currentIndexChanged.connect(self._on_save_mode)
        self.save_folder.fileChanged.connect(self._on_save_folder)
        self.copy_button.clicked.connect(self.copy_report)
        self.background_check.toggled.connect(settings.set_background)
        self.layout_button.clicked.connect(self.open_layout)
        self.territory_list.itemSelectionChanged.connect(self.refresh_maps)

    def update_themes(self):
        """Enable the theme boxes that have a source in the catalogue; the others are disabled, unchecked,
        and say so in their tooltip. Returns the error of the user's catalogue, or None."""
        from ..core.themes import THEMES

        try:
            catalogue, error = settings.load_catalogue_or_builtin()
            wired = {t.key: catalogue.theme_sources(t.key) for t in THEMES}
            labels = {key: [catalogue.label(k) for k in keys] for key, keys in wired.items()}
        except Exception as err:  # noqa: BLE001 - the dock must open even with a broken installation
            _log(traceback.format_exc())
            wired, labels, error = {t.key: [t.key] for t in THEMES}, {}, str(err)
        saved = set(settings.selected_themes(default=[key for key, keys in wired.items() if keys]))
        for theme in THEMES:
            box = self.theme_checks[theme.key]
            base = tr(theme.tooltip) if theme.tooltip else ""
            if wired.get(theme.key):
                if not box.isEnabled() or not self._themes_initialised:
                    box.setChecked(theme.key in saved)
                box.setEnabled(True)
                names = labels.get(theme.key)
                extra = tr("Sources : {sources}").format(sources=", ".join(names)) if names else ""
            else:
                box.setChecked(False)
                box.setEnabled(False)
                extra = tr("Aucune source de données n'est encore branchée pour ce thème : il ne peut pas être "
                           "chargé pour l'instant.")
            box.setToolTip("\n".join(text for text in (base, extra) if text))
        self._themes_initialised = True
        return error

    def _populate(self):
        self.territory_list.clear()
        for territory in self.catalogue:
            item = QListWidgetItem(territory.label)
            item.setData(_ID_ROLE, territory.id)
            item.setToolTip(f"{territory.name} ({territory.id})")
            self.territory_list.addItem(item)
        last = settings.last_territory()
        if last:
            if last in self.catalogue.ids():
                self.select_territory(last)
            else:  # the list changed (refreshed, other cache folder): forget it
                settings.set_last_territory("")
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
        return [key for key, box in self.theme_checks.items() if box.isEnabled() and box.isChecked()]

    def is_loading(self):
        return self.task is not None

    def set_status(self, text, error=False):
        self.status.setText(text)
        self.status.setStyleSheet(_ERROR_STYLE if error else "")

    def show_report(self, summary, statuses=(), warnings=()):
        """The result of a load: summary line(s), one row per source, the warnings (selectable)."""
        self.sources.set_statuses(list(statuses))
        self.warnings_view.setPlainText("\n".join(f"• {w}" for w in warnings))
        self.warnings_view.setVisible(bool(warnings))
        self.report = report_text(summary, list(statuses), list(warnings))
        self.copy_button.setVisible(bool(statuses or warnings))

    def clear_report(self):
        self.show_report("")

    def copy_report(self):
        QGuiApplication.clipboard().setText(self.report)

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

    # --- the fiche's maps --------------------------------------------------------------------------

    def _watch_project(self):
        """Keep the map buttons in step with the project: themes written or removed, project cleared or read,
        layers switched on or off in the layer tree (coalesced: applying a theme toggles many nodes)."""
        project = QgsProject.instance()
        self._maps_timer = QTimer(self)
        self._maps_timer.setSingleShot(True)
        self._maps_timer.setInterval(0)
        self._maps_timer.timeout.connect(self.refresh_maps)
        self._connect(project.cleared, self._schedule_maps)
        self._connect(project.readProject, self._schedule_maps)
        self._connect(project.mapThemeCollectionChanged, self._watch_themes)
        root = project.layerTreeRoot()
        for signal in (root.visibilityChanged, root.addedChildren, root.removedChildren):
            self._connect(signal, self._schedule_maps)
        self._watch_themes()

    def _watch_themes(self):
        """QgsProject.clear() replaces the map theme collection: follow the new one."""
        self._unwatch_themes()
        self._themes_collection = QgsProject.instance().mapThemeCollection()
        self._themes_collection.mapThemesChanged.connect(self._schedule_maps)
        self._schedule_maps()

    def _unwatch_themes(self):
        collection, self._themes_collection = self._themes_collection, None
        if collection is not None and not sip.isdeleted(collection):
            with contextlib.suppress(TypeError, RuntimeError):
                collection.mapThemesChanged.disconnect(self._schedule_maps)

    def _schedule_maps(self, *_args):
        if not self._closed and not sip.isdeleted(self._maps_timer):
            self._maps_timer.start()

    def refresh_maps(self):
        """Map buttons enabled for the maps the project has, the shown one checked; the layout button says
        which layout it makes, or why it cannot."""
        if self._closed or sip.isdeleted(self.layout_button):
            return
        project = QgsProject.instance()
        try:
            states = map_switch.map_states(project)
        except Exception:  # noqa: BLE001 - a slot must not raise (a project half read, a broken theme)
            _log(traceback.format_exc())
            return
        for state in states:
            button = self.map_buttons[state.key]
            button.setEnabled(state.available)
            button.setChecked(state.active)
            button.setToolTip(tr("Afficher la carte « {name} » (thème de carte du projet)").format(name=state.name)
                              if state.available else
                              tr("Carte « {name} » absente du projet : chargez un territoire avec ses thèmes.")
                              .format(name=state.name))
        territory = self.selected_territory()
        try:
            name = map_switch.layout_label(project, territory.id if territory else None, self._last_map)
        except Exception as err:  # noqa: BLE001 - TiEnergieError: the reason; anything else is logged
            if not isinstance(err, TiEnergieError):
                _log(traceback.format_exc())
            self.layout_button.setEnabled(False)
            self.layout_button.setToolTip(str(err))
        else:
            self.layout_button.setEnabled(True)
            self.layout_button.setToolTip(tr("Créer la mise en page « {name} » (A4 paysage : légende, sources, "
                                             "échelle) et l'ouvrir").format(name=name))

    def show_map(self, key):
        """Show one of the fiche's maps (its map theme). Returns True when shown."""
        shown = map_switch.show_map(QgsProject.instance(), key)
        if shown:
            self._last_map = key
        else:
            self.set_status(tr("La carte « {name} » n'est pas dans le projet.").format(
                name=self.map_buttons[key].text()), error=True)
        self.refresh_maps()
        return shown

    def open_layout(self):
        """Create the layout of the shown map for the selected territory (else the territory that has the map)
        and open it in the layout designer. Returns the layout or None."""
        territory = self.selected_territory()
        try:
            layout = map_switch.make_layout(QgsProject.instance(), territory.id if territory else None,
                                            self._last_map)
        except TiEnergieError as err:
            self.set_status(str(err), error=True)
            return None
        if self.iface is not None:
            self.iface.openLayoutDesigner(layout)
        self.set_status(tr("Mise en page « {name} » créée (Projet > Mises en page).").format(name=layout.name()))
        return layout

    # --- where the data are saved -----------------------------------------------------------------

    def _on_save_mode(self, _index=None):
        settings.set_save_mode(self.save_mode.currentData())
        self._update_save_widgets()

    def _on_save_folder(self, path):
        settings.set_save_folder(path.strip())
        self._update_save_widgets()

    def _update_save_widgets(self, *_args):
        if self._closed or sip.isdeleted(self.save_note):
            return
        mode = self.save_mode.currentData()
        self.save_folder.setEnabled(mode != outputs.MODE_CACHE)
        plan = outputs.plan(mode, QgsProject.instance().absoluteFilePath(), settings.save_folder())
        territory = self.selected_territory()
        name = outputs.gpkg_name(territory.id) if territory is not None else tr("<identifiant>.gpkg")
        if plan.mode == outputs.MODE_CACHE:
            note = tr("Fichiers temporaires du cache : « Vider le cache » les supprime, un projet enregistré qui "
                      "les utilise ne les retrouverait plus.")
        elif plan.mode == outputs.ASK:
            note = tr("Projet pas encore enregistré : un dossier vous sera demandé au chargement.") \
                if mode == outputs.MODE_PROJECT else tr("Choisissez un dossier (il vous sera demandé au chargement).")
        elif mode == outputs.MODE_PROJECT and plan.mode == outputs.MODE_FOLDER:
            note = tr("Projet pas encore enregistré : fichier {path}").format(path=plan.folder / name)
        else:
            note = tr("Fichier : {path}").format(path=plan.folder / name)
        self.save_note.setText(note)

    def ask_folder(self, reason):
        """Ask the user for a folder (the project is not saved yet, or no folder was chosen): '' if cancelled.
        Tests replace this method."""
        return QFileDialog.getExistingDirectory(
            self, tr("{reason} Dossier où enregistrer les données du territoire").format(reason=reason),
            settings.save_folder() or str(Path.home()))

    def prepare_destination(self, territory):
        """The Destination of a load of `territory` (may ask for a folder). Raises TiEnergieError."""
        from ..layers.cache import Cache
        from ..layers.project_layers import only_plugin_reads

        project = QgsProject.instance()
        mode = settings.save_mode()
        plan = outputs.plan(mode, project.absoluteFilePath(), settings.save_folder())
        if plan.mode == outputs.ASK:
            folder = (self.ask_folder(plan.note) or "").strip()
            if folder:
                settings.set_save_folder(folder)
                self.save_folder.setFilePath(folder)
                plan = outputs.plan(mode, project.absoluteFilePath(), folder)
            else:
                plan = outputs.Plan(outputs.MODE_CACHE, None, outputs.CACHE_FALLBACK_NOTE)
        notes = [plan.note] if plan.note else []
        if plan.mode == outputs.MODE_CACHE:
            try:
                folder = Cache(settings.cache_dir()).territory_dir()
            except OSError as err:
                raise TiEnergieError(tr("Dossier du cache inutilisable ({folder}) : {error}").format(
                    folder=settings.cache_dir(), error=err.strerror or err)) from None
            return Destination(write=outputs.cache_gpkg(folder, territory.id), notes=notes)
        try:
            plan.folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise TiEnergieError(tr("Impossible de créer le dossier {folder} : {error}. Choisissez un autre "
                                    "emplacement pour les données.").format(folder=plan.folder,
                                                                           error=err.strerror or err)) from None
        outputs.check_writable(plan.folder, tr("Enregistrement des données"))
        final, note = outputs.choose_gpkg(plan.folder, territory.id,
                                          lambda path: only_plugin_reads(project, territory.id, path))
        if note:
            notes.append(note)
        return Destination(write=outputs.temp_gpkg(final), final=final, notes=notes)

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
            destination = self.prepare_destination(territory)
            task = LoadTerritoryTask.from_settings(territory, themes, on_done=self._on_task_done,
                                                   gpkg_path=destination.write,
                                                   background=self.background_check.isChecked())
        except TiEnergieError as err:
            self.set_status(str(err), error=True)
            return None
        settings.set_last_territory(territory.id)
        settings.set_selected_themes(themes)
        self.task = task
        self.pending = destination
        task.progressChanged.connect(self._on_progress)
        task.feedback.progressTextChanged.connect(self._on_progress_text)
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress_text.setText("")
        self.clear_report()
        self.set_status(tr("Chargement de {territory}…").format(territory=territory.label))
        self._update_buttons()
        QgsApplication.taskManager().addTask(task)
        return task

    def refresh_catalogue(self):
        """Download ANCT's territory list in the background, then show it. Returns the task or None."""
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
        self.progress.setRange(0, 0)  # busy: the download has no known size
        self.progress_text.setText("")
        self.clear_report()
        self.set_status(tr("Actualisation de la liste des territoires…"))
        QgsApplication.taskManager().addTask(task)
        return task

    def _on_refreshed(self, exception, result=None):
        self.refresh_task = None
        if self._closed or sip.isdeleted(self.refresh_button):
            return
        self.refresh_button.setEnabled(True)
        self.progress.setRange(0, 100)
        if exception is not None:
            self.progress.setValue(0)
            message = str(exception) if isinstance(exception, TiEnergieError) else \
                tr("Actualisation impossible : {error}").format(error=exception)
            self.set_status(message + " " + tr("La liste précédente est conservée."), error=True)
            return
        self.progress.setValue(100)
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
        # never backwards: the sources report from several threads and their reports may cross
        if not self._closed and not sip.isdeleted(self.progress) and self.task is not None:
            self.progress.setValue(max(self.progress.value(), int(value)))

    def _on_progress_text(self, text):
        if not self._closed and not sip.isdeleted(self.progress_text) and self.task is not None:
            self.progress_text.setText(text)

    def _on_task_done(self, task):
        """Main thread: put the GeoPackage in place, add the layers (or show the error), zoom."""
        from ..layers.project_layers import release_territory

        if task is not self.task or self._closed:
            return
        destination = self.pending or Destination()
        if task.error is not None:
            self._end_task()
            destination.discard()
            self.progress.setValue(0)
            self.progress_text.setText("")
            self.clear_report()
            text = tr("Chargement annulé.") if task.cancelled else task.error
            self.set_status(text, error=not task.cancelled)
            return
        if destination.final is None:
            self._add_layers(task, destination)
            return
        # the plugin's old layers of this territory go first: their file can then be replaced
        release_territory(QgsProject.instance(), task.territory.id)
        self._install(task, destination, 0)

    def _install(self, task, destination, attempt):
        if self._closed or task is not self.task:
            destination.discard()
            return
        try:
            path = outputs.install(destination.temp, destination.final)
        except OSError as err:
            if attempt < self.INSTALL_RETRIES:
                QTimer.singleShot(self.INSTALL_DELAY_MS, lambda: self._install(task, destination, attempt + 1))
                return
            try:
                path = outputs.next_free(destination.final.parent, task.territory.id, skip=[destination.final])
                outputs.install(destination.temp, path)
            except (OSError, TiEnergieError) as again:
                destination.discard()
                self._end_task()
                self.set_status(tr("Impossible d'enregistrer {path} : {error}").format(
                    path=destination.final, error=getattr(again, "strerror", None) or again), error=True)
                return
            _log(f"{destination.final} : {err}")
            destination.notes.append(tr("{old} est verrouillé (ouvert par un autre logiciel ?) : données "
                                        "enregistrées dans {path}.").format(old=destination.final, path=path))
        task.result.gpkg_path = Path(path)
        self._add_layers(task, destination)

    def _add_layers(self, task, destination):
        from ..layers.project_layers import add_to_project, files_in_use, territory_extent

        label = task.territory.label
        try:
            project = QgsProject.instance()
            group, layers = add_to_project(task.result, project)
            self._tidy_tree(group)
            self._zoom_to(layers, project, territory_extent)
            self.progress.setValue(100)
            self.progress_text.setText("")
            lines = [tr("{count} couches chargées pour {territory}").format(count=len(layers), territory=label),
                     tr("Données : {path}").format(path=task.result.gpkg_path), *destination.notes]
            self.set_status("\n".join(lines))
            self.show_report("\n".join(lines), getattr(task.result, "statuses", []) or [],
                             list(getattr(task.result, "warnings", []) or []))
            self._prune(task, files_in_use(project))
        except TiEnergieError as err:
            self.set_status(str(err), error=True)
        finally:
            self._end_task()

    @staticmethod
    def _tidy_tree(group):
        """The legends a user reads: the maps' layers expanded (QGIS's layer tree collapses a legend of more
        than ten entries when the layer arrives, the producers' types among them), the layers drawn on no map
        (kept for the fiche's tables: biomethane, production by commune, jobs) collapsed."""
        from ..core.maps import BACKGROUND_LAYERS, BASE_LAYERS
        from ..layers.map_themes import MAP_PROPERTY

        for node in group.findLayers():
            parent = node.parent()
            key = node.layer().customProperty("ti_energie/layer") if node.layer() is not None else None
            node.setExpanded(bool(parent is not None and parent.customProperty(MAP_PROPERTY))
                             or key in BASE_LAYERS + BACKGROUND_LAYERS)

    @staticmethod
    def _prune(task, in_use):
        """The cache keeps the few newest per-load GeoPackages of the territory, and any file in use."""
        cache = getattr(task, "cache", None)
        if cache is None:
            return
        try:
            removed = cache.prune_territories(task.territory.id, keep=settings.keep_territories(task.catalogue),
                                              in_use=in_use)
        except OSError as err:
            _log(tr("Nettoyage du cache impossible : {error}").format(error=err))
            return
        if removed:
            _log(tr("Cache : {count} anciens GeoPackages de {territory} supprimés.").format(
                count=len(removed), territory=task.territory.label), Qgis.MessageLevel.Info)

    def _end_task(self):
        self.task = None
        self.pending = None
        self._update_buttons()

    def _zoom_to(self, layers, project, territory_extent):
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        if canvas is None or not layers:
            return
        extent = territory_extent(layers, canvas.mapSettings().destinationCrs(), project.transformContext())
        if extent is None or extent.isEmpty():
            _log(tr("Emprise du territoire vide : pas de zoom."))
            return
        extent.scale(1.05)
        canvas.setExtent(extent)
        canvas.refresh()

    # --- settings applied in the options page ------------------------------------------------------

    def _on_settings_changed(self):
        if self._closed:
            return
        error = self.update_themes()
        if settings.cache_dir() != self._cache_dir:  # another cache folder: its saved territory list
            selected = self.selected_territory()
            self.catalogue, catalogue_error = self._territory_catalogue()
            self._populate()
            if selected is not None and selected.id in self.catalogue.ids():
                self.select_territory(selected.id)
            self._filter(self.search.text())
            error = "\n".join(e for e in (error, catalogue_error) if e) or None
        if error:
            self.set_status(error, error=True)
        self._update_save_widgets()

    def cleanup(self):
        """Before deletion (plugin unload): cancel a running task and detach from it."""
        self._closed = True
        self._cleanup_fiche()
        for signal, slot in self._connections:
            with contextlib.suppress(TypeError, RuntimeError):
                signal.disconnect(slot)
        self._connections = []
        self._maps_timer.stop()
        self._unwatch_themes()
        task, self.task = self.task, None
        destination, self.pending = self.pending, None
        if task is not None:
            # the task may still write its file: it is removed when the task ends
            task.on_done = (lambda _task: destination.discard()) if destination is not None else None
            with contextlib.suppress(TypeError, RuntimeError):
                task.progressChanged.disconnect(self._on_progress)
            with contextlib.suppress(TypeError, RuntimeError):
                task.feedback.progressTextChanged.disconnect(self._on_fiche_text)
            task.inputs = None  # nothing is laid out after the dock is gone
            task.cancel()
            if destination is not None and task.status() in _TASK_ENDED:  # ended, file not installed yet
                destination.discard()

    # --- the territory's fiche (PDF) ---------------------------------------------------------------

    def _build_fiche_button(self, layout, parent):
        """« Exporter la fiche »: the selected territory's fiche as a PDF, in a background task; the same button
        cancels a running export."""
        self.fiche_task = None
        self.fiche_button = QPushButton(tr("Exporter la fiche"), parent)
        self.fiche_button.setObjectName("TiEnergieExportFiche")
        self.fiche_button.setToolTip(tr(
            "Écrire la fiche du territoire sélectionné en PDF (A4) : portrait, énergie et cartes, attractivité, "
            "recommandations, synergies de chaleur, sources. Données : celles du projet pour ce territoire, sinon "
            "le cache (complété au besoin). Les textes des référents sont lus dans fiche-<territoire>-textes.yaml à "
            "côté du PDF ; le premier export en écrit le modèle."))
        layout.addWidget(self.fiche_button)
        self.fiche_button.clicked.connect(self._on_fiche_button)

    def ask_fiche_path(self, default):
        """The PDF to write ('' if cancelled). Tests replace this method."""
        path, _filter = QFileDialog.getSaveFileName(self, tr("Enregistrer la fiche du territoire"), str(default),
                                                    tr("PDF (*.pdf)"))
        return path

    def _on_fiche_button(self):
        if self.fiche_task is not None:
            self.fiche_task.cancel()
            self.set_status(tr("Annulation de l'export de la fiche…"))
            return
        self.export_fiche()

    def _project_gpkg(self, territory):
        """The GeoPackage the project's layers of the territory read (its `perimetre`), or None."""
        from ..layers.project_layers import layer_file, plugin_layers

        for layer in plugin_layers(QgsProject.instance(), territory.id):
            if layer.customProperty("ti_energie/layer") == "perimetre" and layer_file(layer):
                return Path(layer_file(layer))
        return None

    def export_fiche(self):
        """Start the export of the selected territory's fiche. Returns the task or None."""
        from ..core.fiche_facts import slug
        from ..layers.fiche_task import ExportFicheTask

        territory = self.selected_territory()
        if territory is None:
            self.set_status(tr("Choisissez d'abord un territoire dans la liste."), error=True)
            return None
        project = QgsProject.instance()
        folder = Path(project.absoluteFilePath()).parent if project.absoluteFilePath() else \
            Path(settings.save_folder() or Path.home())
        pdf = (self.ask_fiche_path(folder / f"fiche-{slug(territory.label)}.pdf") or "").strip()
        if not pdf:
            return None
        if not pdf.lower().endswith(".pdf"):
            pdf += ".pdf"
        task = ExportFicheTask(territory, pdf, gpkg=self._project_gpkg(territory), on_done=self._on_fiche_done,
                               transform_context=project.transformContext())
        self.fiche_task = task
        task.progressChanged.connect(self._on_fiche_progress)
        task.feedback.progressTextChanged.connect(self._on_fiche_text)
        self.fiche_button.setText(tr("Annuler l'export de la fiche"))
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.set_status(tr("Fiche de {territory} : préparation…").format(territory=territory.label))
        QgsApplication.taskManager().addTask(task)
        return task

    def _on_fiche_progress(self, value):
        if not self._closed and not sip.isdeleted(self.progress) and self.fiche_task is not None:
            self.progress.setValue(int(value))
            if value >= 90:
                self.progress_text.setText(tr("Mise en page et écriture du PDF…"))

    def _on_fiche_text(self, text):
        if not self._closed and not sip.isdeleted(self.progress_text) and self.fiche_task is not None:
            self.progress_text.setText(text)

    def _on_fiche_done(self, task):
        """Main thread: the PDF is written (or not): say where, and what happened to the referents' file."""
        from ..processing.alg_export_fiche import STATES

        if task is not self.fiche_task or self._closed:
            return
        self.fiche_task = None
        self.fiche_button.setText(tr("Exporter la fiche"))
        self.progress_text.setText("")
        if task.error is not None:
            self.progress.setValue(0)
            self.set_status(tr("Export de la fiche annulé.") if task.cancelled else task.error,
                            error=not task.cancelled)
            return
        result = task.result
        self.progress.setValue(100)
        lines = [tr("Fiche écrite : {pdf} ({pages} pages).").format(pdf=result.pdf, pages=result.pages),
                 tr("Textes des référents : {path} ({state}).").format(
                     path=result.texts_path, state=tr(STATES.get(result.texts_state, result.texts_state)))]
        if result.suggestions:
            lines.append(tr("Faits nouveaux : {path}").format(path=result.suggestions))
        self.set_status("\n".join(lines))
        self.show_report("\n".join(lines), [], list(task.notes) + list(result.warnings))
        bar = self.iface.messageBar() if self.iface is not None and hasattr(self.iface, "messageBar") else None
        if bar is not None:
            from qgis.PyQt.QtCore import QUrl

            url = QUrl.fromLocalFile(str(result.pdf)).toString()
            bar.pushMessage("TI Énergie", tr("Fiche écrite : <a href=\"{url}\">{pdf}</a>").format(
                url=url, pdf=result.pdf), Qgis.MessageLevel.Success, 10)

    def _cleanup_fiche(self):
        task, self.fiche_task = getattr(self, "fiche_task", None), None
        if task is not None:
            task.on_done = None
            with contextlib.suppress(TypeError, RuntimeError):
                task.progressChanged.disconnect(self._on_fiche_progress)
            with contextlib.suppress(TypeError, RuntimeError):
                task.feedback.progressTextChanged.disconnect(self._on_fiche_text)
            task.inputs = None  # nothing is laid out after the dock is gone
            task.cancel()
