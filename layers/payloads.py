"""Validators of source answers, run before an answer enters the cache (see network.fetch / cache.get).

Each validator takes the bytes of an answer (or the path of a downloaded file) and raises InvalidPayload
with a French reason when the answer is not what was asked: an HTML maintenance page or a WFS exception
report served with HTTP 200, a body cut short, JSON of the wrong shape, an unreadable archive.
"""

import json
import re
import zipfile

from ..core.i18n import tr
from .network import InvalidPayload

_HTML = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body)", re.IGNORECASE)
_EXCEPTION = re.compile(rb"<(?:\w+:)?(?:ExceptionReport|ServiceExceptionReport)\b", re.IGNORECASE)
_EXCEPTION_TEXT = re.compile(rb"<(?:\w+:)?(?:ExceptionText|ServiceException)[^>]*>(.*?)</", re.IGNORECASE | re.DOTALL)
_NAN = re.compile(rb"(:\s*|\[\s*|,\s*)(?:nan|NaN)\b")


def _head(body):
    return body[:2048].lstrip(b"\xef\xbb\xbf")


def reject_html(body):
    if _HTML.match(_head(body)):
        title = re.search(rb"<title>(.*?)</title>", body[:4096], re.IGNORECASE | re.DOTALL)
        name = title.group(1).decode("utf-8", "replace").strip() if title else ""
        raise InvalidPayload("page HTML reçue à la place des données" + (f" (« {name} »)" if name else "")
                             + " : service en maintenance ou adresse incorrecte")


def reject_exception_report(body):
    if _EXCEPTION.search(_head(body)):
        text = _EXCEPTION_TEXT.search(body[:8192])
        detail = text.group(1).decode("utf-8", "replace").strip() if text else "sans détail"
        raise InvalidPayload(tr("le service a répondu par une exception : {}").format(detail))


def fix_nan(body):
    """Bare `nan` (written by ArcGIS servers) is not JSON: turn it into null."""
    return _NAN.sub(lambda m: m.group(1) + b"null", body)


def load_json(body, expect=None):
    """The JSON value of `body`, checked against `expect` (dict, list or None). Raises InvalidPayload."""
    reject_html(body)
    reject_exception_report(body)
    try:
        value = json.loads(fix_nan(body).decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidPayload(tr("réponse illisible (encodage inattendu)")) from None
    except ValueError as err:
        raise InvalidPayload(tr("réponse illisible ou incomplète (JSON invalide : {})").format(err)) from None
    if expect is dict and not isinstance(value, dict):
        raise InvalidPayload(tr("réponse inattendue : un objet JSON était attendu"))
    if expect is list and not isinstance(value, list):
        raise InvalidPayload(tr("réponse inattendue : une liste JSON était attendue"))
    return value


def json_object(body):
    load_json(body, dict)


def json_list(body):
    load_json(body, list)


def load_feature_collection(body):
    value = load_json(body, dict)
    if value.get("type") != "FeatureCollection" or not isinstance(value.get("features"), list):
        raise InvalidPayload(tr("réponse inattendue : une FeatureCollection GeoJSON était attendue"))
    return value


def feature_collection(body):
    load_feature_collection(body)


def xml_document(body):
    """Well-formed XML that is not an exception report."""
    reject_html(body)
    reject_exception_report(body)
    from qgis.PyQt.QtXml import QDomDocument

    document = QDomDocument()
    parsed = document.setContent(bytes(body))
    if not (parsed[0] if isinstance(parsed, tuple) else parsed):
        raise InvalidPayload(tr("réponse XML illisible ou incomplète"))


def csv_text(body, required=()):
    """A CSV (not HTML) whose header holds the `required` columns (any of , ; tab separators)."""
    reject_html(body)
    head = body[:4096].decode("utf-8-sig", "replace").splitlines()
    if not head:
        raise InvalidPayload(tr("fichier CSV vide"))
    header = re.split(r"[;,\t]", head[0])
    missing = [c for c in required if c not in [h.strip().strip('"') for h in header]]
    if missing:
        raise InvalidPayload(tr("colonne(s) absente(s) du CSV : {}").format(', '.join(missing)))


def csv_file(path, required=()):
    """A downloaded CSV file: `csv_text` on its head, and a last line that is not cut short (a body cut without
    a Content-Length ends in the middle of a line: no final newline and fewer columns than the header)."""
    from pathlib import Path

    with open(Path(path), "rb") as handle:
        head = handle.read(65536)
        csv_text(head, required)
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - 8192))
        tail = handle.read()
    if tail.endswith(b"\n"):
        return
    header = re.split(r"[;,\t]", head.decode("utf-8-sig", "replace").splitlines()[0])
    last = re.split(r"[;,\t]", tail.decode("utf-8", "replace").splitlines()[-1])
    if len(last) < len(header):
        raise InvalidPayload(tr("fichier CSV incomplet : la dernière ligne n'a que {} colonne(s) sur {} "
                                "(téléchargement interrompu)").format(len(last), len(header)))


def zip_archive(path):
    """A readable ZIP archive (the central directory at its end is a good check of a complete download)."""
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip() if path.stat().st_size < 2**27 else None
    except (zipfile.BadZipFile, OSError) as err:
        raise InvalidPayload(tr("archive ZIP illisible ou incomplète : {}").format(err)) from None
    if bad:
        raise InvalidPayload(tr("archive ZIP abîmée (membre « {} »)").format(bad))
