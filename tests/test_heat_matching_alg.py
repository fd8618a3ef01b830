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
    assert got[("A", "Y")]["distance_km"] == pytest.approx(2.0)
    assert got[("A", "Y")]["net_value_eur"] == pytest.approx(5400.0)
    assert got[("B", "X")]["cost_eur_mwh"] == pytest.approx(9.0)
    assert got[("B", "X")]["mode"] == "usage direct" and got[("B", "X")]["mode_code"] == "direct"
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
    assert sources["A"]["status_code"] == "used"
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
    assert link["distance_km"] == pytest.approx(1.0)
    end = link.geometry().asPolyline()[-1]
    assert (end.x(), end.y()) == pytest.approx((650000.0, 6800000.0))
    assert link["delivered_mwh"] == pytest.approx(300.0)
    poly = layer("Polygon", "EPSG:2154", SINK_FIELDS, [
        ("POLYGON((649000 6801500, 651000 6801500, 651000 6803000, 649000 6803000, 649000 6801500))",
         {"id": "ZAC", "demand": 100, "temp": 60}),
    ])
    res = alg_run(SOURCES=src, SINKS=poly)
    (link,) = list(res["OUTPUT_LINKS"].getFeatures())
    assert link["distance_km"] == pytest.approx(0.5)
    assert res["OUTPUT_SINKS"].geometryType() == poly.geometryType()


def test_geographic_input_distances_in_lambert93(alg_run):
    src = layer("Point", "EPSG:4326", SRC_FIELDS, [("POINT(2.30 51.00)", {"id": "S", "energy": 100, "temp": 90})])
    snk = layer("Point", "EPSG:4326", SINK_FIELDS, [("POINT(2.33 51.02)", {"id": "K", "demand": 50, "temp": 70})])
    res = alg_run(SOURCES=src, SINKS=snk)
    xform = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), QgsCoordinateReferenceSystem("EPSG:2154"),
                                   QgsProject.instance())
    a, b = xform.transform(QgsPointXY(2.30, 51.00)), xform.transform(QgsPointXY(2.33, 51.02))
    (link,) = list(res["OUTPUT_LINKS"].getFeatures())
    assert link.geometry().length() == pytest.approx(a.distance(b), rel=1e-9)  # the link runs in Lambert-93
    assert link["distance_km"] == round(a.distance(b) / 1000, 2)
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
    assert link["mode"] == "PAC" and link["mode_code"] == "heat_pump" and link["cop"] == pytest.approx(4.0)
    assert link["delivered_mwh"] == pytest.approx(1600.0)
    assert link["electricity_mwh"] == pytest.approx(400.0)
    months = [float(v) for v in link["monthly_mwh"].split(";")]
    assert months == pytest.approx([1600 / 12] * 12, abs=0.05)
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
    assert sources["neg"]["status_code"] == "invalid_energy_negative"
    assert sources["ok"]["used_mwh"] == pytest.approx(80.0)
    assert res["OUTPUT_SINKS"].featureCount() == 2
    assert by(res["OUTPUT_SINKS"], "id")["K2"]["status"] == "données invalides : besoin manquant"


def test_all_links_beyond_reach_is_not_an_error(alg_run):
    src = layer("Point", "EPSG:2154", SRC_FIELDS, [("POINT(700000 6600000)", {"id": "S", "energy": 100, "temp": 90})])
    snk = layer("Point", "EPSG:2154", SINK_FIELDS, [("POINT(760000 6600000)", {"id": "K", "demand": 80, "temp": 70})])
    res = alg_run(SOURCES=src, SINKS=snk)
    assert res["N_LINKS"] == 0 and res["OUTPUT_LINKS"].featureCount() == 0
    assert res["SUMMARY"]["rejected_distance"] == 1
    assert next(res["OUTPUT_SOURCES"].getFeatures())["status"] == "aucun puits à portée"
    assert next(res["OUTPUT_SINKS"].getFeatures())["status"] == "aucune source à portée"
    assert next(res["OUTPUT_SINKS"].getFeatures())["status_code"] == "too_far"


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


