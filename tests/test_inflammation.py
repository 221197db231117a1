"""The CAR T–inflammation toxicity model of Hanson et al. (2016) and its drug trade-off."""

import time
from dataclasses import asdict

import numpy as np
import pytest
from scipy.optimize import brentq

from celltherapy import inflammation as m
from celltherapy.parameters import by_name, defaults
from celltherapy.widgets import render_png

PUBLISHED = dict(n=6, r_1=0.003, r_2=0.1, r_3=0.1, r_4=0.1, d_1=2e-4, d_2=1.5, d_3=0.004, d_4=0.004,
                 d_5=2e-4, p_0=200, p_1=0.002, p_2=0.4, a_1=4e-7, a_2=2, a_3=8e-5, b=800, l=1600, k=4800)


def test_parameters_and_initial_values_are_the_published_ones():
    assert asdict(m.HANSON_2016) == PUBLISHED
    assert asdict(m.INITIAL) == dict(C_m=10, C_e=10, H_m=10, H_e=10, L=1600, I=140, B=300, D=0)
    assert m.HORIZON_DAYS * m.HOURS_PER_DAY == 720  # the curated time course, in hours


def test_slider_sources_and_ranges():
    assert by_name(m.PARAMETERS, "tumour0").default == m.INITIAL.B
    assert by_name(m.PARAMETERS, "tumour0").source == "hanson2016toxicity"
    # the drug schedule is a teaching choice, so its defaults are marked illustrative
    assert by_name(m.PARAMETERS, "drug").source == "" and by_name(m.PARAMETERS, "drug").minimum == 0
    assert by_name(m.PARAMETERS, "drug_start").source == ""


def test_published_run_without_drug():
    """CAR T cells expand, inflammation rises from 140 to a peak about a week after infusion and
    falls back to its resting level p_0/d_2, and the tumour shrinks about eightfold in 30 days."""
    run = m.simulate()
    p = m.HANSON_2016
    assert run.I[0] == pytest.approx(140) and run.B[0] == pytest.approx(300)
    assert 160 < m.peak_inflammation(run) < 175
    assert 5 < m.peak_day(run) < 9
    assert run.I[-1] == pytest.approx(p.p_0 / p.d_2, rel=0.03)
    assert run.C_e.max() > 4 * run.C_e[0]          # effector expansion
    assert m.final_tumour(run) == pytest.approx(39, rel=0.05)
    assert m.outcome(run) == "controlled"
    assert m.tumour_at(run, 0) == pytest.approx(300) and m.tumour_at(run, 30) == m.final_tumour(run)


def test_without_drug_the_response_is_transient():
    """Beyond the 30 days shown, the tumour grows back (a relapse)."""
    long = m.simulate(hours=np.linspace(0, 2000, 501))
    assert m.tumour_at(long, 1800 / 24) > 3 * m.tumour_at(long, 720 / 24)


def test_larger_tumours_give_earlier_higher_inflammation_and_deeper_responses():
    runs = [m.simulate(tumour0=b0) for b0 in (300, 1000, 3000)]
    peaks = [m.peak_inflammation(r) for r in runs]
    days = [m.peak_day(r) for r in runs]
    assert peaks[0] < peaks[1] < peaks[2] and peaks[2] > 10 * peaks[0]
    assert days[0] > days[1] > days[2]
    assert [m.outcome(r) for r in runs] == ["controlled", "eliminated", "eliminated"]
    # a small tumour hardly activates the CAR T cells and keeps growing
    assert m.outcome(m.simulate(tumour0=30)) == "not controlled"


def test_without_car_t_cells_the_equations_reduce_to_closed_forms():
    p = m.HANSON_2016
    run = m.simulate(initial=m.InitialValues(C_m=0, C_e=0, H_m=0, H_e=0))
    t = run.hours
    logistic = p.k / (1 + (p.k / 300 - 1) * np.exp(-p.r_1 * t))
    resting = p.p_0 / p.d_2
    assert np.allclose(run.B, logistic, rtol=1e-4)
    assert np.allclose(run.I, resting + (140 - resting) * np.exp(-p.d_2 * t), rtol=1e-4, atol=1e-3)


