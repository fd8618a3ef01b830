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

- `datagouv_zip_vector`: a data.gouv.fr dataset whose resource (found by its title through the
  dataset API, since the static file addresses change at every publication) is a ZIP archive; one
  member (GeoJSON, any CRS) is read in place through GDAL's /vsizip/ — nothing is extracted — with
  checks on the archive and the member size, and the features crossing the territory are kept.

- `ods_commune_aggregate`: an Opendatasoft register without coordinates (ODRÉ's electricity
  production register), exported as JSON for the territory's EPCI and summed by commune and category
  (filière); each sum is placed at a point inside its commune (from the perimeters), spread on a small
  circle when a commune has several categories.

- `wfs_geojson`: a WFS 2.0 (Cerema's ArcGIS servers) whose typename carries a date: the newest name
  with the catalogue's prefix is read from GetCapabilities (QDomDocument), then GetFeature as GeoJSON
  in WGS84; the bare `nan` these servers write is turned into `null`; features of the territory's
  communes (or crossing its outline) are kept.

Every connector has the signature
`(key, territory, catalogue, cache, feedback, warnings, transform_context, perimeters) -> LayerData`.
"""

import math
import re
import zipfile
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from qgis.core import (Qgis, QgsCoordinateTransform, QgsCoordinateTransformContext, QgsFeatureRequest, QgsGeometry,
                       QgsPointXY, QgsRectangle, QgsVectorLayer, QgsWkbTypes)

from qgis.PyQt.QtXml import QDomDocument

from ..core.errors import CancelledError, SourceError
from ..core.geojson import features
from .cache import cached_get
from .gpkg import LAMBERT93, checked_crs, crs_is_defined, lambert93_transform
from .network import parse_json

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


def ods_in(field_name, values):
    """An ODSQL `field IN ('a', 'b')` clause with quoted values."""
    return f"{field_name} IN ({', '.join(ods_literal(v) for v in values)})"


def ods_export_url(base, where, export_format="geojson"):
    return f"{base}/exports/{export_format}?where={quote(where, safe='')}&limit=-1"


def _convert(value, kind, name, label):
    if value is None or value == "" or (hasattr(value, "isNull") and value.isNull()):  # QGIS NULL on PyQt5
        return None
    try:
        if kind == "int":
            return int(float(value))
        if kind == "double":  # also "1 500,5" (French text: spaces as thousands separators, decimal comma)
            text = str(value)
            for space in (" ", "\u00a0", "\u202f"):
                text = text.replace(space, "")
            return float(text.replace(",", "."))
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
    """[(output name, source name, type)] from the catalogue's `fields`: `name: type`, or
    `name: {from: "Source name", type: type}` to rename a field (names with spaces or symbols)."""
    raw = source.get("fields") or {}
    if not isinstance(raw, dict) or not raw:
        raise SourceError(label, "le catalogue ne décrit aucun champ pour cette source.")
    spec = []
    for name, kind in raw.items():
        origin = name
        if isinstance(kind, dict):
            origin, kind = kind.get("from", name), kind.get("type")
        if kind not in FIELD_TYPES:
            raise SourceError(label, f"type de champ inconnu dans le catalogue : {name}: {kind}.")
        spec.append((name, origin, kind))
    return spec


def _fields(spec):
    """Layer fields (booleans are stored as the text "oui" / "non")."""
    return [(name, "str" if kind == "bool" else kind) for name, _origin, kind in spec]


def _start(key, catalogue):
    """What every connector begins with: its catalogue entry, label, field spec and an empty result."""
    source = catalogue.source(key)
    label = catalogue.label(key)
    spec = _spec(source, label)
    return source, label, spec, LayerData(fields=_fields(spec))


def _row(props, spec, label):
    return [_convert(props.get(origin), kind, origin, label) for _name, origin, kind in spec]


def ods_points(key, territory, catalogue, cache, feedback=None, warnings=None, transform_context=None,
               perimeters=None):
    """Points of an Opendatasoft dataset within the territory's EPCI, in EPSG:2154."""
    source, label, spec, result = _start(key, catalogue)
    epci_field = source.get("epci_field", "code_epci")
    if not territory.epci:
        return result
    where = ods_in(epci_field, territory.epci)
    url = ods_export_url(catalogue.url(key), where)
    payload = parse_json(cached_get(key, url, catalogue, cache, feedback, warnings), label)
    transform = _to_lambert93(transform_context)
    result.date = cache.fetched_date(key, url)
    wanted = set(territory.epci)
    for props, wkt in features(payload, label, what="points"):
        if str(props.get(epci_field, "")) not in wanted:  # the server filter is trusted, but checked
            continue
        geometry = QgsGeometry.fromWkt(wkt)
        if geometry.isNull() or geometry.isEmpty():
            continue
        geometry.transform(transform)
        result.rows.append((_row(props, spec, label), geometry))
    return result


def _to_lambert93(transform_context):
    return lambert93_transform(transform_context)  # checked: see layers/gpkg.py


def _with_query(url, params):
    return url + ("&" if "?" in url else "?") + urlencode(params, safe=",")


def drf_geojson_by_commune(key, territory, catalogue, cache, feedback=None, warnings=None, transform_context=None,
                           perimeters=None):
    """Features of a paginated GeoJSON API for the territory's communes, as multipolygons in EPSG:2154."""
    source, label, spec, result = _start(key, catalogue)
    codes = sorted({c["insee"] for c in (perimeters.communes if perimeters is not None else [])})
    if not codes:
        return result
    base = catalogue.url(key) + "/"
    batch = max(1, int(source.get("batch_size", 10)))
    max_pages = int(source.get("max_pages", 200))
    id_field = source.get("id_field", "site_id")
    transform = _to_lambert93(transform_context)
    seen_ids = set()
    for start in range(0, len(codes), batch):
        url = _with_query(base, {**(source.get("params") or {}),
                                 source.get("commune_param", "code_insee"): ",".join(codes[start:start + batch])})
        if not result.date:
            result.date = cache.fetched_date(key, url)
        for _page in range(max_pages):
            payload = parse_json(cached_get(key, url, catalogue, cache, feedback, warnings), label)
            for props, wkt in features(payload, label, what="entités"):
                ident = props.get(id_field) or wkt  # pages may overlap when the data change meanwhile
                if ident in seen_ids:
                    continue
                seen_ids.add(ident)
                geometry = _polygonal(QgsGeometry.fromWkt(wkt))
                if geometry is None:
                    continue
                geometry.transform(transform)
                result.rows.append((_row(props, spec, label), geometry))
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


def _resource_url(meta, title, label):
    resources = meta.get("resources") if isinstance(meta, dict) else None
    if not isinstance(resources, list):
        raise SourceError(label, "réponse inattendue de l'API data.gouv.fr : liste « resources » absente.")
    for resource in resources:
        if isinstance(resource, dict) and str(resource.get("title", "")).strip().lower() == title.lower():
            if resource.get("url"):
                return resource["url"]
    raise SourceError(label, f"ressource « {title} » introuvable dans le jeu de données.")


def _zip_member(path, member, max_bytes, label):
    """Name of `member` in the ZIP at `path`, after checking the archive (readable, sizes, names)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as err:
        raise SourceError(label, f"archive ZIP illisible : {err}.") from None
    for info in infos:
        name = info.filename
        if name.rsplit("/", 1)[-1] != member:
            continue
        if name.startswith("/") or ".." in name.split("/") or "\\" in name:
            raise SourceError(label, f"chemin refusé dans l'archive : « {name} ».")
        if info.file_size > max_bytes:
            raise SourceError(label, f"« {name} » dépasse la taille admise ({info.file_size // 2**20} Mo).")
        return name
    raise SourceError(label, f"« {member} » absent de l'archive.")


def datagouv_zip_vector(key, territory, catalogue, cache, feedback=None, warnings=None, transform_context=None,
                        perimeters=None):
    """Features of a ZIP resource of a data.gouv.fr dataset that cross the territory, in EPSG:2154."""
    source, label, spec, result = _start(key, catalogue)
    if perimeters is None or perimeters.outline is None:
        return result
    max_age = float(source.get("cache_days", catalogue.cache_max_age_days()))
    meta_url = catalogue.url(key) + "/"
    meta = parse_json(cached_get(key, meta_url, catalogue, cache, feedback, warnings, max_age), label)
    zip_url = _resource_url(meta, source.get("resource_title", ""), label)
    cached_get(key, zip_url, catalogue, cache, feedback, warnings, max_age)
    path = cache.path_for(key, zip_url)
    member = _zip_member(path, source.get("member", ""), float(source.get("max_member_mb", 600)) * 2**20, label)
    # braces: the cached archive has no .zip extension for GDAL to find the end of its path
    layer = QgsVectorLayer(f"/vsizip/{{{path}}}/{member}", key, "ogr")
    if not layer.isValid():
        raise SourceError(label, f"« {member} » illisible dans l'archive.")
    if not crs_is_defined(layer.crs()):
        raise SourceError(label, f"« {member} » n'a pas de système de coordonnées.")
    lambert = checked_crs(LAMBERT93)
    context = transform_context or QgsCoordinateTransformContext()
    to_layer = QgsCoordinateTransform(lambert, layer.crs(), context)
    to_lambert = QgsCoordinateTransform(layer.crs(), lambert, context)
    outline = perimeters.outline
    request = QgsFeatureRequest().setFilterRect(to_layer.transformBoundingBox(outline.boundingBox()))
    names = set(layer.fields().names())
    missing = [origin for _name, origin, _kind in spec if origin not in names]
    if missing and warnings is not None:
        warnings.append(f"Source « {label} » : champ(s) absent(s) de « {member} » : {', '.join(missing)}.")
    for feature in layer.getFeatures(request):
        if feedback is not None and feedback.isCanceled():
            raise CancelledError()
        geometry = QgsGeometry(feature.geometry())
        if geometry.isNull() or geometry.isEmpty():
            continue
        geometry.transform(to_lambert)
        if not geometry.intersects(outline):
            continue
        geometry.convertToMultiType()
        props = {name: feature[name] for name in names}
        result.rows.append((_row(props, spec, label), geometry))
    result.date = cache.fetched_date(key, zip_url)
    return result


def ods_commune_aggregate(key, territory, catalogue, cache, feedback=None, warnings=None, transform_context=None,
                          perimeters=None):
    """Sums of an Opendatasoft register by commune and category, at a point inside each commune (EPSG:2154)."""
    source = catalogue.source(key)
    label = catalogue.label(key)
    commune_field = source.get("commune_field", "codeinseecommune")
    category_field = source.get("category_field", "filiere")
    sums = source.get("sums") or {}
    if not isinstance(sums, dict) or not sums:
        raise SourceError(label, "le catalogue ne décrit aucune somme pour cette source.")
    fields = [("code_insee", "str"), ("commune", "str"), ("categorie", "str")] + [(name, "double") for name in sums]
    result = LayerData(fields=fields)
    if not territory.epci or perimeters is None:
        return result
    where = ods_in(source.get("epci_field", "codeepci"), territory.epci)
    url = ods_export_url(catalogue.url(key), where, "json")
    records = parse_json(cached_get(key, url, catalogue, cache, feedback, warnings), label)
    if not isinstance(records, list):
        raise SourceError(label, "réponse inattendue : une liste d'enregistrements JSON était attendue.")
    communes = {c["insee"]: c for c in perimeters.communes}
    totals, outside = {}, 0
    for record in records:
        if not isinstance(record, dict):
            raise SourceError(label, "enregistrement illisible dans la réponse.")
        code = str(record.get(commune_field) or "")
        if code not in communes:
            outside += 1
            continue
        category = str(record.get(category_field) or "Non renseignée")
        entry = totals.setdefault((code, category), {name: 0.0 for name in sums})
        for name, rule in sums.items():
            origin, factor = (rule.get("from", name), float(rule.get("factor", 1))) if isinstance(rule, dict) \
                else (rule, 1.0)
            value = _convert(record.get(origin), "double", origin, label)
            entry[name] += (value or 0.0) * factor
    if outside and warnings is not None:
        warnings.append(f"Source « {label} » : {outside} enregistrement(s) sans commune du territoire, ignoré(s).")
    by_commune = {}
    for code, category in sorted(totals):
        by_commune.setdefault(code, []).append(category)
    for code, categories in by_commune.items():
        centre = communes[code]["geometry"].pointOnSurface().asPoint()
        for index, category in enumerate(categories):
            point = _spread(centre, index, len(categories))
            values = totals[(code, category)]
            result.rows.append(([code, communes[code]["nom"], category] + [round(values[n], 6) for n in sums],
                                QgsGeometry.fromPointXY(point)))
    result.date = cache.fetched_date(key, url)
    return result


def newest_typename(capabilities, prefix, label):
    """The newest (greatest) FeatureType name starting with `prefix` in a WFS GetCapabilities document."""
    document = QDomDocument()
    parsed = document.setContent(capabilities)
    if not (parsed[0] if isinstance(parsed, tuple) else parsed):
        raise SourceError(label, "GetCapabilities illisible (XML invalide).")
    names = []
    for tag in ("Name", "wfs:Name"):
        nodes = document.elementsByTagName(tag)
        names.extend(nodes.at(i).toElement().text().strip() for i in range(nodes.count()))
    if not names:  # namespaced documents: match on the local name
        nodes = document.elementsByTagNameNS("*", "Name")
        names = [nodes.at(i).toElement().text().strip() for i in range(nodes.count())]
    candidates = sorted(n for n in names if n.startswith(prefix))
    if not candidates:
        raise SourceError(label, f"aucune couche « {prefix}… » dans le GetCapabilities du service.")
    return candidates[-1]


_NAN = re.compile(rb":\s*(?:nan|NaN)\b")


def wfs_geojson(key, territory, catalogue, cache, feedback=None, warnings=None, transform_context=None,
                perimeters=None):
    """Features of a WFS layer (newest dated typename) in the territory, in EPSG:2154."""
    source, label, spec, result = _start(key, catalogue)
    if perimeters is None or not perimeters.communes:
        return result
    base = catalogue.url(key)
    capabilities = cached_get(key, _with_query(base, {"service": "WFS", "version": "2.0.0",
                                                     "request": "GetCapabilities"}),
                              catalogue, cache, feedback, warnings)
    typename = newest_typename(capabilities, source.get("typename_prefix", ""), label)
    url = _with_query(base, {"service": "WFS", "version": "2.0.0", "request": "GetFeature", "typeName": typename,
                             "outputFormat": "GEOJSON", "srsName": "EPSG:4326",
                             "count": int(source.get("max_features", 50000))})
    payload = parse_json(_NAN.sub(b": null", cached_get(key, url, catalogue, cache, feedback, warnings)), label)
    communes = {c["insee"] for c in perimeters.communes}
    commune_field = source.get("commune_field")
    transform = _to_lambert93(transform_context)
    for props, wkt in features(payload, label, what="entités"):
        geometry = QgsGeometry.fromWkt(wkt)
        if geometry.isNull() or geometry.isEmpty():
            continue
        geometry.transform(transform)
        inside = str(props.get(commune_field) or "") in communes if commune_field \
            else geometry.intersects(perimeters.outline)
        if inside:
            result.rows.append((_row(props, spec, label), geometry))
    result.date = cache.fetched_date(key, url)
    return result


def _spread(centre, index, count, radius_m=400.0):
    """The `index`-th of `count` points on a small circle around `centre` (the centre itself when alone)."""
    if count <= 1:
        return centre
    angle = 2.0 * math.pi * index / count
    return QgsPointXY(centre.x() + radius_m * math.cos(angle), centre.y() + radius_m * math.sin(angle))


CONNECTORS = {"ods_points": ods_points, "drf_geojson_by_commune": drf_geojson_by_commune,
              "datagouv_zip_vector": datagouv_zip_vector, "ods_commune_aggregate": ods_commune_aggregate,
              "wfs_geojson": wfs_geojson}


def connector_for(source_key, catalogue):
    kind = catalogue.source(source_key).get("connector")
    try:
        return CONNECTORS[kind]
    except KeyError:
        raise SourceError(catalogue.label(source_key), f"connecteur « {kind} » inconnu.") from None
