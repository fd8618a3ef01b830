"""Loading a territory: fetch the perimeters, then every source of the chosen themes, into one GeoPackage.

Runs without any map layer or widget (worker thread or Processing). Independent sources are fetched
concurrently (a bounded pool; each source keeps its own politeness delay). Each source is isolated: any
exception in it — not only a SourceError — is logged with its traceback in the QGIS log, reported as a
warning and in the source's status, and the other sources still load. The GeoPackage is written to a
temporary file then renamed, so an existing file is never left half-written.
"""

import contextlib
import functools
import os
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from ..core.crs import territory_crs
from ..core.errors import CancelledError, SourceError, TiEnergieError
from ..core.i18n import tr
from ..core.themes import THEME_KEYS, theme
from .connectors import connector_for
from .connectors.base import Context, FileResult, RasterResult, VectorResult, field_specs
from .economy import perimeter_indicators
from .gpkg import MULTILINESTRING, MULTIPOLYGON as _MULTIPOLYGON, POINT, write_layer, write_sources_table
from .network import forget_unreachable
from .perimeters import SOURCE_KEY as PERIMETER_SOURCE, build_perimeters
from .status import SourceStatus

STYLES = Path(__file__).resolve().parent.parent / "styles"
_GEOMETRIES = {"point": POINT, "multilinestring": MULTILINESTRING, "multipolygon": _MULTIPOLYGON, "none": None}
_DRAWING_ORDER = {"point": 0, "multilinestring": 1, "multipolygon": 2, "none": 3, "raster": 4}
LOG_TAG = "TI Énergie"
BACKGROUND_THEME = "fond"  # catalogue pseudo-theme of the optional background (IGN « Plan IGN »), not a dock theme


@dataclass
class LayerSpec:
    layer_name: str   # layer inside the GeoPackage ('' for a remote raster)
    title: str        # name shown in the layer tree
    style_path: str   # QML applied when loaded
    provenance: dict  # source, producer, licence, url, date (download), vintage (producer's own date)
    aliases: dict = field(default_factory=dict)   # field → readable French name with unit
    kind: str = "vector"                          # vector or raster
    uri: str = ""                                 # raster: the provider's data source
    provider: str = "ogr"
    source_key: str = ""
    incomplete: list = field(default_factory=list)


@dataclass
class LoadResult:
    territory: object
    gpkg_path: Path
    layers: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    statuses: list = field(default_factory=list)   # SourceStatus of the perimeters and of each source
    crs: str = "EPSG:2154"
    timings: dict = field(default_factory=dict)    # seconds per source, and `ecriture` (benchmarks)
    schedule: dict = field(default_factory=dict)   # source → (start, end) in seconds from the load's start
    files: dict = field(default_factory=dict)      # files written next to the GeoPackage (the jobs chart…)


def default_gpkg_path(cache, territory):
    """A new file per load in the cache (an older one may still be open in the project)."""
    import uuid

    stamp = time.strftime("%Y%m%d-%H%M%S")
    return cache.territory_dir() / f"{territory.id}-{stamp}-{uuid.uuid4().hex[:8]}.gpkg"


def _area_km2(geometry):
    return round(geometry.area() / 1e6, 3)


PERIMETER_ALIASES = {
    "perimetre": {"id_ti": "Identifiant ANCT", "nom": "Nom", "nom_court": "Nom court", "nb_epci": "Nombre d'EPCI",
                  "nb_communes": "Nombre de communes", "population": "Population (hab.)",
                  "superficie_km2": "Superficie (km²)", "densite_hab_km2": "Densité (hab./km²)"},
    "epci": {"siren": "SIREN", "nom": "Nom", "type": "Type de membre", "population": "Population (hab.)",
             "nb_communes": "Nombre de communes", "superficie_km2": "Superficie (km²)"},
    "communes": {"insee": "Code INSEE", "nom": "Nom", "population": "Population (hab.)", "siren_epci": "SIREN de l'EPCI",
                 "code_dep": "Département", "superficie_km2": "Superficie (km²)"},
}


