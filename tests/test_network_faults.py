"""network.fetch / network.download against a local server that misbehaves the way public APIs do.

Each fault is retried then succeeds; a persistent fault ends in a French SourceError naming the source;
waits (Retry-After, backoff with jitter, total time) stay within the policy; redirects and credentials
are checked; per-source politeness holds across threads; streamed downloads are capped, cancellable and
report their progress. Policies are small so that the whole file runs in a few seconds.
"""

import base64
import json
import os
import random
import threading
import time
from email.utils import formatdate
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsFeedback

from local_server import Fault, LocalServer, Response
from ti_energie.core.errors import CancelledError, SourceError
from ti_energie.layers import payloads
from ti_energie.layers.network import RetryPolicy, download, fetch, forget_unreachable, rebase

SRC = "Source d'essai"
FAST = RetryPolicy(timeout_s=3, retries=2, backoff_s=0.01, backoff_max_s=0.05, retry_after_max_s=2,
                   total_max_s=20, jitter=0.3)
BODY = json.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"n": i, "nom": f"site {i}"}, "geometry": {"type": "Point",
                                                                               "coordinates": [2.3, 51.0]}}
    for i in range(60)]}).encode()  # a few kB: a truncated copy is clearly cut


@pytest.fixture
def server():
    with LocalServer({"/data": BODY, "/big": Response(200, b"x" * (3 * 2**20), {"Content-Type": "application/zip"}),
                      "/missing": None}) as srv:
        yield srv


def _fetch(srv, path="/data", policy=FAST, **options):
    return fetch(srv.url(path), SRC, policy=policy, validate=payloads.feature_collection, **options)


# ------------------------------------------------------------------ each fault, once, then the answer
TRANSIENT = {
    "429": Fault.status(429, retry_after="0"),
    "500": Fault.status(500),
    "502": Fault.status(502),
    "503": Fault.status(503),
    "504": Fault.status(504),
    "truncated_with_length": Fault.truncated(),
    "truncated_without_length": Fault.truncated(announce_length=False),
    "html_200": Fault.html(),
    "wfs_exception_200": Fault.wfs_exception(),
    "reset": Fault.reset(),
}


@pytest.mark.parametrize("name", list(TRANSIENT))
def test_a_fault_is_retried_then_the_answer_is_returned(server, name):
    assert _fetch(server) == BODY
    server.requests.clear()
    server.inject("/data", TRANSIENT[name])
    assert _fetch(server) == BODY
    assert server.count("/data") == 2, name
    assert server.faults_served[-1][1] == TRANSIENT[name].kind


def test_a_slow_answer_times_out_and_is_retried(server):
    server.inject("/data", Fault.slow(2.5))
    started = time.monotonic()
    assert _fetch(server, policy=RetryPolicy(timeout_s=1, retries=1, backoff_s=0.01, jitter=0)) == BODY
    assert server.count("/data") == 2
    assert 0.9 < time.monotonic() - started < 2.4  # one timeout (1 s), not the whole slow answer


def test_a_redirect_on_the_same_server_is_followed(server):
    server.inject("/data", Fault.redirect(server.url("/data?moved=1")))
    assert _fetch(server) == BODY
    assert server.requests == ["/data", "/data?moved=1"]


# ------------------------------------------------------------------ each fault, every time: a clear message
PERSISTENT = [
    (Fault.status(429, retry_after="0"), r"trop de requêtes \(HTTP 429\)"),
    (Fault.status(500), r"le serveur est en erreur \(HTTP 500\)"),
    (Fault.status(502), r"HTTP 502"),
    (Fault.status(503), r"HTTP 503"),
    (Fault.status(504), r"HTTP 504"),
    (Fault.truncated(), r"réponse incomplète|connexion interrompue"),
    (Fault.truncated(announce_length=False), r"réponse illisible ou incomplète \(JSON invalide"),
    (Fault.html(), r"page HTML reçue à la place des données \(« Maintenance »\)"),
    (Fault.wfs_exception(), r"le service a répondu par une exception : Internal error: too many features"),
    (Fault.reset(), r"connexion interrompue"),
]


