"""Integrating the course's population models with LSODA, quickly, and letting a population die out.

`lsoda` takes the steps of `scipy.integrate.solve_ivp(method="LSODA", t_eval=...)` through the
same ODEPACK routine with the same settings, and interpolates the output points the same way,
so its numbers are solve_ivp's bit for bit (tests/test_ode.py compares them). It leaves out
solve_ivp's general machinery (three wrapper calls around every right-hand-side evaluation, a
solver object, a search over the output grid at every step), which was about half of a live
explorer's redraw. It uses scipy's low-level LSODA routine, as solve_ivp itself does; the test
fails if a scipy release changes it.

A continuous model lets a population fall to a thousandth of a cell and grow back, which no
real population can. `solve_with_extinction` stops when the chosen population falls below a
threshold (one cell), sets it to zero, and carries on with the others.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

import numpy as np


@cache
def _scipy_routines():
    """scipy's LSODA step (as the scipy >= 1.15 call) and brentq. Imported when a model is first
    solved, not with this module: in the reader's browser SciPy is loaded only when a cell may need
    it (scripts/lite/course_kernel.py), so an explorer or an exercise without a model solve starts
    without it."""
    from scipy.optimize import brentq
    try:  # scipy >= 1.15: ODEPACK in C, its state passed in
        from scipy.integrate._odepack import lsoda as lsoda_step
    except ImportError:  # scipy < 1.15 (Pyodide 0.27 has 1.14.1): the same routine through f2py
        from scipy.integrate._lsoda import lsoda as f2py_lsoda

        def lsoda_step(f, y, t, tout, rtol, atol, itask, istate, rwork, iwork, jac, jt, f_args,
                       overwrite_y, jac_args, state_doubles, state_ints):
            """The scipy >= 1.15 call on scipy < 1.15, which keeps the state inside (one solve at a time)."""
            atol = float(atol) if np.ndim(atol) == 0 else atol  # f2py takes a 0-d array for an empty one
            # f2py reads a tuple returned by a callback as several return values: give it a list
            rates = lambda t, y: list(f(t, y, *f_args))  # noqa: E731
            return f2py_lsoda(rates, y, t, tout, rtol, atol, itask, istate, rwork, iwork, jac, jt, (), 0, jac_args)
    return lsoda_step, brentq


EPS = np.finfo(float).eps  # solve_ivp's event tolerance is 4 EPS


@dataclass
class Solution:
    values: np.ndarray       # populations (rows) at the output points reached
    event_time: float | None = None
    event_state: np.ndarray | None = None
    success: bool = True


def _work_arrays(n: int, t_bound: float):
    """LSODA's settings as solve_ivp passes them: no step limits, automatic first step,
    orders up to 12 (Adams) and 5 (BDF), finite-difference Jacobian (jt = 2)."""
    rwork = np.zeros(max(20 + 16 * n, 22 + 9 * n + n * n))
    rwork[0] = t_bound  # tcrit: with itask 5, never step past the end
    iwork = np.zeros(20 + n, dtype=np.int32)
    iwork[5], iwork[7], iwork[8] = 500, 12, 5
    return rwork, iwork


_POWERS = [np.arange(order + 1) for order in range(13)]  # LSODA's orders: up to 12
_POWER_COLUMNS = [powers[:, None] for powers in _POWERS]


def _history(rwork, iwork, n: int):
    """LSODA's Nordsieck history of the last step, its step size and order, as solve_ivp's
    LsodaDenseOutput takes them: the same array operations on the same numpy types, so the same
    numbers."""
    order = iwork[13]
    h = rwork[11]
    # n rows by order + 1 columns, in Fortran order, as a C-ordered copy
    k = int(order) + 1
    yh = rwork[20:20 + k * n].reshape(k, n).T.copy()
    if iwork[14] < order:
        yh[:, -1] *= (h / rwork[10]) ** order
    return yh, h, k - 1


def _interpolant(t_now: float, rwork, iwork, n: int):
    """The solution over the last step, at a time or an array of times (LsodaDenseOutput)."""
    yh, h, order = _history(rwork, iwork, n)

    def at(t):
        t = np.asarray(t)
        x = ((t - t_now) / h) ** (_POWERS[order] if t.ndim == 0 else _POWER_COLUMNS[order])
        return np.dot(yh, x)
    return at


def lsoda(rates, t_span, start, t_eval: np.ndarray, args=(), rtol: float = 1e-6, atol: float = 1e-9,
          event_index: int | None = None, event_threshold: float = 0.0) -> Solution:
    """solve_ivp(rates, t_span, start, method="LSODA", t_eval=t_eval, args=args, rtol=rtol, atol=atol),
    with optionally one terminal event: population `event_index` falling through `event_threshold`.
    Values at the points of `t_eval` (increasing, within t_span) reached before the end or the event."""
    lsoda_step, brentq = _scipy_routines()
    t, t_bound = map(float, t_span)
    y = np.asarray(start).astype(float)
    n = y.size
    rwork, iwork = _work_arrays(n, t_bound)
    state_doubles, state_ints = np.zeros(240), np.zeros(48, dtype=np.int32)
    atol = np.asarray(atol)
    no_jacobian = lambda: None  # noqa: E731
    points = t_eval.tolist()
    done, pieces, istate = 0, [], 1
    above = event_index is not None and y[event_index] - event_threshold >= 0
    solution = Solution(np.empty((n, 0)))
    while t != t_bound:
        t_old = t
        y, t, istate = lsoda_step(rates, y, t, t_bound, rtol, atol, 5, istate, rwork, iwork,
                                  no_jacobian, 2, args, 1, (), state_doubles, state_ints)
        if istate < 0:
            solution.success = False
            break
        istate = 2
        at = None
        if event_index is not None:
            g_new = y[event_index] - event_threshold
            if above and g_new <= 0:
                at = _interpolant(t, rwork, iwork, n)
                root = brentq(lambda s: at(s)[event_index] - event_threshold, t_old, t,
                              xtol=4 * EPS, rtol=4 * EPS)
                solution.event_time, solution.event_state = float(root), at(np.float64(root))
                t = t_bound = root
            above = g_new >= 0
        reached = bisect_right(points, t)
        if reached > done:
            if at is None:  # the common case, written out: a third quicker
                yh, h, order = _history(rwork, iwork, n)
                pieces.append(np.dot(yh, ((t_eval[done:reached] - t) / h) ** _POWER_COLUMNS[order]))
            else:
                pieces.append(at(t_eval[done:reached]))
            done = reached
        if t >= t_bound:
            break
    if pieces:
        solution.values = np.hstack(pieces)
    return solution


def solve_with_extinction(rates, start, grid: np.ndarray, index: int, threshold: float, args=(),
                          rtol: float = 1e-6, atol: float = 1e-9,
                          start_time: float | None = None) -> tuple[np.ndarray, float | None]:
    """Values of every population on `grid` (rows), from `start` at `start_time` (default: the
    first grid point), and when population `index` died out (or None)."""
    t0 = grid[0] if start_time is None else start_time
    first = lsoda(rates, (t0, grid[-1]), start, grid, args, rtol, atol, index, threshold)
    values = np.zeros((len(start), grid.size))
    # the population may die out before the first grid point: then no points were reached
    values[:, :first.values.shape[1]] = first.values
    if first.event_time is None:
        return values, None
    when = first.event_time
    rest = grid > when
    if rest.any():
        state = first.event_state.copy()
        state[index] = 0.0
        values[:, rest] = lsoda(rates, (when, grid[-1]), state, grid[rest], args, rtol, atol).values
    return values, when
