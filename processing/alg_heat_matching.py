"""Processing algorithm `ti_energie:heat_matching`: waste-heat sources ↔ heat sinks as an LP.

QGIS side only: reads the layers, projects to Lambert-93, builds candidate pairs (cKDTree for point
sinks, QgsSpatialIndex with exact geometries for lines/polygons), calls `core.heat_matching`, writes
the three output layers and styles them through a layer post-processor.
"""

import json
import math

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeature,
    QgsFeatureRequest,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingUtils,
    QgsSpatialIndex,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..core import heat_matching as hm
from ..core.heat_costs import DEFAULT_HDD, DEFAULT_SOURCES, DEFAULTS, HDD_SOURCE_TEMPLATE, parse_profile
from .heat_styles import _POST_PROCESSORS, HeatLayerStyler, apply_aliases
from .compat import (
    advanced_flag,
    fast_insert,
    geometry_type,
    field_data_type,
    make_field,
    number_type,
    source_type,
    variant_is_null,
    wkb_type,
)

LAMBERT93 = "EPSG:2154"
COST_MODELS = ["linear", "pipe"]
FLAT_PROFILE_WORDS = {"flat", "plat", "constant", "constante", "uniforme"}
# Default field of each field parameter: the field names of the plugin's own layers, so that the form
# is filled in when they are the inputs (sources: "STEP – chaleur fatale valorisable"; sinks: names of
# "Réseaux de chaleur", which has no temperature, plus temperature_c as in the STEP layer). A name the
# chosen layer lacks leaves the field empty in the form; nothing falls back to the first numeric field.
DEFAULT_FIELDS = {
    "SOURCE_ID_FIELD": "identifiant",
    "SOURCE_ENERGY_FIELD": "chaleur_mwh_an",
    "SOURCE_TEMP_FIELD": "temperature_c",
    "SINK_ID_FIELD": "identifiant",
    "SINK_DEMAND_FIELD": "livraisons_mwh",
    "SINK_TEMP_FIELD": "temperature_c",
    "SINK_VALUE_FIELD": None,
    "SINK_PROFILE_FIELD": None,
}
FEATURE_ID_NAMES = {"fid", "ogc_fid"}
NBSP = "\u00a0"
# Machine codes of the rows skipped before matching (field status_code), next to core's stage codes.
INVALID_CODES = ("invalid_energy_missing", "invalid_energy_negative", "invalid_temperature_missing",
                 "invalid_geometry_empty", "invalid_reprojection")


def tr(text):
    return QCoreApplication.translate("TiEnergie", text)


def _advanced(param):
    param.setFlags(param.flags() | advanced_flag())
    return param


def _number(value):
    """float(value) or None for NULL / non numeric / non finite."""
    if variant_is_null(value):
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def _fr(number, decimals=0):
    """12 345 678 or 2,5 (French separators: narrow no-break space, decimal comma)."""
    return f"{number:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")


def _round(value, digits):
    """Rounded float, or None for NaN / None (MWh to 0.1, € to the euro, km to 0.01, %, COP)."""
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else round(value, digits) + 0.0  # + 0.0: no "-0.0"


def mode_label(code):
    return tr("PAC") if code == hm.MODE_HEAT_PUMP else tr("usage direct")


def status_labels(kind):
    """French phrase of each stage code (status field) for "source" or "sink" outputs."""
    if kind == "source":
        return {
            hm.STAGE_NONE: tr("aucun puits candidat"),
            hm.STAGE_DISTANCE: tr("aucun puits à portée"),
            hm.STAGE_TEMPERATURE: tr("température insuffisante"),
            hm.STAGE_COP: tr("COP de PAC trop faible"),
            hm.STAGE_COST: tr("coût supérieur à la valeur de la chaleur"),
            hm.STAGE_VIABLE: tr("non retenue (puits servis par de meilleures sources)"),
            hm.STAGE_USED: tr("utilisée"),
        }
    return {
        hm.STAGE_NONE: tr("aucune source candidate"),
        hm.STAGE_DISTANCE: tr("aucune source à portée"),
        hm.STAGE_TEMPERATURE: tr("température insuffisante"),
        hm.STAGE_COP: tr("COP de PAC trop faible"),
        hm.STAGE_COST: tr("coût supérieur à la valeur de la chaleur"),
        hm.STAGE_VIABLE: tr("non desservi (sources utilisées ailleurs)"),
        hm.STAGE_USED: tr("desservi"),
    }


def invalid_labels(kind):
    """French phrase of each skipped-row code; a sink's quantity is a need, a source's an energy."""
    energy = (tr("données invalides : énergie manquante"), tr("données invalides : énergie négative"))
    need = (tr("données invalides : besoin manquant"), tr("données invalides : besoin négatif"))
    missing, negative = energy if kind == "source" else need
    return {
        "invalid_energy_missing": missing,
        "invalid_energy_negative": negative,
        "invalid_temperature_missing": tr("données invalides : température manquante"),
        "invalid_geometry_empty": tr("données invalides : géométrie vide"),
        "invalid_reprojection": tr("données invalides : reprojection impossible"),
    }


