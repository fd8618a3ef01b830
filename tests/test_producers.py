"""« Producteurs » map: one point layer `producteurs` whose `type` takes the fiche's labels, from ODRÉ's
register (classified by resources/data/producteurs_types.csv, placed in the commune), ODRÉ's biomethane
injection points and the agency's files (industrial methanisation, exact positions of large plants)."""

import csv
from urllib.parse import parse_qs, urlsplit

import pytest
from qgis.core import QgsVectorLayer

from geo_fixtures import geo_server  # noqa: F401 (fixture)
from local_server import Response
from sample_data import ODS_REGISTRE
from ti_energie.core import derive_networks as dn
from ti_energie.core.territories import load_builtin
from ti_energie.layers import settings
from ti_energie.layers.cache import Cache
from ti_energie.layers.territory_loader import load_territory

DUNKERQUE = load_builtin().get("ti-3201")
# docs/layers.md: the fiche's legend, then Solaire and Hydraulique
FICHE_TYPES = ["Cogénération de biométhane", "Cogénération de gaz", "Point d'injection de biométhane", "Bioénergies",
               "Thermique non renouvelable", "Centrale nucléaire", "Éolien", "Stockage d'électricité", "Solaire",
               "Hydraulique"]


def _load(tmp_path, catalogue=None):
    return load_territory(DUNKERQUE, ["producteurs"], tmp_path / "t.gpkg", catalogue or settings.load_catalogue(),
                          Cache(tmp_path / "cache"))


def _rows(result):
    return list(QgsVectorLayer(f"{result.gpkg_path}|layername=producteurs", "p", "ogr").getFeatures())


def _status(result, key):
    return [s for s in result.statuses if s.key == key][0]


def test_producers_take_every_type_of_the_fiche(geo_server, tmp_path):
    result = _load(tmp_path)
    assert not result.warnings, result.warnings
    rows = _rows(result)
    assert {f["type"] for f in rows} == set(FICHE_TYPES)
    by_name = {f["nom"]: f for f in rows}
    assert by_name["EXEMPLE - Centrale nucléaire du littoral"]["type"] == "Centrale nucléaire"
    assert by_name["EXEMPLE - Centrale nucléaire du littoral"]["puissance_mw"] == 5460.0  # kW → MW
    assert by_name["EXEMPLE - Cogénération gaz d'un site chimique"]["type"] == "Cogénération de gaz"
    assert by_name["EXEMPLE - Cogénération gaz d'un site chimique"]["energie_gwh_an"] == 31.0  # kWh → GWh
    assert by_name["EXEMPLE - Cycle combiné sur site sidérurgique"]["type"] == "Thermique non renouvelable"
    assert by_name["EXEMPLE - Cogénération biogaz agricole"]["type"] == "Cogénération de biométhane"
    assert by_name["EXEMPLE - Chaufferie biomasse avec turbine"]["type"] == "Bioénergies"
    assert by_name["EXEMPLE - Stockage par batteries du port"]["type"] == "Stockage d'électricité"
    assert by_name["NORD-METHA-DUNKERQUE"]["type"] == "Point d'injection de biométhane"  # ODRÉ (real extract)
    assert by_name["NORD-METHA-DUNKERQUE"]["energie_gwh_an"] == pytest.approx(78.2075)
    assert by_name["NORD-METHA-DUNKERQUE"]["precision"] == "site" and by_name["NORD-METHA-DUNKERQUE"]["statut"] \
        == "En service"
    assert len([f for f in rows if f["type"] == "Point d'injection de biométhane"]) == 8
    assert all(f["source"] for f in rows)


