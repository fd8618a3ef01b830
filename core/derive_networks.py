"""Derived fields of the network, waste-heat and producer sources (pure functions, no QGIS).

Each rule is registered with `@derivation` (core/derive.py) and named by a catalogue entry (`derive:`).
The classifications are tables in resources/data/*.csv, read once, documented in their header and in
docs/sources.md; these functions only apply them:

- `friches_fiche`: surface in hectares and the fiche's class (friches_categories.csv);
- `reseaux_chaleur_puits`: supply temperature of a heat network from its heat carrier (reseaux_chaleur_fluides.csv);
- `classe_temperature`: the fiche's four temperature classes (classes_temperature.csv);
- `enrezo_industrie`, `enrezo_incineration`, `enrezo_datacenter`: heat (MWh/yr) and a representative
  temperature of Cerema's EnRezo deposits (chaleur_fatale_temperatures.csv);
- `step_type`: municipal or industrial wastewater plant from its owner (step_maitres_ouvrage.csv);
- `geothermie_potentiel`: the fiche's two classes of BRGM's pot_value scale (geothermie_potentiel.csv);
- `tension_kv`: voltage in kV of a BD TOPO `voltage` text ("400 kV");
- `routes_classement`: motorway / national road (routes_classement.csv);
- `producteurs_registre`, `producteurs_biomethane`: the fiche's producer types (producteurs_types.csv).
"""

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from .derive import derivation

DATA = Path(__file__).resolve().parent.parent / "resources" / "data"


def fold(text):
    """Lower case, no accents, single spaces: the comparison form of the tables."""
    text = unicodedata.normalize("NFD", str(text or ""))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return " ".join(text.replace("_", " ").replace("’", "'").split())


@lru_cache(maxsize=None)
def table(name):
    """Rows (dicts) of resources/data/<name>.csv (`;`, comment lines starting with #)."""
    with open(DATA / f"{name}.csv", encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.lstrip().startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines, delimiter=";")]


def number(value):
    """float of a number or of French text ("1 500,5"), or None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return None if value != value else float(value)
    text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
    try:
        out = float(text)
    except ValueError:
        return None
    return None if out != out or out in (float("inf"), float("-inf")) else out


def _empty(value):
    return value is None or (isinstance(value, str) and not value.strip()) or \
        (hasattr(value, "isNull") and value.isNull())


def matches(value, operator, expected):
    """One condition of a table: egal, contient, commence, au_moins (number), vide."""
    if operator == "vide":
        return _empty(value)
    if _empty(value):
        return False
    if operator == "au_moins":
        got, floor = number(value), number(expected)
        if got is None or floor is None:
            return False
        return (got / 100.0 if got > 1.0 else got) >= floor
    got, want = fold(value), fold(expected)
    if operator == "egal":
        return got == want
    if operator == "contient":
        return want in got
    if operator == "commence":
        return got.startswith(want)
    raise ValueError(f"opérateur inconnu : {operator}")


def _pick(values, raw, name):
    """A value by name: the converted catalogue field first, then the source's raw property."""
    value = values.get(name)
    return raw.get(name) if _empty(value) else value


# --- Friches (Cartofriches) ------------------------------------------------------------------------

def friche_category(props):
    """The fiche's class of a brownfield from its published fields (friches_categories.csv)."""
    for row in table("friches_categories"):
        if matches(props.get(row["champ"]), row["operateur"], row["valeur"]):
            return row["categorie_fiche"]
    return "Autre friche"


@derivation("friches_fiche", [("surface_ha", "double", "Surface de l'unité foncière (ha)"),
                              ("categorie_fiche", "str", "Catégorie de la fiche")])
def friches_fiche(values, raw):
    surface = number(_pick(values, raw, "unite_fonciere_surface"))
    if surface is None:
        surface = number(raw.get("site_surface"))
    props = {**raw, **{k: v for k, v in values.items() if not _empty(v)}}
    return {"surface_ha": round(surface / 10000.0, 4) if surface is not None else None,
            "categorie_fiche": friche_category(props)}


# --- Temperatures -----------------------------------------------------------------------------------

def temperature_class(temperature):
    """« < 40 °C », « < 80 °C », « < 100 °C », « < 200 °C » (or « ≥ 200 °C »); None without temperature."""
    value = number(temperature)
    if value is None:
        return None
    for row in table("classes_temperature"):
        bound = number(row["borne_sup_c"])
        if bound is None or value < bound:
            return row["classe_temperature"]
    return None


@derivation("classe_temperature", [("classe_temperature", "str", "Classe de température")])
def classe_temperature(values, raw):
    return {"classe_temperature": temperature_class(_pick(values, raw, "temperature_c"))}


def _present(value):
    """A heat-carrier flag of FCU: a number (share or 1) or a yes/no text."""
    if _empty(value):
        return False
    got = number(value)
    if got is not None:
        return got > 0
    return fold(value) not in ("non", "false", "faux", "f", "n")


