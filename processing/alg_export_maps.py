"""Processing algorithm ti_energie:export_maps: the fiche's maps of one or several territories as PDF or PNG."""

import re

from qgis.core import (QgsProcessingAlgorithm, QgsProcessingException, QgsProcessingOutputNumber,
                       QgsProcessingOutputString, QgsProcessingParameterEnum, QgsProcessingParameterFile,
                       QgsProcessingParameterFolderDestination, QgsProcessingParameterNumber,
                       QgsProcessingParameterString)
from qgis.PyQt.QtCore import QCoreApplication

from ..core.errors import TiEnergieError
from ..core.maps import MAPS
from .compat import advanced_flag, enum_member, number_type

ALL = ("tous", "toutes", "*", "all")


def tr(text):
    return QCoreApplication.translate("TiEnergie", text)


def _no_threading():
    """FlagNoThreading: layouts and rendering stay on the main thread."""
    from qgis.core import Qgis

    scoped = getattr(Qgis, "ProcessingAlgorithmFlag", None)
    return enum_member("NoThreading", scoped) if scoped is not None and hasattr(scoped, "NoThreading") \
        else QgsProcessingAlgorithm.Flag.FlagNoThreading


def file_behavior(name):
    """QgsProcessingParameterFile behaviour "File" or "Folder" on any QGIS version."""
    from qgis.core import Qgis

    return enum_member(name, getattr(Qgis, "ProcessingFileParameterBehavior", None),
                       getattr(QgsProcessingParameterFile, "Behavior", None), QgsProcessingParameterFile)


def split_territories(text):
    """Territory ids or names typed by a user: separated by commas, semicolons or new lines."""
    return [part.strip() for part in re.split(r"[,;\n]+", text or "") if part.strip()]


