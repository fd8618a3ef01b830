"""« Chaleur valorisable » map: Cerema EnRezo waste heat (industry, incineration, data centres) with the
fiche's temperature classes, wastewater plants of municipalities (EnRezo) and industries (the agency's
file), shallow geothermal potential (a WMS layer or the atlas' polygons), heat networks as heat sinks."""

from urllib.parse import parse_qs, urlsplit

import pytest
from qgis.core import QgsApplication, QgsVectorLayer

from geo_fixtures import geo_server  # noqa: F401 (fixture)
from geo_fixtures import gpkg_layer, load_dunkerque, spec_of, status_of
from local_server import Response
from standins_networks import BRGM_LAYER, BRGM_WMS, ENREZO
from ti_energie.core import derive_networks as dn
from ti_energie.layers import settings

INDUSTRIE = ENREZO.format("enrezo_gisement_industrie")


def _load(tmp_path, catalogue=None, themes=("chaleur",)):
    return load_dunkerque(tmp_path, themes, catalogue)


def test_chaleur_map_layers_of_dunkerque(geo_server, tmp_path):
    result = _load(tmp_path)
    names = [s.layer_name for s in result.layers]
    assert names == ["chaleur_fatale", "step_chaleur", "reseaux_chaleur", "routes_principales", "voies_navigables",
                     "geothermie", "perimetre", "epci", "communes"]
    assert not result.warnings, result.warnings
    for name in names:
        assert gpkg_layer(result, name).featureCount() > 0, name


# ------------------------------------------------------------------------------- waste heat (EnRezo)
def test_waste_heat_deposits_with_energy_temperature_and_class(geo_server, tmp_path):
    result = _load(tmp_path)
    rows = {f["nom"]: f for f in gpkg_layer(result, "chaleur_fatale").getFeatures()}
    # Lille's chemical plant and the Paris data centre are outside the territory
    assert set(rows) == {"EXEMPLE Aciérie du littoral", "EXEMPLE Sucrerie de l'Aa",
                         "EXEMPLE Unité de valorisation énergétique du Dunkerquois",
                         "EXEMPLE Centre de données portuaire"}
    steel = rows["EXEMPLE Aciérie du littoral"]
    # centre of each published range: low temperature 120–180 GWh → 150, high temperature 300–450 → 375
    assert steel["chaleur_mwh_an"] == 525000.0 and steel["niveau_temperature"] == "Haute température"
    assert steel["temperature_c"] == 150.0 and steel["classe_temperature"] == "< 200 °C"
    assert steel["type_site"] == "Industrie" and steel["identifiant"] == "0070.99001"
    sugar = rows["EXEMPLE Sucrerie de l'Aa"]  # high temperature published as a bare nan
    assert sugar["chaleur_mwh_an"] == 10000.0 and sugar["classe_temperature"] == "< 80 °C"
    uve = rows["EXEMPLE Unité de valorisation énergétique du Dunkerquois"]
    assert uve["type_site"] == "Incinération" and uve["chaleur_mwh_an"] == 75000.0 and uve["code_commune"] == "59183"
    dc = rows["EXEMPLE Centre de données portuaire"]
    assert dc["type_site"] == "Data center" and dc["chaleur_mwh_an"] == 12500.0  # 12,5 GWh/an
    assert dc["classe_temperature"] == "< 40 °C" and dc["temperature_origine"].startswith("valeur représentative")
    # the newest of the date-stamped typenames of GetCapabilities
    feature = [r for r in geo_server.requests if r.startswith(INDUSTRIE) and "GetFeature" in r][0]
    query = {k: v[-1] for k, v in parse_qs(urlsplit(feature).query).items()}
    assert query["typeNames"] == "enrezo_gisement_industrie:referentiels.c_2025_enrezo_prod.gisement_industrie_2025"
    assert query["outputFormat"] == "GEOJSON" and query["srsName"] == "EPSG:4326"


def test_a_failing_enrezo_service_leaves_the_others(geo_server, tmp_path):
    geo_server.routes[INDUSTRIE] = Response(502, b"bad gateway")
    result = _load(tmp_path)
    rows = {f["type_site"] for f in gpkg_layer(result, "chaleur_fatale").getFeatures()}
    assert rows == {"Incinération", "Data center"}
    status = status_of(result, "enrezo_chaleur_fatale")
    assert status.state == "incomplete" and "industrie" in status.detail
    assert any("Gisements de chaleur fatale" in w and "HTTP 502" in w for w in result.warnings)


@pytest.mark.parametrize("temperature, expected", [(15.2, "< 40 °C"), (39.9, "< 40 °C"), (40, "< 80 °C"),
                                                   (79.99, "< 80 °C"), (80, "< 100 °C"), (99, "< 100 °C"),
                                                   (100, "< 200 °C"), (199.5, "< 200 °C"), (200, "≥ 200 °C"),
                                                   ("45,5", "< 80 °C"), (None, None), ("nd", None)])
