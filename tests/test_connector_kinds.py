"""The connector kinds without a built-in catalogue entry yet (Melodi, WMS, WMTS, data.gouv CSV, the user's
files), through ad-hoc entries of a user catalogue, loaded with load_territory against tools/standins.py:
the loader's handling of FileResult (a local file read on the territory) and RasterResult (a remote layer,
nothing written in the GeoPackage) included."""

import sqlite3

import pytest
from qgis.core import QgsRasterLayer, QgsVectorLayer

import standins
from geo_fixtures import world  # noqa: F401 (fixture)
from geo_fixtures import load_standins, status_of
from ti_energie.layers.cache import Cache

INSIDE = {f"S-{c[0]}" for c in standins.COMMUNES}


def _rows(result, layer_name):
    layer = QgsVectorLayer(f"{result.gpkg_path}|layername={layer_name}", layer_name, "ogr")
    assert layer.isValid(), layer_name
    return layer, {f["id"] if "id" in layer.fields().names() else f.id(): f for f in layer.getFeatures()}


def _gpkg_layers(result):
    with sqlite3.connect(str(result.gpkg_path)) as db:
        return sorted(r[0] for r in db.execute("select table_name from gpkg_contents"))


def _sources_table(result):
    with sqlite3.connect(str(result.gpkg_path)) as db:
        return {r[0] or r[1]: r for r in db.execute("select couche, titre, statut, remarque, millesime from sources")}


def _null(value):
    return value is None or str(value) == "NULL"


# ------------------------------------------------------------------ Melodi
def test_melodi_observations_of_the_territory(world, tmp_path, monkeypatch):
    world.page_size_cap = 2  # 4 sites in Nord (one outside the territory), 3 in Pas-de-Calais: pages
    result = load_standins(world, tmp_path, monkeypatch, {"emplois": standins.source_entry("melodi", world.server)})
    assert status_of(result, "emplois").state == "ok" and not result.warnings
    layer = QgsVectorLayer(f"{result.gpkg_path}|layername=emplois", "e", "ogr")
    rows = {f["code_commune"]: f for f in layer.getFeatures()}
    assert set(rows) == {c[0] for c in standins.COMMUNES}  # 59999 is not in the territory
    assert rows["62002"]["effectif"] == world.site("62002")["valeur"] and rows["62002"]["statut"] == "A"
    assert not layer.isSpatial()
    requests = [r for r in world.server.requests if r.startswith("/melodi/")]
    assert sum("GEO=DEP-59%2ACOM" in r or "GEO=DEP-59*COM" in r for r in requests) == 2  # 2 pages
    assert sum("DEP-62" in r for r in requests) == 2
    assert all("TIME_PERIOD=2023" in r and "maxResult=50" in r for r in requests)
    assert [s.layer_name for s in result.layers] == ["emplois", "perimetre", "epci", "communes"]


def test_melodi_without_dataset(world, tmp_path, monkeypatch):
    entry = standins.source_entry("melodi", world.server)
    del entry["dataset"]
    result = load_standins(world, tmp_path, monkeypatch, {"emplois": entry})
    assert "n'indique pas le jeu de données Melodi (dataset)" in status_of(result, "emplois").detail
    assert "emplois" not in _gpkg_layers(result)


# ------------------------------------------------------------------ WMS / WMTS
def test_wms_layer_is_added_as_is(world, tmp_path, monkeypatch):
    result = load_standins(world, tmp_path, monkeypatch, {"fond": standins.source_entry("wms_raster", world.server)})
    spec = [s for s in result.layers if s.source_key == "fond"][0]
    assert spec.kind == "raster" and spec.provider == "wms" and spec.layer_name == ""
    assert spec.title == "Fond WMS – Essai"
    assert f"layers={standins.WMS_LAYER}" in spec.uri and f"url={world.server.url('/wms')}" in spec.uri
    assert "crs=EPSG:2154" in spec.uri and "format=image/png" in spec.uri
    assert [s.kind for s in result.layers] == ["raster", "vector", "vector", "vector"]  # under the perimeters
    assert _gpkg_layers(result) == ["communes", "epci", "layer_styles", "perimetre", "sources"]  # nothing downloaded
    assert _sources_table(result)["Fond WMS – Essai"][2] == "ok"
    assert status_of(result, "fond").state == "ok" and status_of(result, "fond").count is None
    raster = QgsRasterLayer(spec.uri, "fond", "wms")
    assert raster.isValid(), raster.error().message()


