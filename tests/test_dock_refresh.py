"""The dock's "Actualiser la liste" button: ANCT's list through a local stand-in of data.gouv."""

import pytest

from geo_fixtures import write_catalogue
from gui_fixtures import clean_settings, gui_iface, wait_until  # noqa: F401 (fixtures)
from local_server import LocalServer, Response
from test_territories import ANCT_CSV
from test_territory_catalogue import RESOURCE


@pytest.fixture
def dock(gui_iface, clean_settings, qgis_new_project):  # noqa: F811
    from ti_energie.ui.dock import TerritoryDock

    widget = TerritoryDock(gui_iface)
    yield widget
    widget.cleanup()
    widget.deleteLater()


def _serve(tmp_path, monkeypatch, response):
    server = LocalServer({RESOURCE: response}).start()
    monkeypatch.setenv("TI_ENERGIE_CATALOGUE",
                       str(write_catalogue(tmp_path / "c.yaml", anct_ti_epci=server.url(RESOURCE))))
    return server


def test_refresh_replaces_the_list_and_keeps_the_selection(dock, tmp_path, monkeypatch):
    server = _serve(tmp_path, monkeypatch, Response(200, ANCT_CSV.encode("utf-8"), {"Content-Type": "text/csv"}))
    try:
        dock.select_territory("ti-3201")
        assert dock.territory_count() == 18
        assert dock.refresh_catalogue() is not None
        wait_until(lambda: dock.refresh_task is None, 30, "refresh")
        assert dock.territory_count() == 2
        assert dock.visible_territories() == ["AA - Dunkerque - Flandre", "Rumilly Usses et Rhône"]
        assert dock.selected_territory().id == "ti-3201"
        assert "2 territoires" in dock.status.text()
    finally:
        server.stop()


def test_failed_refresh_keeps_the_list(dock, tmp_path, monkeypatch):
    server = _serve(tmp_path, monkeypatch, Response(503, b"down"))
    try:
        dock.refresh_catalogue()
        wait_until(lambda: dock.refresh_task is None, 30, "refresh")
        assert dock.territory_count() == 18
        assert "HTTP 503" in dock.status.text() and "conservée" in dock.status.text()
        assert dock.refresh_button.isEnabled()
    finally:
        server.stop()