def _perimeter_layers(perimeters, territory, gpkg, provenance, crs, extra=((), (), {})):
    """The three perimeter layers; `extra` = (fields, values, aliases) added to `perimetre` (indicators)."""
    outline_area = _area_km2(perimeters.outline)
    population = sum(e["population"] or 0 for e in perimeters.epci)
    extra_fields, extra_values, extra_aliases = extra
    write_layer(gpkg, "perimetre",
                [("id_ti", "str"), ("nom", "str"), ("nom_court", "str"), ("nb_epci", "int"), ("nb_communes", "int"),
                 ("population", "int"), ("superficie_km2", "double"), ("densite_hab_km2", "double"),
                 *extra_fields],
                [([territory.id, territory.name, territory.short_name, len(perimeters.epci),
                   len(perimeters.communes), population, outline_area,
                   round(population / outline_area, 1) if outline_area else None, *extra_values],
                  perimeters.outline)],
                _MULTIPOLYGON, crs=crs, new_file=True)
    write_layer(gpkg, "epci",
                [("siren", "str"), ("nom", "str"), ("type", "str"), ("population", "int"), ("nb_communes", "int"),
                 ("superficie_km2", "double")],
                [([e["siren"], e["nom"], e["type"], e["population"], e["nb_communes"], _area_km2(e["geometry"])],
                  e["geometry"])
                 for e in perimeters.epci], _MULTIPOLYGON, crs=crs)
    write_layer(gpkg, "communes",
                [("insee", "str"), ("nom", "str"), ("population", "int"), ("siren_epci", "str"), ("code_dep", "str"),
                 ("superficie_km2", "double")],
                [([c["insee"], c["nom"], c["population"], c["siren_epci"], c["code_dep"], _area_km2(c["geometry"])],
                  c["geometry"]) for c in perimeters.communes], _MULTIPOLYGON, crs=crs)
    suffix = " (incomplet)" if perimeters.missing else ""
    return [
        LayerSpec("perimetre", f"Périmètre – {territory.label}{suffix}", str(STYLES / "perimetre.qml"), provenance,
                  {**PERIMETER_ALIASES["perimetre"], **extra_aliases}, source_key=PERIMETER_SOURCE,
                  incomplete=list(perimeters.missing)),
        LayerSpec("epci", f"EPCI – {territory.label}", str(STYLES / "epci.qml"), provenance, PERIMETER_ALIASES["epci"],
                  source_key=PERIMETER_SOURCE, incomplete=list(perimeters.missing)),
        LayerSpec("communes", f"Communes – {territory.label}", str(STYLES / "communes.qml"), provenance,
                  PERIMETER_ALIASES["communes"], source_key=PERIMETER_SOURCE, incomplete=list(perimeters.missing)),
    ]


class _Progress:
    """Overall progress from weighted parts (perimeters, each source, writing), safe across threads;
    the text names what is being fetched."""

    def __init__(self, feedback, weights):
        self.feedback = feedback
        self.weights = weights
        self.total = float(sum(weights.values())) or 1.0
        self.done = {name: 0.0 for name in weights}
        self.running = {}
        self.lock = threading.Lock()

    def part(self, name):
        return lambda percent: self.set(name, percent)

    def set(self, name, percent):
        if self.feedback is None:
            return
        with self.lock:  # reported inside the lock: two sources must not cross their values (bar going back)
            self.done[name] = max(self.done.get(name, 0.0), min(100.0, float(percent)) / 100.0)
            value = 100.0 * sum(self.weights[n] * self.done[n] for n in self.weights) / self.total
            self.feedback.setProgress(min(99.0, value))

    def text(self, name, label, waiting=False):
        """`label` is being fetched (None: done); `waiting`: it waits for the perimeters (concurrent load)."""
        setter = getattr(self.feedback, "setProgressText", None)
        with self.lock:  # sent inside the lock: two threads' texts cannot arrive in the wrong order
            if label:
                self.running[name] = (label, bool(waiting))
            else:
                self.running.pop(name, None)
            fetching = [lbl for lbl, idle in self.running.values() if not idle]
            idle = [lbl for lbl, idle in self.running.values() if idle]
            if setter is None or not (fetching or idle):
                return
            if not fetching:
                setter(tr("En attente du périmètre : {}").format(", ".join(idle)))
            else:
                setter(tr("Téléchargement : {}").format(", ".join(fetching))
                       + (" · " + tr("en attente du périmètre : {}").format(", ".join(idle)) if idle else ""))


