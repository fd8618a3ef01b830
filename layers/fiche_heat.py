"""The heat matching of a territory for its fiche: sources `chaleur_fatale` + `step_chaleur`, sinks
`reseaux_chaleur` of the territory GeoPackage, matched by core/heat_matching (the LP of
ti_energie:heat_matching, with its defaults). No map layer in a project: worker-thread safe.

Candidate pairs: each source's `K_NEAREST` networks by exact distance to the line (the nearest point of the
network, where a link ends), as the Processing algorithm does for line sinks. A network without
`temperature_c` is taken at DEFAULT_SINK_TEMPERATURE_C (a hot-water network, the most common carrier in
France; the value tools of the layer contract derive from the heat carrier), and the fiche says so; a source
or a network without energy is left out and counted.
"""

from qgis.core import QgsGeometry, QgsPointXY

from ..core import heat_matching as hm
from ..core.fiche_facts import NON_DISPONIBLE, fr_number, plural, to_float
from .fiche_data import read_layer

SOURCE_LAYERS = ("chaleur_fatale", "step_chaleur")
SINK_LAYER = "reseaux_chaleur"
DEFAULT_SINK_TEMPERATURE_C = 90.0
DEFAULT_SINK_TEMPERATURE_WHY = ("réseau d'eau chaude, le fluide le plus courant en France (60 à 110 °C) : "
                                "à corriger avec la température de départ réelle du réseau")


def _point(geometry):
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return None
    return geometry.centroid().asPoint()


def read_inputs(gpkg_path, names):
    """(sources, sinks, notes) as dicts with the values the matching needs, from the layers present."""
    sources, sinks, notes, skipped = [], [], [], {"sources": 0, "sinks": 0}
    for layer_name in SOURCE_LAYERS:
        if layer_name not in names:
            continue
        rows, geometries = read_layer(gpkg_path, layer_name, with_geometry=True)
        for row, geometry in zip(rows, geometries):
            energy, temperature, point = to_float(row.get("chaleur_mwh_an")), to_float(row.get("temperature_c")), \
                _point(geometry)
            if energy is None or energy <= 0 or temperature is None or point is None:
                skipped["sources"] += 1
                continue
            sources.append({"id": str(row.get("identifiant") or ""), "nom": str(row.get("nom") or row.get("identifiant")
                                                                              or "Source sans nom"),
                            "couche": layer_name, "energie_mwh": energy, "temperature_c": temperature,
                            "x": point.x(), "y": point.y()})
    assumed = 0
    if SINK_LAYER in names:
        rows, geometries = read_layer(gpkg_path, SINK_LAYER, with_geometry=True)
        for row, geometry in zip(rows, geometries):
            demand = to_float(row.get("livraisons_mwh"))
            if demand is None or demand <= 0 or geometry is None or geometry.isEmpty():
                skipped["sinks"] += 1
                continue
            temperature = to_float(row.get("temperature_c"))
            if temperature is None:
                temperature, assumed = DEFAULT_SINK_TEMPERATURE_C, assumed + 1
            sinks.append({"id": str(row.get("identifiant") or ""), "nom": str(row.get("nom_reseau")
                                                                            or row.get("identifiant") or "Réseau"),
                          "demande_mwh": demand, "temperature_c": temperature, "geometry": QgsGeometry(geometry)})
    if assumed:
        notes.append(f"Température de départ inconnue pour {plural(assumed, 'réseau')} : "
                     f"{fr_number(DEFAULT_SINK_TEMPERATURE_C)} °C supposés ({DEFAULT_SINK_TEMPERATURE_WHY}).")
    if skipped["sources"]:
        notes.append(f"{plural(skipped['sources'], 'source')} sans énergie, sans température ou sans position "
                     f"laissée(s) de côté.")
    if skipped["sinks"]:
        notes.append(f"{plural(skipped['sinks'], 'réseau')} sans livraisons publiées laissé(s) de côté.")
    return sources, sinks, notes


def _pairs(sources, sinks, k):
    import numpy as np

    src, snk, dist = [], [], []
    for i, source in enumerate(sources):
        point = QgsGeometry.fromPointXY(QgsPointXY(source["x"], source["y"]))
        nearest = sorted((sink["geometry"].distance(point), j) for j, sink in enumerate(sinks))[:k]
        for distance, j in nearest:
            src.append(i)
            snk.append(j)
            dist.append(distance)
    return hm.Pairs(np.asarray(src, dtype=np.int64), np.asarray(snk, dtype=np.int64), np.asarray(dist, dtype=float))


def match_territory(gpkg_path, names, params=None, feedback=None):
    """The outcome of the matching as a dict: run, reason (when not run), summary, links (largest first, with
    the names, distance, energy, mode and their two end points), notes, parameters, max_distance_km."""
    import numpy as np

    params = params or hm.HeatParams()
    outcome = {"run": False, "links": [], "notes": [], "parameters": params.echo(),
               "max_distance_km": params.max_distance_m / 1000.0}
    missing = [name for name in SOURCE_LAYERS + (SINK_LAYER,) if name not in names]
    sources, sinks, notes = read_inputs(gpkg_path, names)
    outcome["notes"] = notes
    if missing:
        outcome["notes"].insert(0, "Couche(s) absente(s) des données : " + ", ".join(f"« {m} »" for m in missing)
                                + ".")
    if not sources or not sinks:
        what = []
        if not sources:
            what.append("aucune source de chaleur fatale utilisable (couches « chaleur_fatale » et « step_chaleur »)")
        if not sinks:
            what.append("aucun réseau de chaleur avec des livraisons publiées (couche « reseaux_chaleur »)")
        outcome["reason"] = f"{NON_DISPONIBLE} : appariement non réalisé, " + " et ".join(what) + "."
        return outcome
    if feedback is not None and feedback.isCanceled():
        return outcome
    pairs = _pairs(sources, sinks, params.k_nearest)
    try:
        result = hm.match(pairs, np.array([s["energie_mwh"] for s in sources]),
                          np.array([s["temperature_c"] for s in sources]),
                          np.array([s["demande_mwh"] for s in sinks]), np.array([s["temperature_c"] for s in sinks]),
                          None, params)
    except hm.SolverUnavailable as err:
        outcome["reason"] = f"{NON_DISPONIBLE} : {err}"
        return outcome
    table = hm.link_table(result)
    links = []
    for r in range(len(table["src"])):
        source, sink = sources[int(table["src"][r])], sinks[int(table["sink"][r])]
        start = QgsGeometry.fromPointXY(QgsPointXY(source["x"], source["y"]))
        end = sink["geometry"].nearestPoint(start).asPoint()
        links.append({"source": source["nom"], "source_id": source["id"], "sink": sink["nom"], "sink_id": sink["id"],
                      "distance_km": float(table["distance_m"][r]) / 1000.0,
                      "delivered_mwh": float(table["delivered_mwh"][r]), "mode_code": str(table["mode"][r]),
                      "cop": None if table["cop"][r] != table["cop"][r] else float(table["cop"][r]),
                      "net_value_eur": float(table["net_value_eur"][r]),
                      "start": (source["x"], source["y"]), "end": (end.x(), end.y())})
    links.sort(key=lambda link: -link["delivered_mwh"])
    summary = {k: v for k, v in result.summary.items() if k != "parameters"}
    outcome.update({"run": True, "summary": summary, "links": links,
                    "sources": [{k: v for k, v in s.items()} for s in sources],
                    "sinks": [{k: v for k, v in s.items() if k != "geometry"} for s in sinks]})
    return outcome
