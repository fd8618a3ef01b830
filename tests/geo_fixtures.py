"""Fixtures serving geo.api.gouv.fr-format answers from a local server, and a user catalogue pointing at it."""

from pathlib import Path

import pytest
import yaml

DUNKERQUE_EPCI = ("200040947", "200040954", "245900428", "246200844")


BUILTIN_SOURCES = yaml.safe_load((Path(__file__).resolve().parent.parent / "layers" / "sources.yaml")
                                  .read_text(encoding="utf-8"))["sources"]
UNREACHABLE = "http://127.0.0.1:9/unreachable"  # the discard port: connection refused at once


def write_catalogue(path, **urls):
    """A user catalogue YAML giving the URL of the given sources; every other source of the built-in
    catalogue points at a closed local port, so that no test ever reaches the Internet."""
    urls = {**{key: f"{UNREACHABLE}/{key}" for key in BUILTIN_SOURCES}, **urls}
    path.write_text(yaml.safe_dump({"sources": {key: {"url": url} for key, url in urls.items()},
                                    "network": {"timeout_s": 5, "retries": 1, "retry_max_wait_s": 1}}),
                    encoding="utf-8")
    return path


@pytest.fixture
def geo_server(tmp_path, monkeypatch):
    """A local geo.api stand-in with the communes of Dunkerque's 4 EPCI; the plugin is pointed at it."""
    from conftest import shared_file
    from local_server import LocalServer
    from sample_data import geo_api_routes

    shared_file("hdf_communes.geojson")
    server = LocalServer(geo_api_routes(DUNKERQUE_EPCI, source="shared")).start()
    catalogue = write_catalogue(tmp_path / "catalogue.yaml", geo_api=server.base_url)
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(catalogue))
    yield server
    server.stop()