def _sources_of(themes, catalogue):
    keys = []
    for theme_key in themes:
        for key in catalogue.theme_sources(theme_key):
            if key not in keys:
                keys.append(key)
    return keys


def _run_source(key, catalogue, cache, territory, perimeters, feedback, transform_context, progress, crs):
    """One source, isolated: (Context, result or None, error message or None). `perimeters` may be a
    PendingPerimeters (concurrent load): the source then waits for them when it first needs them."""
    ctx = Context(key, catalogue, cache, territory, perimeters, feedback, transform_context, progress.part(key), crs)
    ctx.on_wait = functools.partial(progress.text, key, ctx.label)  # on_wait(waiting); no cycle through ctx
    progress.text(key, ctx.label)
    started = ctx.started = time.monotonic()
    waited = getattr(perimeters, "waited", None)
    if waited is not None:
        waited()  # this thread's count starts now
    try:
        result = connector_for(key, catalogue)(ctx)
        if isinstance(result, FileResult):
            from .connectors.user_file import read_local

            result = read_local(ctx, result, strict=ctx.option("state") == "user_file")
        return ctx, result, None
    except CancelledError:
        raise
    except SourceError as err:
        return ctx, None, err.detail if err.source == ctx.label else str(err)
    except Exception:  # noqa: BLE001 - one broken source must not stop the others
        from qgis.core import Qgis, QgsMessageLog

        QgsMessageLog.logMessage(f"{ctx.label} :\n{traceback.format_exc()}", LOG_TAG, Qgis.MessageLevel.Critical)
        return ctx, None, "erreur inattendue (le détail est dans le journal des messages, onglet « TI Énergie »)."
    finally:
        ctx.elapsed = time.monotonic() - started
        ctx.waited = waited() if waited is not None else 0.0  # for the perimeters (timings: the source's own time)
        progress.set(key, 100.0)
        progress.text(key, "")


def fetch_sources(keys, catalogue, cache, territory, perimeters, feedback, transform_context, progress, crs,
                  concurrent=True):
    """[(Context, result, error)] of the sources `keys`, fetched concurrently (on Qt threads: timeouts and
    cancellation rely on Qt timers) when `concurrent`."""
    from .threads import run_all

    workers = max(1, int(catalogue.network("max_workers", 4))) if concurrent else 1
    args = (catalogue, cache, territory, perimeters, feedback, transform_context, progress, crs)
    if workers == 1 or len(keys) <= 1:
        return [_run_source(key, *args) for key in keys]
    return run_all([lambda key=key: _run_source(key, *args) for key in keys], workers)


_RELATED_OPTIONS = ("parts", "lines", "substations", "table")  # options naming other catalogue entries


def _related(key, catalogue, seen=None):
    """`key` and the catalogue entries it reads (a composite's parts, a join's inputs), recursively."""
    seen = seen if seen is not None else []
    if key in seen or key not in catalogue.sources:
        return seen
    seen.append(key)
    source = catalogue.source(key)
    for option in _RELATED_OPTIONS:
        value = source.get(option)
        for other in (value if isinstance(value, list) else [value]):
            if isinstance(other, str):
                _related(other, catalogue, seen)
    return seen


