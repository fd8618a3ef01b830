"""Processing provider `ti_energie`."""

from pathlib import Path

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

PLUGIN_DIR = Path(__file__).resolve().parent.parent


class TiEnergieProvider(QgsProcessingProvider):
    """Registers the plugin's algorithms under the id `ti_energie`."""

    def id(self):
        return "ti_energie"

    def name(self):
        return "TI Énergie"

    def longName(self):  # noqa: N802
        return self.name()

    def icon(self):
        return QIcon(str(PLUGIN_DIR / "resources" / "icons" / "icon.svg"))

    def loadAlgorithms(self):  # noqa: N802
        from .alg_export_fiche import ExportFicheAlgorithm
        from .alg_export_maps import ExportMapsAlgorithm
        from .alg_heat_matching import HeatMatchingAlgorithm
        from .alg_load_territory import LoadTerritoryAlgorithm

        for alg in (LoadTerritoryAlgorithm(), HeatMatchingAlgorithm(), ExportMapsAlgorithm(), ExportFicheAlgorithm()):
            self.addAlgorithm(alg)
