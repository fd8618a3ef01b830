"""Pure-logic tests of core.heat_matching / core.heat_costs: hand-derived optima and properties."""

import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ti_energie.core import heat_matching as hm
from ti_energie.core.heat_costs import (
    DEFAULT_HDD,
    annuity_factor,
    carnot_cop,
    hdd_shares,
    parse_profile,
    pipe_unit_cost,
)


def run(src_xy, energy, t_src, sink_xy, demand, t_sink, value=None, flat=None, **kw):
    params = hm.HeatParams(**kw)
    pairs = hm.candidate_pairs(src_xy, sink_xy, params.k_nearest)
    return hm.match(pairs, np.array(energy, float), np.array(t_src, float), np.array(demand, float),
                    np.array(t_sink, float), value, params, flat)


def flow(result, src, sink):
    """Annual MWh delivered on link src→sink (0 when the link is not viable)."""
    lk = result.links
    sel = (lk.src == src) & (lk.sink == sink)
    return float(result.flows[sel].sum())


# ---------------------------------------------------------------- cost / COP models
def test_annuity_factor_matches_formula():
    r, n = 0.03, 30
    assert annuity_factor(r, n) == pytest.approx(r * 1.03**30 / (1.03**30 - 1))
    assert annuity_factor(0.03, 30) == pytest.approx(0.05102, abs=1e-5)
    assert annuity_factor(0.0, 20) == pytest.approx(0.05)


def test_carnot_cop_by_hand():
    # condensing 70 + 5 = 75 °C = 348.15 K, evaporating 30 − 5 = 25 °C: lift 50 K
    assert float(carnot_cop(30.0, 70.0, 5.0, 0.5)) == pytest.approx(0.5 * 348.15 / 50.0)
    # tiny lift: capped
    assert float(carnot_cop(68.0, 70.0, 5.0, 0.5, max_cop=10.0)) == 10.0


def test_pipe_unit_cost_and_profiles():
    a = annuity_factor(0.03, 30)
    assert float(pipe_unit_cost(1000.0, 5000.0, 1000.0, 0.03, 30, 0.01)) == pytest.approx((a + 0.01) * 1e6 / 5000)
    shares = hdd_shares(DEFAULT_HDD)
    assert shares.sum() == pytest.approx(1.0) and shares[0] > shares[6]
    assert parse_profile("1;1;1;1;1;1;1;1;1;1;1;1") == pytest.approx(np.full(12, 1 / 12))
    with pytest.raises(ValueError):
        parse_profile("1, 2, 3")


# ---------------------------------------------------------------- hand-computed optima
def test_lp_beats_nearest_first_greedy():
    """A (0 km) reaches X (1 km) and Y (2 km); B reaches only X (3 km, Y is 6 km > R = 5 km).

    Greedy nearest-first gives X to A, then B finds X full and Y is left unserved: 100 MWh,
    net 100·(60 − 3) = 5 700 €. With a = flow A→X, the LP value is
    a·57 + (100 − a)·54 + (100 − a)·51 = 10 500 − 48a, maximal (uniquely) at a = 0:
    A→Y 100, B→X 100, net 5 400 + 5 100 = 10 500 €.
    """
    res = run([[0, 0], [4000, 0]], [100, 100], [90, 90], [[1000, 0], [-2000, 0]], [100, 100], [70, 70],
              max_distance_m=5000, transport_cost_eur_mwh_km=3.0, heat_value_eur_mwh=60.0)
    assert flow(res, 0, 0) == pytest.approx(0.0, abs=1e-6)
    assert flow(res, 0, 1) == pytest.approx(100.0)
    assert flow(res, 1, 0) == pytest.approx(100.0)
    s = res.summary
    assert s["delivered_mwh"] == pytest.approx(200.0)
    assert s["net_value_eur"] == pytest.approx(10500.0)
    assert s["objective_eur"] == pytest.approx(10500.0)
    assert s["greedy_delivered_mwh"] == pytest.approx(100.0)
    assert s["greedy_net_value_eur"] == pytest.approx(5700.0)
    assert s["rejected_distance"] == 1  # B→Y
    assert s["solver_status"] == 0