def test_sample_dunkerque(alg_run, tmp_path):
    from heat_demo import combined_sinks

    res = alg_run(
        SOURCES=str(SAMPLE / "dunkerque_sources.geojson"), SOURCE_ID_FIELD="identifiant",
        SOURCE_ENERGY_FIELD="chaleur_mwh_an", SOURCE_TEMP_FIELD="temperature_c",
        SINKS=str(combined_sinks(tmp_path)), SINK_ID_FIELD="identifiant", SINK_DEMAND_FIELD="livraisons_mwh",
        SINK_TEMP_FIELD="temperature_c", SINK_VALUE_FIELD="valeur_eur_mwh", SINK_PROFILE_FIELD="profil",
    )
    links, sources, sinks = res["OUTPUT_LINKS"], res["OUTPUT_SOURCES"], res["OUTPUT_SINKS"]
    assert sources.featureCount() == 7 and sinks.featureCount() == 5  # network line + consumer points
    delivered = sum(f["delivered_mwh"] for f in links.getFeatures())
    assert delivered == pytest.approx(res["DELIVERED_MWH"], abs=0.05 * links.featureCount())  # rounded to 0.1
    assert sum(f["supplied_mwh"] for f in sinks.getFeatures()) == pytest.approx(delivered, abs=1.0)
    used = sum(f["used_mwh"] for f in sources.getFeatures())
    assert used == pytest.approx(sum(f["source_heat_mwh"] for f in links.getFeatures()), abs=1.0)
    for f in sinks.getFeatures():
        assert f["supplied_mwh"] <= f["livraisons_mwh"] + 0.05
    for f in sources.getFeatures():
        assert f["used_mwh"] <= f["chaleur_mwh_an"] + 0.05
    statuses = {f["identifiant"]: f["status"] for f in sources.getFeatures()}
    # 20 °C wastewater: COP 0.5·368.15/80 = 2.3, electricity 156/2.3 = 68 €/MWh > 60 €/MWh
    assert statuses["S5"] == "coût supérieur à la valeur de la chaleur"
    assert res["SUMMARY"]["net_value_eur"] >= res["SUMMARY"]["greedy_net_value_eur"]
    assert {f["mode"] for f in links.getFeatures()} == {"usage direct", "PAC"}
    # the figures quoted in README.md and docs/heat-matching.md
    assert res["SUMMARY"]["delivered_mwh"] == pytest.approx(251000, abs=500)
    assert res["N_LINKS"] == 8 and res["SUMMARY"]["n_heat_pump_links_used"] == 4
    assert res["SUMMARY"]["net_value_eur"] / 1e6 == pytest.approx(10.18, abs=0.005)
    assert res["SUMMARY"]["greedy_net_value_eur"] / 1e6 == pytest.approx(9.83, abs=0.005)


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
    assert isinstance(renderer, QgsCategorizedSymbolRenderer) and renderer.classAttribute() == "mode_code"
    assert {c.value() for c in renderer.categories()} == {"direct", "heat_pump"}
    assert names["Puits de chaleur (bilan)"].renderer().type() == "graduatedSymbol"
    assert names["Sources de chaleur (bilan)"].renderer().type() == "categorizedSymbol"


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


# --------------------------------------------------------------------------- field defaults (issue item 1)
# Field names of the plugin's layers: "STEP – chaleur fatale valorisable" (sources) and "Réseaux de
# chaleur" (sinks; it has no temperature, temperature_c as in the STEP layer).
PLUGIN_SRC_FIELDS = [("identifiant", "string"), ("nom", "string"), ("chaleur_mwh_an", "double"), ("temperature_c", "double")]
PLUGIN_SINK_FIELDS = [("identifiant", "string"), ("nom_reseau", "string"), ("livraisons_mwh", "double"),
                      ("temperature_c", "double")]