@pytest.mark.parametrize("fault, message", PERSISTENT, ids=[f.kind + str(f.code or "") for f, _m in PERSISTENT])
def test_a_persistent_fault_is_a_clear_french_error_naming_the_source(server, fault, message):
    server.inject("/data", *[fault] * 40)  # Qt resends a GET up to 3 times on a reset connection
    with pytest.raises(SourceError, match=message) as info:
        _fetch(server)
    assert info.value.source == SRC
    assert str(info.value).startswith(f"Source « {SRC} » : ")
    # the first try and the 2 retries of the policy; a 429 with Retry-After is the server pacing its clients, not
    # a failure: it does not use up a retry, up to 2 × (retries + 1) of them (network.fetch)
    attempts = 3 + 2 * 3 if fault.kind == "status" and fault.code == 429 else 3
    assert f"({attempts} tentatives)" in str(info.value)
    assert "Traceback" not in str(info.value)
    if fault.kind != "reset":
        assert server.count("/data") == attempts


def test_not_found_is_not_retried(server):
    with pytest.raises(SourceError, match=r"ressource introuvable \(HTTP 404\)") as info:
        _fetch(server, "/missing")
    assert info.value.not_found and server.count("/missing") == 1


def test_a_host_refusing_connections_is_not_retried():
    with LocalServer({}) as srv:
        url = srv.url("/data")  # closed once the block ends: connection refused
    started = time.monotonic()
    with pytest.raises(SourceError, match="serveur injoignable") as info:
        fetch(url, SRC, policy=RetryPolicy(retries=3, backoff_s=1.0, jitter=0))
    assert time.monotonic() - started < 0.9  # no backoff wait: not retried
    assert "tentatives" not in str(info.value)


def test_an_unreachable_host_is_not_asked_again_until_the_next_load(monkeypatch):
    """Offline, the second request to a host that refused the first fails at once, without waiting for the
    source's politeness turn; a new load (forget_unreachable) asks again, and an answer clears the mark."""
    from ti_energie.layers import network

    with LocalServer({}) as srv:
        url, port = srv.url("/data"), srv._httpd.server_address[1]
    turns = []
    real_turn = network._wait_turn
    monkeypatch.setattr(network, "_wait_turn", lambda *args: (turns.append(args[0]), real_turn(*args)))
    polite = {"policy": FAST, "rate_key": "test-down", "min_interval_s": 1.0}
    with pytest.raises(SourceError, match="serveur injoignable"):
        fetch(url, SRC, **polite)
    assert turns == ["test-down"]
    with pytest.raises(SourceError, match="déjà constaté pour ce serveur") as info:
        fetch(url + "?page=2", SRC, **polite)
    assert turns == ["test-down"]  # no politeness turn taken, no request made
    assert str(info.value).startswith(f"Source « {SRC} » : serveur injoignable")
    with LocalServer({"/data": BODY}, port=port) as srv:  # the host is back
        with pytest.raises(SourceError, match="déjà constaté"):
            fetch(url, SRC, policy=FAST)
        assert srv.count("/data") == 0
        forget_unreachable()  # the next load
        assert fetch(url, SRC, policy=FAST) == BODY
        assert fetch(url, SRC, policy=FAST) == BODY
        assert srv.count("/data") == 2


def test_a_host_that_answered_during_the_load_is_asked_again_after_a_refusal():
    """A server restarting in the middle of a load (one refused connection after answers) is not written off:
    each later request is tried, as before."""
    with LocalServer({"/data": BODY}) as srv:
        url, port = srv.url("/data"), srv._httpd.server_address[1]
        assert fetch(url, SRC, policy=FAST) == BODY
    for _attempt in range(2):
        with pytest.raises(SourceError) as info:
            fetch(url, SRC, policy=FAST)
        assert "serveur injoignable" in str(info.value) and "déjà constaté" not in str(info.value)
    with LocalServer({"/data": BODY}, port=port):
        assert fetch(url, SRC, policy=FAST) == BODY


