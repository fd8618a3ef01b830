"""Industrial energy consumers (layer `consommateurs`): one layer fed by several public sources.

- `consumers` (composite): runs the parts named in its catalogue entry (`parts:`, keys of other catalogue
  entries, each with its own address, producer and politeness), adds their points into one layer and
  keeps the commune aggregates only where no published address figure covers a commune × energy ×
  sector. A part that fails is named in the warning and in the layer's « incomplete » note; the others
  load. Only when every part fails is the layer not written.
- `odre_transport_sites`: ODRÉ `consommation-annuelle-par-iris`, the sites connected to the transmission
  grids (RTE, NaTran, Teréga) — the largest consumers, absent from the distribution files. An IRIS that
  holds a single delivery point of an operator is one site: drawn at the IRIS point, sector « Non
  publié » (the dataset has no NAF), `raccordement` = transport. IRIS with several delivery points are
  sums of sites: not drawn, counted in a warning.
- `ore_commune_naf`: Agence ORE's consumption by commune × NAF division (the fallback when addresses are
  withheld): one point per commune × energy × sector, `precision` = commune.

The SDES address files (gas, electricity) are read by `sdes_adresses` (dido.py).
"""

import traceback
from urllib.parse import quote

from qgis.core import Qgis, QgsGeometry, QgsMessageLog, QgsPointXY

from ...core import consumers as cons
from ...core.errors import CancelledError, SourceError
from . import CONNECTORS, register
from ...core.i18n import tr
from .base import Context, FieldSpec, RowBuilder, VectorResult, convert, point_near
from .opendatasoft import ods_in

CONSUMER_SPECS = [
    FieldSpec("nom", "nom", "str", "Adresse ou site"),
    FieldSpec("code_commune", "code_commune", "str", "Code INSEE"),
    FieldSpec("commune", "commune", "str", "Commune"),
    FieldSpec("naf2", "naf2", "str", "Division NAF"),
    FieldSpec("secteur", "secteur", "str", "Secteur"),
    FieldSpec("energie", "energie", "str", "Énergie"),
    FieldSpec("conso_mwh", "conso_mwh", "double", "Consommation (MWh/an)"),
    FieldSpec("classe_conso", "classe_conso", "str", "Classe de consommation"),
    FieldSpec("pdl", "pdl", "int", "Points de livraison"),
    FieldSpec("annee", "annee", "int", "Année"),
    FieldSpec("precision", "precision", "str", "Précision de la localisation"),
    FieldSpec("raccordement", "raccordement", "str", "Raccordement"),
    FieldSpec("source", "source", "str", "Source"),
    FieldSpec("conso_secret", "conso_secret", "str", "Consommation couverte par le secret (oui, partiel, non)"),
]
NAF_KEYS = {"naf_secteurs": dict, "naf_secteurs_fichier": str}
FALLBACK_KINDS = ("ore_commune_naf",)
LOG_TAG = "TI Énergie"


def naf_table_of(ctx):
    """The NAF → sector table: the composite's (passed down to its parts), else this entry's own
    (`naf_secteurs_fichier`, `naf_secteurs`), else the built-in one."""
    table = getattr(ctx, "naf_table", None)
    if table is not None:
        return table
    try:
        return cons.load_naf_table(ctx.option("naf_secteurs_fichier") or None, ctx.option("naf_secteurs") or None)
    except cons.NafTableError as err:
        raise ctx.fail(f"{err}") from None


def lon_lat(lon, lat):
    """(lon, lat) floats of WGS84 coordinates, or None when missing, withheld or out of range."""
    try:
        x, y = convert(lon, "double"), convert(lat, "double")
    except (TypeError, ValueError):
        return None
    if x is None or y is None or not (-180 <= x <= 180 and -90 <= y <= 90) or (x == 0 and y == 0):
        return None
    return x, y


