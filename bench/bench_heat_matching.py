"""Benchmark of ti_energie:heat_matching end to end (QGIS memory layers in, layers out).

Synthetic national-size data: sources and sinks clustered around 300 "cities" spread over the
metropolitan France bounding box in Lambert-93; radius 10 km, k = 10. Prints, for 2 500 / 10 000 /
25 000 sources (300 / 1 200 / 3 000 sinks): time of the algorithm, time of QGIS's own
native:joinbynearest on the same layers (same k and radius), their ratio, and peak memory (RSS).
Target: 25 000 × 3 000 under 15 s and 2 GB, near-linear scaling.

Usage: python bench/bench_heat_matching.py [--sizes 2500,10000,25000] [--line-sinks] [--monthly]
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from qgis_env import start_qgis, stop_qgis  # noqa: E402

start_qgis(processing=True)

from qgis.core import (  # noqa: E402
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsVectorLayer,
)

FRANCE_L93 = (100_000.0, 6_050_000.0, 1_200_000.0, 7_110_000.0)
SINKS_PER_SOURCE = 3000 / 25000


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def synthetic(n_src, n_sink, seed=42, n_cities=300):
    """Clustered coordinates (metres, EPSG:2154) and attributes."""
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = FRANCE_L93
    cities = np.column_stack([rng.uniform(x0, x1, n_cities), rng.uniform(y0, y1, n_cities)])
    weight = rng.pareto(1.2, n_cities) + 1.0
    weight /= weight.sum()

    def around(n, spread):
        c = rng.choice(n_cities, n, p=weight)
        return cities[c] + rng.normal(0.0, spread, (n, 2))

    src = dict(
        xy=around(n_src, 6000.0),
        energy=rng.lognormal(np.log(5000.0), 1.0, n_src).round(1),
        temp=rng.choice([25.0, 40.0, 60.0, 90.0, 120.0, 200.0], n_src),
    )
    sink = dict(
        xy=around(n_sink, 4000.0),
        demand=rng.lognormal(np.log(20000.0), 1.0, n_sink).round(1),
        temp=rng.choice([60.0, 70.0, 90.0, 110.0], n_sink),
    )
    return src, sink


def memory_layer(kind, data, value_name, line=False):
    geom = "LineString" if line else "Point"
    uri = f"{geom}?crs=EPSG:2154&field=id:string&field={value_name}:double&field=temp:double"
    lyr = QgsVectorLayer(uri, kind, "memory")
    feats = []
    values = data[value_name]
    for n, (x, y) in enumerate(data["xy"]):
        f = QgsFeature(lyr.fields())
        if line:
            f.setGeometry(QgsGeometry.fromPolylineXY([QgsPointXY(x - 1500, y), QgsPointXY(x, y + 800), QgsPointXY(x + 1500, y)]))
        else:
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(x), float(y))))
        f.setAttributes([f"{kind[0]}{n}", float(values[n]), float(data["temp"][n])])
        feats.append(f)
    lyr.dataProvider().addFeatures(feats)
    return lyr


def run_heat(alg, src_layer, sink_layer, monthly=False):
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    params = {
        "SOURCES": src_layer, "SOURCE_ID_FIELD": "id", "SOURCE_ENERGY_FIELD": "energy", "SOURCE_TEMP_FIELD": "temp",
        "SINKS": sink_layer, "SINK_ID_FIELD": "id", "SINK_DEMAND_FIELD": "demand", "SINK_TEMP_FIELD": "temp",
        "MAX_DISTANCE_M": 10000, "K_NEAREST": 10, "MONTHLY": monthly,
        "OUTPUT_LINKS": "TEMPORARY_OUTPUT", "OUTPUT_SOURCES": "TEMPORARY_OUTPUT", "OUTPUT_SINKS": "TEMPORARY_OUTPUT",
    }
    t0 = time.perf_counter()
    results, ok = alg.run(params, context, feedback)
    elapsed = time.perf_counter() - t0
    if not ok:
        raise RuntimeError("heat_matching a échoué")
    return elapsed, results


def run_join(src_layer, sink_layer):
    from qgis import processing

    t0 = time.perf_counter()
    processing.run("native:joinbynearest", {
        "INPUT": src_layer, "INPUT_2": sink_layer, "FIELDS_TO_COPY": [], "DISCARD_NONMATCHING": False,
        "PREFIX": "k_", "NEIGHBORS": 10, "MAX_DISTANCE": 10000, "OUTPUT": QgsProcessing.TEMPORARY_OUTPUT,
    })
    return time.perf_counter() - t0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2500,10000,25000")
    parser.add_argument("--line-sinks", action="store_true", help="sinks as 3 km lines (exact-geometry path)")
    parser.add_argument("--monthly", action="store_true", help="12-period LP (plus the annual LP for comparison)")
    args = parser.parse_args(argv)

    from ti_energie.processing.alg_heat_matching import HeatMatchingAlgorithm

    import scipy

    print(f"QGIS {__import__('qgis.core', fromlist=['Qgis']).Qgis.QGIS_VERSION}, scipy {scipy.__version__}, "
          f"{os.cpu_count()} CPU; radius 10 km, k = 10; sinks = {'lines' if args.line_sinks else 'points'}"
          f"{'; monthly LP' if args.monthly else ''}")
    header = f"{'sources':>8} {'sinks':>6} {'pairs':>8} {'links':>7} {'heat_matching s':>16} {'joinbynearest s':>16} {'ratio':>6} {'peak MB':>8}"
    print(header)
    rows = []
    for n_src in [int(v) for v in args.sizes.split(",")]:
        n_sink = max(1, int(round(n_src * SINKS_PER_SOURCE)))
        src, sink = synthetic(n_src, n_sink)
        src_layer = memory_layer("source", src, "energy")
        sink_layer = memory_layer("sink", sink, "demand", line=args.line_sinks)
        alg = HeatMatchingAlgorithm().create()
        t_heat, results = run_heat(alg, src_layer, sink_layer, args.monthly)
        t_join = run_join(src_layer, sink_layer)
        s = results["SUMMARY"]
        rows.append((n_src, t_heat))
        print(f"{n_src:>8} {n_sink:>6} {s['n_candidate_pairs']:>8} {s['n_links_used']:>7} {t_heat:>16.2f} {t_join:>16.2f} "
              f"{t_heat / t_join:>6.2f} {peak_mb():>8.0f}", flush=True)
        print(f"         viable links {s['n_viable_links']}, rejected distance/temperature/COP/cost "
              f"{s['rejected_distance']}/{s['rejected_temperature']}/{s['rejected_cop']}/{s['rejected_cost']}, "
              f"delivered {s['delivered_mwh'] / 1e6:.2f} TWh, solver: {s['solver_message']}", flush=True)
    if len(rows) > 1:
        (n0, t0), (n1, t1) = rows[0], rows[-1]
        print(f"scaling: ×{n1 / n0:.0f} sources → ×{t1 / t0:.1f} time")
    n_last, t_last = rows[-1]
    print(f"target ({n_last} sources): < 15 s and < 2 048 MB → {'OK' if t_last < 15 and peak_mb() < 2048 else 'MISSED'}"
          f" ({t_last:.2f} s, {peak_mb():.0f} MB)")


if __name__ == "__main__":
    main()
    stop_qgis()
