"""Economy of a territory (the fiche's portrait): INSEE Flores rows, indicators and the jobs chart. Pure,
no QGIS.

INSEE Flores publishes, per commune, the number of establishments (`UNIT_LOC`) and of salaried jobs at the
end of the year (`EMPL3112`) by activity (A38) and size class, with totals (`_T`) on both dimensions.
A cell INSEE withholds (`OBS_STATUS` K, empty value) is None, never 0. Totals are read from the `_T`
rows; detail rows are summed only where INSEE gives no total, and a total is never added to its own
detail rows.

Indicators (written into the `perimetre` layer):

- `effectifs_total`: salaried jobs of the territory (sum over its communes of the all-activities total);
- `effectifs_industrie`: jobs of INSEE's « industrie », sections B to E of NAF rév. 2 (A38 BZ, CA…CM,
  DZ, EZ): extractive industries, manufacturing, energy, water and waste;
- `part_emploi_industriel_pct`: the ratio of the two, in %;
- `effectifs_manufacturier_par_secteur`: manufacturing jobs (section C) by fiche sector (JSON text);
- `part_10_premiers_etablissements_pct`: share of the jobs held by the 10 largest establishments,
  estimated from the size classes (class average for the class the 10th establishment falls in); NULL
  when a cell it needs is withheld;
- `nb_cellules_secretes`: how many cells INSEE withheld — the figures above are then lower bounds.
"""

import json

from .consumers import COULEURS_SECTEURS, SECTEURS

TOTAL = "_T"
MESURE_ETABLISSEMENTS, MESURE_EFFECTIFS = "UNIT_LOC", "EMPL3112"
STATUT_NON_DIFFUSE = "K"
# INSEE's size classes of Flores A38, largest last (labels of the product's metadata file)
TRANCHES = {
    "E0": "0 salarié", "E1T4": "1 à 4 salariés", "E5T9": "5 à 9 salariés", "E10T19": "10 à 19 salariés",
    "E20T49": "20 à 49 salariés", "E50T99": "50 à 99 salariés", "E100T199": "100 à 199 salariés",
    "E200T499": "200 à 499 salariés", "E_GE500": "500 salariés ou plus", TOTAL: "Ensemble",
}
# the A38 headings (used when the product's metadata file gives no label)
A38_LIBELLES = {
    "AZ": "Agriculture, sylviculture et pêche", "BZ": "Industries extractives",
    "CA": "Fabrication de denrées alimentaires, de boissons et de produits à base de tabac",
    "CB": "Fabrication de textiles, industries de l'habillement, industrie du cuir et de la chaussure",
    "CC": "Travail du bois, industries du papier et imprimerie", "CD": "Cokéfaction et raffinage",
    "CE": "Industrie chimique", "CF": "Industrie pharmaceutique",
    "CG": "Fabrication de produits en caoutchouc et en plastique ainsi que d'autres produits minéraux non métalliques",
    "CH": "Métallurgie et fabrication de produits métalliques à l'exception des machines et des équipements",
    "CI": "Fabrication de produits informatiques, électroniques et optiques",
    "CJ": "Fabrication d'équipements électriques", "CK": "Fabrication de machines et équipements n.c.a.",
    "CL": "Fabrication de matériels de transport",
    "CM": "Autres industries manufacturières ; réparation et installation de machines et d'équipements",
    "DZ": "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné",
    "EZ": "Production et distribution d'eau ; assainissement, gestion des déchets et dépollution",
    "FZ": "Construction", "GZ": "Commerce ; réparation d'automobiles et de motocycles",
    "HZ": "Transports et entreposage", "IZ": "Hébergement et restauration", "JA": "Édition, audiovisuel et diffusion",
    "JB": "Télécommunications", "JC": "Activités informatiques et services d'information",
    "KZ": "Activités financières et d'assurance", "LZ": "Activités immobilières",
    "MA": "Activités juridiques, comptables, de gestion, d'architecture, d'ingénierie, de contrôle et d'analyses "
          "techniques",
    "MB": "Recherche-développement scientifique", "MC": "Autres activités spécialisées, scientifiques et techniques",
    "NZ": "Activités de services administratifs et de soutien", "OZ": "Administration publique",
    "PZ": "Enseignement", "QA": "Activités pour la santé humaine",
    "QB": "Hébergement médico-social et social et action sociale sans hébergement",
    "RZ": "Arts, spectacles et activités récréatives", "SZ": "Autres activités de services",
    "TZ": "Activités des ménages en tant qu'employeurs", "UZ": "Activités extra-territoriales",
    TOTAL: "Ensemble des activités",
}
MANUFACTURIER = ("CA", "CB", "CC", "CD", "CE", "CF", "CG", "CH", "CI", "CJ", "CK", "CL", "CM")
INDUSTRIE = ("BZ",) + MANUFACTURIER + ("DZ", "EZ")   # INSEE's « industrie »: sections B to E
# largest class first, for the share of the largest establishments
_TRANCHES_DECROISSANTES = ("E_GE500", "E200T499", "E100T199", "E50T99", "E20T49", "E10T19", "E5T9", "E1T4", "E0")

