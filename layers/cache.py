"""On-disk cache of source answers: one file per request, written atomically, never half-written.

A cached answer younger than `max_age_days` is used as is; an older one is refreshed, and kept (with a
warning) when the source cannot be reached, so the plugin keeps working offline.
"""

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from ..core.errors import SourceError
from .network import fetch


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


class Cache:
    """Cache rooted at `root` (the plugin's cache folder)."""

    def __init__(self, root):
        self.root = Path(root)

    def path_for(self, source_key, url):
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
        return self.root / "http" / source_key / f"{digest}.bin"

    def fetch(self, source_key, url, fetcher, max_age_days=30.0, warnings=None):
        """Cached bytes for `url`, or `fetcher(url)` stored in the cache.

        When the fetch fails and a stale copy exists, the copy is returned and a warning appended.
        """
        path = self.path_for(source_key, url)
        meta_path = path.with_suffix(".json")
        if path.exists() and time.time() - path.stat().st_mtime < max_age_days * 86400:
            return path.read_bytes()
        try:
            data = fetcher(url)
        except SourceError as err:
            if path.exists() and warnings is not None:
                warnings.append(f"{err} Copie en cache du {time.strftime('%d/%m/%Y', time.localtime(path.stat().st_mtime))} utilisée.")
                return path.read_bytes()
            raise
        atomic_write(path, data)
        atomic_write(meta_path, json.dumps({"url": url, "fetched": time.strftime("%Y-%m-%dT%H:%M:%S")}).encode())
        return data

    def fetched_date(self, source_key, url):
        """ISO date of the cached copy of `url`, or today's date."""
        path = self.path_for(source_key, url)
        stamp = path.stat().st_mtime if path.exists() else time.time()
        return time.strftime("%Y-%m-%d", time.localtime(stamp))

    def clear(self):
        """Empty the cache folder (only what the plugin wrote: http answers and territory packages)."""
        for sub in ("http", "territoires"):
            shutil.rmtree(self.root / sub, ignore_errors=True)

    def territory_dir(self):
        path = self.root / "territoires"
        path.mkdir(parents=True, exist_ok=True)
        return path


def cached_get(key, url, catalogue, cache, feedback=None, warnings=None, max_age_days=None):
    """The answer of `url` for source `key`, through the cache (a stale copy is used if the source is down)."""
    options = {"feedback": feedback, **catalogue.fetch_options(key)}
    age = catalogue.cache_max_age_days() if max_age_days is None else max_age_days
    return cache.fetch(key, url, lambda u: fetch(u, catalogue.label(key), **options), age, warnings)