def plugin_layers():
    src = layer("Point", "EPSG:2154", PLUGIN_SRC_FIELDS, [
        ("POINT(700000 6600000)", {"identifiant": "STEP1", "chaleur_mwh_an": 900, "temperature_c": 18}),
        ("POINT(704000 6600000)", {"identifiant": "UIOM", "chaleur_mwh_an": 5000, "temperature_c": 110}),
    ])
    snk = layer("LineString", "EPSG:2154", PLUGIN_SINK_FIELDS, [
        ("LINESTRING(701000 6600500, 703000 6600500)", {"identifiant": "RCU1", "livraisons_mwh": 4000, "temperature_c": 90}),
        ("LINESTRING(698000 6601000, 698000 6603000)", {"identifiant": "RCU2", "livraisons_mwh": 1500, "temperature_c": 60}),
    ])
    return src, snk


def gpkg_layer(path, name, fields, rows, fid_column=None):
    """A GeoPackage layer (its feature id is a field, and the primary key) from memory-layer rows."""
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter

    mem = layer("Point", "EPSG:2154", fields, rows)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = name
    if fid_column:
        options.layerOptions = [f"FID={fid_column}"]
    error = QgsVectorFileWriter.writeAsVectorFormatV3(mem, str(path), QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.WriterError.NoError, error
    lyr = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    assert lyr.isValid()
    return lyr


def field_widget_values(alg, lyr, keys, layer_key):
    """What the Processing form shows in the field widgets `keys` once `lyr` is chosen as `layer_key`."""
    from qgis.core import QgsProcessingContext
    from qgis.gui import QgsGui, QgsProcessingContextGenerator, QgsProcessingGui, QgsProcessingParameterWidgetContext

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())

    class Generator(QgsProcessingContextGenerator):
        def processingContext(self):  # noqa: N802
            return context

    generator = Generator()
    widget_context = QgsProcessingParameterWidgetContext()
    widget_context.setProject(QgsProject.instance())
    wrappers, widgets = {}, []
    for key in (layer_key, *keys):
        wrapper = QgsGui.processingGuiRegistry().createParameterWidgetWrapper(
            alg.parameterDefinition(key), QgsProcessingGui.WidgetType.Standard)
        wrapper.setWidgetContext(widget_context)
        wrapper.registerProcessingContextGenerator(generator)
        widgets.append(wrapper.createWrappedWidget(context))  # keep the widgets alive
        wrappers[key] = wrapper
    wrappers[layer_key].setParameterValue(lyr.id(), context)
    for key in keys:
        wrappers[key].setParentLayerWrapperValue(wrappers[layer_key])
    values = {key: wrappers[key].parameterValue() for key in keys}
    return {k: (None if v is None or (hasattr(v, "isNull") and v.isNull()) else v) for k, v in values.items()}


SOURCE_FIELD_KEYS = ("SOURCE_ID_FIELD", "SOURCE_ENERGY_FIELD", "SOURCE_TEMP_FIELD")
SINK_FIELD_KEYS = ("SINK_ID_FIELD", "SINK_DEMAND_FIELD", "SINK_TEMP_FIELD", "SINK_VALUE_FIELD", "SINK_PROFILE_FIELD")


def test_form_prefills_plugin_fields_and_never_the_feature_id(qgis_processing, qgis_new_project, tmp_path):
    """Before: the required numeric field widgets showed the first numeric field, `fid` (energy and
    temperature both), and the sink temperature showed the demand field."""
    alg = HeatMatchingAlgorithm()
    alg.initAlgorithm()
    step = gpkg_layer(tmp_path / "t.gpkg", "step_chaleur", PLUGIN_SRC_FIELDS,
                      [("POINT(700000 6600000)", {"identifiant": "S", "chaleur_mwh_an": 900, "temperature_c": 18})])
    other = gpkg_layer(tmp_path / "o.gpkg", "autre", [("code", "string"), ("mwh", "double"), ("degres", "double")],
                       [("POINT(700000 6600000)", {"code": "A", "mwh": 1.0, "degres": 2.0})])
    _src, network = plugin_layers()
    consumers = layer("Point", "EPSG:2154", [("nom", "string"), ("besoin_mwh", "double"), ("temp", "double")],
                      [("POINT(701000 6600000)", {"nom": "K", "besoin_mwh": 80, "temp": 70})])
    QgsProject.instance().addMapLayers([step, other, network, consumers])
    assert "fid" in step.fields().names() and "fid" in other.fields().names()

    assert field_widget_values(alg, step, SOURCE_FIELD_KEYS, "SOURCES") == {
        "SOURCE_ID_FIELD": "identifiant", "SOURCE_ENERGY_FIELD": "chaleur_mwh_an", "SOURCE_TEMP_FIELD": "temperature_c"}
    assert field_widget_values(alg, other, SOURCE_FIELD_KEYS, "SOURCES") == dict.fromkeys(SOURCE_FIELD_KEYS)
    assert field_widget_values(alg, network, SINK_FIELD_KEYS, "SINKS") == {
        "SINK_ID_FIELD": "identifiant", "SINK_DEMAND_FIELD": "livraisons_mwh", "SINK_TEMP_FIELD": "temperature_c",
        "SINK_VALUE_FIELD": None, "SINK_PROFILE_FIELD": None}
    assert field_widget_values(alg, consumers, SINK_FIELD_KEYS, "SINKS") == dict.fromkeys(SINK_FIELD_KEYS)


