"""HTTP through QGIS: the user's proxy, authentication and SSL settings apply.

- Small answers (JSON, XML): `QgsBlockingNetworkRequest`, in memory.
- Large files (national archives): streamed to a file through `QgsNetworkAccessManager` (size cap,
  progress, cancel). `QgsFileDownloader` does not give the HTTP status nor the Retry-After header that
  the retry policy needs, hence this small loop.

Public APIs misbehave: HTTP 429 (with Retry-After), 500/502/503/504, timeouts, connections reset, bodies
cut short, HTML maintenance pages or WFS exception reports with HTTP 200. `fetch()` retries all of them
with exponential backoff and jitter, bounded in count and in total time (`RetryPolicy`, from the
catalogue's `network:`), validates the payload (`validate`) before returning it, and waits between two
requests to the same source when the source documents a rate (`min_interval_s`).

URLs are not trusted blindly: only HTTPS (plain HTTP for loopback test servers), the final URL after
redirects is checked (no downgrade to HTTP), and credentials (`authcfg`) are only sent to the origin of
the catalogue's address — never to a host a redirect or a `next` link points to.

Every failure becomes a SourceError naming the source, with a French message a GIS officer can act on.
Thread-safe: used from QgsTask.run(), from worker threads of the loader and from Processing algorithms.
"""

import contextlib
import json
import os
import random
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from qgis.core import Qgis, QgsApplication, QgsBlockingNetworkRequest, QgsFeedback, QgsNetworkAccessManager
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QEventLoop, QThread, QTimer, QUrl
from qgis.PyQt.QtNetwork import QNetworkReply, QNetworkRequest

from ..core.errors import CancelledError, SourceError
from ..core.i18n import tr
from .catalogue import check_url, is_loopback

RETRY_STATUSES = (429, 500, 502, 503, 504)
_ERR = QgsBlockingNetworkRequest.ErrorCode
_NE = QNetworkReply.NetworkError
_HTTP_STATUS = QNetworkRequest.Attribute.HttpStatusCodeAttribute
_REDIRECT_TARGET = QNetworkRequest.Attribute.RedirectionTargetAttribute
# a transfer timeout (QNetworkRequest.setTransferTimeout) aborts the reply as "operation cancelled"
_TIMEOUT_ERRORS = (_NE.OperationCanceledError, _NE.TimeoutError)
# transient network failures worth another try (a host that does not resolve or refuses is not retried:
# the machine is offline or the address is wrong, and the cache's stale copy is the answer)
_TRANSIENT_ERRORS = (_NE.RemoteHostClosedError, _NE.TemporaryNetworkFailureError, _NE.NetworkSessionFailedError,
                     _NE.UnknownNetworkError, _NE.ProxyConnectionClosedError, _NE.ProxyTimeoutError,
                     _NE.ProtocolFailure, _NE.UnknownContentError, _NE.ServiceUnavailableError,
                     _NE.InternalServerError)


class InvalidPayload(Exception):
    """Raised by a validator: the answer arrived but is not what was asked (retried, then reported)."""


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try. Built from the catalogue's `network:` section."""

    timeout_s: float = 60.0          # per request (transfer timeout)
    retries: int = 4                 # extra attempts after the first one
    backoff_s: float = 1.0           # first wait; doubled at each attempt
    backoff_max_s: float = 30.0      # cap of one wait
    retry_after_max_s: float = 60.0  # longest Retry-After we honour; a longer one ends the attempts
    total_max_s: float = 300.0       # the whole request, waits included
    jitter: float = 0.3              # ± share of random spread of the waits

    def wait(self, attempt, retry_after=None, rng=random):
        """Seconds to wait before attempt `attempt + 1` (0-based), or None to give up."""
        if retry_after is not None:
            return retry_after if retry_after <= self.retry_after_max_s else None
        base = min(self.backoff_max_s, self.backoff_s * (2.0 ** attempt))
        return max(0.0, min(self.backoff_max_s, base * (1.0 + self.jitter * (2.0 * rng.random() - 1.0))))


def _user_agent():
    return f"QGIS/{Qgis.QGIS_VERSION_INT} TI-Energie".encode("ascii")


def origin(url):
    """(scheme, host, port) of a URL, default ports made explicit."""
    parts = urlsplit(url or "")
    port = parts.port or {"https": 443, "http": 80}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


