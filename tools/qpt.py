"""What the generators of styles/ share: the command line (build_styles.py, build_layouts.py,
build_fiche_templates.py) and, for the print layout templates, placing items, the templates' font and
labels, and saving a layout as a .qpt with stable item uuids (two runs write the same files).

No Qt import at module level: the generators set QT_HASH_SEED before Qt starts.
"""

import argparse
import re
import uuid
from pathlib import Path

from qgis_env import start_qgis, stop_qgis

FONT = "Arial"


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
