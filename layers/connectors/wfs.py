"""WFS 2.0 services (IGN Géoplateforme, Cerema's ArcGIS servers, Sandre, BRGM), GeoJSON output.

Only the territory is asked: a BBOX in Lambert-93 (no axis-order trap), or a CQL filter that also holds
the bbox where the server cannot combine both (data.geopf.fr), or no spatial filter and the communes
kept on our side (small national layers). Pages with STARTINDEX/COUNT; `numberMatched` is compared with
what arrived and a silent cap becomes a warning and an incomplete layer. Rows failing the attribute
filter (`keep_if`) are dropped before any geometry is built. A date-stamped typename (Cerema's
`gisement_step_20250902`) is resolved to the newest one of GetCapabilities; its date is the vintage.
"""

from urllib.parse import urlencode

from qgis.PyQt.QtXml import QDomDocument

from ...core.errors import CancelledError, SourceError
from ...core.geojson import geometry_to_wkt
from .. import payloads
from . import register
from ...core.i18n import tr
from .base import date_in


def with_query(url, params):
    return url + ("&" if "?" in url else "?") + urlencode(params, safe=",:")


def _local(node):
    element = node.toElement()
    return element.localName() or element.tagName().split(":")[-1]


def elements(document, local_name):
    """Every element named `local_name` (any namespace) in a QDomDocument, in document order."""
    found, stack = [], [document.documentElement()]
    while stack:
        node = stack.pop()
        if node.isNull():
            continue
        if node.isElement() and _local(node) == local_name:
            found.append(node)
        child = node.lastChild()
        while not child.isNull():
            stack.append(child)
            child = child.previousSibling()
    return found


def typenames(capabilities, label):
    """The FeatureType names of a GetCapabilities document."""
    document = QDomDocument()
    parsed = document.setContent(capabilities, True)
    if not (parsed[0] if isinstance(parsed, tuple) else parsed):
        raise SourceError(label, tr("GetCapabilities illisible (XML invalide)."))
    names = []
    for node in elements(document, "FeatureType"):
        child = node.firstChild()
        while not child.isNull():
            if _local(child) == "Name":
                names.append(child.toElement().text().strip())
            child = child.nextSibling()
    return names


def newest_typename(capabilities, prefix, label):
    """The newest (greatest) FeatureType name starting with `prefix` in a WFS GetCapabilities document."""
    candidates = sorted(n for n in typenames(capabilities, label) if n.startswith(prefix))
    if not candidates:
        raise SourceError(label, tr("aucune couche « {}… » dans le GetCapabilities du service.").format(prefix))
    return candidates[-1]


def _typename(ctx, base):
    if ctx.option("typename"):
        return ctx.option("typename")
    capabilities = ctx.fetch(with_query(base, {"service": "WFS", "version": "2.0.0", "request": "GetCapabilities"}),
                             payloads.xml_document)
    return newest_typename(capabilities, ctx.option("typename_prefix", ""), ctx.label)


def _spatial(ctx):
    """Request parameters restricting the answer to the territory."""
    mode = ctx.option("territory_filter", "bbox")
    outline = ctx.outline()
    if mode == "none" or outline is None:
        return {}
    box = outline.boundingBox()
    coords = f"{box.xMinimum():.0f},{box.yMinimum():.0f},{box.xMaximum():.0f},{box.yMaximum():.0f}"
    cql = ctx.option("cql_filter", "")
    if cql:  # data.geopf.fr refuses CQL_FILTER with BBOX: the bbox goes inside the CQL
        geometry = ctx.option("geometry_name", "geometrie")
        return {"CQL_FILTER": f"BBOX({geometry},{coords},'EPSG:2154') AND ({cql})"}
    return {"BBOX": coords + ",urn:ogc:def:crs:EPSG::2154"}


