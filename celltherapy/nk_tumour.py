"""NK cells and CD8⁺ T cells against a growing tumour: de Pillis, Radunskaya and Wiseman (2005).

Tumour cells T grow logistically and are killed by NK cells N (at rate c, a first line of
defence that needs no priming) and by tumour-specific CD8⁺ T cells L (a saturating kill
term D that depends on the ratio L/T). NK cells are produced at a constant rate, recruited
by the tumour and inactivated by it; CD8⁺ T cells are recruited by killing and by NK
activity.

    D     = d (L/T)^λ / (s + (L/T)^λ) · T
    dT/dt = a T (1 − b T) − c N T − D
    dN/dt = e − f N + g N T² / (h + T²) − p N T
    dL/dt = −m L + j D² L / (k + D²) − q L T + r N T

The baseline parameter values of the published model are kept in its scaled units, where
one unit is 10⁵ cells; the functions here take and return plain cell numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .ode import solve_with_extinction
from .parameters import Parameter
from .style import COLOURS, cells, label_decades, new_figure, sci, steady
from .widgets import explore, static_figure

UNIT = 1e5  # cells per model unit


@dataclass(frozen=True)
class NKParameters:
    """Baseline values of de Pillis et al. (2005), in units of 10⁵ cells and days."""

    a: float = 0.514        # tumour growth (1/day)
    b: float = 1.023e-4     # inverse carrying capacity (1/unit)
    c: float = 0.0323       # NK killing (1/(unit·day))
    d: float = 5.8          # maximal CD8⁺ killing (1/day)
    e: float = 0.13         # NK production (units/day)
    lam: float = 1.36       # exponent of the CD8⁺ kill term
    f: float = 0.0412       # NK death (1/day)
    g: float = 0.0249       # NK recruitment by tumour (1/day)
    h: float = 2.019e-3     # half-saturation of NK recruitment (units²)
    j: float = 0.0374       # CD8⁺ recruitment by killing (1/day)
    k: float = 2.019e-3     # half-saturation of CD8⁺ recruitment (units²)
    m: float = 0.02         # CD8⁺ death (1/day)
    p: float = 0.01         # NK inactivation by tumour (1/(unit·day))
    q: float = 3.422e-5     # CD8⁺ inactivation by tumour (1/(unit·day))
    r: float = 0.011        # CD8⁺ recruitment by NK–tumour encounters (1/(unit·day))
    s: float = 0.25         # steepness of the CD8⁺ kill term


DE_PILLIS_2005 = NKParameters()
NK_START = 1e5       # NK cells at day 0
CD8_START = 1e3      # tumour-specific CD8⁺ T cells at day 0
TUMOUR_START = 1e5   # tumour cells at day 0
HORIZON = 60.0
DAYS = np.linspace(0.0, HORIZON, 601)
CLEARED = 1.0        # fewer tumour cells than this count as none


def cd8_killing(tumour, cd8, p: NKParameters):
    """D, the rate at which CD8⁺ T cells kill tumour cells (units/day)."""
    ratio = np.divide(cd8, tumour, out=np.zeros_like(np.asarray(tumour, dtype=float)), where=tumour > 0)
    return p.d * ratio ** p.lam / (p.s + ratio ** p.lam) * tumour


def _rates(_t, y, p: NKParameters):
    # the solver may step a hair below zero; plain floats, as numpy's per-number overhead
    # would be most of the solver's time
    t, n, l = (v if v > 0.0 else 0.0 for v in y.tolist())
    ratio = l / t if t > 0 else 0.0
    kill = p.d * ratio ** p.lam / (p.s + ratio ** p.lam) * t  # cd8_killing, for one number
    return (
        p.a * t * (1 - p.b * t) - p.c * n * t - kill,
        p.e - p.f * n + p.g * n * t * t / (p.h + t * t) - p.p * n * t,
        -p.m * l + p.j * kill * kill * l / (p.k + kill * kill) - p.q * l * t + p.r * n * t,
    )


@dataclass(frozen=True)
class Course:
    days: np.ndarray
    tumour: np.ndarray   # cells
    nk: np.ndarray       # cells
    cd8: np.ndarray      # cells
    outcome: str         # "cleared", "escaped" or "persisting"
    clearance_day: float | None


def simulate(tumour0: float = TUMOUR_START, p: NKParameters = DE_PILLIS_2005,
             nk0: float = NK_START, cd80: float = CD8_START, days: np.ndarray = DAYS) -> Course:
    """Run the model from the given cell numbers; below one tumour cell the tumour is gone."""
    start = np.array([tumour0, nk0, cd80]) / UNIT
    values, clearance_day = solve_with_extinction(_rates, start, days, index=0, threshold=CLEARED / UNIT,
                                                  args=(p,), atol=1e-12)
    tumour, nk, cd8 = np.maximum(values, 0.0) * UNIT
    if clearance_day is not None:
        outcome = "cleared"
    elif tumour[-1] > 0.5 / p.b * UNIT:
        outcome = "escaped"
    else:
        outcome = "persisting"
    return Course(days, tumour, nk, cd8, outcome, clearance_day)


def describe(course: Course) -> str:
    if course.outcome == "cleared":
        verdict = f"tumour cleared on day {steady(course.clearance_day):.0f}"
    else:
        verdict = f"tumour {course.outcome}: {sci(course.tumour[-1])} cells on day {HORIZON:.0f}"
    return (f"{sci(course.tumour[0])} tumour cells at the start; {verdict}; "
            f"NK cells on day {HORIZON:.0f}: {cells(course.nk[-1])}")


PARAMETERS = (
    Parameter("tumour0", "tumour cells at the start", TUMOUR_START, "cells", 1e3, 1e8, 0.1, log=True),
    Parameter("c", "NK cytotoxicity c", DE_PILLIS_2005.c, "per 10⁵ cells per day", 0.003, 0.3, 0.05,
              log=True, source="depillis2005validated"),
    Parameter("nk0", "NK cells at the start", NK_START, "cells", 1e3, 1e7, 0.1, log=True),
)


class NKTumourView:
    def __init__(self):
        self.fig, self.ax = new_figure(5.0, 4.0)
        ax = self.ax
        self.tumour, = ax.plot([], [], lw=2.4, color=COLOURS["tumour"], label="tumour cells")
        self.nk, = ax.plot([], [], lw=1.6, color=COLOURS["purple"], label="NK cells")
        self.cd8, = ax.plot([], [], lw=1.6, ls="--", color=COLOURS["effector"], label="CD8⁺ T cells")
        ax.axhline(1.0, color=COLOURS["muted"], lw=0.8)
        ax.set(yscale="log", xlim=(0, HORIZON), ylim=(1e-1, 1e10), xlabel="days", ylabel="cells")
        label_decades(ax, 0, 10, every=2)
        ax.legend(loc="upper right", fontsize=10)

    def dynamic_artists(self):
        """What a slider move changes; the rest is drawn once (see widgets.Explorer)."""
        return [self.tumour, self.nk, self.cd8, self.ax.title]

    def update(self, tumour0=TUMOUR_START, c=DE_PILLIS_2005.c, nk0=NK_START) -> str:
        course = simulate(tumour0, replace(DE_PILLIS_2005, c=c), nk0=nk0)
        for line, values in ((self.tumour, course.tumour), (self.nk, course.nk), (self.cd8, course.cd8)):
            line.set_data(course.days, np.where(values > 0, values, np.nan))
        self.ax.set_title(f"{sci(tumour0)} tumour cells, c = {sci(c)}, {sci(nk0)} NK cells:\n"
                          f"tumour {course.outcome}")
        return describe(course)


# the view and its parameters, for the sweep tests and the benchmark
EXPLORER = (NKTumourView, PARAMETERS)


def plot_nk_tumour(**values):
    return static_figure(NKTumourView, PARAMETERS, **values)


def explore_nk_tumour():
    return explore(NKTumourView, PARAMETERS)


def outcome_map(tumour0s=np.geomspace(1e3, 1e8, 21), cs=np.geomspace(0.003, 0.3, 21)) -> np.ndarray:
    """Outcome codes (0 cleared, 1 persisting, 2 escaped) over initial tumour × NK cytotoxicity."""
    codes = {"cleared": 0, "persisting": 1, "escaped": 2}
    return np.array([[codes[simulate(t0, replace(DE_PILLIS_2005, c=c)).outcome] for t0 in tumour0s]
                     for c in cs])


def plot_outcome_map(tumour0s=np.geomspace(1e3, 1e8, 16), cs=np.geomspace(0.003, 0.3, 16)):
    """Which combinations of tumour burden and NK cytotoxicity clear the tumour."""
    from matplotlib.colors import ListedColormap
    grid = outcome_map(tumour0s, cs)
    fig, ax = new_figure(5.0, 4.2)
    cmap = ListedColormap([COLOURS["memory"], COLOURS["yellow"], COLOURS["tumour"]])
    ax.pcolormesh(tumour0s, cs, grid, cmap=cmap, vmin=-0.5, vmax=2.5, shading="nearest")
    ax.set(xscale="log", yscale="log", xlabel="tumour cells at the start",
           ylabel="NK cytotoxicity c (per 10⁵ cells per day)")
    ax.plot([TUMOUR_START], [DE_PILLIS_2005.c], "D", color="black", label="baseline")
    for code, name in enumerate(("cleared", "persisting", "escaped")):
        ax.plot([], [], "s", ms=10, color=cmap(code), label=name)
    ax.legend(loc="upper right", fontsize=10, framealpha=0.9, frameon=True)
    return fig


def largest_cleared_tumour(tumour0s=np.geomspace(1e3, 1e8, 51), p: NKParameters = DE_PILLIS_2005) -> float | None:
    """The largest starting tumour on the grid that the immune cells clear, or None."""
    cleared = [t0 for t0 in tumour0s if simulate(t0, p).outcome == "cleared"]
    return float(max(cleared)) if cleared else None