def summary_table(summary):
    """The run summary as aligned French text lines (label, then value), for the Processing log."""
    s = summary
    mwh = tr("{} MWh/an")
    eur = tr("{} €/an")
    demand = s["demand_mwh"]
    n_hp = s["n_heat_pump_links_used"]
    rows = [
        (tr("Énergie disponible (sources)"), mwh.format(_fr(s["available_mwh"]))),
        (tr("Besoin des puits"), mwh.format(_fr(demand))),
        (tr("Énergie livrée"), tr("{} MWh/an, soit {} % du besoin").format(
            _fr(s["delivered_mwh"]), _fr(100.0 * s["delivered_mwh"] / demand if demand > 0 else 0.0, 1))),
        (tr("Liens retenus"), tr("{} (dont {} avec PAC, {} en usage direct)").format(
            s["n_links_used"], n_hp, s["n_links_used"] - n_hp)),
        (tr("Électricité des PAC"), mwh.format(_fr(s["electricity_mwh"]))),
        (tr("Pertes thermiques"), mwh.format(_fr(s["loss_mwh"]))),
        (tr("Valeur nette"), eur.format(_fr(s["net_value_eur"]))),
        (tr("Glouton « plus proche d'abord »"), tr("{} €/an pour {} MWh/an livrés").format(
            _fr(s["greedy_net_value_eur"]), _fr(s["greedy_delivered_mwh"]))),
        (tr("Gain de l'optimisation"), eur.format(_fr(s["net_value_eur"] - s["greedy_net_value_eur"]))),
    ]
    if "annual_model_delivered_mwh" in s:
        rows.append((tr("Livrable sans saisonnalité"), mwh.format(_fr(s["annual_model_delivered_mwh"]))))
    rows += [
        (tr("Sources utilisées"), tr("{} sur {}").format(s["n_sources_used"], s["n_sources"])),
        (tr("Puits desservis"), tr("{} sur {}").format(s["n_sinks_supplied"], s["n_sinks"])),
        (tr("Paires candidates examinées"), str(s["n_candidate_pairs"])),
        (tr("Paires rejetées (trop loin)"), str(s["rejected_distance"])),
        (tr("Paires rejetées (température insuffisante)"), str(s["rejected_temperature"])),
        (tr("Paires rejetées (COP trop faible)"), str(s["rejected_cop"])),
        (tr("Paires rejetées (coût supérieur à la valeur)"), str(s["rejected_cost"])),
        (tr("Ignorées (données invalides)"), tr("{} source(s), {} puits").format(
            s.get("sources_skipped_invalid", 0), s.get("sinks_skipped_invalid", 0))),
        (tr("Solveur HiGHS"), str(s["solver_message"])),
    ]
    width = max(len(label) for label, _value in rows)
    # no-break spaces: the Processing log is HTML, where runs of ordinary spaces collapse
    return [tr("Résumé de l'appariement")] + [
        f"{label.ljust(width, NBSP)}{NBSP}:{NBSP}{value}" for label, value in rows
    ]



def _text(value, fallback):
    return str(fallback) if variant_is_null(value) else str(value)


