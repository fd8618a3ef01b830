"""Processing algorithm `heat_matching`: QGIS layers in, layers out (run through processing.run)."""

import json
from pathlib import Path

import pytest
from qgis.core import (
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsProcessingProvider,
    QgsProject,
    QgsVectorLayer,
)

from ti_energie.processing.alg_heat_matching import HeatMatchingAlgorithm

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "heat"
ALG = "ti_energie_test:heat_matching"


class _TestProvider(QgsProcessingProvider):
    """Test-only provider holding just this algorithm (the plugin provider needs other modules)."""

    def id(self):
        return "ti_energie_test"

    def name(self):
        return "TI Énergie (tests)"

    def loadAlgorithms(self):  # noqa: N802
        self.addAlgorithm(HeatMatchingAlgorithm())


@pytest.fixture
def alg_run(qgis_processing):
    from qgis import processing

    provider = _TestProvider()
    QgsApplication.processingRegistry().addProvider(provider)

    def _run(**params):
        base = {
            "SOURCE_ID_FIELD": "id",
            "SOURCE_ENERGY_FIELD": "energy",
            "SOURCE_TEMP_FIELD": "temp",
            "SINK_ID_FIELD": "id",
            "SINK_DEMAND_FIELD": "demand",
            "SINK_TEMP_FIELD": "temp",
            "OUTPUT_LINKS": "memory:",
            "OUTPUT_SOURCES": "memory:",
            "OUTPUT_SINKS": "memory:",
        }
        base.update(params)
        return processing.run(ALG, base)

    yield _run
    QgsApplication.processingRegistry().removeProvider(provider)


def layer(geom_type, crs, fields, rows):
    """Memory layer from (wkt, {field: value}) rows; fields = [(name, type)] in memory URI syntax."""
    uri = f"{geom_type}?crs={crs}" + "".join(f"&field={n}:{t}" for n, t in fields)
    lyr = QgsVectorLayer(uri, geom_type, "memory")
    assert lyr.isValid()
    feats = []
    for wkt, attrs in rows:
        f = QgsFeature(lyr.fields())
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        for k, v in attrs.items():
            f[k] = v
        feats.append(f)
    lyr.dataProvider().addFeatures(feats)
    return lyr


SRC_FIELDS = [("id", "string"), ("energy", "double"), ("temp", "double")]
SINK_FIELDS = [("id", "string"), ("demand", "double"), ("temp", "double")]


def by(lyr, key):
    return {f[key]: f for f in lyr.getFeatures()}


def test_greedy_trap_through_processing(alg_run):
    """Hand case of test_heat_matching_core.test_lp_beats_nearest_first_greedy, in Lambert-93 layers."""
    src = layer("Point", "EPSG:2154", SRC_FIELDS, [
        ("POINT(700000 6600000)", {"id": "A", "energy": 100, "temp": 90}),
        ("POINT(704000 6600000)", {"id": "B", "energy": 100, "temp": 90}),
    ])
    snk = layer("Point", "EPSG:2154", SINK_FIELDS, [
        ("POINT(701000 6600000)", {"id": "X", "demand": 100, "temp": 70}),
        ("POINT(698000 6600000)", {"id": "Y", "demand": 100, "temp": 70}),
    ])
    res = alg_run(SOURCES=src, SINKS=snk, MAX_DISTANCE_M=5000, TRANSPORT_COST_EUR_MWH_KM=3, HEAT_VALUE_EUR_MWH=60)
    links = res["OUTPUT_LINKS"]
    got = {(f["source_id"], f["sink_id"]): f for f in links.getFeatures()}
    assert set(got) == {("A", "Y"), ("B", "X")}
    assert got[("A", "Y")]["delivered_mwh"] == pytest.approx(100.0)
    assert got[("A", "Y")]["distance_m"] == pytest.approx(2000.0)
    assert got[("A", "Y")]["net_value_eur"] == pytest.approx(5400.0)
    assert got[("B", "X")]["cost_eur_mwh"] == pytest.approx(9.0)
    assert got[("B", "X")]["mode"] == "direct"
    assert got[("A", "Y")].geometry().length() == pytest.approx(2000.0)
    assert res["NET_VALUE_EUR"] == pytest.approx(10500.0)
    assert res["DELIVERED_MWH"] == pytest.approx(200.0)
    assert res["N_LINKS"] == 2
    summary = json.loads(res["SUMMARY_JSON"])
    assert summary["greedy_net_value_eur"] == pytest.approx(5700.0)
    assert summary["rejected_distance"] == 1
    assert summary["parameters"]["max_distance_m"] == 5000
    sources = by(res["OUTPUT_SOURCES"], "id")
    assert sources["A"]["used_mwh"] == pytest.approx(100.0) and sources["A"]["status"] == "utilisée"
    sinks = by(res["OUTPUT_SINKS"], "id")
    assert sinks["X"]["coverage_pct"] == pytest.approx(100.0) and sinks["Y"]["n_links"] == 1


