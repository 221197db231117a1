"""Integrating population models in which a population can die out.

A continuous model lets a population fall to a thousandth of a cell and grow back, which no
real population can. `solve_with_extinction` stops when the chosen population falls below a
threshold (one cell), sets it to zero, and carries on with the others.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp


def solve_with_extinction(rates, start, grid: np.ndarray, index: int, threshold: float, args=(),
                          rtol: float = 1e-6, atol: float = 1e-9,
                          start_time: float | None = None) -> tuple[np.ndarray, float | None]:
    """Values of every population on `grid` (rows), from `start` at `start_time` (default: the
    first grid point), and when population `index` died out (or None)."""
    def extinct(_t, y, *_args):
        return y[index] - threshold

    extinct.terminal = True
    extinct.direction = -1
    options = dict(method="LSODA", rtol=rtol, atol=atol, args=args)
    t0 = grid[0] if start_time is None else start_time
    first = solve_ivp(rates, (t0, grid[-1]), start, t_eval=grid, events=extinct, **options)
    values = np.zeros((len(start), grid.size))
    # when the population dies out before the first grid point, solve_ivp returns y as an
    # empty list, not an empty array: give it its shape (populations × no points)
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
