"""The figures of the territory fiche, computed from plain rows (pure, no QGIS).

Every function here takes the layers of a territory GeoPackage as `LayerRows` (dicts of attribute values,
read by layers/fiche_data.py, geometry measures added as `_longueur_km` / `_surface_ha`) and returns plain
data: numbers, French text, table rows. layers/fiche.py puts them into the print layouts; the tests feed
hand-made rows.

Rules:
- a layer absent from the GeoPackage, or written empty because its file was not provided, gives a block
  marked unavailable with the reason (`Block.available` False, `Block.reason`), never an error nor a zero;
- a value a source withholds (NULL) is never counted as 0: sums say « au moins » when a part is missing;
- numbers are written the French way (`fr_number`): narrow no-break space (U+202F) between thousands,
  decimal comma, no-break space (U+00A0) before a unit or « % ».
"""

import json
import re
from dataclasses import dataclass, field

from .consumers import CLASSE_10000, CLASSE_50000, CLASSE_PETITE, NON_PUBLIE, SECTEURS

NNBSP = "\u202f"   # thousands separator
NBSP = "\u00a0"    # before a unit
NON_DISPONIBLE = "Données non disponibles"
A_COMPLETER = "Section à compléter par les référents du territoire."
PRODUCER_TYPES = ("Cogénération de biométhane", "Cogénération de gaz", "Point d'injection de biométhane",
                  "Bioénergies", "Thermique non renouvelable", "Centrale nucléaire", "Éolien",
                  "Stockage d'électricité", "Solaire", "Hydraulique")
# statuses of the `sources` table that mean « no data », not « nothing there »
NO_DATA_STATUSES = ("not_provided", "failed")
LAYER_LABELS = {
    "perimetre": "périmètre", "epci": "EPCI", "communes": "communes", "consommateurs": "consommateurs industriels",
    "producteurs": "producteurs d'énergie", "production_electricite": "registre de la production d'électricité",
    "biomethane": "injection de biométhane", "reseau_gaz": "réseau de gaz", "lignes_400kv": "lignes 400 kV",
    "postes_400kv": "postes 400 kV", "reseau_h2": "réseau d'hydrogène", "friches": "friches",
    "reseaux_chaleur": "réseaux de chaleur", "geothermie": "géothermie", "chaleur_fatale": "chaleur fatale",
    "step_chaleur": "stations d'épuration", "routes_principales": "routes principales",
    "voies_navigables": "voies navigables", "emplois": "emplois (INSEE Flores)",
}


# --- French numbers --------------------------------------------------------------------------------------

def to_float(value):
    """float(value), or None for None, '', NaN and what is not a number ('NC', 'secret'…)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(str(value).strip().replace(NNBSP, "").replace(NBSP, "").replace(" ", "").replace(",", "."))
    except ValueError:
        return None
    return number if number == number and number not in (float("inf"), float("-inf")) else None


def fr_number(value, decimals=0):
    """12 345 / 2,5 / −3 (U+202F between thousands, decimal comma); « n.d. » for no value."""
    number = to_float(value)
    if number is None:
        return "n.d."
    text = f"{abs(number):,.{decimals}f}".replace(",", NNBSP).replace(".", ",")
    return ("\u2212" if number < 0 and text.strip("0,\u202f") else "") + text


def fr_unit(value, unit, decimals=0):
    """« 12 345 MWh » (no-break space before the unit)."""
    return f"{fr_number(value, decimals)}{NBSP}{unit}"


def fr_pct(value, decimals=1):
    """« 12,3 % »."""
    return fr_unit(value, "%", decimals)


def auto_decimals(value):
    """Decimals for a quantity shown to people: 1 under 10, else none."""
    number = to_float(value)
    return 1 if number is not None and abs(number) < 10 else 0


def plural(count, singular, plural_form=None):
    """« 1 friche », « 3 friches » (count written the French way)."""
    word = singular if abs(count or 0) < 2 else (plural_form or singular + "s")
    return f"{fr_number(count)} {word}"


def join_fr(items, last="et"):
    """« a, b et c »."""
    items = [str(item) for item in items if str(item)]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def slug(text):
    """« AA - Dunkerque - Flandre » → « aa-dunkerque-flandre » (file names)."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", str(text or ""))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "territoire"