def test_field_defaults_are_the_plugin_layer_fields():
    alg = HeatMatchingAlgorithm()
    alg.initAlgorithm()
    src, snk = plugin_layers()
    defaults = {key: alg.parameterDefinition(key).defaultValue() for key in SOURCE_FIELD_KEYS + SINK_FIELD_KEYS}
    assert defaults == {
        "SOURCE_ID_FIELD": "identifiant", "SOURCE_ENERGY_FIELD": "chaleur_mwh_an", "SOURCE_TEMP_FIELD": "temperature_c",
        "SINK_ID_FIELD": "identifiant", "SINK_DEMAND_FIELD": "livraisons_mwh", "SINK_TEMP_FIELD": "temperature_c",
        "SINK_VALUE_FIELD": None, "SINK_PROFILE_FIELD": None,
    }
    for key in SOURCE_FIELD_KEYS + SINK_FIELD_KEYS:
        param = alg.parameterDefinition(key)
        assert not param.allowMultiple() and not param.defaultToAllFields()
        if defaults[key]:
            fields = (src if key.startswith("SOURCE") else snk).fields()
            assert fields.indexFromName(defaults[key]) >= 0, key
    # the plugin's own STEP layer definition carries these names
    import yaml

    catalogue = yaml.safe_load((ROOT / "layers" / "sources.yaml").read_text(encoding="utf-8"))
    text = json.dumps(catalogue, ensure_ascii=False)
    for name in ("chaleur_mwh_an", "temperature_c", "identifiant", "livraisons_mwh"):
        assert f'"{name}"' in text


def comparable(res):
    links = sorted(tuple(f.attributes()) for f in res["OUTPUT_LINKS"].getFeatures())
    sources = sorted(tuple(f.attributes()) for f in res["OUTPUT_SOURCES"].getFeatures())
    sinks = sorted(tuple(f.attributes()) for f in res["OUTPUT_SINKS"].getFeatures())
    return links, sources, sinks, res["NET_VALUE_EUR"], res["DELIVERED_MWH"]


def test_layers_alone_run_with_the_plugin_field_names(qgis_processing):
    """Before: processing.run refused SOURCES/SINKS alone (no field given), or took `fid`."""
    from qgis import processing

    provider = _TestProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    try:
        src, snk = plugin_layers()
        outputs = {"OUTPUT_LINKS": "memory:", "OUTPUT_SOURCES": "memory:", "OUTPUT_SINKS": "memory:"}
        alone = processing.run(ALG, dict(outputs, SOURCES=src, SINKS=snk))
        explicit = processing.run(ALG, dict(
            outputs, SOURCES=src, SINKS=snk, SOURCE_ID_FIELD="identifiant", SOURCE_ENERGY_FIELD="chaleur_mwh_an",
            SOURCE_TEMP_FIELD="temperature_c", SINK_ID_FIELD="identifiant", SINK_DEMAND_FIELD="livraisons_mwh",
            SINK_TEMP_FIELD="temperature_c"))
        assert alone["N_LINKS"] >= 2
        assert comparable(alone) == comparable(explicit)
        assert {f["source_id"] for f in alone["OUTPUT_LINKS"].getFeatures()} == {"STEP1", "UIOM"}
        # the sample files carry the same names: the layers alone give the documented run's links
        from heat_demo import SAMPLE_SOURCES, SAMPLE_CONSUMERS

        sample = processing.run(ALG, dict(outputs, SOURCES=str(SAMPLE_SOURCES), SINKS=str(SAMPLE_CONSUMERS)))
        sample_explicit = processing.run(ALG, dict(
            outputs, SOURCES=str(SAMPLE_SOURCES), SINKS=str(SAMPLE_CONSUMERS), SOURCE_ID_FIELD="identifiant",
            SOURCE_ENERGY_FIELD="chaleur_mwh_an", SOURCE_TEMP_FIELD="temperature_c", SINK_ID_FIELD="identifiant",
            SINK_DEMAND_FIELD="livraisons_mwh", SINK_TEMP_FIELD="temperature_c"))
        assert sample["N_LINKS"] > 0 and comparable(sample) == comparable(sample_explicit)
    finally:
        QgsApplication.processingRegistry().removeProvider(provider)


