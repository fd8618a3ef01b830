"""Fixtures serving geo.api.gouv.fr-format answers from a local server, and a user catalogue pointing at it."""

import contextlib
from pathlib import Path

import pytest
import yaml

DUNKERQUE_EPCI = ("200040947", "200040954", "245900428", "246200844")


BUILTIN_SOURCES = yaml.safe_load((Path(__file__).resolve().parent.parent / "layers" / "sources.yaml")
                                  .read_text(encoding="utf-8"))["sources"]
UNREACHABLE = "http://127.0.0.1:9/unreachable"  # the discard port: connection refused at once


def write_catalogue(path, entries=None, **urls):
    """A user catalogue YAML giving the URL of the given sources (and the other keys of `entries`: the
    path of a user file…); every other source of the built-in catalogue points at a closed local port, so
    that no test ever reaches the Internet."""
    urls = {**{key: f"{UNREACHABLE}/{key}" for key in BUILTIN_SOURCES}, **urls}
    sources = {key: {"url": url} for key, url in urls.items()}
    for key, entry in (entries or {}).items():
        sources.setdefault(key, {}).update(entry)
    path.write_text(yaml.safe_dump({"sources": sources,
                                    "network": {"timeout_s": 5, "retries": 1, "retry_max_wait_s": 1}},
                                   allow_unicode=True),
                    encoding="utf-8")
    return path


@contextlib.contextmanager
def territory_server(tmp_path, monkeypatch, communes_delay=0.0, page_size_cap=None):
    """Local stand-ins of geo.api.gouv.fr (Dunkerque's 4 EPCI), ODRÉ's biomethane export, Cerema's
    Cartofriches API (all three from ../shared/data), data.gouv's FCU heat networks, ODRÉ's electricity
    register and Cerema's EnRezo WFS (hand-written samples of sample_data/), and the stand-ins of the theme
    modules (tools/standins_*.py: BD TOPO, gas traces, EnRezo waste heat, the agency's sample files…);
    the plugin is pointed at them. `communes_delay` slows the commune answers down;
    `page_size_cap` makes the Cartofriches stand-in serve small pages. The politeness delays of the
    stand-in sources sharing a host (`rate_group`) are set to 0 (a test of the delay sets its own)."""
    from conftest import shared_file
    from local_server import LocalServer, Response
    from sample_data import (CARTOFRICHES, ENREZO_STEP, FCU_DATASET, ODS_BIOMETHANE, ODS_REGISTRE, _extra_standins,
                             biomethane_routes, bind_host, cartofriches_routes, enrezo_step_routes, fcu_routes,
                             geo_api_routes, registre_routes)

    shared_file("hdf_communes.geojson")
    routes = geo_api_routes(DUNKERQUE_EPCI, source="shared")
    if communes_delay:
        answer = routes["/communes"]
        routes["/communes"] = lambda path, query: Response(200, answer(path, query), delay=communes_delay)
    routes.update(biomethane_routes(source="shared"))
    routes.update(cartofriches_routes(source="shared", page_size_cap=page_size_cap))
    routes.update(fcu_routes())
    routes.update(registre_routes())
    routes.update(enrezo_step_routes())
    extra = list(_extra_standins())
    for module in extra:
        routes.update(module.routes())
    server = LocalServer(routes).start()
    bind_host(routes, server)
    entries = {key: {"min_interval_s": 0} for key, src in BUILTIN_SOURCES.items() if src.get("rate_group")}
    for module in extra:
        for key, entry in module.catalogue_entries(server).items():
            entries.setdefault(key, {}).update(entry)
    catalogue = write_catalogue(tmp_path / "catalogue.yaml", entries=entries, geo_api=server.base_url,
                                odre_biomethane=server.url(ODS_BIOMETHANE), cerema_friches=server.url(CARTOFRICHES),
                                fcu_reseaux_chaleur=server.url(FCU_DATASET),
                                odre_production_electricite=server.url(ODS_REGISTRE),
                                enrezo_step=server.url(ENREZO_STEP))
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
