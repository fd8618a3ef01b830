"""Styles of the heat matching outputs: QML of styles/, a coverage renderer for line/polygon sinks,
French field aliases, and the layer post-processor that applies them when Processing opens the outputs.

The point styles (heat_sources.qml, heat_sinks.qml) size the symbols by MWh/an on a fixed scale
(SIZE_SCALE) and carry a data-defined size legend (LEGEND_MWH): the layer tree shows reference sizes.
"""

from pathlib import Path

from qgis.core import (
    QgsFillSymbol,
    QgsGraduatedSymbolRenderer,
    QgsLineSymbol,
    QgsProcessingLayerPostProcessorInterface,
    QgsRendererRange,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..layers.translate import translate_legend
from .compat import geometry_type

STYLES = Path(__file__).resolve().parent.parent / "styles"

# Size of the source / sink symbols (mm) by energy (MWh/an): area proportional to the energy, from
# 0 MWh/an (1.5 mm) to 100 000 MWh/an (10 mm, larger values drawn at 10 mm). Written into the QML.
SIZE_SCALE = {"min_value": 0.0, "max_value": 100000.0, "min_size": 1.5, "max_size": 10.0, "null_size": 1.5}
LEGEND_MWH = (1000, 10000, 50000)

# Post-processors must outlive processAlgorithm (QGIS keeps only a raw pointer): keep them here.
_POST_PROCESSORS = {}


def tr(text):
    return QCoreApplication.translate("TiEnergie", text)


def field_aliases(qml):
    """French alias (with unit) of each output field, by the output's style file."""
    common = {
        "n_links": tr("Nombre de liens"),
        "status": tr("Statut"),
        "status_code": tr("Statut (code)"),
    }
    aliases = {
        "heat_links.qml": {
            "source_id": tr("Source"),
            "sink_id": tr("Puits"),
            "distance_km": tr("Distance (km)"),
            "mode": tr("Mode"),
            "mode_code": tr("Mode (code)"),
            "cop": tr("COP de la PAC"),
            "delivered_mwh": tr("Énergie livrée (MWh/an)"),
            "source_heat_mwh": tr("Chaleur prélevée à la source (MWh/an)"),
            "electricity_mwh": tr("Électricité de la PAC (MWh/an)"),
            "loss_mwh": tr("Pertes (MWh/an)"),
            "cost_eur_mwh": tr("Coût (€/MWh livré)"),
            "value_eur_mwh": tr("Valeur de la chaleur (€/MWh)"),
            "net_value_eur": tr("Valeur nette (€/an)"),
            "monthly_mwh": tr("Énergie livrée par mois (MWh, janvier → décembre)"),
        },
        "heat_sources.qml": dict(common, **{
            "used_mwh": tr("Énergie utilisée (MWh/an)"),
            "unused_mwh": tr("Énergie non utilisée (MWh/an)"),
            "used_pct": tr("Part utilisée (%)"),
        }),
        "heat_sinks.qml": dict(common, **{
            "supplied_mwh": tr("Énergie reçue (MWh/an)"),
            "residual_mwh": tr("Besoin non couvert (MWh/an)"),
            "coverage_pct": tr("Couverture du besoin (%)"),
        }),
    }
    return aliases.get(qml, {})


def apply_aliases(layer, qml):
    """Set the French aliases of the output fields present in `layer` (input fields keep theirs)."""
    if layer is None or not layer.isValid():
        return
    fields = layer.fields()
    for name, alias in field_aliases(qml).items():
        index = fields.indexFromName(name)
        if index >= 0:
            layer.setFieldAlias(index, alias)


def apply_style(layer, qml):
    """Apply a QML of styles/ and the aliases; sink layers that are not points get a coverage renderer
    built here."""
    if layer is None or not layer.isValid():
        return
    point = layer.geometryType() == geometry_type("Point")
    if qml == "heat_sinks.qml" and not point:
        layer.setRenderer(_coverage_renderer(layer.geometryType()))
    elif (STYLES / qml).exists():
        layer.loadNamedStyle(str(STYLES / qml))
        translate_legend(layer)
    apply_aliases(layer, qml)  # after the QML, which has no alias of its own
    layer.triggerRepaint()


def _coverage_renderer(geom_type):
    """Graduated renderer on coverage_pct for line / polygon sinks."""
    ranges = []
    classes = (
        (-1.0, 0.001, "#bdbdbd", tr("non desservi")),
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
    """Applies a style of styles/, the field aliases and a readable name to an output layer loaded in
    the project."""

    def __init__(self, qml, name):
        super().__init__()
        self.qml = qml
        self.name = name

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API)
        if layer is None or not layer.isValid():
            return
        layer.setName(self.name)
        apply_style(layer, self.qml)