def test_unsafe_field_choices_are_refused(alg_run, tmp_path):
    """Feature id / primary key as a measure, one field for two measures, a default field the layer
    lacks: a French message naming the field, before any computation."""
    rows = [("POINT(700000 6600000)", {"identifiant": "S", "chaleur_mwh_an": 900, "temperature_c": 95})]
    step = gpkg_layer(tmp_path / "s.gpkg", "step_chaleur", PLUGIN_SRC_FIELDS, rows)
    _src, snk = plugin_layers()
    sink_fields = {"SINK_ID_FIELD": "identifiant", "SINK_DEMAND_FIELD": "livraisons_mwh", "SINK_TEMP_FIELD": "temperature_c"}
    ok = alg_run(SOURCES=step, SINKS=snk, SOURCE_ID_FIELD="fid", SOURCE_ENERGY_FIELD="chaleur_mwh_an",
                 SOURCE_TEMP_FIELD="temperature_c", **sink_fields)
    assert ok["N_LINKS"] == 1  # fid is fine as an identifier
    with pytest.raises(QgsProcessingException, match="« fid » est l'identifiant des entités de la couche des sources"):
        alg_run(SOURCES=step, SINKS=snk, SOURCE_ID_FIELD="", SOURCE_ENERGY_FIELD="fid", SOURCE_TEMP_FIELD="temperature_c",
                **sink_fields)
    with pytest.raises(QgsProcessingException, match="Le même champ « chaleur_mwh_an »"):
        alg_run(SOURCES=step, SINKS=snk, SOURCE_ID_FIELD="", SOURCE_ENERGY_FIELD="chaleur_mwh_an",
                SOURCE_TEMP_FIELD="chaleur_mwh_an", **sink_fields)
    with pytest.raises(QgsProcessingException, match="Le même champ « livraisons_mwh »"):
        alg_run(SOURCES=step, SINKS=snk, SOURCE_ID_FIELD="", SOURCE_ENERGY_FIELD="chaleur_mwh_an",
                SOURCE_TEMP_FIELD="temperature_c", SINK_ID_FIELD="", SINK_DEMAND_FIELD="livraisons_mwh",
                SINK_TEMP_FIELD="livraisons_mwh")
    # a primary key that is not called fid
    keyed = gpkg_layer(tmp_path / "k.gpkg", "cle", PLUGIN_SRC_FIELDS, rows, fid_column="gid")
    assert keyed.fields().names()[0] == "gid" and keyed.primaryKeyAttributes() == [0]
    with pytest.raises(QgsProcessingException, match="« gid » est l'identifiant des entités"):
        alg_run(SOURCES=keyed, SINKS=snk, SOURCE_ID_FIELD="", SOURCE_ENERGY_FIELD="gid", SOURCE_TEMP_FIELD="temperature_c",
                **sink_fields)
    # a layer without the default fields, no field given: asked for, not guessed
    from qgis import processing

    bare = layer("Point", "EPSG:2154", SRC_FIELDS, [("POINT(700000 6600000)", {"id": "S", "energy": 100, "temp": 90})])
    with pytest.raises(QgsProcessingException, match="n'a pas de champ « chaleur_mwh_an » : choisissez le champ "
                                                     "« Énergie disponible"):
        processing.run(ALG, {"SOURCES": bare, "SINKS": snk, "OUTPUT_LINKS": "memory:",
                             "OUTPUT_SOURCES": "memory:", "OUTPUT_SINKS": "memory:"})
    with pytest.raises(QgsProcessingException, match="« id » choisi pour « Énergie disponible .* n'est pas numérique"):
        alg_run(SOURCES=bare, SINKS=snk, SOURCE_ID_FIELD="id", SOURCE_ENERGY_FIELD="id", SOURCE_TEMP_FIELD="temp",
                **sink_fields)


