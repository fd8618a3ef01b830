"""The `consommateurs` layer of Dunkerque from its four sources (SDES gas and electricity address files on
DiDo, ODRÉ transmission sites, Agence ORE commune aggregates), against local stand-ins serving the samples
of sample_data/ in the sources' real formats."""

import json
import sqlite3
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY, QgsProject,
                       QgsVectorLayer, QgsWkbTypes)

from consumers_fixtures import AGGREGATES, COMPOSITE, DUNKERQUE, ELECTRICITY, GAS, TRANSPORT, consumers_server
from consumers_fixtures import stand_ins  # noqa: F401 (fixture)
from local_server import Fault, Response
from standins_consumers import DIDO, ELECTRICITY_RID, GAS_RID, ODRE_IRIS, ORE_NAF
from ti_energie.core.consumers import SECTEURS
from ti_energie.layers import settings
from ti_energie.layers.cache import Cache
from ti_energie.layers.territory_loader import load_territory

ROOT = Path(__file__).resolve().parent.parent
LABELS = {GAS: "SDES – Consommation de gaz naturel à l'adresse (DiDo)",
          ELECTRICITY: "SDES – Consommation d'électricité à l'adresse (DiDo)",
          TRANSPORT: "ODRÉ – Consommation annuelle par IRIS des sites raccordés au réseau de transport",
          AGGREGATES: "Agence ORE – Consommation d'électricité et de gaz par commune et code NAF"}


def _load(tmp_path, themes=("consommateurs",), catalogue=None):
    return load_territory(DUNKERQUE, list(themes), tmp_path / "t.gpkg", catalogue or settings.load_catalogue(),
                          Cache(tmp_path / "cache"))


def _points(result):
    layer = QgsVectorLayer(f"{result.gpkg_path}|layername=consommateurs", "c", "ogr")
    assert layer.isValid()
    return layer, list(layer.getFeatures())


def _by_name(features):
    out = {}
    for f in features:
        out.setdefault((f["nom"], f["energie"]), f)
    return out


def _null(value):
    return value is None or str(value) == "NULL"


def _wgs84_to_l93(lon, lat):
    transform = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                       QgsCoordinateReferenceSystem("EPSG:2154"), QgsProject.instance())
    return transform.transform(QgsPointXY(lon, lat))


def _territory_communes():
    from test_load_territory import _expected_communes

    return _expected_communes()


def _queries(server, prefix):
    return [(urlsplit(r).path, {k: v[-1] for k, v in parse_qs(urlsplit(r).query).items()})
            for r in server.requests if urlsplit(r).path.startswith(prefix)]


# ------------------------------------------------------------------------------------------- the layer