@derivation("reseaux_chaleur_puits", [("fluide", "str", "Fluide caloporteur"),
                                      ("temperature_c", "double", "Température de départ (°C)"),
                                      ("classe_temperature", "str", "Classe de température"),
                                      ("temperature_origine", "str", "Origine de la température")])
def reseaux_chaleur_puits(values, raw):
    """Supply temperature of a heat network (a heat sink of the matching) from its heat carrier."""
    published = number(_pick(values, raw, "temperature_depart_c"))
    if published is not None:
        return {"fluide": None, "temperature_c": published, "classe_temperature": temperature_class(published),
                "temperature_origine": "publiée"}
    for row in table("reseaux_chaleur_fluides"):
        if not row["champ"] or _present(_pick(values, raw, row["champ"])):
            temperature = number(row["temperature_c"])
            return {"fluide": row["fluide"], "temperature_c": temperature,
                    "classe_temperature": temperature_class(temperature),
                    "temperature_origine": "fluide caloporteur publié" if row["champ"]
                    else "hypothèse (fluide non publié)"}
    return {}


def representative_temperature(type_site, level=""):
    for row in table("chaleur_fatale_temperatures"):
        if fold(row["type_site"]) == fold(type_site) and fold(row["niveau"]) == fold(level):
            return number(row["temperature_c"])
    return None


# --- Cerema EnRezo waste heat -------------------------------------------------------------------------

def _central(low, high):
    low, high = number(low), number(high)
    if low is not None and high is not None:
        return (low + high) / 2.0
    return low if low is not None else high


def _ranges(raw):
    """{(level, bound): value} of EnRezo's industry columns « Potentiel de chaleur récupérable en Basse/Haute
    Température … fourchette basse/haute » (ArcGIS truncates their names: found by their words)."""
    found = {}
    for key, value in raw.items():
        name = fold(key)
        level = "bt" if "basse temp" in name else "ht" if "haute temp" in name else None
        bound = "low" if "fourchette basse" in name else "high" if "fourchette haute" in name else None
        if level and bound:
            found[(level, bound)] = value
    return found


_HEAT_FIELDS = [("chaleur_mwh_an", "double", "Chaleur valorisable (MWh/an)"),
                ("temperature_c", "double", "Température (°C)"),
                ("niveau_temperature", "str", "Niveau de température"),
                ("temperature_origine", "str", "Origine de la température")]


@derivation("enrezo_industrie", _HEAT_FIELDS + [("chaleur_bt_mwh_an", "double", "Dont basse température (MWh/an)"),
                                                ("chaleur_ht_mwh_an", "double", "Dont haute température (MWh/an)")])
def enrezo_industrie(values, raw):
    """Industrial deposit: the centre of each published range (low/high), summed; the temperature of the
    larger of the two levels."""
    ranges = _ranges(raw)
    bt = _central(ranges.get(("bt", "low")), ranges.get(("bt", "high")))
    ht = _central(ranges.get(("ht", "low")), ranges.get(("ht", "high")))
    if bt is None and ht is None:
        return {"temperature_origine": "aucun potentiel publié"}
    level = "Haute température" if (ht or 0.0) > (bt or 0.0) else "Basse température"
    return {"chaleur_mwh_an": (bt or 0.0) + (ht or 0.0), "chaleur_bt_mwh_an": bt, "chaleur_ht_mwh_an": ht,
            "niveau_temperature": level, "temperature_c": representative_temperature("Industrie", level),
            "temperature_origine": "valeur représentative du niveau (hypothèse)"}


@derivation("enrezo_incineration", _HEAT_FIELDS)
def enrezo_incineration(values, raw):
    """Incineration plant: centre of the published range MIN_PRD_CR–MAX_PRD_CR."""
    heat = _central(raw.get("MIN_PRD_CR"), raw.get("MAX_PRD_CR"))
    return {"chaleur_mwh_an": heat, "temperature_c": representative_temperature("Incinération"),
            "temperature_origine": "valeur représentative (hypothèse)"}


@derivation("enrezo_datacenter", _HEAT_FIELDS)
def enrezo_datacenter(values, raw):
    """Data centre: EnRezo's potential in GWh/yr (Tier III estimate), in MWh/yr."""
    gwh = None
    for key, value in raw.items():
        if "gwh" in fold(key):
            gwh = number(value)
            break
    return {"chaleur_mwh_an": gwh * 1000.0 if gwh is not None else None,
            "temperature_c": representative_temperature("Data center"),
            "temperature_origine": "valeur représentative (hypothèse)"}


# --- Wastewater plants ----------------------------------------------------------------------------------