def test_line_and_polygon_sinks_use_nearest_point(alg_run):
    """Source 1 km north of a horizontal network line: distance 1 000 m to the foot of the
    perpendicular, not to a vertex; polygon sink: 500 m from its edge."""
    src = layer("Point", "EPSG:2154", SRC_FIELDS, [("POINT(650000 6801000)", {"id": "S", "energy": 500, "temp": 95})])
    line = layer("LineString", "EPSG:2154", SINK_FIELDS, [
        ("LINESTRING(645000 6800000, 655000 6800000)", {"id": "RCU", "demand": 300, "temp": 80}),
    ])
    res = alg_run(SOURCES=src, SINKS=line)
    (link,) = list(res["OUTPUT_LINKS"].getFeatures())
    assert link["distance_m"] == pytest.approx(1000.0)
    end = link.geometry().asPolyline()[-1]
    assert (end.x(), end.y()) == pytest.approx((650000.0, 6800000.0))
    assert link["delivered_mwh"] == pytest.approx(300.0)
    poly = layer("Polygon", "EPSG:2154", SINK_FIELDS, [
        ("POLYGON((649000 6801500, 651000 6801500, 651000 6803000, 649000 6803000, 649000 6801500))",
         {"id": "ZAC", "demand": 100, "temp": 60}),
    ])
    res = alg_run(SOURCES=src, SINKS=poly)
    (link,) = list(res["OUTPUT_LINKS"].getFeatures())
    assert link["distance_m"] == pytest.approx(500.0)
    assert res["OUTPUT_SINKS"].geometryType() == poly.geometryType()


def test_geographic_input_distances_in_lambert93(alg_run):
    src = layer("Point", "EPSG:4326", SRC_FIELDS, [("POINT(2.30 51.00)", {"id": "S", "energy": 100, "temp": 90})])
    snk = layer("Point", "EPSG:4326", SINK_FIELDS, [("POINT(2.33 51.02)", {"id": "K", "demand": 50, "temp": 70})])
    res = alg_run(SOURCES=src, SINKS=snk)
    xform = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), QgsCoordinateReferenceSystem("EPSG:2154"),
                                   QgsProject.instance())
    a, b = xform.transform(QgsPointXY(2.30, 51.00)), xform.transform(QgsPointXY(2.33, 51.02))
    (link,) = list(res["OUTPUT_LINKS"].getFeatures())
    assert link["distance_m"] == pytest.approx(a.distance(b), rel=1e-9)
    assert res["OUTPUT_LINKS"].crs().authid() == "EPSG:2154"
    assert res["OUTPUT_SOURCES"].crs().authid() == "EPSG:4326"


def test_heat_pump_and_monthly_fields(alg_run):
    src = layer("Point", "EPSG:2154", SRC_FIELDS, [
        ("POINT(700000 6600000)", {"id": "STEP", "energy": 1200, "temp": 30}),
    ])
    snk = layer("Point", "EPSG:2154", SINK_FIELDS, [("POINT(701000 6600000)", {"id": "RCU", "demand": 1600, "temp": 70})])
    res = alg_run(SOURCES=src, SINKS=snk, HP_COP=4, ELECTRICITY_PRICE_EUR_MWH=100, MONTHLY=True,
                  HDD_PROFILE="1,1,1,1,1,1,1,1,1,1,1,1")
    (link,) = list(res["OUTPUT_LINKS"].getFeatures())
    # flat profile: 1 200 MWh of source heat at COP 4 deliver 1 600 MWh (400 MWh of electricity)
    assert link["mode"] == "heat_pump" and link["cop"] == pytest.approx(4.0)
    assert link["delivered_mwh"] == pytest.approx(1600.0)
    assert link["electricity_mwh"] == pytest.approx(400.0)
    months = [float(v) for v in link["monthly_mwh"].split(";")]
    assert months == pytest.approx([1600 / 12] * 12, abs=1e-3)
    with pytest.raises(QgsProcessingException):
        alg_run(SOURCES=src, SINKS=snk, MONTHLY=True, HDD_PROFILE="1, 2, x")