def test_dunkerque_consumers_from_the_four_sources(stand_ins, tmp_path):
    result = _load(tmp_path)
    spec = result.layers[0]
    # the main roads and waterways are drawn on the consumers' map too
    assert [s.layer_name for s in result.layers] == ["consommateurs", "routes_principales", "voies_navigables",
                                                     "perimetre", "epci", "communes"]
    assert spec.title == "Consommateurs d'énergie de l'industrie – AA - Dunkerque - Flandre"
    assert spec.style_path.endswith("styles/consommateurs.qml") and spec.aliases["conso_mwh"] == "Consommation (MWh/an)"
    layer, features = _points(result)
    assert layer.crs().authid() == "EPSG:2154" and layer.wkbType() == QgsWkbTypes.Type.Point
    assert layer.fields().names()[1:] == ["nom", "code_commune", "commune", "naf2", "secteur", "energie", "conso_mwh",
                                          "classe_conso", "pdl", "annee", "precision", "raccordement", "source",
                                          "conso_secret"]
    assert len(features) == 25
    # the fiche's eight sectors, both size classes of the legend, both energies, both connections
    assert {f["secteur"] for f in features} == set(SECTEURS) | {"Non publié"}
    assert {"> 50 000 MWh", "> 10 000 MWh", "< 10 000 MWh", "Non publié"} == {f["classe_conso"] for f in features}
    assert {f["energie"] for f in features} == {"Électricité", "Gaz"}
    assert {f["raccordement"] for f in features} == {"distribution", "transport"}
    assert {f["code_commune"] for f in features} <= _territory_communes()   # not Lille (59350)
    names = _by_name(features)
    # two NAF rows of one address summed once (24: 412 345.6 + 25: 1 520), the division 24 names the sector
    steel = names[("10 Rue de l'Exemple 59760 Grande-Synthe", "Gaz")]
    assert steel["conso_mwh"] == pytest.approx(413865.6) and steel["pdl"] == 3 and steel["naf2"] == "24"
    assert steel["secteur"] == "Métallurgie/sidérurgie" and steel["classe_conso"] == "> 50 000 MWh"
    assert steel["precision"] == "adresse" and steel["raccordement"] == "distribution" and steel["annee"] == 2023
    expected = _wgs84_to_l93(2.2748, 51.0241)
    assert steel.geometry().asPoint().distance(expected) < 0.01
    # the address's 2022 row is not added to its 2023 row
    assert names[("5 Quai de l'Exemple 59140 Dunkerque", "Gaz")]["conso_mwh"] == pytest.approx(18250.5)
    # « secret » and « nd » are NULL, never 0
    chem = names[("1 Avenue de l'Exemple 59279 Loon-Plage", "Gaz")]
    assert _null(chem["conso_mwh"]) and chem["classe_conso"] == "Non publié" and chem["conso_secret"] == "oui"
    textile = names[("14 Rue de l'Exemple 59190 Hazebrouck", "Gaz")]
    assert _null(textile["conso_mwh"]) and _null(textile["pdl"]) and textile["secteur"] == "Textile"
    partial = names[("3 Rue de l'Exemple 59180 Cappelle-la-Grande", "Gaz")]
    assert partial["conso_mwh"] == 4000.0 and partial["conso_secret"] == "partiel" and partial["classe_conso"] == \
        "Non publié"
    # outside divisions 10–33 (35 energy, 47 retail) nothing; the same address in both energies: two points
    assert not [f for f in features if f["naf2"] in ("35", "47")]
    assert names[("2 Route de l'Exemple 59630 Bourbourg", "Électricité")]["conso_mwh"] == 28000.0
    assert names[("2 Route de l'Exemple 59630 Bourbourg", "Gaz")]["conso_mwh"] == 64800.0
    # an address without coordinates: inside its commune
    communes = {f["insee"]: f.geometry() for f in QgsVectorLayer(f"{result.gpkg_path}|layername=communes", "c",
                                                                   "ogr").getFeatures()}
    loose = names[("ZI DE L'EXEMPLE", "Gaz")]
    assert loose["precision"] == "commune" and communes["59155"].contains(loose.geometry())
    assert any("1 adresse(s) sans coordonnées" in w for w in result.warnings)
    # provenance: the resolved datafiles and millésimes, the other vintages
    vintage = spec.provenance["vintage"]
    assert "gaz naturel à l'adresse (2023) (millésime 2024-09)" in vintage
    assert "électricité à l'adresse (2023) (millésime 2025-09)" in vintage
    assert "données 2022" in vintage and "données 2021" in vintage
    status = [s for s in result.statuses if s.key == COMPOSITE][0]
    assert status.state == "ok" and status.count == 25
    row = sqlite3.connect(str(result.gpkg_path)).execute(
        "select source, licence, millesime from sources where couche = 'consommateurs'").fetchone()
    assert row[0].startswith("Consommateurs industriels") and row[1] == "Licence Ouverte 2.0" and "2024-09" in row[2]



