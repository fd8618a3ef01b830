"""Writing GeoPackages with QgsVectorFileWriter (no map layer involved: safe in a worker thread).

Coordinate reference systems are checked before use. QGIS (3.22; later versions' code does the same) keeps
CRS objects in process-wide caches, and a cache entry keeps the PROJ object of the thread that created it.
When that thread ends while another thread holds a copy (worker threads of QGIS's thread pool end after
30 s idle: a cancelled load's thread, then the next load on another thread), the entry loses its
definition but stays cached, still `isValid()` with its `authid()`: `toWkt()` is empty, QgsVectorFileWriter
then writes the layer with no CRS and a transform from it leaves the coordinates unchanged, all silently.
QGIS 3.40 behaves the same; only GDAL's record of "no CRS" differs: `srs_id` 0 (organization NONE) with
GDAL 3.6 (Debian 12), `srs_id` 99999 "Undefined SRS" (organization GDAL) with GDAL 3.10 (Debian 13).
Hence:

- `prime_crs_cache()` (main thread, before a load) rebuilds the entries of EPSG:2154 and EPSG:4326 from the
  main thread, which lives as long as QGIS, so that no worker thread's end can empty them (a load still running
  meanwhile may build one first: the read-back below catches what follows);
- `checked_crs()` and `lambert93_transform()` check the CRS and the transform in the calling thread (a
  definition, a known point) and rebuild QGIS's caches once when they are found emptied;
- `write_layer()` reads back the CRS written in the GeoPackage: a layer written without it (the cache entry
  emptied between the check and the writing: the thread that built it ended meanwhile) is removed and written
  again once, the caches rebuilt in the calling thread, and refused if the CRS is lost again.
"""

import contextlib
import os
import sqlite3

from qgis.core import (Qgis, QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsCoordinateTransformContext,
                       QgsCsException, QgsFeature, QgsField, QgsFields, QgsPointXY, QgsVectorFileWriter, QgsWkbTypes)
from qgis.PyQt.QtCore import QCoreApplication, QThread

from ..core.errors import TiEnergieError
from ..core.i18n import tr

if Qgis.QGIS_VERSION_INT >= 33800:
    from qgis.PyQt.QtCore import QMetaType

    _TYPES = {"str": QMetaType.Type.QString, "int": QMetaType.Type.LongLong, "double": QMetaType.Type.Double}
else:
    from qgis.PyQt.QtCore import QVariant

    _TYPES = {"str": QVariant.String, "int": QVariant.LongLong, "double": QVariant.Double}

_ACTION = QgsVectorFileWriter.ActionOnExistingFile
# Qgis.WkbType since QGIS 3.30 (the only one on QGIS 4); QgsWkbTypes before
_WKB = getattr(Qgis, "WkbType", None) or QgsWkbTypes
MULTIPOLYGON = _WKB.MultiPolygon
POINT = _WKB.Point
MULTILINESTRING = _WKB.MultiLineString
_NO_GEOMETRY = _WKB.NoGeometry
# Qgis.CrsWktVariant since QGIS 3.36 (the only one on QGIS 4); QgsCoordinateReferenceSystem.WktVariant before
_WKT_GDAL = getattr(getattr(Qgis, "CrsWktVariant", None), "PreferredGdal", None)
if _WKT_GDAL is None:
    _WKT_GDAL = QgsCoordinateReferenceSystem.WktVariant.WKT_PREFERRED_GDAL

LAMBERT93 = "EPSG:2154"
WGS84 = "EPSG:4326"
# Natural origin of Lambert-93 (lon 3°, lat 46.5°) and its projected coordinates, to check a transform
_ORIGIN_LONLAT, _ORIGIN_L93, _TOLERANCE_M = (3.0, 46.5), (700000.0, 6600000.0), 100.0


# --- coordinate reference systems ----------------------------------------------------------------------

def crs_is_defined(crs):
    """True when `crs` is valid and still has its definition in the calling thread (see the module's doc)."""
    return crs.isValid() and bool(crs.toWkt(_WKT_GDAL))


def reset_crs_caches():
    """Empty QGIS's caches of CRS and transforms: the entries are rebuilt on their next use."""
    QgsCoordinateReferenceSystem.invalidateCache()
    QgsCoordinateTransform.invalidateCache()


def checked_crs(authid=LAMBERT93):
    """The CRS `authid` ("EPSG:2154"), checked usable in the calling thread; TiEnergieError otherwise."""
    for attempt in range(2):
        crs = QgsCoordinateReferenceSystem.fromOgcWmsCrs(authid)
        if crs_is_defined(crs) and crs.authid() == authid:
            return crs
        if attempt == 0:
            reset_crs_caches()
    raise TiEnergieError(tr("Système de coordonnées {} indisponible dans QGIS (définition vide ou inconnue) : rien "
                            "n'est écrit sans lui. Relancez le chargement ; si l'erreur revient, redémarrez QGIS.").format(authid))


