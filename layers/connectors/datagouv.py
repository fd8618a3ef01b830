"""data.gouv.fr resources, found by title through the dataset API (the static file addresses change at
every publication); the resource's `last_modified` is the producer's vintage.

- `datagouv_zip_vector`: a ZIP archive (France Chaleur Urbaine's 61 MB `opendata-fcu.zip`), streamed to
  the cache, checked (readable archive, member present, no `..` path, size cap), then ingested ONCE into
  an indexed GeoPackage in Lambert-93; the next loads read that file, not the archive.
- `datagouv_csv`: a CSV resource with coordinates or WKT columns (see user_file for the keys).
"""

import contextlib
import hashlib
import os
import zipfile
from pathlib import Path

from qgis.core import QgsFeedback, QgsVectorFileWriter
from qgis.PyQt import sip
from qgis.PyQt.QtCore import Qt

from .. import payloads
from ..worker_layer import opened_layer
from . import register
from ...core.i18n import tr
from .base import FileResult
from .user_file import _CSV_KEYS


def resource(ctx, title):
    """(url, last_modified) of the dataset's resource titled `title`."""
    meta = ctx.fetch_json(ctx.url() + "/", max_age_days=ctx.option("max_age_days"))
    resources = meta.get("resources")
    if not isinstance(resources, list):
        raise ctx.fail(tr("réponse inattendue de l'API data.gouv.fr : liste « resources » absente."))
    for item in resources:
        if isinstance(item, dict) and str(item.get("title", "")).strip().lower() == title.lower() and item.get("url"):
            return str(item["url"]), str(item.get("last_modified") or "")[:10]
    raise ctx.fail(tr("ressource « {} » introuvable dans le jeu de données.").format(title))


def zip_member(ctx, path, member, max_bytes):
    """Name of `member` in the ZIP at `path`, after checking names and sizes."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as err:
        raise ctx.fail(tr("archive ZIP illisible : {}.").format(err)) from None
    for info in infos:
        name = info.filename
        if name.rsplit("/", 1)[-1] != member:
            continue
        if name.startswith("/") or ".." in name.split("/") or "\\" in name:
            raise ctx.fail(tr("chemin refusé dans l'archive : « {} ».").format(name))
        if info.file_size > max_bytes:
            raise ctx.fail(tr("« {} » dépasse la taille admise ({} Mo).").format(name, info.file_size // 2**20))
        return name
    raise ctx.fail(tr("« {} » absent de l'archive.").format(member))


def _writer_feedback(ctx):
    """The writer's own feedback: its progress (0–100 %) becomes the source's, and the load's cancel reaches
    it. The load's feedback is shared by the sources' threads, which report through the loader's lock: a
    writer calling it directly, from its thread, made the whole load's bar jump to the ingestion's percentage
    and raced with the other threads' reports."""
    writing = QgsFeedback()

    def relay(percent):  # a Qt slot, on this thread: nothing may escape it (PyQt's qFatal)
        try:
            ctx.progress(percent)
        except BaseException:  # noqa: B902 - cancelled (CancelledError) or anything else: the writer stops
            writing.cancel()

    writing.progressChanged.connect(relay, Qt.ConnectionType.DirectConnection)
    return writing


def ingest(ctx, archive, member):
    """An indexed GeoPackage (Lambert-93) of `member`, built once per archive version."""
    stamp = archive.stat()
    digest = hashlib.sha256(f"{archive}|{stamp.st_size}|{stamp.st_mtime_ns}|{member}".encode()).hexdigest()[:16]
    target = ctx.cache.derived_dir(ctx.key) / f"{Path(member).stem}-{digest}.gpkg"
    if target.exists():
        return target
    # braces: the cached archive has no .zip extension for GDAL to find the end of its path
    with opened_layer(f"/vsizip/{{{archive}}}/{member}", ctx.key) as layer:
        if not layer.isValid():
            raise ctx.fail(tr("« {} » illisible dans l'archive.").format(member))
        from ..gpkg import crs_is_defined

        if not crs_is_defined(layer.crs()):
            raise ctx.fail(tr("« {} » n'a pas de système de coordonnées.").format(member))
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        options.layerName = "data"
        options.ct = ctx.transform_from(layer.crs())
        writing = _writer_feedback(ctx)
        options.feedback = writing
        partial = target.with_name(f".{target.stem}.part.gpkg")
        with contextlib.suppress(FileNotFoundError):
            os.remove(partial)
        writer = getattr(QgsVectorFileWriter, "writeAsVectorFormatV3", None) or QgsVectorFileWriter.writeAsVectorFormatV2
        try:
            outcome = writer(layer, str(partial), ctx.transform_context, options)
        finally:
            sip.delete(writing)  # by this thread (see worker_layer); its slot holds it in a cycle otherwise
    error = outcome[0] if isinstance(outcome, tuple) else outcome
    ctx.check_cancel()
    if error != QgsVectorFileWriter.WriterError.NoError:
        with contextlib.suppress(FileNotFoundError):
            os.remove(partial)
        raise ctx.fail(tr("impossible d'indexer « {} » : {}").format(member, outcome[1] if isinstance(outcome, tuple) else ''))
    for old in target.parent.glob(f"{Path(member).stem}-*.gpkg"):  # previous versions of the archive
        with contextlib.suppress(OSError):
            os.remove(old)
    os.replace(partial, target)
    return target


@register("datagouv_zip_vector", resource_title=str, member=str, max_member_mb=float, max_zip_mb=float)
def datagouv_zip_vector(ctx):
    """The features of a ZIP resource's member that cross the territory (a FileResult on the index)."""
    url, ctx.vintage = resource(ctx, ctx.option("resource_title", ""))
    archive = ctx.fetch_file(url, payloads.zip_archive, max_bytes=int(float(ctx.option("max_zip_mb", 500)) * 2**20),
                             max_age_days=ctx.option("max_age_days"))
    member = zip_member(ctx, archive, ctx.option("member", ""), float(ctx.option("max_member_mb", 600)) * 2**20)
    return FileResult(path=str(ingest(ctx, archive, member)), layer="data",
                      geometry=ctx.option("geometry", "multilinestring"))


@register("datagouv_csv", resource_title=str, **_CSV_KEYS)
def datagouv_csv(ctx):
    """A CSV resource of a data.gouv.fr dataset, with coordinates or WKT columns."""
    url, ctx.vintage = resource(ctx, ctx.option("resource_title", ""))
    columns = [ctx.option("wkt_field")] if ctx.option("wkt_field") else [ctx.option("x_field"), ctx.option("y_field")]
    path = ctx.fetch_file(url, lambda p: payloads.csv_file(p, [c for c in columns if c]))
    copy = ctx.cache.derived_dir(ctx.key) / f"{path.stem}.csv"  # the delimited-text provider wants .csv
    if not copy.exists() or copy.stat().st_mtime < path.stat().st_mtime:
        copy.write_bytes(path.read_bytes())
    return FileResult(path=str(copy), geometry=ctx.option("geometry", "point"))
