"""ti_energie:load_territory through Processing and under qgis_process."""

from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsVectorLayer

from geo_fixtures import geo_server  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def provider(qgis_processing):
    from ti_energie.processing.provider import TiEnergieProvider

    registry = QgsApplication.processingRegistry()
    if registry.providerById("ti_energie") is None:
        prov = TiEnergieProvider()
        registry.addProvider(prov)
        yield prov
        registry.removeProvider(prov)
    else:
        yield registry.providerById("ti_energie")


def test_processing_run_writes_perimeters(provider, geo_server, tmp_path):
    from qgis import processing

    out = tmp_path / "out.gpkg"
    result = processing.run("ti_energie:load_territory", {"TERRITORY": "AA - Dunkerque - Flandre",
                                                          "THEMES": [], "OUTPUT": str(out)})
    assert result["OUTPUT"] == str(out) and result["LAYER_COUNT"] == 3
    assert QgsVectorLayer(f"{out}|layername=epci", "e", "ogr").featureCount() == 4


def test_unknown_territory_is_a_clear_processing_error(provider, tmp_path):
    from qgis import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="Territoire « Atlantide » inconnu"):
        processing.run("ti_energie:load_territory", {"TERRITORY": "Atlantide", "OUTPUT": str(tmp_path / "x.gpkg")})


def test_qgis_process(geo_server, tmp_path):
    """The installed plugin runs headless under qgis_process, from a fresh profile."""
    from qgis_process_helper import run_qgis_process

    out = tmp_path / "dk.gpkg"
    proc = run_qgis_process(tmp_path, "ti_energie:load_territory", "TERRITORY=ti-3201", f"OUTPUT={out}")
    assert "LAYER_COUNT" in proc.stdout
    assert QgsVectorLayer(f"{out}|layername=communes", "c", "ogr").featureCount() > 100


def test_heat_matching_under_qgis_process(tmp_path):
    from qgis_process_helper import run_qgis_process

    sample = ROOT / "sample_data" / "heat"
    links = tmp_path / "links.gpkg"
    # qgis_process 3.22 wants the required field parameters written out, defaults or not
    proc = run_qgis_process(
        tmp_path, "ti_energie:heat_matching",
        f"SOURCES={sample / 'dunkerque_sources.geojson'}", "SOURCE_ENERGY_FIELD=chaleur_mwh_an",
        "SOURCE_TEMP_FIELD=temperature_c", f"SINKS={sample / 'dunkerque_puits_consommateurs.geojson'}",
        "SINK_DEMAND_FIELD=livraisons_mwh", "SINK_TEMP_FIELD=temperature_c", f"OUTPUT_LINKS={links}",
        f"OUTPUT_SOURCES={tmp_path / 'sources.gpkg'}", f"OUTPUT_SINKS={tmp_path / 'sinks.gpkg'}")
    layer = QgsVectorLayer(str(links), "links", "ogr")
    assert layer.isValid() and layer.featureCount() > 0, proc.stdout
    assert sum(f["delivered_mwh"] for f in layer.getFeatures()) > 0
    assert {f["source_id"] for f in layer.getFeatures()} <= {f"S{n}" for n in range(1, 8)}  # default id field
    assert "Résumé de l'appariement" in proc.stdout


def test_toolbox_run_opens_the_styled_layers(provider, geo_server, tmp_path, qgis_new_project):
    """Run as from the toolbox: the layers are queued to open in the project, with style and provenance."""
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    alg = QgsApplication.processingRegistry().createAlgorithmById("ti_energie:load_territory")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    out = tmp_path / "tb.gpkg"
    results, ok = alg.run({"TERRITORY": "ti-3201", "OUTPUT": str(out)}, context, QgsProcessingFeedback())
    assert ok and results["LAYER_COUNT"] == 3
    details = context.layersToLoadOnCompletion()
    assert sorted(d.name for d in details.values()) == [
        "Communes – AA - Dunkerque - Flandre", "EPCI – AA - Dunkerque - Flandre", "Périmètre – AA - Dunkerque - Flandre"]
    layers = [context.getMapLayer(layer_id) for layer_id in details]
    epci = [lyr for lyr in layers if lyr.name().startswith("EPCI")][0]
    assert epci.featureCount() == 4 and epci.source().startswith(str(out))
    assert epci.customProperty("ti_energie/licence") == "Licence Ouverte 2.0"
    assert epci.renderer().symbol().color().alpha() == 0  # epci.qml: outline only
