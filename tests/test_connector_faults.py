"""Every connector kind, driven by load_territory against the stand-ins of tools/standins.py, under the faults
public APIs show: each transient fault is retried and the layer is complete; a refused redirect, a `next`
link elsewhere, null geometries, withheld values, a corrupted cache entry, a source down with a cached copy;
partial failures (a batch of communes, a capped WFS, an EPCI gone, a connector raising) leave the rest of
the territory loaded, said in the warnings, the statuses, the layer names and the `sources` table."""

import os
import sqlite3
import threading
import time

import pytest
from qgis.core import QgsApplication, QgsFeedback, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication

import standins
from geo_fixtures import world  # noqa: F401 (fixture)
from geo_fixtures import load_standins, status_of
from local_server import Fault
from ti_energie.core.errors import CancelledError

INSIDE = {c[0] for c in standins.COMMUNES}
SITES = {f"S-{code}" for code in INSIDE}

# kind → (layer written, path of the data request, query values of that request, key of a feature)
KINDS = {
    "ods_points": ("sites_ods", "/ods/sites/exports/geojson", None, "id"),
    "ods_commune_aggregate": ("production", "/ods/registre/exports/json", None, ("code_insee", "categorie")),
    "drf_geojson_by_commune": ("sites_drf", "/drf/sites/", None, "id"),
    "datagouv_zip_vector": ("lignes", "/datagouv/files/lignes.zip", None, "code"),
    "datagouv_csv": ("sites_csv", "/datagouv/files/sites.csv", None, "id"),
    "wfs": ("sites_wfs", "/wfs", {"request": "GetFeature"}, "id"),
    "wms_raster": (None, "/wms", None, None),
    "wmts_raster": (None, "/wmts", None, None),
    "melodi": ("emplois", "/melodi/data/", None, "code_commune"),
}
EXPECTED = {
    "ods_points": SITES, "drf_geojson_by_commune": SITES, "datagouv_csv": SITES, "wfs": SITES,
    "ods_commune_aggregate": {(code, filiere) for code in INSIDE for filiere in ("Solaire", "Eolien")},
    "datagouv_zip_vector": {f"L-{code}" for code in INSIDE}, "melodi": INSIDE,
    "wms_raster": {"raster"}, "wmts_raster": {"raster"},
}
KEY = "essai"
# asked by batches of communes or by département: a fault on the first request leaves the layer incomplete
PER_BATCH = {"drf_geojson_by_commune", "melodi"}


def _one(world, tmp_path, monkeypatch, kind, name="t.gpkg", **overrides):
    return load_standins(world, tmp_path, monkeypatch, {KEY: standins.source_entry(kind, world.server, **overrides)},
                         name)


def _status(result, key=KEY):
    return status_of(result, key)


def _features(result, layer_name):
    layer = QgsVectorLayer(f"{result.gpkg_path}|layername={layer_name}", layer_name, "ogr")
    assert layer.isValid(), layer_name
    return list(layer.getFeatures())


def _content(result, kind):
    """What the source gave: identifiers of its features, or {'raster'} for a remote layer."""
    layer_name, _path, _query, key = KINDS[kind]
    if layer_name is None:
        return {"raster" for s in result.layers if s.source_key == KEY and s.kind == "raster"}
    features = _features(result, layer_name)
    values = [tuple(f[k] for k in key) if isinstance(key, tuple) else f[key] for f in features]
    assert len(values) == len(set(values)), "a feature twice"
    return set(values)


def _source_warnings(result, label):
    return [w for w in result.warnings if f"« {label} »" in w]


def _sources_table(result):
    with sqlite3.connect(str(result.gpkg_path)) as db:
        return {r[0]: r for r in db.execute("select couche, titre, statut, remarque from sources")}


def _inject(world, kind, *faults):
    _layer, path, query, _key = KINDS[kind]
    world.server.inject(path, *faults, query=query)