def test_heat_pump_allocation():
    """Sink K (70 °C, 400 MWh) ; S1 at 1 km, 30 °C, 300 MWh, heat pump COP 4 ; S2 at 5 km, 90 °C, 200 MWh.

    Unit costs (3 €/MWh/km, electricity 100 €/MWh): S1 3 + 100/4 = 28 → margin 32 ;
    S2 direct 15 → margin 45. S2 is better and saturates (200), S1 fills the rest: 200 MWh delivered
    for 200·(1 − 1/4) = 150 MWh of source heat and 50 MWh of electricity.
    Net 200·45 + 200·32 = 15 400 €. Greedy nearest-first sends 400 from S1 (300 source MWh): 12 800 €.
    """
    res = run([[1000, 0], [5000, 0]], [300, 200], [30, 90], [[0, 0]], [400], [70],
              hp_cop=4.0, electricity_price_eur_mwh=100.0, transport_cost_eur_mwh_km=3.0, heat_value_eur_mwh=60.0)
    assert flow(res, 0, 0) == pytest.approx(200.0)
    assert flow(res, 1, 0) == pytest.approx(200.0)
    table = hm.link_table(res)
    modes = dict(zip(table["src"].tolist(), table["mode"].tolist()))
    assert modes == {0: hm.MODE_HEAT_PUMP, 1: hm.MODE_DIRECT}
    hp = table["src"] == 0
    assert table["cop"][hp][0] == pytest.approx(4.0)
    assert table["source_heat_mwh"][hp][0] == pytest.approx(150.0)
    assert table["electricity_mwh"][hp][0] == pytest.approx(50.0)
    assert table["cost_eur_mwh"][hp][0] == pytest.approx(28.0)
    assert res.source_used.tolist() == pytest.approx([150.0, 200.0])
    s = res.summary
    assert s["electricity_mwh"] == pytest.approx(50.0)
    assert s["source_heat_mwh"] == pytest.approx(350.0)
    assert s["net_value_eur"] == pytest.approx(15400.0)
    assert s["greedy_net_value_eur"] == pytest.approx(12800.0)


def test_heat_pump_rejections_explained():
    """Same low-temperature source: refused without heat pump (temperature), with a Carnot COP of
    0.5 × 348.15 / 50 = 3.48 below a minimum of 4 (COP), or when the electricity makes it dearer than the
    heat value (cost: 156 / 3.48 = 44.8 > 40)."""
    common = dict(src_xy=[[0, 0]], energy=[100], t_src=[30], sink_xy=[[1000, 0]], demand=[100], t_sink=[70])
    no_hp = run(**common, allow_heat_pump=False)
    assert no_hp.summary["rejected_temperature"] == 1 and no_hp.summary["delivered_mwh"] == 0
    assert no_hp.source_stage[0] == hm.STAGE_TEMPERATURE
    low_cop = run(**common, min_cop=4.0)
    assert low_cop.summary["rejected_cop"] == 1 and low_cop.sink_stage[0] == hm.STAGE_COP
    dear = run(**common, heat_value_eur_mwh=40.0, electricity_price_eur_mwh=156.0)
    assert dear.summary["rejected_cost"] == 1
    ok = run(**common, heat_value_eur_mwh=60.0, electricity_price_eur_mwh=156.0)
    cop = 0.5 * 348.15 / 50.0
    assert ok.summary["delivered_mwh"] == pytest.approx(100.0)
    assert ok.summary["electricity_mwh"] == pytest.approx(100.0 / cop)
    assert ok.summary["net_value_eur"] == pytest.approx(100.0 * (60.0 - 3.0 - 156.0 / cop))


