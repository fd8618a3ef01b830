"""A local file of the user (GeoPackage, GeoJSON, Shapefile, CSV with x/y or WKT columns, any CRS), mapped
to a theme's fields like a public source: the agency's private data (industrial methanisation, hydrogen
network, corrections) load with no code.

```yaml
sources:
  reseau_h2:
    connector: user_file
    path: D:/SIG/energie/h2_hdf.gpkg     # or .geojson, .shp, .csv
    layer_name: canalisations            # a layer of a GeoPackage (optional)
    crs: EPSG:2154                       # when the file has none (CSV)
    x_field: x                           # CSV: coordinates columns, or
    wkt_field: geom                      #      a WKT column
    delimiter: ";"                       # CSV: « ; » by default
    decimal_point: ","                   # CSV written with decimal commas
    fields: {nom: {from: NOM, type: str}, source: {type: str, value: "Agence"}}
```

A field with `value:` may be missing from the file (the value is written). A missing file, a missing column
or an unknown coordinate system is a French message naming the file; for a `state: user_file` entry the
layer is still written, empty, with that message in its metadata.

`read_local()` is also how the loader reads every FileResult (a data.gouv archive ingested into an
indexed GeoPackage, for instance): features crossing the territory, reprojected, fields mapped.
"""

import contextlib
import time
from pathlib import Path
from urllib.parse import quote

from qgis.core import QgsCoordinateReferenceSystem, QgsFeatureRequest

from ..worker_layer import opened_layer
from . import register
from ...core.i18n import tr
from .base import FileResult

_URI_SAFE = ":;,|\\"  # kept as they are in the delimited-text URI
_CSV_KEYS = {"x_field": str, "y_field": str, "wkt_field": str, "crs": str, "delimiter": str, "encoding": str,
             "decimal_point": str}


def _csv_uri(path, ctx):
    # the provider reads `;` and `,` as they are (not %3B, %2C) and a tab written `\t`
    delimiter = str(ctx.option("delimiter", ";"))
    params = {"type": "csv", "delimiter": "\\t" if delimiter in ("\t", "\\t", "tab") else delimiter,
              "encoding": ctx.option("encoding", "UTF-8"), "detectTypes": "yes", "geomType": "point",
              "watchFile": "no"}
    if ctx.option("wkt_field"):
        params["wktField"] = ctx.option("wkt_field")
        params.pop("geomType")
    elif ctx.option("x_field") and ctx.option("y_field"):
        params["xField"], params["yField"] = ctx.option("x_field"), ctx.option("y_field")
    else:
        raise ctx.fail(tr("fichier CSV : indiquez les colonnes de coordonnées (x_field et y_field) ou wkt_field "
                          "dans le catalogue."))
    if ctx.option("crs"):
        params["crs"] = ctx.option("crs")
    if ctx.option("decimal_point"):  # "," for a CSV written by a French spreadsheet
        params["decimalPoint"] = ctx.option("decimal_point")
    query = "&".join(f"{key}={quote(str(value), safe=_URI_SAFE)}" for key, value in params.items())
    return Path(path).resolve().as_uri() + "?" + query, "delimitedtext"


@contextlib.contextmanager
def open_layer(ctx, path, layer_name=""):
    """`with open_layer(ctx, path) as layer:` the QgsVectorLayer of a local file, checked (readable, CRS
    known), deleted by this thread when the block ends (worker_layer)."""
    path = Path(path)
    if path.suffix.lower() in (".csv", ".txt"):
        uri, provider = _csv_uri(path, ctx)
    else:
        uri, provider = str(path) + (f"|layername={layer_name}" if layer_name else ""), "ogr"
    with opened_layer(uri, ctx.key, provider) as layer:
        if not layer.isValid():
            raise ctx.fail(tr("fichier illisible : {} (couche « {} »).").format(path, layer_name) if layer_name
                           else tr("fichier illisible : {}.").format(path))
        from ..gpkg import crs_is_defined

        if not crs_is_defined(layer.crs()):
            declared = QgsCoordinateReferenceSystem(ctx.option("crs", "")) if ctx.option("crs") else None
            if declared is None or not crs_is_defined(declared):
                raise ctx.fail(tr("système de coordonnées inconnu pour {} : indiquez-le dans le catalogue (crs: "
                                  "EPSG:2154 par exemple).").format(path.name))
            layer.setCrs(declared)
        yield layer


def _json_fields(layer, names):
    """Fields that OGR types as JSON (a GeoJSON property mixing numbers and text: String(JSON)). QGIS ≥ 3.28
    parses their values as JSON, so a text such as « NC » arrives as NULL, unseen by the tolerant conversion."""
    from qgis.PyQt.QtCore import QMetaType, QVariant

    maps = {getattr(QVariant, "Map", None), getattr(getattr(QMetaType, "Type", QMetaType), "QVariantMap", None)}
    return [field.name() for field in layer.fields() if field.name() in names
            and (field.typeName().upper() == "JSON" or field.type() in maps - {None})]