def test_a_redirect_to_an_unreachable_host_marks_that_host_not_the_first(server):
    """data.gouv.fr redirecting to a host that does not answer: that host is remembered as unreachable, not
    the catalogue's one, whose other resources still load."""
    with LocalServer({}) as gone:
        target = gone.url("/moved")
    server.inject("/data", Fault.redirect(target))
    with pytest.raises(SourceError, match="serveur injoignable"):
        _fetch(server)
    assert _fetch(server) == BODY  # the first host is asked again
    with pytest.raises(SourceError, match="déjà constaté"):
        fetch(target, SRC, policy=FAST)


# ------------------------------------------------------------------ waits
def test_retry_after_is_honoured(server):
    server.inject("/data", Fault.status(429, retry_after="1"))
    assert _fetch(server) == BODY
    gap = server.times[1] - server.times[0]
    assert 0.95 <= gap < 1.8, gap


def test_retry_after_as_an_http_date(server):
    server.inject("/data", Fault.status(503, retry_after=formatdate(time.time() + 2, usegmt=True)))
    assert _fetch(server) == BODY
    gap = server.times[1] - server.times[0]
    assert 0.5 <= gap < 2.6, gap  # the date has a one-second resolution


def test_a_retry_after_beyond_the_maximum_ends_the_attempts(server):
    server.inject("/data", *[Fault.status(429, retry_after="120")] * 3)
    started = time.monotonic()
    with pytest.raises(SourceError, match="HTTP 429"):
        _fetch(server)  # retry_after_max_s = 2
    assert server.count("/data") == 1
    assert time.monotonic() - started < 1.0


def test_backoff_doubles_with_jitter_and_is_capped():
    policy = RetryPolicy(backoff_s=1.0, backoff_max_s=5.0, jitter=0.3)

    class Fixed:
        def __init__(self, value):
            self.value = value

        def random(self):
            return self.value

    assert policy.wait(0, rng=Fixed(0.5)) == pytest.approx(1.0)
    assert policy.wait(1, rng=Fixed(0.5)) == pytest.approx(2.0)
    assert policy.wait(2, rng=Fixed(0.5)) == pytest.approx(4.0)
    assert policy.wait(0, rng=Fixed(0.0)) == pytest.approx(0.7)
    assert policy.wait(0, rng=Fixed(0.999999)) == pytest.approx(1.3)
    rng = random.Random(7)
    waits = [policy.wait(attempt, rng=rng) for attempt in range(12) for _ in range(50)]
    assert max(waits) <= 5.0  # backoff_max_s is the longest wait, jitter included
    assert min(waits) >= 0.7
    assert len({round(w, 6) for w in waits}) > 100  # spread: two clients do not retry in step
    assert policy.wait(3, retry_after=7.5) == 7.5
    assert policy.wait(0, retry_after=61) is None  # beyond retry_after_max_s (60)


def test_backoff_between_real_attempts(server):
    policy = RetryPolicy(timeout_s=3, retries=3, backoff_s=0.2, backoff_max_s=0.3, jitter=0.5, total_max_s=20)
    server.inject("/data", *[Fault.status(500)] * 4)
    with pytest.raises(SourceError, match=r"\(HTTP 500\) \(4 tentatives\)"):
        _fetch(server, policy=policy)
    gaps = [b - a for a, b in zip(server.times, server.times[1:])]
    assert len(gaps) == 3
    assert 0.09 <= gaps[0] <= 0.45, gaps     # 0.2 s ± 50 %
    assert all(0.09 <= g <= 0.45 for g in gaps[1:]), gaps  # 0.4 and 0.8 s capped at 0.3 s


def test_the_whole_request_is_bounded_by_total_max_s(server):
    policy = RetryPolicy(timeout_s=3, retries=50, backoff_s=0.3, backoff_max_s=0.3, jitter=0, total_max_s=1.0)
    server.inject("/data", *[Fault.status(503)] * 60)
    started = time.monotonic()
    with pytest.raises(SourceError, match="HTTP 503"):
        _fetch(server, policy=policy)
    assert time.monotonic() - started <= 1.3
    assert 3 <= server.count("/data") <= 4  # 0.3 s apart, within one second


# ------------------------------------------------------------------ addresses
def test_a_redirect_to_plain_http_is_refused(server):
    server.inject("/data", Fault.redirect("http://example.invalid/donnees.json"))
    with pytest.raises(SourceError, match="redirection refusée vers une adresse non sécurisée") as info:
        _fetch(server)
    assert "http://example.invalid/donnees.json" in str(info.value) and info.value.source == SRC
    assert server.count("/data") == 1  # not retried


