"""Processing algorithm ti_energie:load_territory: a territory's layers into one GeoPackage."""

from pathlib import Path

from qgis.core import (QgsProcessingAlgorithm, QgsProcessingContext, QgsProcessingException, QgsProcessingOutputNumber,
                       QgsProcessingOutputString, QgsProcessingParameterBoolean, QgsProcessingParameterEnum,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterString)
from qgis.PyQt.QtCore import QCoreApplication

from ..core.errors import TiEnergieError
from ..core.themes import THEMES
from ..layers.cache import Cache
from ..layers.project_layers import make_layer, skip_raster
from ..layers.translate import layer_title
from ..layers.territory_catalogue import current_catalogue
from ..layers.territory_loader import load_territory


def tr(text):
    return QCoreApplication.translate("TiEnergie", text)


def push_warning(feedback, text):
    """A warning in the log: pushWarning where it exists (QGIS ≥ 3.20), never reportError (which
    qgis_process prints as an `ERROR:` line)."""
    if hasattr(feedback, "pushWarning"):
        feedback.pushWarning(text)
    else:
        feedback.pushInfo(tr("Avertissement : {text}").format(text=text))


def _without_temporary_name(message, output):
    """The loader writes `.<name>.part.gpkg` next to the output: the user knows only the output's name."""
    output = Path(str(output))
    partial = output.with_name(f".{output.stem}.part.gpkg")
    return message.replace(str(partial), str(output))


class LoadTerritoryAlgorithm(QgsProcessingAlgorithm):
    TERRITORY = "TERRITORY"
    THEMES = "THEMES"
    BACKGROUND = "BACKGROUND"
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
            "BACKGROUND : ajoute le fond de plan IGN « Plan IGN » (WMTS de la Géoplateforme, affiché sous "
            "chaque carte, rien n'est téléchargé dans le GeoPackage) ; sans réseau, il est signalé en échec et "
            "le reste se charge.\n\n"
            "TERRITORY : identifiant ANCT ou nom (officiel ou court) du territoire. Territoires connus : "
        ) + ids

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterString(self.TERRITORY, tr("Territoire (identifiant ANCT ou nom)"),
                                                       defaultValue="ti-3201"))
        self.addParameter(QgsProcessingParameterEnum(self.THEMES, tr("Thèmes"), options=[tr(t.label) for t in THEMES],
                                                     allowMultiple=True, optional=True, defaultValue=[]))
        self.addParameter(QgsProcessingParameterBoolean(self.BACKGROUND, tr("Fond de plan IGN (Plan IGN, WMTS)"),
                                                        defaultValue=False, optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(self.OUTPUT, tr("GeoPackage de sortie"),
                                                                fileFilter="GeoPackage (*.gpkg)"))
        self.addOutput(QgsProcessingOutputNumber("LAYER_COUNT", tr("Nombre de couches écrites")))
        self.addOutput(QgsProcessingOutputString("WARNINGS", tr("Avertissements")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from ..layers import settings
        from ..layers.gpkg import prime_crs_cache
        from ..layers.outputs import check_output

        prime_crs_cache()  # run on the main thread (processing.run, qgis_process): as LoadTerritoryTask does

        key = self.parameterAsString(parameters, self.TERRITORY, context)
        themes = [THEMES[i].key for i in self.parameterAsEnums(parameters, self.THEMES, context)]
        background = self.parameterAsBool(parameters, self.BACKGROUND, context)
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        try:
            output = check_output(output)  # before any download: a folder, a path below a file, no rights
            cache = Cache(settings.cache_dir())
            territory = current_catalogue(cache).get(key)
            catalogue = settings.load_catalogue()
            feedback.pushInfo(tr("Territoire : {} ({}), {} EPCI").format(territory.label, territory.id,
                                                                      len(territory.epci)))
            result = load_territory(territory, themes, output, catalogue, cache, feedback,
                                    context.transformContext(), background=background)
        except TiEnergieError as err:
            raise QgsProcessingException(_without_temporary_name(str(err), output)) from None
        self._load_on_completion(result, context)  # first: a background whose service is offline is a warning
        for warning in result.warnings:
            push_warning(feedback, warning)
        for spec in result.layers:
            feedback.pushInfo(tr("{} : {} – {} ({})").format(layer_title(spec.title), spec.provenance.get("source"),
                                                          spec.provenance.get("licence"), spec.provenance.get("date")))
        if result.statuses:
            feedback.pushInfo(tr("État des sources :"))
            for status in result.statuses:
                feedback.pushInfo(f"- {status.text()}")
        return {self.OUTPUT: str(result.gpkg_path), "LAYER_COUNT": len(result.layers),
                "WARNINGS": "\n".join(result.warnings)}

    @staticmethod
    def _load_on_completion(result, context):
        """From the toolbox, the written layers open in the project, styled and with their provenance."""
        if context.project() is None:
            return
        # outline ends on top; a remote background (raster) goes first, under everything
        for spec in sorted(reversed(result.layers), key=lambda spec: spec.kind != "raster"):
            try:
                layer = make_layer(result, spec)
            except TiEnergieError:
                if spec.kind != "raster":
                    raise
                skip_raster(result, spec)  # the remote background does not answer now: the rest opens
                continue
            context.temporaryLayerStore().addMapLayer(layer)
            context.addLayerToLoadOnCompletion(
                layer.id(), QgsProcessingContext.LayerDetails(spec.title, context.project(), spec.layer_name))