# ------------------------------------------------------------------ a fault, then the answer
TRANSIENT = {
    "429": lambda: Fault.status(429, retry_after="0"),
    "500": lambda: Fault.status(500),
    "truncated": lambda: Fault.truncated(keep=0.4),
    "truncated_silent": lambda: Fault.truncated(keep=0.4, announce_length=False),
    "html_200": Fault.html,
    "exception_200": Fault.wfs_exception,
}


@pytest.mark.parametrize("fault", list(TRANSIENT))
@pytest.mark.parametrize("kind", list(KINDS))
def test_a_transient_fault_is_retried_and_the_layer_is_complete(world, tmp_path, monkeypatch, kind, fault):
    _inject(world, kind, TRANSIENT[fault]())
    result = _one(world, tmp_path, monkeypatch, kind)
    status = _status(result)
    assert status.state == "ok", (status, result.warnings)
    assert _content(result, kind) == EXPECTED[kind]
    assert not result.warnings
    assert world.server.faults_served == [(world.server.faults_served[0][0], TRANSIENT[fault]().kind)]
    assert world.server.faults_served[0][0].startswith(KINDS[kind][1])


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_redirect_to_plain_http_fails_this_source_only(world, tmp_path, monkeypatch, kind):
    _inject(world, kind, Fault.redirect("http://example.invalid/donnees"))
    result = _one(world, tmp_path, monkeypatch, kind)
    status = _status(result)
    refused = "redirection refusée vers une adresse non sécurisée « http://example.invalid/donnees »"
    [warning] = result.warnings
    assert refused in warning and warning.startswith(f"Source « Essai – {kind} » : ")
    if kind in PER_BATCH:  # the first batch (or département) only
        assert status.state == "incomplete"
        assert [s.title for s in result.layers if s.source_key == KEY][0].endswith(" (incomplète)")
        return
    assert status.state == "failed" and refused in status.detail
    assert not [s for s in result.layers if s.source_key == KEY]
    assert [s.layer_name for s in result.layers] == ["perimetre", "epci", "communes"]
    assert "Couche non chargée" in warning


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_persistent_html_page_is_never_cached(world, tmp_path, monkeypatch, kind):
    _inject(world, kind, *[Fault.html()] * 3)
    result = _one(world, tmp_path, monkeypatch, kind)
    assert _status(result).state == ("incomplete" if kind in PER_BATCH else "failed")
    [warning] = result.warnings
    assert "page HTML reçue à la place des données (« Maintenance »)" in warning or \
        "archive ZIP illisible" in warning or "colonne(s) absente(s) du CSV" in warning
    assert "(3 tentatives)" in warning
    cached = [p.read_bytes() for p in (tmp_path / "cache" / "ti_energie" / "http" / KEY).glob("*.bin")]
    assert not [body for body in cached if b"<html" in body.lower()]
    # the next load, with the source back, is complete
    result = _one(world, tmp_path, monkeypatch, kind, name="t2.gpkg")
    assert _status(result).state == "ok" and _content(result, kind) == EXPECTED[kind]


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_corrupted_cache_entry_is_fetched_again(world, tmp_path, monkeypatch, kind):
    assert _content(_one(world, tmp_path, monkeypatch, kind), kind) == EXPECTED[kind]
    before = world.server.count(KINDS[kind][1])
    entries = list((tmp_path / "cache" / "ti_energie" / "http" / KEY).glob("*.bin"))
    assert entries
    for path in entries:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    result = _one(world, tmp_path, monkeypatch, kind, name="t2.gpkg")
    assert _status(result).state == "ok" and not result.warnings
    assert _content(result, kind) == EXPECTED[kind]
    assert world.server.count(KINDS[kind][1]) > before  # fetched again, the cut copy was not served


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_source_down_with_a_cached_copy_gives_a_stale_layer(world, tmp_path, monkeypatch, kind):
    assert _status(_one(world, tmp_path, monkeypatch, kind)).state == "ok"
    _inject(world, kind, *[Fault.status(503)] * 20)
    entry = standins.source_entry(kind, world.server)
    result = load_standins(world, tmp_path, monkeypatch, {KEY: entry}, name="t2.gpkg", cache={"max_age_days": 0})
    status = _status(result)
    assert status.state == "stale" and status.detail == "la source n'a pas répondu, copie en cache utilisée"
    assert _content(result, kind) == EXPECTED[kind]
    assert any("HTTP 503" in w and "Copie en cache du" in w for w in _source_warnings(result, f"Essai – {kind}"))
    assert _status(result, "geo_api").state == "ok"  # refreshed: the geo API answered


