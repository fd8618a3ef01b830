"""The territory fiche as a PDF: a territory GeoPackage → figures → print layouts → one A4 PDF.

Two steps, so that the dock can run the first in a background task:

- `prepare_fiche()` (any thread: no map layer in a project, no layout): reads the GeoPackage
  (layers/fiche_data.py), computes every figure (core/fiche_facts.py), runs the heat matching of the
  territory (layers/fiche_heat.py) and reads or creates the referents' file (layers/fiche_texts.py);
- `render_fiche()` (main thread: layouts are Qt graphics scenes): a private project with the territory's
  styled layers, map groups and themes (as the dock builds them), one print layout per page from the
  templates of styles/fiche/ (tools/build_fiche_templates.py) and the four map layouts of styles/layouts/
  (layers/layouts.py), filled by item id, chained in a QgsReport and exported with QgsLayoutExporter to one
  PDF (pages in portrait, maps in landscape; text kept as text).

`export_fiche()` does both. Pages: cover, 1. portrait, 2. energy (two pages of tables, then the four maps),
3. attractiveness, 4. vulnerabilities (« à venir »), 5. recommendations (SWOT), 5 (continued). heat
synergies, sources. Every page carries the territory's name and its number.
"""

import contextlib
import datetime
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..core import fiche_facts as ff
from ..core.errors import CancelledError, TiEnergieError
from .fiche_data import read_fiche_data
from .fiche_texts import default_path, prepare

TEMPLATES = Path(__file__).resolve().parent.parent / "styles" / "fiche"
FONT = "Arial"   # the font of every template (tools/qpt.py, tools/build_fiche_templates.py)
ACCENT, GREY, MARK_BACKGROUND, RULE = "#1F4E79", "#555555", "#F3F5F8", "#B8C4D0"
SECTION_TITLES = ("1. Portrait synthétique du territoire", "2. Caractéristiques énergétiques",
                  "3. Enjeux d'attractivité industrielle durable", "4. Vulnérabilités et enjeux climatiques",
                  "5. Recommandations")
# the pages of the fiche, in order: template name, or ("carte", map key)
PAGES = ("couverture", "portrait", "energie_consommateurs", "energie_production", ("carte", "consommateurs"),
         ("carte", "producteurs"), ("carte", "reseaux"), ("carte", "chaleur"), "attractivite", "vulnerabilites",
         "recommandations", "synergies", "sources")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")
RESERVE = ("Les chiffres, tableaux et cartes de cette fiche sont calculés automatiquement par TI Énergie à partir "
           "de données publiques, de millésimes différents (voir la page des sources) : ils décrivent le territoire "
           "sans prétendre à l'exhaustivité. Les textes viennent des référents du territoire lorsqu'ils les ont "
           "fournis. Ni les référents ni les producteurs des données ne répondent des erreurs de calcul ou de "
           "lecture. Pour corriger ou compléter la fiche, modifiez le fichier des textes puis exportez-la de "
           "nouveau.")
VULNERABILITY_NOTICE = ("Cette partie sera ajoutée dans une prochaine édition, avec d'autres jeux de données : "
                        "exposition aux risques naturels et climatiques (inondation, submersion, sécheresse, fortes "
                        "chaleurs, retrait-gonflement des argiles), résilience des réseaux d'énergie et d'eau, "
                        "dépendance à des ressources critiques (eau, énergie importée).")


def french_date(day):
    return f"{day.day}{'er' if day.day == 1 else ''} {MONTHS[day.month - 1]} {day.year}"


def _iso_day(text):
    """The date of an ISO text (« 2026-03-01 », « 2026-03-01T10:00:00 »), or None."""
    try:
        return datetime.date.fromisoformat(str(text or "")[:10])
    except ValueError:
        return None


def plugin_version():
    path = Path(__file__).resolve().parent.parent / "metadata.txt"
    with contextlib.suppress(OSError):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("version="):
                return line.split("=", 1)[1].strip()
    return ""


def default_pdf_name(short_name):
    return f"fiche-{ff.slug(short_name)}.pdf"


@dataclass
class FicheInputs:
    """Everything the layouts need, computed off the main thread."""

    data: object
    blocks: dict
    facts: dict
    texts: object
    heat: dict = None
    day: datetime.date = None
    warnings: list = field(default_factory=list)
    timings: dict = field(default_factory=dict)


@dataclass
class FicheResult:
    pdf: Path
    pages: int
    texts_path: Path
    texts_state: str
    suggestions: Path = None
    warnings: list = field(default_factory=list)
    timings: dict = field(default_factory=dict)
    heat: dict = None


def _check_cancel(feedback):
    if feedback is not None and feedback.isCanceled():
        raise CancelledError()


def _progress(feedback, value, text=None):
    if feedback is None:
        return
    feedback.setProgress(value)
    if text:
        setter = getattr(feedback, "setProgressText", None)
        if setter is not None:
            setter(text)


def compute_blocks(data):
    """The computed parts of the fiche (core/fiche_facts.py) from FicheData."""
    layer = data.layer
    blocks = {"portrait": ff.portrait(data.perimetre, layer("epci"), layer("communes"), layer("emplois")),
              "logistique": ff.logistics(layer("routes_principales"), layer("voies_navigables")),
              "conso_secteurs": ff.consumers_by_sector(layer("consommateurs")),
              "conso_top": ff.largest_consumers(layer("consommateurs")),
              "puissance": ff.installed_capacity(layer("producteurs"), layer("production_electricite")),
              "reseaux_chaleur": ff.heat_networks(layer("reseaux_chaleur")),
              "biomethane": ff.biomethane(layer("biomethane")),
              "friches": ff.brownfields(layer("friches")),
              "chaleur_sources": ff.heat_sources(layer("chaleur_fatale"), layer("step_chaleur"))}
    return blocks


