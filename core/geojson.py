"""GeoJSON reading without QGIS: validation of FeatureCollections and geometry → WKT."""

from .errors import SourceError
from .i18n import tr


def _ring(coords):
    if len(coords) < 4:
        raise ValueError(tr("anneau de moins de 4 points"))
    return "(" + ", ".join(f"{float(p[0])!r} {float(p[1])!r}" for p in coords) + ")"


def _polygon(rings):
    if not rings:
        raise ValueError(tr("polygone vide"))
    return "(" + ", ".join(_ring(r) for r in rings) + ")"


def geometry_to_wkt(geom):
    """WKT of a GeoJSON geometry (Point, LineString, Polygon, Multi*). Raises ValueError if malformed."""
    if not isinstance(geom, dict):
        raise ValueError(tr("géométrie absente"))
    kind = geom.get("type")
    coords = geom.get("coordinates")
    if coords is None:
        raise ValueError(tr("coordonnées absentes"))
    if kind == "Point":
        return f"POINT ({float(coords[0])!r} {float(coords[1])!r})"
    if kind == "LineString":
        return "LINESTRING (" + ", ".join(f"{float(p[0])!r} {float(p[1])!r}" for p in coords) + ")"
    if kind == "MultiLineString":
        return "MULTILINESTRING (" + ", ".join(
            "(" + ", ".join(f"{float(p[0])!r} {float(p[1])!r}" for p in line) + ")" for line in coords) + ")"
    if kind == "Polygon":
        return "POLYGON " + _polygon(coords)
    if kind == "MultiPolygon":
        return "MULTIPOLYGON (" + ", ".join(_polygon(p) for p in coords) + ")"
    if kind == "MultiPoint":
        return "MULTIPOINT (" + ", ".join(f"({float(p[0])!r} {float(p[1])!r})" for p in coords) + ")"
    raise ValueError(tr("type de géométrie non pris en charge : {}").format(kind))


def features(payload, source, required=(), what="entités"):
    """Features of a GeoJSON FeatureCollection, checked: properties present, geometry readable.

    Returns a list of (properties, wkt). Raises SourceError naming the source on a malformed payload.
    """
    if not isinstance(payload, dict) or payload.get("type") != "FeatureCollection" \
            or not isinstance(payload.get("features"), list):
        raise SourceError(source, tr("réponse inattendue : une FeatureCollection GeoJSON de {} était attendue.").format(what))
    out = []
    for index, feature in enumerate(payload["features"]):
        props = (feature or {}).get("properties") or {}
        missing = [name for name in required if props.get(name) in (None, "")]
        if missing:
            raise SourceError(source, tr("champ(s) manquant(s) {} dans l'entité n° {}.").format(', '.join(missing), index + 1))
        try:
            wkt = geometry_to_wkt(feature.get("geometry"))
        except (ValueError, TypeError, IndexError) as err:
            raise SourceError(source, tr("géométrie illisible pour l'entité n° {} : {}.").format(index + 1, err)) from None
        out.append((props, wkt))
    return out