def _raw_values(path, layer_name, names):
    """{feature id: {field: text as written}} of `names`, read with OGR directly (no JSON parsing)."""
    from osgeo import ogr

    manager = getattr(ogr, "ExceptionMgr", None)  # GDAL ≥ 3.7: exceptions for this read only, no global switch
    with (manager(useExceptions=True) if manager else contextlib.nullcontext()):
        try:
            return _raw_values_read(ogr, path, layer_name, names)
        except RuntimeError:
            return {}


def _raw_values_read(ogr, path, layer_name, names):
    source = ogr.Open(str(path))
    if source is None:
        return {}
    layer = source.GetLayerByName(layer_name) if layer_name else source.GetLayer(0)
    if layer is None:
        return {}
    raw = {}
    for feature in layer:
        raw[feature.GetFID()] = {name: feature.GetFieldAsString(name) if feature.IsFieldSetAndNotNull(name) else None
                                 for name in names}
    return raw


def read_local(ctx, result, strict=False):
    """A VectorResult with the features of the file of `result` that cross the territory."""
    with open_layer(ctx, result.path, result.layer) as layer:
        return _read_features(ctx, result, strict, layer)


def _read_features(ctx, result, strict, layer):
    rows = ctx.builder(result.geometry)
    names = set(layer.fields().names())
    # a field with a `value:` in the catalogue may be absent from the file (the value is written instead)
    missing = [spec.origin for spec in rows.specs if spec.origin not in names and spec.default is None]
    if missing:
        if strict:
            raise ctx.fail(tr("colonne(s) absente(s) de {} : {} (colonnes du fichier : {}).").format(
                Path(result.path).name, ", ".join(missing), ", ".join(sorted(names)) or tr("aucune")))
        ctx.warn(tr("colonne(s) absente(s) de {} : {} (laissées vides).").format(Path(result.path).name,
                                                                                 ", ".join(missing)))
    transform = ctx.transform_from(layer.crs())
    outline = ctx.outline()
    request = QgsFeatureRequest()
    if outline is not None and result.geometry != "none":
        from qgis.core import QgsCoordinateTransform

        from ..gpkg import checked_crs

        back = QgsCoordinateTransform(checked_crs(ctx.crs), layer.crs(), ctx.transform_context)
        request.setFilterRect(back.transformBoundingBox(outline.boundingBox()))
    wanted = [spec.origin for spec in rows.specs if spec.origin in names]
    json_fields = _json_fields(layer, wanted) if layer.providerType() == "ogr" else []
    raw = _raw_values(result.path, result.layer, json_fields) if json_fields else {}
    total = max(1, layer.featureCount())
    for index, feature in enumerate(layer.getFeatures(request)):
        if index % 200 == 0:
            ctx.progress(100.0 * index / total)
        props = {name: feature[name] for name in wanted}
        for name in json_fields:  # the text as written, converted (and counted) like any other value
            value = props[name]
            if value is None or (hasattr(value, "isNull") and value.isNull()) or isinstance(value, (dict, list)):
                props[name] = raw.get(feature.id(), {}).get(name)
        if result.geometry == "none":
            rows.add(props)
            continue
        before = len(rows.rows)
        if rows.add(props, feature.geometry(), transform) and outline is not None \
                and not rows.rows[-1][1].intersects(outline):
            del rows.rows[before:]
    return rows.finish(aliases=result.aliases)


@register("user_file", path=str, layer_name=str, **_CSV_KEYS)
def user_file(ctx):
    """The user's file named by `path`; missing → a clear message (the layer stays empty and explained)."""
    path = str(ctx.option("path", "") or "").strip()
    if not path:
        raise ctx.fail(tr("aucun fichier indiqué : cette couche n'a pas de source ouverte, indiquez votre fichier "
                          "(clé « path ») dans le catalogue utilisateur."))
    if not Path(path).expanduser().exists():
        raise ctx.fail(tr("fichier introuvable : {}.").format(path))
    # the date it was read (as a download date), and, unless the catalogue gives one, the file's own date
    ctx.dates.append(time.strftime("%Y-%m-%d"))
    modified = time.strftime("%Y-%m-%d", time.localtime(Path(path).expanduser().stat().st_mtime))
    ctx.vintage = ctx.option("vintage", "") or f"fichier modifié le {modified}"
    return FileResult(path=str(Path(path).expanduser()), layer=ctx.option("layer_name", ""),
                      geometry=ctx.option("geometry", "point"))
