"""Qt5/Qt6 and QGIS 3.22 → 4.x compatibility helpers (enums, field types).

QGIS moved many enums to scoped ones in `Qgis` (3.30–3.36) and PyQt6 (QGIS 4) drops the unscoped
aliases. `enum_member` tries each owner in turn, newest first, so the same code runs everywhere.
"""

from qgis.core import (
    Qgis,
    QgsFeatureSink,
    QgsField,
    QgsProcessing,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant


def enum_member(name, *owners):
    """First `owner.name` found among owners (owners may be None)."""
    for owner in owners:
        if owner is None:
            continue
        value = getattr(owner, name, None)
        if value is not None:
            return value
    raise AttributeError(f"enum member {name} not found")


def source_type(name):
    """Processing source type, e.g. source_type("TypeVectorPoint") (VectorPoint on QGIS ≥ 3.36)."""
    short = name[4:] if name.startswith("Type") else name
    scoped = getattr(Qgis, "ProcessingSourceType", None)
    try:
        return enum_member(short, scoped)
    except AttributeError:
        return enum_member(name, getattr(QgsProcessing, "SourceType", None), QgsProcessing)


def field_data_type(name):
    """Data type filter of QgsProcessingParameterField: "Any", "Numeric", "String", "DateTime"."""
    return enum_member(
        name,
        getattr(Qgis, "ProcessingFieldParameterDataType", None),
        getattr(QgsProcessingParameterField, "DataType", None),
        QgsProcessingParameterDefinition,
    QgsProcessingParameterField,
    )


def number_type(name):
    """QgsProcessingParameterNumber type: "Integer" or "Double"."""
    return enum_member(
        name,
        getattr(Qgis, "ProcessingNumberParameterType", None),
        getattr(QgsProcessingParameterNumber, "Type", None),
        QgsProcessingParameterNumber,
    )


def wkb_type(name):
    """WKB type, e.g. wkb_type("LineString")."""
    return enum_member(name, getattr(Qgis, "WkbType", None), getattr(QgsWkbTypes, "Type", None), QgsWkbTypes)


def geometry_type(name):
    """Geometry type: "Point", "Line", "Polygon", "Unknown", "Null"."""
    scoped = getattr(Qgis, "GeometryType", None)
    try:
        return enum_member(name, scoped)
    except AttributeError:
        return enum_member(name + "Geometry", getattr(QgsWkbTypes, "GeometryType", None), QgsWkbTypes)


def advanced_flag():
    """Flag marking a Processing parameter as advanced."""
    return enum_member(
        "Advanced",
        getattr(Qgis, "ProcessingParameterFlag", None),
    ) if hasattr(Qgis, "ProcessingParameterFlag") else QgsProcessingParameterDefinition.Flag.FlagAdvanced


def fast_insert():
    """QgsFeatureSink.FastInsert flag."""
    return enum_member("FastInsert", getattr(QgsFeatureSink, "Flag", None), QgsFeatureSink)


def _metatype(name):
    try:
        from qgis.PyQt.QtCore import QMetaType

        scoped = getattr(QMetaType, "Type", None)
        # QgsField accepts QMetaType only from QGIS 3.38.
        if Qgis.QGIS_VERSION_INT >= 33800 and scoped is not None:
            return getattr(scoped, {"String": "QString"}.get(name, name))
    except ImportError:  # pragma: no cover
        pass
    return getattr(QVariant, name)


def make_field(name, kind, length=0, precision=0):
    """QgsField of kind "Double", "Int", "LongLong", "String" or "Bool" on any QGIS version."""
    return QgsField(name, _metatype(kind), "", length, precision)


def variant_is_null(value):
    """True for None and QVariant NULL (QGIS 3 returns QVariant() for NULL attributes)."""
    if value is None:
        return True
    is_null = getattr(value, "isNull", None)
    return bool(is_null()) if callable(is_null) and isinstance(value, QVariant) else False
