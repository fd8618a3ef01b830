"""Waste-heat source ↔ sink matching as a linear programme (pure logic, no QGIS).

Pipeline, all on numpy arrays (coordinates in metres, Lambert-93 in the plugin):
1. `candidate_pairs`: k nearest sinks of each source (scipy cKDTree) — pairs beyond the radius are
   kept and later counted as "rejected by distance", so the user sees why a close pair is not used.
2. `evaluate_links`: mode (direct / heat pump), COP, source heat per MWh delivered, unit cost; each
   pair gets a stage code (`STAGE_*`) telling where it was rejected.
3. `solve_lp`: generalised transportation LP solved with HiGHS (`scipy.optimize.linprog`), annual or
   12 monthly periods.
4. `greedy_nearest`: nearest-first baseline, for comparison only.
`match` chains the four steps and returns a `MatchResult` with per-link flows and a summary dict.
"""

from dataclasses import asdict, dataclass, field

import numpy as np

from .heat_costs import DEFAULT_HDD, DEFAULTS, carnot_cop, hdd_shares, pipe_unit_cost

# Stage reached by a candidate pair (a source / sink takes the max over its pairs).
STAGE_NONE = 0
STAGE_DISTANCE = 1
STAGE_TEMPERATURE = 2
STAGE_COP = 3
STAGE_COST = 4
STAGE_VIABLE = 5
STAGE_USED = 6

SOURCE_STATUS = {
    STAGE_NONE: "aucun puits candidat",
    STAGE_DISTANCE: "aucun puits à portée",
    STAGE_TEMPERATURE: "température insuffisante",
    STAGE_COP: "COP de PAC trop faible",
    STAGE_COST: "coût supérieur à la valeur de la chaleur",
    STAGE_VIABLE: "non retenue (puits servis par de meilleures sources)",
    STAGE_USED: "utilisée",
}
SINK_STATUS = {
    STAGE_NONE: "aucune source candidate",
    STAGE_DISTANCE: "aucune source à portée",
    STAGE_TEMPERATURE: "température insuffisante",
    STAGE_COP: "COP de PAC trop faible",
    STAGE_COST: "coût supérieur à la valeur de la chaleur",
    STAGE_VIABLE: "non desservi (sources utilisées ailleurs)",
    STAGE_USED: "desservi",
}

# Stable machine codes of the stages (output field `status_code`, read by styles and scripts); the
# French phrases above are for people and may be reworded or translated.
STATUS_CODE = {
    STAGE_NONE: "no_candidate",
    STAGE_DISTANCE: "too_far",
    STAGE_TEMPERATURE: "temperature_too_low",
    STAGE_COP: "cop_too_low",
    STAGE_COST: "cost_above_value",
    STAGE_VIABLE: "not_selected",
    STAGE_USED: "used",
}

MODE_DIRECT = "direct"
MODE_HEAT_PUMP = "heat_pump"
EPS = 1e-6
BATCH_LINKS = 20000  # links per HiGHS call (connected components are packed up to this size)


class SolverUnavailable(RuntimeError):
    """scipy (cKDTree / HiGHS) is missing."""


def _scipy():
    """Import scipy lazily so that the plugin loads without it; raise a French message otherwise."""
    try:
        from scipy import sparse
        from scipy.optimize import linprog
        from scipy.spatial import cKDTree
    except ImportError as exc:  # pragma: no cover - exercised by monkeypatching in tests
        raise SolverUnavailable(
            "scipy est nécessaire pour l'appariement de chaleur (solveur HiGHS) mais n'est pas installé. "
            "Installez le paquet python3-scipy (Linux) ou utilisez l'installeur QGIS qui l'inclut. / "
            "scipy is required for heat matching."
        ) from exc
    return sparse, linprog, cKDTree


