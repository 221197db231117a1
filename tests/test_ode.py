"""The course's quick LSODA driver gives solve_ivp's numbers bit for bit, so the published model
numbers, the notebooks' printed numbers and their pictures are the ones solve_ivp gave."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from celltherapy import cartmath, dc_priming, inflammation, nk_tumour
from celltherapy.ode import lsoda, solve_with_extinction


def reference_with_extinction(rates, start, grid, index, threshold, args, start_time, atol=1e-9):
    """What solve_with_extinction computed with solve_ivp before it had its own driver."""
    def extinct(_t, y, *_args):
        return y[index] - threshold

    extinct.terminal, extinct.direction = True, -1
    options = dict(method="LSODA", rtol=1e-6, atol=atol, args=args)
    first = solve_ivp(rates, (start_time, grid[-1]), start, t_eval=grid, events=extinct, **options)
    values = np.zeros((len(start), grid.size))
    reached = np.reshape(first.y, (len(start), -1))
    values[:, :reached.shape[1]] = reached
    if not first.t_events[0].size:
        return values, None
    when = float(first.t_events[0][0])
    rest = grid > when
    if rest.any():
        state = first.y_events[0][0].copy()
        state[index] = 0.0
        values[:, rest] = solve_ivp(rates, (when, grid[-1]), state, t_eval=grid[rest], **options).y
    return values, when


@pytest.mark.parametrize("c", [1e-5, 5e-4, 0.035])
@pytest.mark.parametrize("s1, s2", [(0.0, 0.0), (1000.0, 0.0), (0.0, 1e6)])
def test_dc_priming_solutions_are_solve_ivps(c, s1, s2):
    p = replace(dc_priming.KIRSCHNER_PANETTA, c=c, s1=s1, s2=s2)
    days = dc_priming.DAYS
    expected = solve_ivp(dc_priming._rates, (days[0], days[-1]), dc_priming.START, t_eval=days, args=(p,),
                         method="LSODA", rtol=1e-6, atol=1e-9).y
    assert np.array_equal(lsoda(dc_priming._rates, (days[0], days[-1]), dc_priming.START, days, args=(p,),
                                rtol=1e-6, atol=1e-9).values, expected)


@pytest.mark.parametrize("drug, hours", [(0.0, 720.0), (60.0, 48.0), (200.0, 12.5)])
def test_inflammation_solutions_are_solve_ivps(drug, hours):
    start = np.array([10.0, 10.0, 10.0, 10.0, 1600.0, 140.0, 300.0])
    grid = np.append(inflammation.HOURS[inflammation.HOURS < hours], hours)
    args = (inflammation.HANSON_2016, drug)
    expected = solve_ivp(inflammation._rates, (0.0, hours), start, t_eval=grid, args=args, method="LSODA",
                         rtol=1e-6, atol=1e-8).y
    assert np.array_equal(lsoda(inflammation._rates, (0.0, hours), start, grid, args=args, rtol=1e-6,
                                atol=1e-8).values, expected)


# eliminated late, controlled, escaped, eliminated before the first grid point (twice), and a
# random joint sample of the explorer's range
CARTMATH_CASES = [(2e6, 42.0, 4.5e-8), (3e5, 42.0, 4.5e-8), (1e4, 80.0, 2e-7), (1e7, 10.5, 1.4e-7),
                  (1e7, 10.55, 1.4e-7)] + [
    (10 ** u, day, alpha) for u, day, alpha in np.random.default_rng(7).uniform((4, 7, 0), (7, 80, 2e-7), (12, 3))]


@pytest.mark.parametrize("dose, day, alpha", CARTMATH_CASES)
def test_cartmath_solutions_with_extinction_are_solve_ivps(dose, day, alpha):
    p = replace(cartmath.HDLM2, alpha=alpha)
    grid = cartmath.DAYS[cartmath.DAYS >= day]
    start = np.array([dose, 0.0, float(cartmath.logistic(day, cartmath.TUMOUR_AT_START, p))])
    values, when = solve_with_extinction(cartmath._rates, start, grid, 2, cartmath.EXTINCT, (p,), start_time=day)
    expected, expected_when = reference_with_extinction(cartmath._rates, start, grid, 2, cartmath.EXTINCT, (p,), day)
    assert when == expected_when
    assert np.array_equal(values, expected)


def test_the_cases_cover_extinction_before_and_after_the_first_grid_point():
    whens = [cartmath.simulate(dose, day, replace(cartmath.HDLM2, alpha=alpha)).elimination_day
             for dose, day, alpha in CARTMATH_CASES]
    grid_step = cartmath.DAYS[1] - cartmath.DAYS[0]
    assert None in whens
    assert any(w is not None and w - day < grid_step for w, (_, day, _) in zip(whens, CARTMATH_CASES))
    assert any(w is not None and w - day > 10 for w, (_, day, _) in zip(whens, CARTMATH_CASES))


@pytest.mark.parametrize("tumour0, c", [(1e5, nk_tumour.DE_PILLIS_2005.c), (1e3, 0.3), (1e8, 0.003), (1e6, 0.05)])
def test_nk_tumour_solutions_with_extinction_are_solve_ivps(tumour0, c):
    p = replace(nk_tumour.DE_PILLIS_2005, c=c)
    start = np.array([tumour0, nk_tumour.NK_START, nk_tumour.CD8_START]) / nk_tumour.UNIT
    threshold, grid = nk_tumour.CLEARED / nk_tumour.UNIT, nk_tumour.DAYS
    values, when = solve_with_extinction(nk_tumour._rates, start, grid, 0, threshold, (p,), atol=1e-12)
    expected, expected_when = reference_with_extinction(nk_tumour._rates, start, grid, 0, threshold, (p,),
                                                        grid[0], atol=1e-12)
    assert when == expected_when
    assert np.array_equal(values, expected)