def step_kind(owner):
    """« Collectivités » or « Industriels » from a plant's owner (step_maitres_ouvrage.csv)."""
    if _empty(owner):
        return "Collectivités"
    padded = f" {fold(re.sub(r'[^0-9A-Za-zÀ-ÿ]+', ' ', str(owner)))} "
    for row in table("step_maitres_ouvrage"):
        want = fold(row["valeur"])
        want = (" " if row["valeur"].startswith(" ") else "") + want + (" " if row["valeur"].endswith(" ") else "")
        if (row["operateur"] == "contient" and want in padded) or \
                (row["operateur"] == "commence" and padded.strip().startswith(want.strip())) or \
                (row["operateur"] == "egal" and padded.strip() == want.strip()):
            return row["type_step"]
    return "Collectivités"


@derivation("step_type", [("type_step", "str", "Type de station")])
def step_type(values, raw):
    given = _pick(values, raw, "type_step")
    if not _empty(given):
        return {"type_step": given}
    return {"type_step": step_kind(raw.get("MOA") or values.get("maitre_ouvrage"))}


# --- Geothermal potential -------------------------------------------------------------------------------

def geothermal_class(pot_value):
    value = number(pot_value)
    if value is None:
        return "Non connu"
    for row in table("geothermie_potentiel"):
        if number(row["pot_value"]) == value:
            return row["potentiel"]
    return "Non connu"


@derivation("geothermie_potentiel", [("potentiel", "str", "Potentiel (fiche)"),
                                     ("libelle_brgm", "str", "Potentiel (BRGM)")])
def geothermie_potentiel(values, raw):
    value = number(_pick(values, raw, "pot_value"))
    label = next((row["libelle"] for row in table("geothermie_potentiel") if number(row["pot_value"]) == value), None)
    return {"potentiel": geothermal_class(value), "libelle_brgm": label}


# --- Networks ---------------------------------------------------------------------------------------------

def voltage_kv(text):
    """400.0 for "400 kV" / "400kV"; None for "Inconnue", "Hors tension", "<63 kV"."""
    if _empty(text) or str(text).strip().startswith("<"):
        return None
    match = re.search(r"(\d+(?:[.,]\d+)?)\s*kv", str(text), re.IGNORECASE)
    return number(match.group(1)) if match else None


@derivation("tension_kv", [("tension_kv", "double", "Tension (kV)")])
def tension_kv(values, raw):
    return {"tension_kv": voltage_kv(raw.get("voltage") or raw.get("tension") or values.get("tension"))}


def road_class(props):
    for row in table("routes_classement"):
        if matches(props.get(row["champ"]), row["operateur"], row["valeur"]):
            return row["classement"]
    return None


@derivation("routes_classement", [("classement", "str", "Classement")])
def routes_classement(values, raw):
    return {"classement": road_class(raw)}


# --- Producers --------------------------------------------------------------------------------------------

def _cell_matches(cell, *texts):
    if cell == "*":
        return True
    folded = [fold(t) for t in texts if not _empty(t)]
    for pattern in cell.split("|"):
        pattern = pattern.strip()
        if pattern == "(vide)" and not folded:
            return True
        if pattern != "(vide)" and any(fold(pattern) in text for text in folded):
            return True
    return False


def producer_type(record, power_mw=None):
    """The fiche's type of a register record (producteurs_types.csv), first matching row."""
    for row in table("producteurs_types"):
        limit = number(row["puissance_max_mw"]) if row["puissance_max_mw"] != "*" else None
        if limit is not None and (power_mw is None or power_mw >= limit):
            continue
        if _cell_matches(row["filiere"], record.get("codefiliere"), record.get("filiere")) and \
                _cell_matches(row["combustible"], record.get("codecombustible"), record.get("combustible")) and \
                _cell_matches(row["technologie"], record.get("codetechnologie"), record.get("technologie")):
            return row["type"]
    return "Autre"


@derivation("producteurs_registre", [("type", "str", "Type de producteur"),
                                     ("puissance_mw", "double", "Puissance installée (MW)"),
                                     ("energie_gwh_an", "double", "Énergie produite sur un an (GWh)"),
                                     ("statut", "str", "Statut")])
def producteurs_registre(values, raw):
    """A register record: type of the fiche, power kW → MW, rolling yearly energy kWh → GWh."""
    kw = number(raw.get("puismaxinstallee"))
    power = kw / 1000.0 if kw is not None else None
    kwh = number(raw.get("energieannuelleglissanteproduite"))
    if kwh is None:
        kwh = number(raw.get("energieannuelleglissanteinjectee"))
    return {"type": producer_type(raw, power), "puissance_mw": power,
            "energie_gwh_an": kwh / 1e6 if kwh is not None else None, "statut": raw.get("regime") or None}


@derivation("producteurs_biomethane", [("statut", "str", "Statut")])
def producteurs_biomethane(values, raw):
    state = fold(raw.get("site_ouvert"))
    return {"statut": "En service" if state in ("true", "oui", "1") else "Fermé" if state in ("false", "non", "0")
            else None}