def test_the_drug_removes_inflammation_at_a_constant_rate_from_its_start():
    p = m.HANSON_2016
    late = m.simulate(drug=100, drug_start=5)
    before = late.days <= 5
    assert np.allclose(late.I[before], m.no_drug().I[before])
    assert np.all(late.D[late.days < 5] == 0) and np.all(late.D[late.days >= 5] == 100)
    # without CAR T cells inflammation settles where input balances decay and the drug:
    # p_0 = d_2 I + D (the published form; here D·I/(I + 1), within 1 %)
    drug = 60.0
    run = m.simulate(drug=drug, initial=m.InitialValues(C_m=0, C_e=0, H_m=0, H_e=0))
    guarded = brentq(lambda i: p.p_0 - p.d_2 * i - drug * i / (i + m.DRUG_FLOOR), 1e-9, 1e4)
    assert run.I[-1] == pytest.approx(guarded, rel=1e-4)
    assert run.I[-1] == pytest.approx((p.p_0 - drug) / p.d_2, rel=0.01)


@pytest.mark.parametrize("start", [0.0, 2.0])
def test_more_drug_never_raises_peak_inflammation(start):
    curve = m.tradeoff(np.linspace(0, m.DRUG_MAX, 11), drug_start=start)
    assert np.all(np.diff(curve.peak_inflammation) <= 1e-6)
    assert curve.peak_inflammation[-1] < curve.peak_inflammation[0] - 10
    # ... but it leaves more tumour: the other side of the trade-off
    assert np.all(np.diff(curve.final_tumour) > 0)


@pytest.mark.parametrize("start", [0.0, 2.0])
def test_enough_drug_loses_tumour_control(start):
    curve = m.tradeoff([0.0, 60.0, m.DRUG_MAX], drug_start=start)
    assert curve.outcome[0] == "controlled" and curve.outcome[1] == "controlled"
    assert curve.outcome[2] == "not controlled"
    assert list(curve.controlled) == [True, True, False]
    lost = m.control_lost_at(drug_start=start)
    assert 80 <= lost <= 150 < m.DRUG_MAX + 1


def test_default_drug_sits_in_the_window_between_toxicity_and_escape():
    """At the slider defaults the drug keeps inflammation under the (illustrative) line that the
    published run crosses, and the tumour is still controlled."""
    run = m.simulate(m.DRUG_DEFAULT, m.DRUG_START_DEFAULT)
    assert m.peak_inflammation(m.no_drug()) > m.TOXICITY_LINE > m.peak_inflammation(run)
    assert m.outcome(run) == "controlled"


@pytest.mark.parametrize("drug", [0.0, m.DRUG_MAX])
@pytest.mark.parametrize("tumour0", [30.0, 300.0, 3000.0])
@pytest.mark.parametrize("start", [0.0, 10.0])
def test_populations_stay_positive_and_finite(drug, tumour0, start):
    run = m.simulate(drug, start, tumour0)
    for name in ("C_m", "C_e", "H_m", "H_e", "L", "I", "B"):
        values = getattr(run, name)
        assert values.shape == run.hours.shape
        assert np.all(np.isfinite(values)) and np.all(values >= 0), name
    assert run.I.min() > 1.0  # the strongest drug does not empty the inflammation compartment


def test_view_renders_with_a_summary():
    view = m.InflammationView()
    summary = view.update(**defaults(m.PARAMETERS))
    assert "peak inflammation 151" in summary and "no drug: 168" in summary and "controlled" in summary
    assert "peak inflammation 151" in view.ax_i.get_title() and "controlled" in view.ax_b.get_title()
    assert render_png(view.fig)[:4] == b"\x89PNG"
    summary = view.update(drug=m.DRUG_MAX, drug_start=2.0, tumour0=300.0)
    assert "not controlled" in summary
    assert len(m.plot_inflammation().axes) == 2


def test_update_is_fast():
    view = m.InflammationView()
    view.update()
    m._no_drug.cache_clear()  # time the reference runs too
    settings = [dict(drug=d, drug_start=s, tumour0=b) for d in np.linspace(0, m.DRUG_MAX, 5)
                for s in (0.0, 2.0, 10.0) for b in np.geomspace(30, 3000, 3)]
    times = []
    for values in settings:
        start = time.perf_counter()
        view.update(**values)
        times.append(time.perf_counter() - start)
    assert np.mean(times) < 0.080
