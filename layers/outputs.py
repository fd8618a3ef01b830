"""Where a territory's GeoPackage is written, and how an older one is replaced safely. No widgets here.

The dock offers three places (setting `ti_energie/ui/save_mode`):

- ``project``: next to the project, in ``<folder of the project>/<project name>_ti_energie/<id_ti>.gpkg``,
  so that a saved project keeps working when the cache is emptied (default); a project not saved yet uses
  the chosen folder, or the user is asked for one, or the cache is used with a note;
- ``folder``: ``<chosen folder>/<id_ti>.gpkg``;
- ``cache``: a new file per load in the cache (``territoires/<id_ti>-<date>-….gpkg``), temporary: the
  older ones are pruned and « Vider le cache » removes them.

A GeoPackage is only replaced when the plugin wrote it (it has the plugin's ``sources`` table) and the open
project reads it through the plugin's layers of that territory only; otherwise the data go to
``<id_ti>-2.gpkg`` (``-3``…) and the user is told. The new file is written under a temporary name in the
same folder and renamed over the old one once the old layers are gone (``install``).

Also: the checks of the Processing algorithm's output path (``check_output``).
"""

import contextlib
import os
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import TiEnergieError
from ..core.i18n import tr

MODE_PROJECT = "project"
MODE_FOLDER = "folder"
MODE_CACHE = "cache"
MODES = (MODE_PROJECT, MODE_FOLDER, MODE_CACHE)
ASK = "ask"  # no folder known: the dock asks the user (or falls back to the cache)

PROJECT_SUFFIX = "_ti_energie"
SOURCES_COLUMNS = {"couche", "titre", "source", "licence", "statut"}
MAX_CANDIDATES = 99


@dataclass
class Plan:
    """Where the next load goes: `mode` (project, folder, cache or ask), the `folder` of `<id_ti>.gpkg`
    (None for cache and ask) and a French `note` for the user ('' when there is nothing to say)."""

    mode: str
    folder: Path = None
    note: str = ""


def project_data_folder(project_file):
    """``<folder of the project>/<project name>_ti_energie`` for a project file (.qgz/.qgs)."""
    path = Path(project_file)
    return path.parent / f"{path.stem}{PROJECT_SUFFIX}"


def plan(mode, project_file="", chosen_folder=""):
    """The Plan of a load for the user's mode, the project's file ('' when not saved) and chosen folder."""
    if mode not in MODES:
        mode = MODE_PROJECT
    if mode == MODE_CACHE:
        return Plan(MODE_CACHE)
    if mode == MODE_PROJECT:
        if project_file:
            return Plan(MODE_PROJECT, project_data_folder(project_file))
        if chosen_folder:
            return Plan(MODE_FOLDER, Path(chosen_folder),
                        tr("Projet pas encore enregistré : données enregistrées dans le dossier choisi ({}).").format(
                            chosen_folder))
        return Plan(ASK, None, tr("Projet pas encore enregistré et aucun dossier choisi."))
    if chosen_folder:
        return Plan(MODE_FOLDER, Path(chosen_folder))
    return Plan(ASK, None, "Aucun dossier choisi pour enregistrer les données.")


CACHE_FALLBACK_NOTE = ("Aucun dossier choisi : données enregistrées dans le cache (temporaire). Enregistrez le "
                       "projet puis rechargez le territoire pour les garder à côté du projet : « Vider le cache » "
                       "les supprimerait.")


def gpkg_name(territory_id, number=1):
    return f"{territory_id}.gpkg" if number <= 1 else f"{territory_id}-{number}.gpkg"


def _side_files(path):
    return [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal")]


def has_open_journal(path):
    """True when SQLite's write-ahead log or rollback journal of `path` exists: the file is open (or was
    left open by a crash). Replacing the file then could let SQLite replay the old log on the new file."""
    return any(p.exists() for p in _side_files(path) if not p.name.endswith("-shm"))


def is_plugin_gpkg(path):
    """True when `path` is a GeoPackage with the plugin's `sources` table (written by TI Énergie)."""
    path = Path(path)
    if not path.is_file():
        return False
    for options in ("mode=ro", "immutable=1"):  # a file in WAL mode may refuse a plain read-only opening
        try:
            uri = f"{path.resolve().as_uri()}?{options}"
            with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=1.0)) as db:
                rows = db.execute("SELECT name FROM pragma_table_info('sources')").fetchall()
            return SOURCES_COLUMNS <= {row[0] for row in rows}
        except (sqlite3.Error, OSError, ValueError):
            continue
    return False


