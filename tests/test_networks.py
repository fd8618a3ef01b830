"""Networks of the « Réseaux et friches » map: gas transmission (ODRÉ NaTran / Teréga), 400 kV lines and
substations (BD TOPO fallback joined to RTE's table), hydrogen (user file), main roads and waterways (BD
TOPO), brownfield classes. Local stand-ins of tools/standins_networks.py, fictitious samples of sample_data/."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from qgis.core import QgsVectorLayer

from geo_fixtures import geo_server  # noqa: F401 (fixture)
from geo_fixtures import gpkg_layer, load_dunkerque, spec_of, status_of
from local_server import Response
from standins_networks import GEOPF_WFS, ODS_NATRAN, ODS_POSTES, ODS_TEREGA, geopf_wfs_route, predicate
from ti_energie.core import derive_networks as dn
from ti_energie.core.territories import load_builtin
from ti_energie.layers import settings
from ti_energie.layers.cache import Cache

DUNKERQUE = load_builtin().get("ti-3201")


def _load(tmp_path, themes=("reseaux",), catalogue=None):
    return load_dunkerque(tmp_path, themes, catalogue)


def _queries(server, path, typename=None):
    out = []
    for request in server.requests:
        parts = urlsplit(request)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        if parts.path == path and (typename is None or query.get("typeNames") == typename):
            out.append(query)
    return out


# ------------------------------------------------------------------------------- the whole map
def test_reseaux_map_layers_of_dunkerque(geo_server, tmp_path):
    result = _load(tmp_path)
    names = [s.layer_name for s in result.layers]
    # points, then lines, then polygons, over the perimeters
    assert names == ["postes_400kv", "reseaux_chaleur", "reseau_gaz", "lignes_400kv", "reseau_h2",
                     "routes_principales", "voies_navigables", "friches", "perimetre", "epci", "communes"]
    assert not result.warnings, result.warnings
    for name in names:
        layer = gpkg_layer(result, name)
        assert layer.featureCount() > 0 and layer.crs().authid() == "EPSG:2154", name


# ------------------------------------------------------------------------------- gas transmission
def test_gas_transmission_lines_crossing_the_territory(geo_server, tmp_path):
    result = _load(tmp_path)
    layer = gpkg_layer(result, "reseau_gaz")
    rows = {f["identifiant"]: f for f in layer.getFeatures()}
    # the two NaTran lines of the sample outside the territory (Pas-de-Calais coast, Hainaut) are left out
    assert set(rows) == {"90001", "90002", "90003", "90004"}
    assert {f["operateur"] for f in rows.values()} == {"NaTran"}
    assert rows["90001"]["source"] == "ODRÉ – NaTran, tracé simplifié (± 250 m)"
    assert all(str(f["diametre_mm"]) == "NULL" for f in rows.values())  # not published in the ± 250 m trace
    assert layer.geometryType() == QgsVectorLayer("MultiLineString", "m", "memory").geometryType()
    first = rows["90001"].geometry().asMultiPolyline()[0]
    assert (first[0].x(), first[0].y()) == pytest.approx((643000, 7102200), abs=0.5)  # WGS84 → Lambert-93
    # the datasets write département names: the export is filtered on them, quoted
    natran = [r for r in geo_server.requests if r.startswith(ODS_NATRAN + "/exports/geojson")][0]
    assert parse_qs(urlsplit(natran).query)["where"] == ["departement IN ('Nord', 'Pas-de-Calais')"]
    terega = [r for r in geo_server.requests if r.startswith(ODS_TEREGA + "/exports/geojson")][0]
    assert parse_qs(urlsplit(terega).query)["where"] == ["nom_du_departement IN ('Nord', 'Pas-de-Calais')"]
    assert spec_of(result, "reseau_gaz").provenance["vintage"] == (  # each dataset's own date
        "ODRÉ – NaTran (ex-GRTgaz), tracé simplifié du réseau de transport de gaz (± 250 m) : 2025-11-03; "
        "ODRÉ – Teréga, tracé simplifié du réseau de transport de gaz (± 250 m) : 2025-06-30")


def test_a_failing_gas_operator_leaves_the_other(geo_server, tmp_path):
    geo_server.routes[ODS_TEREGA + "/exports/geojson"] = Response(503, b"maintenance")
    result = _load(tmp_path)
    assert gpkg_layer(result, "reseau_gaz").featureCount() == 4
    status = status_of(result, "odre_reseau_gaz")
    assert status.state == "incomplete" and "Teréga" in status.detail
    assert any("Réseau de transport de gaz" in w and "Teréga" in w and "HTTP 503" in w for w in result.warnings)
    assert spec_of(result, "reseau_gaz").title.endswith("(incomplète)")


def test_teregas_three_dimensional_and_null_geometries_are_read(tmp_path, geo_server):
    """Teréga writes [lon, lat, z] and one null geo_shape: the part reads the first, counts the second."""
    from standins_networks import SAMPLE_TEREGA
    from ti_energie.layers.connectors.base import Context
    from ti_energie.layers.connectors.opendatasoft import ods_points
    from ti_energie.layers.perimeters import build_perimeters

    geo_server.routes[ODS_TEREGA + "/exports/geojson"] = SAMPLE_TEREGA.read_bytes()  # the whole sample
    catalogue, cache = settings.load_catalogue(), Cache(tmp_path / "cache")
    ctx = Context("terega_reseau_gaz", catalogue, cache, DUNKERQUE, build_perimeters(DUNKERQUE, catalogue, cache))
    ctx.perimeters.outline = None  # no territory filter: read every feature of the answer
    data = ods_points(ctx)
    assert len(data.rows) == 1 and data.rows[0][1].asMultiPolyline()[0][0].x() == pytest.approx(400000, abs=0.5)
    assert data.rows[0][0][0] == "Teréga"
    assert ctx.warnings == ["Source « ODRÉ – Teréga, tracé simplifié du réseau de transport de gaz (± 250 m) » : "
                            "1 entité(s) sans géométrie exploitable ignorée(s)."]


# ------------------------------------------------------------------------------- BD TOPO through the Géoplateforme
def test_bdtopo_request_shape_and_paging(geo_server, tmp_path):
    catalogue = settings.load_catalogue()
    catalogue.sources["ign_routes_principales"]["page_size"] = 3
    result = _load(tmp_path, catalogue=catalogue)
    queries = _queries(geo_server, GEOPF_WFS, "BDTOPO_V3:troncon_de_route")
    assert [q["startIndex"] for q in queries] == ["0", "3", "6", "9"] and {q["count"] for q in queries} == {"3"}
    first = queries[0]
    assert "BBOX" not in first and first["srsName"] == "EPSG:2154" and first["outputFormat"] == "application/json"
    outline = gpkg_layer(result, "perimetre").extent()
    bbox = f"BBOX(geometrie,{outline.xMinimum():.0f},{outline.yMinimum():.0f},{outline.xMaximum():.0f}," \
           f"{outline.yMaximum():.0f},'EPSG:2154')"
    assert first["CQL_FILTER"] == bbox + " AND (cpx_classement_administratif LIKE '%Autoroute%' OR " \
        "cpx_classement_administratif LIKE '%Nationale%' OR nature = 'Type autoroutier')"
    layer = gpkg_layer(result, "routes_principales")
    rows = [(f["numero"], f["classement"]) for f in layer.getFeatures()]
    assert len(rows) == 10 and ("D601", None) not in rows  # the départementale is filtered out by the server
    assert {n for n, _c in rows} == {"A16", "A25", "N225", "N316"}
    assert {c for n, c in rows if n.startswith("A")} == {"Autoroute"} and \
        {c for n, c in rows if n.startswith("N")} == {"Nationale"}
    assert status_of(result, "ign_routes_principales").state == "ok"


def test_a_silent_cap_of_the_service_is_reported(geo_server, tmp_path):
    geo_server.routes[GEOPF_WFS] = geopf_wfs_route(max_count=4)  # fewer than asked, without saying so
    result = _load(tmp_path)
    status = status_of(result, "ign_routes_principales")
    assert status.state == "incomplete" and "4 entités reçues sur 10 annoncées" in status.detail
    assert spec_of(result, "routes_principales").title.endswith("(incomplète)")
    assert any("plafonné sa réponse" in w for w in result.warnings)


def test_a_missing_page_keeps_the_first_ones(geo_server, tmp_path):
    from local_server import Fault

    catalogue = settings.load_catalogue()
    catalogue.data["network"]["retries"] = 2
    catalogue.data["network"]["backoff_s"] = 0.01
    catalogue.sources["ign_routes_principales"]["page_size"] = 5
    route = geo_server.routes[GEOPF_WFS]
    calls = []

    def second_page_fails(path, query):
        if query.get("typeNames") == "BDTOPO_V3:troncon_de_route" and query.get("startIndex") == "5":
            calls.append(query)
            return Response(503, b"busy")
        return route(path, query)

    geo_server.routes[GEOPF_WFS] = second_page_fails
    geo_server.inject(GEOPF_WFS, Fault.status(429, retry_after="0"))  # the very first request: retried
    result = _load(tmp_path, catalogue=catalogue)
    assert len(calls) == 3  # one try and two retries
    layer = gpkg_layer(result, "routes_principales")
    assert layer.featureCount() == 5
    status = status_of(result, "ign_routes_principales")
    assert status.state == "incomplete" and "à partir de l'entité 5" in status.detail


def _retrying(catalogue):
    catalogue.data.setdefault("network", {}).update({"retries": 2, "backoff_s": 0.01})
    return catalogue


@pytest.mark.parametrize("fault", [
    "status", "truncated", "truncated_silent", "html", "wfs_exception", "reset"])
def test_transient_faults_of_the_geoplateforme_are_retried(geo_server, tmp_path, fault):
    from local_server import Fault

    make = {"status": lambda: Fault.status(503), "truncated": Fault.truncated,
            "truncated_silent": lambda: Fault.truncated(announce_length=False), "html": Fault.html,
            "wfs_exception": Fault.wfs_exception, "reset": Fault.reset}[fault]
    geo_server.inject(GEOPF_WFS, make(), make())  # the first two requests to the WFS, whichever source
    result = _load(tmp_path, catalogue=_retrying(settings.load_catalogue()))
    assert [kind for path, kind in geo_server.faults_served if path == GEOPF_WFS] == [make().kind] * 2
    for key, name, count in (("ign_routes_principales", "routes_principales", 10),
                             ("ign_voies_navigables", "voies_navigables", 5), ("ign_lignes_400kv", "lignes_400kv", 3)):
        assert status_of(result, key).state == "ok", (key, status_of(result, key).detail)
        assert gpkg_layer(result, name).featureCount() == count, name
    assert gpkg_layer(result, "postes_400kv").featureCount() == 2


def test_a_gas_export_cut_short_is_retried(geo_server, tmp_path):
    from local_server import Fault

    geo_server.inject(ODS_NATRAN + "/exports", Fault.truncated(keep=0.3, announce_length=False))
    result = _load(tmp_path, catalogue=_retrying(settings.load_catalogue()))
    assert geo_server.faults_served == [(ODS_NATRAN + "/exports/geojson", "truncated_silent")]
    assert status_of(result, "odre_reseau_gaz").state == "ok" and gpkg_layer(result, "reseau_gaz").featureCount() == 4


def test_sources_of_the_geoplateforme_share_one_politeness_delay(geo_server, tmp_path):
    catalogue = settings.load_catalogue()
    keys = [k for k, s in catalogue.sources.items() if s.get("rate_group") == "data.geopf.fr"]
    assert set(keys) == {"ign_lignes_400kv", "ign_postes_transformation", "ign_routes_principales",
                         "ign_voies_navigables"}
    for key in keys:
        catalogue.sources[key]["min_interval_s"] = 0.3
    route, stamps = geo_server.routes[GEOPF_WFS], []

    def timed(path, query):
        stamps.append(time.monotonic())
        return route(path, query)

    geo_server.routes[GEOPF_WFS] = timed
    _load(tmp_path, catalogue=catalogue)
    stamps.sort()
    assert len(stamps) >= 4
    assert min(b - a for a, b in zip(stamps, stamps[1:])) >= 0.27  # never two requests closer than the delay


def test_waterways_are_the_navigable_sections(geo_server, tmp_path):
    result = _load(tmp_path)
    layer = gpkg_layer(result, "voies_navigables")
    names = {f["nom"] for f in layer.getFeatures()}
    assert names == {"EXEMPLE Canal de Bourbourg", "EXEMPLE Canal de la Colme", "EXEMPLE Canal de Bergues",
                     "EXEMPLE L'Aa canalisée"}
    assert layer.featureCount() == 5
    query = _queries(geo_server, GEOPF_WFS, "BDTOPO_V3:troncon_hydrographique")[0]
    assert query["CQL_FILTER"].endswith(" AND (navigabilite = true)")
    prov = spec_of(result, "voies_navigables").provenance
    assert prov["state"] == "fallback" and "VNF" in prov["state_reason"]


def test_roads_and_waterways_are_drawn_on_every_map(geo_server, tmp_path):
    catalogue = settings.load_catalogue()
    for theme_key in ("consommateurs", "producteurs", "reseaux", "chaleur"):
        assert {"ign_routes_principales", "ign_voies_navigables"} <= set(catalogue.theme_sources(theme_key))
    result = _load(tmp_path, themes=["consommateurs"])
    assert {s.layer_name for s in result.layers} >= {"routes_principales", "voies_navigables"}


# ------------------------------------------------------------------------------- 400 kV
def test_400_kv_lines_from_bd_topo(geo_server, tmp_path):
    result = _load(tmp_path)
    layer = gpkg_layer(result, "lignes_400kv")
    rows = {f["identifiant"]: f for f in layer.getFeatures()}
    assert set(rows) == {"LIGNELEC0000000EX0000001", "LIGNELEC0000000EX0000002", "LIGNELEC0000000EX0000003"}
    assert {f["tension_kv"] for f in rows.values()} == {400.0} and {f["etat"] for f in rows.values()} == {"En service"}
    query = _queries(geo_server, GEOPF_WFS, "BDTOPO_V3:ligne_electrique")[0]
    assert query["CQL_FILTER"].endswith(" AND (voltage = '400 kV')")
    prov = spec_of(result, "lignes_400kv").provenance
    assert prov["state"] == "fallback" and "RTE a retiré en 2026 les coordonnées" in prov["state_reason"]


def test_400_kv_substations_are_the_ends_of_400_kv_lines_named_by_rte(geo_server, tmp_path):
    result = _load(tmp_path)
    layer = gpkg_layer(result, "postes_400kv")
    rows = {f["nom"]: f for f in layer.getFeatures()}
    # the 225 kV substation and the distribution one are not at the end of a 400 kV line; Mastaing is elsewhere
    assert set(rows) == {"GRAVELINES", "WARANDE"}
    assert rows["GRAVELINES"]["code_poste"] == "GRAVE" and rows["GRAVELINES"]["jointure"] == "nom"
    assert rows["WARANDE"]["code_poste"] == "WARAN" and rows["WARANDE"]["jointure"] == "code"  # no name in BD TOPO
    assert rows["WARANDE"]["fonction"] == "Poste de transformation" and rows["WARANDE"]["etat"] == "EN EXPLOITATION"
    assert {f["tension_kv"] for f in rows.values()} == {400.0}
    point = rows["WARANDE"].geometry().asPoint()
    assert (point.x(), point.y()) == pytest.approx((660000, 7092000), abs=1)  # the polygon's point on surface
    table = [r for r in geo_server.requests if r.startswith(ODS_POSTES + "/exports/json")][0]
    assert parse_qs(urlsplit(table).query)["where"] == [
        "departement IN ('Nord', 'Pas-de-Calais') AND (tension = '400kV')"]
    assert spec_of(result, "postes_400kv").provenance["state"] == "fallback"


def test_substations_without_rtes_table_are_still_drawn(geo_server, tmp_path):
    geo_server.routes[ODS_POSTES + "/exports/json"] = Response(500, b"boom")
    result = _load(tmp_path)
    layer = gpkg_layer(result, "postes_400kv")
    rows = list(layer.getFeatures())
    assert len(rows) == 2 and all(str(f["code_poste"]) == "NULL" for f in rows)
    assert {f["nom"] for f in rows} == {"EXEMPLE Poste électrique de Gravelines", None} or \
        {str(f["nom"]) for f in rows} == {"EXEMPLE Poste électrique de Gravelines", "NULL"}
    status = status_of(result, "postes_400kv")
    assert status.state == "incomplete" and "Sites électriques RTE" in status.detail
    assert any("table des postes de RTE indisponible" in w for w in result.warnings)


@pytest.mark.parametrize("bdtopo, rte, expected", [
    ("Poste électrique de Warande", "WARANDE", {"warande"}),
    ("EXEMPLE Poste de Grande-Synthe", "GRANDE-SYNTHE", {"grande", "synthe"}),
    (None, "MANDARINS (LES)", set()),
])
def test_substation_names_compare_without_articles_nor_generic_words(bdtopo, rte, expected):
    from ti_energie.layers.connectors.joins import match_table, name_tokens

    assert name_tokens(rte) <= name_tokens(bdtopo) | {"mandarins"}
    assert set(name_tokens(bdtopo)) - {"exemple"} == expected
    row = {"code_poste": "X", "nom_poste": rte}
    found, how = match_table({"toponyme": bdtopo, "identifiants_sources": None}, [row])
    assert (found is row) == bool(expected) and how == ("nom" if expected else "aucune")


# ------------------------------------------------------------------------------- hydrogen (user file)
def test_hydrogen_network_from_the_agencys_file(geo_server, tmp_path):
    result = _load(tmp_path)
    layer = gpkg_layer(result, "reseau_h2")
    assert {f["nom"] for f in layer.getFeatures()} == {"EXEMPLE Canalisation hydrogène de la zone portuaire",
                                                       "EXEMPLE Antenne hydrogène vers Grande-Synthe"}
    assert {f["source"] for f in layer.getFeatures()} == {"Fichier de l'agence"}
    assert spec_of(result, "reseau_h2").provenance["state"] == "user_file"


def test_hydrogen_without_a_file_is_an_empty_explained_layer(geo_server, tmp_path):
    catalogue = settings.load_catalogue()
    catalogue.sources["reseau_h2"].pop("path")
    result = _load(tmp_path, catalogue=catalogue)
    layer = gpkg_layer(result, "reseau_h2")
    assert layer.isValid() and layer.featureCount() == 0
    assert [f.name() for f in layer.fields()] == ["fid", "nom", "operateur", "etat", "source"]
    status = status_of(result, "reseau_h2")
    assert status.state == "not_provided" and "aucun fichier indiqué" in status.detail
    prov = spec_of(result, "reseau_h2").provenance
    assert "aucun fichier indiqué" in prov["note"] and "Vig'Hy" in prov["state_reason"]
    assert not any("hydrogène" in w for w in result.warnings)


# ------------------------------------------------------------------------------- brownfields
def test_brownfields_keep_cartofriches_statuses_with_hectares_and_the_fiche_class(geo_server, tmp_path):
    from conftest import shared_file
    import json

    result = _load(tmp_path)
    layer = gpkg_layer(result, "friches")
    rows = list(layer.getFeatures())
    for feature in rows:
        assert feature["surface_ha"] == pytest.approx(feature["unite_fonciere_surface"] / 10000.0, abs=1e-4)
        assert feature["categorie_fiche"] in ("Friche industrielle", "Friche pour solaire", "Autre friche")
    published = {f["properties"]["site_id"]: f["properties"] for f in
                 json.loads(shared_file("cartofriches_hdf.geojson").read_text(encoding="utf-8"))["features"]}
    for feature in rows:  # statuses as published, « site avec projet » included
        assert feature["site_statut"] == published[feature["site_id"]]["site_statut"]
        expected = "Friche industrielle" if published[feature["site_id"]]["site_type"] in (
            "friche industrielle", "friche agro-industrielle") else "Autre friche"
        assert feature["categorie_fiche"] == expected
    assert "site avec projet" in {f["site_statut"] for f in rows}


@pytest.mark.parametrize("props, expected", [
    ({"site_type": "friche industrielle"}, "Friche industrielle"),
    ({"site_type": "Friche Agro-industrielle"}, "Friche industrielle"),
    ({"site_type": "friche commerciale", "site_vocadomi": "Activités industrielles"}, "Friche industrielle"),
    ({"site_type": "friche industrielle", "p_pv": 0.72}, "Friche pour solaire"),
    ({"site_type": "inconnu", "p_pv": 64}, "Friche pour solaire"),    # a percentage
    ({"site_type": "inconnu", "p_pv": 0.3}, "Autre friche"),
    ({"site_type": "mixte", "site_vocadomi": "Photovoltaïque au sol"}, "Friche pour solaire"),
    ({"site_type": "friche d'habitat"}, "Autre friche"),
    ({}, "Autre friche"),
])
def test_brownfield_class_rule(props, expected):
    assert dn.friche_category(props) == expected


def test_brownfield_surface_in_hectares():
    from ti_energie.core import derive

    fields, rule = derive.get("friches_fiche")
    assert [name for name, _kind, _alias in fields] == ["surface_ha", "categorie_fiche"]
    assert rule({"unite_fonciere_surface": 25062.06}, {})["surface_ha"] == pytest.approx(2.5062)  # to the m²
    assert rule({"unite_fonciere_surface": None}, {"site_surface": 9000})["surface_ha"] == pytest.approx(0.9)
    assert rule({}, {})["surface_ha"] is None


# ------------------------------------------------------------------------------- pure rules
@pytest.mark.parametrize("text, expected", [("400 kV", 400.0), ("225kV", 225.0), ("63 KV", 63.0),
                                            ("<63 kV", None), ("Hors tension", None), ("Inconnue", None), (None, None)])
def test_voltage_of_bd_topo(text, expected):
    assert dn.voltage_kv(text) == expected


@pytest.mark.parametrize("props, expected", [
    ({"nature": "Type autoroutier", "cpx_numero": "N1"}, "Autoroute"),
    ({"cpx_classement_administratif": "Autoroute", "cpx_numero": "A16"}, "Autoroute"),
    ({"cpx_classement_administratif": "Nationale/Route nommée", "cpx_numero": "N225"}, "Nationale"),
    ({"cpx_numero": "A25"}, "Autoroute"),
    ({"cpx_numero": "N316"}, "Nationale"),
    ({"cpx_classement_administratif": "Départementale", "cpx_numero": "D601"}, None),
])
def test_road_classes(props, expected):
    assert dn.road_class(props) == expected


def test_the_stand_in_reads_the_cql_it_is_sent():
    test = predicate("BBOX(geometrie,0,0,10,10,'EPSG:2154') AND (a LIKE '%x%' OR b = 'y''z' OR c = true)")
    geom = {"type": "Point", "coordinates": [5, 5]}
    assert test({"a": "-x-"}, geom) and test({"b": "y'z"}, geom) and test({"c": True}, geom)
    assert not test({"a": "y"}, geom) and not test({"a": "x"}, {"type": "Point", "coordinates": [50, 5]})
    with pytest.raises(ValueError):
        predicate("a ~ 'b'")


# ------------------------------------------------------------------------------- headless
def test_every_layer_of_the_four_maps_under_qgis_process(geo_server, tmp_path):
    """`qgis_process run ti_energie:load_territory` with the four map themes: every layer, non-empty."""
    from qgis_process_helper import run_qgis_process
    from ti_energie.core.themes import THEME_KEYS

    out = tmp_path / "dk.gpkg"
    themes = ",".join(str(THEME_KEYS.index(k)) for k in ("consommateurs", "producteurs", "reseaux", "chaleur"))
    proc = run_qgis_process(tmp_path, "ti_energie:load_territory", "TERRITORY=ti-3201", f"THEMES={themes}",
                            f"OUTPUT={out}")
    for name in ("producteurs", "reseau_gaz", "lignes_400kv", "postes_400kv", "reseau_h2", "routes_principales",
                 "voies_navigables", "friches", "reseaux_chaleur", "chaleur_fatale", "step_chaleur", "geothermie"):
        layer = QgsVectorLayer(f"{out}|layername={name}", name, "ogr")
        assert layer.isValid() and layer.featureCount() > 0, (name, proc.stdout)