# --------------------------------------------------------------------------- readable outputs (item 2)
class LogFeedback:
    """Records what the algorithm writes to the Processing log."""

    def __new__(cls):
        from qgis.core import QgsProcessingFeedback

        class _Feedback(QgsProcessingFeedback):
            def __init__(self):
                super().__init__()
                self.lines = []

            def pushInfo(self, info):  # noqa: N802
                self.lines.append(info)

            def pushCommandInfo(self, info):  # noqa: N802
                self.lines.append(info)

        return _Feedback()


def test_summary_is_a_french_table_in_the_log(qgis_processing):
    """Before: one run-on sentence; the totals per rejection cause were only in the JSON."""
    from qgis.core import QgsProcessingContext

    src = layer("Point", "EPSG:2154", SRC_FIELDS, [
        ("POINT(700000 6600000)", {"id": "A", "energy": 100, "temp": 90}),
        ("POINT(704000 6600000)", {"id": "B", "energy": 100, "temp": 90}),
    ])
    snk = layer("Point", "EPSG:2154", SINK_FIELDS, [
        ("POINT(701000 6600000)", {"id": "X", "demand": 100, "temp": 70}),
        ("POINT(698000 6600000)", {"id": "Y", "demand": 100, "temp": 70}),
    ])
    alg = HeatMatchingAlgorithm().create()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = LogFeedback()
    results, ok = alg.run({
        "SOURCES": src, "SOURCE_ID_FIELD": "id", "SOURCE_ENERGY_FIELD": "energy", "SOURCE_TEMP_FIELD": "temp",
        "SINKS": snk, "SINK_ID_FIELD": "id", "SINK_DEMAND_FIELD": "demand", "SINK_TEMP_FIELD": "temp",
        "MAX_DISTANCE_M": 5000, "TRANSPORT_COST_EUR_MWH_KM": 3, "HEAT_VALUE_EUR_MWH": 60,
        "OUTPUT_LINKS": "memory:", "OUTPUT_SOURCES": "memory:", "OUTPUT_SINKS": "memory:",
    }, context, feedback)
    assert ok
    blocks = [b for b in feedback.lines if b.startswith("Résumé de l'appariement")]
    assert len(blocks) == 1
    lines = blocks[0].split("\n")[1:]
    table = dict(line.replace("\u00a0", " ").split(" : ", 1) for line in lines)
    table = {k.strip(): v for k, v in table.items()}
    assert table["Énergie livrée"] == "200 MWh/an, soit 100,0 % du besoin"
    assert table["Liens retenus"] == "2 (dont 0 avec PAC, 2 en usage direct)"
    assert table["Valeur nette"] == "10\u202f500 €/an"
    assert table["Glouton « plus proche d'abord »"] == "5\u202f700 €/an pour 100 MWh/an livrés"
    assert table["Gain de l'optimisation"] == "4\u202f800 €/an"
    assert table["Paires rejetées (trop loin)"] == "1"
    assert table["Paires rejetées (coût supérieur à la valeur)"] == "0"
    assert table["Ignorées (données invalides)"] == "0 source(s), 0 puits"
    # aligned: every value starts at the same column; no raw dict / JSON
    assert len({line.index("\u00a0:\u00a0") for line in lines}) == 1
    assert not any("{" in line or "_mwh" in line for line in lines)
    assert json.loads(results["SUMMARY_JSON"])["net_value_eur"] == pytest.approx(10500.0)  # machine summary kept