def test_seasonality_flat_source_vs_degree_day_sink():
    """Flat source 1 200 MWh/yr (100 per month) ; sink 1 200 MWh/yr with monthly shares
    20, 20, 10, 10, 5, 0, 0, 0, 5, 10, 10, 10 % → demand 240, 240, 120, 120, 60, 0, 0, 0, 60, 120, 120, 120.
    Monthly deliveries min(100, demand) sum to 820 MWh, whereas the annual model delivers 1 200."""
    hdd = (2, 2, 1, 1, 0.5, 0, 0, 0, 0.5, 1, 1, 1)
    res = run([[0, 0]], [1200], [90], [[500, 0]], [1200], [70], monthly=True, hdd=hdd)
    expected = [100, 100, 100, 100, 60, 0, 0, 0, 60, 100, 100, 100]
    assert res.monthly_flows[0] == pytest.approx(expected, abs=1e-6)
    assert res.summary["delivered_mwh"] == pytest.approx(820.0)
    assert res.summary["monthly_demand_mwh"] == pytest.approx([240, 240, 120, 120, 60, 0, 0, 0, 60, 120, 120, 120])
    assert res.summary["annual_model_delivered_mwh"] == pytest.approx(1200.0)
    assert res.sink_supplied[0] == pytest.approx(820.0)
    flat = run([[0, 0]], [1200], [90], [[500, 0]], [1200], [70], monthly=True, hdd=hdd, flat=[True])
    assert flat.summary["delivered_mwh"] == pytest.approx(1200.0)


def test_pipe_model_with_losses_by_hand():
    """1 km trench, 0.2 MWh/(m·yr): L = 200 MWh. Design source heat min(10 000, 5 000 + 200) = 5 200,
    α = 200/5 200, design delivery 5 000, so 5 000 MWh delivered for 5 200 MWh of source heat and a unit
    cost (annuity(3 %, 30) + 1 %)·1 000 €/m·1 000 m / 5 000 MWh."""
    res = run([[0, 0]], [10000], [100], [[1000, 0]], [5000], [70], cost_model="pipe",
              pipe_cost_eur_m=1000.0, discount_rate=0.03, lifetime_years=30, om_rate=0.01, heat_loss_mwh_m_yr=0.2)
    unit = (annuity_factor(0.03, 30) + 0.01) * 1e6 / 5000.0
    s = res.summary
    assert s["delivered_mwh"] == pytest.approx(5000.0)
    assert s["source_heat_mwh"] == pytest.approx(5200.0)
    assert s["loss_mwh"] == pytest.approx(200.0)
    assert res.links.cost[0] == pytest.approx(unit)
    assert s["net_value_eur"] == pytest.approx(5000.0 * (60.0 - unit))


def test_k_nearest_and_empty_cases():
    # k = 1: only the nearest sink is a candidate even if the second is in reach
    res = run([[0, 0]], [100], [90], [[1000, 0], [2000, 0]], [50, 50], [70, 70], k_nearest=1)
    assert res.summary["n_candidate_pairs"] == 1 and res.summary["delivered_mwh"] == pytest.approx(50.0)
    # everything beyond reach: no link, explained, no crash
    far = run([[0, 0]], [100], [90], [[50000, 0]], [50], [70])
    assert far.summary["n_viable_links"] == 0 and far.summary["rejected_distance"] == 1
    assert far.summary["delivered_mwh"] == 0.0 and far.source_stage[0] == hm.STAGE_DISTANCE
    assert hm.SOURCE_STATUS[int(far.source_stage[0])] == "aucun puits à portée"
    pairs = hm.candidate_pairs(np.zeros((0, 2)), [[0, 0]], 10)
    assert len(pairs.src) == 0


