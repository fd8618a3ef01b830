"""Generate the print layout templates of the territory fiche (styles/fiche/<page>.qpt).

    python tools/build_fiche_templates.py [--output styles/fiche]

One template per page of the fiche (A4; portrait, except the page standing in for a map without data, in
landscape like the maps of styles/layouts). Texts are placeholders: layers/fiche.py fills the items by id
(lbl_*, tbl_* for the frame of a manual table, pic_* for SVG charts, map_heat…). Every page has the same
header (band, « TI Énergie · Fiche territoire », the territory's name), section title and footer (edition,
page number): one typography for the whole fiche. No HTML item (gone in QGIS 4): labels, manual tables,
pictures, shapes, maps. Users may restyle the .qpt in QGIS's layout designer, keeping the item ids.
"""

import os
from pathlib import Path

from qgis_env import ROOT
from qpt import (_font, _place, add_label, add_map, add_north_arrow, new_legend, new_scalebar, run_builder,
                 save_template)

os.environ.setdefault("QT_HASH_SEED", "0")

PORTRAIT_W, PORTRAIT_H = 210.0, 297.0
LANDSCAPE_W, LANDSCAPE_H = 297.0, 210.0
MARGIN = 15.0
WIDTH = PORTRAIT_W - 2 * MARGIN
ACCENT = "#1F4E79"
ACCENT_LIGHT = "#DCE6F1"
TEXT = "#1A1A1A"
GREY = "#555555"
RULE = "#B8C4D0"
SWOT_COLOURS = {"forces": ("#117733", "#E6F2E8"), "faiblesses": ("#AA3377", "#F6E6EE"),
                "opportunites": ("#4477AA", "#E4ECF5"), "menaces": ("#997700", "#F6F0DD")}
BODY = 9.0       # text size of the fiche (pt)
SMALL = 7.0      # notes and sources
TITLE = 11.0     # block titles
SECTION = 15.0   # section titles


def _label(layout, item_id, text, size, rect, bold=False, italic=False, color=TEXT, align="left"):
    from qgis.PyQt.QtCore import Qt

    flags = getattr(Qt, "AlignmentFlag", Qt)
    halign = {"left": flags.AlignLeft, "right": flags.AlignRight, "center": flags.AlignHCenter}[align]
    return add_label(layout, item_id, text, size, rect, bold, italic, color, halign=halign, margins=(0.0, 0.0))


def _rect(layout, item_id, rect, fill, outline=None):
    from qgis.core import QgsFillSymbol, QgsLayoutItemShape

    shape = QgsLayoutItemShape(layout)
    shape.setId(item_id)
    shape.setShapeType(QgsLayoutItemShape.Shape.Rectangle)
    props = {"color": fill, "outline_style": "no"} if outline is None else \
        {"color": fill, "outline_color": outline, "outline_width": "0.25", "outline_width_unit": "MM"}
    shape.setSymbol(QgsFillSymbol.createSimple(props))
    layout.addLayoutItem(shape)
    _place(shape, *rect)
    return shape


