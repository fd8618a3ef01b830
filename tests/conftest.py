"""Test harness: makes the repo importable as the package `ti_energie`, isolates settings and cache,
and gives the shared test helpers (local HTTP server, ../shared data)."""

import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SHARED_DATA = SHARED / "data"

# The repo root is the plugin folder: its `processing/` must not shadow QGIS's `processing` module
# (`python -m pytest` puts the current folder on sys.path), and it is exposed under its installed name.
sys.path[:] = [p for p in sys.path if p not in ("", ".") and Path(p).resolve() != ROOT]
_PKG_PARENT = Path(tempfile.mkdtemp(prefix="ti_energie_pkg_"))
(_PKG_PARENT / "ti_energie").symlink_to(ROOT, target_is_directory=True)
sys.path.insert(0, str(_PKG_PARENT))
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def shared_file(name):
    """Path of a file of ../shared/data, or skip the test when ../shared is absent."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"../shared/data/{name} absent")
    return path


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch):
    """Each test gets its own cache folder, no user catalogue and no TI Énergie setting."""
    from qgis.core import QgsSettings

    QgsSettings().remove("ti_energie")
    monkeypatch.setenv("TI_ENERGIE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TI_ENERGIE_CATALOGUE", raising=False)
    yield