def test_wmts_layer_is_added_as_is(world, tmp_path, monkeypatch):
    result = load_standins(world, tmp_path, monkeypatch, {"plan": standins.source_entry("wmts_raster", world.server)})
    spec = [s for s in result.layers if s.source_key == "plan"][0]
    assert spec.kind == "raster" and spec.provider == "wms"
    assert f"layers={standins.WMTS_LAYER}" in spec.uri and "tileMatrixSet=PM" in spec.uri
    assert "styles=normal" in spec.uri and "crs=EPSG:3857" in spec.uri
    assert f"url={world.server.url('/wmts')}%3FSERVICE%3DWMTS%26REQUEST%3DGetCapabilities" in spec.uri
    assert _gpkg_layers(result) == ["communes", "epci", "layer_styles", "perimetre", "sources"]


@pytest.mark.parametrize("kind, message", [("wms_raster", "couche « absente » absente du service WMS"),
                                           ("wmts_raster", "couche « absente » absente du service WMTS")])
def test_raster_layer_missing_from_the_service(world, tmp_path, monkeypatch, kind, message):
    result = load_standins(world, tmp_path, monkeypatch, {"fond": standins.source_entry(kind, world.server,
                                                                                raster_layer="absente")})
    assert status_of(result, "fond").state == "failed" and message in status_of(result, "fond").detail
    assert not [s for s in result.layers if s.source_key == "fond"]
    assert any(message in w and "Couche non chargée" in w for w in result.warnings)


# ------------------------------------------------------------------ data.gouv CSV
def test_datagouv_csv_resource(world, tmp_path, monkeypatch):
    result = load_standins(world, tmp_path, monkeypatch,
                           {"sites_csv": standins.source_entry("datagouv_csv", world.server)})
    assert status_of(result, "sites_csv").state == "ok", result.warnings
    layer, rows = _rows(result, "sites_csv")
    assert set(rows) == INSIDE and layer.crs().authid() == "EPSG:2154"
    assert rows["S-62003"]["valeur"] == world.site("62003")["valeur"] and rows["S-62003"]["nom"] == "Site de Fville"
    assert _sources_table(result)["sites_csv"][4] == "2025-07-01"  # the resource's last_modified
    assert "/datagouv/files/ancien.zip" not in world.server.requests


def test_datagouv_csv_without_its_coordinate_columns(world, tmp_path, monkeypatch):
    """A resource whose columns changed: a message naming the missing columns (not the path of a file of the
    cache), and nothing cached."""
    world.csv_text = "id;nom;code_commune;valeur;annee;longitude;latitude\nS-59001;a;59001;1;2020;2.31;50.91\n"
    result = load_standins(world, tmp_path, monkeypatch,
                           {"sites_csv": standins.source_entry("datagouv_csv", world.server)})
    status = status_of(result, "sites_csv")
    assert status.state == "failed" and "colonne(s) absente(s) du CSV : lon, lat" in status.detail, status
    csv_url = world.server.url("/datagouv/files/sites.csv")
    assert not Cache(tmp_path / "cache").path_for("sites_csv", csv_url).exists()
    assert Cache(tmp_path / "cache").path_for("sites_csv", world.server.url("/datagouv/datasets/essai/")).exists()
    assert any("dataset" not in w and "colonne(s) absente(s) du CSV : lon, lat (3 tentatives)" in w
               for w in result.warnings)


def test_datagouv_csv_without_a_field_column(world, tmp_path, monkeypatch):
    world.csv_text = world.csv().replace(";valeur;", ";autre;")
    result = load_standins(world, tmp_path, monkeypatch,
                           {"sites_csv": standins.source_entry("datagouv_csv", world.server)})
    assert status_of(result, "sites_csv").state == "ok"  # a `working` source: the column is left empty, and said
    assert any("colonne(s) absente(s)" in w and ": valeur (laissées vides)" in w for w in result.warnings), \
        result.warnings
    assert set(_rows(result, "sites_csv")[1]) == INSIDE


