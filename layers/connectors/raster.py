"""Remote raster layers (WMS, WMTS): nothing is downloaded, the layer is added to the project as a QGIS
WMS provider layer (the user's proxy and authentication apply). The service's GetCapabilities is read
first (through the cache) to check that the layer exists — and so that a machine offline gets a clear
"not loaded" instead of a blank map; its date is the vintage when the service gives one.

```yaml
  fond_plan_ign:
    connector: wmts_raster
    url: https://data.geopf.fr/wmts
    raster_layer: GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2
    tile_matrix_set: PM
    format: image/png
```
"""

from urllib.parse import quote, urlencode

from .. import payloads
from . import register
from ...core.i18n import tr
from .base import RasterResult
from .wfs import _local, elements, with_query


def _layer_names(capabilities, tag_parent):
    from qgis.PyQt.QtXml import QDomDocument

    document = QDomDocument()
    document.setContent(capabilities, True)
    names = set()
    for node in elements(document, tag_parent):
        child = node.firstChild()
        while not child.isNull():
            if _local(child) in ("Name", "Identifier"):
                names.add(child.toElement().text().strip())
            child = child.nextSibling()
    return names


def _check(ctx, service, parent):
    layer = ctx.option("raster_layer", "")
    if not layer:
        raise ctx.fail(tr("le catalogue n'indique pas la couche (raster_layer)."))
    capabilities = ctx.fetch(with_query(ctx.url(), {"SERVICE": service, "REQUEST": "GetCapabilities"}),
                             payloads.xml_document)
    if layer not in _layer_names(capabilities, parent):
        raise ctx.fail(tr("couche « {} » absente du service {}.").format(layer, service))
    return layer


def _uri(params):
    return "&".join(f"{key}={value}" for key, value in params.items())


@register("wms_raster", raster_layer=str, format=str, style=str, crs=str)
def wms_raster(ctx):
    layer = _check(ctx, "WMS", "Layer")
    return RasterResult(_uri({"contextualWMSLegend": 0, "crs": ctx.option("crs", "EPSG:2154"), "dpiMode": 7,
                              "format": ctx.option("format", "image/png"), "layers": layer,
                              "styles": ctx.option("style", ""), "url": ctx.url()}))


@register("wmts_raster", raster_layer=str, format=str, style=str, crs=str, tile_matrix_set=str)
def wmts_raster(ctx):
    layer = _check(ctx, "WMTS", "Layer")
    capabilities_url = ctx.url() + "?" + urlencode({"SERVICE": "WMTS", "REQUEST": "GetCapabilities"})
    return RasterResult(_uri({"contextualWMSLegend": 0, "crs": ctx.option("crs", "EPSG:3857"), "dpiMode": 7,
                              "format": ctx.option("format", "image/png"), "layers": layer,
                              "styles": ctx.option("style", "normal"),
                              "tileMatrixSet": ctx.option("tile_matrix_set", "PM"),
                              "url": quote(capabilities_url, safe=":/")}))