def test_a_redirect_to_plain_http_is_refused_when_streaming(server, tmp_path):
    server.inject("/big", Fault.redirect("http://example.invalid/archive.zip"))
    target = tmp_path / "archive.zip"
    with pytest.raises(SourceError, match="redirection refusée vers une adresse non sécurisée") as info:
        download(server.url("/big"), SRC, target, policy=FAST)
    assert "http://example.invalid/archive.zip" in str(info.value) and info.value.source == SRC
    assert not target.exists() and not list(tmp_path.iterdir())


def test_plain_http_is_refused_before_any_request():
    with pytest.raises(SourceError, match="seules les adresses HTTPS sont autorisées"):
        fetch("http://example.invalid/x", SRC)


def test_rebase_of_links_given_by_the_server():
    base = "https://apidf.example.fr/cartofriches/geofriches"
    # Cerema answers http:// links behind HTTPS: same host, the catalogue's scheme and port
    assert rebase("http://apidf.example.fr/cartofriches/geofriches/?page=2", base) == \
        "https://apidf.example.fr/cartofriches/geofriches/?page=2"
    assert rebase("http://APIDF.example.fr:80/x?a=1", base) == "https://apidf.example.fr/x?a=1"
    assert rebase("/cartofriches/geofriches/?page=3", base) == "https://apidf.example.fr/cartofriches/geofriches/?page=3"
    # another host is left as is (and refused when fetched, see above)
    assert rebase("http://autre.example.org/x", base) == "http://autre.example.org/x"
    assert rebase("https://127.0.0.1:8443/p", "http://127.0.0.1:8000/base") == "http://127.0.0.1:8000/p"


# ------------------------------------------------------------------ credentials
@pytest.fixture
def auth_config():
    auth = QgsApplication.authManager()
    if not auth.masterPasswordIsSet():
        auth.setMasterPassword("test-master", True)
    config = QgsAuthMethodConfig("Basic")
    config.setName("ti-energie-faults")
    config.setConfig("username", "agent")
    config.setConfig("password", "s3cret")
    stored = auth.storeAuthenticationConfig(config)
    assert (stored[0] if isinstance(stored, tuple) else stored) and config.id()
    yield config.id()
    auth.removeAuthenticationConfig(config.id())


EXPECTED_AUTH = "Basic " + base64.b64encode(b"agent:s3cret").decode()


def test_credentials_go_to_the_catalogue_origin_only(auth_config, tmp_path):
    with LocalServer({"/data": BODY}) as mine, LocalServer({"/data": BODY, "/big": b"z" * 5000}) as other:
        options = {"authcfg": auth_config, "auth_origin": mine.url("/api"), "policy": FAST}
        assert fetch(mine.url("/data"), SRC, **options) == BODY
        assert mine.headers[-1].get("Authorization") == EXPECTED_AUTH
        # a `next` link or a resource on another origin (another port): no credentials
        assert fetch(other.url("/data"), SRC, **options) == BODY
        assert "Authorization" not in other.headers[-1]
        # a redirect from the catalogue's origin to another one: the second request has none
        mine.inject("/data", Fault.redirect(other.url("/data?via=redirect")))
        assert fetch(mine.url("/data"), SRC, **options) == BODY
        assert mine.headers[-1].get("Authorization") == EXPECTED_AUTH
        assert other.requests[-1] == "/data?via=redirect" and "Authorization" not in other.headers[-1]
        # same when streaming to a file
        mine.routes["/big"] = b"y" * 5000
        mine.inject("/big", Fault.redirect(other.url("/big")))
        assert download(mine.url("/big"), SRC, tmp_path / "f.bin", **options).read_bytes() == b"z" * 5000
        assert mine.headers[-1].get("Authorization") == EXPECTED_AUTH
        assert other.requests[-1] == "/big" and "Authorization" not in other.headers[-1]
        assert download(mine.url("/big"), SRC, tmp_path / "g.bin", **options).read_bytes() == b"y" * 5000
        assert mine.headers[-1].get("Authorization") == EXPECTED_AUTH