# ------------------------------------------------------------------ links, geometries, values
@pytest.mark.parametrize("kind", ["drf_geojson_by_commune", "melodi"])
def test_next_links_on_another_scheme_are_rebased(world, tmp_path, monkeypatch, kind):
    world.page_size_cap = 1
    world.next_scheme = "https"  # the catalogue's address is http://127.0.0.1: the server says https://
    result = _one(world, tmp_path, monkeypatch, kind)
    assert _status(result).state == "ok", result.warnings
    assert _content(result, kind) == EXPECTED[kind]
    assert any("page=2" in r for r in world.server.requests)


@pytest.mark.parametrize("kind, missing", [("drf_geojson_by_commune", "Aville (59001), Bville (59002)"),
                                           ("melodi", "département(s) 59 manquant(s)")])
def test_a_next_link_to_another_host_over_http_is_refused(world, tmp_path, monkeypatch, kind, missing):
    world.page_size_cap = 1
    world.next_host = "example.invalid"
    result = _one(world, tmp_path, monkeypatch, kind, **({"batch_size": 2} if kind != "melodi" else {}))
    status = _status(result)
    assert status.state in ("incomplete", "failed"), status
    warnings = " ".join(result.warnings)
    assert "adresse refusée « http://example.invalid/" in warnings and "seules les adresses HTTPS" in warnings
    if status.state == "incomplete":
        assert missing in status.detail
    assert not any("example.invalid" in r for r in world.server.requests)


GEOMETRY_KINDS = ["ods_points", "drf_geojson_by_commune", "datagouv_csv", "wfs", "user_file"]


@pytest.mark.parametrize("kind", GEOMETRY_KINDS + ["melodi"])
def test_null_geometry_and_withheld_values(world, tmp_path, monkeypatch, kind):
    for code, value in (("59001", "NC"), ("59002", "s"), ("59003", "secret"), ("62001", "nd")):
        world.site(code)["valeur"] = value
    world.site("62003")["valeur"] = "beaucoup"
    world.site("59003")["nom"] = "inconnu"  # a marker in a text field: NULL, not a warning
    world.site("62002")["lon"] = world.site("62002")["lat"] = None
    overrides = {}
    if kind == "user_file":
        overrides["path"] = str(standins.write_geojson(world, tmp_path / "sites.geojson"))
    result = _one(world, tmp_path, monkeypatch, kind, **overrides)
    status = _status(result)
    assert status.state == "ok", (status, result.warnings)
    layer_name = KINDS[kind][0] if kind in KINDS else "sites_perso"
    features = _features(result, layer_name)
    field, key = ("effectif", "code_commune") if kind == "melodi" else ("valeur", "id")
    values = {f[key]: f[field] for f in features}
    prefix = "" if kind == "melodi" else "S-"
    expected = INSIDE if kind == "melodi" else INSIDE - {"62002"}  # no geometry: skipped
    assert set(values) == {prefix + code for code in expected}
    for code in ("59001", "59002", "59003", "62001", "62003"):
        assert values[prefix + code] is None or str(values[prefix + code]) == "NULL", code
    [warning] = _source_warnings(result, f"Essai – {kind}")
    assert f"1 valeur(s) illisible(s) du champ {field} mise(s) à NULL (« beaucoup »)" in warning
    assert f"4 valeur(s) non diffusée(s) ou non renseignée(s) du champ {field} mise(s) à NULL" in warning
    assert "« NC »" in warning and "champ nom" not in warning
    if kind in ("ods_points", "drf_geojson_by_commune", "wfs"):
        assert "1 entité(s) sans géométrie exploitable ignorée(s)" in warning
    # a file (user_file, data.gouv CSV) is read on the territory's extent: a feature without geometry is not
    # on it, and not counted (a national file would count those of the whole country)