def test_transmission_sites_are_flagged(stand_ins, tmp_path):
    result = _load(tmp_path)
    _layer, features = _points(result)
    sites = [f for f in features if f["raccordement"] == "transport"]
    assert sorted((f["code_commune"], f["energie"]) for f in sites) == [
        ("59271", "Gaz"), ("59271", "Électricité"), ("59273", "Gaz"), ("59359", "Électricité")]
    for site in sites:
        assert site["secteur"] == "Non publié" and _null(site["naf2"]) and site["precision"] == "IRIS"
        assert site["annee"] == 2022 and site["pdl"] == 1 and site["nom"].startswith("Site raccordé au transport ")
    by_key = {(f["code_commune"], f["energie"]): f for f in sites}
    assert by_key[("59359", "Électricité")]["conso_mwh"] == 3850000.0  # 2022, not the 2021 row
    assert by_key[("59359", "Électricité")]["classe_conso"] == "> 50 000 MWh"
    assert _null(by_key[("59271", "Électricité")]["conso_mwh"])          # null in ODRÉ: withheld
    assert by_key[("59271", "Électricité")]["classe_conso"] == "Non publié"
    assert by_key[("59271", "Gaz")]["source"].startswith("ODRÉ")
    assert by_key[("59271", "Gaz")]["nom"] == "Site raccordé au transport NaTran (ex-GRTgaz) – Grande-Synthe"
    assert by_key[("59273", "Gaz")]["classe_conso"] == "> 10 000 MWh"
    assert by_key[("59359", "Électricité")].geometry().asPoint().distance(_wgs84_to_l93(2.2089, 50.9987)) < 0.01
    # Dunkerque's IRIS with 3 delivery points is a sum of sites: not drawn, said
    assert not [f for f in sites if f["code_commune"] == "59183"]
    assert any("1 IRIS comptent plusieurs sites" in w and "620\u202f000 MWh en 2022" in w for w in result.warnings)


def test_commune_aggregates_only_where_addresses_are_withheld(stand_ins, tmp_path):
    _layer, features = _points(_load(tmp_path))
    communal = {(f["code_commune"], f["energie"], f["secteur"]): f for f in features
                if f["source"].startswith("Agence ORE")}
    assert set(communal) == {("59273", "Électricité", "Matériels de transport"), ("59295", "Gaz", "Textile"),
                             ("62645", "Gaz", "Industrie chimique et pharmaceutique")}
    transport = communal[("59273", "Électricité", "Matériels de transport")]
    assert transport["conso_mwh"] == 12650.0 and transport["precision"] == "commune" and transport["annee"] == 2021
    assert transport["pdl"] == 5 and transport["nom"] == "Matériels de transport – Gravelines (total communal)"
    assert communal[("59295", "Gaz", "Textile")]["conso_mwh"] == 8100.0      # its address is « nd »
    assert _null(communal[("62645", "Gaz", "Industrie chimique et pharmaceutique")]["conso_mwh"])
    # Dunkerque's agrifood gas is published at its address: its commune total is not drawn as well
    assert ("59183", "Gaz", "Agroalimentaire") not in communal


# ------------------------------------------------------------------------------------------- requests

def test_request_shapes(stand_ins, tmp_path):
    _load(tmp_path)
    catalogue = _queries(stand_ins, DIDO + "/datafiles")
    searches = [q for p, q in catalogue if p == DIDO + "/datafiles"]
    assert searches and all(q == {"page": "1", "pageSize": "100", "text": "adresse"} for q in searches)
    rows = [(p, q) for p, q in catalogue if p.endswith("/rows")]
    assert {p.split("/")[-2] for p, _q in rows} == {GAS_RID, ELECTRICITY_RID}   # not the 2022 nor the IRIS files
    gas = sorted((q for p, q in rows if GAS_RID in p), key=lambda q: q["CODE_IRIS_CODE"])
    assert gas == [{"millesime": "2024-09", "CODE_IRIS_CODE": f"startsWith:{dep}", "CODE_GRAND_SECTEUR": "eq:I",
                    "pageSize": "all", "page": "1"} for dep in ("59", "62")]
    assert {q["millesime"] for p, q in rows if ELECTRICITY_RID in p} == {"2025-09"}   # its latest millésime
    raw = [r for r in stand_ins.requests if "/rows?" in r]
    assert all("startsWith%3A" in r and "eq%3AI" in r for r in raw)   # ':' encoded (DiDo answers 400 otherwise)
    odre = [unquote(q["where"]) for p, q in _queries(stand_ins, ODRE_IRIS)]
    assert odre == ["code_insee_departement IN ('59', '62')"]
    assert all("limit=-1" in r for r in stand_ins.requests if r.startswith(ODRE_IRIS))
    ore = [q["where"] for p, q in _queries(stand_ins, ORE_NAF)]
    assert ore == ["code_commune IN (" + ", ".join(f"'{c}'" for c in sorted(_territory_communes())) + ")"]


