"""Industrial energy consumers (map « Consommateurs »): pure rules, no QGIS.

- The NAF → sector table is data: `resources/data/naf_secteurs.csv`, one row per NAF division 10–33
  (`naf2;libelle_naf;a38;secteur`), overridable per catalogue entry (`naf_secteurs:` a mapping
  division → sector, `naf_secteurs_fichier:` a CSV of the same shape). The choices made for the ambiguous
  divisions (16, 18, 19, 25) are explained in docs/consommateurs-economie.md.
- Rows of the sources (one per address × NAF division × energy, or per commune × NAF division × energy)
  are summed per address and energy; the division carrying the largest published consumption gives the
  sector. A value the source withholds (`secret`, `nd`, null) is None, never 0: a sum with a withheld part
  is a lower bound, and the size class says « Non publié » unless that lower bound already exceeds a
  threshold.
- Commune aggregates (the fallback when addresses are withheld) are kept only for the commune × energy ×
  sector combinations that no published address figure covers.
"""

import csv
import io
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from .i18n import tr

BUILTIN_NAF_CSV = Path(__file__).resolve().parent.parent / "resources" / "data" / "naf_secteurs.csv"

# the fiche's legend, in its order
SECTEURS = ("Agroalimentaire", "Papeterie", "Textile", "Métallurgie/sidérurgie", "Matériels de transport",
            "Industrie chimique et pharmaceutique", "Produits minéraux, caoutchouc, plastique",
            "Biens intermédiaires et d'équipement")
NON_PUBLIE = "Non publié"
# colours of the sectors (Paul Tol's « muted » palette, colour-blind safe, the map styles' order)
COULEURS_SECTEURS = {
    "Agroalimentaire": "#CC6677", "Papeterie": "#332288", "Textile": "#DDCC77", "Métallurgie/sidérurgie": "#117733",
    "Matériels de transport": "#88CCEE", "Industrie chimique et pharmaceutique": "#882255",
    "Produits minéraux, caoutchouc, plastique": "#44AA99", "Biens intermédiaires et d'équipement": "#999933",
    NON_PUBLIE: "#BBBBBB",
}
DIVISIONS = tuple(str(n) for n in range(10, 34))   # NAF rév. 2 section C (manufacturing)
ELECTRICITE, GAZ = "Électricité", "Gaz"
CLASSE_50000, CLASSE_10000, CLASSE_PETITE = "> 50 000 MWh", "> 10 000 MWh", "< 10 000 MWh"
CLASSES = (CLASSE_50000, CLASSE_10000, CLASSE_PETITE, NON_PUBLIE)
MASQUE_NON, MASQUE_PARTIEL, MASQUE_OUI = "non", "partiel", "oui"
PRECISION_ADRESSE, PRECISION_IRIS, PRECISION_COMMUNE = "adresse", "IRIS", "commune"
DISTRIBUTION, TRANSPORT = "distribution", "transport"


class NafTableError(ValueError):
    """The NAF → sector table (built-in, user file or catalogue override) is not usable: French message."""


@dataclass
class NafTable:
    """NAF division → fiche sector, with each division's label and its A38 code."""

    secteurs: dict                                  # "10" → "Agroalimentaire"
    libelles: dict = field(default_factory=dict)    # "10" → "Industries alimentaires"
    a38: dict = field(default_factory=dict)         # "10" → "CA"

    def secteur(self, division):
        return self.secteurs.get(division)

    def a38_secteurs(self):
        """A38 code → sector: the sector most of its divisions map to (on a tie, its first division's)."""
        votes = OrderedDict()
        for division in DIVISIONS:
            code = self.a38.get(division)
            if code:
                votes.setdefault(code, []).append(self.secteurs[division])
        out = {}
        for code, sectors in votes.items():
            counts = {s: sectors.count(s) for s in sectors}
            best = max(counts.values())
            out[code] = next(s for s in sectors if counts[s] == best)
        return out


def _clean_division(value):
    text = str(value if value is not None else "").strip().strip('"')
    return text.zfill(2) if text.isdigit() else text


