"""Network errors become clear messages naming the source; the cache keeps the last good answer."""

import time

import pytest

from local_server import LocalServer, Response
from ti_energie.core.errors import CancelledError, SourceError
from ti_energie.layers.cache import Cache
from ti_energie.layers.network import fetch, parse_json

SRC = "Source test"


@pytest.fixture
def server():
    calls = {"n": 0}

    def flaky(path, query):
        calls["n"] += 1
        return Response(429, b"slow down", {"Retry-After": "0"}) if calls["n"] == 1 else b'{"ok": true}'

    routes = {"/ok": b'{"a": 1}', "/broken": Response(500, b"boom"), "/limited": Response(429, b"no", {"Retry-After": "0"}),
              "/flaky": flaky, "/slow": Response(200, b"{}", delay=3), "/bad": b"<html>not json"}
    with LocalServer(routes) as srv:
        srv.calls = calls
        yield srv


def test_ok(server):
    assert parse_json(fetch(server.url("/ok"), SRC), SRC) == {"a": 1}


@pytest.mark.parametrize("path, message", [
    ("/broken", "Source « Source test » : le serveur est en erreur \\(HTTP 500\\)"),
    ("/limited", "HTTP 429"),
    ("/missing", "introuvable \\(HTTP 404\\)"),
    ("/bad", "JSON invalide"),
])
def test_errors_name_the_source(server, path, message):
    with pytest.raises(SourceError, match=message) as info:
        parse_json(fetch(server.url(path), SRC, retries=1, retry_max_wait_s=0), SRC)
    assert info.value.source == SRC


def test_429_is_retried(server):
    assert parse_json(fetch(server.url("/flaky"), SRC, retries=2), SRC) == {"ok": True}
    assert server.calls["n"] == 2


def test_timeout(server):
    started = time.monotonic()
    with pytest.raises(SourceError, match="délai dépassé|injoignable"):
        fetch(server.url("/slow"), SRC, timeout_s=1, retries=0)
    assert time.monotonic() - started < 2.9


def test_server_down():
    with LocalServer({}) as srv:
        url = srv.url("/ok")
    with pytest.raises(SourceError, match="injoignable"):
        fetch(url, SRC, retries=0)


def test_plain_http_refused_outside_loopback():
    with pytest.raises(SourceError, match="HTTPS"):
        fetch("http://example.com/x", SRC)


def test_cancel_before_request(server):
    from qgis.core import QgsFeedback

    feedback = QgsFeedback()
    feedback.cancel()
    with pytest.raises(CancelledError):
        fetch(server.url("/ok"), SRC, feedback=feedback)


def test_cache_serves_fresh_copy_and_falls_back_when_down(tmp_path, server):
    cache = Cache(tmp_path / "c")
    url = server.url("/ok")
    assert cache.fetch("s", url, lambda u: fetch(u, SRC)) == b'{"a": 1}'
    assert server.requests.count("/ok") == 1
    assert cache.fetch("s", url, lambda u: fetch(u, SRC)) == b'{"a": 1}'
    assert server.requests.count("/ok") == 1  # served from the cache
    warnings = []

    def down(u):
        raise SourceError(SRC, "serveur injoignable")

    # an expired copy is used, with a warning, when the source is down
    assert cache.fetch("s", url, down, max_age_days=0, warnings=warnings) == b'{"a": 1}'
    assert "Copie en cache" in warnings[0] and SRC in warnings[0]
    with pytest.raises(SourceError):
        cache.fetch("s", server.url("/never"), down)
    assert not cache.path_for("s", server.url("/never")).exists()
    assert not list(cache.path_for("s", url).parent.glob(".part-*"))


def test_cancel_during_a_slow_request(server):
    """Cancelling while the request waits ends it promptly (no hang)."""
    import threading

    from qgis.core import QgsFeedback

    feedback = QgsFeedback()
    threading.Timer(0.5, feedback.cancel).start()
    started = time.monotonic()
    with pytest.raises(CancelledError):
        fetch(server.url("/slow"), SRC, feedback=feedback, timeout_s=10, retries=0)
    assert time.monotonic() - started < 2.5


def test_cancel_during_a_slow_request_in_a_task(server):
    """Same from a QgsTask (worker thread), the dock's path."""
    from qgis.core import QgsApplication, QgsFeedback, QgsTask
    from qgis.PyQt.QtCore import QCoreApplication

    feedback = QgsFeedback()
    outcome = {}

    def work(task):
        started = time.monotonic()
        try:
            fetch(server.url("/slow"), SRC, feedback=feedback, timeout_s=10, retries=0)
        except CancelledError:
            outcome["cancelled"] = time.monotonic() - started
        return True

    task = QgsTask.fromFunction("slow", work)
    QgsApplication.taskManager().addTask(task)
    end = time.monotonic() + 10
    cancel_at = time.monotonic() + 0.5
    while "cancelled" not in outcome and time.monotonic() < end:
        QCoreApplication.processEvents()
        if time.monotonic() > cancel_at and not feedback.isCanceled():
            feedback.cancel()
        time.sleep(0.01)
    assert outcome.get("cancelled", 99) < 2.0


def test_authcfg_of_the_catalogue_is_applied(tmp_path, monkeypatch):
    """A source with `authcfg` sends the credentials of that QGIS authentication configuration."""
    import base64

    from qgis.core import QgsApplication, QgsAuthMethodConfig

    from geo_fixtures import write_catalogue
    from ti_energie.layers.catalogue import Catalogue

    auth = QgsApplication.authManager()
    if not auth.masterPasswordIsSet():
        auth.setMasterPassword("test-master", True)
    config = QgsAuthMethodConfig("Basic")
    config.setName("ti-energie-test")
    config.setConfig("username", "agent")
    config.setConfig("password", "s3cret")
    stored = auth.storeAuthenticationConfig(config)
    assert (stored[0] if isinstance(stored, tuple) else stored) and config.id()
    seen = {}

    def protected(path, query):
        return b'{"ok": 1}'

    with LocalServer({"/p": protected}) as srv:
        path = write_catalogue(tmp_path / "c.yaml", geo_api=srv.url("/p"))
        text = path.read_text(encoding="utf-8").replace(
            f"url: {srv.url('/p')}", f"url: {srv.url('/p')}\n    authcfg: {config.id()}")
        path.write_text(text, encoding="utf-8")
        monkeypatch.setenv("TI_ENERGIE_CATALOGUE", str(path))
        catalogue = Catalogue.load()
        options = catalogue.fetch_options("geo_api")
        assert options["authcfg"] == config.id()
        assert fetch(catalogue.url("geo_api"), SRC, **options) == b'{"ok": 1}'
        seen["auth"] = srv.headers[-1].get("Authorization", "")
    assert seen["auth"] == "Basic " + base64.b64encode(b"agent:s3cret").decode()
