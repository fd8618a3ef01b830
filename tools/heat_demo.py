"""Heat matching on the Dunkerque sample data (used by `make demo` and tools/render_heat_example.py).

`run_heat_demo(output_dir)` runs ti_energie:heat_matching (annual, then monthly for the seasonal
summary), writes output_dir/heat_matching.gpkg (layers links, sources, sinks),
output_dir/heat_matching_dunkerque.png and output_dir/heat_matching_summary.json, and returns the
summary dict. Expects QGIS to be started (it starts it otherwise) and the repo importable as
`ti_energie` (it arranges that otherwise).

The sample sinks are two files, one geometry type each (a heat-network line, consumer points); the
algorithm takes one sink layer, so `combined_sinks` writes both into one temporary GeoJSON: the
network and the consumers then compete for the same sources.
"""

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from qgis_env import ROOT, start_qgis  # noqa: E402

SAMPLE = ROOT / "sample_data" / "heat"
SAMPLE_SOURCES = SAMPLE / "dunkerque_sources.geojson"
SAMPLE_NETWORK = SAMPLE / "dunkerque_puits_reseau.geojson"
SAMPLE_CONSUMERS = SAMPLE / "dunkerque_puits_consommateurs.geojson"

# The sample layers carry the plugin's field names (identifiant, chaleur_mwh_an, livraisons_mwh,
# temperature_c): the algorithm's defaults pick them. Value and profile have no default.
SAMPLE_PARAMETERS = {
    "SOURCES": str(SAMPLE_SOURCES),
    "SINK_VALUE_FIELD": "valeur_eur_mwh",
    "SINK_PROFILE_FIELD": "profil",
}


def combined_sinks(directory):
    """Write the network and consumer sample sinks as one GeoJSON layer in `directory`; its path."""
    collections = [json.loads(p.read_text(encoding="utf-8")) for p in (SAMPLE_NETWORK, SAMPLE_CONSUMERS)]
    merged = dict(collections[0], name="dunkerque_puits", features=[f for c in collections for f in c["features"]])
    path = Path(directory) / "dunkerque_puits.geojson"
    path.write_text(json.dumps(merged, ensure_ascii=False), encoding="utf-8")
    return path


def _run(extra):
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    from ti_energie.processing.alg_heat_matching import HeatMatchingAlgorithm

    alg = HeatMatchingAlgorithm().create()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    params = dict(SAMPLE_PARAMETERS, OUTPUT_LINKS="TEMPORARY_OUTPUT", OUTPUT_SOURCES="TEMPORARY_OUTPUT",
                  OUTPUT_SINKS="TEMPORARY_OUTPUT", **extra)
    results, ok = alg.run(params, context, QgsProcessingFeedback())
    if not ok:
        raise RuntimeError("L'appariement de chaleur a échoué.")
    layers = {key: context.takeResultLayer(results[key]) for key in ("OUTPUT_LINKS", "OUTPUT_SOURCES", "OUTPUT_SINKS")}
    return results, layers


def _write_gpkg(layers, gpkg):
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter

    if gpkg.exists():
        gpkg.unlink()
    for name, key in (("links", "OUTPUT_LINKS"), ("sources", "OUTPUT_SOURCES"), ("sinks", "OUTPUT_SINKS")):
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        options.layerName = name
        options.fileEncoding = "UTF-8"
        if gpkg.exists():
            options.actionOnExistingFile = QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer
        error = QgsVectorFileWriter.writeAsVectorFormatV3(layers[key], str(gpkg), QgsCoordinateTransformContext(), options)
        if error[0] != QgsVectorFileWriter.WriterError.NoError:
            raise RuntimeError(f"Écriture de {gpkg} ({name}) impossible : {error}")


def run_heat_demo(output_dir, png_path=None, background=()):
    """Run the sample matching; write heat_matching.gpkg + PNG map into output_dir; return the summary."""
    start_qgis()
    from qgis.core import QgsVectorLayer

    sys.path.insert(0, str(ROOT / "tools"))
    from render_heat_example import render_heat_map

    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ti_energie_heat_") as tmp:
        sinks = str(combined_sinks(tmp))
        results, layers = _run({"SINKS": sinks})
        monthly, _monthly_layers = _run({"SINKS": sinks, "MONTHLY": True})
    summary = dict(results["SUMMARY"])
    ms = monthly["SUMMARY"]
    summary["seasonal"] = {
        "monthly_model_delivered_mwh": ms["delivered_mwh"],
        "annual_model_delivered_mwh": ms["annual_model_delivered_mwh"],
        "monthly_delivered_mwh": ms["monthly_delivered_mwh"],
        "monthly_demand_mwh": ms["monthly_demand_mwh"],
    }
    gpkg = out / "heat_matching.gpkg"
    _write_gpkg(layers, gpkg)
    network = QgsVectorLayer(str(SAMPLE_NETWORK), "réseau", "ogr")
    from qgis.core import QgsLineSymbol, QgsSingleSymbolRenderer

    network.setRenderer(QgsSingleSymbolRenderer(QgsLineSymbol.createSimple({"color": "#41ab5d", "width": "1.6", "line_style": "dash"})))
    png = Path(png_path) if png_path else out / "heat_matching_dunkerque.png"
    s = summary

    def meur(value):
        return f"{value / 1e6:.1f}".replace(".", ",")

    subtitle = (
        f"{s['delivered_mwh'] / 1000:.0f} GWh/an livrés sur {s['demand_mwh'] / 1000:.0f} GWh/an de besoins, "
        f"{s['n_links_used']} liens (dont {s['n_heat_pump_links_used']} avec PAC), valeur nette "
        f"{meur(s['net_value_eur'])} M€/an (glouton « plus proche d'abord » : {meur(s['greedy_net_value_eur'])} M€/an). "
        f"Calcul mensuel : {s['seasonal']['monthly_model_delivered_mwh'] / 1000:.0f} GWh/an."
    )
    render_heat_map(layers["OUTPUT_LINKS"], layers["OUTPUT_SOURCES"], layers["OUTPUT_SINKS"], png,
                    "Appariement sources / puits de chaleur — Dunkerque (exemple fictif)", subtitle, network=network,
                    background=background)
    summary["geopackage"] = str(gpkg)
    summary["carte"] = str(png)
    (out / "heat_matching_summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str),
                                                    encoding="utf-8")
    return summary
