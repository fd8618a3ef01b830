"""Charts of the fiche as SVG text (pure, no QGIS): horizontal bars, one colour per category.

The jobs chart is core/economy.svg_chart (the same file the loader writes next to the GeoPackage); the
installed capacity chart is drawn here in the same style (font, sizes, layout).
"""

import math

from .economy import escape
from .fiche_facts import fr_number

PRODUCER_COLOURS = {  # as tools/build_styles.py draws them on the map
    "Cogénération de biométhane": "#117733", "Cogénération de gaz": "#DDCC77",
    "Point d'injection de biométhane": "#44AA99", "Bioénergies": "#999933", "Thermique non renouvelable": "#882255",
    "Centrale nucléaire": "#AA4499", "Éolien": "#88CCEE", "Stockage d'électricité": "#332288",
    "Solaire": "#EE7733", "Hydraulique": "#0077BB",
}
# the register's filières (`production_electricite.categorie`), when the producers by type are not loaded
PRODUCER_COLOURS.update({"Nucléaire": PRODUCER_COLOURS["Centrale nucléaire"], "Eolien": PRODUCER_COLOURS["Éolien"],
                         "Stockage": PRODUCER_COLOURS["Stockage d'électricité"],
                         "Thermique non renouvelable": PRODUCER_COLOURS["Thermique non renouvelable"]})
DEFAULT_COLOUR = "#888888"


def svg_bars(values, title, unit, subtitle="", note="", colours=None, width=720, log_scale=False, label_w=260,
             bar_h=20, gap=8):
    """Bars of `values` [(label, number)], largest scale first as given; `log_scale` when one bar dwarfs the
    others (a nuclear plant beside solar roofs): lengths then follow log10(1 + value) and the figures stay
    exact. `width`, `label_w` (room for the labels), `bar_h` and `gap` in SVG units, text 12 units high: a
    narrower chart reads larger once scaled to its box."""
    import textwrap

    values = [(str(label), float(value or 0.0)) for label, value in values]
    top = 40 + (20 if subtitle else 0)
    bar_max = width - label_w - 90
    notes = textwrap.wrap(note, max(40, int(width / 5.6))) if note else []
    height = top + max(1, len(values)) * (bar_h + gap) + 20 + 14 * len(notes)

    def scale(value):
        return math.log10(1.0 + value) if log_scale else value

    biggest = max([scale(v) for _l, v in values] + [1e-9])
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="Arial, Helvetica, sans-serif">',
           f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
           f'<text x="12" y="26" font-size="16" font-weight="bold" fill="#222222">{escape(title)}</text>']
    if subtitle:
        out.append(f'<text x="12" y="46" font-size="13" fill="#222222">{escape(subtitle)}</text>')
    for index, (label, value) in enumerate(values):
        y = top + index * (bar_h + gap)
        length = round(bar_max * scale(value) / biggest, 1) if value > 0 else 0
        colour = (colours or {}).get(label, DEFAULT_COLOUR)
        out.append(f'<text x="{label_w - 8}" y="{y + bar_h * 0.7:.1f}" font-size="12" text-anchor="end" '
                   f'fill="#222222">{escape(label)}</text>')
        out.append(f'<rect class="barre" data-libelle="{escape(label, {chr(34): "&quot;"})}" data-valeur="{value:g}" '
                   f'x="{label_w}" y="{y}" width="{length}" height="{bar_h}" fill="{colour}"/>')
        decimals = 1 if 0 < value < 10 else 0
        out.append(f'<text x="{label_w + length + 6:.1f}" y="{y + bar_h * 0.7:.1f}" font-size="12" '
                   f'fill="#222222">{escape(fr_number(value, decimals))} {escape(unit)}</text>')
    y = top + max(1, len(values)) * (bar_h + gap) + 8
    for number, line in enumerate(notes):
        out.append(f'<text x="12" y="{y + 14 * number}" font-size="10" fill="#555555">{escape(line)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def capacity_chart(values):
    """The fiche's installed capacity chart (SVG) of [(type, MW)]: drawn narrow (440 units for its box of
    97 × 68 mm, styles/fiche/energie_production.qpt) so that its text prints at about 7 pt; logarithmic when
    one plant dwarfs the rest (said under the bars)."""
    log = needs_log_scale(values)
    return svg_bars(values, "Puissance installée (MW)", "MW", "",
                    "Échelle logarithmique : les barres comparent des ordres de grandeur, les valeurs sont exactes."
                    if log else "", PRODUCER_COLOURS, width=440, log_scale=log, label_w=185, bar_h=16, gap=6)


def needs_log_scale(values, ratio=50.0):
    """True when the largest positive value is more than `ratio` times the smallest one."""
    positive = [float(v) for _l, v in values if v and float(v) > 0]
    return len(positive) > 1 and max(positive) / min(positive) > ratio