def test_invalid_rows_are_skipped_and_explained(alg_run):
    src = layer("Point", "EPSG:2154", SRC_FIELDS, [
        ("POINT(700000 6600000)", {"id": "ok", "energy": 100, "temp": 90}),
        ("POINT(700100 6600000)", {"id": "neg", "energy": -5, "temp": 90}),
        ("POINT(700200 6600000)", {"id": "nul", "energy": None, "temp": 90}),
        ("POINT(700300 6600000)", {"id": "notemp", "energy": 50, "temp": None}),
    ])
    snk = layer("Point", "EPSG:2154", SINK_FIELDS, [
        ("POINT(701000 6600000)", {"id": "K", "demand": 80, "temp": 70}),
        ("POINT(702000 6600000)", {"id": "K2", "demand": None, "temp": 70}),
    ])
    res = alg_run(SOURCES=src, SINKS=snk)
    summary = res["SUMMARY"]
    assert summary["sources_skipped_invalid"] == 3 and summary["sinks_skipped_invalid"] == 1
    sources = by(res["OUTPUT_SOURCES"], "id")
    assert sources["neg"]["status"] == "données invalides : énergie négative"
    assert sources["nul"]["status"] == "données invalides : énergie manquante"
    assert sources["notemp"]["status"] == "données invalides : température manquante"
    assert sources["ok"]["used_mwh"] == pytest.approx(80.0)
    assert res["OUTPUT_SINKS"].featureCount() == 2


def test_all_links_beyond_reach_is_not_an_error(alg_run):
    src = layer("Point", "EPSG:2154", SRC_FIELDS, [("POINT(700000 6600000)", {"id": "S", "energy": 100, "temp": 90})])
    snk = layer("Point", "EPSG:2154", SINK_FIELDS, [("POINT(760000 6600000)", {"id": "K", "demand": 80, "temp": 70})])
    res = alg_run(SOURCES=src, SINKS=snk)
    assert res["N_LINKS"] == 0 and res["OUTPUT_LINKS"].featureCount() == 0
    assert res["SUMMARY"]["rejected_distance"] == 1
    assert next(res["OUTPUT_SOURCES"].getFeatures())["status"] == "aucun puits à portée"
    assert next(res["OUTPUT_SINKS"].getFeatures())["status"] == "aucune source à portée"


def test_bad_layers_raise_clear_messages(alg_run, monkeypatch):
    good_src = layer("Point", "EPSG:2154", SRC_FIELDS, [("POINT(700000 6600000)", {"id": "S", "energy": 100, "temp": 90})])
    good_snk = layer("Point", "EPSG:2154", SINK_FIELDS, [("POINT(701000 6600000)", {"id": "K", "demand": 80, "temp": 70})])
    empty = layer("Point", "EPSG:2154", SRC_FIELDS, [])
    with pytest.raises(QgsProcessingException, match="vide"):
        alg_run(SOURCES=empty, SINKS=good_snk)
    no_crs = QgsVectorLayer("Point?field=id:string&field=energy:double&field=temp:double", "nocrs", "memory")
    f = QgsFeature(no_crs.fields())
    f.setGeometry(QgsGeometry.fromWkt("POINT(700000 6600000)"))
    f.setAttributes(["S", 100.0, 90.0])
    no_crs.dataProvider().addFeatures([f])
    no_crs.setCrs(QgsCoordinateReferenceSystem())
    assert not no_crs.crs().isValid()
    with pytest.raises(QgsProcessingException, match="système de coordonnées"):
        alg_run(SOURCES=no_crs, SINKS=good_snk)
    invalid = layer("Point", "EPSG:2154", SRC_FIELDS, [("POINT(700000 6600000)", {"id": "S", "energy": -1, "temp": 90})])
    with pytest.raises(QgsProcessingException, match="Aucune source valide"):
        alg_run(SOURCES=invalid, SINKS=good_snk)
    import sys

    monkeypatch.setitem(sys.modules, "scipy", None)
    with pytest.raises(QgsProcessingException, match="scipy"):
        alg_run(SOURCES=good_src, SINKS=good_snk)


