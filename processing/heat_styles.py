"""Styles of the heat matching outputs: QML of styles/, a coverage renderer for line/polygon sinks, and
the layer post-processor that applies them when Processing opens the outputs."""

from pathlib import Path

from qgis.core import (
    QgsFillSymbol,
    QgsGraduatedSymbolRenderer,
    QgsLineSymbol,
    QgsProcessingLayerPostProcessorInterface,
    QgsRendererRange,
)

from .compat import geometry_type

STYLES = Path(__file__).resolve().parent.parent / "styles"

# Post-processors must outlive processAlgorithm (QGIS keeps only a raw pointer): keep them here.
_POST_PROCESSORS = {}


def apply_style(layer, qml):
    """Apply a QML of styles/; sink layers that are not points get a coverage renderer built here."""
    if layer is None or not layer.isValid():
        return
    point = layer.geometryType() == geometry_type("Point")
    if qml == "heat_sinks.qml" and not point:
        layer.setRenderer(_coverage_renderer(layer.geometryType()))
    elif (STYLES / qml).exists():
        layer.loadNamedStyle(str(STYLES / qml))
    layer.triggerRepaint()


def _coverage_renderer(geom_type):
    """Graduated renderer on coverage_pct for line / polygon sinks."""
    ranges = []
    classes = (
        (-1.0, 0.001, "#bdbdbd", "non desservi"),
        (0.001, 50.0, "#c6dbef", "< 50 %"),
        (50.0, 99.999, "#6baed6", "50–100 %"),
        (99.999, 1000.0, "#08519c", "100 %"),
    )
    for low, high, colour, label in classes:
        if geom_type == geometry_type("Line"):
            symbol = QgsLineSymbol.createSimple({"color": colour, "width": "1.6"})
        else:
            symbol = QgsFillSymbol.createSimple({"color": colour, "outline_color": "#08306b", "outline_width": "0.3"})
        ranges.append(QgsRendererRange(low, high, symbol, label))
    return QgsGraduatedSymbolRenderer('coalesce("coverage_pct", 0)', ranges)


class HeatLayerStyler(QgsProcessingLayerPostProcessorInterface):
    """Applies a style of styles/ and a readable name to an output layer loaded in the project."""

    def __init__(self, qml, name):
        super().__init__()
        self.qml = qml
        self.name = name

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API)
        if layer is None or not layer.isValid():
            return
        layer.setName(self.name)
        apply_style(layer, self.qml)