def choose_gpkg(folder, territory_id, replaceable):
    """(path, note): the file for the territory's data in `folder`.

    `<id_ti>.gpkg` when absent or when `replaceable(path)` says the open project reads it through the
    plugin's layers of this territory only (and it is a GeoPackage the plugin wrote); else the first
    `<id_ti>-N.gpkg` that is absent or replaceable, with a note saying why the first one was left alone."""
    folder = Path(folder)
    first = folder / gpkg_name(territory_id)
    for number in range(1, MAX_CANDIDATES + 1):
        path = folder / gpkg_name(territory_id, number)
        if not path.exists() and not has_open_journal(path):
            break
        if path.is_file() and not has_open_journal(path) and is_plugin_gpkg(path) and replaceable(path):
            break
    else:
        raise TiEnergieError(tr("Trop de GeoPackages « {}-N.gpkg » dans {} : faites le tri ou choisissez un autre "
                                "dossier.").format(territory_id, folder))
    note = "" if path == first else (
        tr("{} n'a pas été remplacé (fichier qui n'a pas été écrit par TI Énergie pour ce projet, ou lu par "
           "d'autres couches) : données enregistrées dans {}.").format(first, path))
    return path, note


def next_free(folder, territory_id, skip=()):
    """The first `<id_ti>-N.gpkg` (N ≥ 2) of `folder` that does not exist (nor its journal), not in `skip`."""
    folder = Path(folder)
    skip = {Path(p) for p in skip}
    for number in range(2, MAX_CANDIDATES + 2):
        path = folder / gpkg_name(territory_id, number)
        if path not in skip and not path.exists() and not has_open_journal(path):
            return path
    raise TiEnergieError(tr("Trop de GeoPackages « {}-N.gpkg » dans {} : faites le tri.").format(territory_id, folder))


def temp_gpkg(final):
    """A temporary name in the folder of `final`, for the task to write into before `install`."""
    final = Path(final)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return final.with_name(f".{final.stem}.{stamp}-{os.getpid()}.nouveau.gpkg")


def cache_gpkg(folder, territory_id):
    """A new file name for one load in the cache's `territoires/` folder: `<id_ti>-<date>-<time>-<pid>-<n>.gpkg`
    (never the name of an existing file, even for two loads within the same second)."""
    folder = Path(folder)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for number in range(1, 10000):
        path = folder / f"{territory_id}-{stamp}-{os.getpid()}-{number}.gpkg"
        if not path.exists() and not has_open_journal(path) and not temp_exists(path):
            return path
    raise TiEnergieError(tr("Trop de GeoPackages de {} dans {} : videz le cache.").format(territory_id, folder))


def temp_exists(path):
    """True when the loader's partial file of `path` exists (a load writing it right now)."""
    path = Path(path)
    return path.with_name(f".{path.stem}.part.gpkg").exists()


def remove_gpkg(path):
    """Remove a GeoPackage and its SQLite side files; missing files are fine."""
    for leftover in (Path(path), *_side_files(path)):
        with contextlib.suppress(FileNotFoundError):
            os.remove(leftover)


def install(temp, final):
    """Rename the new GeoPackage `temp` over `final` (atomic). Raises OSError when `final` is still open
    (a journal exists, or Windows refuses to replace an open file); `temp` is then left in place."""
    temp, final = Path(temp), Path(final)
    if has_open_journal(final):
        raise PermissionError(f"{final} est encore ouvert (journal SQLite présent)")
    os.replace(temp, final)
    with contextlib.suppress(OSError):  # a leftover shared-memory index of the old file is meaningless now
        os.remove(f"{final}-shm")
    return final


# --- Processing output ------------------------------------------------------------------------------

def check_output(output):
    """The GeoPackage path of the Processing algorithm's OUTPUT, checked before anything is fetched.

    Refuses (TiEnergieError naming the path) an existing folder, a path below a file, a folder that cannot
    be created or written to. Adds `.gpkg` when there is no extension. Creates the folder."""
    text = str(output or "").strip()
    if not text:
        raise TiEnergieError(tr("Sortie : indiquez le chemin d'un fichier GeoPackage (.gpkg)."))
    path = Path(text).expanduser()
    if path.is_dir():
        raise TiEnergieError(tr("Sortie « {} » : c'est un dossier. Indiquez un fichier GeoPackage, par exemple {}.").format(path, path / 'territoire.gpkg'))
    if not path.suffix:
        path = path.with_suffix(".gpkg")
        if path.is_dir():
            raise TiEnergieError(tr("Sortie « {} » : c'est un dossier. Indiquez un fichier GeoPackage.").format(path))
    ancestor = path.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if ancestor.exists() and not ancestor.is_dir():
        raise TiEnergieError(tr("Sortie « {} » : {} est un fichier, pas un dossier.").format(path, ancestor))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise TiEnergieError(tr("Sortie « {} » : impossible de créer le dossier {} ({}).").format(path, path.parent, err.strerror or err)) from None
    check_writable(path.parent, f"Sortie « {path} »")
    return path


def check_writable(folder, what):
    """Raise TiEnergieError when no file can be created in `folder` (tried for real: rights, read-only disks
    and network shares are not always told by os.access)."""
    try:
        fd, probe = tempfile.mkstemp(prefix=".ti_energie-test-", dir=str(folder))
        os.close(fd)
        os.remove(probe)
    except OSError as err:
        raise TiEnergieError(tr("{} : impossible d'écrire dans le dossier {} ({}).").format(what, folder, err.strerror or err)) from None


def files_under(folder):
    """The files below `folder` (recursive), [] when it does not exist."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return [p for p in folder.rglob("*") if p.is_file()]
