"""The TI Énergie page of the QGIS Options dialog (Settings ▸ Options ▸ TI Énergie)."""

import os

from qgis.core import QgsProject
from qgis.gui import QgsFileWidget, QgsOptionsPageWidget, QgsOptionsWidgetFactory
from qgis.PyQt.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import TiEnergieError
from ..layers import settings
from .widgets import plugin_icon, settings_notifier, tr

PAGE_KEY = "tiEnergieOptions"
_ERROR_STYLE = "color: #b00020;"
_NOTE_STYLE = "color: #8a5a00;"


def _source_catalogue():
    """(catalogue, error) of the sources, user YAML included; the built-in one if the user's is invalid."""
    from ..layers.catalogue import BUILTIN_YAML, Catalogue, _read_yaml

    try:
        return Catalogue.load(user_yaml=settings.catalogue_path()), None
    except TiEnergieError as err:
        return Catalogue(_read_yaml(BUILTIN_YAML, "Catalogue intégré")), str(err)


def _names(paths, limit=8):
    """A readable list of file names (the first `limit`, then « … et N autres »)."""
    names = [f"• {os.path.basename(str(p))}" for p in paths[:limit]]
    if len(paths) > limit:
        names.append(tr("… et {count} autres").format(count=len(paths) - limit))
    return "\n".join(names)