def test_loaded_outputs_have_french_aliases_rounded_values_and_size_legends(alg_run, qgis_new_project):
    """Before: raw field names, 6 decimals, internal codes (heat_pump), no size legend."""
    from qgis import processing
    from qgis.core import QgsLayerTreeLayer, QgsMapLayerLegend
    from qgis.PyQt.QtCore import Qt

    src = layer("Point", "EPSG:2154", SRC_FIELDS, [
        ("POINT(700000 6600000)", {"id": "HOT", "energy": 1234.567, "temp": 95}),
        ("POINT(703000 6601000)", {"id": "STEP", "energy": 777.777, "temp": 30}),
        ("POINT(760000 6600000)", {"id": "FAR", "energy": 50, "temp": 95}),
    ])
    snk = layer("Point", "EPSG:2154", SINK_FIELDS, [
        ("POINT(701234 6600321)", {"id": "K", "demand": 1000.04, "temp": 70}),
        ("POINT(703500 6602000)", {"id": "K2", "demand": 900, "temp": 60}),
    ])
    processing.runAndLoadResults(ALG, {
        "SOURCES": src, "SOURCE_ID_FIELD": "id", "SOURCE_ENERGY_FIELD": "energy", "SOURCE_TEMP_FIELD": "temp",
        "SINKS": snk, "SINK_ID_FIELD": "id", "SINK_DEMAND_FIELD": "demand", "SINK_TEMP_FIELD": "temp", "HP_COP": 3.3333,
        "OUTPUT_LINKS": "TEMPORARY_OUTPUT", "OUTPUT_SOURCES": "TEMPORARY_OUTPUT", "OUTPUT_SINKS": "TEMPORARY_OUTPUT",
    })
    names = {lyr.name(): lyr for lyr in QgsProject.instance().mapLayers().values()}
    links, sources, sinks = names["Liens de chaleur"], names["Sources de chaleur (bilan)"], names["Puits de chaleur (bilan)"]

    def alias(lyr, field):
        return lyr.attributeAlias(lyr.fields().indexFromName(field))

    assert alias(links, "delivered_mwh") == "Énergie livrée (MWh/an)"
    assert alias(links, "distance_km") == "Distance (km)"
    assert alias(links, "net_value_eur") == "Valeur nette (€/an)"
    assert alias(links, "cop") == "COP de la PAC"
    assert alias(sources, "used_mwh") == "Énergie utilisée (MWh/an)" and alias(sources, "status") == "Statut"
    assert alias(sinks, "coverage_pct") == "Couverture du besoin (%)"
    assert alias(sources, "energy") == ""  # input fields keep theirs

    feats = {f["source_id"]: f for f in links.getFeatures()}
    assert {f["mode"] for f in feats.values()} == {"usage direct", "PAC"}
    assert {f["mode_code"] for f in feats.values()} == {"direct", "heat_pump"}
    for f in feats.values():
        for field, decimals in (("delivered_mwh", 1), ("distance_km", 2), ("net_value_eur", 0), ("cop", 2),
                                ("electricity_mwh", 1), ("cost_eur_mwh", 2)):
            if f[field] is not None and not (hasattr(f[field], "isNull") and f[field].isNull()):
                assert f[field] == round(f[field], decimals), (field, f[field])
    hot = feats["HOT"]
    assert hot["distance_km"] == round(hot.geometry().length() / 1000, 2) and hot["distance_km"] != hot.geometry().length() / 1000
    assert feats["STEP"]["cop"] == 3.33
    balance = {f["id"]: f for f in sources.getFeatures()}
    assert balance["FAR"]["status"] == "aucun puits à portée" and balance["FAR"]["status_code"] == "too_far"
    assert balance["HOT"]["used_pct"] == round(balance["HOT"]["used_pct"], 1)

    # size legends: reference sizes with values in the layer tree
    for lyr, title in ((sources, "Énergie disponible"), (sinks, "Besoin")):
        legend = lyr.renderer().dataDefinedSizeLegend()
        assert legend is not None and legend.title() == title
        assert [c.size for c in legend.classes()] == [1000, 10000, 50000]
        nodes = QgsMapLayerLegend.defaultVectorLegend(lyr).createLayerTreeModelLegendNodes(QgsLayerTreeLayer(lyr))
        texts = [n.data(Qt.ItemDataRole.DisplayRole) for n in nodes]
        for label in ("1\u202f000 MWh/an", "10\u202f000 MWh/an", "50\u202f000 MWh/an"):
            assert label in texts, texts
        sizes = {item.label(): item.symbol().size() for item in lyr.renderer().legendSymbolItems() if item.symbol()}
        assert sizes["1\u202f000 MWh/an"] < sizes["10\u202f000 MWh/an"] < sizes["50\u202f000 MWh/an"]
    # the symbol of a feature grows with its energy, on the fixed scale (same size for the same MWh)
    from qgis.core import QgsExpressionContext, QgsExpressionContextUtils

    context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(sources))
    sizes = {}
    for f in sources.getFeatures():
        context.setFeature(f)
        category = sources.renderer().categories()[0 if f["status_code"] == "used" else 1]
        sizes[f["id"]], ok = category.symbol().dataDefinedSize().valueAsDouble(context, 0.0)
        assert ok
    assert sizes["FAR"] < sizes["STEP"] < sizes["HOT"]


