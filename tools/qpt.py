"""What the generators of styles/ share: the command line (build_styles.py, build_layouts.py,
build_fiche_templates.py) and, for the print layout templates, placing items, the templates' font, labels,
the map with its north arrow, scale bar and legend, and saving a layout as a .qpt with stable item uuids
(two runs write the same files).

No Qt import at module level: the generators set QT_HASH_SEED before Qt starts.
"""

import argparse
import re
import uuid
from pathlib import Path

from qgis_env import start_qgis, stop_qgis

FONT = "Arial"
NORTH_ARROW = ":/images/north_arrows/layout_default_north_arrow.svg"


def run_builder(doc, build_all, default_output, argv=None):
    """The command line of a generator: `--output` (default `default_output`), QGIS started, the paths
    `build_all(output)` writes printed one a line, QGIS stopped. `doc`: the script's docstring."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--output", default=str(default_output))
    args = parser.parse_args(argv)
    start_qgis()
    for path in build_all(args.output):
        print(path)
    stop_qgis()


def _place(item, x, y, width, height):
    from qgis.core import QgsLayoutPoint, QgsLayoutSize, QgsUnitTypes

    item.attemptMove(QgsLayoutPoint(x, y, QgsUnitTypes.LayoutUnit.LayoutMillimeters))
    item.attemptResize(QgsLayoutSize(width, height, QgsUnitTypes.LayoutUnit.LayoutMillimeters))


def _font(size, bold=False, italic=False):
    from qgis.PyQt.QtGui import QFont

    font = QFont(FONT)
    font.setPointSizeF(size)
    font.setBold(bold)
    font.setItalic(italic)
    return font


def add_label(layout, item_id, text, size, rect, bold, italic, color, halign=None, valign=None, margins=None):
    """A label added to `layout` at `rect` (x, y, width, height in mm), in FONT; aligned left and top
    unless `halign`/`valign` (Qt alignment flags) say otherwise; `margins` (x, y in mm) or QGIS's own."""
    from qgis.core import QgsLayoutItemLabel
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtGui import QColor

    label = QgsLayoutItemLabel(layout)
    label.setId(item_id)
    label.setText(text)
    if hasattr(label, "setTextFormat"):  # QGIS ≥ 3.24
        from qgis.core import QgsTextFormat

        fmt = QgsTextFormat.fromQFont(_font(size, bold, italic))
        fmt.setSize(size)
        fmt.setColor(QColor(color))
        label.setTextFormat(fmt)
    else:
        label.setFont(_font(size, bold, italic))
        label.setFontColor(QColor(color))
    flags = getattr(Qt, "AlignmentFlag", Qt)
    label.setHAlign(halign if halign is not None else flags.AlignLeft)
    label.setVAlign(valign if valign is not None else flags.AlignTop)
    if margins is not None:
        label.setMarginX(margins[0])
        label.setMarginY(margins[1])
    layout.addLayoutItem(label)
    _place(label, *rect)
    return label


def add_map(layout, item_id, rect, extent):
    """A framed map in Lambert-93 on white at `rect`, showing `extent` (xmin, ymin, xmax, ymax) fitted to
    the frame's shape."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsLayoutItemMap, QgsRectangle
    from qgis.PyQt.QtGui import QColor
    from ti_energie.layers.layouts import fit_extent

    map_item = QgsLayoutItemMap(layout)
    map_item.setId(item_id)
    map_item.setCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
    map_item.setFrameEnabled(True)
    map_item.setBackgroundColor(QColor("#ffffff"))
    layout.addLayoutItem(map_item)
    _place(map_item, *rect)
    map_item.setExtent(fit_extent(QgsRectangle(*extent), rect[2], rect[3]))
    return map_item


def add_north_arrow(layout, item_id, map_item, rect):
    """QGIS's default north arrow, turned to the grid north of `map_item`, at `rect`."""
    from qgis.core import QgsLayoutItemPicture

    north = QgsLayoutItemPicture(layout)
    north.setId(item_id)
    north.setPicturePath(NORTH_ARROW)
    north.setLinkedMap(map_item)
    north.setNorthMode(QgsLayoutItemPicture.NorthMode.GridNorth)
    layout.addLayoutItem(north)
    _place(north, *rect)
    return north


def new_scalebar(layout, item_id, map_item):
    """A « Single Box » scale bar of `map_item` in km, two segments of 5 km; not added yet (the caller sets
    its size, adds and places it)."""
    from qgis.core import QgsLayoutItemScaleBar, QgsUnitTypes

    scalebar = QgsLayoutItemScaleBar(layout)
    scalebar.setId(item_id)
    scalebar.setStyle("Single Box")
    scalebar.setLinkedMap(map_item)
    scalebar.setUnits(QgsUnitTypes.DistanceUnit.DistanceKilometers)
    scalebar.setUnitLabel("km")
    scalebar.setNumberOfSegments(2)
    scalebar.setNumberOfSegmentsLeft(0)
    scalebar.setUnitsPerSegment(5.0)
    return scalebar


def new_legend(layout, item_id, map_item, fonts):
    """An empty legend « Légende » of `map_item` (filled when a layout is made), its styles in FONT at the
    `fonts` ((QgsLegendStyle.Style, size, bold), …); not added yet."""
    from qgis.core import QgsLayoutItemLegend

    legend = QgsLayoutItemLegend(layout)
    legend.setId(item_id)
    legend.setTitle("Légende")
    legend.setLinkedMap(map_item)
    legend.setAutoUpdateModel(False)
    legend.model().rootGroup().removeAllChildren()
    for style, size, bold in fonts:
        legend.setStyleFont(style, _font(size, bold))
    return legend


def save_template(layout, path, seed):
    """Write `layout` as the template `path`, its item uuids replaced by ones derived from `seed`."""
    from qgis.core import QgsReadWriteContext

    path = Path(path)
    if not layout.saveAsTemplate(str(path), QgsReadWriteContext()):
        raise RuntimeError(f"Modèle non écrit : {path}")
    path.write_text(_stable_uuids(path.read_text(encoding="utf-8"), seed), encoding="utf-8")
    return path


def _stable_uuids(text, seed):
    """Item uuids are random: replace each by a uuid derived from `seed` and its rank (the references
    between items, e.g. the legend's map, keep pointing at the same item)."""
    found = {}

    def stable(match):
        value = match.group(0)
        if value not in found:
            found[value] = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"ti_energie/{seed}/{len(found)}")) + "}"
        return found[value]

    return re.sub(r"\{[0-9a-fA-F-]{36}\}", stable, text)
