"""Running the plugin outside QGIS Desktop (demo, tools, benchmarks): one place for the set-up.

- `expose_package()`: the repo root is the plugin folder; make it importable as `ti_energie`
  (and keep its `processing/` from shadowing QGIS's `processing` module).
- `start_qgis(processing=False)`: a headless QgsApplication (offscreen), optionally with Processing
  initialised and the plugin's provider registered. Idempotent.
"""

import contextlib
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_STATE = {}


def expose_package():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path[:] = [p for p in sys.path if p not in ("", ".") and Path(p).resolve() != ROOT]
    try:
        import ti_energie  # noqa: F401
    except ImportError:
        parent = Path(tempfile.mkdtemp(prefix="ti_energie_pkg_"))
        (parent / "ti_energie").symlink_to(ROOT, target_is_directory=True)
        sys.path.insert(0, str(parent))


def start_qgis(processing=False):
    """The running QgsApplication (started here if needed)."""
    expose_package()
    from qgis.core import QgsApplication

    if QgsApplication.instance() is None:
        app = QgsApplication([], False)
        app.initQgis()
        _STATE["app"] = app  # keep it alive
    if processing and "provider" not in _STATE:
        plugins = os.path.join(QgsApplication.pkgDataPath(), "python", "plugins")
        if plugins not in sys.path:
            sys.path.append(plugins)
        from processing.core.Processing import Processing

        Processing.initialize()
        from ti_energie.processing.provider import TiEnergieProvider

        registry = QgsApplication.processingRegistry()
        if registry.providerById("ti_energie") is None:
            _STATE["provider"] = TiEnergieProvider()
            registry.addProvider(_STATE["provider"])
        else:
            _STATE["provider"] = registry.providerById("ti_energie")
    return QgsApplication.instance()


def stop_qgis():
    """Exit QGIS if this module started it (call once every layer is released)."""
    app = _STATE.pop("app", None)
    _STATE.pop("provider", None)
    if app is not None:
        with contextlib.suppress(ImportError):  # the loader's threads end while QGIS is up (layers/threads.py)
            from ti_energie.layers.threads import shutdown

            shutdown()
        app.exitQgis()
