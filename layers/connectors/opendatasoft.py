"""Opendatasoft portals (ODRÉ, Agence ORE, GRDF…): the `exports` endpoint (no 10 000-row cap, `limit=-1`).

The server filters on the territory's départements (or communes) with a quoted ODSQL `IN` clause, and the
rows are then kept to the territory's communes: a filter on the dataset's own EPCI codes would miss
communes that belong to a territory directly and EPCI mergers. The dataset's `modified` date, read from
its metadata, is the producer's vintage.

- `ods_points`: GeoJSON export in WGS84, points or lines as the entry's `geometry` says (NaTran's and
  Teréga's gas transmission traces); kept to the territory's communes (`commune_field`) or, for a dataset
  without commune codes (`commune_field: ""`), to the features crossing the territory's outline.
- `ods_records`: JSON export of a table without geometry (RTE's substations since 2026).
- `ods_commune_aggregate`: a register without coordinates (ODRÉ's electricity production register),
  JSON export summed by commune and category; each sum placed at a point inside its commune.
- `ods_register_points`: the same register, one point per installation placed in its commune, the small
  ones (under `group_below_mw`) summed by commune and type (the register has no coordinates).

`departement_values: nom` filters on département names ("Nord") for the datasets that write them so
(ODRÉ's traces, RTE's substations); `where:` adds a clause of the catalogue (`tension = '400kV'`).
"""

import csv
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from qgis.core import QgsGeometry

from ...core.errors import SourceError
from ...core.geojson import geometry_to_wkt
from . import register
from ...core.i18n import tr
from .base import FieldSpec, RowBuilder, point_near

_FILTER_KEYS = {"commune_field": str, "departement_field": str, "server_filter": str, "departement_values": str,
                "where": str}
DEPARTEMENTS_CSV = Path(__file__).resolve().parent.parent.parent / "resources" / "data" / "departements.csv"


