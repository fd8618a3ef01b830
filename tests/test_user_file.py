"""The agency's own files (connector `user_file`): GeoPackage, GeoJSON, Shapefile, CSV with x/y or WKT
columns, any CRS, mapped to a theme's fields by the catalogue — no code; clear French messages for a missing
file, a missing column, an unknown CRS. The example of docs/sources.md (also in the README) is run as is."""

import re
from pathlib import Path

import pytest
import yaml
from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsFeature, QgsGeometry, QgsProject,
                       QgsVectorFileWriter, QgsVectorLayer)

from geo_fixtures import geo_server  # noqa: F401 (fixture)
from ti_energie.core.errors import SourceError
from ti_energie.core.territories import load_builtin
from ti_energie.layers import settings
from ti_energie.layers.cache import Cache
from ti_energie.layers.catalogue import Catalogue
from ti_energie.layers.gpkg import make_fields
from ti_energie.layers.territory_loader import load_territory

ROOT = Path(__file__).resolve().parent.parent
DUNKERQUE = load_builtin().get("ti-3201")
# a line and a point inside the territory (Lambert-93), and a point outside it
LINE = [(644500, 7101000), (648500, 7101500)]
INSIDE, OUTSIDE = (653000, 7103500), (704000, 7059000)


def _write(path, fields, rows, geometry, crs="EPSG:2154", driver="GPKG", layer_name=None):
    """A vector file of `rows` [(values, WKT in Lambert-93)] reprojected to `crs`."""
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = driver
    if layer_name:
        options.layerName = layer_name
    qfields = make_fields(fields)
    target = QgsCoordinateReferenceSystem(crs)
    writer = QgsVectorFileWriter.create(str(path), qfields, geometry, target, QgsProject.instance().transformContext(),
                                        options)
    transform = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:2154"), target, QgsProject.instance())
    for values, wkt in rows:
        feature = QgsFeature(qfields)
        feature.setAttributes(values)
        shape = QgsGeometry.fromWkt(wkt)
        shape.transform(transform)
        feature.setGeometry(shape)
        assert writer.addFeature(feature)
    del writer
    return path


def _wkt_line(points):
    return "LINESTRING (" + ", ".join(f"{x} {y}" for x, y in points) + ")"


def _context(key, catalogue, tmp_path):
    from ti_energie.layers.connectors.base import Context
    from ti_energie.layers.perimeters import build_perimeters

    cache = Cache(tmp_path / "cache")
    return Context(key, catalogue, cache, DUNKERQUE, build_perimeters(DUNKERQUE, catalogue, cache))


def _read(key, catalogue, tmp_path):
    from ti_energie.layers.connectors.user_file import read_local, user_file

    ctx = _context(key, catalogue, tmp_path)
    return ctx, read_local(ctx, user_file(ctx), strict=True)


def _h2(catalogue, **entry):
    catalogue.sources["reseau_h2"] = {**catalogue.sources["reseau_h2"], **entry}
    return catalogue


# ------------------------------------------------------------------------------- formats and CRS
@pytest.mark.parametrize("driver, suffix, crs", [("GPKG", ".gpkg", "EPSG:2154"), ("GeoJSON", ".geojson", "EPSG:4326"),
                                                 ("ESRI Shapefile", ".shp", "EPSG:3857")])
def test_vector_files_in_any_crs(geo_server, tmp_path, driver, suffix, crs):
    from ti_energie.layers.gpkg import MULTILINESTRING

    path = _write(tmp_path / f"h2{suffix}", [("NOM", "str"), ("EXPLOIT", "str"), ("STATUT", "str")],
                  [(["Canalisation A", "Opérateur A", "En service"], _wkt_line(LINE)),
                   (["Hors territoire", "B", "Projet"], _wkt_line([OUTSIDE, (OUTSIDE[0] + 500, OUTSIDE[1])]))],
                  MULTILINESTRING, crs, driver, "canalisations" if driver == "GPKG" else None)
    catalogue = _h2(settings.load_catalogue(), path=str(path),
                    fields={"nom": {"from": "NOM", "type": "str"}, "operateur": {"from": "EXPLOIT", "type": "str"},
                            "etat": {"from": "STATUT", "type": "str"},
                            "source": {"type": "str", "value": "Fichier de l'agence"}},
                    **({"layer_name": "canalisations"} if driver == "GPKG" else {}))
    _ctx, data = _read("reseau_h2", catalogue, tmp_path)
    assert [row[0] for row in data.rows] == [["Canalisation A", "Opérateur A", "En service", "Fichier de l'agence"]]
    start = data.rows[0][1].asMultiPolyline()[0][0]
    assert (start.x(), start.y()) == pytest.approx(LINE[0], abs=0.01)  # back in Lambert-93