def test_small_installations_are_summed_by_commune_and_type(geo_server, tmp_path):
    rows = _rows(_load(tmp_path))
    small = {(f["code_commune"], f["type"]): f for f in rows if str(f["nom"]).endswith("de moins de 1 MW")}
    # the register's « < 36 kW » rows (412 and 171 installations) and the 0,3 MW hydro plant
    assert set(small) == {("59183", "Solaire"), ("59043", "Solaire"), ("59094", "Hydraulique")}
    assert small[("59183", "Solaire")]["nom"] == "412 installations de moins de 1 MW"
    assert small[("59183", "Solaire")]["nb_installations"] == 412
    assert small[("59183", "Solaire")]["puissance_mw"] == pytest.approx(2.3505)
    assert small[("59094", "Hydraulique")]["nom"] == "1 installation de moins de 1 MW"
    large = [f for f in rows if f["nom"] == "EXEMPLE - Toiture photovoltaïque d'entrepôt"]
    assert len(large) == 1 and large[0]["puissance_mw"] == 1.2  # 1 MW and more: a point of its own


def test_register_points_lie_in_their_commune_unless_the_agency_gives_the_site(geo_server, tmp_path):
    result = _load(tmp_path)
    communes = {f["insee"]: f.geometry() for f in QgsVectorLayer(
        f"{result.gpkg_path}|layername=communes", "c", "ogr").getFeatures()}
    rows = _rows(result)
    for feature in rows:
        if feature["precision"] == "commune":
            assert communes[feature["code_commune"]].distance(feature.geometry()) <= 400.0 + 1e-6
    # exact positions of the agency's file (matched by name), precision « site »
    moved = {f["nom"]: f for f in rows if f["nom"] in ("EXEMPLE - Centrale nucléaire du littoral",
                                                        "EXEMPLE - Cycle combiné sur site sidérurgique")}
    assert {f["precision"] for f in moved.values()} == {"site"}
    point = moved["EXEMPLE - Centrale nucléaire du littoral"].geometry().asPoint()
    assert (point.x(), point.y()) == pytest.approx((638900, 7101300), abs=1.0)
    request = [r for r in geo_server.requests if r.startswith(ODS_REGISTRE + "/exports/json")
               and "codeinseecommune" in r][0]
    where = parse_qs(urlsplit(request).query)["where"][0]
    assert where.startswith("codeinseecommune IN ('59") and where.count("'") == 2 * 122  # the 122 communes


def test_industrial_methanisation_from_the_agencys_csv(geo_server, tmp_path):
    rows = [f for f in _rows(_load(tmp_path)) if f["filiere"] == "Méthanisation industrielle"]
    assert {f["nom"]: (f["type"], f["puissance_mw"], f["energie_gwh_an"], f["code_commune"], f["precision"])
            for f in rows} == {  # Arras is outside the territory; the commune comes from the point
        "EXEMPLE Méthaniseur de la laiterie": ("Cogénération de biométhane", 1.2, 9.6, "59067", "site"),
        "EXEMPLE Méthaniseur de la brasserie": ("Cogénération de biométhane", 0.6, 4.1, "59295", "site")}


def test_without_the_agencys_files_the_public_producers_load_quietly(geo_server, tmp_path):
    catalogue = settings.load_catalogue()
    for key in ("methanisation_industrielle", "producteurs_positions"):
        catalogue.sources[key].pop("path")
    result = _load(tmp_path, catalogue)
    rows = _rows(result)
    assert not any(f["filiere"] == "Méthanisation industrielle" for f in rows)
    assert {f["precision"] for f in rows if f["type"] == "Centrale nucléaire"} == {"commune"}
    assert _status(result, "producteurs").state == "ok" and not result.warnings


def test_a_missing_file_of_the_agency_is_named(geo_server, tmp_path):
    catalogue = settings.load_catalogue()
    catalogue.sources["methanisation_industrielle"]["path"] = str(tmp_path / "absent.csv")
    result = _load(tmp_path, catalogue)
    assert any("Méthanisation des industriels" in w and "fichier introuvable" in w and "absent.csv" in w
               for w in result.warnings), result.warnings
    assert _status(result, "producteurs").state == "incomplete"
    assert len(_rows(result)) > 10  # the register and the injection points are there


