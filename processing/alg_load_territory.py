"""Processing algorithm ti_energie:load_territory: a territory's layers into one GeoPackage."""

from qgis.core import (QgsProcessingAlgorithm, QgsProcessingContext, QgsProcessingException, QgsProcessingOutputNumber,
                       QgsProcessingOutputString, QgsProcessingParameterEnum, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterString)
from qgis.PyQt.QtCore import QCoreApplication

from ..core.errors import TiEnergieError
from ..core.themes import THEMES
from ..layers.cache import Cache
from ..layers.project_layers import make_layer
from ..layers.territory_catalogue import current_catalogue
from ..layers.territory_loader import load_territory


def tr(text):
    return QCoreApplication.translate("TiEnergie", text)


class LoadTerritoryAlgorithm(QgsProcessingAlgorithm):
    TERRITORY = "TERRITORY"
    THEMES = "THEMES"
    OUTPUT = "OUTPUT"

    def name(self):
        return "load_territory"

    def displayName(self):  # noqa: N802
        return tr("Charger un Territoire d'industrie")

    def group(self):
        return tr("Territoires")

    def groupId(self):  # noqa: N802
        return "territoires"

    def createInstance(self):  # noqa: N802
        return LoadTerritoryAlgorithm()

    def shortHelpString(self):  # noqa: N802
        from ..layers import settings

        ids = ", ".join(f"{t.id} ({t.label})" for t in current_catalogue(Cache(settings.cache_dir())))
        return tr(
            "Écrit dans un GeoPackage les couches d'un Territoire d'industrie : contour, EPCI et communes "
            "(code INSEE, nom, population), construits depuis l'API Découpage administratif, puis les couches "
            "des thèmes choisis, avec une table « sources » (source, licence, date de chaque couche).\n\n"
            "TERRITORY : identifiant ANCT ou nom (officiel ou court) du territoire. Territoires connus : "
        ) + ids

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterString(self.TERRITORY, tr("Territoire (identifiant ANCT ou nom)"),
                                                       defaultValue="ti-3201"))
        self.addParameter(QgsProcessingParameterEnum(self.THEMES, tr("Thèmes"), options=[t.label for t in THEMES],
                                                     allowMultiple=True, optional=True, defaultValue=[]))
        self.addParameter(QgsProcessingParameterFileDestination(self.OUTPUT, tr("GeoPackage de sortie"),
                                                                fileFilter="GeoPackage (*.gpkg)"))
        self.addOutput(QgsProcessingOutputNumber("LAYER_COUNT", tr("Nombre de couches écrites")))
        self.addOutput(QgsProcessingOutputString("WARNINGS", tr("Avertissements")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from ..layers import settings

        key = self.parameterAsString(parameters, self.TERRITORY, context)
        themes = [THEMES[i].key for i in self.parameterAsEnums(parameters, self.THEMES, context)]
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not output.lower().endswith(".gpkg"):
            output += ".gpkg"
        try:
            cache = Cache(settings.cache_dir())
            territory = current_catalogue(cache).get(key)
            catalogue = settings.load_catalogue()
            feedback.pushInfo(tr("Territoire : {} ({}), {} EPCI").format(territory.label, territory.id,
                                                                      len(territory.epci)))
            result = load_territory(territory, themes, output, catalogue, cache, feedback,
                                    context.transformContext())
        except TiEnergieError as err:
            raise QgsProcessingException(str(err)) from None
        for warning in result.warnings:
            feedback.reportError(warning, False)
        for spec in result.layers:
            feedback.pushInfo(f"{spec.title} : {spec.provenance.get('source')} – {spec.provenance.get('licence')} "
                              f"({spec.provenance.get('date')})")
        self._load_on_completion(result, context)
        return {self.OUTPUT: str(result.gpkg_path), "LAYER_COUNT": len(result.layers),
                "WARNINGS": "\n".join(result.warnings)}

    @staticmethod
    def _load_on_completion(result, context):
        """From the toolbox, the written layers open in the project, styled and with their provenance."""
        if context.project() is None:
            return
        for spec in reversed(result.layers):  # outline ends on top
            layer = make_layer(result, spec)
            context.temporaryLayerStore().addMapLayer(layer)
            context.addLayerToLoadOnCompletion(
                layer.id(), QgsProcessingContext.LayerDetails(spec.title, context.project(), spec.layer_name))