class ExportMapsAlgorithm(QgsProcessingAlgorithm):
    TERRITORY = "TERRITORY"
    MAPS = "MAPS"
    GEOPACKAGE = "GEOPACKAGE"
    DATA_FOLDER = "DATA_FOLDER"
    FORMAT = "FORMAT"
    DPI = "DPI"
    OUTPUT = "OUTPUT"
    FORMATS = ("pdf", "png")

    def name(self):
        return "export_maps"

    def displayName(self):  # noqa: N802
        return tr("Exporter les cartes de la fiche")

    def group(self):
        return tr("Territoires")

    def groupId(self):  # noqa: N802
        return "territoires"

    def createInstance(self):  # noqa: N802
        return ExportMapsAlgorithm()

    def flags(self):
        return super().flags() | _no_threading()

    def shortHelpString(self):  # noqa: N802
        return tr(
            "Exporte les cartes de la fiche (Consommateurs, Producteurs, Réseaux et friches, Chaleur "
            "valorisable) d'un ou de plusieurs Territoires d'industrie, en PDF ou en PNG (A4 paysage : titre, "
            "carte, légende de la fiche, échelle, nord, sources et licences des couches, date).\n\n"
            "TERRITORY : identifiants ANCT ou noms, séparés par des virgules ; « tous » pour tous les "
            "territoires du catalogue. Plusieurs territoires : un PDF par carte, une page par territoire "
            "(atlas), ou un PNG par territoire et par carte.\n"
            "Données : le GeoPackage donné (GEOPACKAGE, un territoire), sinon le GeoPackage le plus récent du "
            "territoire dans DATA_FOLDER (par défaut le cache de TI Énergie) ; un territoire sans données des "
            "cartes demandées est d'abord chargé (réseau)."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterString(
            self.TERRITORY, tr("Territoire(s) : identifiants ANCT ou noms, séparés par des virgules, ou « tous »"),
            defaultValue="", optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.MAPS, tr("Cartes"), options=[m.name for m in MAPS], allowMultiple=True,
            defaultValue=list(range(len(MAPS)))))
        self.addParameter(QgsProcessingParameterFile(
            self.GEOPACKAGE, tr("GeoPackage d'un territoire (écrit par « Charger un Territoire d'industrie »)"),
            behavior=file_behavior("File"), extension="gpkg", optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.DATA_FOLDER, tr("Dossier des GeoPackages des territoires (par défaut : le cache)"),
            behavior=file_behavior("Folder"), optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.FORMAT, tr("Format"), options=["PDF", "PNG"], defaultValue=0))
        dpi = QgsProcessingParameterNumber(self.DPI, tr("Résolution (points par pouce)"), type=number_type("Integer"),
                                           defaultValue=200, minValue=72, maxValue=600)
        dpi.setFlags(dpi.flags() | advanced_flag())
        self.addParameter(dpi)
        self.addParameter(QgsProcessingParameterFolderDestination(self.OUTPUT, tr("Dossier de sortie")))
        self.addOutput(QgsProcessingOutputString("FILES", tr("Fichiers écrits")))
        self.addOutput(QgsProcessingOutputNumber("FILE_COUNT", tr("Nombre de fichiers écrits")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from ..layers.map_export import export_maps

        keys = [MAPS[i].key for i in self.parameterAsEnums(parameters, self.MAPS, context)] or [m.key for m in MAPS]
        fmt = self.FORMATS[self.parameterAsEnum(parameters, self.FORMAT, context)]
        dpi = self.parameterAsInt(parameters, self.DPI, context)
        output = self.parameterAsString(parameters, self.OUTPUT, context)
        try:
            gpkgs, catalogue = self._data(parameters, context, feedback, keys)
            files, warnings = export_maps(gpkgs, keys, output, fmt, dpi, catalogue, feedback)
        except TiEnergieError as err:
            raise QgsProcessingException(str(err)) from None
        for warning in warnings:
            feedback.reportError(warning, False)
        return {self.OUTPUT: output, "FILES": "\n".join(str(p) for p in files), "FILE_COUNT": len(files)}

    def _data(self, parameters, context, feedback, keys):
        """The GeoPackage of each territory asked for (loading those that have no data for the maps)."""
        from pathlib import Path

        from ..layers import settings
        from ..layers.cache import Cache
        from ..layers.territory_catalogue import current_catalogue
        from ..layers.territory_gpkg import read_territory

        cache = Cache(settings.cache_dir())
        territories = current_catalogue(cache)
        names = split_territories(self.parameterAsString(parameters, self.TERRITORY, context))
        gpkg = self.parameterAsFile(parameters, self.GEOPACKAGE, context)
        if gpkg:
            territory_id = read_territory(gpkg)[0]
            if names and not any(territories.get(name).id == territory_id for name in names
                                 if name.lower() not in ALL):
                raise TiEnergieError(tr("Le GeoPackage {} est celui du territoire {}, pas de « {} ».").format(gpkg, territory_id, ', '.join(names)))
            return [gpkg], territories
        if not names:
            raise TiEnergieError(tr("Indiquez un territoire (TERRITORY) ou un GeoPackage de territoire "
                                    "(GEOPACKAGE)."))
        chosen = list(territories) if any(name.lower() in ALL for name in names) \
            else [territories.get(name) for name in names]
        given = self.parameterAsFile(parameters, self.DATA_FOLDER, context)
        folder = Path(given) if given else cache.territory_dir()
        return [self._territory_gpkg(t, keys, folder, bool(given), cache, context, feedback)
                for t in dict.fromkeys(chosen)], territories

    @staticmethod
    def _territory_gpkg(territory, keys, folder, own_folder, cache, context, feedback):
        from ..core.maps import map_def
        from ..layers import settings
        from ..layers.territory_gpkg import layer_names, newest_gpkg
        from ..layers.territory_loader import default_gpkg_path, load_territory

        found = newest_gpkg(folder, territory.id)
        if found is not None:
            names = set(layer_names(found))
            if all(any(name in names for name in map_def(key).own_layers) for key in keys):
                feedback.pushInfo(tr("{} : données de {}").format(territory.label, found))
                return found
        feedback.pushInfo(tr("{} : chargement des données des cartes").format(territory.label))
        path = folder / f"{territory.id}.gpkg" if own_folder else default_gpkg_path(cache, territory)
        result = load_territory(territory, list(keys), path, settings.load_catalogue(), cache, feedback,
                                context.transformContext())
        for warning in result.warnings:
            feedback.reportError(warning, False)
        return result.gpkg_path
