"""Writing GeoPackages with QgsVectorFileWriter (no map layer involved: safe in a worker thread)."""

from qgis.core import (Qgis, QgsCoordinateReferenceSystem, QgsCoordinateTransformContext, QgsFeature, QgsField,
                       QgsFields, QgsVectorFileWriter, QgsWkbTypes)

from ..core.errors import TiEnergieError

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


def make_fields(spec):
    """QgsFields from [(name, 'str'|'int'|'double'), ...]."""
    fields = QgsFields()
    for name, kind in spec:
        fields.append(QgsField(name, _TYPES[kind]))
    return fields


def write_layer(path, layer_name, spec, rows, wkb_type=None, crs="EPSG:2154", new_file=False,
                transform_context=None):
    """Write `rows` [(attributes list, QgsGeometry or None)] as layer `layer_name` of the GeoPackage `path`."""
    fields = make_fields(spec)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = layer_name
    options.fileEncoding = "UTF-8"
    options.actionOnExistingFile = _ACTION.CreateOrOverwriteFile if new_file else _ACTION.CreateOrOverwriteLayer
    writer = QgsVectorFileWriter.create(str(path), fields, wkb_type if wkb_type is not None else _NO_GEOMETRY,
                                        QgsCoordinateReferenceSystem(crs),
                                        transform_context or QgsCoordinateTransformContext(), options)
    if writer.hasError() != QgsVectorFileWriter.WriterError.NoError:
        message = writer.errorMessage()
        del writer
        raise TiEnergieError(f"Écriture impossible de la couche « {layer_name} » dans {path} : {message}")
    for attributes, geometry in rows:
        feature = QgsFeature(fields)
        feature.setAttributes(list(attributes))
        if geometry is not None:
            feature.setGeometry(geometry)
        if not writer.addFeature(feature):
            message = writer.errorMessage()
            del writer
            raise TiEnergieError(f"Écriture impossible dans la couche « {layer_name} » : {message}")
    del writer  # flushes and closes the file


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
