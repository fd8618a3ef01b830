"""Refreshing the territory catalogue from ANCT's open data (data.gouv), through a local stand-in."""

import pytest

from geo_fixtures import write_catalogue
from local_server import LocalServer, Response
from test_territories import ANCT_CSV
from ti_energie.core.errors import SourceError
from ti_energie.layers import settings
from ti_energie.layers.cache import Cache
from ti_energie.layers.territory_catalogue import REFRESHED_NAME, current_catalogue, refresh_catalogue

RESOURCE = "/api/1/datasets/r/a1aca2c0-5a34-4a21-82bf-74ff0daf16db"


@pytest.fixture
def anct(tmp_path, monkeypatch):
    routes = {RESOURCE: Response(200, ANCT_CSV.encode("utf-8"), {"Content-Type": "text/csv"})}
    with LocalServer(routes) as server:
        path = write_catalogue(tmp_path / "c.yaml", anct_ti_epci=server.url(RESOURCE))
        monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(path))
        yield server


def test_refresh_saves_and_is_used_next_time(anct):
    cache = Cache(settings.cache_dir())
    assert len(current_catalogue(cache)) == 18
    refreshed = refresh_catalogue(settings.load_catalogue(), cache)
    assert refreshed.ids() == ["ti-3201", "ti-8418"]
    assert (cache.dir / REFRESHED_NAME).exists()
    again = current_catalogue(cache)
    assert again.get("ti-3201").short_name == "AA - Dunkerque - Flandre"
    assert again.get("ti-3201").epci == ("245900428", "200040954")


def test_failed_refresh_keeps_previous_copy(anct):
    cache = Cache(settings.cache_dir())
    refresh_catalogue(settings.load_catalogue(), cache)
    before = (cache.dir / REFRESHED_NAME).read_bytes()
    anct.routes[RESOURCE] = Response(200, b"<html>maintenance</html>")
    with pytest.raises(SourceError, match="ANCT.*page HTML reçue"):
        refresh_catalogue(settings.load_catalogue(), cache)
    anct.routes[RESOURCE] = Response(503, b"down")
    with pytest.raises(SourceError, match="HTTP 503"):
        refresh_catalogue(settings.load_catalogue(), cache)
    assert (cache.dir / REFRESHED_NAME).read_bytes() == before