class TiEnergieOptionsPage(QgsOptionsPageWidget):
    """Cache folder, user catalogue, endpoint overrides and network timeout."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName(PAGE_KEY)
        self.endpoint_edits = {}
        self.endpoint_errors = {}
        self.endpoint_labels = {}
        self._build()
        self.load_values()

    # --- construction ---------------------------------------------------------------------------

    def _build(self):
        # QGIS 3.22 puts the page in its Options dialog as is: without a scroll area, the list of sources made
        # the dialog taller than a 1000-pixel screen (its OK button out of reach)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setObjectName("TiEnergieOptionsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget(scroll)
        layout = QVBoxLayout(body)

        cache_box = QGroupBox(tr("Cache"), body)
        cache_form = QFormLayout(cache_box)
        self.cache_widget = QgsFileWidget(cache_box)
        self.cache_widget.setObjectName("TiEnergieCacheDir")
        self.cache_widget.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.cache_widget.setDialogTitle(tr("Dossier du cache TI Énergie"))
        cache_form.addRow(tr("Dossier du cache"), self.cache_widget)
        self.cache_env_note = self._note(cache_box)
        cache_form.addRow(self.cache_env_note)
        clear_row = QHBoxLayout()
        self.clear_button = QPushButton(tr("Vider le cache"), cache_box)
        self.clear_button.setObjectName("TiEnergieClearCache")
        self.clear_button.setToolTip(tr("Supprime les réponses des sources et les territoires chargés "
                                        "enregistrés par TI Énergie dans son dossier de cache (rien d'autre), "
                                        "après confirmation ; les fichiers lus par les couches du projet ouvert "
                                        "sont conservés"))
        self.clear_status = QLabel(cache_box)
        self.clear_status.setObjectName("TiEnergieClearStatus")
        self.clear_status.setWordWrap(True)
        clear_row.addWidget(self.clear_button)
        clear_row.addWidget(self.clear_status, 1)
        cache_form.addRow(clear_row)
        layout.addWidget(cache_box)

        catalogue_box = QGroupBox(tr("Catalogue des sources"), body)
        catalogue_form = QFormLayout(catalogue_box)
        self.catalogue_widget = QgsFileWidget(catalogue_box)
        self.catalogue_widget.setObjectName("TiEnergieCatalogue")
        self.catalogue_widget.setStorageMode(QgsFileWidget.StorageMode.GetFile)
        self.catalogue_widget.setFilter(tr("Catalogue YAML (*.yaml *.yml)"))
        self.catalogue_widget.setDialogTitle(tr("Catalogue utilisateur (YAML)"))
        catalogue_form.addRow(tr("Catalogue utilisateur (YAML)"), self.catalogue_widget)
        catalogue_help = QLabel(tr("Fichier YAML facultatif qui ajoute ou remplace des sources, avec la même "
                                   "structure que le catalogue intégré (layers/sources.yaml)."), catalogue_box)
        catalogue_help.setWordWrap(True)
        catalogue_form.addRow(catalogue_help)
        self.catalogue_env_note = self._note(catalogue_box)
        catalogue_form.addRow(self.catalogue_env_note)
        self.catalogue_error = self._note(catalogue_box, _ERROR_STYLE)
        catalogue_form.addRow(self.catalogue_error)
        layout.addWidget(catalogue_box)

        endpoints_box = QGroupBox(tr("Adresses des sources (vide = adresse par défaut)"), body)
        self.endpoints_form = QFormLayout(endpoints_box)
        catalogue, error = _source_catalogue()
        if error:
            self.catalogue_error.setText(error)
            self.catalogue_error.setVisible(True)
        for key, source in sorted(catalogue.sources.items()):
            edit = QLineEdit(endpoints_box)
            edit.setObjectName(f"TiEnergieEndpoint_{key}")
            edit.setPlaceholderText(str(source.get("url", "")))
            edit.setClearButtonEnabled(True)
            label = str(source.get("label", key))
            edit.setToolTip(tr("Source « {source} » ({key}) : adresse HTTPS à utiliser à la place de "
                               "l'adresse par défaut").format(source=label, key=key))
            edit.editingFinished.connect(self.validate)
            error_label = self._note(endpoints_box, _ERROR_STYLE)
            self.endpoints_form.addRow(label, edit)
            self.endpoints_form.addRow(error_label)
            self.endpoint_edits[key] = edit
            self.endpoint_errors[key] = error_label
            self.endpoint_labels[key] = label
        layout.addWidget(endpoints_box)

        network_box = QGroupBox(tr("Réseau"), body)
        network_form = QFormLayout(network_box)
        self.timeout_spin = QDoubleSpinBox(network_box)
        self.timeout_spin.setObjectName("TiEnergieTimeout")
        self.timeout_spin.setRange(1.0, 3600.0)
        self.timeout_spin.setDecimals(0)
        self.timeout_spin.setSuffix(" s")
        network_form.addRow(tr("Délai d'attente par requête"), self.timeout_spin)
        layout.addWidget(network_box)
        layout.addStretch(1)
        scroll.setWidget(body)

        self.clear_button.clicked.connect(self.clear_cache)

    @staticmethod
    def _note(parent, style=_NOTE_STYLE):
        label = QLabel(parent)
        label.setWordWrap(True)
        label.setStyleSheet(style)
        label.setVisible(False)
        return label

    # --- values ---------------------------------------------------------------------------------

    def load_values(self):
        self.cache_widget.setFilePath(settings.setting_cache_dir())
        env_cache = settings.env_cache_dir()
        self._show_env_note(self.cache_env_note, self.cache_widget, settings.ENV_CACHE_DIR, env_cache)
        if not env_cache and not settings.setting_cache_dir():
            self.cache_widget.lineEdit().setPlaceholderText(str(settings.default_cache_dir()))
        self.catalogue_widget.setFilePath(settings.setting_catalogue_path())
        self._show_env_note(self.catalogue_env_note, self.catalogue_widget, settings.ENV_CATALOGUE,
                            settings.env_catalogue_path())
        overrides = settings.endpoint_overrides()
        for key, edit in self.endpoint_edits.items():
            edit.setText(overrides.get(key, ""))
        self.timeout_spin.setValue(settings.timeout_s())
        self._loaded_timeout = self.timeout_spin.value()
        self.validate()

    @staticmethod
    def _show_env_note(note, widget, variable, value):
        if value:
            note.setText(tr("La variable d'environnement {variable} est définie ({value}) : elle a priorité "
                            "sur ce réglage.").format(variable=variable, value=value))
        note.setVisible(bool(value))
        widget.setEnabled(not value)

    def validate(self):
        """Check the endpoint URLs (HTTPS; http only for loopback). Returns {source_key: error}."""
        from ..layers.catalogue import check_url

        errors = {}
        for key, edit in self.endpoint_edits.items():
            url = edit.text().strip()
            message = ""
            if url:
                try:
                    check_url(url, self.endpoint_labels[key])
                except TiEnergieError as err:
                    message = str(err)
                    errors[key] = message
            self.endpoint_errors[key].setText(message)
            self.endpoint_errors[key].setVisible(bool(message))
        return errors

    def apply(self):
        """Save the settings. Invalid endpoint URLs are not saved (the previous value is kept)."""
        if self.cache_widget.isEnabled():
            settings.set_cache_dir(self.cache_widget.filePath().strip())
        if self.catalogue_widget.isEnabled():
            settings.set_catalogue_path(self.catalogue_widget.filePath().strip())
        errors = self.validate()
        for key, edit in self.endpoint_edits.items():
            if key not in errors:
                settings.set_endpoint(key, edit.text().strip())
        # Stored only once chosen here, so that an untouched page does not override the catalogue's timeout.
        if settings.has_timeout_setting() or self.timeout_spin.value() != self._loaded_timeout:
            settings.set_timeout_s(self.timeout_spin.value())
            self._loaded_timeout = self.timeout_spin.value()
        settings_notifier().changed.emit()  # the dock recomputes its themes (and list, for another cache)
        return not errors

    def confirm(self, title, text):
        """Ask a yes/no question (QMessageBox); tests replace this method."""
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def clear_cache(self):
        """Empty the plugin's cache folder after confirmation: only what TI Énergie wrote in its marked
        `ti_energie/` folder, and never the files that layers of the open project read. Returns True when
        the cache was emptied."""
        from ..layers.cache import SUBFOLDERS, Cache
        from ..layers.outputs import files_under
        from ..layers.project_layers import files_in_use

        try:
            cache = Cache(settings.cache_dir())
            folder = cache.dir
            in_use = cache.files_in(files_in_use(QgsProject.instance()))
            before = [p for sub in SUBFOLDERS for p in files_under(folder / sub)]
        except OSError as err:
            return self._clear_report(tr("Impossible de lire le cache ({folder}) : {error}").format(
                folder=settings.cache_dir(), error=err.strerror or err), error=True)
        if not before:
            return self._clear_report(tr("Le cache est déjà vide ({folder}).").format(folder=folder))
        size_mb = sum(p.stat().st_size for p in before if p.exists()) / 1e6
        text = tr("Supprimer les {count} fichiers ({size:.1f} Mo) que TI Énergie a enregistrés dans {folder} : "
                  "réponses des sources et territoires chargés dans le cache ? Rien d'autre n'est supprimé."
                  ).format(count=len(before), size=size_mb, folder=folder)
        if in_use:
            text += "\n\n" + tr("Ces fichiers sont lus par des couches du projet ouvert et seront conservés :") + \
                "\n" + _names(in_use)
        if not self.confirm(tr("Vider le cache de TI Énergie"), text):
            return self._clear_report(tr("Rien n'a été supprimé."))
        try:
            kept = cache.clear(keep=in_use)
        except (OSError, TiEnergieError) as err:
            return self._clear_report(tr("Impossible de vider le cache ({folder}) : {error}").format(
                folder=folder, error=getattr(err, "strerror", None) or err), error=True)
        left = [p for sub in SUBFOLDERS for p in files_under(folder / sub)]
        message = tr("Cache vidé ({folder}) : {count} fichiers supprimés.").format(
            folder=folder, count=len(before) - len(left))
        kept_files = [p for p in kept if p.is_file()]
        if kept_files:
            message += "\n" + tr("Conservés car utilisés par le projet ouvert :") + "\n" + _names(kept_files)
        others = len(left) - len(kept_files)
        if others > 0:
            message += "\n" + tr("{count} fichiers n'ont pas pu être supprimés (ouverts par un autre "
                                  "logiciel ?).").format(count=others)
        return self._clear_report(message, done=True)

    def _clear_report(self, text, error=False, done=False):
        self.clear_status.setText(text)
        self.clear_status.setStyleSheet(_ERROR_STYLE if error else "")
        return done


class TiEnergieOptionsFactory(QgsOptionsWidgetFactory):
    """Registers the page in Settings ▸ Options (iface.registerOptionsWidgetFactory)."""

    def __init__(self):
        super().__init__(tr("TI Énergie"), plugin_icon())

    def key(self):  # used by QGIS >= 3.34 to find the page (3.22 uses the page's object name)
        return PAGE_KEY

    def path(self):
        return []

    def createWidget(self, parent):  # noqa: N802
        return TiEnergieOptionsPage(parent)