@dataclass
class HeatParams:
    """Parameters of the matching (defaults and sources in `heat_costs.DEFAULTS/DEFAULT_SOURCES`)."""

    max_distance_m: float = DEFAULTS["max_distance_m"]
    k_nearest: int = DEFAULTS["k_nearest"]
    min_delta_t_k: float = DEFAULTS["min_delta_t_k"]
    allow_heat_pump: bool = DEFAULTS["allow_heat_pump"]
    hp_cop: float = DEFAULTS["hp_cop"]
    carnot_fraction: float = DEFAULTS["carnot_fraction"]
    min_cop: float = DEFAULTS["min_cop"]
    max_cop: float = DEFAULTS["max_cop"]
    electricity_price_eur_mwh: float = DEFAULTS["electricity_price_eur_mwh"]
    heat_value_eur_mwh: float = DEFAULTS["heat_value_eur_mwh"]
    cost_model: str = DEFAULTS["cost_model"]
    transport_cost_eur_mwh_km: float = DEFAULTS["transport_cost_eur_mwh_km"]
    pipe_cost_eur_m: float = DEFAULTS["pipe_cost_eur_m"]
    discount_rate: float = DEFAULTS["discount_rate"]
    lifetime_years: float = DEFAULTS["lifetime_years"]
    om_rate: float = DEFAULTS["om_rate"]
    heat_loss_mwh_m_yr: float = DEFAULTS["heat_loss_mwh_m_yr"]
    max_loss_fraction: float = DEFAULTS["max_loss_fraction"]
    monthly: bool = False
    hdd: tuple = field(default=None)

    def echo(self):
        """Plain dict for reports (JSON-friendly)."""
        out = asdict(self)
        out["hdd"] = list(self.hdd) if self.hdd is not None else None
        return out


@dataclass
class Pairs:
    """Candidate source→sink pairs (all k-nearest pairs, including those beyond the radius)."""

    src: np.ndarray
    sink: np.ndarray
    distance: np.ndarray


@dataclass
class Links:
    """Evaluated pairs. Arrays `stage` cover every pair; the others only the viable ones."""

    stage: np.ndarray
    src: np.ndarray
    sink: np.ndarray
    distance: np.ndarray
    heat_pump: np.ndarray
    cop: np.ndarray
    source_per_mwh: np.ndarray  # source heat per MWh delivered (s_ij)
    lift_share: np.ndarray  # share of delivered heat coming from the source side (1 − 1/COP, or 1)
    cost: np.ndarray  # €/MWh delivered
    value: np.ndarray  # €/MWh delivered

    @property
    def margin(self):
        return self.value - self.cost

    def subset(self, sel):
        """Viable links `sel` only (stage array kept whole)."""
        return Links(self.stage, *(getattr(self, k)[sel] for k in _LINK_ARRAYS))


_LINK_ARRAYS = ("src", "sink", "distance", "heat_pump", "cop", "source_per_mwh", "lift_share", "cost", "value")


@dataclass
class MatchResult:
    links: Links
    flows: np.ndarray  # MWh delivered per viable link (annual total)
    monthly_flows: np.ndarray  # (n_links, 12) or None
    source_used: np.ndarray  # MWh of source heat used per source
    sink_supplied: np.ndarray  # MWh delivered per sink
    source_stage: np.ndarray
    sink_stage: np.ndarray
    summary: dict


def candidate_pairs(src_xy, sink_xy, k):
    """k nearest sinks of each source (cKDTree on projected coordinates, metres)."""
    src_xy = np.asarray(src_xy, dtype=float).reshape(-1, 2)
    sink_xy = np.asarray(sink_xy, dtype=float).reshape(-1, 2)
    if len(src_xy) == 0 or len(sink_xy) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Pairs(empty, empty.copy(), np.zeros(0))
    _sparse, _linprog, ckdtree = _scipy()
    kk = int(max(1, min(int(k), len(sink_xy))))
    dist, idx = ckdtree(sink_xy).query(src_xy, k=kk)
    dist = np.asarray(dist, dtype=float).reshape(len(src_xy), kk)
    idx = np.asarray(idx, dtype=np.int64).reshape(len(src_xy), kk)
    src = np.repeat(np.arange(len(src_xy), dtype=np.int64), kk)
    return Pairs(src, idx.ravel(), dist.ravel())