def test_pages_are_followed(tmp_path, monkeypatch):
    with consumers_server(tmp_path, monkeypatch, **{GAS: {"page_size": 2}, ELECTRICITY: {"page_size": 3}}) \
            as (server, _path):
        result = _load(tmp_path)
    _layer, features = _points(result)
    assert len(features) == 25 and not [w for w in result.warnings if "tronquée" in w]
    pages = [q for p, q in _queries(server, DIDO) if p.endswith("/rows") and GAS_RID in p]
    assert {q["pageSize"] for q in pages} == {"2"}
    # 13 industrial gas rows in the Nord (server side), 2 a page
    assert sorted(int(q["page"]) for q in pages if q["CODE_IRIS_CODE"] == "startsWith:59") == [1, 2, 3, 4, 5, 6, 7]


def test_too_many_pages_leave_the_layer_incomplete(tmp_path, monkeypatch):
    with consumers_server(tmp_path, monkeypatch, **{GAS: {"page_size": 2, "max_pages": 1}}):
        result = _load(tmp_path)
    assert result.layers[0].title.endswith("(incomplète)")
    assert any("réponse tronquée" in w and "gaz" in w for w in result.warnings)
    assert "département 59 : pages au-delà de 1 non lues" in result.layers[0].provenance["incomplete"]


def test_catalogue_search_is_paged(stand_ins, tmp_path, monkeypatch):
    from ti_energie.layers.connectors import dido

    monkeypatch.setattr(dido, "CATALOGUE_PAGE_SIZE", 2)
    _layer, features = _points(_load(tmp_path))
    assert len(features) == 25
    pages = [q for p, q in _queries(stand_ins, DIDO + "/datafiles") if p == DIDO + "/datafiles"]
    assert sorted({int(q["page"]) for q in pages}) == [1, 2, 3] and {q["pageSize"] for q in pages} == {"2"}


def test_choose_the_newest_datafile_by_title():
    from ti_energie.layers.connectors.dido import choose_datafile, fold

    items = json.loads((ROOT / "sample_data" / "sdes" / "dido_catalogue_exemple.json").read_text(encoding="utf-8"))
    assert fold("Électricité À L'ADRESSE") == "electricite a l'adresse"
    assert choose_datafile(items, ["gaz", "adresse"], ["iris"])[:2] == (GAS_RID, "2024-09")
    assert choose_datafile(items, ["electricite", "adresse"])[:2] == (ELECTRICITY_RID, "2025-09")
    assert choose_datafile(items, ["gaz"], ["adresse"])[0] == "exemple-0000-gaz-iris-2023"
    assert choose_datafile(items, ["hydrogène"]) is None
    older = [i for i in items if i["rid"] != GAS_RID]
    assert choose_datafile(older, ["gaz", "adresse"], ["iris"])[:2] == ("exemple-0000-gaz-adresse-2022", "2024-03")


def test_a_pinned_datafile_and_an_unknown_title(tmp_path, monkeypatch):
    with consumers_server(tmp_path, monkeypatch,
                          **{ELECTRICITY: {"rid": ELECTRICITY_RID, "millesime": "2024-09"},
                             GAS: {"title_words": ["gaz", "inexistant"]}}) as (server, _path):
        result = _load(tmp_path)
    rows = [q for p, q in _queries(server, DIDO) if p.endswith("/rows")]
    assert {q["millesime"] for q in rows} == {"2024-09"} and all(ELECTRICITY_RID in p for p, _q in
                                                                   _queries(server, DIDO) if p.endswith("/rows"))
    assert any(LABELS[GAS] in w and "indisponible" in w and "« gaz », « inexistant »" in w for w in result.warnings)
    assert result.layers[0].title.endswith("(incomplète)")
    _layer, features = _points(result)
    assert {f["energie"] for f in features if f["raccordement"] == "distribution" and f["precision"] == "adresse"} == \
        {"Électricité"}


# ------------------------------------------------------------------------------------------- faults

def _fail_gas_rows(server):
    route = server.routes[DIDO + "/datafiles/*"]
    server.routes[DIDO + "/datafiles/*"] = lambda path, query: Response(503, b"maintenance") \
        if GAS_RID in path else route(path, query)


