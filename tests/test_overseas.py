"""Overseas territories: layers in the region's official projected CRS, not Lambert-93."""

import json
import math

import pytest
from qgis.core import QgsVectorLayer

from geo_fixtures import write_catalogue
from local_server import LocalServer
from ti_energie.core.crs import LAMBERT93, crs_for_departement, region_of, territory_crs
from ti_energie.core.territories import Territory
from ti_energie.layers import settings
from ti_energie.layers.cache import Cache
from ti_energie.layers.territory_loader import load_territory


@pytest.mark.parametrize("territory_id, region, expected", [
    ("ti-3201", "32", LAMBERT93), ("ti-8418", "", LAMBERT93), ("ti-0401", "04", "EPSG:2975"),
    ("ti-0101", "", "EPSG:5490"), ("ti-0301", "03", "EPSG:2972"), ("ti-0601", "", "EPSG:4471"),
])
def test_territory_crs(territory_id, region, expected):
    territory = Territory(id=territory_id, name="x", short_name="x", epci=(), region=region)
    assert territory_crs(territory) == expected
    assert region_of(territory) == (region or territory_id[3:5])


def test_crs_of_departements():
    assert crs_for_departement("974") == "EPSG:2975" and crs_for_departement("59") == LAMBERT93
    assert crs_for_departement("971") == crs_for_departement("972") == "EPSG:5490"


def _square(lon, lat, side_deg):
    return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + side_deg, lat], [lon + side_deg, lat + side_deg],
                                                 [lon, lat + side_deg], [lon, lat]]]}


def test_a_reunion_territory_is_written_in_rgr92_utm40s(tmp_path, monkeypatch):
    """A square of 0.1° at 21° S is about 10.4 km × 11.1 km: areas in UTM 40S, not Lambert-93 metres."""
    commune = {"type": "Feature", "geometry": _square(55.45, -21.0, 0.1),
               "properties": {"code": "97411", "nom": "Saint-Denis (essai)", "population": 150000,
                              "codeEpci": "249740119", "codeDepartement": "974"}}
    routes = {"/communes": lambda path, query: json.dumps({"type": "FeatureCollection", "features": [commune]}).encode(),
              "/epcis/*": lambda path, query: b'{"nom": "CINOR (essai)", "code": "249740119", "population": 150000}'}
    with LocalServer(routes) as server:
        monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(write_catalogue(tmp_path / "c.yaml", geo_api=server.base_url)))
        territory = Territory(id="ti-0401", name="Nord Réunion (essai)", short_name="Nord Réunion", epci=("249740119",),
                              region="04")
        result = load_territory(territory, [], tmp_path / "r.gpkg", settings.load_catalogue(),
                                Cache(settings.cache_dir()))
    assert result.crs == "EPSG:2975"
    layer = QgsVectorLayer(f"{result.gpkg_path}|layername=perimetre", "p", "ogr")
    assert layer.crs().authid() == "EPSG:2975"
    feature = next(layer.getFeatures())
    expected_km2 = (0.1 * 111.32 * math.cos(math.radians(-20.95))) * (0.1 * 110.57)
    assert feature["superficie_km2"] == pytest.approx(expected_km2, rel=0.01)
    box = feature.geometry().boundingBox()
    assert 300_000 < box.xMinimum() < 400_000 and 7_600_000 < box.yMinimum() < 7_700_000  # UTM 40S coordinates
