"""ti_energie:load_territory through Processing and under qgis_process."""

from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsVectorLayer

from geo_fixtures import geo_server  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parent.parent



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


# --- output checks, warnings and statuses -------------------------------------------------------------------------

def _run_expecting_error(output):
    from qgis import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException) as err:
        processing.run("ti_energie:load_territory", {"TERRITORY": "ti-3201", "THEMES": [], "OUTPUT": str(output)})
    return str(err.value)


def test_output_that_is_a_folder_is_refused(provider, geo_server, tmp_path):
    folder = tmp_path / "sorties"
    folder.mkdir()
    message = _run_expecting_error(folder)
    assert f"Sortie « {folder} » : c'est un dossier" in message
    assert not (tmp_path / "sorties.gpkg").exists() and list(folder.iterdir()) == []
    assert geo_server.requests == []  # refused before any download


def test_output_below_a_file_is_refused(provider, geo_server, tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    message = _run_expecting_error(tmp_path / "notes.txt" / "dk.gpkg")
    assert f"{tmp_path / 'notes.txt'} est un fichier, pas un dossier" in message
    assert ".part" not in message and geo_server.requests == []


def test_output_in_a_folder_without_write_access_is_refused(provider, geo_server, tmp_path, monkeypatch):
    import os

    from ti_energie.layers import outputs

    folder = tmp_path / "protege"
    folder.mkdir()
    if os.geteuid() == 0:  # root writes everywhere: the probe fails as on a read-only share
        def refuse(*_args, **_kwargs):
            raise PermissionError(13, "Permission non accordée")

        monkeypatch.setattr(outputs.tempfile, "mkstemp", refuse)
    else:
        folder.chmod(0o555)
    try:
        message = _run_expecting_error(folder / "dk.gpkg")
    finally:
        folder.chmod(0o755)
    assert f"impossible d'écrire dans le dossier {folder}" in message
    assert ".part" not in message and geo_server.requests == []
    assert list(folder.iterdir()) == []


def test_warnings_are_warnings_and_statuses_are_listed_under_qgis_process(geo_server, tmp_path):
    from qgis_process_helper import run_qgis_process

    from geo_fixtures import UNWIRED_THEMES, unwire

    unwire(*UNWIRED_THEMES)
    out = tmp_path / "dk.gpkg"
    # « Consommateurs » (index 0) without a source: a warning; « Producteurs » (1): two sources
    proc = run_qgis_process(tmp_path, "ti_energie:load_territory", "TERRITORY=ti-3201", "THEMES=0,1",
                            f"OUTPUT={out}")
    output = proc.stdout + proc.stderr
    assert "WARNING:\tThème « Consommateurs » : aucune source branchée pour l'instant." in proc.stdout
    assert "ERROR:" not in output
    lines = proc.stdout.splitlines()
    start = lines.index("État des sources :")
    assert lines[start + 1:start + 4] == [
        "- API Découpage administratif (geo.api.gouv.fr) : chargée (122 entités)",
        "- ODRÉ – Points d'injection de biométhane : chargée (8 entités)",
        "- ODRÉ – Registre national des installations de production et de stockage d'électricité : chargée "
        "(10 entités)"]


def test_push_warning_falls_back_to_push_info():
    from ti_energie.processing.alg_load_territory import push_warning

    class OldFeedback:  # a feedback without pushWarning (QGIS < 3.20)
        def __init__(self):
            self.infos = []

        def pushInfo(self, text):  # noqa: N802
            self.infos.append(text)

    feedback = OldFeedback()
    push_warning(feedback, "source lente")
    assert feedback.infos == ["Avertissement : source lente"]