def start_order(keys, catalogue):
    """(early, later): the order in which a concurrent load starts the sources `keys` (their results keep
    the order of `keys`), the longest first as far as the catalogue tells —
    1. `early`: national archives (`datagouv_zip_vector`), downloaded and indexed before any territory filter:
       they start at once, next to the perimeters' requests;
    2. sources with a politeness delay (`min_interval_s`, their own or a part's): their requests are spaced
       out, the chains start early; one source of each politeness group in turn (round-robin), so that the
       chains of different hosts run side by side instead of several sources of one host sleeping on their
       turn while the others wait for a free worker;
    3. the others, in theme order."""
    archives, polite, others = [], {}, []
    for key in keys:
        related = _related(key, catalogue)
        if any(catalogue.source(k).get("connector") == "datagouv_zip_vector" for k in related):
            archives.append(key)
            continue
        groups = [catalogue.fetch_options(k) for k in related]
        groups = [g["rate_key"] for g in groups if g["min_interval_s"] > 0]
        if groups:
            polite.setdefault(groups[0], []).append(key)
        else:
            others.append(key)
    rounds = []
    queues = [list(q) for q in polite.values()]
    while any(queues):
        for queue in queues:
            if queue:
                rounds.append(queue.pop(0))
    return archives, rounds + others


def _empty_result(key, catalogue):
    """An empty layer with the declared fields (a user-file source not provided yet: explained, not invented)."""
    source = catalogue.source(key)
    try:
        specs = field_specs(source, catalogue.label(key))
    except SourceError:
        specs = []
    return VectorResult(fields=[(s.name, "str" if s.kind == "bool" else s.kind) for s in specs],
                        geometry=source.get("geometry", "point"),
                        aliases={s.name: s.alias for s in specs if s.alias})


def _fetch_concurrently(territory, sources, catalogue, cache, feedback, transform_context, progress, crs, workers,
                        result, on_request, started):
    """(Perimeters, outcomes of `sources` in their order), fetched by one batch of `workers` Qt threads: the
    national archives (at most workers - 1 of them), the perimeters' members (one job each, in parallel),
    then the other sources in `start_order`. A source starts as soon as a worker is free, before the
    perimeters are ready, and waits for them only when it needs the communes or the outline; a source that
    waits first runs itself the members' jobs no worker has taken yet, so no worker ever waits for a job
    that nobody runs. If the perimeters fail (no member) or the load is cancelled, the waiting sources stop,
    and the error is raised once every job has ended."""
    from .perimeters import PendingPerimeters, perimeter_jobs
    from .threads import start_all

    member_jobs, finish = perimeter_jobs(territory, catalogue, cache, feedback, transform_context,
                                         progress.part("perimetres"), on_request)
    pending = PendingPerimeters()
    early, later = start_order(sources, catalogue)
    early, later = early[:workers - 1], early[workers - 1:] + later
    args = (catalogue, cache, territory, pending, feedback, transform_context, progress, crs)
    jobs = [lambda key=key: _run_source(key, *args) for key in early] + member_jobs + \
        [lambda key=key: _run_source(key, *args) for key in later]
    members = range(len(early), len(early) + len(member_jobs))
    batch = start_all(jobs, workers)
    pending.helper = lambda: batch.run_here(members)
    try:
        try:
            outcomes = []
            for ok, value in batch.wait(members):
                if not ok:
                    raise value
                outcomes.append(value)
            perimeters = finish(outcomes, result.warnings)
        except BaseException:
            pending.fail()
            batch.wait()
            raise
        pending.set(perimeters)
        result.timings[PERIMETER_SOURCE] = time.monotonic() - started
        results = batch.results()
    finally:
        pending.helper = None  # no cycle pending → batch → jobs → pending left for the garbage collector
    done = dict(zip(early + later, results[:len(early)] + results[len(early) + len(member_jobs):]))
    return perimeters, [done[key] for key in sources]


