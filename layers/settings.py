"""User settings of TI Énergie (QgsSettings under the prefix ``ti_energie/``). No widgets here.

Precedence: environment variables (TI_ENERGIE_CACHE_DIR, TI_ENERGIE_CATALOGUE) > QGIS settings > defaults.
"""

import os
from pathlib import Path

from qgis.core import QgsApplication, QgsSettings

PREFIX = "ti_energie"
KEY_CACHE_DIR = f"{PREFIX}/cache_dir"
KEY_CATALOGUE = f"{PREFIX}/catalogue_path"
KEY_TIMEOUT = f"{PREFIX}/timeout_s"
GROUP_ENDPOINTS = f"{PREFIX}/endpoints"
KEY_LAST_TERRITORY = f"{PREFIX}/ui/last_territory"
KEY_THEMES = f"{PREFIX}/ui/themes"
KEY_SAVE_MODE = f"{PREFIX}/ui/save_mode"
KEY_SAVE_FOLDER = f"{PREFIX}/ui/save_folder"
KEY_BACKGROUND = f"{PREFIX}/ui/background"

ENV_CACHE_DIR = "TI_ENERGIE_CACHE_DIR"
ENV_CATALOGUE = "TI_ENERGIE_CATALOGUE"
DEFAULT_TIMEOUT_S = 60.0


def _text(key):
    value = QgsSettings().value(key, "")
    return str(value).strip() if value not in (None, "") else ""


def _set_text(key, value):
    value = str(value or "").strip()
    settings = QgsSettings()
    if value:
        settings.setValue(key, value)
    else:
        settings.remove(key)


# --- cache folder -------------------------------------------------------------------------------

def env_cache_dir():
    """The folder given by TI_ENERGIE_CACHE_DIR, or '' when the variable is not set."""
    return os.environ.get(ENV_CACHE_DIR, "").strip()


def default_cache_dir():
    return Path(QgsApplication.qgisSettingsDirPath()) / "cache" / "ti_energie"


def setting_cache_dir():
    """The folder stored in the settings ('' when unset), ignoring the environment."""
    return _text(KEY_CACHE_DIR)


def cache_dir():
    """Effective cache folder: TI_ENERGIE_CACHE_DIR > setting > <QGIS profile>/cache/ti_energie."""
    chosen = env_cache_dir() or setting_cache_dir()
    return Path(chosen).expanduser() if chosen else default_cache_dir()


def set_cache_dir(path):
    _set_text(KEY_CACHE_DIR, str(path) if path else "")


# --- user catalogue -----------------------------------------------------------------------------

def env_catalogue_path():
    return os.environ.get(ENV_CATALOGUE, "").strip()


def setting_catalogue_path():
    return _text(KEY_CATALOGUE)


def catalogue_path():
    """Effective user catalogue YAML: TI_ENERGIE_CATALOGUE > setting; None when neither is set."""
    return env_catalogue_path() or setting_catalogue_path() or None


def set_catalogue_path(path):
    _set_text(KEY_CATALOGUE, str(path) if path else "")


# --- endpoints ----------------------------------------------------------------------------------

def endpoint_overrides():
    """{source_key: url} of the endpoints overridden by the user (empty values are not stored)."""
    settings = QgsSettings()
    settings.beginGroup(GROUP_ENDPOINTS)
    try:
        keys = list(settings.childKeys())
        values = {key: str(settings.value(key, "") or "").strip() for key in keys}
    finally:
        settings.endGroup()
    return {key: url for key, url in values.items() if url}


def set_endpoint(source_key, url):
    """Store (or clear with an empty url) the endpoint override of one source. Validate it first."""
    _set_text(f"{GROUP_ENDPOINTS}/{source_key}", url)


# --- network ------------------------------------------------------------------------------------

def has_timeout_setting():
    return _text(KEY_TIMEOUT) != ""


def timeout_s():
    """Network timeout per request, in seconds (default 60)."""
    try:
        value = float(_text(KEY_TIMEOUT) or DEFAULT_TIMEOUT_S)
    except ValueError:
        return DEFAULT_TIMEOUT_S
    return value if value > 0 else DEFAULT_TIMEOUT_S


def set_timeout_s(seconds):
    if seconds is None or seconds == "":
        QgsSettings().remove(KEY_TIMEOUT)
    else:
        QgsSettings().setValue(KEY_TIMEOUT, float(seconds))


# --- dock state ---------------------------------------------------------------------------------

def last_territory():
    return _text(KEY_LAST_TERRITORY)


def set_last_territory(territory_id):
    _set_text(KEY_LAST_TERRITORY, territory_id)


def selected_themes(default):
    """Theme keys checked the last time (``default`` when never saved)."""
    raw = QgsSettings().value(KEY_THEMES, None)
    if raw is None:
        return list(default)
    if isinstance(raw, str):
        return [key for key in raw.split(",") if key]
    return [str(key) for key in raw if key]


def set_selected_themes(keys):
    QgsSettings().setValue(KEY_THEMES, ",".join(keys))


def save_mode():
    """Where the dock writes a territory's GeoPackage: 'project' (default), 'folder' or 'cache'
    (see layers/outputs.py). An unknown stored value reads as the default."""
    from .outputs import MODE_PROJECT, MODES

    value = _text(KEY_SAVE_MODE)
    return value if value in MODES else MODE_PROJECT


def set_save_mode(mode):
    _set_text(KEY_SAVE_MODE, mode)


def save_folder():
    """The folder chosen for the territories' GeoPackages ('' when none)."""
    return _text(KEY_SAVE_FOLDER)


def set_save_folder(path):
    _set_text(KEY_SAVE_FOLDER, str(path) if path else "")


def background():
    """« Fond de plan IGN » ticked in the dock (off by default: it needs the network)."""
    return _text(KEY_BACKGROUND).lower() in ("true", "1")


def set_background(on):
    QgsSettings().setValue(KEY_BACKGROUND, "true" if on else "false")


# --- helpers ------------------------------------------------------------------------------------

def clear_all():
    """Remove every TI Énergie setting (tests, reset)."""
    QgsSettings().remove(PREFIX)


def load_catalogue():
    """The source catalogue as configured by the user: user YAML, endpoint overrides and timeout."""
    from .catalogue import Catalogue

    catalogue = Catalogue.load(user_yaml=catalogue_path(), endpoint_overrides=endpoint_overrides())
    if has_timeout_setting():
        catalogue.data.setdefault("network", {})["timeout_s"] = timeout_s()
    return catalogue


def load_catalogue_or_builtin():
    """(catalogue, error): the user's catalogue, or the built-in one and the French message saying why the
    user's could not be read (a malformed YAML, an unreadable file). Never raises for the user's files."""
    from ..core.errors import TiEnergieError
    from .catalogue import BUILTIN_YAML, Catalogue, _read_yaml

    try:
        return load_catalogue(), None
    except TiEnergieError as err:
        return Catalogue(_read_yaml(BUILTIN_YAML, "Catalogue intégré")), str(err)


def keep_territories(catalogue=None):
    """How many per-load GeoPackages of a territory the cache keeps (catalogue `cache: keep_territories`)."""
    try:
        value = int(((catalogue.data if catalogue is not None else {}).get("cache") or {})
                    .get("keep_territories", 3))
    except (TypeError, ValueError):
        value = 3
    return max(1, value)