def natural_key(text):
    """Sort key putting A2 before A16 and N225 after A26."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", str(text or ""))]


# --- input -----------------------------------------------------------------------------------------------

@dataclass
class LayerRows:
    """One layer of the territory GeoPackage as plain data."""

    name: str
    present: bool = False      # the layer is in the GeoPackage
    rows: list = field(default_factory=list)
    status: str = ""           # the `sources` table's load status (ok, stale, incomplete, not_provided…)
    remark: str = ""           # what is missing, why
    provenance: dict = field(default_factory=dict)  # source, producer, licence, url, date, vintage

    @property
    def usable(self):
        return self.present and self.status not in NO_DATA_STATUSES

    def values(self, name):
        return [row.get(name) for row in self.rows]

    def has_field(self, name):
        return any(name in row for row in self.rows[:1])


def missing_reason(layer, what=None):
    """Why a layer gives no figure (French), or '' when it is usable."""
    what = what or LAYER_LABELS.get(layer.name, layer.name)
    if not layer.present:
        return (f"{NON_DISPONIBLE} : {what} (couche « {layer.name} » absente des données du territoire : thème "
                f"non chargé, source en échec ou pas encore disponible).")
    if layer.status == "not_provided":
        return f"{NON_DISPONIBLE} : {what} (fichier de l'agence non fourni)."
    if layer.status == "failed":
        return f"{NON_DISPONIBLE} : {what} (source en échec{' : ' + layer.remark if layer.remark else ''})."
    return ""


def source_line(*layers):
    """« Source : <source> (<producer>), <vintage or download date> » for the layers given (present ones)."""
    parts = []
    for layer in layers:
        if layer is None or not layer.present:
            continue
        prov = layer.provenance or {}
        name = prov.get("source") or LAYER_LABELS.get(layer.name, layer.name)
        vintage = vintage_text(prov)
        text = name + (f", {vintage}" if vintage else "")
        if layer.status == "incomplete":
            text += " (données incomplètes)"
        elif layer.status == "stale":
            text += " (copie ancienne du cache)"
        if text not in parts:
            parts.append(text)
    return ("Source : " if len(parts) < 2 else "Sources : ") + " ; ".join(parts) + "." if parts else ""


def vintage_text(prov):
    """« millésime 2023, téléchargé le 2026-03-01 » from a provenance dict."""
    vintage, date = str(prov.get("vintage") or "").strip(), str(prov.get("date") or "").strip()
    parts = []
    if len(vintage) > 60:     # several parts with their own vintages: listed on the sources page
        parts.append("millésimes : voir la page des sources")
    elif vintage:
        parts.append(f"millésime {vintage}")
    if date:
        parts.append(f"téléchargé le {date}")
    return ", ".join(parts)


@dataclass
class Block:
    """A part of the fiche: its figures, a table, a text, its source; or why it is unavailable."""

    available: bool = True
    reason: str = ""
    figures: dict = field(default_factory=dict)
    headers: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    text: str = ""
    source: str = ""
    notes: list = field(default_factory=list)


def unavailable(layer, what=None, source=""):
    return Block(available=False, reason=missing_reason(layer, what), source=source)


# --- 1. portrait -----------------------------------------------------------------------------------------

def _int(value):
    number = to_float(value)
    return None if number is None else int(round(number))


def portrait(perimetre, epci, communes, emplois=None):
    """Name, EPCI list, area, communes, population, density, industrial jobs (perimetre's indicators), and the
    share of the ten largest manufacturing establishments when `emplois` allows it."""
    p = perimetre or {}
    population = _int(p.get("population"))
    if population is None and communes.usable:
        values = [_int(v) for v in communes.values("population")]
        population = sum(v for v in values if v is not None) if any(v is not None for v in values) else None
    area = to_float(p.get("superficie_km2"))
    if area is None and communes.usable:
        values = [to_float(v) for v in communes.values("superficie_km2")]
        area = sum(v for v in values if v is not None) or None
    density = to_float(p.get("densite_hab_km2"))
    if density is None and population is not None and area:
        density = population / area
    nb_communes = _int(p.get("nb_communes"))
    if nb_communes is None and communes.present:
        nb_communes = len(communes.rows)
    members = sorted(([str(r.get("nom") or ""), str(r.get("type") or "EPCI"), _int(r.get("population")),
                       _int(r.get("nb_communes"))] for r in epci.rows), key=lambda m: -(m[2] or 0))
    nb_epci = _int(p.get("nb_epci"))
    if nb_epci is None:
        nb_epci = sum(1 for m in members if m[1] != "COM") if epci.present else None
    figures = {"id": p.get("id_ti") or "", "nom": p.get("nom") or "", "nom_court": p.get("nom_court") or p.get("nom")
               or "", "population": population, "superficie_km2": area, "densite_hab_km2": density,
               "nb_communes": nb_communes, "nb_epci": nb_epci, "epci": members}
    figures.update(economy(p))
    figures["part_10_manufacturier_pct"] = largest_manufacturing_share(emplois.rows) \
        if emplois is not None and emplois.usable else None
    rows = [["Population", fr_unit(population, "habitants")],
            ["Superficie", fr_unit(area, "km²")],
            ["Densité", fr_unit(density, "hab./km²")],
            ["Communes", fr_number(nb_communes)],
            ["EPCI", fr_number(nb_epci)]]
    eco = figures
    if eco["economie_disponible"]:
        year = f" (fin {eco['annee_emplois']})" if eco.get("annee_emplois") else ""
        rows += [[f"Emplois salariés{year}", fr_number(eco["effectifs_total"])],
                 ["Emplois industriels (sections B à E)", fr_number(eco["effectifs_industrie"])],
                 ["Part de l'emploi industriel", fr_pct(eco["part_emploi_industriel_pct"])],
                 top_ten_row(eco)]
    else:
        rows += [["Emplois et part de l'industrie", NON_DISPONIBLE + " (thème « Économie » non chargé)"]]
    return Block(figures=figures, headers=["Indicateur", "Valeur"], rows=rows)


def top_ten_row(figures):
    """The key-figures row of the ten largest establishments: in manufacturing when `emplois` allows it, else
    over all activities (perimetre's indicator), else why not."""
    if figures.get("part_10_manufacturier_pct") is not None:
        return ["Part des 10 premiers établissements dans l'emploi manufacturier",
                fr_pct(figures["part_10_manufacturier_pct"])]
    if figures.get("part_10_premiers_pct") is not None:
        return ["Part des 10 premiers établissements (toutes activités)", fr_pct(figures["part_10_premiers_pct"])]
    return ["Part des 10 premiers établissements", "non calculable (secret statistique)"]


def largest_manufacturing_share(rows, count=10):
    """% of the manufacturing jobs (A38 CA…CM) held by the `count` largest manufacturing establishments, from
    the size classes of `emplois` (the rule of core/economy.share_of_largest: the class where the last one falls
    contributes its average); None without manufacturing jobs or when a cell it needs is withheld."""
    from .economy import MANUFACTURIER, _largest_share, _Table

    table = _Table(rows)
    total = sum(v for c in table.communes for a in MANUFACTURIER for v in [table.jobs(c, a)] if v is not None)
    if not total:
        return None
    return _largest_share(table, MANUFACTURIER, count, total)


def economy(p):
    """The economy indicators of `perimetre` (core/economy.py) and the main manufacturing sectors."""
    try:
        by_sector = json.loads(p.get("effectifs_manufacturier_par_secteur") or "{}")
    except (TypeError, ValueError):
        by_sector = {}
    by_sector = {k: _int(v) or 0 for k, v in (by_sector or {}).items()}
    total = sum(by_sector.values())
    main = [(sector, jobs, 100.0 * jobs / total if total else None)
            for sector, jobs in sorted(by_sector.items(), key=lambda item: -item[1]) if jobs > 0][:3]
    available = p.get("effectifs_total") not in (None, "") or bool(by_sector)
    return {"economie_disponible": available, "effectifs_total": _int(p.get("effectifs_total")),
            "effectifs_industrie": _int(p.get("effectifs_industrie")),
            "part_emploi_industriel_pct": to_float(p.get("part_emploi_industriel_pct")),
            "part_10_premiers_pct": to_float(p.get("part_10_premiers_etablissements_pct")),
            "nb_cellules_secretes": _int(p.get("nb_cellules_secretes")) or 0,
            "annee_emplois": _int(p.get("annee_emplois")), "effectifs_par_secteur": by_sector,
            "effectifs_manufacturiers": total, "secteurs_principaux": main}


def sectors_text(figures):
    """One or two sentences on the main manufacturing sectors and the weight of the largest employers."""
    if not figures.get("economie_disponible"):
        return f"{NON_DISPONIBLE} : emplois par secteur (thème « Économie » non chargé)."
    main = figures.get("secteurs_principaux") or []
    if not main:
        return "Aucun emploi manufacturier publié pour ce territoire (secret statistique ou absence d'établissement)."
    parts = [f"{sector.lower() if sector != 'Métallurgie/sidérurgie' else 'métallurgie et sidérurgie'} "
             f"({fr_number(jobs)} salariés, {fr_pct(share, 0)})" for sector, jobs, share in main]
    text = (f"Premiers secteurs de l'industrie manufacturière : {join_fr(parts)}, sur "
            f"{fr_number(figures['effectifs_manufacturiers'])} salariés de l'industrie manufacturière.")
    if figures.get("part_10_manufacturier_pct") is not None:
        text += (f" Les dix plus grands établissements industriels réunissent environ "
                 f"{fr_pct(figures['part_10_manufacturier_pct'], 0)} des postes salariés de l'industrie "
                 f"manufacturière (estimation par tranches d'effectifs).")
    elif figures.get("part_10_premiers_pct") is not None:
        text += (f" Les dix plus grands établissements (toutes activités) réunissent environ "
                 f"{fr_pct(figures['part_10_premiers_pct'], 0)} des emplois salariés (estimation par tranches "
                 f"d'effectifs ; la part dans l'industrie manufacturière n'est pas calculable, secret statistique).")
    if figures.get("nb_cellules_secretes"):
        text += (f" {plural(figures['nb_cellules_secretes'], 'cellule')} couverte(s) par le secret statistique : "
                 f"chiffres minorés.")
    return text


def epci_text(figures):
    members = figures.get("epci") or []
    if not members:
        return NON_DISPONIBLE + " : liste des EPCI."
    lines = []
    for name, kind, population, communes in members:
        details = [fr_unit(population, "hab.") if population is not None else "",
                   plural(communes, "commune") if communes is not None else ""]
        details = [d for d in details if d]
        label = name + (" (commune membre directe)" if kind == "COM" else "")
        lines.append(f"• {label}" + (f" – {', '.join(details)}" if details else ""))
    return "\n".join(lines)


def logistics(routes, voies):
    """Motorways, national roads and waterways from the network layers; ports and rail are not in the data."""
    figures = {"autoroutes": [], "nationales": [], "voies_navigables": [], "routes_disponibles": routes.usable,
               "voies_disponibles": voies.usable}
    lines = []
    if routes.usable:
        for kind, key in (("Autoroute", "autoroutes"), ("Nationale", "nationales")):
            numbers = {str(r.get("numero") or "").strip() for r in routes.rows
                       if str(r.get("classement") or "").strip().lower() == kind.lower()}
            figures[key] = sorted((n for n in numbers if n), key=natural_key)
        lines.append("Autoroutes : " + (", ".join(figures["autoroutes"]) or "aucune dans les données"))
        if figures["nationales"]:
            lines.append("Routes nationales : " + ", ".join(figures["nationales"]))
    else:
        lines.append("Autoroutes et routes nationales : " + NON_DISPONIBLE.lower() + " (couche des routes principales "
                     "absente)")
    if voies.usable:
        lengths = {}
        for row in voies.rows:
            name = str(row.get("nom") or "").strip() or "Voie sans nom"
            lengths[name] = lengths.get(name, 0.0) + (to_float(row.get("_longueur_km")) or 0.0)
        named = sorted((n for n in lengths if n != "Voie sans nom"), key=lambda n: -lengths[n])
        figures["voies_navigables"] = named
        figures["voies_navigables_km"] = sum(lengths.values())
        shown = named[:6] + ([f"{len(named) - 6} autres"] if len(named) > 6 else [])
        lines.append("Voies navigables : " + (", ".join(shown) if shown else "aucune dans les données")
                     + (f" ({fr_unit(figures['voies_navigables_km'], 'km')})" if lengths else ""))
    else:
        lines.append("Voies navigables : " + NON_DISPONIBLE.lower() + " (couche absente)")
    return Block(figures=figures, text="\n".join(lines), source=source_line(routes, voies))


# --- 2. energy -------------------------------------------------------------------------------------------

CLASS_COLUMNS = ((CLASSE_50000, "> 50 000 MWh"), (CLASSE_10000, "10 000 à 50 000"), (CLASSE_PETITE, "< 10 000"),
                 (NON_PUBLIE, "non publiée"))


def consumers_by_sector(layer):
    """Sites by sector and size class, with the published consumption (GWh/yr, a lower bound when withheld)."""
    if not layer.usable:
        return unavailable(layer)
    counts = {}
    energy, withheld = {}, {}
    for row in layer.rows:
        sector = row.get("secteur") if row.get("secteur") in SECTEURS else NON_PUBLIE
        klass = row.get("classe_conso") if row.get("classe_conso") in dict(CLASS_COLUMNS) else NON_PUBLIE
        counts[(sector, klass)] = counts.get((sector, klass), 0) + 1
        value = to_float(row.get("conso_mwh"))
        if value is None or str(row.get("conso_secret") or "non") != "non":
            withheld[sector] = withheld.get(sector, 0) + 1
        energy[sector] = energy.get(sector, 0.0) + (value or 0.0)
    rows = []
    for sector in SECTEURS + (NON_PUBLIE,):
        line = [counts.get((sector, klass), 0) for klass, _label in CLASS_COLUMNS]
        if not sum(line):
            continue
        gwh = energy.get(sector, 0.0) / 1000.0
        shown = ("≥ " if withheld.get(sector) else "") + fr_number(gwh, auto_decimals(gwh))
        rows.append([sector if sector != NON_PUBLIE else "Secteur non publié"] + [fr_number(n) if n else "–"
                                                                                 for n in line]
                    + [fr_number(sum(line)), shown])
    total_sites = len(layer.rows)
    large = sum(n for (s, k), n in counts.items() if k in (CLASSE_50000, CLASSE_10000))
    total_gwh = sum(energy.values()) / 1000.0
    figures = {"sites": total_sites, "sites_plus_10000": large, "gwh_publies": total_gwh,
               "sites_masques": sum(withheld.values()), "annees": sorted({str(_int(v)) for v in layer.values("annee")
                                                                          if _int(v) is not None})}
    notes = []
    if figures["sites_masques"]:
        notes.append(f"{plural(figures['sites_masques'], 'site')} à la consommation non publiée ou partielle "
                     f"(secret statistique) : totaux minorés (« ≥ »).")
    if not rows:
        notes.append("Aucun consommateur industriel significatif publié pour ce territoire.")
    return Block(figures=figures, headers=["Secteur"] + [label for _k, label in CLASS_COLUMNS]
                 + ["Sites", "GWh/an publiés"], rows=rows, notes=notes, source=source_line(layer))


def largest_consumers(layer, count=10):
    """The `count` largest published consumptions: name, commune, sector, energy, MWh/yr."""
    if not layer.usable:
        return unavailable(layer)
    ranked = sorted((r for r in layer.rows if to_float(r.get("conso_mwh")) is not None),
                    key=lambda r: -to_float(r.get("conso_mwh")))[:count]
    rows = [[str(r.get("nom") or "–"), str(r.get("commune") or r.get("code_commune") or "–"),
             str(r.get("secteur") or NON_PUBLIE), str(r.get("energie") or "–"),
             ("≥ " if str(r.get("conso_secret") or "non") == "partiel" else "")
             + fr_number(to_float(r.get("conso_mwh")))] for r in ranked]
    return Block(figures={"n": len(rows)}, headers=["Site", "Commune", "Secteur", "Énergie", "MWh/an"], rows=rows,
                 notes=[] if rows else ["Aucune consommation publiée à l'adresse."], source=source_line(layer))


def installed_capacity(producteurs, production_electricite):
    """Installed capacity (MW) by producer type (`producteurs`), else by filière of the register."""
    if producteurs.usable:
        groups, order, basis = {}, list(PRODUCER_TYPES), "type"
        for row in producteurs.rows:
            key = str(row.get("type") or "Autre")
            group = groups.setdefault(key, [0, 0.0, 0.0, False])
            group[0] += _int(row.get("nb_installations")) or 1
            mw = to_float(row.get("puissance_mw"))
            group[1] += mw or 0.0
            group[2] += to_float(row.get("energie_gwh_an")) or 0.0
            group[3] = group[3] or mw is not None
        layer = producteurs
    elif production_electricite.usable:
        groups, order, basis = {}, [], "filiere"
        for row in production_electricite.rows:
            key = str(row.get("categorie") or "Autre")
            group = groups.setdefault(key, [0, 0.0, 0.0, False])
            group[0] += _int(row.get("nb_installations")) or 0
            mw = to_float(row.get("puissance_mw"))
            group[1] += mw or 0.0
            group[3] = group[3] or mw is not None
        layer = production_electricite
    else:
        block = unavailable(producteurs, "puissance installée par type de producteur")
        return block
    keys = [k for k in order if k in groups] + sorted((k for k in groups if k not in order),
                                                       key=lambda k: -groups[k][1])
    rows = [[key, fr_number(groups[key][0]), fr_number(groups[key][1], auto_decimals(groups[key][1]))
             if groups[key][3] else "–"] for key in keys]
    electric = [k for k in keys if groups[k][3]]          # types without any power (gas injection) stay out
    total = sum(groups[k][1] for k in electric)
    installations = sum(groups[k][0] for k in electric)
    rows.append(["Total", fr_number(installations), fr_number(total, auto_decimals(total))])
    notes = []
    if basis == "filiere":
        notes.append("Par filière du registre national (la couche des producteurs par type n'est pas disponible).")
    without = [k for k in keys if not groups[k][3]]
    for key in without:
        energy = groups[key][2]
        notes.append(f"{key} : {plural(groups[key][0], 'site')}" + (
            f", {fr_unit(energy, 'GWh/an', 1)} de capacité" if energy else "")
            + (" (gaz injecté, sans puissance électrique)" if "injection" in key.lower() else
               " (puissance non publiée)") + ", hors total.")
    return Block(figures={"total_mw": total, "par_type": {k: groups[k][1] for k in keys}, "base": basis,
                          "installations": installations,
                          "sans_puissance": {k: (groups[k][0], groups[k][2]) for k in without}},
                 headers=["Type" if basis == "type" else "Filière", "Installations", "MW"], rows=rows, notes=notes,
                 source=source_line(layer))


def heat_networks(layer):
    """Heat networks: name, length (km), deliveries (GWh/yr), renewable share."""
    if not layer.usable:
        return unavailable(layer)
    rows, total_km, total_gwh, unknown = [], 0.0, 0.0, 0
    ordered = sorted(layer.rows, key=lambda r: -(to_float(r.get("livraisons_mwh")) or 0.0))
    for row in ordered:
        km = to_float(row.get("longueur_km"))
        km = km if km is not None else to_float(row.get("_longueur_km"))
        mwh = to_float(row.get("livraisons_mwh"))
        total_km += km or 0.0
        total_gwh += (mwh or 0.0) / 1000.0
        unknown += mwh is None
        renewable = to_float(row.get("taux_enrr_pct"))
        rows.append([str(row.get("nom_reseau") or row.get("identifiant") or "Réseau sans nom"),
                     fr_number(km, 1) if km is not None else "–",
                     fr_number(mwh / 1000.0, 1) if mwh is not None else "n.d.",
                     fr_pct(renewable, 0) if renewable is not None else "–"])
    notes = [] if rows else ["Aucun réseau de chaleur recensé sur le territoire."]
    if unknown:
        notes.append(f"{plural(unknown, 'réseau')} sans livraisons publiées.")
    return Block(figures={"n": len(rows), "km": total_km, "gwh": total_gwh},
                 headers=["Réseau", "Longueur (km)", "Livraisons (GWh/an)", "EnR&R"], rows=rows[:12], notes=notes,
                 source=source_line(layer))


def biomethane(layer):
    """Biomethane injection sites and their capacity (GWh/yr)."""
    if not layer.usable:
        return unavailable(layer)
    rows, total = [], 0.0
    ordered = sorted(layer.rows, key=lambda r: -(to_float(r.get("capacite_de_production_gwh_an")) or 0.0))
    for row in ordered:
        capacity = to_float(row.get("capacite_de_production_gwh_an"))
        total += capacity or 0.0
        year = _int(row.get("annee_mes"))
        rows.append([str(row.get("nom_du_projet") or "Site sans nom"), str(row.get("commune") or "–"),
                     fr_number(capacity, 1) if capacity is not None else "n.d.", str(year) if year else "–"])
    notes = [] if rows else ["Aucun site d'injection de biométhane sur le territoire."]
    return Block(figures={"sites": len(rows), "gwh_an": total},
                 headers=["Site", "Commune", "Capacité (GWh/an)", "Mise en service"], rows=rows[:8],
                 notes=notes + ([f"et {plural(len(rows) - 8, 'autre site')}."] if len(rows) > 8 else []),
                 source=source_line(layer))


# --- 3. attractiveness: brownfields ----------------------------------------------------------------------

def _surface_ha(row):
    for name in ("surface_ha", "_surface_ha"):
        value = to_float(row.get(name))
        if value is not None:
            return value
    value = to_float(row.get("unite_fonciere_surface"))
    return value / 10000.0 if value is not None else None


def project_status(statut):
    """« avec projet », « sans projet » or « autre » (potential brownfield, unknown) from Cartofriches' status."""
    text = str(statut or "").lower()
    if "avec projet" in text or "reconverti" in text:
        return "avec projet"
    if "sans projet" in text:
        return "sans projet"
    return "autre"


BROWNFIELD_CLASSES = ("Friche industrielle", "Friche pour solaire")    # the legend of the fiche's network map
BROWNFIELD_CLASS_WORDS = (("friche industrielle", "friches industrielles"), ("friche pour solaire",
                                                                           "friches pour solaire"))


def brownfields(layer, count=10):
    """Count, total and largest areas, with and without a project."""
    if not layer.usable:
        return unavailable(layer, "friches de plus de 1 ha")
    every = [(row, _surface_ha(row)) for row in layer.rows]
    sites = [(row, s) for row, s in every if s is None or s >= 1.0]    # Cartofriches' query keeps them; a file may not
    small = len(every) - len(sites)
    total = sum(s for _r, s in sites if s is not None)
    by_status = {"avec projet": [0, 0.0], "sans projet": [0, 0.0], "autre": [0, 0.0]}
    by_class = {klass: [0, 0.0] for klass in BROWNFIELD_CLASSES}
    classed = any(row.get("categorie_fiche") for row, _s in sites)
    for row, surface in sites:
        for group in (by_status[project_status(row.get("site_statut"))],
                      by_class.get(str(row.get("categorie_fiche") or "").strip(), [0, 0.0])):
            group[0] += 1
            group[1] += surface or 0.0
    ranked = sorted(sites, key=lambda item: -(item[1] or 0.0))
    largest = ranked[0] if ranked else None
    rows = [[str(r.get("site_nom") or r.get("site_id") or "Site sans nom"), str(r.get("comm_nom") or "–"),
             fr_number(s, 1) if s is not None else "n.d.", str(r.get("site_statut") or "–"),
             str(r.get("categorie_fiche") or "–")] for r, s in ranked[:count]]
    figures = {"n": len(sites), "ha": total, "avec_projet": by_status["avec projet"][0],
               "avec_projet_ha": by_status["avec projet"][1], "sans_projet": by_status["sans projet"][0],
               "sans_projet_ha": by_status["sans projet"][1], "autres": by_status["autre"][0],
               "autres_ha": by_status["autre"][1], "par_categorie": {k: tuple(v) for k, v in by_class.items()},
               "moins_1_ha": small,
               "plus_grande": (str(largest[0].get("site_nom") or "Site sans nom"), str(largest[0].get("comm_nom") or ""),
                               largest[1]) if largest else None}
    if not sites:
        text = "Aucune friche de plus de 1 ha recensée par Cartofriches sur le territoire."
    else:
        name, commune, surface = figures["plus_grande"]
        text = (f"{plural(len(sites), 'friche')} de plus de 1 ha, {fr_unit(total, 'ha', 0 if total >= 10 else 1)} "
                f"au total. La plus grande : {name}{' à ' + commune if commune else ''} "
                f"({fr_unit(surface, 'ha', 1)}). ")
        text += (f"Avec projet : {plural(figures['avec_projet'], 'friche')} "
                 f"({fr_unit(figures['avec_projet_ha'], 'ha', 1)}) ; sans projet : "
                 f"{plural(figures['sans_projet'], 'friche')} ({fr_unit(figures['sans_projet_ha'], 'ha', 1)})")
        if figures["autres"]:
            text += (f" ; statut non arrêté (friches potentielles, autres) : {plural(figures['autres'], 'site')} "
                     f"({fr_unit(figures['autres_ha'], 'ha', 1)})")
        text += "."
        if classed:
            text += " Classes de la fiche : " + " ; ".join(
                (f"{plural(n, label, plural_label)} ({fr_unit(ha, 'ha', 1)})" if n else f"aucune {label}")
                for (label, plural_label), (n, ha) in zip(BROWNFIELD_CLASS_WORDS, by_class.values())) + "."
    if small:
        text += f" {plural(small, 'site')} de moins de 1 ha du fichier laissé(s) de côté."
    return Block(figures=figures, headers=["Site", "Commune", "Surface (ha)", "Statut", "Catégorie"], rows=rows,
                 text=text, source=source_line(layer))


# --- 5. heat sources of the territory ----------------------------------------------------------------------

HEAT_CLASSES = ("< 40 °C", "< 80 °C", "< 100 °C", "< 200 °C")     # the legend of the fiche's heat map
HEAT_EXTRA_CLASSES = ("≥ 200 °C", "non publiée")


def heat_sources(chaleur_fatale, step_chaleur):
    """The heat the matching can draw on, by temperature class: waste heat (`chaleur_fatale`) and wastewater
    plants by kind (`step_chaleur.type_step`). Cells « GWh/an (sites) »; « ≥ » when a site's energy is not
    published. The four classes of the legend always, « ≥ 200 °C » and « non publiée » when present."""
    from .derive_networks import temperature_class

    if not chaleur_fatale.usable and not step_chaleur.usable:
        return unavailable(chaleur_fatale, "sources de chaleur valorisable (chaleur fatale et stations "
                                           "d'épuration)")
    families = []
    if chaleur_fatale.usable:
        families.append(("Chaleur fatale", chaleur_fatale.rows))
    if step_chaleur.usable:
        kinds = {}
        for row in step_chaleur.rows:
            kind = str(row.get("type_step") or "").strip()
            kinds.setdefault({"Collectivités": "STEP des collectivités", "Industriels": "STEP industrielles"}.get(
                kind, "STEP (type non publié)"), []).append(row)
        for label in ("STEP des collectivités", "STEP industrielles", "STEP (type non publié)"):
            if label in kinds:
                families.append((label, kinds[label]))
    cells = {}   # (family, class) -> [sites, MWh, sites without energy]
    for label, rows in families:
        for row in rows:
            klass = str(row.get("classe_temperature") or "").strip() or temperature_class(row.get("temperature_c")) \
                or "non publiée"
            cell = cells.setdefault((label, klass), [0, 0.0, 0])
            mwh = to_float(row.get("chaleur_mwh_an"))
            cell[0] += 1
            cell[1] += mwh or 0.0
            cell[2] += mwh is None
    classes = list(HEAT_CLASSES) + [k for k in HEAT_EXTRA_CLASSES if any(c == k for _f, c in cells)]

    def show(sites, mwh, unknown):
        if not sites:
            return "–"
        if unknown == sites:
            return f"n.d. ({fr_number(sites)})"
        return f"{'≥ ' if unknown else ''}{fr_number(mwh / 1000.0, 1)} ({fr_number(sites)})"

    rows, totals = [], {}
    for label, _rows in families:
        line, all_ = [label], [0, 0.0, 0]
        for klass in classes:
            cell = cells.get((label, klass), [0, 0.0, 0])
            line.append(show(*cell))
            total = totals.setdefault(klass, [0, 0.0, 0])
            for i in range(3):
                total[i] += cell[i]
                all_[i] += cell[i]
        line.append(show(*all_))
        rows.append(line)
    grand = [sum(t[i] for t in totals.values()) for i in range(3)]
    if len(families) > 1:
        rows.append(["Total"] + [show(*totals[k]) for k in classes] + [show(*grand)])
    notes = [missing_reason(layer) for layer in (chaleur_fatale, step_chaleur) if not layer.usable]
    if grand[2]:
        notes.append(f"{plural(grand[2], 'site')} sans énergie publiée : totaux minorés (« ≥ »).")
    if not grand[0]:
        notes.append("Aucune source de chaleur fatale ni station d'épuration recensée sur le territoire.")
    return Block(figures={"sites": grand[0], "gwh": grand[1] / 1000.0,
                          "par_classe": {k: (totals[k][0], totals[k][1] / 1000.0) for k in classes}},
                 headers=["GWh/an (nombre de sites)"] + classes + ["Total"], rows=rows if grand[0] else [],
                 notes=notes, source=source_line(chaleur_fatale, step_chaleur))


# --- 5. heat matching in words -----------------------------------------------------------------------------

def heat_text(outcome):
    """Plain French on the heat matching of the territory (outcome: dict from layers/fiche_heat.py)."""
    if outcome is None:
        return "Analyse non demandée pour cette édition (paramètre HEAT_MATCHING à « non »)."
    if not outcome.get("run"):
        return outcome.get("reason") or f"{NON_DISPONIBLE} : appariement des sources et puits de chaleur."
    s = outcome["summary"]
    n_src, n_sink = s.get("n_sources", 0), s.get("n_sinks", 0)
    delivered = (s.get("delivered_mwh") or 0.0) / 1000.0
    available = (s.get("available_mwh") or 0.0) / 1000.0
    demand = (s.get("demand_mwh") or 0.0) / 1000.0
    networks = "le réseau de chaleur existant" if n_sink == 1 else f"les {fr_number(n_sink)} réseaux de chaleur existants"
    text = (f"TI Énergie a cherché comment la chaleur perdue par {plural(n_src, 'source')} du territoire "
            f"({fr_unit(available, 'GWh/an', auto_decimals(available))} au total) pourrait alimenter {networks} "
            f"({fr_unit(demand, 'GWh/an', auto_decimals(demand))} livrés par an). ")
    links = outcome.get("links") or []
    if not links:
        reasons = []
        for key, label in (("rejected_distance", "trop éloignée(s) (plus de {km} km)"),
                           ("rejected_temperature", "trop froide(s) sans pompe à chaleur"),
                           ("rejected_cop", "trop froide(s) même avec une pompe à chaleur"),
                           ("rejected_cost", "trop coûteuse(s) à raccorder pour la valeur de la chaleur")):
            if s.get(key):
                reasons.append(f"{s[key]} {label.format(km=fr_number(outcome.get('max_distance_km'), 0))}")
        text += ("Aucune liaison ne ressort. Parmi les paires source–réseau examinées : " + join_fr(reasons) + "."
                 if reasons else "Aucune liaison ne ressort.")
        return text
    share = 100.0 * delivered / demand if demand else None
    text += (f"La meilleure combinaison retient {plural(len(links), 'liaison')}, qui livreraient "
             f"{fr_unit(delivered, 'GWh/an', auto_decimals(delivered))}"
             + (f", soit {fr_pct(share, 0)} des livraisons actuelles des réseaux" if share is not None else "") + ". ")
    hp = sum(1 for link in links if link.get("mode_code") == "heat_pump")
    if hp:
        text += (f"{plural(hp, 'liaison')} demande(nt) une pompe à chaleur, la source étant plus froide que le réseau "
                 f"({fr_unit((s.get('electricity_mwh') or 0.0) / 1000.0, 'GWh/an', 1)} d'électricité). ")
    top = links[:3]
    described = [f"{link['source']} → {link['sink']} ({fr_unit(link['distance_km'], 'km', 1)}, "
                 f"{fr_unit(link['delivered_mwh'] / 1000.0, 'GWh/an', 1)})" for link in top]
    text += "Principales liaisons : " + " ; ".join(described) + "."
    return text


def heat_method_text(outcome):
    """Assumptions of the matching, in plain words (defaults assumed for missing temperatures…)."""
    if not outcome or not outcome.get("run"):
        return ""
    p = outcome.get("parameters") or {}
    parts = [f"Distances à vol d'oiseau jusqu'au point le plus proche du réseau, au plus "
             f"{fr_unit((p.get('max_distance_m') or 0) / 1000.0, 'km', 0)} ; usage direct si la source est au moins "
             f"{fr_unit(p.get('min_delta_t_k'), 'K', 0)} plus chaude que le réseau, sinon pompe à chaleur ; chaleur "
             f"valorisée {fr_unit(p.get('heat_value_eur_mwh'), '€/MWh', 0)}. Résultat indicatif (criblage), "
             f"pas un dimensionnement."]
    parts.extend(outcome.get("notes") or [])
    return " ".join(parts)


def heat_links_table(outcome, count=6):
    if not outcome or not outcome.get("run"):
        return [], []
    rows = [[link["source"], link["sink"], fr_number(link["distance_km"], 1),
             fr_number(link["delivered_mwh"] / 1000.0, 1), "pompe à chaleur" if link.get("mode_code") == "heat_pump"
             else "direct"] for link in (outcome.get("links") or [])[:count]]
    return ["Source de chaleur", "Réseau", "Distance (km)", "GWh/an", "Mode"], rows


# --- sources page -----------------------------------------------------------------------------------------

def wrap_url(url, width=48):
    """A long address cut after '/', '?' or '&' into lines of about `width` characters (table cells wrap on
    spaces only)."""
    url = str(url or "")
    lines, current = [], ""
    for piece in re.split(r"(?<=[/?&])", url):
        while len(piece) > width:      # a segment longer than a line: cut where it must
            if current:
                lines.append(current)
                current = ""
            lines.append(piece[:width])
            piece = piece[width:]
        if current and len(current) + len(piece) > width:
            lines.append(current)
            current = ""
        current += piece
    if current:
        lines.append(current)
    return "\n".join(lines)


def sources_rows(sources, titles=None):
    """One row per layer of the `sources` table: layer, source and producer, licence, address, vintage. Layers
    with the very same source, licence, address and dates (périmètre, EPCI and communes from one API) share a
    row naming them all."""
    rows, index_of = [], {}
    for name, prov in sources.items():
        title = (titles or {}).get(name) or prov.get("title") or LAYER_LABELS.get(name, name)
        vintage = str(prov.get("vintage") or "").strip()
        long_vintage = len(vintage) > 30     # several parts, each with its vintage: beside the source
        dates = "\n".join(x for x in (("millésime " + vintage) if vintage and not long_vintage else "",
                                      ("téléchargé le " + prov["date"]) if prov.get("date") else "") if x) or "–"
        status = {"incomplete": " (incomplète)", "stale": " (copie du cache)", "not_provided": " (non fourni)",
                  "failed": " (échec)"}.get(prov.get("status", ""), "")
        source = (prov.get("source") or "–") + (f"\n{prov['producer']}" if prov.get("producer") else "") + \
            (f"\nMillésimes : {vintage}" if long_vintage else "")
        row = [title + status, source, prov.get("licence") or "non précisée", wrap_url(prov.get("url") or "–", 32),
               dates]
        key = tuple(row[1:])
        if key in index_of:
            rows[index_of[key]][0] += ", " + row[0]
        else:
            index_of[key] = len(rows)
            rows.append(row)
    return ["Couche", "Source et producteur", "Licence", "Adresse", "Dates"], rows


# --- facts for the referents' file ------------------------------------------------------------------------

def fact_lines(portrait_block, logistics_block, consumers_block, capacity_block, networks_block, biomethane_block,
               brownfields_block, heat_outcome=None):
    """{key: sentence} of the computed facts, the prompts of the referents' file (and what the suggestions file
    compares between two editions)."""
    f = portrait_block.figures
    facts = {"population": fr_unit(f.get("population"), "habitants"),
             "superficie": fr_unit(f.get("superficie_km2"), "km²"),
             "densite": fr_unit(f.get("densite_hab_km2"), "hab./km²"),
             "communes": fr_number(f.get("nb_communes")),
             "epci": "; ".join(m[0] for m in f.get("epci") or []) or NON_DISPONIBLE}
    if f.get("economie_disponible"):
        facts["emploi_industriel"] = (f"{fr_number(f.get('effectifs_industrie'))} salariés de l'industrie, "
                                      f"{fr_pct(f.get('part_emploi_industriel_pct'))} de l'emploi salarié")
        facts["secteurs_principaux"] = ", ".join(f"{s} ({fr_number(n)})" for s, n, _p in
                                                 f.get("secteurs_principaux") or []) or "aucun publié"
        if f.get("part_10_manufacturier_pct") is not None:
            facts["dix_premiers_etablissements"] = (fr_pct(f["part_10_manufacturier_pct"], 0)
                                                    + " des emplois de l'industrie manufacturière")
        elif f.get("part_10_premiers_pct") is not None:
            facts["dix_premiers_etablissements"] = fr_pct(f["part_10_premiers_pct"], 0) + " des emplois salariés"
    lf = logistics_block.figures
    if lf.get("routes_disponibles"):
        facts["autoroutes"] = ", ".join(lf.get("autoroutes") or []) or "aucune"
    if lf.get("voies_disponibles"):
        facts["voies_navigables"] = ", ".join((lf.get("voies_navigables") or [])[:6]) or "aucune"
    if consumers_block.available:
        c = consumers_block.figures
        facts["grands_consommateurs"] = (f"{plural(c['sites'], 'site')} publié(s), dont "
                                         f"{fr_number(c['sites_plus_10000'])} de plus de 10 000 MWh/an")
    if capacity_block.available:
        k = capacity_block.figures
        top = sorted(k["par_type"].items(), key=lambda item: -item[1])[:3]
        facts["puissance_installee"] = (f"{fr_unit(k['total_mw'], 'MW', auto_decimals(k['total_mw']))} "
                                        f"({', '.join(f'{t} {fr_number(v, auto_decimals(v))}' for t, v in top)})")
    if networks_block.available:
        n = networks_block.figures
        facts["reseaux_de_chaleur"] = (f"{plural(n['n'], 'réseau')}, {fr_unit(n['km'], 'km', 0)}, "
                                       f"{fr_unit(n['gwh'], 'GWh/an', auto_decimals(n['gwh']))} livrés")
    if biomethane_block.available:
        b = biomethane_block.figures
        facts["biomethane"] = f"{plural(b['sites'], 'site')} d'injection, {fr_unit(b['gwh_an'], 'GWh/an', 0)}"
    if brownfields_block.available:
        b = brownfields_block.figures
        facts["friches"] = (f"{plural(b['n'], 'friche')} de plus de 1 ha, {fr_unit(b['ha'], 'ha', 0)} ; "
                            f"{fr_number(b['sans_projet'])} sans projet ({fr_unit(b['sans_projet_ha'], 'ha', 0)})")
    if heat_outcome and heat_outcome.get("run"):
        s = heat_outcome["summary"]
        facts["appariement_chaleur"] = (f"{fr_unit((s.get('delivered_mwh') or 0) / 1000.0, 'GWh/an', 1)} livrables "
                                        f"par {plural(len(heat_outcome.get('links') or []), 'liaison')}")
    return facts


def swot_prompts(facts):
    """Suggestions for the four SWOT boxes, drawn from the facts (comments of the referents' template)."""
    prompts = {"forces": [], "faiblesses": [], "opportunites": [], "menaces": []}
    if "puissance_installee" in facts:
        prompts["forces"].append("production d'énergie : " + facts["puissance_installee"])
    if facts.get("autoroutes") not in (None, "aucune") or facts.get("voies_navigables") not in (None, "aucune"):
        prompts["forces"].append("desserte : " + "; ".join(v for k, v in facts.items()
                                                           if k in ("autoroutes", "voies_navigables") and v != "aucune"))
    if "reseaux_de_chaleur" in facts:
        prompts["forces"].append("réseaux de chaleur : " + facts["reseaux_de_chaleur"])
    if "dix_premiers_etablissements" in facts:
        prompts["faiblesses"].append("dépendance aux grands établissements : " + facts["dix_premiers_etablissements"])
    if "friches" in facts:
        prompts["opportunites"].append("foncier : " + facts["friches"])
    if "appariement_chaleur" in facts:
        prompts["opportunites"].append("chaleur fatale : " + facts["appariement_chaleur"])
    if "grands_consommateurs" in facts:
        prompts["menaces"].append("coût de l'énergie pour les grands consommateurs : " + facts["grands_consommateurs"])
    return prompts
