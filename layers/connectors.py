"""Data connectors: turn a catalogue source into the rows of one layer of the territory.

A source of `layers/sources.yaml` names its connector (`connector:`), the layer it fills (`layer`,
`title`, `style`) and its fields with their types. Connectors run in the worker thread: they fetch
through the cache and the network module, validate the payload and return plain rows; the loader
writes them into the territory's GeoPackage.

- `ods_points`: an Opendatasoft (ODRÉ, Agence ORE, GRDF…) dataset exported as GeoJSON, filtered
  server-side on the territory's EPCI (`where=<epci_field> IN (...)`, `limit=-1`: the export endpoint
  has no 10 000-row cap), point geometries in WGS84.
"""

import json
from dataclasses import dataclass, field
from urllib.parse import quote

from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsCoordinateTransformContext, QgsGeometry

from ..core.errors import SourceError
from ..core.geojson import features
from .network import fetch

FIELD_TYPES = ("str", "int", "double", "bool")


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


def ods_points(key, territory, catalogue, cache, feedback=None, warnings=None, transform_context=None):
    """Points of an Opendatasoft dataset within the territory's EPCI, in EPSG:2154."""
    source = catalogue.source(key)
    label = catalogue.label(key)
    epci_field = source.get("epci_field", "code_epci")
    if not territory.epci:
        return LayerData(fields=_spec(source, label)[0])
    where = f"{epci_field} IN ({', '.join(ods_literal(s) for s in territory.epci)})"
    url = ods_export_url(catalogue.url(key), where)
    options = {"feedback": feedback, **catalogue.fetch_options(key)}
    data = cache.fetch(key, url, lambda u: fetch(u, label, **options), catalogue.cache_max_age_days(), warnings)
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as err:
        raise SourceError(label, f"réponse illisible (JSON invalide) : {err}.") from None
    fields, spec = _spec(source, label)
    transform = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                       QgsCoordinateReferenceSystem("EPSG:2154"),
                                       transform_context or QgsCoordinateTransformContext())
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


CONNECTORS = {"ods_points": ods_points}


def connector_for(source_key, catalogue):
    kind = catalogue.source(source_key).get("connector")
    try:
        return CONNECTORS[kind]
    except KeyError:
        raise SourceError(catalogue.label(source_key), f"connecteur « {kind} » inconnu.") from None