def evaluate_links(pairs, src_energy, src_temp, sink_demand, sink_temp, sink_value, params):
    """Classify every pair (distance, temperature, COP, cost) and price the viable ones."""
    p = params
    i, j, d = pairs.src, pairs.sink, np.asarray(pairs.distance, dtype=float)
    e_i = np.asarray(src_energy, dtype=float)[i]
    t_i = np.asarray(src_temp, dtype=float)[i]
    dem_j = np.asarray(sink_demand, dtype=float)[j]
    t_j = np.asarray(sink_temp, dtype=float)[j]
    v_j = np.broadcast_to(np.asarray(sink_value, dtype=float), np.shape(sink_demand))[j]

    within = d <= p.max_distance_m
    direct = t_i >= t_j + p.min_delta_t_k
    needs_hp = ~direct
    if p.hp_cop and p.hp_cop > 0:
        cop = np.full(len(d), float(p.hp_cop))
    else:
        cop = carnot_cop(t_i, t_j, p.min_delta_t_k, p.carnot_fraction, p.max_cop)
    cop = np.where(direct, np.inf, cop)
    temp_ok = direct | bool(p.allow_heat_pump)
    cop_ok = direct | ((cop >= p.min_cop) & (cop > 1.0))  # COP ≤ 1 would need no source heat at all
    with np.errstate(divide="ignore", invalid="ignore"):
        lift_share = np.where(cop_ok & ~direct, 1.0 - 1.0 / np.where(direct, 2.0, cop), 1.0)

    with np.errstate(divide="ignore", invalid="ignore"):
        if p.cost_model == "pipe":
            loss = p.heat_loss_mwh_m_yr * d  # MWh/yr lost along the trench, whatever the flow
            source_design = np.minimum(e_i, dem_j * lift_share + loss)
            alpha = np.where(source_design > 0, loss / source_design, np.inf)
            loss_ok = alpha < p.max_loss_fraction
            alpha = np.where(loss_ok, alpha, 0.0)
            design_delivered = np.where(loss_ok, (source_design - loss) / lift_share, 0.0)
            transport = pipe_unit_cost(
                d, design_delivered, p.pipe_cost_eur_m, p.discount_rate, p.lifetime_years, p.om_rate
            )
        elif p.cost_model == "linear":
            alpha = np.zeros(len(d))
            loss_ok = np.ones(len(d), dtype=bool)
            transport = p.transport_cost_eur_mwh_km * d / 1000.0
        else:
            raise ValueError(f"Modèle de coût inconnu : {p.cost_model}")
        cost = transport + np.where(direct, 0.0, p.electricity_price_eur_mwh / cop)
    cost_ok = loss_ok & np.isfinite(cost) & (cost < v_j)

    stage = np.full(len(d), STAGE_VIABLE, dtype=np.int8)
    stage[~cost_ok] = STAGE_COST
    stage[needs_hp & ~cop_ok] = STAGE_COP
    stage[~temp_ok] = STAGE_TEMPERATURE
    stage[~within] = STAGE_DISTANCE
    ok = stage == STAGE_VIABLE
    return Links(
        stage=stage,
        src=i[ok],
        sink=j[ok],
        distance=d[ok],
        heat_pump=needs_hp[ok],
        cop=cop[ok],
        source_per_mwh=(lift_share / (1.0 - alpha))[ok],
        lift_share=lift_share[ok],
        cost=cost[ok],
        value=v_j[ok],
    )


def _period_bounds(src_energy, sink_demand, sink_shares):
    """Capacities per (source, period) and (sink, period); one period when sink_shares is None."""
    e = np.asarray(src_energy, dtype=float)
    dem = np.asarray(sink_demand, dtype=float)
    if sink_shares is None:
        return e[:, None], dem[:, None]
    shares = np.asarray(sink_shares, dtype=float)
    return np.repeat(e[:, None] / 12.0, 12, axis=1), dem[:, None] * shares