def _maps_origin(transform):
    try:
        point = transform.transform(QgsPointXY(*_ORIGIN_LONLAT))
    except QgsCsException:
        return False
    return abs(point.x() - _ORIGIN_L93[0]) < _TOLERANCE_M and abs(point.y() - _ORIGIN_L93[1]) < _TOLERANCE_M


def lambert93_transform(transform_context=None):
    """QgsCoordinateTransform from WGS 84 (EPSG:4326) to Lambert-93 (EPSG:2154), built and checked (a known
    point) in the calling thread, for the thread that builds it; TiEnergieError when it cannot be."""
    context = transform_context or QgsCoordinateTransformContext()
    for attempt in range(2):
        transform = QgsCoordinateTransform(checked_crs(WGS84), checked_crs(LAMBERT93), context)
        if transform.isValid() and _maps_origin(transform):
            return transform
        if attempt == 0:
            reset_crs_caches()
    raise TiEnergieError(tr("Transformation de WGS 84 (EPSG:4326) vers Lambert-93 (EPSG:2154) impossible dans QGIS "
                            ": les coordonnées ne seraient pas converties. Relancez le chargement ; si l'erreur "
                            "revient, redémarrez QGIS."))


def checked_transform(source, target=LAMBERT93, transform_context=None):
    """QgsCoordinateTransform from `source` (an authority id or a QgsCoordinateReferenceSystem) to `target`,
    built and checked in the calling thread: WGS 84 → Lambert-93 against Lambert-93's origin, any other pair
    by a point of the target's area of use that must move to finite coordinates. TiEnergieError otherwise."""
    if isinstance(source, str) and source == WGS84 and target == LAMBERT93:
        return lambert93_transform(transform_context)
    context = transform_context or QgsCoordinateTransformContext()
    name = source if isinstance(source, str) else (source.authid() or source.description() or "?")
    for attempt in range(2):
        source_crs = checked_crs(source) if isinstance(source, str) else source
        if not crs_is_defined(source_crs):
            raise TiEnergieError(tr("Système de coordonnées {} inconnu ou sans définition : les données ne peuvent "
                                    "pas être reprojetées.").format(name))
        target_crs = checked_crs(target)
        transform = QgsCoordinateTransform(source_crs, target_crs, context)
        if source_crs == target_crs or (transform.isValid() and _moves_a_point(transform, target_crs)):
            return transform
        if attempt == 0:
            reset_crs_caches()
    raise TiEnergieError(tr("Transformation de {} vers {} impossible dans QGIS : les coordonnées ne seraient pas "
                            "converties. Relancez le chargement ; si l'erreur revient, redémarrez QGIS.").format(name, target))


def _moves_a_point(transform, target_crs):
    """A point of the target's area of use (in the source CRS) lands on finite, different coordinates."""
    import math

    area = target_crs.bounds()  # WGS 84
    if area.isEmpty():
        return True
    centre = QgsPointXY(area.center())
    try:
        to_source = QgsCoordinateTransform(checked_crs(WGS84), transform.sourceCrs(), transform.context())
        start = to_source.transform(centre)
        end = transform.transform(start)
    except QgsCsException:
        return False
    return math.isfinite(end.x()) and math.isfinite(end.y()) and (abs(end.x() - start.x()) > 1e-6
                                                                 or abs(end.y() - start.y()) > 1e-6)


def prime_crs_cache():
    """On the main thread: rebuild QGIS's cache entries of EPSG:2154 and EPSG:4326 from this thread, so that the
    worker threads share them and the end of a worker thread cannot empty them. No-op on another thread."""
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() != app.thread():
        return
    reset_crs_caches()
    with contextlib.suppress(TiEnergieError):  # reported by the worker's own checks
        lambert93_transform()


def make_fields(spec):
    """QgsFields from [(name, 'str'|'int'|'double'), ...]."""
    fields = QgsFields()
    for name, kind in spec:
        fields.append(QgsField(name, _TYPES[kind]))
    return fields


def write_layer(path, layer_name, spec, rows, wkb_type=None, crs=LAMBERT93, new_file=False,
                transform_context=None):
    """Write `rows` [(attributes list, QgsGeometry or None)] as layer `layer_name` of the GeoPackage `path`.

    Geometries are in `crs` (an authority id). A geometry layer is never left without its CRS: the CRS is
    checked before writing and read back from the file after; a layer found written without it is removed
    (the whole file when `new_file`) and written once more, then refused (TiEnergieError)."""
    fields = make_fields(spec)
    wkb_type = wkb_type if wkb_type is not None else _NO_GEOMETRY
    if wkb_type == _NO_GEOMETRY:
        _write(path, layer_name, fields, rows, wkb_type, QgsCoordinateReferenceSystem(), new_file, transform_context)
        return
    rows = rows if isinstance(rows, (list, tuple)) else list(rows)  # may be written twice
    for attempt in range(2):
        _write(path, layer_name, fields, rows, wkb_type, checked_crs(crs), new_file, transform_context)
        try:
            _check_written_crs(path, layer_name, crs, new_file)
            return
        except TiEnergieError:
            if attempt == 1:
                raise
        reset_crs_caches()  # the entry was emptied after checked_crs(): rebuilt in this thread, which is alive