# ------------------------------------------------------------------ politeness
def test_min_interval_per_source_holds_across_threads(server):
    errors = []
    key = f"politeness-{time.monotonic()}"

    def work():
        try:
            _fetch(server, rate_key=key, min_interval_s=0.25)
        except Exception as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=work) for _ in range(4)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert not errors
    times = sorted(server.times)
    assert len(times) == 4
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert all(g >= 0.2 for g in gaps), gaps
    assert time.monotonic() - started < 2.5
    # another source is not slowed down by this one
    before = time.monotonic()
    _fetch(server, rate_key=key + "-autre", min_interval_s=0.25)
    assert time.monotonic() - before < 0.2


def test_cancel_from_a_python_worker_thread_ends_promptly(server):
    """The loader fetches its sources in a pool of Python threads (not QThreads): a cancel must still
    end a slow request there, not wait for its answer."""
    server.inject("/data", Fault.slow(6))
    feedback = QgsFeedback()
    outcome = {}

    def work():
        started = time.monotonic()
        try:
            _fetch(server, feedback=feedback, policy=RetryPolicy(timeout_s=20, retries=0))
            outcome["result"] = "answer"
        except CancelledError:
            outcome["result"] = "cancelled"
        outcome["elapsed"] = time.monotonic() - started

    thread = threading.Thread(target=work)
    thread.start()
    time.sleep(0.4)
    feedback.cancel()
    thread.join(10)
    assert outcome == {"result": "cancelled", "elapsed": pytest.approx(0.4, abs=0.6)}


def test_the_qgis_network_timeout_applies_in_a_python_worker_thread(server):
    """QGIS's own timeout (Options > Network) is a timer of the thread that sends the request: it must fire
    in the loader's Python threads too, even for a request made without a feedback."""
    from qgis.core import QgsNetworkAccessManager

    server.inject("/data", Fault.slow(4))
    previous = QgsNetworkAccessManager.timeout()
    QgsNetworkAccessManager.setTimeout(700)
    outcome = {}

    def work():
        started = time.monotonic()
        try:
            _fetch(server, policy=RetryPolicy(timeout_s=30, retries=0))
            outcome["result"] = "answer"
        except SourceError as err:
            outcome["result"] = str(err)
        outcome["elapsed"] = time.monotonic() - started

    try:
        thread = threading.Thread(target=work)
        thread.start()
        thread.join(10)
    finally:
        QgsNetworkAccessManager.setTimeout(previous)
    assert outcome["elapsed"] < 2.5, outcome
    assert outcome["result"].startswith(f"Source « {SRC} » : délai dépassé"), outcome


STRESS = """
import sys, threading, time
sys.path[:0] = [{tools!r}, {tests!r}]
from qgis_env import expose_package
expose_package()
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication
app = QgsApplication([], False)
app.initQgis()
from local_server import LocalServer
from ti_energie.layers.network import RetryPolicy, fetch
policy = RetryPolicy(timeout_s=5, retries=1, backoff_s=0.01, jitter=0)
errors = []
with LocalServer({{"/d": b'{{"a": 1}}'}}) as server:
    def work():
        try:
            fetch(server.url("/d"), "S", policy=policy)
        except Exception as err:
            errors.append(repr(err))
    for _ in range(150):
        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        while any(thread.is_alive() for thread in threads):
            QCoreApplication.processEvents()
            time.sleep(0.001)
print("fin", len(errors), errors[:3], flush=True)
"""