def prepare_fiche(gpkg, texts=None, pdf_folder=None, heat_matching=True, feedback=None, day=None):
    """FicheInputs of the territory GeoPackage `gpkg` (any thread). `texts`: the referents' file, or a folder
    holding `fiche-<territoire>-textes.yaml`; default: that file in `pdf_folder`."""
    from .fiche_heat import match_territory

    started = time.monotonic()
    day = day or datetime.date.today()
    timings = {}
    _progress(feedback, 2, "Lecture des données du territoire")
    data = read_fiche_data(gpkg)
    timings["lecture"] = time.monotonic() - started
    _check_cancel(feedback)
    blocks = compute_blocks(data)
    heat = None
    if heat_matching:
        _progress(feedback, 15, "Appariement des sources et des puits de chaleur")
        step = time.monotonic()
        heat = match_territory(data.gpkg, {name for name, rows in data.layers.items() if rows.present},
                               feedback=feedback)
        timings["appariement"] = time.monotonic() - step
    _check_cancel(feedback)
    facts = ff.fact_lines(blocks["portrait"], blocks["logistique"], blocks["conso_secteurs"], blocks["puissance"],
                          blocks["reseaux_chaleur"], blocks["biomethane"], blocks["friches"], heat)
    texts_path = Path(texts) if texts else None
    if texts_path is None or texts_path.is_dir() or (not texts_path.suffix and not texts_path.exists()):
        texts_path = default_path(texts_path or Path(pdf_folder or Path(gpkg).parent), data.label)
    _progress(feedback, 25, "Textes des référents")
    fiche_texts = prepare(texts_path, data.territory_id, data.label, facts, day.isoformat())
    timings["preparation"] = time.monotonic() - started
    return FicheInputs(data=data, blocks=blocks, facts=facts, texts=fiche_texts, heat=heat, day=day,
                       warnings=list(fiche_texts.warnings), timings=timings)


def export_fiche(gpkg, pdf_path, texts=None, heat_matching=True, feedback=None, day=None, dpi=150):
    """The fiche of a territory GeoPackage as the PDF `pdf_path` (main thread). Returns FicheResult."""
    _pdf_folder(pdf_path)  # before anything is written beside it
    inputs = prepare_fiche(gpkg, texts, Path(pdf_path).parent, heat_matching, feedback, day)
    return render_fiche(inputs, pdf_path, feedback, dpi)


# --- layout items --------------------------------------------------------------------------------------

def _item(layout, item_id):
    return layout.itemById(item_id)


def _label_format(label):
    """(QFont, colour) of a label on any QGIS version."""
    if hasattr(label, "textFormat"):
        fmt = label.textFormat()
        font = fmt.toQFont()
        font.setPointSizeF(fmt.size())
        return font, fmt.color()
    return label.font(), label.fontColor()


def _set_label_format(label, font, colour):
    from qgis.PyQt.QtGui import QColor

    if hasattr(label, "setTextFormat"):
        from qgis.core import QgsTextFormat

        fmt = QgsTextFormat.fromQFont(font)
        fmt.setSize(font.pointSizeF())
        fmt.setColor(QColor(colour))
        label.setTextFormat(fmt)
    else:
        label.setFont(font)
        label.setFontColor(QColor(colour))


def _text_height_mm(text, font, width_mm):
    """Height (mm) of `text` wrapped in `width_mm` with `font` (pt), as QGIS's layout labels draw it."""
    from qgis.PyQt.QtCore import QRectF, Qt
    from qgis.PyQt.QtGui import QFont, QFontMetricsF

    scaled = QFont(font)
    scaled.setPixelSize(max(1, int(round(font.pointSizeF() * 0.3527777778 * 10))))
    wrap = getattr(Qt, "TextFlag", Qt).TextWordWrap
    flags = int(wrap.value) if hasattr(wrap, "value") else int(wrap)
    rect = QFontMetricsF(scaled).boundingRect(QRectF(0, 0, width_mm * 10, 1e7), flags, text)
    return rect.height() / 10.0


def _fit(label, minimum=6.0):
    """Shrink the label's font (by 0.5 pt, down to `minimum`) until its text fits the item; cut the text with
    « … » below that. Returns False when the text had to be cut."""
    font, colour = _label_format(label)
    text = label.text()
    width, height = label.rect().width() - 2 * label.marginX(), label.rect().height() - 2 * label.marginY()
    size = font.pointSizeF()
    while size > minimum and _text_height_mm(text, font, width) > height:
        size -= 0.5
        font.setPointSizeF(size)
    fits = _text_height_mm(text, font, width) <= height
    if not fits:
        words = text.split(" ")
        low, high = 1, len(words)
        while low < high:
            middle = (low + high + 1) // 2
            if _text_height_mm(" ".join(words[:middle]) + " […]", font, width) <= height:
                low = middle
            else:
                high = middle - 1
        label.setText(" ".join(words[:low]) + " […]")
    _set_label_format(label, font, colour)
    return fits


def set_text(layout, item_id, text, fit=True):
    """Fill a label; shrink its font when the text is long. Returns the label (None when absent)."""
    label = _item(layout, item_id)
    if label is None:
        return None
    label.setText(text or "")
    if fit and text:
        _fit(label)
    return label


def mark(layout, item_id, text):
    """A label showing that something is missing: framed, on a pale background, in grey italics."""
    from qgis.core import QgsLayoutMeasurement
    from qgis.PyQt.QtGui import QColor

    label = _item(layout, item_id)
    if label is None:
        return None
    label.setVisibility(True)
    label.setText(text)
    font, _colour = _label_format(label)
    font.setItalic(True)
    _set_label_format(label, font, GREY)
    label.setFrameEnabled(True)
    label.setFrameStrokeColor(QColor(RULE))
    label.setFrameStrokeWidth(QgsLayoutMeasurement(0.25))
    label.setBackgroundEnabled(True)
    label.setBackgroundColor(QColor(MARK_BACKGROUND))
    label.setMarginX(2.0)
    label.setMarginY(1.5)
    _fit(label)
    return label


def text_or_mark(layout, item_id, text, what):
    """The referents' text, or the « to complete » mark naming what is expected."""
    if text and text.strip():
        return set_text(layout, item_id, text.strip())
    return mark(layout, item_id, f"À compléter par les référents du territoire : {what}")


def hide(layout, item_id):
    found = _item(layout, item_id)
    if found is not None:
        found.setVisibility(False)


def _frame_table(layout, frame_id):
    frame = _item(layout, frame_id)
    if frame is None or not hasattr(frame, "multiFrame"):
        return None, None
    return frame, frame.multiFrame()


def prewrap(text, chars):
    """`text` with its lines cut at `chars` characters (words kept whole when they fit)."""
    import textwrap

    lines = []
    for line in str(text).split("\n"):
        lines.extend(textwrap.wrap(line, chars, break_long_words=True, break_on_hyphens=True) or [""])
    return "\n".join(lines)


