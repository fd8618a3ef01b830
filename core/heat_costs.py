"""Cost, COP and seasonal-profile models for waste-heat matching, with sourced defaults.

Pure Python + numpy, no QGIS import. Every default carries its source in `DEFAULT_SOURCES`;
`[hypothèse]` marks a value chosen by the project (no published reference found).
"""

import numpy as np
from .i18n import tr

KELVIN = 273.15

#: Default parameter values (units in the names).
DEFAULTS = {
    "max_distance_m": 10000.0,
    "k_nearest": 10,
    "min_delta_t_k": 5.0,
    "allow_heat_pump": True,
    "hp_cop": 0.0,  # 0 = Carnot-fraction COP
    "carnot_fraction": 0.5,
    "min_cop": 2.0,
    "max_cop": 10.0,
    "electricity_price_eur_mwh": 156.0,
    "heat_value_eur_mwh": 60.0,
    "cost_model": "linear",
    "transport_cost_eur_mwh_km": 3.0,
    "pipe_cost_eur_m": 1000.0,
    "discount_rate": 0.03,
    "lifetime_years": 30,
    "om_rate": 0.01,
    "heat_loss_mwh_m_yr": 0.2,
    "max_loss_fraction": 0.5,
}

#: Where each default comes from (shown in the Processing help and in docs/heat-matching.md).
DEFAULT_SOURCES = {
    "max_distance_m": "10 km : rayon de l'étude sEEnergies / Peta (Manz et al., Sustainability 13(3):1439, "
    "2021) ; Hotmaps utilise 20 km.",
    "k_nearest": "10 puits les plus proches par source [hypothèse].",
    "min_delta_t_k": "5 K d'écart (pincement d'échangeur) [hypothèse].",
    "carnot_fraction": "COP = 0,5 × COP de Carnot : pratique courante des modèles LP (tutoriel oemof).",
    "min_cop": "COP minimal 2,0 [hypothèse] ; COP plafonné à 10 [hypothèse].",
    "electricity_price_eur_mwh": "156 €/MWh : prix France du module Hotmaps excess_heat_cm "
    "(parameters.py) — à actualiser.",
    "heat_value_eur_mwh": "60 €/MWh : coût évité (chaleur gaz / coût marginal réseau), fourchette "
    "50–80 €/MWh [hypothèse].",
    "transport_cost_eur_mwh_km": "3 €/MWh/km : modèle « tuyau » ci-dessous ramené à un flux de "
    "20 GWh/an [dérivé].",
    "pipe_cost_eur_m": "1 000 €/m de tranchée (aller + retour) : catalogue Hotmaps ×2 (390–976 €/m "
    "par tube), topotherm 390–1 755 €/m.",
    "discount_rate": "3 %/an sur 30 ans : valeurs par défaut de l'interface Hotmaps (constant.py).",
    "lifetime_years": "30 ans : Hotmaps (constant.py).",
    "om_rate": "1 %/an de l'investissement : valeur de classe Hotmaps (dh_objects.py).",
    "heat_loss_mwh_m_yr": "0,2 MWh/(m·an) par tranchée : formule de Hotmaps corrigée (λ 0,05 W/(m·K), "
    "sol 10,7 °C, fluide 100 °C), 0,15–0,25 selon le diamètre.",
}

#: Illustrative monthly heating degree-days (base 18 °C) for northern France, January → December.
#: Shape taken from the Blois/Chailles station 2010–2024 monthly series (jmj41.com/meteo/dju.php)
#: and scaled to ~2 720 DJU/yr, the order of magnitude of Hauts-de-France. [hypothèse — replace
#: by the Météo-France normals of the site when available].
DEFAULT_HDD = (430.0, 375.0, 335.0, 250.0, 160.0, 75.0, 35.0, 35.0, 90.0, 205.0, 320.0, 410.0)

HDD_SOURCE_TEMPLATE = (
    "DJU base 18 illustratifs du nord de la France (janvier → décembre : {}) : forme de la série mensuelle "
    "de la station de Blois/Chailles 2010–2024 (jmj41.com), ramenée à ~2 720 DJU/an [hypothèse, à remplacer "
    "par les normales Météo-France du site]."
)
HDD_SOURCE = HDD_SOURCE_TEMPLATE.format(", ".join(f"{v:.0f}" for v in DEFAULT_HDD))


def hdd_shares(values=DEFAULT_HDD):
    """Twelve monthly shares (sum 1) from twelve non-negative degree-day values."""
    arr = np.asarray(values, dtype=float)
    if arr.shape != (12,) or not np.all(np.isfinite(arr)) or np.any(arr < 0) or arr.sum() <= 0:
        raise ValueError(tr("Le profil mensuel doit compter 12 valeurs positives ou nulles, de somme > 0."))
    return arr / arr.sum()


def parse_profile(text):
    """Parse "430, 375, ..." (12 numbers, ',' ';' or spaces) into monthly shares."""
    parts = [p for p in str(text).replace(";", " ").replace(",", " ").split() if p]
    try:
        values = [float(p) for p in parts]
    except ValueError as exc:
        raise ValueError(tr("Profil mensuel illisible : « {} ».").format(text)) from exc
    return hdd_shares(values)


def annuity_factor(rate, years):
    """Capital recovery factor r(1+r)^n / ((1+r)^n − 1); 1/n when r = 0."""
    years = float(years)
    if years <= 0:
        raise ValueError(tr("La durée de vie doit être > 0."))
    if rate == 0:
        return 1.0 / years
    growth = (1.0 + rate) ** years
    return rate * growth / (growth - 1.0)


def carnot_cop(t_source_c, t_sink_c, delta_t_k, fraction, max_cop=DEFAULTS["max_cop"]):
    """Heat-pump COP = fraction × Carnot, evaporating at source − ΔT and condensing at sink + ΔT.

    Vectorised; returns an array. The temperature lift is floored at ΔT (>= 1 K) and the COP capped
    at `max_cop`.
    """
    t_cond = np.asarray(t_sink_c, dtype=float) + delta_t_k
    t_evap = np.asarray(t_source_c, dtype=float) - delta_t_k
    lift = np.maximum(t_cond - t_evap, max(delta_t_k, 1.0))
    cop = fraction * (t_cond + KELVIN) / lift
    return np.minimum(cop, max_cop)


def pipe_unit_cost(distance_m, design_mwh, pipe_cost_eur_m, discount_rate, lifetime_years, om_rate):
    """Annualised pipe cost per MWh delivered at design flow (€/MWh), vectorised."""
    factor = annuity_factor(discount_rate, lifetime_years) + om_rate
    design = np.asarray(design_mwh, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        cost = factor * pipe_cost_eur_m * np.asarray(distance_m, dtype=float) / design
    return np.where(design > 0, cost, np.inf)
