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
    import processing

    out = tmp_path / "out.gpkg"
    result = processing.run("ti_energie:load_territory", {"TERRITORY": "AA - Dunkerque - Flandre",
                                                          "THEMES": [], "OUTPUT": str(out)})
    assert result["OUTPUT"] == str(out) and result["LAYER_COUNT"] == 3
    assert QgsVectorLayer(f"{out}|layername=epci", "e", "ogr").featureCount() == 4


def test_unknown_territory_is_a_clear_processing_error(provider, tmp_path):
    import processing
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
    proc = run_qgis_process(
        tmp_path, "ti_energie:heat_matching",
        f"SOURCES={sample / 'dunkerque_sources.geojson'}", "SOURCE_ID_FIELD=id", "SOURCE_ENERGY_FIELD=energie_mwh",
        "SOURCE_TEMP_FIELD=temperature_c", f"SINKS={sample / 'dunkerque_sinks.geojson'}", "SINK_ID_FIELD=id",
        "SINK_DEMAND_FIELD=besoin_mwh", "SINK_TEMP_FIELD=temperature_c", f"OUTPUT_LINKS={links}",
        f"OUTPUT_SOURCES={tmp_path / 'sources.gpkg'}", f"OUTPUT_SINKS={tmp_path / 'sinks.gpkg'}")
    layer = QgsVectorLayer(str(links), "links", "ogr")
    assert layer.isValid() and layer.featureCount() > 0, proc.stdout
    assert sum(f["delivered_mwh"] for f in layer.getFeatures()) > 0