def _keep(props, rules):
    """The attribute filter `keep_if: {field: [values]}` (compared as lower-case text)."""
    for name, allowed in rules.items():
        allowed = allowed if isinstance(allowed, list) else [allowed]
        if str(props.get(name)).strip().lower() not in {str(v).strip().lower() for v in allowed}:
            return False
    return True


@register("wfs", typename=str, typename_prefix=str, output_format=str, srs_name=str, page_size=int,
          max_pages=int, max_features=int, territory_filter=str, cql_filter=str, geometry_name=str,
          commune_field=str, keep_if=dict, sort_by=str)
def wfs(ctx):
    """Features of a WFS layer in the territory."""
    rows = ctx.builder()
    if ctx.outline() is None:
        return rows.finish()
    base = ctx.url()
    typename = _typename(ctx, base)
    ctx.vintage = date_in(typename) or ctx.option("vintage", "")
    srs = ctx.option("srs_name", "EPSG:2154")
    page_size = int(ctx.option("page_size", 5000))
    max_pages = int(ctx.option("max_pages", 100))
    params = {"service": "WFS", "version": "2.0.0", "request": "GetFeature", "typeNames": typename,
              "outputFormat": ctx.option("output_format", "application/json"), "srsName": srs, **_spatial(ctx)}
    if ctx.option("sort_by"):
        params["sortBy"] = ctx.option("sort_by")
    communes = ctx.communes()
    commune_field = ctx.option("commune_field", "")
    rules = ctx.option("keep_if", {}) or {}
    transform = ctx.transform_from(srs)
    outline = ctx.outline()
    received, matched, pages, offset = 0, None, 0, 0
    seen = set()  # GeoJSON ids: a server ignoring STARTINDEX answers the first page again
    while True:
        query = dict(params)
        if page_size > 0:
            query.update({"count": page_size, "startIndex": offset})
        else:
            query["count"] = int(ctx.option("max_features", 50000))
        try:
            payload = ctx.fetch_geojson(with_query(base, query))
        except CancelledError:
            raise
        except SourceError as err:
            if pages == 0:
                raise
            ctx.incomplete.append(f"pages à partir de l'entité {offset} manquantes")
            ctx.warn(tr("réponse incomplète : les entités à partir de la n° {} manquent ({})").format(offset + 1, err.detail))
            break
        pages += 1
        page = payload["features"]
        features = [f for f in page if not isinstance(f, dict) or f.get("id") is None or f["id"] not in seen]
        if page and not features:  # the same page again: the server does not page
            break
        seen.update(f["id"] for f in features if isinstance(f, dict) and f.get("id") is not None)
        offset += len(page)
        received += len(features)
        if matched is None:
            number = payload.get("numberMatched", payload.get("totalFeatures"))
            matched = int(number) if isinstance(number, (int, float)) or str(number).isdigit() else None
        for feature in features:
            props = (feature or {}).get("properties") or {}
            if rules and not _keep(props, rules):
                continue
            if commune_field and str(props.get(commune_field) or "") not in communes:
                continue
            try:
                wkt = geometry_to_wkt((feature or {}).get("geometry"))
            except (ValueError, TypeError, IndexError):
                wkt = None
            before = len(rows.rows)
            if rows.add(props, wkt, transform) and not commune_field and not rows.rows[-1][1].intersects(outline):
                del rows.rows[before:]
        if matched is not None and matched > 0:
            ctx.progress(100.0 * min(received, matched) / matched)
        if page_size <= 0 or len(page) < page_size or (matched is not None and offset >= matched):
            break
        if pages >= max_pages:
            ctx.incomplete.append(f"plus de {max_pages} pages de {page_size} entités")
            ctx.warn(tr("plus de {} pages : réponse tronquée à {} entités.").format(max_pages, received))
            break
    if matched is not None and received < matched and not ctx.incomplete:
        ctx.incomplete.append(f"{received} entités reçues sur {matched} annoncées")
        ctx.warn(tr("le service a plafonné sa réponse : {} entités reçues sur {} annoncées.").format(received, matched))
    return rows.finish()