def fill_table(layout, frame_id, headers, rows, numeric=(), shrink=False, top=False):
    """Fill the manual table whose frame is `frame_id`; rows that do not fit are left out (returned count).
    `numeric`: indexes of right-aligned columns; `shrink`: reduce the text size before leaving rows out;
    `top`: cells aligned at the top (tables of long texts) rather than centred."""
    from qgis.core import QgsLayoutTableColumn, QgsTableCell
    from qgis.PyQt.QtCore import Qt

    frame, table = _frame_table(layout, frame_id)
    if table is None:
        return 0
    hide(layout, frame_id + "_vide")
    align = getattr(Qt, "AlignmentFlag", Qt)
    columns = []
    for index, title in enumerate(headers):
        column = QgsLayoutTableColumn(title)
        if index in numeric:
            column.setHAlignment(align.AlignRight)
        columns.append(column)
    table.setHeaders(columns)
    # the template's widths are proportions: the columns fill the frame exactly
    widths = [w if w > 0 else 1.0 for w in table.columnWidths()]
    if len(widths) != len(headers):    # more or fewer columns than the template: its first, then an even share
        widths = (widths[:1] + [sum(widths[1:]) / max(1, len(widths) - 1)] * (len(headers) - 1))[:len(headers)] \
            if len(widths) > 1 else [1.0] * len(headers)
    rules = table.gridStrokeWidth() * (len(headers) + 1) if table.showGrid() and table.verticalGrid() else 0.0
    room = frame.rect().width() - 2 * table.cellMargin() * len(headers) - rules
    table.setColumnWidths([w * room / sum(widths) for w in widths])

    def cells(chosen):
        # lines cut here, at a safe number of characters per column: the table's own wrapping only breaks at
        # spaces (a long address would run out of its cell) and can misjudge a row's height
        size = table.contentTextFormat().size()
        budget = [max(4, int(w / (size * 0.3528 * 0.6))) for w in table.columnWidths()]
        out = []
        for row in chosen:
            line = []
            for index, value in enumerate(row):
                cell = QgsTableCell(prewrap(str(value), budget[index] if index < len(budget) else 40))
                if index in numeric:
                    cell.setHorizontalAlignment(align.AlignRight)
                if top:
                    cell.setVerticalAlignment(align.AlignTop)
                line.append(cell)
            out.append(line)
        return out

    rows = list(rows)
    limit = frame.rect().height() + 0.2

    def fits(count):
        table.setTableContents(cells(rows[:count]))
        table.refresh()
        return table.totalSize().height() <= limit

    if fits(len(rows)):
        return 0
    if shrink:
        content = table.contentTextFormat()
        while content.size() > 4.5:
            content.setSize(content.size() - 0.4)
            table.setContentTextFormat(content)
            if fits(len(rows)):
                return 0
    low, high = 0, len(rows) - 1          # the most rows that fit: fits(low) holds, fits(high + 1) does not
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    fits(low)
    return len(rows) - low


def table_height(layout, frame_id):
    """Height (mm, to 0.3 mm above) the table of `frame_id` takes in its frame (header and rows), or None.
    A table's own sizes are its frames' when its rows fit: the smallest frame height that still holds every
    row is sought (the frame is given back its size)."""
    from qgis.core import QgsLayoutSize

    from .layouts import _MILLIMETERS

    frame, table = _frame_table(layout, frame_id)
    if table is None or not frame.isVisible():
        return None
    width, full = frame.rect().width(), frame.rect().height()
    if table.totalHeight() > full + 0.2:
        return full

    def holds(height):
        frame.attemptResize(QgsLayoutSize(width, height, _MILLIMETERS))
        return table.totalHeight() <= frame.rect().height() + 0.01

    low, high = 0.0, full
    try:
        while high - low > 0.3:
            middle = (low + high) / 2.0
            if holds(middle):
                high = middle
            else:
                low = middle
    finally:
        frame.attemptResize(QgsLayoutSize(width, full, _MILLIMETERS))
    return high


def follow(layout, frame_id, item_id, gap=2.0):
    """Move the item `item_id` (a note) up to just under the table of `frame_id` when the table is shorter than
    its frame: the note then reads with its table. Never moves it down."""
    from qgis.core import QgsLayoutPoint

    from .layouts import _MILLIMETERS

    item = _item(layout, item_id)
    frame, height = _item(layout, frame_id), table_height(layout, frame_id)
    if height is None:             # the table is hidden: its « not available » box, when shown
        frame = _item(layout, frame_id + "_vide")
        height = frame.rect().height() if frame is not None and frame.isVisible() else None
    if item is None or height is None:
        return
    top = frame.pos().y() + height + gap
    if top < item.pos().y():
        item.attemptMove(QgsLayoutPoint(item.pos().x(), top, _MILLIMETERS))


def content_bottom(layout, item_id):
    """Where the visible content of an item ends (mm from the top of the page): a table's rows, a label's text,
    else its box; None when hidden or absent."""
    from qgis.core import QgsLayoutItemLabel

    item = _item(layout, item_id)
    if item is None or not item.isVisible():
        return None
    height = table_height(layout, item_id)
    if height is None:
        height = item.rect().height()
        if isinstance(item, QgsLayoutItemLabel) and not (item.frameEnabled() or item.hasBackground()):
            if not item.text().strip():     # a framed mark shows its whole box; a plain text only its lines
                return None
            font, _colour = _label_format(item)
            width = item.rect().width() - 2 * item.marginX()
            height = min(height, _text_height_mm(item.text(), font, width) + 2 * item.marginY() + 0.5)
    return item.pos().y() + height


def flow(layout, groups, gap=5.0):
    """Move each group of items up (never down) so that it starts `gap` mm under the content of the groups
    above it: a short table or text leaves no hole in the middle of the page. `groups`: lists of item ids, the
    first of each the top of its group."""
    from qgis.core import QgsLayoutPoint

    from .layouts import _MILLIMETERS

    bottom = None
    for group in groups:
        items = [_item(layout, item_id) for item_id in group]
        if bottom is not None and items[0] is not None:
            shift = bottom + gap - items[0].pos().y()
            if shift < -0.5:
                for item in items:
                    if item is not None:
                        item.attemptMove(QgsLayoutPoint(item.pos().x(), item.pos().y() + shift, _MILLIMETERS))
        ends = [end for end in (content_bottom(layout, item_id) for item_id in group) if end is not None]
        if ends:
            bottom = max(ends + ([bottom] if bottom is not None else []))