def rebase(url, base):
    """`url` (a `next` link or a resource address given by a server) on the scheme, host and port of
    `base` (the catalogue's address) when it points to the same host: Cerema's API answers `http://`
    links behind HTTPS. A link to another host is returned unchanged (it is checked when fetched)."""
    parts, base_parts = urlsplit(url or ""), urlsplit(base or "")
    if not parts.scheme or (parts.hostname or "").lower() == (base_parts.hostname or "").lower():
        return parts._replace(scheme=base_parts.scheme, netloc=base_parts.netloc).geturl()
    return url


# --- politeness: a minimum delay between two requests to the same source ------------------------

_RATE_LOCK = threading.Lock()
_NEXT_SLOT = {}


def _wait_turn(rate_key, min_interval_s, feedback):
    if not rate_key or not min_interval_s:
        return
    with _RATE_LOCK:
        now = time.monotonic()
        slot = max(now, _NEXT_SLOT.get(rate_key, 0.0))
        _NEXT_SLOT[rate_key] = slot + float(min_interval_s)
    _sleep(slot - now, feedback)


def _sleep(seconds, feedback):
    end = time.monotonic() + max(0.0, seconds)
    while time.monotonic() < end:
        if feedback is not None and feedback.isCanceled():
            raise CancelledError()
        time.sleep(min(0.05, max(0.0, end - time.monotonic())))


# --- hosts found unreachable: not asked again for a while ---------------------------------------

_DOWN_LOCK = threading.Lock()
_DOWN = {}  # origin → (monotonic time it was found unreachable, the reason)
_ANSWERED = set()  # origins that answered since forget_unreachable(): a later failure is taken as passing
DOWN_MEMORY_S = 120.0


def forget_unreachable():
    """Ask every host again (the start of a load, a refresh of the territory list: the network may be back)."""
    with _DOWN_LOCK:
        _DOWN.clear()
        _ANSWERED.clear()


def _mark(url, reason):
    """`reason` None: the origin of `url` answered; else it could not be reached at all — remembered only for
    a host that has not answered since the last forget_unreachable() (a server restarting during a load is
    asked again at each request, as before)."""
    key = origin(url)
    with _DOWN_LOCK:
        if reason is None:
            _DOWN.pop(key, None)
            _ANSWERED.add(key)
        elif key not in _ANSWERED:
            _DOWN[key] = (time.monotonic(), reason)


def _known_down(url):
    """The reason the origin of `url` was found unreachable less than DOWN_MEMORY_S ago, else None. Offline,
    a load then fails each request at once (its source falls back on the cache) instead of waiting for the
    source's politeness delay before every refused request (IGN 1 s, Cartofriches 0.15 s × 30 pages)."""
    key = origin(url)
    with _DOWN_LOCK:
        seen = _DOWN.get(key)
        if seen is not None and time.monotonic() - seen[0] > DOWN_MEMORY_S:
            del _DOWN[key]
            seen = None
    return seen[1] if seen is not None else None


# --- messages -----------------------------------------------------------------------------------

def _status_message(status):
    if status == 429:
        return "trop de requêtes (HTTP 429) : le serveur limite le débit"
    if status == 404:
        return "ressource introuvable (HTTP 404)"
    if status in (401, 403):
        return f"accès refusé (HTTP {status}) : une authentification ou une autorisation est nécessaire"
    if status and status >= 500:
        return f"le serveur est en erreur (HTTP {status})"
    return f"réponse inattendue (HTTP {status})"


class _Outcome:
    """What one attempt gave: a body (or file), or a failure and whether it is worth retrying."""

    def __init__(self, body=None, status=0, error="", retriable=False, retry_after=None, final_url="",
                 timeout=False, not_found=False, unreachable=False):
        self.body, self.status, self.error, self.retriable = body, status, error, retriable
        self.retry_after, self.final_url, self.timeout, self.not_found = retry_after, final_url, timeout, not_found
        self.unreachable = unreachable  # no connection at all (offline, host unknown, refused): see _DOWN