class HeatMatchingAlgorithm(QgsProcessingAlgorithm):
    """Appariement sources / puits de chaleur (programme linéaire HiGHS)."""

    SOURCES = "SOURCES"
    SOURCE_ID_FIELD = "SOURCE_ID_FIELD"
    SOURCE_ENERGY_FIELD = "SOURCE_ENERGY_FIELD"
    SOURCE_TEMP_FIELD = "SOURCE_TEMP_FIELD"
    SINKS = "SINKS"
    SINK_ID_FIELD = "SINK_ID_FIELD"
    SINK_DEMAND_FIELD = "SINK_DEMAND_FIELD"
    SINK_TEMP_FIELD = "SINK_TEMP_FIELD"
    SINK_VALUE_FIELD = "SINK_VALUE_FIELD"
    SINK_PROFILE_FIELD = "SINK_PROFILE_FIELD"
    MAX_DISTANCE_M = "MAX_DISTANCE_M"
    K_NEAREST = "K_NEAREST"
    MIN_DELTA_T_K = "MIN_DELTA_T_K"
    ALLOW_HEAT_PUMP = "ALLOW_HEAT_PUMP"
    HP_COP = "HP_COP"
    CARNOT_FRACTION = "CARNOT_FRACTION"
    MIN_COP = "MIN_COP"
    ELECTRICITY_PRICE = "ELECTRICITY_PRICE_EUR_MWH"
    HEAT_VALUE = "HEAT_VALUE_EUR_MWH"
    COST_MODEL = "COST_MODEL"
    TRANSPORT_COST = "TRANSPORT_COST_EUR_MWH_KM"
    PIPE_COST = "PIPE_COST_EUR_M"
    DISCOUNT_RATE = "DISCOUNT_RATE_PCT"
    LIFETIME = "LIFETIME_YEARS"
    OM_RATE = "OM_RATE_PCT"
    HEAT_LOSS = "HEAT_LOSS_MWH_M_YR"
    # decimals shown by the form's number boxes (Processing's default is 6)
    DECIMALS = {"MAX_DISTANCE_M": 0, "MIN_DELTA_T_K": 1, "HP_COP": 2, "CARNOT_FRACTION": 2, "MIN_COP": 1,
                "ELECTRICITY_PRICE_EUR_MWH": 0, "HEAT_VALUE_EUR_MWH": 0, "TRANSPORT_COST_EUR_MWH_KM": 2,
                "PIPE_COST_EUR_M": 0, "DISCOUNT_RATE_PCT": 1, "LIFETIME_YEARS": 0, "OM_RATE_PCT": 1,
                "HEAT_LOSS_MWH_M_YR": 2}
    MONTHLY = "MONTHLY"
    HDD_PROFILE = "HDD_PROFILE"
    OUTPUT_LINKS = "OUTPUT_LINKS"
    OUTPUT_SOURCES = "OUTPUT_SOURCES"
    OUTPUT_SINKS = "OUTPUT_SINKS"

    def name(self):
        return "heat_matching"

    def displayName(self):  # noqa: N802
        return tr("Appariement sources / puits de chaleur")

    def group(self):
        return tr("Chaleur")

    def groupId(self):  # noqa: N802
        return "chaleur"

    def createInstance(self):  # noqa: N802
        return HeatMatchingAlgorithm()

    def shortHelpString(self):  # noqa: N802
        src = DEFAULT_SOURCES
        items = [
            (tr("Distance maximale"), tr(src["max_distance_m"])),
            (tr("k plus proches"), tr(src["k_nearest"])),
            (tr("Écart de température ΔT"), tr(src["min_delta_t_k"])),
            (tr("COP (fraction de Carnot)"), tr(src["carnot_fraction"])),
            (tr("COP minimal"), tr(src["min_cop"])),
            (tr("Prix de l'électricité"), tr(src["electricity_price_eur_mwh"])),
            (tr("Valeur de la chaleur"), tr(src["heat_value_eur_mwh"])),
            (tr("Coût de transport linéaire"), tr(src["transport_cost_eur_mwh_km"])),
            (tr("Coût du tuyau"), tr(src["pipe_cost_eur_m"])),
            (tr("Actualisation / durée de vie"), tr(src["discount_rate"])),
            (tr("Exploitation-maintenance"), tr(src["om_rate"])),
            (tr("Pertes thermiques"), tr(src["heat_loss_mwh_m_yr"])),
            (tr("Profil mensuel"), tr(HDD_SOURCE_TEMPLATE).format(", ".join(f"{v:.0f}" for v in DEFAULT_HDD))),
        ]
        defaults = "".join(f"<li><b>{k}</b> : {v}</li>" for k, v in items)
        return (
            tr("<p>Apparie des sources de chaleur fatale (points) et des puits de chaleur (réseaux de chaleur, "
               "gros consommateurs : points, lignes ou polygones) en maximisant la valeur nette totale "
               "(valeur de la chaleur livrée − transport − électricité des pompes à chaleur − pertes), sous "
               "contraintes d'énergie disponible par source et de besoin par puits. Programme linéaire résolu "
               "par HiGHS (scipy), sur les liens candidats (k puits les plus proches dans le rayon, distances "
               "en Lambert-93, au point le plus proche pour les lignes et polygones).</p>"
               "<p>Usage direct si T<sub>source</sub> ≥ T<sub>puits</sub> + ΔT, sinon pompe à chaleur "
               "(COP fixe, ou fraction du COP de Carnot, refusée sous le COP minimal). Modèle de coût "
               "<i>linear</i> (€/MWh/km, criblage) ou <i>pipe</i> (tuyau annualisé au débit de conception, "
               "pertes par mètre). Option mensuelle : sources plates, puits selon un profil de degrés-jours "
               "(ou plat si le champ profil vaut « plat »).</p>")
            + tr(
                "<p><b>Champs</b> : ils sont préremplis quand les couches du plugin sont choisies — sources : "
                "<i>identifiant</i>, <i>chaleur_mwh_an</i>, <i>temperature_c</i> (couches « Gisements de chaleur "
                "fatale » et « STEP – chaleur valorisable ») ; puits : <i>identifiant</i>, <i>livraisons_mwh</i>, "
                "<i>temperature_c</i> (couche « Réseaux de chaleur » : température de départ déduite du fluide "
                "caloporteur publié). Sinon, choisissez-les : "
                "l'identifiant des entités (fid) et un même champ pour deux mesures sont refusés.</p>"
                "<p><b>Sorties</b> (noms de colonnes en français, unités, valeurs arrondies) : liens (mode "
                "« usage direct » ou « PAC », énergie, distance, coût, valeur nette), sources et puits avec "
                "énergie utilisée / couverture et <b>statut</b> expliquant pourquoi un élément n'est pas apparié "
                "(et <i>status_code</i>, code stable pour les styles et les scripts) ; tableau de synthèse dans "
                "le journal et résumé JSON (totaux, statut du solveur, paramètres, paires rejetées par distance, "
                "température, COP et coût). Les entités à énergie manquante ou négative, ou à température "
                "nulle, sont ignorées et comptées.</p>"
            )
            + tr("<p><b>Valeurs par défaut et sources</b> :</p>") + f"<ul>{defaults}</ul>"
            + tr("<p><i>Méthode, hypothèses et exemple : docs/heat-matching.md.</i></p>")
        )

    # ----------------------------------------------------------------- parameters
    def initAlgorithm(self, config=None):  # noqa: N802
        point = source_type("TypeVectorPoint")
        anyg = source_type("TypeVectorAnyGeometry")
        numeric = field_data_type("Numeric")
        anyf = field_data_type("Any")
        dbl = number_type("Double")
        integer = number_type("Integer")
        d = DEFAULTS

        self.addParameter(QgsProcessingParameterFeatureSource(self.SOURCES, tr("Sources de chaleur (points)"), [point]))
        self.addParameter(
            QgsProcessingParameterField(self.SOURCE_ID_FIELD, tr("Identifiant des sources"), DEFAULT_FIELDS[self.SOURCE_ID_FIELD], self.SOURCES, anyf, optional=True)
        )
        self.addParameter(
            QgsProcessingParameterField(self.SOURCE_ENERGY_FIELD, tr("Énergie disponible (MWh/an)"), DEFAULT_FIELDS[self.SOURCE_ENERGY_FIELD], self.SOURCES, numeric)
        )
        self.addParameter(
            QgsProcessingParameterField(self.SOURCE_TEMP_FIELD, tr("Température des sources (°C)"), DEFAULT_FIELDS[self.SOURCE_TEMP_FIELD], self.SOURCES, numeric)
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(self.SINKS, tr("Puits de chaleur (points, lignes ou polygones)"), [anyg])
        )
        self.addParameter(
            QgsProcessingParameterField(self.SINK_ID_FIELD, tr("Identifiant des puits"), DEFAULT_FIELDS[self.SINK_ID_FIELD], self.SINKS, anyf, optional=True)
        )
        self.addParameter(
            QgsProcessingParameterField(self.SINK_DEMAND_FIELD, tr("Besoin des puits (MWh/an)"), DEFAULT_FIELDS[self.SINK_DEMAND_FIELD], self.SINKS, numeric)
        )
        self.addParameter(
            QgsProcessingParameterField(self.SINK_TEMP_FIELD, tr("Température requise par les puits (°C)"), DEFAULT_FIELDS[self.SINK_TEMP_FIELD], self.SINKS, numeric)
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.SINK_VALUE_FIELD, tr("Valeur de la chaleur par puits (€/MWh)"), None, self.SINKS, numeric, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.SINK_PROFILE_FIELD, tr("Profil des puits (« plat » ou degrés-jours)"), None, self.SINKS, anyf, optional=True
            )
        )
        self.addParameter(QgsProcessingParameterNumber(self.MAX_DISTANCE_M, tr("Distance maximale (m)"), dbl, d["max_distance_m"], minValue=0))
        self.addParameter(
            _advanced(QgsProcessingParameterNumber(self.K_NEAREST, tr("Puits candidats par source (k plus proches)"), integer, d["k_nearest"], minValue=1, maxValue=1000))
        )
        self.addParameter(QgsProcessingParameterNumber(self.MIN_DELTA_T_K, tr("Écart de température minimal ΔT (K)"), dbl, d["min_delta_t_k"], minValue=0))
        self.addParameter(QgsProcessingParameterBoolean(self.ALLOW_HEAT_PUMP, tr("Autoriser les pompes à chaleur"), d["allow_heat_pump"]))
        self.addParameter(
            QgsProcessingParameterNumber(self.HP_COP, tr("COP fixe de la PAC (0 = fraction du COP de Carnot)"), dbl, d["hp_cop"], minValue=0)
        )
        self.addParameter(
            _advanced(QgsProcessingParameterNumber(self.CARNOT_FRACTION, tr("Fraction du COP de Carnot"), dbl, d["carnot_fraction"], minValue=0.01, maxValue=1))
        )
        self.addParameter(QgsProcessingParameterNumber(self.MIN_COP, tr("COP minimal"), dbl, d["min_cop"], minValue=1))
        self.addParameter(
            QgsProcessingParameterNumber(self.ELECTRICITY_PRICE, tr("Prix de l'électricité (€/MWh)"), dbl, d["electricity_price_eur_mwh"], minValue=0)
        )
        self.addParameter(
            QgsProcessingParameterNumber(self.HEAT_VALUE, tr("Valeur de la chaleur livrée (€/MWh)"), dbl, d["heat_value_eur_mwh"], minValue=0)
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.COST_MODEL,
                tr("Modèle de coût"),
                [tr("linear : €/MWh/km (criblage)"), tr("pipe : tuyau annualisé + pertes")],
                defaultValue=COST_MODELS.index(d["cost_model"]),
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(self.TRANSPORT_COST, tr("Coût de transport (€/MWh/km, modèle linear)"), dbl, d["transport_cost_eur_mwh_km"], minValue=0)
        )
        self.addParameter(
            _advanced(QgsProcessingParameterNumber(self.PIPE_COST, tr("Coût du tuyau (€/m de tranchée, modèle pipe)"), dbl, d["pipe_cost_eur_m"], minValue=0))
        )
        self.addParameter(
            _advanced(QgsProcessingParameterNumber(self.DISCOUNT_RATE, tr("Taux d'actualisation (%/an, modèle pipe)"), dbl, d["discount_rate"] * 100, minValue=0, maxValue=100))
        )
        self.addParameter(
            _advanced(QgsProcessingParameterNumber(self.LIFETIME, tr("Durée de vie (ans, modèle pipe)"), dbl, d["lifetime_years"], minValue=1))
        )
        self.addParameter(
            _advanced(QgsProcessingParameterNumber(self.OM_RATE, tr("Exploitation-maintenance (%/an de l'investissement)"), dbl, d["om_rate"] * 100, minValue=0, maxValue=100))
        )
        self.addParameter(
            _advanced(QgsProcessingParameterNumber(self.HEAT_LOSS, tr("Pertes thermiques (MWh/(m·an), modèle pipe)"), dbl, d["heat_loss_mwh_m_yr"], minValue=0))
        )
        for name, decimals in self.DECIMALS.items():  # the form shows « 10000 », not « 10000,000000 »
            definition = self.parameterDefinition(name)
            metadata = definition.metadata()
            metadata.setdefault("widget_wrapper", {})["decimals"] = decimals
            definition.setMetadata(metadata)
        self.addParameter(QgsProcessingParameterBoolean(self.MONTHLY, tr("Calcul mensuel (saisonnalité, 12 périodes)"), False))
        self.addParameter(
            _advanced(
                QgsProcessingParameterString(
                    self.HDD_PROFILE, tr("Degrés-jours mensuels (janvier → décembre)"), ", ".join(f"{v:g}" for v in DEFAULT_HDD)
                )
            )
        )
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT_LINKS, tr("Liens sources → puits"), source_type("TypeVectorLine")))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT_SOURCES, tr("Sources (bilan)"), point))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT_SINKS, tr("Puits (bilan)"), anyg))
        self.addOutput(QgsProcessingOutputNumber("DELIVERED_MWH", tr("Chaleur livrée (MWh/an)")))
        self.addOutput(QgsProcessingOutputNumber("NET_VALUE_EUR", tr("Valeur nette (€/an)")))
        self.addOutput(QgsProcessingOutputNumber("N_LINKS", tr("Nombre de liens retenus")))
        self.addOutput(QgsProcessingOutputString("SOLVER_STATUS", tr("Statut du solveur")))
        self.addOutput(QgsProcessingOutputString("SUMMARY_JSON", tr("Résumé (JSON)")))

    # ----------------------------------------------------------------- fields
    def _field_specs(self):
        """(field parameter, its layer parameter, numeric measure?, required?) of each field parameter."""
        return (
            (self.SOURCE_ID_FIELD, self.SOURCES, False, False),
            (self.SOURCE_ENERGY_FIELD, self.SOURCES, True, True),
            (self.SOURCE_TEMP_FIELD, self.SOURCES, True, True),
            (self.SINK_ID_FIELD, self.SINKS, False, False),
            (self.SINK_DEMAND_FIELD, self.SINKS, True, True),
            (self.SINK_TEMP_FIELD, self.SINKS, True, True),
            (self.SINK_VALUE_FIELD, self.SINKS, True, False),
            (self.SINK_PROFILE_FIELD, self.SINKS, False, False),
        )

    def _fields(self, parameters, context):
        """Field name of each field parameter (None: no field), checked against its layer.

        A parameter left out or NULL takes its default (the plugin layer's field name): an optional one
        is dropped when the layer lacks that field, a required one must exist. Measures (energy,
        temperature, demand, value) must be numeric, must not be the feature id or primary key, and a
        field serves one measure only. Raises QgsProcessingException with a French message.
        """
        out = {}
        for layer_key, layer_label in ((self.SOURCES, tr("sources")), (self.SINKS, tr("puits"))):
            source = self.parameterAsSource(parameters, layer_key, context)
            if source is None:
                continue  # processAlgorithm reports the unreadable layer
            fields = source.fields()
            primary_key = set()
            try:
                layer = self.parameterAsVectorLayer(parameters, layer_key, context)
            except QgsProcessingException:
                layer = None
            if layer is not None:
                primary_key = {layer.fields().at(i).name() for i in layer.primaryKeyAttributes()}
            measures = []
            for key, parent, numeric, required in self._field_specs():
                if parent != layer_key:
                    continue
                label = self.parameterDefinition(key).description()
                given = not variant_is_null(parameters.get(key))
                name = self.parameterAsString(parameters, key, context) or ""
                index = fields.lookupField(name) if name else -1
                if index < 0:
                    if name and (required or given):
                        raise QgsProcessingException(
                            tr("La couche des {layer} n'a pas de champ « {field} » : choisissez le champ « {param} » "
                               "({key}).").format(layer=layer_label, field=name, param=label, key=key)
                        )
                    if required:
                        raise QgsProcessingException(
                            tr("Choisissez le champ « {param} » ({key}) de la couche des {layer}.").format(
                                param=label, key=key, layer=layer_label)
                        )
                    out[key] = None
                    continue
                field = fields.at(index)
                if numeric:
                    if not field.isNumeric():
                        raise QgsProcessingException(
                            tr("Le champ « {field} » choisi pour « {param} » n'est pas numérique : choisissez un "
                               "champ de nombres.").format(field=field.name(), param=label)
                        )
                    if field.name().lower() in FEATURE_ID_NAMES or field.name() in primary_key:
                        raise QgsProcessingException(
                            tr("Le champ « {field} » est l'identifiant des entités de la couche des {layer}, pas une "
                               "mesure : choisissez un autre champ pour « {param} ».").format(
                                field=field.name(), layer=layer_label, param=label)
                        )
                    for other_label, other in measures:
                        if other == field.name():
                            raise QgsProcessingException(
                                tr("Le même champ « {field} » est choisi pour « {first} » et « {second} » : "
                                   "choisissez deux champs différents.").format(
                                    field=field.name(), first=other_label, second=label)
                            )
                    measures.append((label, field.name()))
                out[key] = field.name()
        return out

    def checkParameterValues(self, parameters, context):  # noqa: N802 (QGIS API)
        # QGIS 3.22 refuses a required field parameter left out even though it has a default: the
        # defaults are filled in first, so that SOURCES and SINKS alone run on the plugin's layers.
        filled = dict(parameters)
        for key, _layer, _numeric, required in self._field_specs():
            if required and variant_is_null(filled.get(key)):
                filled[key] = DEFAULT_FIELDS[key]
        ok, message = super().checkParameterValues(filled, context)
        if not ok:
            return ok, message
        try:
            self._fields(filled, context)
        except QgsProcessingException as exc:
            return False, str(exc)
        return True, ""

    # ----------------------------------------------------------------- reading
    def _params(self, parameters, context):
        num = lambda key: self.parameterAsDouble(parameters, key, context)  # noqa: E731
        hdd_text = self.parameterAsString(parameters, self.HDD_PROFILE, context) or ", ".join(map(str, DEFAULT_HDD))
        try:
            parse_profile(hdd_text)
        except ValueError as exc:
            raise QgsProcessingException(str(exc)) from exc
        hdd = [float(p) for p in hdd_text.replace(";", " ").replace(",", " ").split()]
        return hm.HeatParams(
            max_distance_m=num(self.MAX_DISTANCE_M),
            k_nearest=self.parameterAsInt(parameters, self.K_NEAREST, context),
            min_delta_t_k=num(self.MIN_DELTA_T_K),
            allow_heat_pump=self.parameterAsBoolean(parameters, self.ALLOW_HEAT_PUMP, context),
            hp_cop=num(self.HP_COP),
            carnot_fraction=num(self.CARNOT_FRACTION),
            min_cop=num(self.MIN_COP),
            electricity_price_eur_mwh=num(self.ELECTRICITY_PRICE),
            heat_value_eur_mwh=num(self.HEAT_VALUE),
            cost_model=COST_MODELS[self.parameterAsEnum(parameters, self.COST_MODEL, context)],
            transport_cost_eur_mwh_km=num(self.TRANSPORT_COST),
            pipe_cost_eur_m=num(self.PIPE_COST),
            discount_rate=num(self.DISCOUNT_RATE) / 100.0,
            lifetime_years=num(self.LIFETIME),
            om_rate=num(self.OM_RATE) / 100.0,
            heat_loss_mwh_m_yr=num(self.HEAT_LOSS),
            monthly=self.parameterAsBoolean(parameters, self.MONTHLY, context),
            hdd=tuple(hdd),
        )

    def _read(self, source, label, fields, context, feedback, point_only):
        """Read a layer: ids, numeric columns, Lambert-93 geometry; invalid rows get a reason."""
        if source is None:
            raise QgsProcessingException(tr("Couche des {} introuvable ou illisible.").format(label))
        crs = source.sourceCrs()
        if not crs.isValid():
            raise QgsProcessingException(
                tr("La couche des {} n'a pas de système de coordonnées valide : définissez sa projection.").format(label)
            )
        if source.featureCount() == 0:
            raise QgsProcessingException(tr("La couche des {} est vide.").format(label))
        xform = QgsCoordinateTransform(crs, QgsCoordinateReferenceSystem(LAMBERT93), context.transformContext())
        id_field, value_fields, text_fields = fields
        rows = {"fid": [], "id": [], "values": [], "text": [], "geom": [], "l93": [], "reason": [], "attrs": []}
        for n, feat in enumerate(source.getFeatures(QgsFeatureRequest())):
            if feedback.isCanceled():
                raise QgsProcessingException(tr("Annulé par l'utilisateur."))
            values = [_number(feat[f]) if f else None for f in value_fields]
            reason = ""  # empty, or a code of INVALID_CODES
            if values[0] is None:
                reason = "invalid_energy_missing"
            elif values[0] < 0:
                reason = "invalid_energy_negative"
            elif values[1] is None:
                reason = "invalid_temperature_missing"
            geom = feat.geometry()
            l93 = None
            if not reason:
                if geom is None or geom.isNull() or geom.isEmpty():
                    reason = "invalid_geometry_empty"
                else:
                    try:
                        if point_only:
                            l93 = xform.transform(geom.centroid().asPoint())
                        else:
                            l93 = QgsGeometry(geom)
                            l93.transform(xform)
                    except QgsCsException:
                        reason = "invalid_reprojection"
            rows["fid"].append(feat.id())
            rows["id"].append(_text(feat[id_field], feat.id()) if id_field else str(feat.id()))
            rows["values"].append(values)
            rows["text"].append([None if not f else _text(feat[f], "") for f in text_fields])
            rows["geom"].append(geom)
            rows["l93"].append(l93)
            rows["reason"].append(reason)
            rows["attrs"].append(feat.attributes())
            if n % 1000 == 0:
                feedback.setProgress(5 + 20 * n / max(1, source.featureCount()))
        return rows

    # ----------------------------------------------------------------- candidates
    @staticmethod
    def _pairs_geometries(src_xy, sink_geoms, k, feedback):
        """k nearest sinks by exact distance (QgsSpatialIndex storing geometries)."""
        index = QgsSpatialIndex(QgsSpatialIndex.Flag.FlagStoreFeatureGeometries)
        for n, geom in enumerate(sink_geoms):
            feat = QgsFeature(n)
            feat.setGeometry(geom)
            index.addFeature(feat)
        kk = min(k, len(sink_geoms))
        src_idx, sink_idx, dist = [], [], []
        for i, (x, y) in enumerate(src_xy):
            if feedback.isCanceled():
                raise QgsProcessingException(tr("Annulé par l'utilisateur."))
            pt = QgsGeometry.fromPointXY(QgsPointXY(x, y))
            found = sorted((sink_geoms[j].distance(pt), j) for j in index.nearestNeighbor(QgsPointXY(x, y), kk))[:kk]
            for d, j in found:
                src_idx.append(i)
                sink_idx.append(j)
                dist.append(d)
        return hm.Pairs(np.asarray(src_idx, dtype=np.int64), np.asarray(sink_idx, dtype=np.int64), np.asarray(dist, dtype=float))

    # ----------------------------------------------------------------- main
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        self._mixed_warning = None
        params = self._params(parameters, context)
        sources = self.parameterAsSource(parameters, self.SOURCES, context)
        sinks = self.parameterAsSource(parameters, self.SINKS, context)
        names = self._fields(parameters, context)
        fld = names.get
        src_rows = self._read(
            sources, "sources", (fld(self.SOURCE_ID_FIELD), [fld(self.SOURCE_ENERGY_FIELD), fld(self.SOURCE_TEMP_FIELD)], []), context, feedback, True
        )
        sink_geom_type = QgsWkbTypes.geometryType(sinks.wkbType()) if sinks is not None else None
        sink_points = sinks is not None and QgsWkbTypes.isSingleType(sinks.wkbType()) and sink_geom_type == geometry_type("Point")
        sink_rows = self._read(
            sinks,
            "puits",
            (fld(self.SINK_ID_FIELD), [fld(self.SINK_DEMAND_FIELD), fld(self.SINK_TEMP_FIELD), fld(self.SINK_VALUE_FIELD)], [fld(self.SINK_PROFILE_FIELD)]),
            context,
            feedback,
            sink_points,
        )
        src_ok = [n for n, r in enumerate(src_rows["reason"]) if not r]
        sink_ok = [n for n, r in enumerate(sink_rows["reason"]) if not r]
        skipped_src = len(src_rows["reason"]) - len(src_ok)
        skipped_sink = len(sink_rows["reason"]) - len(sink_ok)
        if skipped_src or skipped_sink:
            feedback.pushWarning(
                tr("{} source(s) et {} puits ignorés (énergie manquante ou négative, température nulle, géométrie "
                   "vide) : voir le champ « status » des sorties.").format(skipped_src, skipped_sink)
            )
        if not src_ok:
            raise QgsProcessingException(tr("Aucune source valide (énergie ≥ 0 et température renseignées)."))
        if not sink_ok:
            raise QgsProcessingException(tr("Aucun puits valide (besoin ≥ 0 et température renseignés)."))

        energy = np.array([src_rows["values"][n][0] for n in src_ok])
        t_src = np.array([src_rows["values"][n][1] for n in src_ok])
        src_xy = np.array([[src_rows["l93"][n].x(), src_rows["l93"][n].y()] for n in src_ok])
        demand = np.array([sink_rows["values"][n][0] for n in sink_ok])
        t_sink = np.array([sink_rows["values"][n][1] for n in sink_ok])
        value = np.array(
            [params.heat_value_eur_mwh if sink_rows["values"][n][2] is None else sink_rows["values"][n][2] for n in sink_ok]
        )
        flat = np.array([(sink_rows["text"][n][0] or "").strip().lower() in FLAT_PROFILE_WORDS for n in sink_ok])

        feedback.setProgress(30)
        feedback.pushInfo(tr("{} sources et {} puits valides ; recherche des liens candidats…").format(len(src_ok), len(sink_ok)))
        try:
            if sink_points:
                sink_xy = np.array([[sink_rows["l93"][n].x(), sink_rows["l93"][n].y()] for n in sink_ok])
                pairs = hm.candidate_pairs(src_xy, sink_xy, params.k_nearest)
            else:
                pairs = self._pairs_geometries(src_xy, [sink_rows["l93"][n] for n in sink_ok], params.k_nearest, feedback)
            feedback.setProgress(50)
            result = hm.match(pairs, energy, t_src, demand, t_sink, value, params, flat)
        except hm.SolverUnavailable as exc:
            raise QgsProcessingException(str(exc)) from exc
        except ValueError as exc:
            raise QgsProcessingException(str(exc)) from exc
        feedback.setProgress(75)

        summary = result.summary
        summary["sources_skipped_invalid"] = skipped_src
        summary["sinks_skipped_invalid"] = skipped_sink
        summary["sink_geometry"] = "points" if sink_points else "lignes/polygones"
        if result.summary["solver_status"] not in (0,):
            feedback.reportError(tr("Le solveur n'a pas trouvé de solution optimale : {}").format(summary['solver_message']))
        if summary["n_viable_links"] == 0:
            feedback.pushWarning(
                tr("Aucun lien possible : toutes les paires candidates sont rejetées (distance : {}, température : "
                   "{}, COP : {}, coût : {}).").format(summary['rejected_distance'], summary['rejected_temperature'], summary['rejected_cop'], summary['rejected_cost'])
            )

        table = hm.link_table(result)
        src_ids = [src_rows["id"][n] for n in src_ok]
        sink_ids = [sink_rows["id"][n] for n in sink_ok]
        results = {}
        results[self.OUTPUT_LINKS] = self._write_links(
            parameters, context, table, src_xy, sink_points, sink_rows, sink_ok, src_ids, sink_ids, params
        )
        feedback.setProgress(85)
        results[self.OUTPUT_SOURCES] = self._write_balance(
            parameters, context, sources, src_rows, src_ok, result.source_used, energy, table["src"], result.source_stage,
            self.OUTPUT_SOURCES, "source",
        )
        results[self.OUTPUT_SINKS] = self._write_balance(
            parameters, context, sinks, sink_rows, sink_ok, result.sink_supplied, demand, table["sink"], result.sink_stage,
            self.OUTPUT_SINKS, "sink",
        )
        if getattr(self, "_mixed_warning", None):
            feedback.pushWarning(self._mixed_warning)
        feedback.setProgress(100)
        # one block in a monospace font (<code> in the Processing dialog), so that the columns line up
        feedback.pushCommandInfo("\n".join(summary_table(summary)))
        results.update(
            {
                "DELIVERED_MWH": summary["delivered_mwh"],
                "NET_VALUE_EUR": summary["net_value_eur"],
                "N_LINKS": summary["n_links_used"],
                "SOLVER_STATUS": summary["solver_message"],
                "SUMMARY_JSON": json.dumps(summary, ensure_ascii=False, default=float),
                "SUMMARY": summary,
            }
        )
        return results

    # ----------------------------------------------------------------- writing
    def _style(self, context, dest_id, qml, name):
        # QGIS 3.22 drops field aliases in the sink (memory and GeoPackage alike): they are set on the
        # layer, now for a memory output (processing.run) and by the post-processor when loaded.
        layer = context.temporaryLayerStore().mapLayer(dest_id)
        if layer is not None:
            apply_aliases(layer, qml)
        if context.willLoadLayerOnCompletion(dest_id):
            styler = HeatLayerStyler(qml, name)
            _POST_PROCESSORS[dest_id] = styler
            context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(styler)

    def _write_links(self, parameters, context, table, src_xy, sink_points, sink_rows, sink_ok, src_ids, sink_ids, params):
        fields = QgsFields()
        # (name, type, decimals): values are rounded to these decimals (MWh 0.1, km 0.01, € 1)
        columns = (
            ("source_id", "String", None), ("sink_id", "String", None), ("distance_km", "Double", 2),
            ("mode", "String", None), ("mode_code", "String", None), ("cop", "Double", 2),
            ("delivered_mwh", "Double", 1), ("source_heat_mwh", "Double", 1), ("electricity_mwh", "Double", 1),
            ("loss_mwh", "Double", 1), ("cost_eur_mwh", "Double", 2), ("value_eur_mwh", "Double", 2),
            ("net_value_eur", "Double", 0),
        )
        for name, kind, decimals in columns:
            fields.append(make_field(name, kind, 20 if decimals is not None else 0, decimals or 0))
        if params.monthly:
            fields.append(make_field("monthly_mwh", "String"))
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT_LINKS, context, fields, wkb_type("LineString"), QgsCoordinateReferenceSystem(LAMBERT93)
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_LINKS))
        feats = []
        for r in range(len(table["src"])):
            i, j = int(table["src"][r]), int(table["sink"][r])
            start = QgsPointXY(float(src_xy[i, 0]), float(src_xy[i, 1]))
            target = sink_rows["l93"][sink_ok[j]]
            end = target if sink_points else target.nearestPoint(QgsGeometry.fromPointXY(start)).asPoint()
            feat = QgsFeature(fields)
            feat.setGeometry(QgsGeometry.fromPolylineXY([start, QgsPointXY(end)]))
            code = str(table["mode"][r])
            attrs = [
                src_ids[i], sink_ids[j], _round(table["distance_m"][r] / 1000.0, 2), mode_label(code), code,
                _round(table["cop"][r], 2),
            ] + [_round(table[k][r], d) for k, d in (
                ("delivered_mwh", 1), ("source_heat_mwh", 1), ("electricity_mwh", 1), ("loss_mwh", 1),
                ("cost_eur_mwh", 2), ("value_eur_mwh", 2), ("net_value_eur", 0),
            )]
            if params.monthly:
                attrs.append(";".join(f"{v:.1f}" for v in table["monthly_mwh"][r]))
            feat.setAttributes(attrs)
            feats.append(feat)
        sink.addFeatures(feats, fast_insert())
        self._style(context, dest_id, "heat_links.qml", tr("Liens de chaleur"))
        return dest_id

    def _write_balance(self, parameters, context, source, rows, ok, used, capacity, link_idx, stage, key, kind):
        extra = QgsFields()
        names = (
            ("used_mwh", "unused_mwh", "used_pct") if kind == "source" else ("supplied_mwh", "residual_mwh", "coverage_pct")
        )
        for name in names:
            extra.append(make_field(name, "Double", 20, 1))
        extra.append(make_field("n_links", "Int"))
        extra.append(make_field("status", "String"))
        extra.append(make_field("status_code", "String"))
        labels = status_labels(kind)
        invalid = invalid_labels(kind)
        fields = QgsProcessingUtils.combineFields(source.fields(), extra)
        out_wkb = source.wkbType()
        layer_type = QgsWkbTypes.geometryType(out_wkb)
        mixed = any(g is not None and not g.isNull() and g.type() != layer_type for g in rows["geom"])
        if mixed:
            # Mixed geometries (e.g. a GeoJSON with a network line and consumer points): a sink layer
            # holds one geometry type, so the balance is written as points on surface.
            out_wkb = wkb_type("Point")
            self._mixed_warning = tr(
                "Couche des {} à géométries mixtes : le bilan est écrit en points (point sur la surface) ; les "
                "liens aboutissent bien au point le plus proche.").format(tr("sources") if kind == "source" else tr("puits"))
        sink, dest_id = self.parameterAsSink(parameters, key, context, fields, out_wkb, source.sourceCrs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, key))
        n_links = np.bincount(np.asarray(link_idx, dtype=np.int64), minlength=len(ok))
        position = {row: n for n, row in enumerate(ok)}
        feats = []
        for row in range(len(rows["fid"])):
            n = position.get(row)
            if n is None:
                code = rows["reason"][row]
                extra_vals = [0.0, None, None, 0, invalid[code], code]
            else:
                u, cap = float(used[n]), float(capacity[n])
                code = int(stage[n])
                extra_vals = [
                    _round(u, 1), _round(max(cap - u, 0.0), 1), _round(100.0 * u / cap, 1) if cap > 0 else None,
                    int(n_links[n]), labels[code], hm.STATUS_CODE[code],
                ]
            feat = QgsFeature(fields)
            geom = rows["geom"][row]
            if mixed and geom is not None and not geom.isNull():
                geom = geom.pointOnSurface()
            feat.setGeometry(geom)
            feat.setAttributes(list(rows["attrs"][row]) + extra_vals)
            feats.append(feat)
        sink.addFeatures(feats, fast_insert())
        if kind == "source":
            self._style(context, dest_id, "heat_sources.qml", tr("Sources de chaleur (bilan)"))
        else:
            self._style(context, dest_id, "heat_sinks.qml", tr("Puits de chaleur (bilan)"))
        return dest_id