def table_or_mark(layout, frame_id, block, numeric=(), note_id=None, extra_note=""):
    """A block's table, or the « data not available » mark instead of it."""
    if not block.available:
        hide(layout, frame_id)
        mark(layout, frame_id + "_vide", block.reason)
        if note_id:
            set_text(layout, note_id, "")
        return
    notes = list(block.notes)
    if block.rows:
        left = fill_table(layout, frame_id, block.headers, block.rows, numeric)
        if left:
            notes.append(f"{ff.plural(left, 'ligne')} de plus non affichée(s).")
    else:
        hide(layout, frame_id)
        mark(layout, frame_id + "_vide", " ".join(notes) or "Aucune donnée pour ce territoire.")
        notes = []
    if extra_note:
        notes.append(extra_note)
    if note_id:
        set_text(layout, note_id, " ".join(n for n in notes + [block.source] if n))
        follow(layout, frame_id, note_id)


def set_picture(layout, item_id, path):
    picture = _item(layout, item_id)
    if picture is not None:
        picture.setPicturePath(str(path))
        picture.refresh()
    hide(layout, item_id + "_vide")


def fit_picture_height(layout, item_id, svg):
    """Cut the picture's box to the height its SVG takes at the box's width (a chart of two bars leaves no hole
    under it); never taller than the template's box."""
    import re

    from qgis.core import QgsLayoutSize

    from .layouts import _MILLIMETERS

    picture = _item(layout, item_id)
    found = re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', svg)
    if picture is None or not found:
        return
    width, height = float(found.group(1)), float(found.group(2))
    box_w, box_h = picture.rect().width(), picture.rect().height()
    if width > 0 and box_w * height / width < box_h:
        picture.attemptResize(QgsLayoutSize(box_w, box_w * height / width + 0.5, _MILLIMETERS))


# --- pages -----------------------------------------------------------------------------------------------

def load_page(project, name, folder=None):
    """A new QgsPrintLayout of `project` from the page template styles/fiche/<name>.qpt."""
    from qgis.core import QgsPrintLayout, QgsReadWriteContext
    from qgis.PyQt.QtXml import QDomDocument

    path = Path(folder or TEMPLATES) / f"{name}.qpt"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise TiEnergieError(f"Modèle de page de la fiche introuvable : {path} (régénérez-le avec "
                             f"tools/build_fiche_templates.py).") from None
    document = QDomDocument()
    if not document.setContent(text)[0]:
        raise TiEnergieError(f"Modèle de page de la fiche illisible : {path}.")
    layout = QgsPrintLayout(project)
    _items, ok = layout.loadFromTemplate(document, QgsReadWriteContext())
    if not ok:
        raise TiEnergieError(f"Modèle de page de la fiche non chargé : {path}.")
    return layout


