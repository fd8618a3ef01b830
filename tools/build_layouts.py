"""Generate the print layout templates of the fiche's maps (styles/layouts/<map key>.qpt).

    python tools/build_layouts.py [--output styles/layouts]

A4 landscape: title and subtitle, the map (framed), north arrow, scale bar, legend, sources, date and a
space for a logo. Item ids (read by layers/layouts.py): map_main, lbl_title, lbl_subtitle, legend,
lbl_sources, lbl_date, scalebar, north, logo. The texts are placeholders filled when a layout is made.
Built in PyQGIS rather than by hand so that they stay reproducible; users may edit the .qpt in QGIS's
layout designer (keeping the item ids).
"""

import os
from pathlib import Path

from qgis_env import ROOT
from qpt import _place, add_label, add_map, add_north_arrow, new_legend, new_scalebar, run_builder, save_template

os.environ.setdefault("QT_HASH_SEED", "0")  # attribute order of the XML: same file on every run

PAGE_W, PAGE_H = 297.0, 210.0
MARGIN = 10.0
MAP = (MARGIN, 27.0, 200.0, 173.0)            # x, y, width, height (mm)
SIDE_X = MARGIN + MAP[2] + 5.0                 # right column
SIDE_W = PAGE_W - MARGIN - SIDE_X
EXTENT_DUNKERQUE = (630000.0, 7055000.0, 690000.0, 7115000.0)


def _label(layout, item_id, text, size, bold=False, italic=False, color="#1a1a1a", rect=None, valign=None):
    return add_label(layout, item_id, text, size, rect, bold, italic, color, valign=valign)


def build_layout(m):
    """The layout of map `m` (a core.maps.MapDef), in a throw-away project."""
    from qgis.core import (QgsLayoutItemPage, QgsLayoutItemPicture, QgsLegendStyle, QgsPrintLayout, QgsProject,
                           QgsScaleBarSettings)
    from qgis.PyQt.QtGui import QColor

    project = QgsProject()
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName(m.name)
    layout.pageCollection().page(0).setPageSize("A4", QgsLayoutItemPage.Orientation.Landscape)

    _label(layout, "lbl_title", "Territoire d'industrie", 18, bold=True, rect=(MARGIN, 6.0, 200.0, 11.0))
    _label(layout, "lbl_subtitle", m.title, 12, color="#444444", rect=(MARGIN, 17.0, 200.0, 8.0))

    map_item = add_map(layout, "map_main", MAP, EXTENT_DUNKERQUE)
    map_item.setFollowVisibilityPreset(True)
    map_item.setFollowVisibilityPresetName(m.name)

    add_north_arrow(layout, "north", map_item, (MAP[0] + MAP[2] - 14.0, MAP[1] + 3.0, 10.0, 14.0))

    scalebar = new_scalebar(layout, "scalebar", map_item)
    scalebar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeMode.SegmentSizeFitWidth)
    scalebar.setMinimumBarWidth(20.0)
    scalebar.setMaximumBarWidth(45.0)
    scalebar.setHeight(2.0)
    scalebar.setBackgroundEnabled(True)
    scalebar.setBackgroundColor(QColor(255, 255, 255, 200))
    layout.addLayoutItem(scalebar)
    _place(scalebar, MAP[0] + 3.0, MAP[1] + MAP[3] - 13.0, 50.0, 10.0)

    legend = new_legend(layout, "legend", map_item,
                        ((QgsLegendStyle.Style.Title, 11, True), (QgsLegendStyle.Style.Group, 9, True),
                         (QgsLegendStyle.Style.Subgroup, 8, True), (QgsLegendStyle.Style.SymbolLabel, 7.5, False)))
    legend.rstyle(QgsLegendStyle.Style.Group).setMargin(QgsLegendStyle.Side.Top, 2.5)
    legend.rstyle(QgsLegendStyle.Style.Symbol).setMargin(QgsLegendStyle.Side.Top, 1.2)
    legend.rstyle(QgsLegendStyle.Style.SymbolLabel).setMargin(QgsLegendStyle.Side.Top, 1.2)
    legend.setSymbolWidth(5.0)
    legend.setSymbolHeight(3.5)
    legend.setWrapString("")
    legend.setLegendFilterByMapEnabled(True)
    legend.setResizeToContents(True)
    layout.addLayoutItem(legend)
    _place(legend, SIDE_X, MAP[1], SIDE_W, 110.0)

    # moved under the legend when the legend is longer (layers/layouts.py)
    _label(layout, "lbl_sources", "Sources : …", 6.0, color="#333333", rect=(SIDE_X, 145.0, SIDE_W, 45.0))
    _label(layout, "lbl_date", "Carte éditée le [% format_date(now(), 'dd/MM/yyyy') %] avec TI Énergie", 6.5,
           italic=True, color="#555555", rect=(SIDE_X, 194.0, SIDE_W, 5.0))

    logo = QgsLayoutItemPicture(layout)
    logo.setId("logo")
    layout.addLayoutItem(logo)
    _place(logo, PAGE_W - MARGIN - 45.0, 4.0, 45.0, 20.0)
    return layout, project


def write_template(m, folder):
    layout, _project = build_layout(m)
    return save_template(layout, Path(folder) / f"{m.key}.qpt", m.key)


def build_all(folder):
    from ti_energie.core.maps import MAPS

    Path(folder).mkdir(parents=True, exist_ok=True)
    return [write_template(m, folder) for m in MAPS]


if __name__ == "__main__":
    run_builder(__doc__, build_all, ROOT / "styles" / "layouts")