@pytest.mark.parametrize("part, breaker, reason", [
    (GAS, _fail_gas_rows, "HTTP 503"),
    (TRANSPORT, lambda s: s.routes.__setitem__(ODRE_IRIS + "/exports/json",
                                               Response(200, b'[{"annee": "2022", "code_ir')), "JSON invalide"),
    (AGGREGATES, lambda s: s.routes.__setitem__(ORE_NAF + "/exports/json", Response(200, b'{"total_count": 0}')),
     "une liste JSON était attendue"),
    (ELECTRICITY, lambda s: s.routes.__setitem__(
        DIDO + "/datafiles", Response(200, b"<html><title>Maintenance</title></html>")), "page HTML"),
])
def test_a_failing_part_leaves_the_others_loaded(stand_ins, tmp_path, part, breaker, reason):
    breaker(stand_ins)
    result = _load(tmp_path)
    assert result.layers[0].layer_name == "consommateurs" and result.layers[0].title.endswith("(incomplète)")
    assert any(f"partie « {LABELS[part]} » indisponible" in w and reason in w for w in result.warnings), \
        result.warnings
    assert f"{LABELS[part]} : indisponible" in result.layers[0].provenance["incomplete"]
    status = [s for s in result.statuses if s.key == COMPOSITE][0]
    assert status.state == "incomplete"
    _layer, features = _points(result)
    sources = {f["source"].split(" – ")[0] for f in features}
    if part == TRANSPORT:
        assert "ODRÉ" not in sources and not [f for f in features if f["raccordement"] == "transport"]
    else:
        assert "ODRÉ" in sources
    if part == GAS:   # no gas address: the commune totals stand in for them (Dunkerque's agrifood gas)
        assert not [f for f in features if f["energie"] == "Gaz" and f["precision"] == "adresse"]
        dk = [f for f in features if (f["code_commune"], f["energie"], f["secteur"]) == ("59183", "Gaz",
                                                                                          "Agroalimentaire")]
        assert len(dk) == 1 and dk[0]["conso_mwh"] == 19000.0 and dk[0]["precision"] == "commune"
    if part == ELECTRICITY:  # the catalogue is shared by the two DiDo parts: both are named
        assert any(f"partie « {LABELS[GAS]} » indisponible" in w for w in result.warnings)


def test_every_part_failing_loads_no_layer(stand_ins, tmp_path):
    for path in (ODRE_IRIS + "/exports/json", ORE_NAF + "/exports/json", DIDO + "/datafiles"):
        stand_ins.routes[path] = Response(500, b"boom")
    result = _load(tmp_path)
    assert [s.layer_name for s in result.layers] == ["routes_principales", "voies_navigables", "perimetre", "epci",
                                                     "communes"]
    assert any("aucune des sources de la couche n'a répondu" in w and "Couche non chargée" in w
               for w in result.warnings)


def test_transient_faults_are_retried(stand_ins, tmp_path):
    stand_ins.inject(DIDO + "/datafiles", Fault.status(503))   # the catalogue search (queued first: prefixes)
    stand_ins.inject(f"{DIDO}/datafiles/{GAS_RID}/rows", Fault.status(429, retry_after="0"),
                     Fault.truncated(announce_length=False))
    stand_ins.inject(ODRE_IRIS, Fault.html())
    stand_ins.inject(ORE_NAF, Fault.reset())
    result = _load(tmp_path)
    assert not result.layers[0].incomplete and not result.layers[0].title.endswith("(incomplète)")
    _layer, features = _points(result)
    assert len(features) == 25
    kinds = [kind for _path, kind in stand_ins.faults_served]
    assert sorted(kinds) == ["html", "reset", "status", "status", "truncated_silent"]


def test_a_body_cut_short_under_its_content_length_is_retried(stand_ins, tmp_path):
    stand_ins.inject(f"{DIDO}/datafiles/{GAS_RID}/rows", Fault.truncated())
    result = _load(tmp_path)
    assert not result.layers[0].incomplete, result.warnings


# ------------------------------------------------------------------------------------------- catalogue

def test_naf_table_overridden_in_the_catalogue(tmp_path, monkeypatch):
    with consumers_server(tmp_path, monkeypatch,
                          **{COMPOSITE: {"naf_secteurs": {"16": "Biens intermédiaires et d'équipement"}}}):
        result = _load(tmp_path)
    _layer, features = _points(result)
    nieppe = [f for f in features if f["code_commune"] == "59431"][0]
    assert nieppe["naf2"] == "16" and nieppe["secteur"] == "Biens intermédiaires et d'équipement"


