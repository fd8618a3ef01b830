"""Territory perimeters built at run time from the geo API of the French administration (geo.api.gouv.fr).

For each EPCI of the territory: its name and population (`/epcis/<siren>`) and its communes with their
contours (`/communes?codeEpci=<siren>&format=geojson&geometry=contour`). EPCI polygons and the territory
outline are the union of the commune contours. Everything is returned in the territory's projected CRS
(Lambert-93 in metropolitan France, see core/crs.py).

Answers are validated before they enter the cache. A member that cannot be loaded (an EPCI unknown to
the API after a merger, a source down with no cached copy) is reported by name and SIREN and the rest of
the territory loads; only a territory with no member at all fails.
"""

import re
import threading
import time
from dataclasses import dataclass, field

from qgis.core import QgsGeometry

from ..core.crs import territory_crs
from ..core.errors import CancelledError, SourceError
from ..core.geojson import features
from . import payloads
from ..core.i18n import tr
from .cache import cached_entry
from .gpkg import checked_transform
from .network import InvalidPayload

SOURCE_KEY = "geo_api"
TARGET_CRS = "EPSG:2154"
_SIREN = re.compile(r"^\d{9}$")
COMMUNE_FIELDS = "nom,code,population,codeEpci,codeDepartement"


@dataclass
class Perimeters:
    """Communes, EPCI and outline of a territory, geometries in `crs`."""

    communes: list = field(default_factory=list)  # dicts: insee, nom, population, siren_epci, code_dep, geometry
    epci: list = field(default_factory=list)      # dicts: siren, nom, population, nb_communes, type, geometry
    outline: QgsGeometry = None
    date: str = ""
    crs: str = TARGET_CRS
    stale: bool = False
    missing: list = field(default_factory=list)   # members that could not be loaded: "name (SIREN)"
    degraded: list = field(default_factory=list)  # what was deduced instead of read (an EPCI's name and population)


class PendingPerimeters:
    """The perimeters of a load still being fetched: the sources start before they are ready and wait only
    when they first need the communes or the outline (`Context.perimeters`). `set()` gives them, `fail()`
    says they will never come (the load fails or is cancelled: a waiting source stops with CancelledError)."""

    def __init__(self):
        self._ready = threading.Event()
        self._value = None
        self._failed = False
        self._lock = threading.Lock()
        self._waits = {}  # thread id → seconds spent waiting (the loader's timings)
        self.helper = None  # runs, on the waiting thread, the members' jobs no worker has taken yet

    def set(self, perimeters):
        self._value = perimeters
        self._ready.set()

    def fail(self):
        self._failed = True
        self._ready.set()

    @property
    def failed(self):
        return self._failed

    @property
    def ready(self):
        return self._ready.is_set()

    def wait(self, feedback=None):
        """The Perimeters, once ready; CancelledError if the load is cancelled or the perimeters failed."""
        started = time.monotonic()
        try:
            while not self._ready.is_set():
                if self.helper is not None:
                    self.helper()
                if self._ready.wait(0.05):
                    break
                if feedback is not None and feedback.isCanceled():
                    raise CancelledError()
        finally:
            waited = time.monotonic() - started
            with self._lock:
                key = threading.get_ident()
                self._waits[key] = self._waits.get(key, 0.0) + waited
        if self._failed:
            raise CancelledError()
        return self._value

    def waited(self):
        """Seconds this thread spent waiting since the last call (and starts counting again)."""
        with self._lock:
            return self._waits.pop(threading.get_ident(), 0.0)


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


def _epci_answer(body):
    value = payloads.load_json(body, dict)
    if not value.get("nom"):
        raise InvalidPayload(tr("réponse sans nom d'EPCI"))


def _communes_answer(body):
    value = payloads.load_feature_collection(body)
    for feature in value["features"]:
        props = (feature or {}).get("properties") or {}
        if not props.get("code") or not props.get("nom") or not (feature or {}).get("geometry"):
            raise InvalidPayload(tr("commune sans code, sans nom ou sans contour dans la réponse"))


def _member_name(territory, siren, kind):
    name = territory.epci_name(siren) if hasattr(territory, "epci_name") else ""
    what = "L'EPCI" if kind == "EPCI" else "La commune membre"
    return f"{what} « {name} » (SIREN {siren})" if name else f"{what} de SIREN {siren}"


def build_perimeters(territory, catalogue, cache, feedback=None, warnings=None, transform_context=None,
                     progress=None, on_request=None, max_workers=1):
    """Fetch (through the cache) and assemble the perimeters of `territory`.

    `progress(percent)` reports the progress (default: the feedback's progress bar); `on_request(member,
    text)` names what is being fetched for a member (SIREN), '' once it is done. `max_workers` > 1: the
    members are fetched that many at a time (the result is the same, in the members' order)."""
    jobs, finish = perimeter_jobs(territory, catalogue, cache, feedback, transform_context, progress, on_request)
    if max_workers > 1 and len(jobs) > 1:
        from .threads import run_all

        outcomes = run_all(jobs, max_workers)
    else:
        outcomes = [job() for job in jobs]
    return finish(outcomes, warnings)