@lru_cache(maxsize=1)
def departement_names():
    """{code: name} of the départements (resources/data/departements.csv)."""
    with open(DEPARTEMENTS_CSV, encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return {row["code"]: row["nom"] for row in csv.DictReader(lines, delimiter=";")}


def ods_literal(value):
    """An ODSQL string literal (single quotes doubled)."""
    return "'" + str(value).replace("'", "''") + "'"


def ods_in(field_name, values):
    """An ODSQL `field IN ('a', 'b')` clause with quoted values."""
    return f"{field_name} IN ({', '.join(ods_literal(v) for v in values)})"


def ods_export_url(base, where, export_format="geojson"):
    return f"{base}/exports/{export_format}?where={quote(where, safe='')}&limit=-1"


def _where(ctx):
    """The server-side filter: the territory's départements (default, by code or by name) or communes, and
    the catalogue's own clause (`where`)."""
    if ctx.option("server_filter", "departement") == "commune":
        clause = ods_in(ctx.option("commune_field", "code_commune"), sorted(ctx.communes()))
    else:
        codes = ctx.departements()
        if ctx.option("departement_values", "code") == "nom":
            names = departement_names()
            codes = [names.get(code, code) for code in codes]
        clause = ods_in(ctx.option("departement_field", "code_departement"), codes)
    extra = str(ctx.option("where", "") or "").strip()
    return f"{clause} AND ({extra})" if extra else clause


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
    """Features (points, or lines as declared) of an Opendatasoft dataset in the territory: in its communes,
    or crossing its outline when the dataset has no commune code (`commune_field: ""`)."""
    rows = ctx.builder()
    if not ctx.communes():
        return rows.finish()
    payload = ctx.fetch_geojson(ods_export_url(ctx.url(), _where(ctx)))
    communes = ctx.communes()
    commune_field = ctx.option("commune_field", "code_commune")
    outline = ctx.outline()
    transform = ctx.transform_from("EPSG:4326")
    for feature in payload["features"]:
        props = (feature or {}).get("properties") or {}
        if commune_field and str(props.get(commune_field) or "") not in communes:
            continue
        try:
            wkt = geometry_to_wkt((feature or {}).get("geometry"))
        except (ValueError, TypeError, IndexError):
            wkt = None
        before = len(rows.rows)
        if rows.add(props, wkt, transform) and not commune_field and outline is not None \
                and not rows.rows[-1][1].intersects(outline):
            del rows.rows[before:]
    ctx.vintage = _vintage(ctx)
    return rows.finish()


@register("ods_records", **_FILTER_KEYS)
def ods_records(ctx):
    """Rows of an Opendatasoft table without geometry (JSON export), on the territory's départements."""
    rows = ctx.builder("none")
    if not ctx.communes():
        return rows.finish()
    records = ctx.fetch_json(ods_export_url(ctx.url(), _where(ctx), "json"), expect=list)
    for record in records:
        if isinstance(record, dict):
            rows.add(record)
    ctx.vintage = _vintage(ctx)
    return rows.finish()


@register("ods_commune_aggregate", category_field=str, sums=dict, **_FILTER_KEYS)
def ods_commune_aggregate(ctx):
    """Sums of an Opendatasoft register by commune and category, at a point inside each commune."""
    commune_field = ctx.option("commune_field", "codeinseecommune")
    category_field = ctx.option("category_field", "filiere")
    sums = ctx.option("sums", {})
    if not isinstance(sums, dict) or not sums:
        raise ctx.fail(tr("le catalogue ne décrit aucune somme pour cette source."))
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


def _group_small(table, communes, threshold):
    """Rows (dicts) of `table` in `communes`; those under `threshold` MW, and the register's rows that
    already sum several installations (« Agrégation des installations de moins de 36 kW »), summed by
    commune and type."""
    names = [name for name, _kind in table.fields]
    kept, groups = [], {}
    for values, _geometry in table.rows:
        row = dict(zip(names, values))
        code = str(row.get("code_commune") or "")
        if code not in communes:
            continue
        power = row.get("puissance_mw")
        count = int(row.get("nb_installations") or 1)  # the register's "< 36 kW" rows hold many
        if threshold <= 0 or (power is not None and power >= threshold and count <= 1):
            kept.append(row)
            continue
        key = (code, str(row.get("type")))
        if key not in groups:
            groups[key] = dict(row, _count=count)
            continue
        group = groups[key]
        group["_count"] += count
        for name in ("puissance_mw", "energie_gwh_an"):
            if name in group and (group[name] is not None or row.get(name) is not None):
                group[name] = (group[name] or 0.0) + (row.get(name) or 0.0)
    for key in sorted(groups):
        group = groups[key]
        count = group.pop("_count")
        group.update({"nom": f"{count} installation{'s' if count > 1 else ''} de moins de {threshold:g} MW",
                      "identifiant": None, "statut": None})
        if "nb_installations" in group:
            group["nb_installations"] = count
        kept.append(group)
    return kept


@register("ods_register_points", group_below_mw=float, **_FILTER_KEYS)
def ods_register_points(ctx):
    """One point per record of a register without coordinates, placed in its commune (spread on a small
    circle around a point inside the commune); the records under `group_below_mw` are summed by commune
    and `type` into one point (« 12 installations de moins de 1 MW »). The catalogue's `derive` rule gives
    `type` and `puissance_mw`; the output fields `code_commune` and `commune` locate the record."""
    commune_field = ctx.option("commune_field", "codeinseecommune")
    communes = {c["insee"]: c for c in (ctx.perimeters.communes if ctx.perimeters is not None else [])}
    rows = ctx.builder("none")
    if not communes:
        return ctx.builder("point").finish()
    records = ctx.fetch_json(ods_export_url(ctx.url(), _where(ctx), "json"), expect=list)
    for record in records:
        if isinstance(record, dict) and str(record.get(commune_field) or "") in communes:
            rows.add(record)
    table = rows.finish()
    kept = _group_small(table, communes, float(ctx.option("group_below_mw", 0) or 0))
    by_commune = {}
    for row in kept:
        by_commune.setdefault(row["code_commune"], []).append(row)
    out = RowBuilder(ctx, [FieldSpec(name, name, kind) for name, kind in table.fields], "point")
    for code in sorted(by_commune):
        members = sorted(by_commune[code], key=lambda r: (-(r.get("puissance_mw") or 0.0), str(r.get("nom") or "")))
        centre = communes[code]["geometry"].pointOnSurface().asPoint()
        for index, row in enumerate(members):
            if not row.get("commune"):
                row["commune"] = communes[code]["nom"]
            out.add(row, QgsGeometry.fromPointXY(point_near(centre, index, len(members))))
    ctx.vintage = _vintage(ctx)
    return out.finish(aliases=table.aliases)