def test_output_strings_go_through_tr():
    """The i18n build collects the literal strings passed to tr(): the new output strings are among them."""
    import build_translations

    strings = build_translations.source_strings(("processing",))
    for text in ("Énergie livrée (MWh/an)", "Distance (km)", "Valeur nette (€/an)", "PAC", "usage direct",
                 "aucun puits à portée", "Résumé de l'appariement", "Paires rejetées (trop loin)",
                 "Le même champ « {field} » est choisi pour « {first} » et « {second} » : choisissez deux champs "
                 "différents."):
        assert text in strings, text


# --------------------------------------------------------------------------- sample files (item 4)
def test_sample_files_have_one_geometry_type_and_distinct_names():
    """Before: dunkerque_sinks.geojson mixed a line and points, so QGIS offered two sublayers both
    named "dunkerque_sinks"."""
    from qgis.core import Qgis, QgsProviderRegistry

    files = sorted(SAMPLE.glob("*.geojson"))
    names = []
    for path in files:
        sublayers = QgsProviderRegistry.instance().querySublayers(str(path), Qgis.SublayerQueryFlag.ResolveGeometryType)
        assert len(sublayers) == 1, (path.name, [s.uri() for s in sublayers])
        names.append(sublayers[0].name())
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["features"] and all("FICTIF" in f["properties"]["note"] for f in data["features"])
    assert len(set(names)) == len(names) == 3
    assert [f.name for f in files] == ["dunkerque_puits_consommateurs.geojson", "dunkerque_puits_reseau.geojson",
                                       "dunkerque_sources.geojson"]
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    assert "FICTIVES" in readme and all(path.name in readme for path in files)


def test_number_boxes_show_sensible_decimals(qgis_processing):
    """The form's number boxes: « 10000 » m and « 5,0 » K, not Processing's six decimals."""
    from qgis.core import QgsProcessingContext
    from qgis.gui import QgsGui, QgsProcessingGui
    from qgis.PyQt.QtWidgets import QAbstractSpinBox

    alg = HeatMatchingAlgorithm()
    alg.initAlgorithm()
    registry = QgsGui.processingGuiRegistry()
    shown = {}
    for name in ("MAX_DISTANCE_M", "MIN_DELTA_T_K", "TRANSPORT_COST_EUR_MWH_KM"):
        wrapper = registry.createParameterWidgetWrapper(alg.parameterDefinition(name),
                                                        QgsProcessingGui.WidgetType.Standard)
        widget = wrapper.createWrappedWidget(QgsProcessingContext())
        boxes = [widget] if isinstance(widget, QAbstractSpinBox) else widget.findChildren(QAbstractSpinBox)
        shown[name] = boxes[0].decimals()
    assert shown == {"MAX_DISTANCE_M": 0, "MIN_DELTA_T_K": 1, "TRANSPORT_COST_EUR_MWH_KM": 2}
