"""Test harness: makes the repo importable as the package `ti_energie`, isolates settings and cache,
and gives the shared test helpers (local HTTP server, ../shared data)."""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SHARED_DATA = SHARED / "data"

# The repo root is the plugin folder, exposed under its installed name (tools/qgis_env.py).
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))
from qgis_env import expose_package  # noqa: E402

expose_package()

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session", autouse=True)
def _loader_threads_end_before_qgis(qgis_app):
    """The loader's threads end at the end of the session, before pytest-qgis exits QGIS (as the plugin's
    unload and tools/qgis_env.stop_qgis do): what they hold is released while GDAL and the network are up."""
    yield
    from ti_energie.layers.threads import shutdown

    assert shutdown(), "des fils du chargeur tournent encore à la fin des tests"


@pytest.fixture(scope="session", autouse=True)
def _french_locale():
    """The tests read the plugin's French messages: the QGIS UI locale is French whatever the machine's
    (an English machine would otherwise get the English translation at the plugin's start);
    tests/test_i18n.py installs the English translator itself."""
    from qgis.PyQt.QtCore import QLocale

    previous = QLocale()
    QLocale.setDefault(QLocale("fr_FR"))
    yield
    QLocale.setDefault(previous)


@pytest.fixture(scope="session", autouse=True)
def _repo_root_off_sys_path():
    """pytest puts the repo root on sys.path when setting up the root package and its folder name is not a
    Python identifier (a clone named `ti-energie`): the plugin's `processing/` would then hide QGIS's
    `processing` module. The plugin is imported as `ti_energie` (expose_package): the root is not needed."""
    sys.path[:] = [p for p in sys.path if not p or Path(p).resolve() != ROOT]
    cached = sys.modules.get("processing")
    if cached is not None and Path(getattr(cached, "__file__", "") or "/").resolve().parent.parent == ROOT:
        for name in [n for n in sys.modules if n == "processing" or n.startswith("processing.")]:
            del sys.modules[name]


def shared_file(name):
    """Path of a file of ../shared/data, or skip the test when ../shared is absent. Only for a comparison
    that has no stand-in; end-to-end tests take their data and expectations from geo_fixtures (DATA)."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"../shared/data/{name} absent")
    return path


@pytest.fixture(scope="session")
def offline_catalogue(tmp_path_factory):
    from geo_fixtures import write_catalogue

    return write_catalogue(tmp_path_factory.mktemp("offline") / "no-network-catalogue.yaml")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch, offline_catalogue):
    """Each test gets its own cache folder, an offline catalogue and no TI Énergie setting."""
    from ti_energie.layers import settings
    from ti_energie.layers.network import forget_unreachable

    settings.clear_all()
    forget_unreachable()  # a local port found closed by an earlier test may serve this one
    monkeypatch.setenv("TI_ENERGIE_CACHE_DIR", str(tmp_path / "cache"))
    # by default every source points at a closed local port: no test reaches the Internet
    # (tests of the built-in catalogue or of the settings remove the variable themselves)
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(offline_catalogue))
    yield


@pytest.fixture
def provider(qgis_processing):
    """The plugin's Processing provider, registered for the test (or the one already registered)."""
    from qgis.core import QgsApplication

    from ti_energie.processing.provider import TiEnergieProvider

    registry = QgsApplication.processingRegistry()
    if registry.providerById("ti_energie") is None:
        prov = TiEnergieProvider()
        registry.addProvider(prov)
        yield prov
        registry.removeProvider(prov)
    else:
        yield registry.providerById("ti_energie")