def test_a_bad_naf_override_is_a_clear_message(tmp_path, monkeypatch):
    user = tmp_path / "naf.csv"
    user.write_text("naf2;secteur\n10;Agroalimentaire\n", encoding="utf-8")
    with consumers_server(tmp_path, monkeypatch, **{COMPOSITE: {"naf_secteurs_fichier": str(user)}}):
        result = _load(tmp_path)
    assert "consommateurs" not in [s.layer_name for s in result.layers]
    assert any("Consommateurs industriels" in w and "division(s) 11, 12" in w for w in result.warnings)


def test_catalogue_checks_the_keys_of_the_new_connectors(tmp_path, monkeypatch):
    from ti_energie.core.errors import TiEnergieError
    from ti_energie.layers.catalogue import Catalogue

    monkeypatch.delenv("TI_ENERGIE_CATALOGUE")
    catalogue = Catalogue.load()
    assert catalogue.theme_sources("consommateurs") == ["ign_routes_principales", "ign_voies_navigables", COMPOSITE]
    assert catalogue.source(COMPOSITE)["parts"] == [GAS, ELECTRICITY, TRANSPORT, AGGREGATES]
    for key in (GAS, ELECTRICITY, TRANSPORT, AGGREGATES):   # read through the composite only
        assert not catalogue.themes_of(key) and catalogue.url(key).startswith("https://")
    path = tmp_path / "c.yaml"
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(path))
    for text, message in ((f"sources:\n  {COMPOSITE}:\n    parts: {GAS}\n", f"sources.{COMPOSITE}.parts"),
                          (f"sources:\n  {GAS}:\n    pagesize: 10\n", f"clé inconnue « sources.{GAS}.pagesize »"),
                          (f"sources:\n  {GAS}:\n    filters: eq\n", f"sources.{GAS}.filters")):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(TiEnergieError, match=message):
            Catalogue.load()


def test_a_theme_without_source_is_still_reported(stand_ins, tmp_path):
    catalogue = settings.load_catalogue()
    for key in (COMPOSITE, "ign_routes_principales", "ign_voies_navigables"):  # the roads feed every map
        del catalogue.sources[key]
    result = _load(tmp_path, catalogue=catalogue)
    assert [s.layer_name for s in result.layers] == ["perimetre", "epci", "communes"]
    assert any("Consommateurs" in w and "aucune source" in w for w in result.warnings)


# ------------------------------------------------------------------------------------------- entry points

def test_processing_loads_both_themes(stand_ins, tmp_path, qgis_processing):
    from qgis import processing
    from qgis.core import QgsApplication

    from ti_energie.processing.provider import TiEnergieProvider

    registry = QgsApplication.processingRegistry()
    added = registry.providerById("ti_energie") is None
    if added:
        registry.addProvider(TiEnergieProvider())
    try:
        out = tmp_path / "alg.gpkg"
        result = processing.run("ti_energie:load_territory", {"TERRITORY": "ti-3201", "THEMES": [0, 4],
                                                              "OUTPUT": str(out)})
    finally:
        if added:
            registry.removeProvider(registry.providerById("ti_energie"))
    assert result["LAYER_COUNT"] == 7  # with the main roads and waterways
    assert QgsVectorLayer(f"{out}|layername=consommateurs", "c", "ogr").featureCount() == 25
    assert QgsVectorLayer(f"{out}|layername=emplois", "e", "ogr").featureCount() > 100
    outline = next(QgsVectorLayer(f"{out}|layername=perimetre", "p", "ogr").getFeatures())
    assert outline["effectifs_total"] == 15977
    assert (tmp_path / "alg_emplois_industrie.svg").exists()


def test_qgis_process_loads_both_themes(stand_ins, tmp_path):
    from qgis_process_helper import run_qgis_process

    out = tmp_path / "qp.gpkg"
    proc = run_qgis_process(tmp_path, "ti_energie:load_territory", "TERRITORY=ti-3201", "THEMES=0,4",
                            f"OUTPUT={out}")
    assert "LAYER_COUNT" in proc.stdout
    assert QgsVectorLayer(f"{out}|layername=consommateurs", "c", "ogr").featureCount() == 25
    outline = next(QgsVectorLayer(f"{out}|layername=perimetre", "p", "ogr").getFeatures())
    assert outline["part_emploi_industriel_pct"] == pytest.approx(46.4)