# the fields the loader adds to `perimetre`: (name, type, alias)
CHAMPS_INDICATEURS = [
    ("effectifs_total", "int", "Effectifs salariés (fin d'année, Flores)"),
    ("effectifs_industrie", "int", "Effectifs salariés de l'industrie (sections B à E)"),
    ("part_emploi_industriel_pct", "double", "Part de l'emploi industriel (%)"),
    ("effectifs_manufacturier_par_secteur", "str", "Effectifs manufacturiers par secteur (JSON)"),
    ("part_10_premiers_etablissements_pct", "double", "Part des 10 premiers établissements dans l'emploi (%, estimée)"),
    ("nb_cellules_secretes", "int", "Cellules couvertes par le secret statistique (chiffres minorés)"),
    ("annee_emplois", "int", "Année des données d'emploi (Flores, fin d'année)"),
]


def is_secret(status, value):
    """True when INSEE withholds the value (status K, or no value given)."""
    return str(status or "").strip().upper() == STATUT_NON_DIFFUSE or value is None or str(value).strip() == ""


def number(value):
    """The int of an OBS_VALUE ("12", "12.0", "1 234"), or None when empty/withheld."""
    if value is None:
        return None
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        figure = float(text)
    except ValueError:
        return None
    return int(round(figure)) if figure == figure else None


def _yes(value):
    return value is True or str(value or "").strip().lower() in ("oui", "true", "1", "vrai")


class _Table:
    """The rows of `emplois` indexed by (commune, activity, size class)."""

    def __init__(self, rows):
        self.cells = {}
        for row in rows:
            key = (str(row.get("code_commune") or ""), str(row.get("activite") or ""), str(row.get("tranche") or ""))
            self.cells[key] = (row.get("etablissements"), row.get("effectifs"), _yes(row.get("secret")))
        self.communes = sorted({k[0] for k in self.cells})
        self.activities = sorted({k[1] for k in self.cells if k[1] != TOTAL})

    def jobs(self, commune, activity):
        """Jobs of an activity in a commune: its total row, else the sum of its published size classes
        (a lower bound), else None."""
        cell = self.cells.get((commune, activity, TOTAL))
        if cell is not None and cell[1] is not None:
            return cell[1]
        details = [v[1] for (c, a, t), v in self.cells.items()
                   if c == commune and a == activity and t != TOTAL and v[1] is not None]
        return sum(details) if details else None

    def total_jobs(self, commune):
        value = self.jobs(commune, TOTAL)
        if value is not None:
            return value
        parts = [self.jobs(commune, a) for a in self.activities]
        parts = [p for p in parts if p is not None]
        return sum(parts) if parts else None


def share_of_largest(table, count=10):
    """% of the jobs in the `count` largest establishments, from the all-activities size classes summed over
    the communes; the class the last one falls in contributes its average. None when a cell it needs is
    withheld or missing."""
    total = sum(t for t in (table.total_jobs(c) for c in table.communes) if t is not None)
    if not total:
        return None
    return _largest_share(table, (TOTAL,), count, total)


def _largest_share(table, activities, count, total):
    """% of `total` jobs held by the `count` largest establishments of `activities`, walking the size classes
    from the largest (cells summed over the communes and activities); the class where the last one falls
    contributes its average. None when a cell it needs is withheld or missing."""
    remaining, jobs = count, 0.0
    for tranche in _TRANCHES_DECROISSANTES:
        present = [cell for cell in (table.cells.get((c, a, tranche)) for c in table.communes for a in activities)
                   if cell is not None]
        if any(cell[2] or cell[0] is None or cell[1] is None for cell in present):
            return None   # a withheld cell in a class that counts: no figure rather than a wrong one
        establishments = sum(cell[0] for cell in present)
        employees = sum(cell[1] for cell in present)
        if establishments <= 0:
            continue
        if establishments >= remaining:
            jobs += employees * remaining / establishments
            remaining = 0
            break
        jobs += employees
        remaining -= establishments
    return round(100.0 * jobs / total, 1)