def _table(layout, item_id, rect, columns, header_size=7.5, content_size=7.5, grid=True):
    """A manual table (its frame has the id), header row tinted, horizontal rules, text wrapped in cells."""
    from qgis.core import (QgsLayoutFrame, QgsLayoutItemManualTable, QgsLayoutMultiFrame, QgsLayoutTable,
                           QgsLayoutTableColumn, QgsLayoutTableStyle, QgsTableCell, QgsTextFormat)
    from qgis.PyQt.QtGui import QColor

    table = QgsLayoutItemManualTable.create(layout)
    layout.addMultiFrame(table)
    header = QgsTextFormat.fromQFont(_font(header_size, bold=True))
    header.setSize(header_size)
    header.setColor(QColor(ACCENT))
    content = QgsTextFormat.fromQFont(_font(content_size))
    content.setSize(content_size)
    content.setColor(QColor(TEXT))
    table.setHeaderTextFormat(header)
    table.setContentTextFormat(content)
    table.setIncludeTableHeader(True)
    table.setHeaders([QgsLayoutTableColumn(title) for title, _width in columns])
    # the frame cannot be narrower than its columns: their widths (proportions) fill the frame exactly
    room = rect[2] - 2 * 0.9 * len(columns)   # cell margins (no vertical rules)
    table.setColumnWidths([round(width * room / sum(w for _t, w in columns), 3) for _title, width in columns])
    table.setTableContents([[QgsTableCell("…") for _c in columns]])
    table.setShowGrid(grid)
    table.setGridStrokeWidth(0.15)
    table.setGridColor(QColor(RULE))
    table.setHorizontalGrid(True)
    table.setVerticalGrid(False)
    table.setCellMargin(0.9)
    table.setWrapBehavior(QgsLayoutTable.WrapBehavior.WrapText)
    table.setHeaderMode(QgsLayoutTable.HeaderMode.FirstFrame)
    table.setHeaderHAlignment(QgsLayoutTable.HeaderHAlignment.FollowColumn)
    table.setResizeMode(QgsLayoutMultiFrame.ResizeMode.UseExistingFrames)
    style = QgsLayoutTableStyle()
    style.enabled = True
    style.cellBackgroundColor = QColor(ACCENT_LIGHT)
    table.setCellStyle(QgsLayoutTable.CellStyleGroup.HeaderRow, style)
    frame = QgsLayoutFrame(layout, table)
    frame.setId(item_id)
    _place(frame, *rect)
    table.addFrame(frame)
    return table


def _picture(layout, item_id, rect):
    from qgis.core import QgsLayoutItemPicture

    picture = QgsLayoutItemPicture(layout)
    picture.setId(item_id)
    picture.setResizeMode(QgsLayoutItemPicture.ResizeMode.Zoom)
    layout.addLayoutItem(picture)
    _place(picture, *rect)
    return picture


def _scalebar_font(scalebar, size):
    from qgis.core import QgsTextFormat

    fmt = QgsTextFormat.fromQFont(_font(size))
    fmt.setSize(size)
    scalebar.setTextFormat(fmt)


def _new(name, landscape=False):
    from qgis.core import QgsLayoutItemPage, QgsPrintLayout, QgsProject

    project = QgsProject()
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName(name)
    orientation = QgsLayoutItemPage.Orientation.Landscape if landscape else QgsLayoutItemPage.Orientation.Portrait
    layout.pageCollection().page(0).setPageSize("A4", orientation)
    return layout, project


def _frame(layout, section_title, width=PORTRAIT_W, height=PORTRAIT_H):
    """Header band, page header, section title, footer: the same on every page."""
    _rect(layout, "bande", (0.0, 0.0, width, 4.0), ACCENT)
    _label(layout, "lbl_entete", "TI Énergie · Fiche territoire d'industrie", 7.5, (MARGIN, 7.0, 90.0, 5.0),
           color=GREY)
    _label(layout, "lbl_territoire", "Territoire", 8.5, (width - MARGIN - 110.0, 7.0, 110.0, 5.0), bold=True,
           color=ACCENT, align="right")
    _rect(layout, "filet_haut", (MARGIN, 12.8, width - 2 * MARGIN, 0.3), RULE)
    if section_title is not None:
        _label(layout, "lbl_section", section_title, SECTION, (MARGIN, 16.5, width - 2 * MARGIN, 9.0), bold=True,
               color=ACCENT)
    _rect(layout, "filet_bas", (MARGIN, height - 13.0, width - 2 * MARGIN, 0.3), RULE)
    _label(layout, "lbl_pied", "Édition du … · TI Énergie · sources : dernière page", SMALL,
           (MARGIN, height - 11.0, width - 2 * MARGIN - 30.0, 5.0), color=GREY)
    _label(layout, "lbl_page", "1 / 1", 8.0, (width - MARGIN - 30.0, height - 11.0, 30.0, 5.0), bold=True,
           color=ACCENT, align="right")


def _title(layout, item_id, text, y, x=MARGIN, width=WIDTH):
    return _label(layout, item_id, text, TITLE, (x, y, width, 6.0), bold=True, color=ACCENT)


