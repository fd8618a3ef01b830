"""Catalogue of the Territoires d'industrie (ANCT programme).

Pure logic: the built-in list (resources/data/territoires_hdf.csv, the offline default) and the parser of
ANCT's open data (data.gouv "Programme Territoires d'industrie", EPCI-level CSV) used to refresh it.
"""

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import TiEnergieError
from .i18n import tr

BUILTIN_CSV = Path(__file__).resolve().parent.parent / "resources" / "data" / "territoires_hdf.csv"
ANCT_EPCI_COLUMNS = ("id_ti", "lib_ti", "siren_groupement", "lib_groupement", "nature_juridique")


@dataclass(frozen=True)
class Territory:
    """One Territoire d'industrie: ANCT id, official name, short name of the regional fiches, EPCI SIREN."""

    id: str
    name: str
    short_name: str
    epci: tuple
    region: str = ""
    order: int = 0
    communes: tuple = field(default=(), compare=False)  # INSEE codes of member communes (groupements "COM")
    epci_names: tuple = field(default=(), compare=False)  # (siren, name) pairs when the source gives them

    def epci_name(self, siren):
        """The name of a member EPCI (or commune) when known, else ''."""
        return dict(self.epci_names).get(siren, "")

    @property
    def label(self):
        return self.short_name or self.name


def _fold(text):
    """Lower-case, accent-free, dash/space-normalised text for matching names typed by users."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    for dash in ("–", "—", "-", "_", "'", "’"):
        text = text.replace(dash, " ")
    return " ".join(text.split())


class TerritoryCatalogue:
    """An ordered list of territories with look-up by id or (short) name."""

    def __init__(self, territories):
        self.territories = list(territories)

    def __iter__(self):
        return iter(self.territories)

    def __len__(self):
        return len(self.territories)

    def ids(self):
        return [t.id for t in self.territories]

    def get(self, key):
        """Territory for an ANCT id ('ti-3201'), an official or a short name; raise with a clear message."""
        folded = _fold(key)
        for territory in self.territories:
            if territory.id.lower() == (key or "").strip().lower():
                return territory
        for territory in self.territories:
            if folded in (_fold(territory.name), _fold(territory.short_name)):
                return territory
        matches = [t for t in self.territories if folded and (folded in _fold(t.name) or folded in _fold(t.short_name))]
        if len(matches) == 1:
            return matches[0]
        if matches:
            names = ", ".join(t.label for t in matches)
            raise TiEnergieError(tr("Territoire « {} » ambigu : {}.").format(key, names))
        raise TiEnergieError(tr("Territoire « {} » inconnu du catalogue ({} territoires).").format(key, len(self)))

    def search(self, text):
        """Territories whose id, name or short name contains `text` (accent and case insensitive)."""
        folded = _fold(text)
        return [t for t in self.territories
                if not folded or folded in _fold(t.name) or folded in _fold(t.short_name) or folded in t.id]


def load_builtin(path=BUILTIN_CSV):
    """The built-in catalogue (offline default)."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    return TerritoryCatalogue(
        Territory(id=row["id_ti"], name=row["nom"], short_name=row["nom_court"], epci=tuple(row["epci_siren"].split()),
                  region=row["region"], order=int(row["ordre_fiche"] or 0))
        for row in rows
    )


def parse_anct_epci_csv(text, source="ANCT – Programme Territoires d'industrie", short_names=None):
    """Parse ANCT's EPCI-level list (columns id_ti, lib_ti, siren_groupement, lib_groupement, nature_juridique).

    Accepts ',' or ';' separators and a UTF-8 BOM. `short_names` maps ids to the short names of the fiches.
    Raises TiEnergieError naming the source when the payload is not that table.
    """
    from .errors import SourceError

    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = text.decode("latin-1")
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    missing = [c for c in ANCT_EPCI_COLUMNS[:3] if c not in (reader.fieldnames or [])]
    if missing:
        raise SourceError(source, tr("colonnes manquantes dans la liste des EPCI : {}.").format(', '.join(missing)))
    short_names = short_names or {}
    grouped = {}
    for row in reader:
        tid = (row.get("id_ti") or "").strip()
        siren = (row.get("siren_groupement") or "").strip()
        if not tid or not siren:
            continue
        entry = grouped.setdefault(tid, {"name": (row.get("lib_ti") or "").strip(), "epci": [], "communes": [],
                                         "names": {}})
        entry["names"][siren] = (row.get("lib_groupement") or "").strip()
        nature = (row.get("nature_juridique") or "").strip().upper()
        target = entry["communes"] if nature == "COM" else entry["epci"]
        if siren not in target:
            target.append(siren)
    if not grouped:
        raise SourceError(source, tr("la liste des EPCI ne contient aucun territoire."))
    return TerritoryCatalogue(
        Territory(id=tid, name=e["name"], short_name=short_names.get(tid, e["name"]), epci=tuple(e["epci"]),
                  region=tid[3:5] if tid.startswith("ti-") else "", communes=tuple(e["communes"]),
                  epci_names=tuple((k, v) for k, v in e["names"].items() if v))
        for tid, e in sorted(grouped.items())
    )


def merge_refresh(builtin, refreshed):
    """Refreshed ANCT data replace the built-in entries; built-in short names and fiche order are kept."""
    by_id = {t.id: t for t in builtin}
    merged = []
    for territory in refreshed:
        old = by_id.get(territory.id)
        if old is not None:
            territory = Territory(id=territory.id, name=territory.name or old.name, short_name=old.short_name,
                                  epci=territory.epci or old.epci, region=old.region, order=old.order,
                                  communes=territory.communes, epci_names=territory.epci_names)
        merged.append(territory)
    merged.sort(key=lambda t: (t.order == 0, t.order, t.id))
    return TerritoryCatalogue(merged)