def test_withheld_values_in_a_register_are_counted(world, tmp_path, monkeypatch):
    for record in world.register:
        if record["code_commune"] == "59002" and record["filiere"] == "Solaire":
            record["puissance_kw"] = "secret"
    result = _one(world, tmp_path, monkeypatch, "ods_commune_aggregate")
    rows = {(f["code_insee"], f["categorie"]): f for f in _features(result, "production")}
    assert rows[("59002", "Solaire")]["puissance_mw"] == 0.0 and rows[("59001", "Solaire")]["puissance_mw"] == \
        pytest.approx(1.5005)
    [warning] = _source_warnings(result, "Essai – ods_commune_aggregate")
    assert "1 valeur(s) non diffusée(s) ou non renseignée(s) du champ puissance_mw mise(s) à NULL (« secret »)" \
        in warning


# ------------------------------------------------------------------ partial failures
def _drf(world, **overrides):
    return standins.source_entry("drf_geojson_by_commune", world.server, label="Cerema – Cartofriches (essai)",
                                 layer="friches", title="Friches", **overrides)


def test_credentials_follow_the_catalogue_origin_not_the_next_links(world, tmp_path, monkeypatch):
    """A source behind authentication (`authcfg`): its pages on another host (`next` links) get no credentials."""
    from qgis.core import QgsAuthMethodConfig

    auth = QgsApplication.authManager()
    if not auth.masterPasswordIsSet():
        auth.setMasterPassword("test-master", True)
    config = QgsAuthMethodConfig("Basic")
    config.setName("ti-energie-next-links")
    config.setConfig("username", "agent")
    config.setConfig("password", "s3cret")
    stored = auth.storeAuthenticationConfig(config)
    assert (stored[0] if isinstance(stored, tuple) else stored) and config.id()
    world.page_size_cap = 1
    world.next_host = world.host.replace("127.0.0.1", "localhost")  # same machine, another origin
    try:
        result = load_standins(world, tmp_path, monkeypatch, {"friches": _drf(world, authcfg=config.id())})
    finally:
        auth.removeAuthenticationConfig(config.id())
    assert _status(result, "friches").state == "ok" and {f["id"] for f in _features(result, "friches")} == SITES
    sent = [(path, "Authorization" in headers) for path, headers in zip(world.server.requests, world.server.headers)
            if path.startswith("/drf/")]
    first_pages = [with_auth for path, with_auth in sent if "page=" not in path]
    next_pages = [with_auth for path, with_auth in sent if "page=" in path]
    assert first_pages == [True, True, True] and next_pages and not any(next_pages)
    assert all("Host" not in h or h["Host"].startswith("localhost") for p, h in
               zip(world.server.requests, world.server.headers) if "page=" in p)