@pytest.mark.parametrize("columns, options", [
    ("nom;x;y", {"x_field": "x", "y_field": "y", "crs": "EPSG:2154"}),
    ("nom;lon;lat", {"x_field": "lon", "y_field": "lat", "crs": "EPSG:4326", "decimal_point": ","}),
    ("nom,lon,lat", {"x_field": "lon", "y_field": "lat", "crs": "EPSG:4326", "delimiter": ","}),
    ("nom;wkt", {"wkt_field": "wkt", "crs": "EPSG:2154"}),
])
def test_csv_with_coordinates_or_wkt(geo_server, tmp_path, columns, options):
    to_wgs84 = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:2154"),
                                      QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance())
    separator = options.get("delimiter", ";")
    lines = [columns]
    for name, (x, y) in (("Dedans", INSIDE), ("Dehors", OUTSIDE)):
        if "wkt_field" in options:
            lines.append(f"{name};POINT ({x} {y})")
        elif options["crs"] == "EPSG:4326":
            point = to_wgs84.transform(x, y)
            lon, lat = f"{point.x():.7f}", f"{point.y():.7f}"
            if options.get("decimal_point") == ",":  # a CSV of a French spreadsheet
                lon, lat = lon.replace(".", ","), lat.replace(".", ",")
            lines.append(separator.join((name, lon, lat)))
        else:
            lines.append(f"{name};{x};{y}")
    path = tmp_path / "sites.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    catalogue = settings.load_catalogue()
    catalogue.sources["mes_sites"] = {"label": "Mes sites", "connector": "user_file", "state": "user_file",
                                      "path": str(path), "geometry": "point", **options, "fields": {"nom": "str"}}
    _ctx, data = _read("mes_sites", catalogue, tmp_path)
    assert [r[0] for r in data.rows] == [["Dedans"]]  # « Dehors » is outside the territory
    point = data.rows[0][1].asPoint()
    assert (point.x(), point.y()) == pytest.approx(INSIDE, abs=0.05)


# ------------------------------------------------------------------------------- clear messages
def test_missing_file(geo_server, tmp_path):
    catalogue = _h2(settings.load_catalogue(), path=str(tmp_path / "absent.gpkg"))
    with pytest.raises(SourceError, match=r"fichier introuvable : .*absent\.gpkg"):
        _read("reseau_h2", catalogue, tmp_path)


def test_missing_column_names_the_file_and_its_columns(geo_server, tmp_path):
    from ti_energie.layers.gpkg import MULTILINESTRING

    path = _write(tmp_path / "h2.gpkg", [("nom", "str"), ("etat", "str")], [(["A", "Projet"], _wkt_line(LINE))],
                  MULTILINESTRING)
    catalogue = _h2(settings.load_catalogue(), path=str(path))
    with pytest.raises(SourceError) as err:
        _read("reseau_h2", catalogue, tmp_path)
    assert err.value.detail == "colonne(s) absente(s) de h2.gpkg : operateur (colonnes du fichier : etat, fid, nom)."


def test_csv_without_crs_or_coordinates(geo_server, tmp_path):
    path = tmp_path / "sites.csv"
    path.write_text("nom;x;y\nA;653000;7103500\n", encoding="utf-8")
    catalogue = settings.load_catalogue()
    base = {"label": "Mes sites", "connector": "user_file", "state": "user_file", "path": str(path),
            "geometry": "point", "fields": {"nom": "str"}}
    catalogue.sources["mes_sites"] = {**base, "x_field": "x", "y_field": "y"}
    with pytest.raises(SourceError, match=r"système de coordonnées inconnu pour sites\.csv : indiquez-le"):
        _read("mes_sites", catalogue, tmp_path)
    catalogue.sources["mes_sites"] = {**base, "crs": "EPSG:99999", "x_field": "x", "y_field": "y"}
    with pytest.raises(SourceError, match=r"système de coordonnées inconnu"):
        _read("mes_sites", catalogue, tmp_path)
    catalogue.sources["mes_sites"] = dict(base)
    with pytest.raises(SourceError, match=r"indiquez les colonnes de coordonnées \(x_field et y_field\) ou wkt_field"):
        _read("mes_sites", catalogue, tmp_path)


def test_an_unreadable_file(geo_server, tmp_path):
    path = tmp_path / "h2.geojson"
    path.write_text("ceci n'est pas du GeoJSON", encoding="utf-8")
    catalogue = _h2(settings.load_catalogue(), path=str(path))
    with pytest.raises(SourceError, match=r"fichier illisible : .*h2\.geojson"):
        _read("reseau_h2", catalogue, tmp_path)


def test_a_broken_file_is_an_empty_explained_layer_of_the_load(geo_server, tmp_path):
    catalogue = _h2(settings.load_catalogue(), path=str(tmp_path / "absent.gpkg"))
    result = load_territory(DUNKERQUE, ["reseaux"], tmp_path / "t.gpkg", catalogue, Cache(tmp_path / "cache"))
    status = [s for s in result.statuses if s.key == "reseau_h2"][0]
    assert status.state == "not_provided" and "fichier introuvable" in status.detail
    assert QgsVectorLayer(f"{result.gpkg_path}|layername=reseau_h2", "h", "ogr").featureCount() == 0


