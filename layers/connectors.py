"""Data connectors: turn a catalogue source into the rows of one layer of the territory.

A source of `layers/sources.yaml` names its connector (`connector:`), the layer it fills (`layer`,
`title`, `style`) and its fields with their types. Connectors run in the worker thread: they fetch
through the cache and the network module, validate the payload and return plain rows; the loader
writes them into the territory's GeoPackage.

- `ods_points`: an Opendatasoft (ODRÉ, Agence ORE, GRDF…) dataset exported as GeoJSON, filtered
  server-side on the territory's EPCI (`where=<epci_field> IN (...)`, `limit=-1`: the export endpoint
  has no 10 000-row cap), point geometries in WGS84.
- `drf_geojson_by_commune`: a paginated GeoJSON API (Django REST framework: `{features, next}`) asked
  by batches of commune INSEE codes (Cerema's Cartofriches: at most 10 codes a request), following
  `next` up to `max_pages`; polygons (or points, turned into a small square) in WGS84.

Every connector has the signature
`(key, territory, catalogue, cache, feedback, warnings, transform_context, perimeters) -> LayerData`.
"""

import json
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from qgis.core import (Qgis, QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsCoordinateTransformContext,
                       QgsGeometry, QgsRectangle, QgsWkbTypes)

from ..core.errors import SourceError
from ..core.geojson import features
from .network import fetch

FIELD_TYPES = ("str", "int", "double", "bool")
_GEOMETRY_TYPE = getattr(Qgis, "GeometryType", None) or QgsWkbTypes.GeometryType
_POINT_TYPE = getattr(_GEOMETRY_TYPE, "Point", None) or QgsWkbTypes.PointGeometry
_POLYGON_TYPE = getattr(_GEOMETRY_TYPE, "Polygon", None) or QgsWkbTypes.PolygonGeometry


@dataclass
class LayerData:
    """What a connector returns: the fields [(name, type)], rows [(values, QgsGeometry)], the data date."""

    fields: list
    rows: list = field(default_factory=list)
    date: str = ""


def ods_literal(value):
    """An ODSQL string literal (single quotes doubled)."""
    return "'" + str(value).replace("'", "''") + "'"


def ods_export_url(base, where):
    return f"{base}/exports/geojson?where={quote(where, safe='')}&limit=-1"


def _convert(value, kind, name, label):
    if value is None or value == "":
        return None
    try:
        if kind == "int":
            return int(float(value))
        if kind == "double":
            return float(str(value).replace(",", "."))
        if kind == "bool":  # Opendatasoft booleans are often the strings "True" / "False"
            text = str(value).strip().lower()
            if text in ("true", "1", "oui", "yes", "vrai"):
                return "oui"
            if text in ("false", "0", "non", "no", "faux"):
                return "non"
            raise ValueError(value)
        return str(value)
    except (TypeError, ValueError):
        raise SourceError(label, f"valeur inattendue « {value} » pour le champ {name} ({kind}).") from None


def _spec(source, label):
    spec = source.get("fields") or {}
    if not isinstance(spec, dict) or not spec:
        raise SourceError(label, "le catalogue ne décrit aucun champ pour cette source.")
    bad = [f"{name}: {kind}" for name, kind in spec.items() if kind not in FIELD_TYPES]
    if bad:
        raise SourceError(label, f"type(s) de champ inconnu(s) dans le catalogue : {', '.join(bad)}.")
    return [(name, "str" if kind == "bool" else kind) for name, kind in spec.items()], spec