def test_a_failing_register_leaves_the_other_producers(geo_server, tmp_path):
    route = geo_server.routes[ODS_REGISTRE + "/exports/json"]
    geo_server.routes[ODS_REGISTRE + "/exports/json"] = lambda path, query: (
        Response(500, b"boom") if "codeinseecommune" in query.get("where", "") else route(path, query))
    result = _load(tmp_path)
    types = {f["type"] for f in _rows(result)}
    assert types == {"Point d'injection de biométhane", "Cogénération de biométhane"}
    status = _status(result, "producteurs")
    assert status.state == "incomplete" and "Registre" in status.detail


# ------------------------------------------------------------------------------- the classification table
def test_the_classification_table_gives_only_the_fiches_types():
    with open(dn.DATA / "producteurs_types.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader([line for line in handle if not line.startswith("#")], delimiter=";"))
    assert {r["type"] for r in rows} <= set(FICHE_TYPES) | {"Autre"}
    assert set(FICHE_TYPES) - {"Point d'injection de biométhane"} <= {r["type"] for r in rows}
    assert rows[-1]["filiere"] == rows[-1]["combustible"] == rows[-1]["technologie"] == "*"  # a row for anything


@pytest.mark.parametrize("record, power, expected", [
    ({"codefiliere": "NUCLE", "filiere": "Nucléaire"}, 1310.0, "Centrale nucléaire"),
    ({"filiere": "Eolien", "codetechnologie": "MER"}, 480.0, "Éolien"),
    ({"codefiliere": "SOLAI"}, 0.1, "Solaire"),
    ({"filiere": "Thermique non renouvelable", "codetechnologie": "PHOTV"}, 132.0, "Solaire"),  # the Ajaccio trap
    ({"codefiliere": "HYDLQ", "technologie": "Lac"}, 40.0, "Hydraulique"),
    ({"filiere": "Energies Marines", "codefiliere": "MARIN"}, 240.0, "Hydraulique"),
    ({"codefiliere": "HYDLQ", "technologie": "STEP"}, 1800.0, "Stockage d'électricité"),
    ({"filiere": "Stockage non hydraulique"}, 12.0, "Stockage d'électricité"),
    ({"codefiliere": "BIOEN", "codecombustible": "B.MET"}, 0.5, "Cogénération de biométhane"),
    ({"codefiliere": "BIOEN", "combustible": "Biogaz de station d'épuration"}, 2.0, "Cogénération de biométhane"),
    ({"codefiliere": "BIOEN", "combustible": "Bois"}, 20.0, "Bioénergies"),
    ({"codefiliere": "BIOEN", "combustible": "Déchets ménagers"}, 15.0, "Bioénergies"),
    ({"codefiliere": "THERM", "codecombustible": "GAZ", "technologie": "Cogénération"}, 8.0, "Cogénération de gaz"),
    ({"codefiliere": "THERM", "codecombustible": "GAZ"}, 3.0, "Cogénération de gaz"),     # old cogeneration, no technology
    ({"codefiliere": "THERM", "codecombustible": "GAZ", "technologie": "Autre"}, 5.0, "Cogénération de gaz"),
    ({"codefiliere": "THERM", "codecombustible": "GAZ", "technologie": "Cogénération"}, 12.0,
     "Thermique non renouvelable"),
    ({"codefiliere": "THERM", "codecombustible": "GAZ", "technologie": "Turbine à combustion"}, 5.0,
     "Thermique non renouvelable"),
    ({"codefiliere": "THERM", "combustible": "Charbon"}, 600.0, "Thermique non renouvelable"),
    ({"codefiliere": "GEOTH"}, 1.7, "Autre"),
    ({"filiere": "Autre"}, 1.0, "Autre"),
    ({}, None, "Autre"),
])
def test_producer_type_of_a_register_record(record, power, expected):
    assert dn.producer_type(record, power) == expected


def test_register_units_are_converted():
    out = dn.producteurs_registre({}, {"puismaxinstallee": "1 500,0", "energieannuelleglissanteinjectee": 2.5e6,
                                       "regime": "En service", "codefiliere": "EOLIE"})
    assert out == {"type": "Éolien", "puissance_mw": 1.5, "energie_gwh_an": 2.5, "statut": "En service"}
    assert dn.producteurs_biomethane({}, {"site_ouvert": "False"}) == {"statut": "Fermé"}