def _text(layout, item_id, rect, size=BODY, italic=False, color=TEXT):
    return _label(layout, item_id, "…", size, rect, italic=italic, color=color)


def _note(layout, item_id, y, height=8.0, x=MARGIN, width=WIDTH):
    return _label(layout, item_id, "", SMALL, (x, y, width, height), italic=True, color=GREY)


def _sources(layout):
    return _note(layout, "lbl_sources_page", 272.0, 10.0)


def _empty_box(layout, item_id, rect):
    """Shown instead of a table when its data are missing (layers/fiche.py makes it visible)."""
    label = _label(layout, item_id, "Données non disponibles", 8.5, rect, italic=True, color=GREY)
    return label


def couverture():
    layout, project = _new("Fiche – couverture")
    _rect(layout, "bande", (0.0, 0.0, PORTRAIT_W, 112.0), ACCENT)
    _label(layout, "lbl_surtitre", "TERRITOIRES D'INDUSTRIE", 11.0, (MARGIN, 24.0, WIDTH, 7.0), bold=True,
           color="#FFFFFF")
    _label(layout, "lbl_titre", "Territoire", 28.0, (MARGIN, 36.0, WIDTH, 40.0), bold=True, color="#FFFFFF")
    _label(layout, "lbl_soustitre", "Fiche sous-bassin : énergie et industrie", 14.0, (MARGIN, 80.0, WIDTH, 9.0),
           color="#FFFFFF")
    _label(layout, "lbl_identifiant", "…", 9.0, (MARGIN, 92.0, WIDTH, 12.0), color="#FFFFFF")
    _label(layout, "lbl_sommaire_titre", "Sommaire", 13.0, (MARGIN, 122.0, WIDTH, 7.0), bold=True, color=ACCENT)
    _table(layout, "tbl_sommaire", (MARGIN, 131.0, 130.0, 74.0), [("Partie", 110.0), ("Page", 16.0)],
           header_size=8.0, content_size=9.0)
    _text(layout, "lbl_edition", (MARGIN, 212.0, WIDTH, 20.0), size=8.5)
    _text(layout, "lbl_contact", (MARGIN, 234.0, WIDTH, 10.0), size=8.5)
    _label(layout, "lbl_reserve", "…", SMALL, (MARGIN, 248.0, WIDTH, 30.0), italic=True, color=GREY)
    _rect(layout, "filet_bas", (MARGIN, PORTRAIT_H - 13.0, WIDTH, 0.3), RULE)
    _label(layout, "lbl_pied", "…", SMALL, (MARGIN, PORTRAIT_H - 11.0, WIDTH - 30.0, 5.0), color=GREY)
    _label(layout, "lbl_page", "1 / 1", 8.0, (PORTRAIT_W - MARGIN - 30.0, PORTRAIT_H - 11.0, 30.0, 5.0), bold=True,
           color=ACCENT, align="right")
    return layout, project


def portrait():
    layout, project = _new("Fiche – portrait")
    _frame(layout, "1. Portrait synthétique du territoire")
    _text(layout, "lbl_presentation", (MARGIN, 29.0, WIDTH, 33.0))
    _title(layout, "lbl_chiffres_titre", "Chiffres clés", 65.0, width=88.0)
    _table(layout, "tbl_chiffres", (MARGIN, 72.0, 88.0, 58.0), [("Indicateur", 50.0), ("Valeur", 34.0)])
    _title(layout, "lbl_epci_titre", "Intercommunalités membres", 65.0, x=108.0, width=87.0)
    _text(layout, "lbl_epci", (108.0, 72.0, 87.0, 58.0), size=8.0)
    _title(layout, "lbl_logistique_titre", "Infrastructures logistiques", 133.0)
    _text(layout, "lbl_logistique", (MARGIN, 140.0, WIDTH, 26.0), size=8.5)
    _picture(layout, "pic_emplois", (MARGIN, 168.0, WIDTH, 77.0))
    _empty_box(layout, "pic_emplois_vide", (MARGIN, 168.0, WIDTH, 12.0))
    _text(layout, "lbl_secteurs", (MARGIN, 247.0, WIDTH, 23.0), size=8.5)
    _sources(layout)
    return layout, project


