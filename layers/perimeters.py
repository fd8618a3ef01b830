"""Territory perimeters built at run time from the geo API of the French administration (geo.api.gouv.fr).

For each EPCI of the territory: its name and population (`/epcis/<siren>`) and its communes with their
contours (`/communes?codeEpci=<siren>&format=geojson&geometry=contour`). EPCI polygons and the territory
outline are the union of the commune contours. Everything is returned in Lambert-93 (EPSG:2154).
"""

import re
from dataclasses import dataclass, field

from qgis.core import QgsGeometry

from ..core.errors import CancelledError, SourceError
from ..core.geojson import features
from .cache import cached_get
from .gpkg import lambert93_transform
from .network import parse_json

SOURCE_KEY = "geo_api"
TARGET_CRS = "EPSG:2154"
_SIREN = re.compile(r"^\d{9}$")
COMMUNE_FIELDS = "nom,code,population,codeEpci,codeDepartement"


@dataclass
class Perimeters:
    """Communes, EPCI and outline of a territory, geometries in EPSG:2154."""

    communes: list = field(default_factory=list)  # dicts: insee, nom, population, siren_epci, code_dep, geometry
    epci: list = field(default_factory=list)      # dicts: siren, nom, population, nb_communes, type, geometry
    outline: QgsGeometry = None
    date: str = ""


def _valid(geometry):
    if geometry.isGeosValid():
        return geometry
    fixed = geometry.makeValid()
    return fixed if not fixed.isEmpty() else geometry


def commune_url(base, siren):
    return f"{base}/communes?codeEpci={siren}&fields={COMMUNE_FIELDS}&format=geojson&geometry=contour"


def commune_siren_url(base, siren):
    return f"{base}/communes?siren={siren}&fields={COMMUNE_FIELDS}&format=geojson&geometry=contour"


def epci_url(base, siren):
    return f"{base}/epcis/{siren}?fields=nom,code,population"


def build_perimeters(territory, catalogue, cache, feedback=None, warnings=None, transform_context=None,
                     progress=None):
    """Fetch (through the cache) and assemble the perimeters of `territory`.

    `progress(percent)` reports the progress (default: the feedback's progress bar)."""
    report = progress or (feedback.setProgress if feedback is not None else None)
    label = catalogue.label(SOURCE_KEY)
    base = catalogue.url(SOURCE_KEY)
    if not territory.epci and not territory.communes:
        raise SourceError(label, f"le territoire « {territory.label} » n'a aucun EPCI dans le catalogue.")
    for siren in (*territory.epci, *territory.communes):
        if not _SIREN.match(siren):
            raise SourceError(label, f"SIREN d'EPCI invalide dans le catalogue : « {siren} ».")
    def get(url):
        return cached_get(SOURCE_KEY, url, catalogue, cache, feedback, warnings)

    transform = lambert93_transform(transform_context)  # checked: see layers/gpkg.py
    # members: EPCI, and the communes that belong to the territory directly (groupements "COM" of ANCT)
    members = [(siren, "EPCI") for siren in territory.epci] + [(siren, "COM") for siren in territory.communes]
    first = members[0][0]
    first_url = commune_url(base, first) if members[0][1] == "EPCI" else commune_siren_url(base, first)
    result = Perimeters(date=cache.fetched_date(SOURCE_KEY, first_url))
    steps = 2 * len(members)
    for index, (siren, kind) in enumerate(members):
        if kind == "EPCI":
            info = parse_json(get(epci_url(base, siren)), label, f"l'EPCI {siren}")
            if not isinstance(info, dict) or not info.get("nom"):
                raise SourceError(label, f"EPCI {siren} inconnu ou réponse sans nom.")
            url, what = commune_url(base, siren), f"les communes de l'EPCI {siren}"
        else:
            info, url, what = {}, commune_siren_url(base, siren), f"la commune de SIREN {siren}"
        _progress(feedback, report, 100.0 * (2 * index + 1) / steps)
        rows = features(parse_json(get(url), label, what), label, required=("code", "nom"), what="communes")
        if not rows:
            raise SourceError(label, f"aucune commune renvoyée pour {what} ({info.get('nom', siren)}).")
        group = [_commune(props, wkt, siren, transform, label) for props, wkt in rows]
        result.communes.extend(group)
        population = _int(info.get("population"))
        if population is None:
            population = sum(c["population"] or 0 for c in group)
        result.epci.append({"siren": siren, "nom": info.get("nom") or group[0]["nom"], "population": population,
                            "nb_communes": len(group), "type": kind,
                            "geometry": _valid(QgsGeometry.unaryUnion([c["geometry"] for c in group]))})
        _progress(feedback, report, 100.0 * (2 * index + 2) / steps)
    result.outline = _valid(QgsGeometry.unaryUnion([e["geometry"] for e in result.epci]))
    return result


def _commune(props, wkt, siren, transform, label):
    geometry = QgsGeometry.fromWkt(wkt)
    if geometry.isNull() or geometry.isEmpty():
        raise SourceError(label, f"contour vide pour la commune {props.get('code')}.")
    geometry.transform(transform)
    return {"insee": str(props["code"]), "nom": props["nom"], "population": _int(props.get("population")),
            "siren_epci": siren, "code_dep": str(props.get("codeDepartement") or ""), "geometry": _valid(geometry)}


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _progress(feedback, report, value):
    if feedback is not None and feedback.isCanceled():
        raise CancelledError()
    if report is not None:
        report(value)
