"""ti_energie:load_territory through Processing and under qgis_process."""

import os
import shutil
import subprocess
import sys
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


def _qgis_process():
    for name in ("qgis_process.bin", "qgis_process"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("qgis_process absent")


def test_qgis_process(geo_server, tmp_path):
    """The installed plugin runs headless under qgis_process, from a fresh profile."""
    exe = _qgis_process()
    profile = tmp_path / "profile"
    plugins = profile / "python" / "plugins"
    plugins.mkdir(parents=True)
    (plugins / "ti_energie").symlink_to(ROOT, target_is_directory=True)
    (profile / "QGIS").mkdir()
    (profile / "QGIS" / "QGIS3.ini").write_text("[PythonPlugins]\nti_energie=true\n", encoding="utf-8")
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile-root"), QT_QPA_PLATFORM="offscreen",
               PYTHONDONTWRITEBYTECODE="1")
    # qgis_process reads plugins from <config>/profiles/default
    root = tmp_path / "profile-root" / "profiles"
    root.mkdir(parents=True)
    (root / "default").symlink_to(profile, target_is_directory=True)
    out = tmp_path / "dk.gpkg"
    proc = subprocess.run([exe, "run", "ti_energie:load_territory", "--", "TERRITORY=ti-3201",
                           f"OUTPUT={out}"], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "LAYER_COUNT" in proc.stdout
    assert QgsVectorLayer(f"{out}|layername=communes", "c", "ogr").featureCount() > 100