def test_component_batches_give_the_same_optimum():
    rng = np.random.default_rng(7)
    src_xy, sink_xy = rng.uniform(0, 60000, (60, 2)), rng.uniform(0, 60000, (15, 2))
    energy, demand = rng.uniform(0, 1000, 60), rng.uniform(0, 3000, 15)
    params = hm.HeatParams()
    pairs = hm.candidate_pairs(src_xy, sink_xy, 10)
    links = hm.evaluate_links(pairs, energy, np.full(60, 90.0), demand, np.full(15, 70.0), 60.0, params)
    whole = hm.solve_lp(links, energy, demand, batch_links=10**9)
    split = hm.solve_lp(links, energy, demand, batch_links=1)
    assert split[3] == pytest.approx(whole[3], rel=1e-9)
    assert split[1] == whole[1] == 0


def test_scipy_missing_gives_clear_message(monkeypatch):
    monkeypatch.setitem(sys.modules, "scipy", None)
    with pytest.raises(hm.SolverUnavailable, match="scipy est nécessaire"):
        hm.candidate_pairs([[0, 0]], [[1, 1]], 3)


# ---------------------------------------------------------------- properties
@st.composite
def instances(draw):
    n_src = draw(st.integers(1, 8))
    n_sink = draw(st.integers(1, 6))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    return dict(
        src_xy=rng.uniform(0, 20000, (n_src, 2)),
        energy=rng.uniform(0, 1000, n_src).round(1),
        t_src=rng.choice([20.0, 40.0, 60.0, 90.0, 120.0], n_src),
        sink_xy=rng.uniform(0, 20000, (n_sink, 2)),
        demand=rng.uniform(0, 800, n_sink).round(1),
        t_sink=rng.choice([45.0, 70.0, 90.0], n_sink),
        value=rng.uniform(30, 90, n_sink).round(1),
        kw=dict(
            allow_heat_pump=draw(st.booleans()),
            cost_model=draw(st.sampled_from(["linear", "pipe"])),
            k_nearest=draw(st.integers(1, 6)),
            transport_cost_eur_mwh_km=draw(st.sampled_from([0.5, 3.0, 10.0])),
            max_distance_m=draw(st.sampled_from([3000.0, 10000.0, 30000.0])),
        ),
        monthly=draw(st.booleans()),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_properties_on_random_inputs(case):
    kw = dict(case["kw"], monthly=case["monthly"])
    res = run(case["src_xy"], case["energy"], case["t_src"], case["sink_xy"], case["demand"], case["t_sink"],
              value=case["value"], **kw)
    tol = 1e-6 * (1 + max(case["energy"].max(), case["demand"].max()))
    assert np.all(res.flows >= 0)
    assert np.all(res.source_used <= case["energy"] + tol)  # no source over-used
    assert np.all(res.sink_supplied <= case["demand"] + tol)  # no sink over-supplied
    s = res.summary
    assert s["net_value_eur"] == pytest.approx(s["objective_eur"], rel=1e-6, abs=1e-3)
    assert s["net_value_eur"] >= -1e-6
    assert s["net_value_eur"] >= s["greedy_net_value_eur"] - 1e-6 * (1 + abs(s["greedy_net_value_eur"]))
    if case["monthly"]:
        shares = hdd_shares(DEFAULT_HDD)
        lk = res.links
        for t in range(12):
            used = np.bincount(lk.src, weights=res.monthly_flows[:, t] * lk.source_per_mwh, minlength=len(case["energy"]))
            sup = np.bincount(lk.sink, weights=res.monthly_flows[:, t], minlength=len(case["demand"]))
            assert np.all(used <= case["energy"] / 12 + tol)
            assert np.all(sup <= case["demand"] * shares[t] + tol)
        assert s["annual_model_net_value_eur"] >= s["net_value_eur"] - 1e-6 * (1 + s["net_value_eur"])
    stages = set(res.source_stage.tolist()) | set(res.sink_stage.tolist())
    assert stages <= set(hm.SOURCE_STATUS)