def iris_point(value):
    """(lon, lat) of an Opendatasoft geo_point: {"lon", "lat"}, [lat, lon] or "lat, lon"."""
    if isinstance(value, dict):
        return lon_lat(value.get("lon"), value.get("lat"))
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return lon_lat(value[1], value[0])
    if isinstance(value, str) and "," in value:
        lat, lon = value.split(",", 1)
        return lon_lat(lon, lat)
    return None


def build_layer(ctx, consumers, raccordement, source, precision, spread_m=400.0):
    """The VectorResult of `consumers` ([core Consumer], location = (lon, lat) in WGS84 or None): a point at
    its coordinates (`precision`), else inside its commune (precision « commune »), several points of a
    commune spread on a small circle."""
    rows = RowBuilder(ctx, CONSUMER_SPECS, "point")
    communes = {c["insee"]: c for c in (ctx.perimeters.communes if ctx.perimeters is not None else [])}
    transform = ctx.transform_from("EPSG:4326")
    at_commune = {}
    for consumer in consumers:
        if consumer.location is None:
            at_commune.setdefault(consumer.code_commune, []).append(id(consumer))
    for consumer in consumers:
        props = consumer.as_dict()
        info = communes.get(consumer.code_commune)
        props.update(commune=info["nom"] if info else "", raccordement=raccordement, source=source)
        if consumer.location is not None:
            props["precision"] = precision
            rows.add(props, QgsGeometry.fromPointXY(QgsPointXY(*consumer.location)), transform)
            continue
        props["precision"] = cons.PRECISION_COMMUNE
        if info is None:
            rows.no_geometry += 1
            continue
        group = at_commune[consumer.code_commune]
        centre = info["geometry"].pointOnSurface().asPoint()
        rows.add(props, QgsGeometry.fromPointXY(point_near(centre, group.index(id(consumer)), len(group), spread_m)))
    return rows.finish()


def empty_layer(ctx):
    return RowBuilder(ctx, CONSUMER_SPECS, "point").finish()


# --- ODRÉ: sites connected to the transmission grids -------------------------------------------------

# (energy, consumption field, delivery points field, operator)
TRANSPORT_COLUMNS = (
    (cons.ELECTRICITE, "consommation_electricite_rte", "pdl_electricite_rte", "RTE"),
    (cons.GAZ, "consommation_gaz_grtgaz", "pdl_gaz_grtgaz", "NaTran (ex-GRTgaz)"),
    (cons.GAZ, "consommation_gaz_terega", "pdl_gaz_terega", "Teréga"),
)


def _year(value):
    text = str(value or "").strip()[:4]
    return int(text) if text.isdigit() else None


def ods_records(ctx, where):
    """The bare array of an Opendatasoft `exports/json` answer for `where`."""
    url = f"{ctx.url()}/exports/json?where={quote(where, safe='')}&limit=-1"
    return ctx.fetch_json(url, expect=list)