class _Fiche:
    """The layouts of one fiche (main thread)."""

    def __init__(self, inputs, project, workdir):
        self.inputs = inputs
        self.project = project
        self.workdir = Path(workdir)
        self.data = inputs.data
        self.blocks = inputs.blocks
        self.texts = inputs.texts
        self.layouts = []        # (page key, layout)
        self.page_of = {}        # page key → first page number
        self.warnings = []

    # templates
    def _load_page(self, name):
        layout = load_page(self.project, name)
        layout.setName(f"{self.data.label} – {name}")
        return layout

    def build(self, group):
        from .map_themes import map_groups

        maps = map_groups(group)
        for page in PAGES:
            if isinstance(page, tuple):
                key = page[1]
                layout = self.map_page(group, key) if key in maps else self.missing_map_page(key)
                self.layouts.append((f"carte_{key}", layout))
            elif page == "sources":     # as many pages as the table needs, filled before the pages are counted
                for index, layout in enumerate(self.sources_pages()):
                    self.layouts.append(("sources" if index == 0 else f"sources_{index + 1}", layout))
            else:
                self.layouts.append((page, self._load_page(page)))
        number = 1
        for key, layout in self.layouts:
            self.page_of[key] = number
            number += layout.pageCollection().pageCount()
        self.total = number - 1
        fillers = {"couverture": self.cover, "portrait": self.portrait, "energie_consommateurs": self.consumers,
                   "energie_production": self.production, "attractivite": self.attractiveness,
                   "vulnerabilites": self.vulnerabilities, "recommandations": self.recommendations,
                   "synergies": lambda layout: self.synergies(layout, group)}
        for key, layout in self.layouts:
            if key in fillers:
                fillers[key](layout)
            elif key.startswith("sources"):
                self.sources_texts(layout, key)
            self.frame(layout, key)
        return [layout for _key, layout in self.layouts]

    def frame(self, layout, key):
        """Territory name, footer and page number of every page."""
        label = self.data.label
        set_text(layout, "lbl_territoire", label, fit=False)
        footer = (f"{label} · fiche éditée le {french_date(self.inputs.day)} avec TI Énergie · sources : page "
                  f"{self.page_of['sources']}")
        if _item(layout, "lbl_pied") is None:
            self._add_footer(layout, footer)
        else:
            set_text(layout, "lbl_pied", footer, fit=False)
        first = self.page_of[key]
        pages = layout.pageCollection().pageCount()
        set_text(layout, "lbl_page", f"{first} / {self.total}" if pages == 1 else f"{first}–{first + pages - 1} / "
                                                                                   f"{self.total}", fit=False)
        if _item(layout, "lbl_page") is None:
            self._add_footer(layout, f"{first} / {self.total}", page_number=True)

    def _add_footer(self, layout, text, page_number=False):
        """Footer of a map page (the maps' templates have none): same font as the fiche's pages."""
        from qgis.core import QgsLayoutItemLabel, QgsLayoutPoint, QgsLayoutSize
        from qgis.PyQt.QtCore import Qt
        from qgis.PyQt.QtGui import QFont

        from .layouts import _MILLIMETERS as mm

        page = layout.pageCollection().page(0)
        width, height = page.pageSize().width(), page.pageSize().height()
        label = QgsLayoutItemLabel(layout)
        label.setId("lbl_page" if page_number else "lbl_pied")
        label.setText(text)
        font = QFont(FONT)
        font.setPointSizeF(8.0 if page_number else 7.0)
        font.setBold(page_number)
        _set_label_format(label, font, ACCENT if page_number else GREY)
        align = getattr(Qt, "AlignmentFlag", Qt)
        label.setHAlign(align.AlignRight if page_number else align.AlignLeft)
        label.setMarginX(0.0)
        label.setMarginY(0.0)
        layout.addLayoutItem(label)
        x, w = (width - 10.0 - 30.0, 30.0) if page_number else (10.0, width - 20.0 - 32.0)
        label.attemptMove(QgsLayoutPoint(x, height - 7.5, mm))
        label.attemptResize(QgsLayoutSize(w, 5.0, mm))

    # maps
    def map_page(self, group, key):
        from ..core.maps import SHARED_LAYERS, map_def
        from .layouts import fill_layout, load_template

        m = map_def(key)
        layout = load_template(self.project, key)
        layout.setName(f"{self.data.label} – {m.name}")
        fill_layout(layout, self.project, group, key, title=self.data.label)
        subtitle = _item(layout, "lbl_subtitle")
        if subtitle is not None:
            subtitle.setText(f"2. Caractéristiques énergétiques – {m.title}")
        missing = [name for name in m.own_layers + SHARED_LAYERS if not self.data.layer(name).present]
        sources = _item(layout, "lbl_sources")
        if missing and sources is not None:
            names = ", ".join(ff.LAYER_LABELS.get(name, name) for name in missing)
            sources.setText(sources.text() + f"\n{ff.NON_DISPONIBLE} sur cette carte : {names}.")
        return layout

    def missing_map_page(self, key):
        from ..core.maps import map_def

        m = map_def(key)
        layout = self._load_page("carte_absente")
        layout.setName(f"{self.data.label} – {m.name}")
        set_text(layout, "lbl_title", self.data.label, fit=False)
        set_text(layout, "lbl_subtitle", f"2. Caractéristiques énergétiques – {m.title}", fit=False)
        names = ", ".join(f"« {name} »" for name in m.own_layers)
        mark(layout, "lbl_message", f"{ff.NON_DISPONIBLE} : aucune des couches de cette carte ({names}) n'est dans "
                                    f"les données du territoire (thème non chargé ou sources pas encore disponibles).")
        return layout

    # pages
    def cover(self, layout):
        f = self.blocks["portrait"].figures
        d = self.data
        set_text(layout, "lbl_titre", d.label)
        set_text(layout, "lbl_surtitre", "TERRITOIRES D'INDUSTRIE", fit=False)
        ident = [f"Identifiant ANCT {d.territory_id}"]
        if f.get("nb_epci") is not None:
            ident.append(ff.plural(f["nb_epci"], "EPCI", "EPCI"))
        if f.get("nb_communes") is not None:
            ident.append(ff.plural(f["nb_communes"], "commune"))
        if f.get("population") is not None:
            ident.append(ff.fr_unit(f["population"], "habitants"))
        set_text(layout, "lbl_identifiant", " · ".join(ident) + (f"\n{d.name}" if d.name and d.name != d.label
                                                                  else ""))
        contents = [("1. Portrait synthétique du territoire", "portrait"),
                    ("2. Caractéristiques énergétiques", "energie_consommateurs"),
                    ("     Cartes : consommateurs, producteurs, réseaux et friches, chaleur", "carte_consommateurs"),
                    ("3. Enjeux d'attractivité industrielle durable", "attractivite"),
                    ("4. Vulnérabilités et enjeux climatiques (à venir)", "vulnerabilites"),
                    ("5. Recommandations", "recommandations"),
                    ("     Synergies de chaleur", "synergies"),
                    ("Sources des données", "sources")]
        last_sources = max(number for key, number in self.page_of.items() if key.startswith("sources"))
        pages = {key: str(self.page_of[key]) for _title, key in contents}
        if last_sources > self.page_of["sources"]:
            pages["sources"] = f"{self.page_of['sources']}–{last_sources}"
        fill_table(layout, "tbl_sommaire", ["Partie", "Page"], [[title, pages[key]] for title, key in contents],
                   numeric=(1,))
        dates = sorted({day for day in (_iso_day(p.get("date")) for p in d.sources.values()) if day})
        span = (f"téléchargées le {french_date(dates[0])}" if len(dates) == 1 else
                f"téléchargées du {french_date(dates[0])} au {french_date(dates[-1])}") if dates else \
            "du GeoPackage du territoire"
        edition = (f"Fiche éditée le {french_date(self.inputs.day)} avec TI Énergie {plugin_version()} à partir des "
                   f"données publiques {span} (détail page {self.page_of['sources']}).")
        if self.texts.empty:
            edition += (f"\nTextes des référents : pas encore rédigés (fichier {Path(self.texts.path).name}). Les "
                        f"parties à compléter sont signalées.")
        else:
            edition += f"\nTextes : référents du territoire{' (' + self.texts.reviewers + ')' if self.texts.reviewers else ''}."
        set_text(layout, "lbl_edition", edition)
        contact = self.texts.contact
        set_text(layout, "lbl_contact", f"Mises à jour et corrections : {contact}" if contact else
                 "Mises à jour et corrections : modifiez le fichier des textes des référents, puis exportez de "
                 "nouveau la fiche.")
        set_text(layout, "lbl_reserve", RESERVE)

    def portrait(self, layout):
        block = self.blocks["portrait"]
        text_or_mark(layout, "lbl_presentation", self.texts.text("portrait", "presentation"),
                     "présentation du territoire (villes principales, tissu industriel, ce qui le distingue).")
        fill_table(layout, "tbl_chiffres", block.headers, block.rows, numeric=(1,))
        set_text(layout, "lbl_epci", ff.epci_text(block.figures))
        logistics = self.blocks["logistique"]
        extra = self.texts.text("portrait", "logistique")
        text = logistics.text + "\n" + (extra if extra else "Ports, voies ferrées, plateformes : absents des données "
                                                             "du plugin, à compléter par les référents du territoire.")
        set_text(layout, "lbl_logistique", text)
        f = block.figures
        chart = None
        if f.get("economie_disponible") and f.get("effectifs_par_secteur"):
            from ..core.economy import svg_chart

            year = f.get("annee_emplois")
            note = f"Source : INSEE, Flores{' fin ' + str(year) if year else ''}. Établissements employeurs, lieu de " \
                   f"travail."
            if f.get("nb_cellules_secretes"):
                note += f" {f['nb_cellules_secretes']} cellule(s) couverte(s) par le secret statistique : chiffres " \
                        f"minorés."
            chart = self.workdir / "emplois_industrie.svg"
            chart.write_text(svg_chart(f["effectifs_par_secteur"], "Effectifs salariés de l'industrie manufacturière "
                                       "par secteur", note, self.data.label), encoding="utf-8")
            set_picture(layout, "pic_emplois", chart)
        else:
            hide(layout, "pic_emplois")
            mark(layout, "pic_emplois_vide", f"{ff.NON_DISPONIBLE} : graphique des effectifs de l'industrie "
                                             f"manufacturière par secteur (thème « Économie » non chargé).")
        set_text(layout, "lbl_secteurs", ff.sectors_text(f))
        emplois = self.data.sources.get("emplois")
        lines = [ff.source_line(self.data.layer("perimetre"), self.data.layer("routes_principales"),
                                self.data.layer("voies_navigables"))]
        if emplois:
            lines.append("Emplois : " + (emplois.get("source") or "INSEE Flores") + ", "
                         + ff.vintage_text(emplois) + ".")
        set_text(layout, "lbl_sources_page", " ".join(line for line in lines if line))

    def consumers(self, layout):
        comment = self.texts.text("energie", "commentaire")
        hydrogen = self.texts.text("energie", "hydrogene")
        text = "\n".join(t for t in (comment, ("Hydrogène : " + hydrogen) if hydrogen else "") if t)
        text_or_mark(layout, "lbl_commentaire", text, "lecture des cartes et des tableaux de l'énergie (grands "
                                                      "sites, projets, contraintes des réseaux, hydrogène).")
        table_or_mark(layout, "tbl_conso_secteurs", self.blocks["conso_secteurs"], numeric=(1, 2, 3, 4, 5, 6),
                      note_id="lbl_conso_note")
        table_or_mark(layout, "tbl_conso_top", self.blocks["conso_top"], numeric=(4,), note_id="lbl_top_note")
        first = self.page_of["carte_consommateurs"]
        set_text(layout, "lbl_cartes",
                 f"Les cartes des pages {first} à {first + 3} situent les consommateurs par secteur et par taille, "
                 f"les producteurs d'énergie par type, les réseaux (gaz, électricité 400 kV, chaleur, hydrogène) "
                 f"avec les friches, et la chaleur valorisable (chaleur fatale, stations d'épuration, géothermie). "
                 f"Chaque carte porte sa légende, son échelle et ses sources.")
        set_text(layout, "lbl_sources_page", "")
        flow(layout, [["lbl_commentaire"],
                      ["lbl_conso_titre", "tbl_conso_secteurs", "tbl_conso_secteurs_vide", "lbl_conso_note"],
                      ["lbl_top_titre", "tbl_conso_top", "tbl_conso_top_vide", "lbl_top_note"], ["lbl_cartes"]])

    def production(self, layout):
        block = self.blocks["puissance"]
        table_or_mark(layout, "tbl_puissance", block, numeric=(1, 2))
        notes = list(block.notes) if block.available else []
        if block.available and block.figures.get("par_type"):
            from ..core.fiche_charts import capacity_chart

            values = [(k, v) for k, v in block.figures["par_type"].items() if v > 0]
            chart = self.workdir / "puissance.svg"
            svg = capacity_chart(values)
            chart.write_text(svg, encoding="utf-8")
            set_picture(layout, "pic_puissance", chart)
            fit_picture_height(layout, "pic_puissance", svg)
        else:
            hide(layout, "pic_puissance")
        set_text(layout, "lbl_puissance_note", " ".join(n for n in notes + [block.source] if n))
        table_or_mark(layout, "tbl_reseaux_chaleur", self.blocks["reseaux_chaleur"], numeric=(1, 2, 3),
                      note_id="lbl_rc_note", extra_note=self._networks_total())
        table_or_mark(layout, "tbl_biomethane", self.blocks["biomethane"], numeric=(2, 3), note_id="lbl_bio_note",
                      extra_note=self._biomethane_total())
        set_text(layout, "lbl_sources_page", "")
        flow(layout, [["tbl_puissance", "tbl_puissance_vide", "pic_puissance"], ["lbl_puissance_note"]], gap=2.0)
        flow(layout, [["lbl_puissance_titre", "tbl_puissance", "tbl_puissance_vide", "pic_puissance",
                       "lbl_puissance_note"],
                      ["lbl_rc_titre", "tbl_reseaux_chaleur", "tbl_reseaux_chaleur_vide", "lbl_rc_note"],
                      ["lbl_bio_titre", "tbl_biomethane", "tbl_biomethane_vide", "lbl_bio_note"]])

    def _networks_total(self):
        block = self.blocks["reseaux_chaleur"]
        if not block.available or not block.figures.get("n"):
            return ""
        f = block.figures
        return (f"Total : {ff.plural(f['n'], 'réseau')}, {ff.fr_unit(f['km'], 'km', 1)}, "
                f"{ff.fr_unit(f['gwh'], 'GWh/an', 1)} livrés.")

    def _biomethane_total(self):
        block = self.blocks["biomethane"]
        if not block.available or not block.figures.get("sites"):
            return ""
        f = block.figures
        return (f"Total : {ff.plural(f['sites'], 'site')} d'injection, capacité "
                f"{ff.fr_unit(f['gwh_an'], 'GWh/an', 1)}.")

    def attractiveness(self, layout):
        block = self.blocks["friches"]
        if block.available:
            set_text(layout, "lbl_friches", block.text)
        else:
            mark(layout, "lbl_friches", block.reason)
        table_or_mark(layout, "tbl_friches", block, numeric=(2,), note_id="lbl_friches_note")
        if not block.available:
            hide(layout, "tbl_friches_vide")
        text_or_mark(layout, "lbl_decarb", self.texts.text("attractivite", "decarbonation"),
                     "entreprises et démarches de décarbonation (projets collectifs, lauréats, échéances).")
        text_or_mark(layout, "lbl_avantages", self.texts.text("attractivite", "avantages_competitifs"),
                     "avantages compétitifs (énergie, eau, image, savoir-faire, formation).")
        set_text(layout, "lbl_sources_page", "")
        flow(layout, [["lbl_friches_titre", "lbl_friches"], ["tbl_friches", "tbl_friches_vide", "lbl_friches_note"],
                      ["lbl_decarb_titre", "lbl_decarb"], ["lbl_avantages_titre", "lbl_avantages"]], gap=4.0)

    def vulnerabilities(self, layout):
        set_text(layout, "lbl_avenir", "À venir", fit=False)
        set_text(layout, "lbl_annonce", VULNERABILITY_NOTICE)
        text = self.texts.text("vulnerabilites", "texte")
        if text:
            set_text(layout, "lbl_texte", text)
        else:
            mark(layout, "lbl_texte", "À compléter par les référents du territoire s'ils le souhaitent : premiers "
                                      "éléments sur les vulnérabilités et les enjeux climatiques.")
        set_text(layout, "lbl_sources_page", "")

    def recommendations(self, layout):
        set_text(layout, "lbl_swot_intro", "Forces, faiblesses, opportunités et menaces du territoire, selon ses "
                                           "référents.", fit=False)
        for key, title in (("forces", "Forces"), ("faiblesses", "Faiblesses"), ("opportunites", "Opportunités"),
                           ("menaces", "Menaces")):
            items = self.texts.items(key)
            if items:
                lines = [f"• {head} : {body}" if head and body else f"• {head or body}" for head, body in items]
                set_text(layout, f"lbl_{key}", "\n".join(lines))
            else:
                mark(layout, f"lbl_{key}", f"À compléter par les référents du territoire : {title.lower()}.")
        synergies = self.texts.text("recommandations", "synergies")
        pointer = f"Synergies de chaleur fatale calculées : page {self.page_of['synergies']}."
        if synergies:
            set_text(layout, "lbl_synergies", synergies + "\n" + pointer)
        else:
            mark(layout, "lbl_synergies", "À compléter par les référents du territoire : synergies entre acteurs "
                                          "(mutualisations, projets partagés, complémentarités). " + pointer)
        set_text(layout, "lbl_sources_page", "")

    def synergies(self, layout, group):
        heat = self.inputs.heat
        text = ff.heat_text(heat)
        if heat is not None and heat.get("run"):
            set_text(layout, "lbl_heat", text)
        else:
            mark(layout, "lbl_heat", text)
        sources = self.blocks["chaleur_sources"]
        table_or_mark(layout, "tbl_heat_sources", sources, numeric=tuple(range(1, len(sources.headers))),
                      note_id="lbl_heat_sources_note")
        headers, rows = ff.heat_links_table(heat)
        if rows:
            left = fill_table(layout, "tbl_heat_liens", headers, rows, numeric=(2, 3))
            if left:
                self.warnings.append(f"Synergies : {left} liaison(s) non affichée(s) dans le tableau.")
        else:
            hide(layout, "tbl_heat_liens")
        if heat is not None and heat.get("run"):
            self._heat_map(layout, group, heat)
        else:
            for item_id in ("map_heat", "legend_heat", "scalebar_heat", "north_heat"):
                hide(layout, item_id)
        method = ff.heat_method_text(heat)
        set_text(layout, "lbl_heat_methode", method)
        layers = [self.data.layer(n) for n in ("chaleur_fatale", "step_chaleur", "reseaux_chaleur")]
        source = ff.source_line(*layers)
        set_text(layout, "lbl_sources_page", (source + " " if source else "") +
                 "Calcul : TI Énergie, appariement par programme linéaire (HiGHS), paramètres par défaut de "
                 "l'algorithme « Appariement sources / puits de chaleur ».")

    def _heat_map(self, layout, group, heat):
        from qgis.core import QgsLayoutItemLegend, QgsLayoutItemMap

        from .layouts import _round_scalebar, fit_extent, territory_extent
        from .project_layers import LAYER_PROPERTY

        map_item = _item(layout, "map_heat")
        if not isinstance(map_item, QgsLayoutItemMap):
            return
        links = self._links_layer(heat)
        wanted = ("chaleur_fatale", "step_chaleur", "reseaux_chaleur", "perimetre", "communes")
        found = {}
        for node in group.findLayers():
            layer = node.layer()
            name = layer.customProperty(LAYER_PROPERTY) if layer is not None else None
            if name in wanted and name not in found and not layer.customProperty("ti_energie/map_copy"):
                found[name] = layer
        layers = [links] + [found[name] for name in wanted if name in found]
        map_item.setLayers(layers)
        map_item.setKeepLayerSet(True)
        map_item.setFollowVisibilityPreset(False)
        extent = self._links_extent(links, found.get("reseaux_chaleur")) or territory_extent(group)
        if not extent.isEmpty():
            extent.scale(1.04)
            map_item.setExtent(fit_extent(extent, map_item.rect().width(), map_item.rect().height()))
        _round_scalebar(_item(layout, "scalebar_heat"), map_item.scale(), segment_mm=14.0)
        legend = _item(layout, "legend_heat")
        if isinstance(legend, QgsLayoutItemLegend):
            legend.setAutoUpdateModel(False)
            root = legend.model().rootGroup()
            root.removeAllChildren()
            names = {"chaleur_fatale": "Chaleur fatale", "step_chaleur": "Stations d'épuration",
                     "reseaux_chaleur": "Réseaux de chaleur", "perimetre": "Territoire"}
            node = root.addLayer(links)
            node.setName("Liaisons retenues")
            for name, title in names.items():
                if name in found:
                    node = root.addLayer(found[name])
                    node.setName(title)
            legend.setLegendFilterByMapEnabled(True)
            legend.updateLegend()

    @staticmethod
    def _links_extent(links, networks, smallest_m=12000.0, margin=0.25):
        """Where the retained links are, with the heat networks they feed: a link of a few hundred metres is
        invisible on a map of the whole territory. At least `smallest_m` wide and high, `margin` around; None
        without links."""
        from qgis.core import QgsRectangle

        if links.featureCount() == 0:
            return None
        extent = QgsRectangle(links.extent())
        if networks is not None:
            for feature in networks.getFeatures():
                if feature.hasGeometry() and feature.geometry().boundingBox().intersects(extent.buffered(10000.0)):
                    extent.combineExtentWith(feature.geometry().boundingBox())
        centre = extent.center()
        half_w = max(extent.width() * (1 + margin), smallest_m) / 2.0
        half_h = max(extent.height() * (1 + margin), smallest_m) / 2.0
        return QgsRectangle(centre.x() - half_w, centre.y() - half_h, centre.x() + half_w, centre.y() + half_h)

    def _links_layer(self, heat):
        from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

        layer = QgsVectorLayer("LineString?crs=EPSG:2154&field=source:string&field=sink:string"
                               "&field=delivered_mwh:double&field=mode_code:string&field=distance_km:double",
                               "Liaisons de chaleur", "memory")
        features = []
        for link in heat.get("links") or []:
            feature = QgsFeature(layer.fields())
            feature.setAttributes([link["source"], link["sink"], link["delivered_mwh"], link["mode_code"],
                                   link["distance_km"]])
            feature.setGeometry(QgsGeometry.fromPolylineXY([QgsPointXY(*link["start"]), QgsPointXY(*link["end"])]))
            features.append(feature)
        layer.dataProvider().addFeatures(features)
        layer.updateExtents()
        style = Path(__file__).resolve().parent.parent / "styles" / "heat_links.qml"
        if style.exists():
            layer.loadNamedStyle(str(style))
        self.project.addMapLayer(layer, False)
        return layer

    def sources_rows(self):
        titles = {name: title.replace(f" – {self.data.label}", "") for name, title in self.data.titles.items()}
        headers, rows = ff.sources_rows(self.data.sources, titles)
        if self.inputs.heat is not None and self.inputs.heat.get("run"):
            rows.append(["Synergies de chaleur (calcul)", "TI Énergie, algorithme « Appariement sources / puits "
                                                          "de chaleur »", "GPL", "–", f"calcul du "
                                                                                     f"{self.inputs.day.isoformat()}"])
        rows.append(["Textes des référents", f"Référents du territoire\n{Path(self.texts.path).name}", "–", "–",
                     "non rédigés" if self.texts.empty else "rédigés"])
        return headers, rows

    def sources_pages(self, limit=20):
        """The layouts of the sources table: one page, and pages « (suite) » while rows are left (no row is
        dropped). Rows keep the template's text size; a row taller than a whole page is set alone on its page
        (cut at the bottom, said in the warnings)."""
        headers, rows = self.sources_rows()
        layouts = []
        while rows and len(layouts) < limit:
            layout = self._load_page("sources")
            left = fill_table(layout, "tbl_sources", headers, rows, top=True)
            placed = len(rows) - left
            if placed == 0:            # one row taller than the page: alone, cut
                fill_table(layout, "tbl_sources", headers, rows[:1], top=True)
                placed = 1
                self.warnings.append(f"Page des sources : la ligne « {rows[0][0]} » est trop longue pour une page "
                                     f"et coupée.")
            layouts.append(layout)
            rows = rows[placed:]
        if rows:
            self.warnings.append(f"Page des sources : {len(rows)} ligne(s) au-delà de {limit} pages non affichées.")
        return layouts

    def sources_texts(self, layout, key):
        first = self.page_of["sources"]
        last = max(number for name, number in self.page_of.items() if name.startswith("sources"))
        if key != "sources":
            set_text(layout, "lbl_section", "Sources des données (suite)", fit=False)
            set_text(layout, "lbl_sources_intro", f"Suite du tableau des sources de la page "
                                                  f"{self.page_of[key] - 1}.")
        else:
            set_text(layout, "lbl_sources_intro",
                     "Chaque couche des données du territoire, avec son producteur, sa licence, son adresse et ses "
                     "dates : le millésime est la date des données selon leur producteur, le téléchargement celle "
                     "à laquelle TI Énergie les a lues." + (f" Le tableau continue jusqu'à la page {last}."
                                                             if last > first else ""))
        if self.page_of[key] == last:
            set_text(layout, "lbl_sources_fin",
                     "Les chiffres des tableaux sont calculés par TI Énergie à partir de ces couches ; une valeur "
                     "couverte par le secret statistique n'est jamais comptée comme nulle (« ≥ » signale un total "
                     f"minoré). Fichier de données : {Path(self.data.gpkg).name}. Nomenclatures et règles : "
                     f"documentation de TI Énergie (docs/fiche.md, docs/consommateurs-economie.md, "
                     f"docs/heat-matching.md).")
            follow(layout, "tbl_sources", "lbl_sources_fin", gap=4.0)
        else:
            set_text(layout, "lbl_sources_fin", "")