def _write(path, layer_name, fields, rows, wkb_type, target, new_file, transform_context):
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = layer_name
    options.fileEncoding = "UTF-8"
    options.actionOnExistingFile = _ACTION.CreateOrOverwriteFile if new_file else _ACTION.CreateOrOverwriteLayer
    writer = QgsVectorFileWriter.create(str(path), fields, wkb_type, target,
                                        transform_context or QgsCoordinateTransformContext(), options)
    try:
        if writer.hasError() != QgsVectorFileWriter.WriterError.NoError:
            raise TiEnergieError(tr("Écriture impossible de la couche « {} » dans {} : {}").format(
                layer_name, path, writer.errorMessage()))
        for attributes, geometry in rows:
            feature = QgsFeature(fields)
            feature.setAttributes(list(attributes))
            if geometry is not None:
                feature.setGeometry(geometry)
            if not writer.addFeature(feature):
                raise TiEnergieError(tr("Écriture impossible dans la couche « {} » : {}").format(
                    layer_name, writer.errorMessage()))
    finally:
        del writer  # flushes and closes the file, whatever happened (a file left open cannot be removed on Windows)


def written_crs(path, layer_name):
    """(organization, code) of the CRS of the geometry table `layer_name` of the GeoPackage `path`, read in the
    file itself (no QGIS object), or None when the table has no geometry column."""
    with contextlib.closing(sqlite3.connect(str(path))) as con:
        row = con.execute(
            "SELECT s.organization, s.organization_coordsys_id FROM gpkg_geometry_columns AS g "
            "LEFT JOIN gpkg_spatial_ref_sys AS s ON s.srs_id = g.srs_id WHERE lower(g.table_name) = lower(?)",
            (layer_name,)).fetchone()
    return None if row is None else (str(row[0] or "").upper(), row[1])


def _check_written_crs(path, layer_name, authid, new_file):
    organization, _sep, code = authid.partition(":")
    try:
        found = written_crs(path, layer_name)
    except sqlite3.Error as err:
        found = f"illisible ({err})"
    if found == (organization.upper(), int(code) if code.isdigit() else code):
        return
    _remove_layer(path, layer_name, new_file)
    shown = ":".join(str(part) for part in found) if isinstance(found, tuple) else (found or "aucun")
    raise TiEnergieError(tr("La couche « {} » a été écrite dans {} sans son système de coordonnées ({} attendu, {} "
                            "trouvé) : elle est retirée. Relancez le chargement ; si l'erreur revient, redémarrez "
                            "QGIS.").format(layer_name, path, authid, shown))


def _remove_layer(path, layer_name, new_file):
    """Remove a layer just written: the whole file when the write created it."""
    if new_file:
        for leftover in (str(path), f"{path}-wal", f"{path}-shm", f"{path}-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(leftover)
        return
    from osgeo import ogr  # GDAL's bindings ship with QGIS

    dataset = ogr.Open(str(path), 1)
    if dataset is None:
        return
    for index in range(dataset.GetLayerCount()):
        if dataset.GetLayerByIndex(index).GetName().lower() == layer_name.lower():
            dataset.DeleteLayer(index)
            break
    del dataset  # closes the file


SOURCES_TABLE = "sources"
SOURCES_SPEC = [("couche", "str"), ("titre", "str"), ("source", "str"), ("producteur", "str"),
                ("licence", "str"), ("url", "str"), ("date", "str"), ("millesime", "str"), ("etat", "str"),
                ("statut", "str"), ("remarque", "str")]


def write_sources_table(path, specs):
    """A table `sources` listing each layer's source, producer, licence, address, download date (`date`),
    the producer's own date or vintage (`millesime`), the catalogue state of the source (working, fallback,
    user_file), the load status and what is missing or why."""
    rows = []
    for s in specs:
        prov = s.provenance
        remark = "; ".join(x for x in (prov.get("incomplete", ""), prov.get("note", ""), prov.get("state_reason", ""))
                           if x)
        rows.append(([s.layer_name, s.title, prov.get("source", ""), prov.get("producer", ""),
                      prov.get("licence", ""), prov.get("url", ""), prov.get("date", ""), prov.get("vintage", ""),
                      prov.get("state", ""), prov.get("status", "ok"), remark], None))
    write_layer(path, SOURCES_TABLE, SOURCES_SPEC, rows)