@register("odre_transport_sites", departement_field=str, commune_field=str, point_field=str, annee=int)
def odre_transport_sites(ctx):
    """Single-site IRIS of ODRÉ's transmission-grid consumption, latest year (or the catalogue's `annee`)."""
    communes = ctx.communes()
    if not communes:
        return empty_layer(ctx)
    where = ods_in(ctx.option("departement_field", "code_insee_departement"), ctx.departements())
    if ctx.option("annee"):
        where += f" AND year(annee)={int(ctx.option('annee'))}"
    records = [r for r in ods_records(ctx, where) if isinstance(r, dict)
               and str(r.get(ctx.option("commune_field", "code_insee_commune")) or "") in communes]
    years = [y for y in (_year(r.get("annee")) for r in records) if y]
    if not years:
        ctx.vintage = ""
        return empty_layer(ctx)
    latest = int(ctx.option("annee") or max(years))
    ctx.vintage = f"données {latest}"
    names = {c["insee"]: c["nom"] for c in ctx.perimeters.communes}
    sites, several, several_mwh = [], 0, 0.0
    for record in records:
        if _year(record.get("annee")) != latest:
            continue
        code = str(record.get(ctx.option("commune_field", "code_insee_commune")))
        where_point = iris_point(record.get(ctx.option("point_field", "geo_point_iris")))
        for energie, conso_field, pdl_field, operator in TRANSPORT_COLUMNS:
            try:
                pdl = convert(record.get(pdl_field), "int")
                conso = convert(record.get(conso_field), "double")
            except (TypeError, ValueError):
                pdl, conso = None, None
            if not pdl:
                continue
            if pdl > 1:
                several += 1
                several_mwh += conso or 0.0
                continue
            secret = cons.MASQUE_OUI if conso is None else cons.MASQUE_NON
            sites.append(cons.Consumer(
                nom=f"Site raccordé au transport {operator} – {names.get(code, code)}", code_commune=code, naf2=None,
                secteur=cons.NON_PUBLIE, energie=energie, conso_mwh=conso, classe_conso=cons.classe_conso(conso, secret),
                pdl=1, annee=latest, conso_secret=secret, location=where_point))
    if several:
        total = f"{several_mwh:,.0f}".replace(",", "\u202f")
        ctx.warn(tr("{} IRIS comptent plusieurs sites raccordés au réseau de transport ({} MWh en {}) : leur somme "
                    "ne localise aucun site, ils ne sont pas représentés.").format(several, total, latest))
    return build_layer(ctx, sites, cons.TRANSPORT, f"ODRÉ – consommation annuelle par IRIS des sites raccordés au "
                                                   f"transport ({latest})", cons.PRECISION_IRIS)


# --- Agence ORE: commune × NAF aggregates (fallback) -------------------------------------------------

@register("ore_commune_naf", commune_field=str, energy_field=str, naf_field=str, conso_field=str, pdl_field=str,
          year_field=str, annee=int, where_extra=str, **NAF_KEYS)
def ore_commune_naf(ctx):
    """Industrial consumption by commune × energy × sector (one point per group, inside the commune)."""
    communes = ctx.communes()
    if not communes:
        return empty_layer(ctx)
    table = naf_table_of(ctx)
    commune_field = ctx.option("commune_field", "code_commune")
    where = ods_in(commune_field, sorted(communes))
    if ctx.option("where_extra"):
        where = f"({where}) AND ({ctx.option('where_extra')})"
    records = [r for r in ods_records(ctx, where) if isinstance(r, dict)]
    year_field = ctx.option("year_field", "annee")
    rows = []
    for record in records:
        code = str(record.get(commune_field) or "")
        energie = cons.normalise_energy(record.get(ctx.option("energy_field", "filiere")))
        division = cons.naf_division(record.get(ctx.option("naf_field", "code_naf")))
        if code not in communes or energie is None or division not in table.secteurs:
            continue
        try:
            conso = convert(record.get(ctx.option("conso_field", "conso")), "double")
        except (TypeError, ValueError):
            conso = None
        try:
            pdl = convert(record.get(ctx.option("pdl_field", "pdl")), "int")
        except (TypeError, ValueError):
            pdl = None
        rows.append(cons.SourceRow(code, energie, code, division, conso, pdl, _year(record.get(year_field))))
    years = [r.annee for r in rows if r.annee]
    if not years:
        return empty_layer(ctx)
    latest = int(ctx.option("annee") or max(years))
    ctx.vintage = f"données {latest}"
    kept = [r for r in rows if r.annee == latest]
    groups = cons.aggregate_communes(kept, table)
    names = {c["insee"]: c["nom"] for c in ctx.perimeters.communes}
    for group in groups:
        group.nom = f"{group.secteur} – {names.get(group.code_commune, group.code_commune)} (total communal)"
    return build_layer(ctx, groups, cons.DISTRIBUTION, f"Agence ORE – consommation par commune et code NAF ({latest})",
                       cons.PRECISION_COMMUNE, spread_m=700.0)


