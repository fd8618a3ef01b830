"""Stand-in of the IGN Géoplateforme WMTS (https://data.geopf.fr/wmts) for the tests and the benchmarks.

`wmts_routes()` answers the two requests a QGIS WMTS layer makes, in the service's formats:
- `GET /wmts?SERVICE=WMTS&REQUEST=GetCapabilities` → sample_data/ign/wmts_capabilities.xml (hand-written,
  fictitious: one layer, GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2, one tile matrix set, PM), its addresses made
  those of the local server;
- `GET /wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=…&TILEMATRIXSET=PM&TILEMATRIX=z&TILEROW=y&TILECOL=x…`
  → a 256 × 256 PNG of one colour (TILE_COLOUR), so that a test can tell the background was drawn.

Give the server to `bind_host(routes, server)` (tools/sample_data.py) once it is started.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WMTS_PATH = "/wmts"
CAPABILITIES = ROOT / "sample_data" / "ign" / "wmts_capabilities.xml"
LAYER = "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"
TILE_COLOUR = (214, 236, 196)  # a pale green no style of the plugin uses
PUBLIC_URL = "https://data.geopf.fr/wmts?"


def tile_png(colour=TILE_COLOUR, size=256):
    """PNG bytes of a tile of one colour."""
    from qgis.PyQt.QtCore import QBuffer, QByteArray, QIODevice
    from qgis.PyQt.QtGui import QColor, QImage

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(QColor(*colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def wmts_routes(colour=TILE_COLOUR):
    """{path: route} of the WMTS stand-in; `route.host` is set by bind_host. Tile requests are counted in
    `route.tiles` ((matrix, row, col) of each GetTile)."""
    from local_server import Response

    tile = tile_png(colour)
    error = (b'<?xml version="1.0" encoding="UTF-8"?><ExceptionReport xmlns="http://www.opengis.net/ows/1.1">'
             b'<Exception exceptionCode="InvalidParameterValue"/></ExceptionReport>')

    def route(path, query):
        query = {key.upper(): value for key, value in query.items()}
        request = query.get("REQUEST", "").lower()
        if query.get("SERVICE", "").upper() != "WMTS":
            return Response(400, error, {"Content-Type": "text/xml"})
        if request == "getcapabilities":
            text = CAPABILITIES.read_text(encoding="utf-8").replace(PUBLIC_URL, f"http://{route.host}{WMTS_PATH}?")
            return Response(200, text.encode("utf-8"), {"Content-Type": "application/xml"})
        if request == "gettile" and query.get("LAYER") == LAYER and query.get("TILEMATRIXSET") == "PM":
            route.tiles.append((query.get("TILEMATRIX"), query.get("TILEROW"), query.get("TILECOL")))
            return Response(200, tile, {"Content-Type": "image/png"})
        return Response(400, error, {"Content-Type": "text/xml"})

    route.host = ""
    route.tiles = []
    return {WMTS_PATH: route}
