"""CARTmath (Barros et al. 2021) against the paper's dose result and exact limits."""

from dataclasses import replace

import numpy as np
import pytest

from celltherapy import cartmath as m


def test_published_dose_eliminates_hdlm2():
    # Barros et al. 2021: "A CAR-T dose of 1.5 × 10^6 cells can perform tumor elimination".
    for dose in (1.5e6, 2e6):
        assert m.simulate(dose).outcome == "eliminated"


@pytest.mark.parametrize("dose", [1e4, 5e4, 2e5])
def test_doses_far_below_escape(dose):
    course = m.simulate(dose)
    assert course.outcome == "escaped"
    assert course.tumour[-1] > 0.5 / m.HDLM2.b  # near carrying capacity


def test_an_intermediate_dose_controls():
    course = m.simulate(3e5)
    assert course.outcome == "controlled"
    assert 1 < course.tumour[-1] < course.tumour_at_infusion


def test_memory_cells_persist_after_elimination():
    course = m.simulate(2e6)
    assert course.memory[-1] > 1e5


def test_no_car_t_is_logistic_growth():
    course = m.simulate(0.0)
    assert np.allclose(course.tumour, m.logistic(course.days, m.TUMOUR_AT_START), rtol=1e-4)
    assert course.outcome == "escaped"


def test_without_tumour_effectors_decay_at_rho_minus_phi():
    p = m.HDLM2
    course = m.simulate(1e6, tumour_at_start=0.0)
    after = course.days >= m.INFUSION_DAY
    t = course.days[after] - m.INFUSION_DAY
    expected = 1e6 * np.exp(-(p.rho - p.phi) * t)
    assert np.allclose(course.effector[after], expected, rtol=1e-3, atol=1e-3)


def test_immunosuppression_raises_the_dose_needed():
    doses = [m.minimum_eliminating_dose(p=replace(m.HDLM2, alpha=a)) for a in (0.0, m.HDLM2.alpha, 2 * m.HDLM2.alpha)]
    assert doses[0] < doses[1] < doses[2]


def test_later_infusion_needs_more_cells():
    assert m.simulate(5e5, infusion_day=42).outcome == "eliminated"
    assert m.simulate(5e5, infusion_day=60).outcome == "escaped"


@pytest.mark.parametrize("dose", [0.0, 1e4, 1e7])
@pytest.mark.parametrize("day", [7.0, 80.0])
@pytest.mark.parametrize("alpha", [0.0, 2e-7])
def test_extremes_give_finite_non_negative_populations(dose, day, alpha):
    course = m.simulate(dose, day, replace(m.HDLM2, alpha=alpha))
    for series in (course.effector, course.memory, course.tumour):
        assert np.all(np.isfinite(series))
        assert np.all(series >= 0)


def test_elimination_before_the_first_grid_point():
    """A big dose into a small tumour, infused just after a grid point: the tumour dies out
    before the solver reaches the next one (solve_ivp then returns no points at all)."""
    course = m.simulate(1e7, 10.55, replace(m.HDLM2, alpha=1.4e-7))
    assert course.outcome == "eliminated"
    assert 10.55 < course.elimination_day < 11.0
    after = course.days > course.elimination_day
    assert np.all(course.tumour[after] == 0) and np.all(course.effector[after] > 0)