def solve_lp(links, src_energy, sink_demand, sink_shares=None, batch_links=BATCH_LINKS):
    """Maximise Σ (v − c)·x subject to source energy and sink demand (per period).

    Periods are independent (no storage), and so are the connected components of the candidate
    graph: each period is solved separately, its components packed into batches of about
    `batch_links` links, one HiGHS call per batch. Returns (flows (n_links, T), worst status code,
    message, net value €). T = 1 or 12.
    """
    sparse, linprog, _ckdtree = _scipy()
    from scipy.sparse.csgraph import connected_components

    cap_src, cap_sink = _period_bounds(src_energy, sink_demand, sink_shares)
    n_t = cap_src.shape[1]
    n = len(links.src)
    if n == 0:
        return np.zeros((0, n_t)), 0, "aucun lien candidat", 0.0
    n_src = cap_src.shape[0]
    graph = sparse.coo_matrix(
        (np.ones(n), (links.src, n_src + links.sink)), shape=(n_src + cap_sink.shape[0],) * 2
    )
    _n_comp, label = connected_components(graph, directed=False)
    comp = label[links.src]
    order = np.argsort(comp, kind="stable")
    groups = np.split(order, np.nonzero(np.diff(comp[order]))[0] + 1)
    batches, current = [], []
    for k, group in enumerate(groups):
        current.append(group)
        if sum(len(g) for g in current) >= batch_links or k == len(groups) - 1:
            batches.append(np.concatenate(current))
            current = []
    flows = np.zeros((n, n_t))
    statuses, messages, objective = [], [], 0.0
    for sel in batches:
        sub = links.subset(sel)
        for t in range(n_t):
            x, status, message, obj = _solve_block(sub, cap_src[:, t], cap_sink[:, t], sparse, linprog)
            flows[sel, t] = x
            statuses.append(status)
            messages.append(message)
            objective += obj
    worst = max(statuses)
    return flows, worst, messages[statuses.index(worst)], objective