def test_a_failing_batch_of_communes_leaves_an_incomplete_layer(world, tmp_path, monkeypatch):
    world.fail_codes = {"62001"}  # the batch 59003, 62001 answers HTTP 500, retries included
    result = load_standins(world, tmp_path, monkeypatch, {"friches": _drf(world)})
    status = _status(result, "friches")
    assert status.state == "incomplete" and status.count == 4
    assert status.detail == "2 commune(s) sans réponse : Cville (59003), Dville (62001)"
    assert {f["id"] for f in _features(result, "friches")} == SITES - {"S-59003", "S-62001"}
    spec = [s for s in result.layers if s.source_key == "friches"][0]
    assert spec.title == "Friches – Essai (incomplète)" and spec.incomplete == [status.detail]
    assert spec.provenance["status"] == "incomplete"
    row = _sources_table(result)["friches"]
    assert row[1] == "Friches – Essai (incomplète)" and row[2] == "incomplete" and status.detail in row[3]
    [warning] = result.warnings
    assert warning == ("Source « Cerema – Cartofriches (essai) » : réponse incomplète, 2 commune(s) manquante(s) : "
                       "Cville (59003), Dville (62001) (le serveur est en erreur (HTTP 500) (3 tentatives).)")
    assert sum("59003" in r for r in world.server.requests) == 3


def test_an_incomplete_layer_is_dropped_when_the_catalogue_says_so(world, tmp_path, monkeypatch):
    world.fail_codes = {"62001"}
    result = load_standins(world, tmp_path, monkeypatch, {"friches": _drf(world, on_incomplete="drop")})
    status = _status(result, "friches")
    assert status.state == "failed"
    assert status.detail == "réponse incomplète, couche écartée : 2 commune(s) sans réponse : Cville (59003), " \
                            "Dville (62001)"
    assert "friches" not in [s.layer_name for s in result.layers] and "friches" not in _sources_table(result)
    assert any("couche écartée" in w for w in result.warnings)


def test_every_batch_failing_fails_the_source(world, tmp_path, monkeypatch):
    world.fail_codes = INSIDE
    result = load_standins(world, tmp_path, monkeypatch, {"friches": _drf(world)})
    assert _status(result, "friches").state == "failed" and "HTTP 500" in _status(result, "friches").detail


def test_a_wfs_capping_its_answer_silently_is_incomplete(world, tmp_path, monkeypatch):
    world.wfs_cap = 4  # numberMatched says 7, the server stops after 4
    result = _one(world, tmp_path, monkeypatch, "wfs")
    status = _status(result)
    assert status.state == "incomplete" and status.detail == "4 entités reçues sur 7 annoncées"
    assert any("le service a plafonné sa réponse : 4 entités reçues sur 7 annoncées" in w for w in result.warnings)
    assert [s.title for s in result.layers if s.source_key == KEY] == ["Sites WFS – Essai (incomplète)"]
    assert {f["id"] for f in _features(result, "sites_wfs")} == {"S-59001", "S-59002", "S-59003", "S-62001"}


@pytest.mark.parametrize("page_size, starts", [(3, ["0", "3", "6"]), (2, ["0", "2", "4", "6"]), (7, ["0"]),
                                               (10, ["0"])])
def test_wfs_pages_give_every_feature_once(world, tmp_path, monkeypatch, page_size, starts):
    result = _one(world, tmp_path, monkeypatch, "wfs", page_size=page_size)
    assert _status(result).state == "ok" and not result.warnings
    assert _content(result, "wfs") == SITES  # the site outside the territory is dropped
    pages = [r for r in world.server.requests if "GetFeature" in r]
    assert [r.split("startIndex=")[1].split("&")[0] for r in pages] == starts
    assert all(f"count={page_size}" in r for r in pages)
    assert all("typeNames=essai%3Asites_20250601" in r or "typeNames=essai:sites_20250601" in r for r in pages)
    assert [s.provenance["vintage"] for s in result.layers if s.source_key == KEY] == ["2025-06-01"]


def test_a_wfs_page_failing_after_the_first_leaves_an_incomplete_layer(world, tmp_path, monkeypatch):
    world.server.inject("/wfs", *[Fault.wfs_exception()] * 3, query={"request": "GetFeature", "startIndex": "3"})
    result = _one(world, tmp_path, monkeypatch, "wfs", page_size=3)
    status = _status(result)
    assert status.state == "incomplete" and status.detail == "pages à partir de l'entité 3 manquantes"
    [warning] = result.warnings
    assert "les entités à partir de la n° 4 manquent (le service a répondu par une exception : Internal error" \
        in warning and "(3 tentatives)" in warning
    assert {f["id"] for f in _features(result, "sites_wfs")} == {"S-59001", "S-59002", "S-59003"}