def _retry_after(raw):
    raw = bytes(raw or b"").strip()
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        from email.utils import parsedate_to_datetime  # an HTTP date

        try:
            return max(0.0, parsedate_to_datetime(raw.decode("latin-1")).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


_URL_LOCKS_GUARD = threading.Lock()
_URL_LOCKS = {}


@contextlib.contextmanager
def _one_at_a_time(url):
    """Requests of the same URL run one after the other: dropping an entry of QGIS's shared disk cache
    (`_forget_http_cache`) while another thread writes that entry deletes the other thread's pending
    insertion (QNetworkDiskCache.remove): a crash."""
    with _URL_LOCKS_GUARD:
        lock = _URL_LOCKS.setdefault(url, threading.Lock())
    with lock:
        yield


_MAIN_MANAGER = []  # the main thread's QgsNetworkAccessManager, once seen


def _manager_of_the_disk_cache():
    """A network manager to reach QGIS's disk cache — one cache shared by all threads behind a mutex
    (QgsNetworkDiskCache) — through the main thread's manager: the manager of a short-lived worker thread,
    seen from Python, may be the stale wrapper of a deleted one."""
    if not _MAIN_MANAGER and _on_main_thread():
        _MAIN_MANAGER.append(QgsNetworkAccessManager.instance())
    return _MAIN_MANAGER[0] if _MAIN_MANAGER else QgsNetworkAccessManager.instance()


def _forget_http_cache(url):
    """Drop `url` from QGIS's HTTP disk cache: the plugin keeps its own cache, and QGIS 3.22 may otherwise
    answer a failed request with the status and body of an older successful one."""
    disk_cache = _manager_of_the_disk_cache().cache()
    if disk_cache is not None:
        disk_cache.remove(QUrl(url))


def _request(url, timeout_s, authcfg):
    request = QNetworkRequest(QUrl(url))
    request.setRawHeader(b"User-Agent", _user_agent())
    request.setAttribute(QNetworkRequest.Attribute.CacheLoadControlAttribute,
                         QNetworkRequest.CacheLoadControl.AlwaysNetwork)
    if hasattr(request, "setTransferTimeout"):
        request.setTransferTimeout(int(timeout_s * 1000))
    if authcfg:
        # credentials as headers of this request only: a redirect builds a new request without them
        updated = QgsApplication.authManager().updateNetworkRequest(request, authcfg)
        if not (updated[0] if isinstance(updated, tuple) else updated):
            raise SourceError(tr("authentification"), tr("configuration d'authentification « {} » inutilisable").format(authcfg))
        if isinstance(updated, tuple):
            request = updated[1]
    return request


def _on_main_thread():
    return QThread.currentThread() == QCoreApplication.instance().thread()


def _no_python_notify(obj, signal, other):
    """Let sip learn now, while this thread holds the GIL, that Python does not reimplement the
    connectNotify and disconnectNotify of `obj` (made in Python): one connection of its `signal` to its
    `other` signal (same arguments, no Python slot involved), undone at once. Otherwise sip asks on the
    first call, from inside a QObject destructor run by Qt with a signal-slot mutex locked, and waits there
    for the GIL, which another thread may hold while it destroys a QObject needing that mutex: the loader's
    worker threads then deadlock (seen every 20 to 100 loads of Dunkerque in a row)."""
    signal.connect(other)
    signal.disconnect(other)
    return obj


def _blocking_get(request, feedback):
    """QgsBlockingNetworkRequest.get with a cancellation relayed from inside the request's own event loop.

    QgsBlockingNetworkRequest connects the feedback's cancel signal twice (before and after the reply
    exists); a cancel arriving between the two leaves the request waiting forever. A private feedback,
    cancelled by a timer that runs in the request's event loop, avoids that window. On the main thread
    the request runs in a helper thread and timers do not fire while it waits: there the caller's
    feedback is passed as is."""
    blocking = QgsBlockingNetworkRequest()
    _no_python_notify(blocking, blocking.finished, blocking.downloadFinished)
    if not _on_main_thread():
        # a Python thread (the loader's pool) has no event dispatcher until an event loop is created in it;
        # without one no timer fires there (ours, relaying a cancel; QGIS's own request timeout)
        QEventLoop()
    if feedback is None:
        code = blocking.get(request, True)
    elif _on_main_thread():
        code = blocking.get(request, True, feedback)
    else:
        inner = QgsFeedback()
        timer = QTimer()
        _no_python_notify(inner, inner.progressChanged, inner.progressChanged)
        _no_python_notify(timer, timer.timeout, timer.timeout)
        timer.setInterval(50)

        def relay():  # a Qt slot: an exception escaping it would abort the process (PyQt's qFatal)
            try:
                cancel = feedback.isCanceled()
            except RuntimeError:  # the caller's feedback is gone: nobody waits for this answer any more
                cancel = True
            if cancel and not inner.isCanceled():
                inner.cancel()

        timer.timeout.connect(relay)
        timer.start()
        try:
            code = blocking.get(request, True, inner)
        finally:
            timer.stop()
    return blocking, code


def _classify(status, reply_error, code, message, timeout_s):
    """An _Outcome for a failed attempt."""
    if status and not 200 <= status < 300:
        return _Outcome(status=status, error=_status_message(status), retriable=status in RETRY_STATUSES,
                        not_found=status in (404, 410))
    low = (message or "").lower()
    if code == _ERR.TimeoutError or reply_error in _TIMEOUT_ERRORS or "timed out" in low:
        return _Outcome(error=f"délai dépassé ({timeout_s:g} s) : le serveur ne répond pas", retriable=True,
                        timeout=True)
    if status:  # HTTP 200 then the connection broke: a body cut short, worth another try
        return _Outcome(error=f"réponse incomplète, connexion interrompue ({message or 'fin prématurée'})",
                        retriable=True)
    if reply_error in _TRANSIENT_ERRORS or "closed" in low or "reset" in low:
        return _Outcome(error=f"connexion interrompue ({message or 'réponse incomplète'})", retriable=True)
    return _Outcome(error="serveur injoignable (pas de réseau, proxy ou adresse incorrecte) : "
                          f"{message or 'erreur réseau'}", unreachable=True)


def _check_redirect(target):
    """A redirect must lead to an address check_url accepts (HTTPS, or HTTP to the loopback)."""
    try:
        check_url(target, "")
    except SourceError:
        raise SourceError("", tr("redirection refusée vers une adresse non sécurisée « {} » (seules les adresses "
                                 "HTTPS sont autorisées).").format(target)) from None


def _attempt_memory(url, policy, authcfg, feedback):
    _forget_http_cache(url)
    blocking, code = _blocking_get(_request(url, policy.timeout_s, authcfg), feedback)
    try:
        return _read_reply(blocking, code, url, policy, feedback)
    finally:
        # deleted by this thread now: freed by Python from another thread (a CancelledError raised here and
        # handed to the waiting thread keeps this frame), its deletion would wait in this worker's event queue
        # (see worker_layer)
        sip.delete(blocking)


def _read_reply(blocking, code, url, policy, feedback):
    reply = blocking.reply()
    if feedback is not None and feedback.isCanceled():
        raise CancelledError()
    status = reply.attribute(_HTTP_STATUS)
    status = int(status) if status not in (None, "") else 0
    final_url = reply.request().url().toString() if reply.request() is not None else url
    if final_url and final_url != url:
        # QgsBlockingNetworkRequest follows redirects itself: a refused target is reported as such, whether
        # its request failed (a host that does not resolve) or not, and never retried
        _check_redirect(final_url)
    reply_error = reply.error()
    ok = code == _ERR.NoError and reply_error == _NE.NoError and (status == 0 or 200 <= status < 300)
    if not ok:
        outcome = _classify(status, reply_error, code, blocking.errorMessage() or reply.errorString(),
                            policy.timeout_s)
        if status in (429, 503):
            outcome.retry_after = _retry_after(reply.rawHeader(b"Retry-After"))
        outcome.final_url = final_url or url  # the host that failed (after redirects)
        return outcome
    body = bytes(reply.content())
    announced = bytes(reply.rawHeader(b"Content-Length") or b"").strip()
    if announced.isdigit() and int(announced) > len(body):
        return _Outcome(error=f"réponse incomplète ({len(body)} octets reçus sur {int(announced)})", retriable=True)
    return _Outcome(body=body, status=status or 200, final_url=final_url or url)


def _dispose(reply):
    """Delete a finished streamed reply now. With deleteLater() its Python wrapper outlived it (held by the
    slots' closures): the next reply, allocated at the same address, was handed that dead wrapper
    ("wrapped C/C++ object of type QNetworkReply has been deleted", an abort inside a slot)."""
    for signal in (reply.readyRead, reply.downloadProgress, reply.finished):
        try:
            signal.disconnect()
        except TypeError:  # nothing connected
            pass
    sip.delete(reply)


def _attempt_stream(url, policy, authcfg, feedback, dest, max_bytes, progress):
    """Stream `url` into the file `dest` (a temporary name; the caller renames it). Redirects are followed
    here (at most 5), each one checked; credentials are never sent to another origin."""
    first = origin(url)
    current = url
    for _hop in range(6):
        _forget_http_cache(current)
        request = _request(current, policy.timeout_s, authcfg if origin(current) == first else "")
        request.setAttribute(QNetworkRequest.Attribute.RedirectPolicyAttribute,
                             QNetworkRequest.RedirectPolicy.ManualRedirectPolicy)
        reply = QgsNetworkAccessManager.instance().get(request)
        state = {"written": 0, "too_big": False, "error": None}
        loop = QEventLoop()
        with open(dest, "wb") as handle:
            def guarded(slot):
                # an exception escaping a Qt slot aborts the process (PyQt's qFatal) or, in QGIS, pops the
                # Python error dialog: it is kept, the download stopped, and raised after the loop
                def run(*args):
                    if state["error"] is not None:
                        return
                    try:
                        slot(*args)
                    except BaseException as err:  # noqa: B902 - re-raised below, outside the slot
                        state["error"] = err
                        with contextlib.suppress(RuntimeError):  # nothing may escape a slot
                            if reply.isRunning():
                                reply.abort()
                            loop.quit()
                return run

            def read_chunk():
                data = bytes(reply.readAll())
                if data:
                    handle.write(data)
                    state["written"] += len(data)
                    if max_bytes and state["written"] > max_bytes:
                        state["too_big"] = True
                        reply.abort()

            def on_progress(received, total):
                if progress is not None:
                    progress(received, total)

            def watch():
                if feedback is not None and feedback.isCanceled() and reply.isRunning():
                    reply.abort()

            reply.readyRead.connect(guarded(read_chunk))
            reply.downloadProgress.connect(guarded(on_progress))
            reply.finished.connect(loop.quit)
            timer = QTimer()
            _no_python_notify(timer, timer.timeout, timer.timeout)
            timer.setInterval(50)
            timer.timeout.connect(guarded(watch))
            timer.start()
            if reply.isRunning():
                loop.exec()
            timer.stop()
            if state["error"] is None:
                read_chunk()
        if state["error"] is not None:
            _dispose(reply)
            raise state["error"]
        if feedback is not None and feedback.isCanceled():
            _dispose(reply)
            raise CancelledError()
        if state["too_big"]:
            _dispose(reply)
            raise SourceError("", tr("fichier plus gros que la taille admise ({} Mo)").format(max_bytes // 2**20))
        status = reply.attribute(_HTTP_STATUS)
        status = int(status) if status not in (None, "") else 0
        target = reply.attribute(_REDIRECT_TARGET)
        reply_error = reply.error()
        if target is not None and 300 <= status < 400:
            next_url = reply.url().resolved(target).toString()
            _dispose(reply)
            _check_redirect(next_url)
            current = next_url
            continue
        if reply_error != _NE.NoError or not (status == 0 or 200 <= status < 300):
            outcome = _classify(status, reply_error, _ERR.NoError, reply.errorString(), policy.timeout_s)
            if status in (429, 503):
                outcome.retry_after = _retry_after(reply.rawHeader(b"Retry-After"))
            outcome.final_url = current  # the host that failed (after redirects)
            _dispose(reply)
            return outcome
        announced = bytes(reply.rawHeader(b"Content-Length") or b"").strip()
        _dispose(reply)
        if announced.isdigit() and int(announced) > state["written"]:
            return _Outcome(error=f"téléchargement incomplet ({state['written']} octets sur {int(announced)})",
                            retriable=True)
        return _Outcome(body=Path(dest), status=status or 200, final_url=current)
    return _Outcome(error="trop de redirections")


def fetch(url, source_label, feedback=None, timeout_s=None, retries=None, retry_max_wait_s=None, authcfg="",
          policy=None, validate=None, dest=None, max_bytes=None, progress=None, auth_origin=None,
          rate_key=None, min_interval_s=0.0):
    """GET `url`: the body as bytes, or the Path `dest` when given (streamed there). Raises SourceError or
    CancelledError.

    - `policy`: a RetryPolicy (`timeout_s`, `retries`, `retry_max_wait_s` adjust it);
    - `validate(body_or_path)`: raises InvalidPayload when the answer is not the expected one (HTML page,
      exception report, truncated JSON…): the attempt is retried, and reported if it stays bad;
    - `authcfg` is applied only when `url` has the origin of `auth_origin` (the catalogue's address);
    - `rate_key`, `min_interval_s`: at least that many seconds between two requests with the same key.
    """
    check_url(url, source_label)
    policy = policy or RetryPolicy()
    if timeout_s is not None:
        policy = replace(policy, timeout_s=float(timeout_s))
    if retries is not None:
        policy = replace(policy, retries=int(retries))
    if retry_max_wait_s is not None:
        policy = replace(policy, retry_after_max_s=float(retry_max_wait_s),
                         backoff_max_s=min(policy.backoff_max_s, float(retry_max_wait_s)))
    if authcfg and auth_origin and origin(url) != origin(auth_origin):
        authcfg = ""  # never send the credentials of a source to another host
    started = time.monotonic()
    reasons = []
    attempt = paced = 0
    while True:
        if feedback is not None and feedback.isCanceled():
            raise CancelledError()
        down = _known_down(url)
        if down is not None:
            reasons.append(down + " — déjà constaté pour ce serveur, pas de nouvel essai")
            break
        _wait_turn(rate_key, min_interval_s, feedback)
        try:
            with _one_at_a_time(url):
                if dest is None:
                    outcome = _attempt_memory(url, policy, authcfg, feedback)
                else:
                    outcome = _attempt_stream(url, policy, authcfg, feedback, dest, max_bytes, progress)
        except SourceError as err:  # refused redirect, oversized file: not worth another try
            raise SourceError(source_label, err.detail) from None
        if outcome.unreachable or outcome.status or outcome.body is not None:
            _mark(outcome.final_url or url, outcome.error if outcome.unreachable else None)
        if outcome.body is not None:
            try:
                check_url(outcome.final_url or url, source_label)
            except SourceError:
                raise SourceError(source_label, tr("redirection refusée vers une adresse non sécurisée « {} ».").format(outcome.final_url)) from None
            if validate is None:
                return outcome.body
            try:
                validate(outcome.body)
                return outcome.body
            except InvalidPayload as err:
                outcome = _Outcome(error=str(err), retriable=True)
        reasons.append(outcome.error)
        # a 429 whose Retry-After we honour is the server pacing its clients, not a failure: it does not use up
        # a retry (at most 2 x (retries + 1) of them, within the total time)
        pacing = outcome.status == 429 and outcome.retry_after is not None and paced < 2 * (int(policy.retries) + 1)
        if not outcome.retriable or (attempt >= policy.retries and not pacing):
            break
        wait = policy.wait(attempt, outcome.retry_after)
        if wait is None or time.monotonic() - started + wait > policy.total_max_s:
            break
        _sleep(wait, feedback)
        if pacing:
            paced += 1
        else:
            attempt += 1
    tries = len(reasons)
    detail = reasons[-1] if reasons else "échec de la requête"
    if tries > 1:
        detail += f" ({tries} tentatives)"
    error = SourceError(source_label, detail + ".")
    error.not_found = bool(reasons) and "HTTP 404" in reasons[-1]
    raise error


def download(url, source_label, path, feedback=None, **options):
    """Stream `url` to `path` (written under a temporary name, renamed once complete and valid)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".part-", dir=str(path.parent))
    os.close(fd)
    try:
        fetch(url, source_label, feedback, dest=tmp, **options)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)
    return path


def parse_json(body, source_label, what=""):
    """JSON of an answer; a malformed payload gives a SourceError naming the source (and what was asked)."""
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as err:
        target = f" pour {what}" if what else ""
        raise SourceError(source_label, tr("réponse illisible{} (JSON invalide) : {}.").format(target, err)) from None


def is_local(url):
    return is_loopback(urlsplit(url or "").hostname)


if QCoreApplication.instance() is not None and _on_main_thread():
    _manager_of_the_disk_cache()  # imported with the plugin, on the main thread