def indicators(rows, a38_secteurs, annee=None):
    """The territory's indicators from the rows of `emplois` (dicts by field name) and the A38 → sector
    mapping of the NAF table. Returns {field: value} for CHAMPS_INDICATEURS."""
    table = _Table(rows)
    total = sum(t for t in (table.total_jobs(c) for c in table.communes) if t is not None)
    industrie = sum(v for c in table.communes for a in INDUSTRIE for v in [table.jobs(c, a)] if v is not None)
    par_secteur = {sector: 0 for sector in SECTEURS}
    for commune in table.communes:
        for activity in MANUFACTURIER:
            sector = a38_secteurs.get(activity)
            value = table.jobs(commune, activity)
            if sector in par_secteur and value is not None:
                par_secteur[sector] += value
    years = [int(r["annee"]) for r in rows if r.get("annee") not in (None, "")]
    return {
        "effectifs_total": total if table.communes else None,
        "effectifs_industrie": industrie if table.communes else None,
        "part_emploi_industriel_pct": round(100.0 * industrie / total, 1) if total else None,
        "effectifs_manufacturier_par_secteur": json.dumps(par_secteur, ensure_ascii=False),
        "part_10_premiers_etablissements_pct": share_of_largest(table),
        "nb_cellules_secretes": sum(1 for v in table.cells.values() if v[2]),
        "annee_emplois": annee if annee is not None else (max(years) if years else None),
    }


def svg_chart(par_secteur, title, note="", subtitle="", width=720):
    """A horizontal bar chart (SVG text) of manufacturing jobs by fiche sector, in the legend's order and
    colours; `subtitle` (the territory) under the title, `note` (source, vintage, withheld cells) under the
    bars, wrapped."""
    import textwrap

    values = [(sector, int(par_secteur.get(sector) or 0)) for sector in SECTEURS]
    biggest = max([v for _s, v in values] + [1])
    label_w, bar_h, gap = 300, 22, 10
    top = 56 + (20 if subtitle else 0)
    bar_max = width - label_w - 90
    notes = textwrap.wrap(note, 115) if note else []
    height = top + len(values) * (bar_h + gap) + 40 + 14 * len(notes)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="Arial, Helvetica, sans-serif">',
           f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
           f'<text x="12" y="26" font-size="16" font-weight="bold" fill="#222222">{escape(title)}</text>']
    if subtitle:
        out.append(f'<text x="12" y="46" font-size="13" fill="#222222">{escape(subtitle)}</text>')
    for index, (sector, value) in enumerate(values):
        y = top + index * (bar_h + gap)
        length = round(bar_max * value / biggest, 1)
        out.append(f'<text x="{label_w - 8}" y="{y + bar_h * 0.7:.1f}" font-size="12" text-anchor="end" '
                   f'fill="#222222">{escape(sector)}</text>')
        out.append(f'<rect class="barre" data-secteur="{escape(sector, {chr(34): "&quot;"})}" data-valeur="{value}" '
                   f'x="{label_w}" y="{y}" width="{length}" height="{bar_h}" fill="{COULEURS_SECTEURS[sector]}"/>')
        out.append(f'<text x="{label_w + length + 6:.1f}" y="{y + bar_h * 0.7:.1f}" font-size="12" '
                   f'fill="#222222">{_thousands(value)}</text>')
    total = sum(v for _s, v in values)
    y = top + len(values) * (bar_h + gap) + 18
    out.append(f'<text x="12" y="{y}" font-size="12" fill="#222222">Total industrie manufacturière : '
               f'{_thousands(total)} salariés</text>')
    for number, line in enumerate(notes):
        out.append(f'<text x="12" y="{y + 18 + 14 * number}" font-size="10" fill="#555555">{escape(line)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def escape(text, extra=None):
    """`text` for SVG text and attribute values (&, <, >, and the characters of `extra`)."""
    out = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char, entity in (extra or {}).items():
        out = out.replace(char, entity)
    return out


def _thousands(value):
    return f"{int(value):,}".replace(",", "\u202f")