def energie_consommateurs():
    layout, project = _new("Fiche – énergie (consommateurs)")
    _frame(layout, "2. Caractéristiques énergétiques")
    _text(layout, "lbl_commentaire", (MARGIN, 29.0, WIDTH, 30.0))
    _title(layout, "lbl_conso_titre", "Grands consommateurs industriels : sites par secteur et par taille", 62.0)
    _table(layout, "tbl_conso_secteurs", (MARGIN, 69.0, WIDTH, 62.0),
           [("Secteur", 52.0), ("> 50 000 MWh", 20.0), ("10 000 à 50 000", 22.0), ("< 10 000", 18.0),
            ("non publiée", 18.0), ("Sites", 14.0), ("GWh/an publiés", 22.0)])
    _empty_box(layout, "tbl_conso_secteurs_vide", (MARGIN, 69.0, WIDTH, 12.0))
    _note(layout, "lbl_conso_note", 133.0, 9.0)
    _title(layout, "lbl_top_titre", "Plus grandes consommations publiées (MWh/an)", 145.0)
    _table(layout, "tbl_conso_top", (MARGIN, 152.0, WIDTH, 72.0),
           [("Site", 58.0), ("Commune", 34.0), ("Secteur", 44.0), ("Énergie", 18.0), ("MWh/an", 20.0)])
    _empty_box(layout, "tbl_conso_top_vide", (MARGIN, 152.0, WIDTH, 12.0))
    _note(layout, "lbl_top_note", 226.0, 9.0)
    _text(layout, "lbl_cartes", (MARGIN, 240.0, WIDTH, 28.0), size=8.5)
    _sources(layout)
    return layout, project


def energie_production():
    layout, project = _new("Fiche – énergie (production et réseaux)")
    _frame(layout, "2. Caractéristiques énergétiques (suite)")
    _title(layout, "lbl_puissance_titre", "Puissance électrique installée", 29.0)
    _table(layout, "tbl_puissance", (MARGIN, 36.0, 80.0, 68.0), [("Type", 40.0), ("Installations", 22.0),
                                                                 ("MW", 14.0)])
    _empty_box(layout, "tbl_puissance_vide", (MARGIN, 36.0, WIDTH, 12.0))
    _picture(layout, "pic_puissance", (98.0, 36.0, 97.0, 68.0))
    _note(layout, "lbl_puissance_note", 106.0, 9.0)
    _title(layout, "lbl_rc_titre", "Réseaux de chaleur", 118.0)
    _table(layout, "tbl_reseaux_chaleur", (MARGIN, 125.0, WIDTH, 54.0),
           [("Réseau", 84.0), ("Longueur (km)", 28.0), ("Livraisons (GWh/an)", 34.0), ("EnR&R", 24.0)])
    _empty_box(layout, "tbl_reseaux_chaleur_vide", (MARGIN, 125.0, WIDTH, 12.0))
    _note(layout, "lbl_rc_note", 181.0, 9.0)
    _title(layout, "lbl_bio_titre", "Injection de biométhane", 193.0)
    _table(layout, "tbl_biomethane", (MARGIN, 200.0, WIDTH, 50.0),
           [("Site", 80.0), ("Commune", 46.0), ("Capacité (GWh/an)", 28.0), ("Mise en service", 20.0)])
    _empty_box(layout, "tbl_biomethane_vide", (MARGIN, 200.0, WIDTH, 12.0))
    _note(layout, "lbl_bio_note", 252.0, 16.0)
    _sources(layout)
    return layout, project


