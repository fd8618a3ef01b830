"""Render the heat-matching result on the Dunkerque sample data to docs/img/heat_matching_dunkerque.png.

Usage: QT_QPA_PLATFORM=offscreen python tools/render_heat_example.py [--output docs/img/heat_matching_dunkerque.png]

`render_heat_map(...)` is reused by tools/heat_demo.py. Offscreen rendering with
QgsMapRendererCustomPainterJob; title, legend and caption drawn with QPainter.
"""

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from qgis_env import ROOT, start_qgis, stop_qgis  # noqa: E402


def _labels(layer, field, colour="#222222", size=9.0):
    from qgis.core import QgsPalLayerSettings, QgsTextBufferSettings, QgsTextFormat, QgsVectorLayerSimpleLabeling
    from qgis.PyQt.QtGui import QColor, QFont

    settings = QgsPalLayerSettings()
    settings.fieldName = field
    settings.isExpression = True
    fmt = QgsTextFormat()
    fmt.setFont(QFont("DejaVu Sans", 9))
    fmt.setSize(size)
    fmt.setColor(QColor(colour))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    buffer.setColor(QColor("white"))
    fmt.setBuffer(buffer)
    settings.setFormat(fmt)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def render_heat_map(links, sources, sinks, png_path, title, subtitle="", network=None, size=(1600, 1150),
                    background=()):
    """Render styled links / sources / sinks (and optionally the network lines) to a PNG, over the
    `background` layers (e.g. the territory's communes) that do not change the frame."""
    from qgis.core import Qgis, QgsCoordinateReferenceSystem, QgsMapRendererCustomPainterJob, QgsMapSettings, QgsRectangle
    from qgis.core import QgsCoordinateTransform, QgsProject
    from qgis.PyQt.QtCore import QPointF, QRectF, QSize, Qt
    from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter, QPen

    from ti_energie.processing.heat_styles import apply_style

    apply_style(links, "heat_links.qml")
    apply_style(sources, "heat_sources.qml")
    apply_style(sinks, "heat_sinks.qml")
    _labels(sources, "\"identifiant\" || ' ' || format_number(coalesce(\"used_mwh\", 0) / 1000, 0) || ' GWh'", "#7f2704")
    _labels(sinks, "\"identifiant\" || ' ' || format_number(coalesce(\"coverage_pct\", 0), 0) || ' %'", "#08306b")
    layers = [links, sources, sinks] + ([network] if network is not None else [])

    crs = QgsCoordinateReferenceSystem("EPSG:2154")
    extent = QgsRectangle()
    if hasattr(extent, "setNull"):  # QGIS 3.34+ (setMinimal is deprecated there)
        extent.setNull()
    else:
        extent.setMinimal()
    for layer in layers:
        xform = QgsCoordinateTransform(layer.crs(), crs, QgsProject.instance())
        extent.combineExtentWith(xform.transformBoundingBox(layer.extent()))
    extent.scale(1.15)
    width, height = size
    header = 110
    settings = QgsMapSettings()
    settings.setLayers(layers + list(background))
    settings.setDestinationCrs(crs)
    settings.setOutputSize(QSize(width, height - header))
    settings.setBackgroundColor(QColor("#f4f7f2"))
    settings.setExtent(extent)
    settings.setFlag(Qgis.MapSettingsFlag.DrawLabeling, True)
    settings.setFlag(Qgis.MapSettingsFlag.Antialiasing, True)

    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(0, header)
    job = QgsMapRendererCustomPainterJob(settings, painter)
    job.start()
    job.waitForFinished()
    painter.translate(0, -header)

    painter.setPen(QColor("#222222"))
    title_font = QFont("DejaVu Sans", 20)
    title_font.setBold(True)  # QFont(family, size, QFont.Weight) differs between PyQt5 and PyQt6
    painter.setFont(title_font)
    painter.drawText(QRectF(24, 14, width - 48, 40), Qt.AlignmentFlag.AlignLeft, title)
    painter.setFont(QFont("DejaVu Sans", 12))
    painter.drawText(QRectF(24, 56, width - 48, 48), Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, subtitle)

    # legend (bottom left)
    box = QRectF(20, height - 220, 380, 200)
    painter.setPen(QPen(QColor("#999999"), 1))
    painter.setBrush(QColor(255, 255, 255, 230))
    painter.drawRect(box)
    painter.setFont(QFont("DejaVu Sans", 11))
    items = [
        ("line", "#d7301f", "Lien direct (épaisseur ∝ énergie)"),
        ("line", "#2b8cbe", "Lien avec pompe à chaleur"),
        ("tri", "#e6550d", "Source utilisée (taille ∝ énergie)"),
        ("tri", "#9e9e9e", "Source non utilisée"),
        ("sq", "#08519c", "Puits : couverture (clair → foncé)"),
    ]
    if network is not None:
        items.append(("dash", "#41ab5d", "Tracé du réseau de chaleur"))
    y = box.top() + 24
    for kind, colour, text in items:
        painter.setPen(QPen(QColor(colour), 5 if kind == "line" else 1))
        painter.setBrush(QColor(colour))
        if kind == "dash":
            painter.setPen(QPen(QColor(colour), 3, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(box.left() + 14, y), QPointF(box.left() + 54, y))
        elif kind == "line":
            painter.drawLine(QPointF(box.left() + 14, y), QPointF(box.left() + 54, y))
        elif kind == "tri":
            painter.setPen(QPen(QColor("#333333"), 1))
            painter.drawPolygon(*[QPointF(box.left() + 34 + dx, y + dy) for dx, dy in ((0, -9), (9, 7), (-9, 7))])
        else:
            painter.drawRect(QRectF(box.left() + 26, y - 8, 16, 16))
        painter.setPen(QColor("#222222"))
        painter.drawText(QPointF(box.left() + 66, y + 5), text)
        y += 30
    painter.setFont(QFont("DejaVu Sans", 10))
    painter.setPen(QColor("#555555"))
    painter.drawText(
        QRectF(width - 820, height - 34, 800, 24),
        Qt.AlignmentFlag.AlignRight,
        "Données FICTIVES / illustratives (sample_data/heat) — Lambert-93 — TI Énergie",
    )
    painter.end()
    Path(png_path).parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(png_path), "PNG"):
        raise RuntimeError(f"PNG non écrit : {png_path}")
    return str(png_path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(ROOT / "docs" / "img" / "heat_matching_dunkerque.png"))
    args = parser.parse_args(argv)
    start_qgis()
    from heat_demo import run_heat_demo

    with tempfile.TemporaryDirectory() as tmp:
        summary = run_heat_demo(tmp, png_path=args.output)
    print(f"Carte écrite : {args.output} ({summary['delivered_mwh']:.0f} MWh/an livrés)")


if __name__ == "__main__":
    main()
    stop_qgis()