def test_a_wfs_ignoring_startindex_gives_each_feature_once(world, tmp_path, monkeypatch):
    """A server without paging answers the first page again and again: the features are kept once, the
    paging stops, and the layer is said incomplete (numberMatched is not reached)."""
    world.wfs_paging = False
    result = _one(world, tmp_path, monkeypatch, "wfs", page_size=3)
    ids = [f["id"] for f in _features(result, "sites_wfs")]
    assert sorted(ids) == ["S-59001", "S-59002", "S-59003"]
    assert len([r for r in world.server.requests if "GetFeature" in r]) == 2  # the repeated page ends it
    status = _status(result)
    assert status.state == "incomplete" and "3 entités reçues sur 7 annoncées" in status.detail, status


@pytest.mark.parametrize("names, expected", [
    (True, "L'EPCI « CA des Collines d'Essai » (SIREN 200000002) est introuvable dans l'API Découpage "
           "administratif (HTTP 404) : il a peut-être fusionné avec un autre EPCI ou changé de SIREN."),
    (False, "L'EPCI de SIREN 200000002 est introuvable dans l'API Découpage administratif (HTTP 404) : il a "
            "peut-être fusionné avec un autre EPCI ou changé de SIREN."),
])
def test_an_epci_gone_from_the_geo_api_is_named_and_the_rest_loads(world, tmp_path, monkeypatch, names, expected):
    world.missing_epci = {"200000002"}
    result = load_standins(world, tmp_path, monkeypatch, {KEY: standins.source_entry("ods_points", world.server)},
                   territory=standins.territory(names=names))
    warning = [w for w in result.warnings if "API Découpage" in w][0]
    assert expected in warning and "Le reste du territoire est chargé sans lui." in warning
    assert {f["insee"] for f in _features(result, "communes")} == {"59001", "59002", "59003"}
    assert {f["id"] for f in _features(result, "sites_ods")} == {"S-59001", "S-59002", "S-59003"}
    perimeters = _status(result, "geo_api")
    assert perimeters.state == "incomplete" and "SIREN 200000002" in perimeters.detail
    assert result.layers[-3].title == "Périmètre – Essai (incomplet)"
    assert world.server.count("/geo/epcis/200000002") == 1  # a 404 is not retried


def test_the_perimeters_come_from_the_cache_when_the_geo_api_fails(world, tmp_path, monkeypatch):
    sources = {KEY: standins.source_entry("ods_points", world.server)}
    load_standins(world, tmp_path, monkeypatch, sources)
    world.server.inject("/geo/communes", *[Fault.status(500)] * 20)
    result = load_standins(world, tmp_path, monkeypatch, sources, name="t2.gpkg", cache={"max_age_days": 0})
    assert _status(result, "geo_api").state == "stale"
    assert {f["insee"] for f in _features(result, "communes")} == INSIDE
    assert sum("Copie en cache du" in w and "HTTP 500" in w for w in result.warnings) == 2  # one per EPCI
    assert _content(result, "ods_points") == SITES and _status(result).state == "ok"