def test_sample_dunkerque(alg_run):
    res = alg_run(
        SOURCES=str(SAMPLE / "dunkerque_sources.geojson"), SOURCE_ENERGY_FIELD="energie_mwh", SOURCE_TEMP_FIELD="temperature_c",
        SINKS=str(SAMPLE / "dunkerque_sinks.geojson"), SINK_DEMAND_FIELD="besoin_mwh", SINK_TEMP_FIELD="temperature_c",
        SINK_VALUE_FIELD="valeur_eur_mwh", SINK_PROFILE_FIELD="profil",
    )
    links, sources, sinks = res["OUTPUT_LINKS"], res["OUTPUT_SOURCES"], res["OUTPUT_SINKS"]
    assert sources.featureCount() == 7 and sinks.featureCount() == 5  # mixed line + points kept
    delivered = sum(f["delivered_mwh"] for f in links.getFeatures())
    assert delivered == pytest.approx(res["DELIVERED_MWH"])
    assert sum(f["supplied_mwh"] for f in sinks.getFeatures()) == pytest.approx(delivered)
    used = sum(f["used_mwh"] for f in sources.getFeatures())
    assert used == pytest.approx(sum(f["source_heat_mwh"] for f in links.getFeatures()))
    for f in sinks.getFeatures():
        assert f["supplied_mwh"] <= f["besoin_mwh"] + 1e-6
    for f in sources.getFeatures():
        assert f["used_mwh"] <= f["energie_mwh"] + 1e-6
    statuses = {f["id"]: f["status"] for f in sources.getFeatures()}
    # 20 °C wastewater: COP 0.5·368.15/80 = 2.3, electricity 156/2.3 = 68 €/MWh > 60 €/MWh
    assert statuses["S5"] == "coût supérieur à la valeur de la chaleur"
    assert res["SUMMARY"]["net_value_eur"] >= res["SUMMARY"]["greedy_net_value_eur"]
    assert {f["mode"] for f in links.getFeatures()} == {"direct", "heat_pump"}


def test_outputs_are_styled_when_loaded(alg_run, qgis_new_project):
    from qgis import processing

    src = layer("Point", "EPSG:2154", SRC_FIELDS, [("POINT(700000 6600000)", {"id": "S", "energy": 100, "temp": 90})])
    snk = layer("LineString", "EPSG:2154", SINK_FIELDS, [
        ("LINESTRING(701000 6600000, 702000 6600000)", {"id": "K", "demand": 80, "temp": 70}),
    ])
    processing.runAndLoadResults(ALG, {
        "SOURCES": src, "SOURCE_ID_FIELD": "id", "SOURCE_ENERGY_FIELD": "energy", "SOURCE_TEMP_FIELD": "temp",
        "SINKS": snk, "SINK_ID_FIELD": "id", "SINK_DEMAND_FIELD": "demand", "SINK_TEMP_FIELD": "temp",
        "OUTPUT_LINKS": "TEMPORARY_OUTPUT", "OUTPUT_SOURCES": "TEMPORARY_OUTPUT", "OUTPUT_SINKS": "TEMPORARY_OUTPUT",
    })
    names = {lyr.name(): lyr for lyr in QgsProject.instance().mapLayers().values()}
    links = names["Liens de chaleur"]
    renderer = links.renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer) and renderer.classAttribute() == "mode"
    assert {c.value() for c in renderer.categories()} == {"direct", "heat_pump"}
    assert names["Puits de chaleur (bilan)"].renderer().type() == "graduatedSymbol"
    assert names["Sources de chaleur (bilan)"].renderer().type() == "RuleRenderer"


def test_heat_demo_writes_geopackage_and_map(qgis_app, tmp_path):
    from heat_demo import run_heat_demo
    from qgis.PyQt.QtGui import QImage

    summary = run_heat_demo(tmp_path)
    gpkg = tmp_path / "heat_matching.gpkg"
    counts = {}
    for name in ("links", "sources", "sinks"):
        lyr = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
        assert lyr.isValid()
        counts[name] = lyr.featureCount()
    assert counts == {"links": summary["n_links_used"], "sources": 7, "sinks": 5}
    image = QImage(str(tmp_path / "heat_matching_dunkerque.png"))
    assert image.width() == 1600 and image.height() == 1150
    assert summary["seasonal"]["monthly_model_delivered_mwh"] < summary["seasonal"]["annual_model_delivered_mwh"]
    assert json.loads((tmp_path / "heat_matching_summary.json").read_text(encoding="utf-8"))["delivered_mwh"] == pytest.approx(
        summary["delivered_mwh"]
    )