def ods_points(key, territory, catalogue, cache, feedback=None, warnings=None, transform_context=None,
               perimeters=None):
    """Points of an Opendatasoft dataset within the territory's EPCI, in EPSG:2154."""
    source = catalogue.source(key)
    label = catalogue.label(key)
    epci_field = source.get("epci_field", "code_epci")
    if not territory.epci:
        return LayerData(fields=_spec(source, label)[0])
    where = f"{epci_field} IN ({', '.join(ods_literal(s) for s in territory.epci)})"
    url = ods_export_url(catalogue.url(key), where)
    options = {"feedback": feedback, **catalogue.fetch_options(key)}
    payload = _json(cache.fetch(key, url, lambda u: fetch(u, label, **options), catalogue.cache_max_age_days(),
                                warnings), label)
    fields, spec = _spec(source, label)
    transform = _to_lambert93(transform_context)
    result = LayerData(fields=fields, date=cache.fetched_date(key, url))
    wanted = set(territory.epci)
    for props, wkt in features(payload, label, what="points"):
        if str(props.get(epci_field, "")) not in wanted:  # the server filter is trusted, but checked
            continue
        geometry = QgsGeometry.fromWkt(wkt)
        if geometry.isNull() or geometry.isEmpty():
            continue
        geometry.transform(transform)
        result.rows.append(([_convert(props.get(name), kind, name, label) for name, kind in spec.items()], geometry))
    return result


def _json(data, label):
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as err:
        raise SourceError(label, f"réponse illisible (JSON invalide) : {err}.") from None


def _to_lambert93(transform_context):
    return QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), QgsCoordinateReferenceSystem("EPSG:2154"),
                                  transform_context or QgsCoordinateTransformContext())


def _with_query(url, params):
    return url + ("&" if "?" in url else "?") + urlencode(params, safe=",")


def drf_geojson_by_commune(key, territory, catalogue, cache, feedback=None, warnings=None, transform_context=None,
                           perimeters=None):
    """Features of a paginated GeoJSON API for the territory's communes, as multipolygons in EPSG:2154."""
    source = catalogue.source(key)
    label = catalogue.label(key)
    fields, spec = _spec(source, label)
    codes = sorted({c["insee"] for c in (perimeters.communes if perimeters is not None else [])})
    result = LayerData(fields=fields)
    if not codes:
        return result
    options = {"feedback": feedback, **catalogue.fetch_options(key)}
    base = catalogue.url(key) + "/"
    batch = max(1, int(source.get("batch_size", 10)))
    max_pages = int(source.get("max_pages", 200))
    transform = _to_lambert93(transform_context)
    seen_ids = set()
    for start in range(0, len(codes), batch):
        url = _with_query(base, {**(source.get("params") or {}),
                                 source.get("commune_param", "code_insee"): ",".join(codes[start:start + batch])})
        if not result.date:
            result.date = cache.fetched_date(key, url)
        for _page in range(max_pages):
            payload = _json(cache.fetch(key, url, lambda u: fetch(u, label, **options),
                                        catalogue.cache_max_age_days(), warnings), label)
            for props, wkt in features(payload, label, what="entités"):
                ident = props.get("site_id") or wkt
                if ident in seen_ids:
                    continue
                seen_ids.add(ident)
                geometry = _polygonal(QgsGeometry.fromWkt(wkt))
                if geometry is None:
                    continue
                geometry.transform(transform)
                result.rows.append(([_convert(props.get(n), k, n, label) for n, k in spec.items()], geometry))
            url = payload.get("next")
            if not url:
                break
        else:
            if warnings is not None:
                warnings.append(f"Source « {label} » : plus de {max_pages} pages, réponse tronquée.")
    return result


def _polygonal(geometry, half_side_deg=0.0005):
    """Multipolygon of a polygonal geometry; a point becomes a small square (about 70 m x 110 m)."""
    if geometry.isNull() or geometry.isEmpty():
        return None
    if geometry.type() == _POINT_TYPE:
        point = geometry.centroid().asPoint()
        geometry = QgsGeometry.fromRect(QgsRectangle(point.x() - half_side_deg, point.y() - half_side_deg,
                                                     point.x() + half_side_deg, point.y() + half_side_deg))
    elif geometry.type() != _POLYGON_TYPE:
        return None
    geometry.convertToMultiType()
    return geometry


CONNECTORS = {"ods_points": ods_points, "drf_geojson_by_commune": drf_geojson_by_commune}


def connector_for(source_key, catalogue):
    kind = catalogue.source(source_key).get("connector")
    try:
        return CONNECTORS[kind]
    except KeyError:
        raise SourceError(catalogue.label(source_key), f"connecteur « {kind} » inconnu.") from None