def perimeter_jobs(territory, catalogue, cache, feedback=None, transform_context=None, progress=None,
                   on_request=None):
    """The perimeters' work, one job per member: ([job], finish).

    A job (no argument, any thread) fetches one member — the EPCI's record and its communes, or a member
    commune — through the cache and returns what it found, or why it could not be loaded; it raises only
    CancelledError, or the SourceError of an unreadable commune contour (which fails the whole load).
    `finish(outcomes, warnings)` assembles the jobs' results, in the members' order whatever the order in
    which they were fetched, into Perimeters: a member that failed is named and skipped; no member at all
    raises SourceError. See build_perimeters for `progress` and `on_request`."""
    report = progress or (feedback.setProgress if feedback is not None else None)
    label = catalogue.label(SOURCE_KEY)
    base = catalogue.url(SOURCE_KEY)
    if not territory.epci and not territory.communes:
        raise SourceError(label, tr("le territoire « {} » n'a aucun EPCI dans le catalogue.").format(territory.label))
    for siren in (*territory.epci, *territory.communes):
        if not _SIREN.match(siren):
            raise SourceError(label, tr("SIREN d'EPCI invalide dans le catalogue : « {} ».").format(siren))
    crs = territory_crs(territory)
    checked_transform("EPSG:4326", crs, transform_context)  # checked here, before any request: see layers/gpkg.py
    # members: EPCI, and the communes that belong to the territory directly (groupements "COM" of ANCT)
    members = [(siren, "EPCI") for siren in territory.epci] + [(siren, "COM") for siren in territory.communes]
    steps = 2 * len(members)
    counted = {"steps": 0}
    lock = threading.Lock()

    def step():
        with lock:  # reported inside the lock: two members must not cross their values (bar going back)
            counted["steps"] += 1
            _progress(feedback, report, 100.0 * counted["steps"] / steps)

    def job(siren, kind):
        name = _member_name(territory, siren, kind)
        out = {"name": name, "warnings": [], "degraded": [], "dates": [], "stale": False, "error": None}
        if on_request is not None:
            on_request(siren, name[0].lower() + name[1:])
        try:
            _member(out, siren, kind, territory, catalogue, cache, feedback, transform_context, crs, base, label,
                    step)
        finally:
            if on_request is not None:
                on_request(siren, "")
        return out

    def finish(outcomes, warnings=None):
        warnings = warnings if warnings is not None else []
        result = Perimeters(crs=crs)
        dates, errors = [], []
        for out in outcomes:
            warnings.extend(out["warnings"])
            result.degraded.extend(out["degraded"])
            result.stale = result.stale or out["stale"]
            dates.extend(out["dates"])
            if out["error"] is not None:
                errors.append(out["error"])
                result.missing.append(out["name"])
                continue
            result.communes.extend(out["communes"])
            result.epci.append(out["epci"])
        if not result.epci:
            raise SourceError(label, " ".join(errors) if errors else "aucun membre du territoire chargé.")
        for message in errors:
            warnings.append(tr("Source « {} » : {} Le reste du territoire est chargé sans lui.").format(label, message))
        result.outline = _valid(QgsGeometry.unaryUnion([e["geometry"] for e in result.epci]))
        result.date = max(dates) if dates else ""
        return result

    return [lambda siren=siren, kind=kind: job(siren, kind) for siren, kind in members], finish


def _member(out, siren, kind, territory, catalogue, cache, feedback, transform_context, crs, base, label, step):
    """Fetch one member into `out`: its communes and EPCI record, or `error` saying why it is missing."""

    def get(url, validate):
        entry = cached_entry(SOURCE_KEY, url, catalogue, cache, feedback, validate)
        if entry.stale:
            out["stale"] = True
            out["warnings"].append(entry.warning)
        out["dates"].append(entry.fetched)
        return entry.data

    name = out["name"]
    info = {}
    try:
        if kind == "EPCI":
            try:
                info = payloads.load_json(get(epci_url(base, siren), _epci_answer), dict)
            except SourceError as err:
                if getattr(err, "not_found", False):
                    raise
                out["warnings"].append(tr("{} Nom et population de l'EPCI {} déduits de ses communes.").format(err, siren))
                out["degraded"].append(f"nom et population de l'EPCI {siren} déduits de ses communes "
                                       f"({err.detail.rstrip('.')})")
            url = commune_url(base, siren)
        else:
            url = commune_siren_url(base, siren)
        step()
        rows = features(payloads.load_json(get(url, _communes_answer), dict), label, required=("code", "nom"),
                        what="communes")
        if not rows:
            raise SourceError(label, tr("aucune commune dans la réponse"))
    except CancelledError:
        raise
    except (SourceError, InvalidPayload) as err:
        detail = getattr(err, "detail", str(err))
        if getattr(err, "not_found", False):
            out["error"] = (f"{name} est introuvable dans l'API Découpage administratif (HTTP 404) : il a peut-être "
                            "fusionné avec un autre EPCI ou changé de SIREN. Actualisez la liste des territoires "
                            "(bouton « Actualiser la liste »).")
        else:
            out["error"] = f"{name} n'a pas pu être chargé : {detail}"
        step()
        return
    transform = checked_transform("EPSG:4326", crs, transform_context)  # one per job: jobs may run on threads
    group = [_commune(props, wkt, siren, transform, label) for props, wkt in rows]
    population = _int(info.get("population"))
    if population is None:
        population = sum(c["population"] or 0 for c in group)
    out["communes"] = group
    out["epci"] = {"siren": siren, "nom": info.get("nom") or territory.epci_name(siren) or
                   (f"EPCI {siren}" if kind == "EPCI" else group[0]["nom"]),
                   "population": population, "nb_communes": len(group), "type": kind,
                   "geometry": _valid(QgsGeometry.unaryUnion([c["geometry"] for c in group]))}
    step()


def _commune(props, wkt, siren, transform, label):
    geometry = QgsGeometry.fromWkt(wkt)
    if geometry.isNull() or geometry.isEmpty():
        raise SourceError(label, tr("contour vide pour la commune {}.").format(props.get('code')))
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