def attractivite():
    layout, project = _new("Fiche – attractivité")
    _frame(layout, "3. Enjeux d'attractivité industrielle durable")
    _title(layout, "lbl_friches_titre", "Disponibilité foncière : friches de plus de 1 ha", 29.0)
    _text(layout, "lbl_friches", (MARGIN, 36.0, WIDTH, 20.0))
    _table(layout, "tbl_friches", (MARGIN, 58.0, WIDTH, 74.0),
           [("Site", 58.0), ("Commune", 36.0), ("Surface (ha)", 20.0), ("Statut", 30.0), ("Catégorie", 30.0)])
    _empty_box(layout, "tbl_friches_vide", (MARGIN, 58.0, WIDTH, 12.0))
    _note(layout, "lbl_friches_note", 134.0, 9.0)
    _title(layout, "lbl_decarb_titre", "Entreprises engagées dans la décarbonation", 146.0)
    _text(layout, "lbl_decarb", (MARGIN, 153.0, WIDTH, 54.0))
    _title(layout, "lbl_avantages_titre", "Avantages compétitifs", 210.0)
    _text(layout, "lbl_avantages", (MARGIN, 217.0, WIDTH, 52.0))
    _sources(layout)
    return layout, project


def vulnerabilites():
    layout, project = _new("Fiche – vulnérabilités")
    _frame(layout, "4. Vulnérabilités et enjeux climatiques")
    _rect(layout, "cadre_avenir", (MARGIN, 30.0, WIDTH, 46.0), "#F3F5F8", RULE)
    _label(layout, "lbl_avenir", "À venir", 16.0, (MARGIN + 5.0, 34.0, WIDTH - 10.0, 9.0), bold=True, color=GREY)
    _text(layout, "lbl_annonce", (MARGIN + 5.0, 45.0, WIDTH - 10.0, 29.0), color=GREY)
    _title(layout, "lbl_texte_titre", "Premiers éléments des référents", 84.0)
    _text(layout, "lbl_texte", (MARGIN, 91.0, WIDTH, 120.0))
    _sources(layout)
    return layout, project


def recommandations():
    layout, project = _new("Fiche – recommandations")
    _frame(layout, "5. Recommandations")
    _text(layout, "lbl_swot_intro", (MARGIN, 28.0, WIDTH, 8.0), size=8.5, italic=True, color=GREY)
    boxes = (("forces", "Forces", MARGIN, 38.0), ("faiblesses", "Faiblesses", 107.0, 38.0),
             ("opportunites", "Opportunités", MARGIN, 130.0), ("menaces", "Menaces", 107.0, 130.0))
    for key, title, x, y in boxes:
        colour, background = SWOT_COLOURS[key]
        _rect(layout, f"cadre_{key}", (x, y, 88.0, 88.0), background)
        _rect(layout, f"bord_{key}", (x, y, 1.6, 88.0), colour)
        _label(layout, f"lbl_{key}_titre", title, 12.0, (x + 5.0, y + 3.0, 80.0, 7.0), bold=True, color=colour)
        _text(layout, f"lbl_{key}", (x + 5.0, y + 12.0, 80.0, 73.0), size=8.0)
    _title(layout, "lbl_synergies_titre", "Synergies entre acteurs", 223.0)
    _text(layout, "lbl_synergies", (MARGIN, 230.0, WIDTH, 39.0), size=8.5)
    _sources(layout)
    return layout, project


MAP_TOP, MAP_HEIGHT = 134.0, 116.0   # the map of the heat links (synergies page)


