"""On-disk cache of source answers: one file per request, validated, written atomically, never half-written.

The cache is ours only: it lives in a `ti_energie/` folder (with a marker file) inside the folder the user
chooses, and clearing it removes nothing else. An answer enters the cache only once it has been parsed and
checked (`validate`); a cached entry that no longer passes the check is dropped and fetched again, never
served. A copy younger than `max_age_days` is used as is; an older one is refreshed, and kept (with a
warning) when the source cannot be reached, so the plugin keeps working offline.
"""

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import SourceError
from ..core.i18n import tr
from .network import InvalidPayload, fetch

FOLDER = "ti_energie"
MARKER = ".ti_energie-cache"
SUBFOLDERS = ("http", "derived", "territoires")
MARKER_TEXT = b"Dossier de cache de l'extension QGIS TI Energie : son contenu peut etre supprime.\n"


def atomic_write(path, data):
    """Write bytes to `path` through a temporary file in the same folder and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".part-", dir=str(path.parent))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)


_FETCHING_LOCK = threading.Lock()
_FETCHING = {}  # cache file → [lock, number of users]: one fetch of an address at a time


@contextlib.contextmanager
def _one_fetch(path):
    """Held while the entry `path` is read or fetched: a second request of the same address (two sources of
    a concurrent load, a join and the entry it reads) waits for the first and is then served by the cache
    instead of asking the source again (one more request: one more second of a 1 request/s politeness)."""
    key = os.path.normcase(os.path.abspath(path))
    with _FETCHING_LOCK:
        slot = _FETCHING.setdefault(key, [threading.Lock(), 0])
        slot[1] += 1
    slot[0].acquire()
    try:
        yield
    finally:
        slot[0].release()
        with _FETCHING_LOCK:
            slot[1] -= 1
            if slot[1] == 0:
                _FETCHING.pop(key, None)


def _day(stamp):
    return time.strftime("%Y-%m-%d", time.localtime(stamp))


@dataclass
class Entry:
    """A cached answer: its file, whether it is a stale copy used because the source failed, its date."""

    path: Path
    stale: bool = False
    fetched: str = ""   # ISO date of the download
    warning: str = ""

    @property
    def data(self):
        return self.path.read_bytes()


class Cache:
    """Cache inside `root` (the folder chosen by the user): everything goes to `root/ti_energie/`."""

    def __init__(self, root):
        self.root = Path(root)
        # a folder that already is a TI Énergie cache (marker inside) is used as is
        self.dir = self.root if (self.root / MARKER).exists() else self.root / FOLDER

    def _mark(self):
        self.dir.mkdir(parents=True, exist_ok=True)
        marker = self.dir / MARKER
        if not marker.exists():
            atomic_write(marker, MARKER_TEXT)

    def is_ours(self):
        return (self.dir / MARKER).exists()

    def path_for(self, source_key, url):
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
        return self.dir / "http" / source_key / f"{digest}.bin"

    def _valid(self, path, validate, as_file):
        if validate is None:
            return True
        try:
            validate(path if as_file else path.read_bytes())
            return True
        except InvalidPayload:
            return False
        except OSError:
            return False

    def _drop(self, path):
        for leftover in (path, path.with_suffix(".json")):
            with contextlib.suppress(FileNotFoundError):
                os.remove(leftover)

    def get(self, source_key, url, fetcher, max_age_days=30.0, validate=None, as_file=False):
        """The cached answer of `url` (an Entry), fetched when missing, expired or invalid.

        `fetcher(url)` returns the bytes (or, with `as_file`, `fetcher(url, path)` writes the file);
        `validate(bytes_or_path)` raises InvalidPayload on a bad answer. When the fetch fails and a valid
        copy exists, the copy is returned with `stale=True` and a warning."""
        path = self.path_for(source_key, url)
        with _one_fetch(path):
            return self._get(path, source_key, url, fetcher, max_age_days, validate, as_file)

    def _get(self, path, source_key, url, fetcher, max_age_days, validate, as_file):
        if path.exists() and not self._valid(path, validate, as_file):
            self._drop(path)  # a corrupted or truncated entry is never served again
        if path.exists() and time.time() - path.stat().st_mtime < max_age_days * 86400:
            return Entry(path, fetched=_day(path.stat().st_mtime))
        self._mark()
        try:
            if as_file:
                fetcher(url, path)
            else:
                atomic_write(path, fetcher(url))
        except SourceError as err:
            if path.exists():
                day = time.strftime("%d/%m/%Y", time.localtime(path.stat().st_mtime))
                return Entry(path, stale=True, fetched=_day(path.stat().st_mtime),
                             warning=f"{err} Copie en cache du {day} utilisée.")
            raise
        if not self._valid(path, validate, as_file):  # the fetcher validates; a second look costs little
            self._drop(path)
            raise SourceError(source_key, tr("réponse invalide après téléchargement."))
        atomic_write(path.with_suffix(".json"),
                     json.dumps({"url": url, "fetched": time.strftime("%Y-%m-%dT%H:%M:%S")}).encode())
        return Entry(path, fetched=_day(path.stat().st_mtime))

    def fetch(self, source_key, url, fetcher, max_age_days=30.0, warnings=None, validate=None):
        """Cached bytes for `url` (see `get`); a stale copy's warning goes to `warnings`."""
        entry = self.get(source_key, url, fetcher, max_age_days, validate)
        if entry.warning and warnings is not None:
            warnings.append(entry.warning)
        return entry.data

    def fetched_date(self, source_key, url):
        """ISO date of the cached copy of `url`, or today's date."""
        path = self.path_for(source_key, url)
        return _day(path.stat().st_mtime if path.exists() else time.time())

    def derived_dir(self, source_key):
        """A folder for files built from a source's answers (an archive ingested into an indexed file)."""
        self._mark()
        path = self.dir / "derived" / source_key
        path.mkdir(parents=True, exist_ok=True)
        return path

    def territory_dir(self):
        self._mark()
        path = self.dir / "territoires"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def prune_territories(self, territory_id, keep=3, in_use=()):
        """Remove the older per-load GeoPackages of a territory, keeping the `keep` newest and any file
        in `in_use` (read by layers of the open project). Returns the removed paths."""
        folder = self.dir / "territoires"
        if not folder.exists():
            return []
        in_use = {os.path.normcase(os.path.abspath(p)) for p in in_use}
        files = sorted(folder.glob(f"{territory_id}-*.gpkg"), key=lambda p: p.stat().st_mtime, reverse=True)
        removed = []
        for path in files[keep:]:
            if os.path.normcase(os.path.abspath(path)) in in_use:
                continue
            try:
                for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                    with contextlib.suppress(FileNotFoundError):
                        os.remove(leftover)
                removed.append(path)
            except OSError:  # open elsewhere (Windows): kept for a later prune
                continue
        return removed

    def files_in(self, paths):
        """Those of `paths` that lie inside the cache folder."""
        base = os.path.normcase(os.path.abspath(self.dir)) + os.sep
        return [p for p in paths if os.path.normcase(os.path.abspath(p)).startswith(base)]

    def clear(self, keep=()):
        """Empty the cache: only inside `ti_energie/` (marked), only what the plugin writes there, and
        never the files of `keep` (files that layers of the open project read). Returns the kept files."""
        if not self.dir.exists():
            return []
        if not self.is_ours():
            raise SourceError(tr("cache"), tr("le dossier {} ne porte pas la marque du cache TI Énergie ; rien n'a été "
                                          "supprimé.").format(self.dir))
        keep = {os.path.normcase(os.path.abspath(p)) for p in keep}
        kept = []
        for sub in SUBFOLDERS:
            folder = self.dir / sub
            if not folder.exists():
                continue
            if not any(k.startswith(os.path.normcase(os.path.abspath(folder)) + os.sep) for k in keep):
                shutil.rmtree(folder, ignore_errors=True)
                continue
            for path in sorted(folder.rglob("*"), reverse=True):
                norm = os.path.normcase(os.path.abspath(path))
                if norm in keep or any(norm == k + suffix for k in keep for suffix in ("-wal", "-shm")):
                    kept.append(path)
                    continue
                with contextlib.suppress(OSError):
                    path.unlink() if not path.is_dir() else path.rmdir()
        return kept


def cached_entry(key, url, catalogue, cache, feedback=None, validate=None, as_file=False, max_age_days=None,
                 max_bytes=None, progress=None):
    """The cache Entry of `url` for source `key` (a stale copy is used if the source is down)."""
    options = {"feedback": feedback, "validate": validate, **catalogue.fetch_options(key)}
    age = catalogue.cache_max_age_days(key) if max_age_days is None else max_age_days
    label = catalogue.label(key)
    if as_file:
        from .network import download

        return cache.get(key, url, lambda u, p: download(u, label, p, max_bytes=max_bytes, progress=progress,
                                                         **options), age, validate, as_file=True)
    return cache.get(key, url, lambda u: fetch(u, label, **options), age, validate)


def cached_get(key, url, catalogue, cache, feedback=None, warnings=None, max_age_days=None, validate=None):
    """The answer (bytes) of `url` for source `key`, through the cache."""
    entry = cached_entry(key, url, catalogue, cache, feedback, validate, max_age_days=max_age_days)
    if entry.warning and warnings is not None:
        warnings.append(entry.warning)
    return entry.data