@contextlib.contextmanager
def _unsynced_writes():
    """While the partial GeoPackage is written (this thread only): SQLite does not wait for the disk at each
    of its commits (about three per layer: table, spatial index, style), the whole file is synced once
    before it is renamed (`_sync`). A crash before the rename leaves only the partial file, never used."""
    try:
        from osgeo import gdal
    except ImportError:  # GDAL's bindings ship with QGIS
        yield
        return
    previous = gdal.GetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", None)
    gdal.SetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF")
    try:
        yield
    finally:
        gdal.SetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", previous)


def _sync(path):
    """The file `path` on disk (one fsync), before it replaces the user's GeoPackage."""
    with contextlib.suppress(OSError), open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def load_territory(territory, themes, gpkg_path, catalogue, cache, feedback=None, transform_context=None,
                   concurrent=True, background=False):
    """Fetch the perimeters and the sources of the chosen themes into the GeoPackage `gpkg_path`.

    The perimeters are needed by everything else: if no member of the territory can be loaded, the load
    fails. A theme source that fails is skipped with a warning and a status naming why. `background`: also
    the sources of the catalogue's pseudo-theme `fond` (the IGN « Plan IGN » WMTS, a remote layer drawn
    under every map; offline, its status says why and the rest loads)."""
    themes = list(themes or [])
    unknown = [key for key in themes if key not in THEME_KEYS]
    if unknown:
        raise TiEnergieError(tr("Thème(s) inconnu(s) : {}. Thèmes possibles : {}.").format(', '.join(unknown), ', '.join(THEME_KEYS)))
    gpkg_path = Path(gpkg_path) if gpkg_path else default_gpkg_path(cache, territory)
    crs = territory_crs(territory)
    forget_unreachable()  # the network may be back: every host is asked again (once, if it stays unreachable)
    result = LoadResult(territory=territory, gpkg_path=gpkg_path, crs=crs)
    sources = _sources_of(themes, catalogue)
    if background:
        sources += [key for key in catalogue.theme_sources(BACKGROUND_THEME) if key not in sources]
    members = len(territory.epci) + len(territory.communes)
    # weights ≈ requests: two per member for the perimeters, about three per source, one to write
    progress = _Progress(feedback, {"perimetres": 2.0 * members, **{k: 3.0 for k in sources}, "ecriture": 1.0})

    started = time.monotonic()
    on_request = lambda siren, text: progress.text(f"perimetres:{siren}", text)  # noqa: E731
    workers = max(1, int(catalogue.network("max_workers", 4))) if concurrent else 1
    if workers == 1:  # one request at a time: the perimeters, then each source in theme order
        perimeters = build_perimeters(territory, catalogue, cache, feedback, result.warnings, transform_context,
                                      progress=progress.part("perimetres"), on_request=on_request)
        result.timings[PERIMETER_SOURCE] = time.monotonic() - started
        outcomes = fetch_sources(sources, catalogue, cache, territory, perimeters, feedback, transform_context,
                                 progress, crs, concurrent=False)
    else:
        perimeters, outcomes = _fetch_concurrently(territory, sources, catalogue, cache, feedback, transform_context,
                                                   progress, crs, workers, result, on_request, started)
    provenance = catalogue.provenance(PERIMETER_SOURCE, perimeters.date)
    result.statuses.append(SourceStatus.of_perimeters(catalogue.label(PERIMETER_SOURCE), perimeters))
    if feedback is not None and feedback.isCanceled():
        raise CancelledError()

    writing = time.monotonic()
    gpkg_path.parent.mkdir(parents=True, exist_ok=True)
    partial = gpkg_path.with_name(f".{gpkg_path.stem}.part.gpkg")
    with contextlib.suppress(FileNotFoundError):
        os.remove(partial)
    # the economy portrait (theme « Économie »): indicators into `perimetre`, jobs chart next to the GeoPackage
    fields, values, aliases, chart = perimeter_indicators(outcomes, gpkg_path, territory.label)
    if chart is not None:
        result.files["graphique_emplois"] = chart
    unsynced = _unsynced_writes()
    unsynced.__enter__()
    try:
        result.layers.extend(_perimeter_layers(perimeters, territory, partial, provenance, crs,
                                               (fields, values, aliases)))
        theme_specs = []
        for ctx, data, error in outcomes:
            key, source = ctx.key, ctx.source
            # the source's own time (in a concurrent load, without its wait for the perimeters)
            result.timings[key] = getattr(ctx, "elapsed", 0.0) - getattr(ctx, "waited", 0.0)
            if hasattr(ctx, "started"):
                result.schedule[key] = (ctx.started - started, ctx.started + ctx.elapsed - started)
            result.warnings.extend(ctx.warnings)
            title = f"{source.get('title', source.get('layer', key))} – {territory.label}"
            status = SourceStatus.of_source(ctx, data, error)
            if error is not None and source.get("state") == "user_file":
                data = _empty_result(key, catalogue)  # written empty, its metadata says why
                status.state = SourceStatus.NOT_PROVIDED
            if error is not None and data is None:
                result.warnings.append(tr("Source « {} » : {} Couche non chargée.").format(ctx.label, error))
                result.statuses.append(status)
                continue
            if ctx.incomplete and source.get("on_incomplete") == "drop":
                status.state, status.detail = SourceStatus.FAILED, "réponse incomplète, couche écartée : " + \
                    "; ".join(ctx.incomplete)
                result.warnings.append(tr("Source « {} » : {}.").format(ctx.label, status.detail))
                result.statuses.append(status)
                continue
            result.statuses.append(status)
            prov = catalogue.provenance(key, max(ctx.dates) if ctx.dates else "", ctx.vintage)
            prov["status"] = status.state
            prov["incomplete"] = "; ".join(ctx.incomplete)
            if error is not None:
                prov["note"] = error
            style = str(STYLES / source["style"]) if source.get("style") else ""
            if isinstance(data, RasterResult):
                theme_specs.append((_DRAWING_ORDER["raster"], LayerSpec(
                    source.get("layer", ""), title, style, prov, kind="raster", uri=data.uri, provider=data.provider,
                    source_key=key)))
                continue
            kind = data.geometry
            write_layer(partial, source["layer"], data.fields, data.rows, _GEOMETRIES.get(kind, POINT), crs=crs)
            if ctx.incomplete:
                title += " (incomplète)"
            theme_specs.append((_DRAWING_ORDER.get(kind, 0), LayerSpec(
                source["layer"], title, style, prov, data.aliases, source_key=key, incomplete=list(ctx.incomplete))))
        # points above lines above polygons above rasters, all above the perimeters
        result.layers[:0] = [spec for _order, spec in sorted(theme_specs, key=lambda item: item[0])]
        for key in themes:
            if not catalogue.theme_sources(key):
                result.warnings.append(tr("Thème « {} » : aucune source branchée pour l'instant.").format(theme(key).label))
        write_sources_table(partial, result.layers)
        from .territory_gpkg import embed_styles

        # each layer's style and aliases saved in the file: a layer opened or copied elsewhere keeps its look
        vector_specs = [spec for spec in result.layers if spec.layer_name and spec.style_path]
        style_errors = []
        embed_styles(partial, names=[spec.layer_name for spec in vector_specs],
                     styles={spec.layer_name: spec.style_path for spec in vector_specs},
                     aliases={spec.layer_name: spec.aliases for spec in vector_specs}, errors=style_errors)
        result.warnings.extend(tr("Style non enregistré dans le GeoPackage : {}.").format(e) for e in style_errors)
        progress.set("ecriture", 100.0)
        _sync(partial)
        try:
            os.replace(partial, gpkg_path)
        except OSError as err:
            raise TiEnergieError(tr("Impossible de remplacer {} (fichier ouvert ailleurs ?) : {}.").format(gpkg_path, err)) from err
    finally:
        unsynced.__exit__(None, None, None)
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm"), Path(f"{partial}-journal")):
            with contextlib.suppress(FileNotFoundError):
                os.remove(leftover)
    result.timings["ecriture"] = time.monotonic() - writing
    if feedback is not None:
        feedback.setProgress(100.0)
    return result