def parse_naf_csv(text, where="table NAF"):
    """A NafTable from the CSV text (`naf2;libelle_naf;a38;secteur`, `;` or `,` separated). Raises
    NafTableError (French) when a division of 10–33 is missing or repeated or a sector is unknown."""
    lines = [line for line in text.lstrip("\ufeff").splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise NafTableError(tr("{} : fichier vide.").format(where))
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    columns = [c.strip() for c in (reader.fieldnames or [])]
    if "naf2" not in columns or "secteur" not in columns:
        raise NafTableError(tr("{} : colonnes « naf2 » et « secteur » attendues (lu : {}).").format(where, ', '.join(columns)))
    secteurs, libelles, a38 = {}, {}, {}
    for number, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        division = _clean_division(row.get("naf2"))
        if division not in DIVISIONS:
            raise NafTableError(tr("{}, ligne {} : division « {} » hors de 10–33.").format(where, number, division))
        if division in secteurs:
            raise NafTableError(tr("{}, ligne {} : division {} répétée.").format(where, number, division))
        sector = row.get("secteur", "")
        if sector not in SECTEURS:
            raise NafTableError(tr("{}, ligne {} : secteur « {} » inconnu (secteurs possibles : {}).").format(where, number, sector, ', '.join(SECTEURS)))
        secteurs[division] = sector
        libelles[division] = row.get("libelle_naf", "")
        a38[division] = row.get("a38", "")
    missing = [d for d in DIVISIONS if d not in secteurs]
    if missing:
        raise NafTableError(tr("{} : division(s) {} absente(s) (une ligne par division 10–33).").format(where, ', '.join(missing)))
    return NafTable(secteurs, libelles, a38)


def load_naf_table(path=None, overrides=None):
    """The built-in table (or the CSV at `path`), then `overrides` ({division: sector}) applied."""
    source = Path(path) if path else BUILTIN_NAF_CSV
    try:
        text = source.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        text = source.read_bytes().decode("latin-1")
    except OSError as err:
        raise NafTableError(tr("table NAF illisible ({}) : {}.").format(source, err.strerror or err)) from None
    table = parse_naf_csv(text, f"table NAF {source.name}")
    for division, sector in (overrides or {}).items():
        division = _clean_division(division)
        if division not in DIVISIONS:
            raise NafTableError(tr("correspondance NAF du catalogue : division « {} » hors de 10–33.").format(division))
        if sector not in SECTEURS:
            raise NafTableError(tr("correspondance NAF du catalogue : secteur « {} » inconnu pour la division {} "
                                   "(secteurs possibles : {}).").format(sector, division, ', '.join(SECTEURS)))
        table.secteurs[division] = sector
    return table


_DIVISION = re.compile(r"^[A-Za-z]?\s*(\d{2})(?:[.,]\d*)?[A-Za-z]?$")


def naf_division(code):
    """The NAF division ("10") of a code as sources write it: "10", "10.0", 10, "C10", "10.11Z"; None
    when the code is empty or not a division."""
    if code is None:
        return None
    if isinstance(code, float):
        if code != code:
            return None
        code = int(code) if code == int(code) else code
    text = str(code).strip()
    if text.isdigit() and len(text) == 1:
        text = "0" + text
    match = _DIVISION.match(text) or re.match(r"^(\d{2})\.\d{1,2}[A-Z]?$", text)
    return match.group(1) if match else None


def classe_conso(mwh, secret=MASQUE_NON):
    """The fiche's size class. A partly withheld sum is a lower bound: it gives a class only when it
    already exceeds the threshold; otherwise « Non publié »."""
    if mwh is None:
        return NON_PUBLIE
    if mwh > 50000:
        return CLASSE_50000
    if mwh > 10000:
        return CLASSE_10000
    return NON_PUBLIE if secret == MASQUE_PARTIEL else CLASSE_PETITE


def normalise_energy(value):
    """« Électricité » or « Gaz » from a source's filière ("Electricité", "E", "gaz naturel"…), or None."""
    text = str(value or "").strip().lower()
    if text.startswith(("élec", "elec")) or text == "e":
        return ELECTRICITE
    if text.startswith("gaz") or text in ("g", "gn"):
        return GAZ
    return None


@dataclass
class SourceRow:
    """One row of a source: an address (or a commune) × NAF division × energy."""

    key: str                 # what is summed together: the address (BAN id…) or the commune
    energie: str
    code_commune: str
    naf2: str                # NAF division "10".."33"
    conso: float = None      # MWh; None when withheld
    pdl: int = None          # delivery points; None when withheld
    annee: int = None
    nom: str = ""
    location: object = None  # opaque (the connector's coordinates)


@dataclass
class Consumer:
    """One point of the layer: an address (or site, or commune aggregate) and one energy."""

    nom: str
    code_commune: str
    naf2: str
    secteur: str
    energie: str
    conso_mwh: float
    classe_conso: str
    pdl: int
    annee: int
    conso_secret: str
    location: object = None
    rows: int = 1            # source rows summed into it

    def as_dict(self):
        return {"nom": self.nom, "code_commune": self.code_commune, "naf2": self.naf2, "secteur": self.secteur,
                "energie": self.energie, "conso_mwh": self.conso_mwh, "classe_conso": self.classe_conso,
                "pdl": self.pdl, "annee": self.annee, "conso_secret": self.conso_secret}


def _dominant(per_naf):
    """The division with the largest published consumption; when none is published, the one with the most
    delivery points; then the smallest code (a stable choice)."""
    def rank(item):
        division, (conso, pdl) = item
        return (conso is not None, conso or 0.0, pdl or 0, -int(division))
    return max(per_naf.items(), key=rank)[0]


def aggregate(rows, table):
    """[Consumer] from [SourceRow]: rows outside divisions 10–33 dropped; the others summed per (key,
    energy) — never a row counted twice —, the dominant division giving the sector."""
    groups = OrderedDict()
    for row in rows:
        if row.naf2 not in table.secteurs:
            continue
        groups.setdefault((row.key, row.energie), []).append(row)
    out = []
    for (_key, energie), members in groups.items():
        per_naf = {}
        for row in members:
            conso, pdl = per_naf.get(row.naf2, (None, None))
            if row.conso is not None:
                conso = (conso or 0.0) + row.conso
            if row.pdl is not None:
                pdl = (pdl or 0) + row.pdl
            per_naf[row.naf2] = (conso, pdl)
        published = [r.conso for r in members if r.conso is not None]
        withheld = len(published) < len(members)
        total = round(sum(published), 3) if published else None
        secret = MASQUE_OUI if not published else (MASQUE_PARTIEL if withheld else MASQUE_NON)
        pdls = [r.pdl for r in members if r.pdl is not None]
        division = _dominant(per_naf)
        years = [r.annee for r in members if r.annee is not None]
        first = members[0]
        out.append(Consumer(
            nom=next((r.nom for r in members if r.nom), ""), code_commune=first.code_commune, naf2=division,
            secteur=table.secteur(division), energie=energie, conso_mwh=total, classe_conso=classe_conso(total, secret),
            pdl=sum(pdls) if pdls else None, annee=max(years) if years else None, conso_secret=secret,
            location=next((r.location for r in members if r.location is not None), None), rows=len(members)))
    return out


def aggregate_communes(rows, table):
    """Commune aggregates (commune × NAF × energy rows) summed per commune × energy × sector (all the rows of
    a group share the sector, so the dominant division names it)."""
    return aggregate([SourceRow(f"{r.code_commune}|{table.secteur(r.naf2)}", r.energie, r.code_commune, r.naf2,
                                r.conso, r.pdl, r.annee, r.nom, r.location)
                      for r in rows if r.naf2 in table.secteurs], table)


def fallback_needed(points, aggregates):
    """The commune aggregates to draw: those whose commune × energy × sector has no published address
    figure among `points` (addresses withheld, or the address file unavailable)."""
    def get(item, name):
        return item.get(name) if isinstance(item, dict) else getattr(item, name, None)

    covered = {(get(p, "code_commune"), get(p, "energie"), get(p, "secteur")) for p in points
               if get(p, "conso_mwh") is not None}
    return [a for a in aggregates if (get(a, "code_commune"), get(a, "energie"), get(a, "secteur")) not in covered]