def _pdf_folder(pdf_path):
    """The PDF's path, its folder created; TiEnergieError when it cannot be."""
    pdf_path = Path(pdf_path)
    try:
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise TiEnergieError(f"Dossier de la fiche impossible à créer : {pdf_path.parent} "
                             f"({err.strerror or err}).") from None
    if pdf_path.is_dir():
        raise TiEnergieError(f"La fiche {pdf_path} serait écrite à la place d'un dossier : donnez un nom de fichier "
                             f"PDF.")
    return pdf_path


def render_fiche(inputs, pdf_path, feedback=None, dpi=150):
    """The PDF of prepared inputs (main thread). Returns FicheResult."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsLayoutExporter, QgsProject, QgsReport, \
        QgsReportSectionLayout

    from ..core.territories import Territory
    from .map_export import pdf_settings
    from .map_themes import build_map_groups
    from .territory_gpkg import open_in_project

    started = time.monotonic()
    pdf_path = _pdf_folder(pdf_path)
    _check_cancel(feedback)
    _progress(feedback, 35, "Mise en page de la fiche")
    data = inputs.data
    project = QgsProject()
    workdir = Path(tempfile.mkdtemp(prefix="ti_energie_fiche_"))
    report = None
    try:
        project.setCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
        territory = Territory(data.territory_id, data.name or data.label, data.short_name, ())
        group, _layers = open_in_project(project, data.gpkg, territory)
        build_map_groups(project, group)
        fiche = _Fiche(inputs, project, workdir)
        layouts = fiche.build(group)
        _check_cancel(feedback)
        _progress(feedback, 60, "Écriture du PDF")
        report = QgsReport(project)
        for layout in layouts:
            section = QgsReportSectionLayout(report)
            section.setBody(layout)
            section.setBodyEnabled(True)
            report.appendChild(section)
        partial = pdf_path.with_name(f".{pdf_path.stem}.part.pdf")
        result, error = QgsLayoutExporter.exportToPdf(report, str(partial), pdf_settings(dpi))
        if result != QgsLayoutExporter.ExportResult.Success:
            with contextlib.suppress(OSError):
                partial.unlink()
            raise TiEnergieError(f"Fiche non écrite : {pdf_path}{' (' + error + ')' if error else ''} (code "
                                 f"{int(result)}). Le fichier est-il ouvert dans un lecteur PDF ?")
        try:
            partial.replace(pdf_path)
        except OSError as err:
            with contextlib.suppress(OSError):
                partial.unlink()
            raise TiEnergieError(f"Fiche non écrite : {pdf_path} est ouvert ailleurs ou protégé "
                                 f"({err.strerror or err}).") from None
        pages = fiche.total
    finally:
        del report
        project.clear()
        del project
        shutil.rmtree(workdir, ignore_errors=True)
    _progress(feedback, 100, "")
    timings = dict(inputs.timings)
    timings["mise_en_page"] = time.monotonic() - started
    return FicheResult(pdf=pdf_path, pages=pages, texts_path=inputs.texts.path, texts_state=inputs.texts.state,
                       suggestions=inputs.texts.suggestions, warnings=inputs.warnings + fiche.warnings,
                       timings=timings, heat=inputs.heat)


__all__ = ["FicheInputs", "FicheResult", "PAGES", "SECTION_TITLES", "default_pdf_name", "export_fiche",
           "prepare_fiche", "render_fiche"]