def test_csv_validator_tells_a_cut_file_from_a_complete_one(tmp_path):
    from ti_energie.layers.payloads import InvalidPayload, csv_file

    path = tmp_path / "f.csv"
    path.write_bytes(b"id;nom;valeur;lon;lat\n1;a;1,5;2.31;50.91\n2;b;2,5;2.32;50.92")  # no final newline
    csv_file(path, ["lon", "lat"])
    path.write_bytes(b"id;nom;valeur;lon;lat\n1;a;1,5;2.31;50.91\n2;b;2")  # cut in the middle of a line
    with pytest.raises(InvalidPayload, match="fichier CSV incomplet : la dernière ligne n'a que 3 colonne"):
        csv_file(path, ["lon", "lat"])
    with pytest.raises(InvalidPayload, match="colonne\\(s\\) absente\\(s\\) du CSV : x"):
        csv_file(path, ["x"])


def test_a_csv_resource_cut_short_is_fetched_again(world, tmp_path, monkeypatch):
    from local_server import Fault

    world.server.inject("/datagouv/files/sites.csv", Fault.truncated(keep=0.4, announce_length=False))
    result = load_standins(world, tmp_path, monkeypatch,
                           {"sites_csv": standins.source_entry("datagouv_csv", world.server)})
    assert status_of(result, "sites_csv").state == "ok" and set(_rows(result, "sites_csv")[1]) == INSIDE
    assert world.server.count("/datagouv/files/sites.csv") == 2


# ------------------------------------------------------------------ the user's files
def _user(path, **keys):
    """A user_file entry of the user's catalogue for the file `path`."""
    return {"label": "Mes sites", "producer": "Agence", "licence": "Interne", "theme": "economie",
            "connector": "user_file", "state": "user_file", "geometry": "point", "layer": "sites_perso",
            "title": "Sites perso", "fields": standins.SITE_FIELDS, "path": str(path), **keys}


@pytest.mark.parametrize("fmt", ["gpkg", "geojson", "shp", "csv_xy", "csv_wkt", "csv_tab"])
def test_user_files(world, tmp_path, monkeypatch, fmt):
    files = tmp_path / "mes fichiers"
    files.mkdir()
    keys = {}
    if fmt == "gpkg":
        path = standins.write_gpkg(world, files / "sites.gpkg", layer_name="mes_sites")
        keys["layer_name"] = "mes_sites"
    elif fmt == "geojson":
        path = standins.write_geojson(world, files / "sites.geojson")
    elif fmt == "shp":
        path = standins.write_shapefile(world, files / "sites.shp")
        keys["fields"] = {**standins.SITE_FIELDS, "code_commune": {"from": "code_commu", "type": "str"}}  # 10 chars
    elif fmt == "csv_xy":
        path = standins.write_csv_xy(world, files / "sites.csv")
        keys.update(x_field="x", y_field="y", crs="EPSG:2154")
    elif fmt == "csv_wkt":
        path = standins.write_csv_wkt(world, files / "sites.csv")
        keys.update(wkt_field="geom", crs="EPSG:4326")
    else:  # tab-separated (`delimiter: "\t"` in the YAML)
        path = standins.write_csv_xy(world, files / "sites.txt")
        path.write_text(path.read_text(encoding="utf-8").replace(";", "\t"), encoding="utf-8")
        keys.update(x_field="x", y_field="y", crs="EPSG:2154", delimiter="\t")
    result = load_standins(world, tmp_path, monkeypatch, {"mes_sites": _user(path, **keys)})
    status = status_of(result, "mes_sites")
    assert status.state == "ok" and status.count == 6, (status, result.warnings)
    layer, rows = _rows(result, "sites_perso")
    assert set(rows) == INSIDE and layer.crs().authid() == "EPSG:2154"
    assert rows["S-59002"]["valeur"] == world.site("59002")["valeur"] and rows["S-59002"]["annee"] == 2016
    commune = [f for f in QgsVectorLayer(f"{result.gpkg_path}|layername=communes", "c", "ogr").getFeatures()
               if f["insee"] == "59002"][0]
    assert commune.geometry().contains(rows["S-59002"].geometry())  # reprojected to Lambert-93, in place
    spec = [s for s in result.layers if s.source_key == "mes_sites"][0]
    assert spec.title == "Sites perso – Essai" and spec.aliases["valeur"] == "Valeur (u.)"