# ------------------------------------------------------------------------------- the documented example
def _documented_example():
    text = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    section = text[text.index("## Brancher un fichier de l'agence"):]
    return re.search(r"```yaml\n(.*?)```", section, re.DOTALL).group(1)


def test_the_documented_example_loads_with_no_code(geo_server, tmp_path, monkeypatch):
    from ti_energie.layers.gpkg import MULTILINESTRING

    folder = tmp_path / "SIG" / "energie"
    folder.mkdir(parents=True)
    _write(folder / "reseau_h2_agence.gpkg", [("NOM_CANA", "str"), ("EXPLOITANT", "str"), ("STATUT", "str")],
           [(["Canalisation du port", "Opérateur H2", "En projet"], _wkt_line(LINE))], MULTILINESTRING,
           "EPSG:3857", "GPKG", "canalisations")
    (folder / "chaufferies.csv").write_text(
        "NOM;PUISSANCE;X;Y\nChaufferie du lycée;2,5;653000;7103500\nHors territoire;1;704000;7059000\n",
        encoding="utf-8")
    example = _documented_example().replace("D:/SIG/energie/", folder.as_posix() + "/")
    user_yaml = tmp_path / "catalogue_agence.yaml"
    user_yaml.write_text(example, encoding="utf-8")
    # the test server's catalogue stays the last word for the URLs, without a path for the hydrogen network
    server_yaml = Path(settings.env_catalogue_path())
    data = yaml.safe_load(server_yaml.read_text(encoding="utf-8"))
    data["sources"]["reseau_h2"].pop("path")
    server_yaml.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    catalogue = Catalogue.load(user_yaml=str(user_yaml))
    result = load_territory(DUNKERQUE, ["reseaux", "chaleur"], tmp_path / "t.gpkg", catalogue,
                            Cache(tmp_path / "cache"))
    h2 = QgsVectorLayer(f"{result.gpkg_path}|layername=reseau_h2", "h", "ogr")
    assert [(f["nom"], f["operateur"], f["etat"], f["source"]) for f in h2.getFeatures()] == [
        ("Canalisation du port", "Opérateur H2", "En projet", "Fichier de l'agence")]
    mine = QgsVectorLayer(f"{result.gpkg_path}|layername=chaufferies_agence", "c", "ogr")
    assert [(f["nom"], f["puissance_mw"]) for f in mine.getFeatures()] == [("Chaufferie du lycée", 2.5)]
    spec = [s for s in result.layers if s.layer_name == "chaufferies_agence"][0]
    assert spec.title == "Chaufferies biomasse (agence) – AA - Dunkerque - Flandre"
    assert spec.aliases["puissance_mw"] == "Puissance (MW)" and spec.provenance["state"] == "user_file"


def test_a_file_read_by_a_failing_worker_job_is_closed_by_that_worker(geo_server, tmp_path, monkeypatch):
    """A worker of the loader's pool reads a file and fails (a missing column): its layer is deleted by that
    worker before the job ends, although the job's exception, holding the reading frame, goes to the waiting
    thread. Left to Python, the layer's deletion would be posted to the worker's event queue and run during a
    later request of that worker or at QGIS's exit, after GDAL's datasets were closed (a segmentation fault)."""
    import threading

    from qgis.PyQt.QtCore import Qt

    from ti_energie.layers import worker_layer
    from ti_energie.layers.connectors.user_file import read_local, user_file
    from ti_energie.layers.gpkg import MULTILINESTRING
    from ti_energie.layers.threads import start_all

    deleted = []

    def watched_layer(*args):
        layer = QgsVectorLayer(*args)
        layer.destroyed.connect(lambda *_a: deleted.append(threading.get_ident()), Qt.ConnectionType.DirectConnection)
        return layer

    monkeypatch.setattr(worker_layer, "QgsVectorLayer", watched_layer)
    path = _write(tmp_path / "h2.gpkg", [("nom", "str"), ("etat", "str")], [(["A", "Projet"], _wkt_line(LINE))],
                  MULTILINESTRING)
    ctx = _context("reseau_h2", _h2(settings.load_catalogue(), path=str(path)), tmp_path)
    workers = []

    def job():
        workers.append(threading.get_ident())
        return read_local(ctx, user_file(ctx), strict=True)

    (ok, error), = start_all([job], max_workers=1).wait()
    assert not ok and isinstance(error, SourceError) and "operateur" in error.detail
    assert error.__traceback__ is not None  # the reading frames are still referenced here…
    assert deleted == workers and workers[0] != threading.get_ident()  # …and the layer is gone, deleted by its worker