def test_an_unexpected_exception_in_a_connector_stays_in_that_source(world, tmp_path, monkeypatch):
    from ti_energie.layers.connectors import CONNECTORS, _load_all

    _load_all()

    def broken(ctx):
        ctx.check_cancel()
        raise ValueError("division interne impossible")

    monkeypatch.setitem(CONNECTORS, "ods_points", broken)
    logged = []

    def receive(message, tag, level):
        logged.append((message, tag, level))

    QgsApplication.messageLog().messageReceived.connect(receive)
    try:
        result = load_standins(world, tmp_path, monkeypatch, {KEY: standins.source_entry("ods_points", world.server),
                                                      "friches": _drf(world)})
        for _ in range(20):
            QCoreApplication.processEvents()
    finally:
        QgsApplication.messageLog().messageReceived.disconnect(receive)
    assert _status(result, "friches").state == "ok"
    assert {f["id"] for f in _features(result, "friches")} == SITES
    status = _status(result)
    assert status.state == "failed"
    assert status.detail == "erreur inattendue (le détail est dans le journal des messages, onglet « TI Énergie »)"
    [warning] = result.warnings
    assert "erreur inattendue" in warning and "Traceback" not in warning and "division" not in warning
    [(message, tag, _level)] = [entry for entry in logged if entry[1] == "TI Énergie"]
    assert message.startswith("Essai – ods_points :") and "Traceback (most recent call last)" in message
    assert "ValueError: division interne impossible" in message


def test_cancel_during_a_concurrent_load_ends_promptly(world, tmp_path, monkeypatch):
    world.server.inject("/ods/sites/exports", Fault.slow(8))
    feedback = QgsFeedback()
    threading.Timer(0.8, feedback.cancel).start()
    started = time.monotonic()
    with pytest.raises(CancelledError):
        load_standins(world, tmp_path, monkeypatch, {KEY: standins.source_entry("ods_points", world.server),
                                             "friches": _drf(world)}, feedback=feedback, network={"timeout_s": 20})
    assert time.monotonic() - started < 2.5
    assert not (tmp_path / "t.gpkg").exists() and not [p for p in os.listdir(tmp_path) if p.endswith(".gpkg")]


# ------------------------------------------------------------------ the server
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_server_misbehaving_like_public_apis_does_not_poison_the_cache(world, tmp_path, monkeypatch, seed):
    """HTTP 429 on 30 % of the requests, 500 on 10 %, slow answers 5 %, bodies cut short 5 % (the user's
    report): every load completes, each source says what it got, and the next load — the server healthy
    again — is complete: nothing bad was cached."""
    import random

    rng = random.Random(seed)
    lock = threading.Lock()

    def plan(path, query, index):
        with lock:
            draw = rng.random()
        if draw < 0.30:
            return Fault.status(429, retry_after="0")
        if draw < 0.40:
            return Fault.status(500)
        if draw < 0.45:
            return Fault.slow(1.3)  # beyond the 1 s timeout of this test
        if draw < 0.50:
            return Fault.truncated(keep=0.5, announce_length=index % 2 == 0)
        return None

    sources = {f"s_{kind}": standins.source_entry(kind, world.server) for kind in KINDS}
    network = {"retries": 4, "timeout_s": 1}
    world.server.fault_plan = plan
    first = load_standins(world, tmp_path, monkeypatch, sources, network=network)
    assert len(world.server.faults_served) > 10
    for status in first.statuses:
        assert status.state in ("ok", "incomplete", "failed", "stale"), status
        assert "Traceback" not in status.detail
    assert all("Traceback" not in w for w in first.warnings)
    world.server.fault_plan = None
    second = load_standins(world, tmp_path, monkeypatch, sources, name="t2.gpkg", network=network)
    assert [(s.key, s.state) for s in second.statuses] == [("geo_api", "ok")] + [(k, "ok") for k in sources], \
        second.warnings
    assert not second.warnings
    for kind in KINDS:
        layer_name, _path, _query, key = KINDS[kind]
        if layer_name is None:
            assert [s for s in second.layers if s.source_key == f"s_{kind}" and s.kind == "raster"]
            continue
        features = _features(second, layer_name)
        values = {tuple(f[k] for k in key) if isinstance(key, tuple) else f[key] for f in features}
        assert values == EXPECTED[kind] and len(features) == len(values), kind