def test_temperature_classes_of_the_fiche(temperature, expected):
    assert dn.temperature_class(temperature) == expected


def test_enrezo_industry_columns_are_found_by_their_words():
    raw = {"Potentiel_de_chaleur_récupérable_en_Basse_Température_...fourchette_basse": 10,
           "Potentiel_de_chaleur_récupérable_en_Basse_Température_...fourchette_haute": 30,
           "Potentiel_de_chaleur_récupérable_en_Haute_Températ": None}
    out = dn.enrezo_industrie({}, raw)
    assert out["chaleur_mwh_an"] == 20.0 and out["chaleur_bt_mwh_an"] == 20.0 and out["chaleur_ht_mwh_an"] is None
    assert out["temperature_c"] == 60.0 and out["niveau_temperature"] == "Basse température"
    assert dn.enrezo_industrie({}, {})["temperature_origine"] == "aucun potentiel publié"
    assert dn.enrezo_incineration({}, {"MIN_PRD_CR": 100, "MAX_PRD_CR": None})["chaleur_mwh_an"] == 100.0
    assert dn.enrezo_datacenter({}, {"Potentiel_estimé__Tier_III___GWh_an_": "2,5"})["chaleur_mwh_an"] == 2500.0


def test_every_waste_heat_type_has_a_representative_temperature():
    for type_site, level in (("Industrie", "Basse température"), ("Industrie", "Haute température"),
                             ("Incinération", ""), ("Data center", "")):
        assert dn.temperature_class(dn.representative_temperature(type_site, level)) in (
            "< 40 °C", "< 80 °C", "< 100 °C", "< 200 °C"), type_site


# ------------------------------------------------------------------------------- wastewater plants
def test_wastewater_plants_of_municipalities_and_industries(geo_server, tmp_path):
    result = _load(tmp_path)
    rows = {f["identifiant"]: f for f in gpkg_layer(result, "step_chaleur").getFeatures()}
    assert set(rows) == {"EX-STEP-01", "EX-STEP-02", "EX-STEPI-01", "EX-STEPI-02"}
    assert {rows[k]["type_step"] for k in ("EX-STEP-01", "EX-STEP-02")} == {"Collectivités"}
    assert {rows[k]["type_step"] for k in ("EX-STEPI-01", "EX-STEPI-02")} == {"Industriels"}
    industrial = rows["EX-STEPI-01"]  # CSV with a WKT column in Lambert-93
    assert industrial["chaleur_mwh_an"] == 5200.0 and industrial["temperature_c"] == 28.0
    assert industrial["code_insee"] == "59094" and industrial["source"] == "Fichier de l'agence"
    point = industrial.geometry().asPoint()
    assert (point.x(), point.y()) == (644300, 7094400)
    assert rows["EX-STEP-01"]["source"] == "Cerema EnRezo (STEP)"


def test_without_the_industrial_file_the_municipal_plants_load_quietly(geo_server, tmp_path):
    catalogue = settings.load_catalogue()
    catalogue.sources["step_industrielles"].pop("path")
    result = _load(tmp_path, catalogue)
    assert {f["type_step"] for f in gpkg_layer(result, "step_chaleur").getFeatures()} == {"Collectivités"}
    assert status_of(result, "step_chaleur").state == "ok" and not result.warnings


@pytest.mark.parametrize("owner, expected", [
    ("Communauté urbaine de Dunkerque", "Collectivités"), ("SIVOM de l'Aa", "Collectivités"),
    ("Commune de Bergues", "Collectivités"), ("Syndicat mixte d'assainissement", "Collectivités"),
    ("Régie des eaux", "Collectivités"), ("EXEMPLE Sucrerie SAS", "Industriels"),
    ("Papeterie du Nord", "Industriels"), ("Société Chimique du port", "Industriels"), ("ACME SA", "Industriels"),
    ("Exemple", "Collectivités"), (None, "Collectivités"),
])
def test_municipal_or_industrial_plant_from_its_owner(owner, expected):
    assert dn.step_kind(owner) == expected


# ------------------------------------------------------------------------------- geothermal potential
def test_geothermal_potential_from_the_atlas_file(geo_server, tmp_path):
    result = _load(tmp_path)
    layer = gpkg_layer(result, "geothermie")
    rows = {f["pot_value"]: f for f in layer.getFeatures()}
    assert {k: (f["potentiel"], f["libelle_brgm"]) for k, f in rows.items()} == {
        8: ("Potentiel fort", "Fort"), 6: ("Potentiel moyen et faible", "Faible"), 4: ("Non connu", "Non connu précisément")}
    assert layer.geometryType() == QgsVectorLayer("MultiPolygon", "m", "memory").geometryType()
    assert spec_of(result, "geothermie").provenance["state"] == "user_file"


