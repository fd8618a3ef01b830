"""Opendatasoft portals (ODRÉ, Agence ORE, GRDF…): the `exports` endpoint (no 10 000-row cap, `limit=-1`).

The server filters on the territory's départements (or communes) with a quoted ODSQL `IN` clause, and the
rows are then kept to the territory's communes: a filter on the dataset's own EPCI codes would miss
communes that belong to a territory directly and EPCI mergers. The dataset's `modified` date, read from
its metadata, is the producer's vintage.

- `ods_points`: GeoJSON export, point geometries in WGS84.
- `ods_commune_aggregate`: a register without coordinates (ODRÉ's electricity production register),
  JSON export summed by commune and category; each sum placed at a point inside its commune.
"""

from urllib.parse import quote

from qgis.core import QgsGeometry

from ...core.errors import SourceError
from ...core.geojson import geometry_to_wkt
from . import register
from .base import point_near

_FILTER_KEYS = {"commune_field": str, "departement_field": str, "server_filter": str}


def ods_literal(value):
    """An ODSQL string literal (single quotes doubled)."""
    return "'" + str(value).replace("'", "''") + "'"


def ods_in(field_name, values):
    """An ODSQL `field IN ('a', 'b')` clause with quoted values."""
    return f"{field_name} IN ({', '.join(ods_literal(v) for v in values)})"


def ods_export_url(base, where, export_format="geojson"):
    return f"{base}/exports/{export_format}?where={quote(where, safe='')}&limit=-1"


def _where(ctx):
    """The server-side filter: the territory's départements (default) or communes."""
    if ctx.option("server_filter", "departement") == "commune":
        return ods_in(ctx.option("commune_field", "code_commune"), sorted(ctx.communes()))
    return ods_in(ctx.option("departement_field", "code_departement"), ctx.departements())


def _vintage(ctx):
    """The dataset's `modified` date from its metadata (best effort: unknown when it cannot be read)."""
    try:
        meta = ctx.fetch_json(ctx.url())
    except SourceError:
        return ""
    default = ((meta.get("metas") or {}).get("default") or {}) if isinstance(meta, dict) else {}
    return str(default.get("modified") or default.get("data_processed") or "")[:10]


@register("ods_points", **_FILTER_KEYS)
def ods_points(ctx):
    """Points of an Opendatasoft dataset in the territory's communes."""
    rows = ctx.builder("point")
    if not ctx.communes():
        return rows.finish()
    payload = ctx.fetch_geojson(ods_export_url(ctx.url(), _where(ctx)))
    communes = ctx.communes()
    commune_field = ctx.option("commune_field", "code_commune")
    transform = ctx.transform_from("EPSG:4326")
    for feature in payload["features"]:
        props = (feature or {}).get("properties") or {}
        if str(props.get(commune_field) or "") not in communes:
            continue
        try:
            wkt = geometry_to_wkt((feature or {}).get("geometry"))
        except (ValueError, TypeError, IndexError):
            wkt = None
        rows.add(props, wkt, transform)
    ctx.vintage = _vintage(ctx)
    return rows.finish()


@register("ods_commune_aggregate", category_field=str, sums=dict, **_FILTER_KEYS)
def ods_commune_aggregate(ctx):
    """Sums of an Opendatasoft register by commune and category, at a point inside each commune."""
    commune_field = ctx.option("commune_field", "codeinseecommune")
    category_field = ctx.option("category_field", "filiere")
    sums = ctx.option("sums", {})
    if not isinstance(sums, dict) or not sums:
        raise ctx.fail("le catalogue ne décrit aucune somme pour cette source.")
    from .base import FieldSpec, RowBuilder

    specs = [FieldSpec("code_insee", "code_insee", "str", "Code INSEE"), FieldSpec("commune", "commune", "str"),
             FieldSpec("categorie", "categorie", "str", "Filière")]
    specs += [FieldSpec(name, name, "double", rule.get("alias", "") if isinstance(rule, dict) else "")
              for name, rule in sums.items()]
    rows = RowBuilder(ctx, specs, "point", ctx.option("derive"))
    communes = {c["insee"]: c for c in (ctx.perimeters.communes if ctx.perimeters is not None else [])}
    if not communes:
        return rows.finish()
    records = ctx.fetch_json(ods_export_url(ctx.url(), _where(ctx), "json"), expect=list)
    totals, unreadable = {}, RowBuilder(ctx, [FieldSpec(n, n, "double") for n in sums], "none")
    for record in records:
        if not isinstance(record, dict):
            unreadable.no_geometry += 1
            continue
        code = str(record.get(commune_field) or "")
        if code not in communes:
            continue
        category = str(record.get(category_field) or "Non renseignée")
        entry = totals.setdefault((code, category), {name: 0.0 for name in sums})
        origins = {name: (rule.get("from", name), float(rule.get("factor", 1))) if isinstance(rule, dict)
                   else (str(rule), 1.0) for name, rule in sums.items()}
        values = unreadable.values({name: record.get(origin) for name, (origin, _f) in origins.items()})
        for (name, (_origin, factor)), value in zip(origins.items(), values):
            entry[name] += (value or 0.0) * factor
    by_commune = {}
    for code, category in sorted(totals):
        by_commune.setdefault(code, []).append(category)
    for code, categories in by_commune.items():
        centre = communes[code]["geometry"].pointOnSurface().asPoint()
        for index, category in enumerate(categories):
            values = totals[(code, category)]
            rows.add({"code_insee": code, "commune": communes[code]["nom"], "categorie": category,
                      **{n: round(values[n], 6) for n in sums}},
                     QgsGeometry.fromPointXY(point_near(centre, index, len(categories))))
    if unreadable.bad_values or unreadable.withheld or unreadable.no_geometry:
        unreadable.finish()
    ctx.vintage = _vintage(ctx)
    return rows.finish()