def test_many_short_lived_threads_fetching_one_address_do_not_crash(tmp_path):
    """The loader's threads live for one load. Several of them asking one address (two sources of one
    data.gouv dataset) crashed QGIS: a thread dropped the address from QGIS's shared disk cache while another
    was writing it, and the network manager of a dead thread was reused through a stale Python wrapper."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    script = tmp_path / "stress.py"
    script.write_text(STRESS.format(tools=str(root / "tools"), tests=str(root / "tests")), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=240,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr[-3000:]
    assert "fin 0 []" in done.stdout, (done.stdout, done.stderr[-3000:])


# ------------------------------------------------------------------ streamed downloads
def test_download_size_cap_aborts_and_leaves_no_file(server, tmp_path):
    target = tmp_path / "dl" / "archive.zip"
    with pytest.raises(SourceError, match=r"fichier plus gros que la taille admise \(1 Mo\)") as info:
        download(server.url("/big"), SRC, target, policy=FAST, max_bytes=2**20)
    assert info.value.source == SRC
    assert server.count("/big") == 1  # not retried
    assert not target.exists() and list(target.parent.iterdir()) == []


def test_download_cancel_ends_promptly(server, tmp_path):
    server.inject("/big", Fault.trickle(chunk=16384, delay=0.05))  # ~10 s for the whole file
    feedback = QgsFeedback()
    threading.Timer(0.4, feedback.cancel).start()
    target = tmp_path / "archive.zip"
    started = time.monotonic()
    with pytest.raises(CancelledError):
        download(server.url("/big"), SRC, target, feedback=feedback, policy=FAST)
    assert time.monotonic() - started < 1.5
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_download_cancel_from_a_python_worker_thread_ends_promptly(server, tmp_path):
    server.inject("/big", Fault.trickle(chunk=16384, delay=0.05))
    feedback = QgsFeedback()
    outcome = {}

    def work():
        started = time.monotonic()
        try:
            download(server.url("/big"), SRC, tmp_path / "archive.zip", feedback=feedback, policy=FAST)
            outcome["result"] = "downloaded"
        except CancelledError:
            outcome["result"] = "cancelled"
        outcome["elapsed"] = time.monotonic() - started

    thread = threading.Thread(target=work)
    thread.start()
    time.sleep(0.4)
    feedback.cancel()
    thread.join(15)
    assert outcome == {"result": "cancelled", "elapsed": pytest.approx(0.4, abs=0.6)}
    assert list(tmp_path.iterdir()) == []


def test_a_streamed_reply_is_deleted_when_the_download_ends(server, tmp_path):
    """A worker thread runs no event loop between two downloads: a reply left to deleteLater() outlived the
    download with its Python wrapper, and a later reply at the same address was handed that dead wrapper
    (« wrapped C/C++ object of type QNetworkReply has been deleted », an abort inside a slot)."""
    from qgis.core import QgsNetworkAccessManager
    from qgis.PyQt.QtNetwork import QNetworkReply

    server.inject("/big", Fault.redirect(server.url("/big?suivi=1")))
    left = {}

    def work():
        download(server.url("/big"), SRC, tmp_path / "a.bin", policy=FAST)
        left["replies"] = len(QgsNetworkAccessManager.instance().findChildren(QNetworkReply))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(20)
    assert left == {"replies": 0}
    assert (tmp_path / "a.bin").stat().st_size == 3 * 2**20


def test_download_reports_progress_and_validates(server, tmp_path):
    body = b"PK" + b"d" * 200000
    server.routes["/f"] = Response(200, body, {"Content-Type": "application/octet-stream"})
    server.inject("/f", Fault.trickle(chunk=40000, delay=0.02))
    seen = []
    path = download(server.url("/f"), SRC, tmp_path / "f.bin", policy=FAST, progress=lambda r, t: seen.append((r, t)))
    assert path.read_bytes() == body
    assert len(seen) >= 2 and seen[-1] == (len(body), len(body))
    assert [r for r, _t in seen] == sorted(r for r, _t in seen)

    def never(_path):
        raise payloads.InvalidPayload("archive ZIP illisible ou incomplète : essai")

    with pytest.raises(SourceError, match=r"archive ZIP illisible ou incomplète : essai \(3 tentatives\)"):
        download(server.url("/f"), SRC, tmp_path / "g.bin", policy=FAST, validate=never)
    assert not (tmp_path / "g.bin").exists() and sorted(p.name for p in tmp_path.iterdir()) == ["f.bin"]


def test_a_truncated_download_is_retried(server, tmp_path):
    server.inject("/big", Fault.truncated(keep=0.3))
    path = download(server.url("/big"), SRC, tmp_path / "f.bin", policy=FAST)
    assert path.stat().st_size == 3 * 2**20
    assert server.count("/big") == 2
