"""Processing algorithm ti_energie:export_fiche: the territory fiche as a PDF, for one territory or a batch."""

import re
import traceback
from pathlib import Path

from qgis.core import (Qgis, QgsMessageLog, QgsProcessingAlgorithm, QgsProcessingException,
                       QgsProcessingMultiStepFeedback, QgsProcessingOutputNumber, QgsProcessingOutputString,
                       QgsProcessingParameterBoolean, QgsProcessingParameterFile, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterString)
from qgis.PyQt.QtCore import QCoreApplication

from ..core.errors import CancelledError, TiEnergieError
from .alg_export_maps import ALL, _no_threading, file_behavior, split_territories
from .compat import advanced_flag

LOG_TAG = "TI Énergie"


def tr(text):
    return QCoreApplication.translate("TiEnergie", text)


def is_folder_output(value, batch):
    """OUTPUT names a folder: several territories, an existing folder, or a path without « .pdf »."""
    path = Path(value)
    return batch or path.is_dir() or str(value).endswith(("/", "\\")) or path.suffix.lower() != ".pdf"


class ExportFicheAlgorithm(QgsProcessingAlgorithm):
    TERRITORY = "TERRITORY"
    DATA = "DATA"
    DATA_FOLDER = "DATA_FOLDER"
    TEXTS = "TEXTS"
    TEXTS_FOLDER = "TEXTS_FOLDER"
    HEAT_MATCHING = "HEAT_MATCHING"
    OUTPUT = "OUTPUT"

    def name(self):
        return "export_fiche"

    def displayName(self):  # noqa: N802
        return tr("Exporter la fiche du territoire (PDF)")

    def group(self):
        return tr("Territoires")

    def groupId(self):  # noqa: N802
        return "territoires"

    def createInstance(self):  # noqa: N802
        return ExportFicheAlgorithm()

    def flags(self):
        return super().flags() | _no_threading()

    def shortHelpString(self):  # noqa: N802
        # the dialog shows the help as HTML: « fiche-<territoire>.pdf » would lose its « <territoire> » tag
        return re.sub(r"<(\w+)>", r"&lt;\1&gt;", tr(
            "Écrit la fiche « sous-bassin » d'un Territoire d'industrie en PDF (A4) : couverture et sommaire, "
            "1. portrait (population, superficie, communes, EPCI, emploi industriel et graphique des secteurs, "
            "logistique), 2. caractéristiques énergétiques (grands consommateurs, puissance installée par type, "
            "réseaux de chaleur, biométhane, puis les quatre cartes avec légende, échelle et sources), 3. "
            "attractivité (friches, décarbonation, avantages compétitifs), 4. vulnérabilités (à venir), 5. "
            "recommandations (forces, faiblesses, opportunités, menaces, synergies, appariement de chaleur), et "
            "la page des sources (producteur, licence, adresse, millésime de chaque couche).\n\n"
            "TERRITORY : identifiants ANCT ou noms séparés par des virgules, ou « tous ». DATA : le GeoPackage "
            "d'un territoire (écrit par « Charger un Territoire d'industrie ») ; sinon DATA_FOLDER, sinon le cache "
            "de TI Énergie, complété par un chargement quand des couches y manquent.\n"
            "TEXTS : le fichier YAML des textes des référents (TEXTS_FOLDER : un dossier de fichiers "
            "fiche-<territoire>-textes.yaml, pour plusieurs territoires) ; par défaut à côté du PDF. Le premier export écrit un modèle "
            "prérempli des chiffres calculés ; un fichier modifié n'est jamais réécrit (les faits nouveaux vont "
            "dans un fichier de suggestions daté).\n"
            "OUTPUT : le PDF ; pour plusieurs territoires, un dossier (fiche-<territoire>.pdf). Un territoire en "
            "échec n'arrête pas les autres : la fin du journal dit lesquels et pourquoi."
        ))

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterString(
            self.TERRITORY, tr("Territoire(s) : identifiants ANCT ou noms, séparés par des virgules, ou « tous »"),
            defaultValue="", optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.DATA, tr("GeoPackage du territoire (écrit par « Charger un Territoire d'industrie »)"),
            behavior=file_behavior("File"), extension="gpkg", optional=True))
        folder = QgsProcessingParameterFile(
            self.DATA_FOLDER, tr("Dossier des GeoPackages des territoires (par défaut : le cache, complété au besoin)"),
            behavior=file_behavior("Folder"), optional=True)
        folder.setFlags(folder.flags() | advanced_flag())
        self.addParameter(folder)
        self.addParameter(QgsProcessingParameterFile(
            self.TEXTS, tr("Textes des référents (fichier YAML ; par défaut fiche-<territoire>-textes.yaml à côté du "
                           "PDF)"), behavior=file_behavior("File"), optional=True))
        texts_folder = QgsProcessingParameterFile(
            self.TEXTS_FOLDER, tr("Dossier des textes des référents (plusieurs territoires : "
                                  "fiche-<territoire>-textes.yaml)"), behavior=file_behavior("Folder"), optional=True)
        texts_folder.setFlags(texts_folder.flags() | advanced_flag())
        self.addParameter(texts_folder)
        self.addParameter(QgsProcessingParameterBoolean(
            self.HEAT_MATCHING, tr("Analyser les synergies de chaleur (appariement sources / puits)"),
            defaultValue=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, tr("Fiche PDF (un dossier pour plusieurs territoires)"), fileFilter="PDF (*.pdf)"))
        for name, label in (("FILES", tr("Fiches écrites")), ("FAILED", tr("Territoires en échec et pourquoi")),
                            ("TEXTS_FILES", tr("Fichiers des textes des référents")),
                            ("SUGGESTIONS", tr("Fichiers de suggestions écrits"))):
            self.addOutput(QgsProcessingOutputString(name, label))
        self.addOutput(QgsProcessingOutputNumber("FILE_COUNT", tr("Nombre de fiches écrites")))
        self.addOutput(QgsProcessingOutputNumber("FAILED_COUNT", tr("Nombre de territoires en échec")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        texts = self.parameterAsFile(parameters, self.TEXTS, context) or \
            self.parameterAsFile(parameters, self.TEXTS_FOLDER, context)
        heat = self.parameterAsBoolean(parameters, self.HEAT_MATCHING, context)
        try:
            jobs = self._jobs(parameters, context)
        except TiEnergieError as err:
            raise QgsProcessingException(str(err)) from None
        batch = len(jobs) > 1
        folder_output = is_folder_output(output, batch)
        if batch and texts and Path(texts).is_file():
            raise QgsProcessingException(tr("Un seul fichier de textes (TEXTS) pour {count} territoires : donnez "
                                            "plutôt un dossier (TEXTS_FOLDER) de fichiers "
                                            "fiche-<territoire>-textes.yaml.").format(
                count=len(jobs)))
        steps = QgsProcessingMultiStepFeedback(len(jobs), feedback)
        written, failed, texts_files, suggestions = [], [], [], []
        for index, (territory, gpkg, folder) in enumerate(jobs):
            if feedback.isCanceled():
                failed.append((territory.label, tr("annulé")))
                continue
            steps.setCurrentStep(index)
            feedback.pushInfo(tr("— {territory} ({index}/{count})").format(territory=territory.label,
                                                                          index=index + 1, count=len(jobs)))
            try:
                result = self._one(territory, gpkg, folder, output, folder_output, texts, heat, context, steps)
            except CancelledError:
                failed.append((territory.label, tr("annulé")))
                break
            except TiEnergieError as err:
                failed.append((territory.label, str(err)))
                feedback.reportError(f"{territory.label} : {err}", False)
                continue
            except Exception as err:  # noqa: BLE001 - one territory must not stop the batch
                QgsMessageLog.logMessage(traceback.format_exc(), LOG_TAG, Qgis.MessageLevel.Critical)
                failed.append((territory.label, tr("erreur inattendue ({error}), détail dans le journal des messages "
                                                   "(onglet « TI Énergie »)").format(error=type(err).__name__)))
                feedback.reportError(f"{territory.label} : {failed[-1][1]}", False)
                continue
            written.append(str(result.pdf))
            texts_files.append(str(result.texts_path))
            if result.suggestions:
                suggestions.append(str(result.suggestions))
            for warning in result.warnings:
                feedback.pushWarning(f"{territory.label} : {warning}")
            feedback.pushInfo(tr("{territory} : {pdf} ({pages} pages) ; textes : {texts} ({state})").format(
                territory=territory.label, pdf=result.pdf, pages=result.pages, texts=result.texts_path,
                state=tr(STATES.get(result.texts_state, result.texts_state))))
        if failed:
            feedback.reportError(tr("{count} territoire(s) en échec :").format(count=len(failed)), False)
            for label, reason in failed:
                feedback.reportError(f"  • {label} : {reason}", False)
        if not written:
            raise QgsProcessingException(tr("Aucune fiche écrite.") + " " + "; ".join(f"{label} : {reason}"
                                                                                      for label, reason in failed))
        return {self.OUTPUT: written[0] if not folder_output else output, "FILES": "\n".join(written),
                "FILE_COUNT": len(written), "FAILED": "\n".join(f"{label} : {reason}" for label, reason in failed),
                "FAILED_COUNT": len(failed), "TEXTS_FILES": "\n".join(texts_files),
                "SUGGESTIONS": "\n".join(suggestions)}

    def _jobs(self, parameters, context):
        """[(Territory, GeoPackage or None, data folder or None)] of the territories asked for."""
        from ..layers import settings
        from ..layers.cache import Cache
        from ..layers.territory_catalogue import current_catalogue
        from ..layers.territory_gpkg import territory_of

        names = split_territories(self.parameterAsString(parameters, self.TERRITORY, context))
        gpkg = self.parameterAsFile(parameters, self.DATA, context)
        territories = current_catalogue(Cache(settings.cache_dir()))
        if gpkg:
            territory = territory_of(gpkg, territories)
            if names and not any(name.lower() in ALL or territories.get(name).id == territory.id for name in names):
                raise TiEnergieError(tr("Le GeoPackage {} est celui du territoire {}, pas de « {} ».").format(gpkg, territory.id, ', '.join(names)))
            return [(territory, gpkg, None)]
        if not names:
            raise TiEnergieError(tr("Indiquez un territoire (TERRITORY) ou un GeoPackage de territoire (DATA)."))
        chosen = list(territories) if any(name.lower() in ALL for name in names) \
            else list(dict.fromkeys(territories.get(name) for name in names))
        folder = self.parameterAsFile(parameters, self.DATA_FOLDER, context) or None
        return [(territory, None, folder) for territory in chosen]

    @staticmethod
    def _one(territory, gpkg, folder, output, folder_output, texts, heat, context, feedback):
        from ..core.fiche_facts import slug
        from ..layers.fiche import export_fiche
        from ..layers.fiche_data import territory_gpkg

        if gpkg is None:
            gpkg, notes = territory_gpkg(territory, folder, feedback=feedback,
                                         transform_context=context.transformContext())
            for note in notes:
                feedback.pushInfo(note)
        pdf = Path(output) / f"fiche-{slug(territory.label)}.pdf" if folder_output else Path(output)
        return export_fiche(gpkg, pdf, texts or None, heat, feedback)


STATES = {"modele_cree": "modèle créé, à compléter", "modele_actualise": "modèle non modifié, actualisé",
          "modele_inchange": "modèle non modifié", "modifie": "modifié par les référents, lu sans être réécrit"}