# --- the composite ------------------------------------------------------------------------------------

def _row_dicts(result):
    names = [name for name, _kind in result.fields]
    return [dict(zip(names, values)) for values, _geometry in result.rows]


@register("consumers", parts="str_list", **NAF_KEYS)
def consumers(ctx):
    """The `consommateurs` layer from the parts of the catalogue entry (see the module's docstring)."""
    parts = [str(p) for p in (ctx.option("parts", []) or [])]
    if not parts:
        raise ctx.fail(tr("le catalogue ne nomme aucune partie (parts)."))
    table = naf_table_of(ctx)
    results, failed, vintages = [], [], []
    for index, key in enumerate(parts):
        kind = (ctx.catalogue.sources.get(key) or {}).get("connector")
        if key not in ctx.catalogue.sources or kind not in CONNECTORS:
            failed.append(key)
            ctx.warn(tr("partie « {} » absente du catalogue ou sans connecteur connu.").format(key))
            ctx.incomplete.append(f"partie « {key} » inconnue")
            continue
        sub = Context(key, ctx.catalogue, ctx.cache, ctx.territory, ctx.pending_perimeters, ctx.feedback,
                      ctx.transform_context, lambda p, i=index: ctx.progress(100.0 * (i + p / 100.0) / len(parts)),
                      ctx.crs)
        sub.naf_table = table
        sub.on_wait = ctx.on_wait
        try:
            result = CONNECTORS[kind](sub)
            if not isinstance(result, VectorResult):
                raise sub.fail(tr("la partie ne produit pas de points."))
        except CancelledError:
            raise
        except SourceError as err:
            failed.append(sub.label)
            ctx.warn(tr("partie « {} » indisponible : {}").format(sub.label, err.detail if err.source == sub.label else err))
            ctx.incomplete.append(f"{sub.label} : indisponible")
            continue
        except Exception:  # noqa: BLE001 - one broken part must not take the others down
            QgsMessageLog.logMessage(f"{sub.label} :\n{traceback.format_exc()}", LOG_TAG, Qgis.MessageLevel.Critical)
            failed.append(sub.label)
            ctx.warn(tr("partie « {} » indisponible : erreur inattendue (le détail est dans le journal des "
                        "messages, onglet « TI Énergie »).").format(sub.label))
            ctx.incomplete.append(f"{sub.label} : indisponible")
            continue
        finally:
            ctx.warnings.extend(sub.warnings)
            ctx.stale = ctx.stale or sub.stale
            ctx.dates.extend(d for d in sub.dates if d not in ctx.dates)
        ctx.incomplete.extend(f"{sub.label} : {note}" for note in sub.incomplete)
        if sub.vintage:
            vintages.append(f"{sub.label} : {sub.vintage}")
        results.append((kind, result))
    if not results:
        raise ctx.fail("aucune des sources de la couche n'a répondu (" + ", ".join(failed) + ").")
    ctx.vintage = " ; ".join(vintages)
    fields = [(s.name, "str" if s.kind == "bool" else s.kind) for s in CONSUMER_SPECS]
    names = [name for name, _kind in fields]
    main = [(kind, result) for kind, result in results if kind not in FALLBACK_KINDS]
    points = [row for _kind, result in main for row in _row_dicts(result)]
    out_rows = []
    for kind, result in results:
        rows = _row_dicts(result)
        kept = {id(row) for row in (cons.fallback_needed(points, rows) if kind in FALLBACK_KINDS else rows)}
        out_rows.extend(([row.get(name) for name in names], geometry)
                        for row, (_values, geometry) in zip(rows, result.rows) if id(row) in kept)
    return VectorResult(fields=fields, rows=out_rows, geometry="point",
                        aliases={s.name: s.alias for s in CONSUMER_SPECS if s.alias})