def _solve_block(links, cap_src, cap_sink, sparse, linprog):
    """One HiGHS call for one period on a set of links (rows only for the nodes involved)."""
    n = len(links.src)
    used_src, src_row = np.unique(links.src, return_inverse=True)
    used_sink, sink_row = np.unique(links.sink, return_inverse=True)
    n_s, n_k = len(used_src), len(used_sink)
    col = np.arange(n)
    a_ub = sparse.csr_matrix(
        (np.concatenate([links.source_per_mwh, np.ones(n)]), (np.concatenate([src_row, n_s + sink_row]), np.concatenate([col, col]))),
        shape=(n_s + n_k, n),
    )
    b_ub = np.concatenate([cap_src[used_src], cap_sink[used_sink]])
    res = linprog(-links.margin, A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
    if res.x is None:
        return np.zeros(n), int(res.status), str(res.message), 0.0
    x = np.maximum(res.x, 0.0)
    x[x < EPS] = 0.0
    return x, int(res.status), str(res.message), float(-res.fun)


def greedy_nearest(links, src_energy, sink_demand):
    """Nearest-first baseline: take viable links by increasing distance, saturate each in turn."""
    left_src = np.asarray(src_energy, dtype=float).copy()
    left_sink = np.asarray(sink_demand, dtype=float).copy()
    flows = np.zeros(len(links.src))
    for l in np.lexsort((-links.margin, links.distance)):
        i, j, s = links.src[l], links.sink[l], links.source_per_mwh[l]
        x = min(left_src[i] / s, left_sink[j])
        if x > EPS:
            flows[l] = x
            left_src[i] -= x * s
            left_sink[j] -= x
    return flows


def _stage_by(index, stage, size):
    out = np.zeros(size, dtype=np.int8)
    if len(index):
        np.maximum.at(out, index, stage)
    return out


def _sink_shares(n_sinks, params, flat_sinks):
    profile = hdd_shares(params.hdd if params.hdd is not None else DEFAULT_HDD)
    shares = np.repeat(profile[None, :], n_sinks, axis=0)
    if flat_sinks is not None:
        shares[np.asarray(flat_sinks, dtype=bool)] = 1.0 / 12.0
    return shares


def match(pairs, src_energy, src_temp, sink_demand, sink_temp, sink_value=None, params=None, flat_sinks=None):
    """Full matching on pre-built pairs; see module docstring. Inputs must be valid (finite, ≥ 0)."""
    params = params or HeatParams()
    n_src, n_sink = len(src_energy), len(sink_demand)
    value = params.heat_value_eur_mwh if sink_value is None else sink_value
    links = evaluate_links(pairs, src_energy, src_temp, sink_demand, sink_temp, value, params)
    shares = _sink_shares(n_sink, params, flat_sinks) if params.monthly else None
    flows_t, status, message, objective = solve_lp(links, src_energy, sink_demand, shares)
    flows = flows_t.sum(axis=1)
    monthly_flows = flows_t if params.monthly else None

    src_used = np.bincount(links.src, weights=flows * links.source_per_mwh, minlength=n_src)
    sink_sup = np.bincount(links.sink, weights=flows, minlength=n_sink)
    src_stage = _stage_by(pairs.src, links.stage, n_src)
    sink_stage = _stage_by(pairs.sink, links.stage, n_sink)
    src_stage[src_used > EPS] = STAGE_USED
    sink_stage[sink_sup > EPS] = STAGE_USED

    if params.monthly:  # same periods as the LP, so that the comparison is fair
        cap_src, cap_sink = _period_bounds(src_energy, sink_demand, shares)
        greedy = sum(greedy_nearest(links, cap_src[:, t], cap_sink[:, t]) for t in range(12))
    else:
        greedy = greedy_nearest(links, src_energy, sink_demand)
    summary = _summary(links, flows, greedy, params, src_energy, sink_demand, status, message, objective)
    summary["n_sources"] = int(n_src)
    summary["n_sinks"] = int(n_sink)
    summary["n_sources_used"] = int((src_stage == STAGE_USED).sum())
    summary["n_sinks_supplied"] = int((sink_stage == STAGE_USED).sum())
    if params.monthly:
        summary["monthly_delivered_mwh"] = [round(float(v), 3) for v in flows_t.sum(axis=0)]
        summary["monthly_demand_mwh"] = [round(float(v), 3) for v in (np.asarray(sink_demand)[:, None] * shares).sum(0)]
        annual_flows, _s, _m, annual_obj = solve_lp(links, src_energy, sink_demand, None)
        summary["annual_model_delivered_mwh"] = float(annual_flows.sum())
        summary["annual_model_net_value_eur"] = annual_obj
    return MatchResult(links, flows, monthly_flows, src_used, sink_sup, src_stage, sink_stage, summary)


def _summary(links, flows, greedy, params, src_energy, sink_demand, status, message, objective):
    stage = links.stage
    hp = links.heat_pump
    elec = np.where(hp, flows / np.where(hp, links.cop, 1.0), 0.0)
    src_heat = flows * links.source_per_mwh
    return {
        "solver": "HiGHS (scipy.optimize.linprog)",
        "solver_status": status,
        "solver_message": message,
        "n_candidate_pairs": int(len(stage)),
        "rejected_distance": int((stage == STAGE_DISTANCE).sum()),
        "rejected_temperature": int((stage == STAGE_TEMPERATURE).sum()),
        "rejected_cop": int((stage == STAGE_COP).sum()),
        "rejected_cost": int((stage == STAGE_COST).sum()),
        "n_viable_links": int(len(links.src)),
        "n_links_used": int((flows > EPS).sum()),
        "n_heat_pump_links_used": int(((flows > EPS) & hp).sum()),
        "available_mwh": float(np.sum(src_energy)),
        "demand_mwh": float(np.sum(sink_demand)),
        "delivered_mwh": float(flows.sum()),
        "source_heat_mwh": float(src_heat.sum()),
        "electricity_mwh": float(elec.sum()),
        "loss_mwh": float((src_heat - flows * links.lift_share).sum()),
        "value_eur": float((flows * links.value).sum()),
        "cost_eur": float((flows * links.cost).sum()),
        "net_value_eur": float((flows * links.margin).sum()),
        "objective_eur": objective,
        "greedy_delivered_mwh": float(greedy.sum()),
        "greedy_net_value_eur": float((greedy * links.margin).sum()),
        "parameters": params.echo(),
    }


def link_table(result):
    """Per-link output values (only links with a positive flow), as numpy arrays."""
    lk, x = result.links, result.flows
    used = x > EPS
    hp = lk.heat_pump[used]
    cop = lk.cop[used]
    return {
        "index": np.nonzero(used)[0],
        "src": lk.src[used],
        "sink": lk.sink[used],
        "distance_m": lk.distance[used],
        "mode": np.where(hp, MODE_HEAT_PUMP, MODE_DIRECT),
        "cop": np.where(hp, cop, np.nan),
        "delivered_mwh": x[used],
        "source_heat_mwh": x[used] * lk.source_per_mwh[used],
        "electricity_mwh": np.where(hp, x[used] / np.where(hp, cop, 1.0), 0.0),
        "loss_mwh": x[used] * (lk.source_per_mwh[used] - lk.lift_share[used]),
        "cost_eur_mwh": lk.cost[used],
        "value_eur_mwh": lk.value[used],
        "net_value_eur": x[used] * lk.margin[used],
        "monthly_mwh": None if result.monthly_flows is None else result.monthly_flows[used],
    }