SHP_FIELDS = {**standins.SITE_FIELDS, "code_commune": {"from": "code_commu", "type": "str"}}


def test_user_file_without_crs_and_crs_given(world, tmp_path, monkeypatch):
    path = standins.write_shapefile(world, tmp_path / "sites.shp", with_prj=False)
    result = load_standins(world, tmp_path, monkeypatch, {"mes_sites": _user(path, crs="EPSG:2154", fields=SHP_FIELDS)})
    assert status_of(result, "mes_sites").state == "ok"
    assert set(_rows(result, "sites_perso")[1]) == INSIDE


def test_user_file_without_crs(world, tmp_path, monkeypatch):
    path = standins.write_shapefile(world, tmp_path / "sites.shp", with_prj=False)
    result = load_standins(world, tmp_path, monkeypatch, {"mes_sites": _user(path, fields=SHP_FIELDS)})
    status = status_of(result, "mes_sites")
    assert "système de coordonnées inconnu pour sites.shp : indiquez-le dans le catalogue (crs: EPSG:2154" \
        in status.detail
    assert _rows(result, "sites_perso")[0].featureCount() == 0  # an empty layer, its metadata says why


def test_missing_user_file_gives_an_empty_explained_layer(world, tmp_path, monkeypatch):
    missing = tmp_path / "introuvable.gpkg"
    result = load_standins(world, tmp_path, monkeypatch, {"mes_sites": _user(missing)})
    status = status_of(result, "mes_sites")
    assert status.state == "not_provided" and status.detail == f"fichier introuvable : {missing}"
    layer, rows = _rows(result, "sites_perso")
    assert rows == {} and layer.fields().names()[1:] == list(standins.SITE_FIELDS)  # fid, then the fields
    table = _sources_table(result)["sites_perso"]
    assert table[2] == "not_provided" and f"fichier introuvable : {missing}" in table[3]
    spec = [s for s in result.layers if s.source_key == "mes_sites"][0]
    assert spec.provenance["note"] == f"fichier introuvable : {missing}."


def test_user_file_not_given(world, tmp_path, monkeypatch):
    result = load_standins(world, tmp_path, monkeypatch, {"mes_sites": _user("")})
    assert "aucun fichier indiqué" in status_of(result, "mes_sites").detail
    assert status_of(result, "mes_sites").state == "not_provided"


def test_user_file_with_a_missing_column(world, tmp_path, monkeypatch):
    path = standins.write_gpkg(world, tmp_path / "sites.gpkg")
    fields = {**standins.SITE_FIELDS, "puissance": {"from": "PUISSANCE_KW", "type": "double"}}
    result = load_standins(world, tmp_path, monkeypatch, {"mes_sites": _user(path, fields=fields)})
    detail = status_of(result, "mes_sites").detail
    assert "colonne(s) absente(s) de sites.gpkg : PUISSANCE_KW" in detail
    assert "(colonnes du fichier : annee, code_commune, fid, id, nom, valeur)" in detail
    # the same file declared as a working source: loaded, the column left empty, and said
    result = load_standins(world, tmp_path, monkeypatch, {"mes_sites": _user(path, fields=fields, state="working")},
                   name="t2.gpkg")
    assert status_of(result, "mes_sites").state == "ok"
    assert any("PUISSANCE_KW (laissées vides)" in w for w in result.warnings)
    assert all(_null(f["puissance"]) for f in _rows(result, "sites_perso")[1].values())


def test_user_csv_without_coordinate_columns(world, tmp_path, monkeypatch):
    path = standins.write_csv_xy(world, tmp_path / "sites.csv")
    result = load_standins(world, tmp_path, monkeypatch, {"mes_sites": _user(path, crs="EPSG:2154")})
    assert "indiquez les colonnes de coordonnées (x_field et y_field) ou wkt_field" in \
        status_of(result, "mes_sites").detail


def test_user_gpkg_with_a_wrong_layer_name(world, tmp_path, monkeypatch):
    path = standins.write_gpkg(world, tmp_path / "sites.gpkg")
    result = load_standins(world, tmp_path, monkeypatch, {"mes_sites": _user(path, layer_name="autre")})
    assert f"fichier illisible : {path} (couche « autre »)" in status_of(result, "mes_sites").detail