def test_geothermal_potential_as_a_wms_layer_when_configured(geo_server, tmp_path):
    catalogue = settings.load_catalogue()
    catalogue.sources["brgm_geothermie_wms"].update({"url": geo_server.url(BRGM_WMS), "raster_layer": BRGM_LAYER})
    result = _load(tmp_path, catalogue)
    spec = spec_of(result, "geothermie")
    assert spec.kind == "raster" and spec.provider == "wms" and spec.layer_name == "geothermie"
    assert f"layers={BRGM_LAYER}" in spec.uri and f"url={geo_server.url(BRGM_WMS)}" in spec.uri
    assert result.layers[-4] is spec  # under every vector layer of the map
    from ti_energie.layers.project_layers import make_layer

    layer = make_layer(result, spec)  # the plugin's project layer (the local WMS answers GetCapabilities)
    assert layer.customProperty("ti_energie/layer") == "geothermie"
    assert "fichier fourni par l'utilisateur" in layer.metadata().abstract()


def test_a_wrong_wms_layer_falls_back_to_the_atlas_file(geo_server, tmp_path):
    catalogue = settings.load_catalogue()
    catalogue.sources["brgm_geothermie_wms"].update({"url": geo_server.url(BRGM_WMS), "raster_layer": "AUTRE"})
    result = _load(tmp_path, catalogue)
    assert spec_of(result, "geothermie").kind == "vector" and gpkg_layer(result, "geothermie").featureCount() == 3


def test_no_geothermal_source_is_an_empty_explained_layer(geo_server, tmp_path):
    catalogue = settings.load_catalogue()
    catalogue.sources["brgm_geothermie_polygones"].pop("path")
    result = _load(tmp_path, catalogue)
    assert gpkg_layer(result, "geothermie").featureCount() == 0
    status = status_of(result, "geothermie")
    assert status.state == "not_provided"
    assert "couche (raster_layer)" in status.detail and "fichier non fourni" in status.detail


def test_geothermal_classes_cover_the_whole_brgm_scale():
    assert {v: dn.geothermal_class(v) for v in range(1, 10)} == {
        1: "Non connu", 2: "Non connu", 3: "Non connu", 4: "Non connu", 5: "Potentiel moyen et faible",
        6: "Potentiel moyen et faible", 7: "Potentiel moyen et faible", 8: "Potentiel fort", 9: "Potentiel fort"}
    assert dn.geothermal_class(None) == dn.geothermal_class("x") == "Non connu"


# ------------------------------------------------------------------------------- heat networks as heat sinks
def test_heat_networks_get_a_supply_temperature(geo_server, tmp_path):
    result = _load(tmp_path)
    rows = {f["nom_reseau"]: f for f in gpkg_layer(result, "reseaux_chaleur").getFeatures()}
    littoral, loop = rows["EXEMPLE - Réseau de chaleur du littoral"], rows["EXEMPLE - Boucle d'écoquartier"]
    assert (littoral["fluide"], littoral["temperature_c"], littoral["classe_temperature"]) == \
        ("Eau surchauffée", 150.0, "< 200 °C")
    assert littoral["temperature_origine"] == "fluide caloporteur publié" and littoral["livraisons_mwh"] == 104000.0
    assert (loop["fluide"], loop["temperature_c"]) == ("Eau chaude (hypothèse)", 90.0)


@pytest.mark.parametrize("carriers, expected", [
    ({"vapeur": "1", "eau_chaude": "1"}, ("Vapeur", 200.0)), ({"eau_surchauffee": "35.5"}, ("Eau surchauffée", 150.0)),
    ({"eau_chaude": "oui"}, ("Eau chaude", 90.0)), ({"eau_chaude": "0", "vapeur": "non"}, ("Eau chaude (hypothèse)", 90.0)),
    ({"temperature_depart_c": "105"}, (None, 105.0)),
])
def test_supply_temperature_rule(carriers, expected):
    out = dn.reseaux_chaleur_puits({}, carriers)
    assert (out["fluide"], out["temperature_c"]) == expected


def test_heat_matching_takes_the_territorys_layers_without_editing(geo_server, tmp_path, qgis_processing):
    """ti_energie:heat_matching with its default field names: waste heat as sources, heat networks as sinks."""
    from qgis import processing

    from test_heat_matching_alg import ALG, _TestProvider

    result = _load(tmp_path)
    provider = _TestProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    try:
        out = processing.run(ALG, {"SOURCES": f"{result.gpkg_path}|layername=chaleur_fatale",
                                   "SINKS": f"{result.gpkg_path}|layername=reseaux_chaleur",
                                   "OUTPUT_LINKS": "memory:", "OUTPUT_SOURCES": "memory:", "OUTPUT_SINKS": "memory:"})
    finally:
        QgsApplication.processingRegistry().removeProvider(provider)
    sinks = {f["identifiant"] if str(f["identifiant"]) != "NULL" else "boucle": f
             for f in out["OUTPUT_SINKS"].getFeatures()}
    assert len(sinks) == 2 and all(not str(f["status"]).startswith("données invalides") for f in sinks.values())
    assert out["OUTPUT_LINKS"].featureCount() > 0
    assert sum(f["supplied_mwh"] for f in sinks.values()) > 0
