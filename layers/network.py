"""HTTP through QGIS (QgsBlockingNetworkRequest): the user's proxy, authentication and SSL settings apply.

Every failure becomes a SourceError naming the source, with a French message a GIS officer can act on.
Thread-safe: used from QgsTask.run() and from Processing algorithms.
"""

import json
import time

from qgis.core import Qgis, QgsBlockingNetworkRequest, QgsFeedback, QgsNetworkAccessManager
from qgis.PyQt.QtCore import QCoreApplication, QThread, QTimer, QUrl
from qgis.PyQt.QtNetwork import QNetworkReply, QNetworkRequest

from ..core.errors import CancelledError, SourceError
from .catalogue import check_url

RETRY_STATUSES = (429, 502, 503, 504)
_ERR = QgsBlockingNetworkRequest.ErrorCode
_HTTP_STATUS = QNetworkRequest.Attribute.HttpStatusCodeAttribute
_NO_REPLY_ERROR = QNetworkReply.NetworkError.NoError
# a transfer timeout (QNetworkRequest.setTransferTimeout) aborts the reply as "operation cancelled"
_TIMEOUT_ERRORS = (QNetworkReply.NetworkError.OperationCanceledError, QNetworkReply.NetworkError.TimeoutError)


def _user_agent():
    return f"QGIS/{Qgis.QGIS_VERSION_INT} TI-Energie".encode("ascii")


def _retry_wait(reply, attempt, max_wait):
    raw = bytes(reply.rawHeader(b"Retry-After") or b"").strip()
    try:
        wait = float(raw) if raw else 2.0 ** attempt
    except ValueError:
        wait = 2.0 ** attempt
    return max(0.0, min(wait, max_wait))


def _sleep(seconds, feedback):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if feedback is not None and feedback.isCanceled():
            raise CancelledError()
        time.sleep(min(0.1, max(0.0, end - time.monotonic())))


def _status_message(status, url):
    if status == 429:
        return "trop de requêtes (HTTP 429) : le serveur limite le débit, réessayez dans quelques minutes."
    if status == 404:
        return f"ressource introuvable (HTTP 404) : {url}. Vérifiez l'adresse dans le catalogue."
    if status in (401, 403):
        return f"accès refusé (HTTP {status}) : une authentification ou une autorisation est nécessaire."
    if status and status >= 500:
        return f"le serveur est en erreur (HTTP {status}), réessayez plus tard."
    return f"réponse inattendue (HTTP {status})."


def _forget_http_cache(url):
    """Drop `url` from QGIS's HTTP disk cache: the plugin keeps its own cache, and QGIS 3.22 may otherwise
    answer a failed request with the status and body of an older successful one."""
    disk_cache = QgsNetworkAccessManager.instance().cache()
    if disk_cache is not None:
        disk_cache.remove(QUrl(url))


def _get(blocking, request, feedback):
    """`blocking.get` with a cancellation relayed from inside the request's own event loop.

    QgsBlockingNetworkRequest connects the feedback's cancel signal twice (before and after the reply
    exists); a cancel arriving between the two leaves the request waiting forever. A private feedback,
    cancelled by a timer that runs in the request's event loop, avoids that window. It also keeps the
    download's own progress out of the caller's progress bar. On the main thread the request runs in a
    helper thread and timers do not fire while it waits: there the caller's feedback is passed as is.
    """
    if feedback is None:
        return blocking.get(request, True)
    if QThread.currentThread() == QCoreApplication.instance().thread():
        return blocking.get(request, True, feedback)
    inner = QgsFeedback()
    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(lambda: inner.cancel() if feedback.isCanceled() and not inner.isCanceled() else None)
    timer.start()
    try:
        return blocking.get(request, True, inner)
    finally:
        timer.stop()


def fetch(url, source_label, feedback=None, timeout_s=60, retries=2, retry_max_wait_s=20, authcfg=""):
    """GET `url` and return the body as bytes, or raise SourceError / CancelledError."""
    check_url(url, source_label)
    last_error = None
    for attempt in range(int(retries) + 1):
        if feedback is not None and feedback.isCanceled():
            raise CancelledError()
        _forget_http_cache(url)
        request = QNetworkRequest(QUrl(url))
        request.setRawHeader(b"User-Agent", _user_agent())
        if hasattr(request, "setTransferTimeout"):
            request.setTransferTimeout(int(timeout_s * 1000))
        blocking = QgsBlockingNetworkRequest()
        if authcfg:
            blocking.setAuthCfg(authcfg)
        code = _get(blocking, request, feedback)
        reply = blocking.reply()
        status = reply.attribute(_HTTP_STATUS)
        status = int(status) if status not in (None, "") else 0
        if feedback is not None and feedback.isCanceled():
            raise CancelledError()
        reply_error = reply.error()
        if code == _ERR.NoError and reply_error == _NO_REPLY_ERROR and (status == 0 or 200 <= status < 300):
            return bytes(reply.content())
        if status in RETRY_STATUSES and attempt < retries:
            _sleep(_retry_wait(reply, attempt, retry_max_wait_s), feedback)
            last_error = _status_message(status, url)
            continue
        if status:
            raise SourceError(source_label, _status_message(status, url))
        message = blocking.errorMessage() or reply.errorString() or ""
        if code == _ERR.TimeoutError or reply_error in _TIMEOUT_ERRORS or "timed out" in message.lower():
            raise SourceError(source_label, f"délai dépassé ({timeout_s:g} s) : le serveur ne répond pas.")
        raise SourceError(source_label, "serveur injoignable (pas de réseau, proxy ou adresse incorrecte) : "
                          f"{message or 'erreur réseau'}.")
    raise SourceError(source_label, last_error or "échec de la requête.")


def parse_json(body, source_label, what=""):
    """JSON of an answer; a malformed payload gives a SourceError naming the source (and what was asked)."""
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as err:
        target = f" pour {what}" if what else ""
        raise SourceError(source_label, f"réponse illisible{target} (JSON invalide) : {err}.") from None