def synergies():
    from qgis.core import QgsLegendStyle, QgsScaleBarSettings
    from qgis.PyQt.QtGui import QColor

    layout, project = _new("Fiche – synergies de chaleur")
    _frame(layout, "5. Recommandations (suite) : synergies de chaleur")
    _text(layout, "lbl_heat", (MARGIN, 28.0, WIDTH, 32.0))
    # the heat the matching draws on, by temperature class (columns filled by layers/fiche.py)
    _table(layout, "tbl_heat_sources", (MARGIN, 61.0, WIDTH, 28.0),
           [("GWh/an (nombre de sites)", 50.0), ("< 40 °C", 20.0), ("< 80 °C", 20.0), ("< 100 °C", 20.0),
            ("< 200 °C", 20.0), ("Total", 22.0)], header_size=7.0, content_size=7.0)
    _empty_box(layout, "tbl_heat_sources_vide", (MARGIN, 61.0, WIDTH, 10.0))
    _note(layout, "lbl_heat_sources_note", 90.0, 7.0)
    _table(layout, "tbl_heat_liens", (MARGIN, 98.0, WIDTH, 33.0),
           [("Source de chaleur", 62.0), ("Réseau", 56.0), ("Distance (km)", 18.0), ("GWh/an", 16.0),
            ("Mode", 24.0)])
    map_item = add_map(layout, "map_heat", (MARGIN, MAP_TOP, 128.0, MAP_HEIGHT),
                       (630000.0, 7040000.0, 690000.0, 7110000.0))
    add_north_arrow(layout, "north_heat", map_item, (MARGIN + 128.0 - 11.0, MAP_TOP + 2.0, 8.0, 11.0))
    scalebar = new_scalebar(layout, "scalebar_heat", map_item)
    scalebar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeMode.SegmentSizeFixed)
    scalebar.setHeight(1.8)
    _scalebar_font(scalebar, 7.0)
    scalebar.setBackgroundEnabled(True)
    scalebar.setBackgroundColor(QColor(255, 255, 255, 200))
    layout.addLayoutItem(scalebar)
    _place(scalebar, MARGIN + 2.0, MAP_TOP + MAP_HEIGHT - 11.0, 45.0, 9.0)
    legend = new_legend(layout, "legend_heat", map_item,
                        ((QgsLegendStyle.Style.Title, 10, True), (QgsLegendStyle.Style.Group, 8, True),
                         (QgsLegendStyle.Style.Subgroup, 7.5, True), (QgsLegendStyle.Style.Symbol, 7, False),
                         (QgsLegendStyle.Style.SymbolLabel, 7, False)))
    legend.setSymbolWidth(5.0)
    legend.setSymbolHeight(3.2)
    legend.setWrapString("")
    legend.setResizeToContents(False)
    layout.addLayoutItem(legend)
    _place(legend, 146.0, MAP_TOP, 49.0, MAP_HEIGHT)
    _note(layout, "lbl_heat_methode", 251.0, 20.0)
    _sources(layout)
    return layout, project


def sources():
    layout, project = _new("Fiche – sources")
    _frame(layout, "Sources des données")
    _text(layout, "lbl_sources_intro", (MARGIN, 28.0, WIDTH, 13.0), size=8.5)
    _table(layout, "tbl_sources", (MARGIN, 43.0, WIDTH, 200.0),
           [("Couche", 28.0), ("Source et producteur", 55.0), ("Licence", 16.0), ("Adresse", 44.0),
            ("Dates", 33.0)], header_size=7.0, content_size=6.2)
    _text(layout, "lbl_sources_fin", (MARGIN, 246.0, WIDTH, 34.0), size=7.5, color=GREY)
    return layout, project


def carte_absente():
    layout, project = _new("Fiche – carte sans données", landscape=True)
    _frame(layout, None, LANDSCAPE_W, LANDSCAPE_H)
    _label(layout, "lbl_title", "Territoire", 18.0, (10.0, 16.0, 200.0, 10.0), bold=True, color=TEXT)
    _label(layout, "lbl_subtitle", "Carte", 12.0, (10.0, 27.0, 200.0, 8.0), color=GREY)
    _rect(layout, "cadre", (10.0, 40.0, LANDSCAPE_W - 20.0, 140.0), "#F3F5F8", RULE)
    _label(layout, "lbl_message", "Données non disponibles", 12.0, (25.0, 90.0, LANDSCAPE_W - 50.0, 40.0),
           italic=True, color=GREY, align="center")
    return layout, project


TEMPLATES = {"couverture": couverture, "portrait": portrait, "energie_consommateurs": energie_consommateurs,
             "energie_production": energie_production, "attractivite": attractivite,
             "vulnerabilites": vulnerabilites, "recommandations": recommandations, "synergies": synergies,
             "sources": sources, "carte_absente": carte_absente}


def write_template(name, folder):
    layout, _project = TEMPLATES[name]()
    return save_template(layout, Path(folder) / f"{name}.qpt", f"fiche/{name}")


def build_all(folder):
    Path(folder).mkdir(parents=True, exist_ok=True)
    return [write_template(name, folder) for name in TEMPLATES]


if __name__ == "__main__":
    run_builder(__doc__, build_all, ROOT / "styles" / "fiche")
