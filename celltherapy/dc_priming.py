"""Priming and tumour control: the effector–tumour–IL-2 model of Kirschner and Panetta (1998).

Effector T cells E are recruited in proportion to the tumour T with rate c, the tumour's
*antigenicity*: how well its antigen is presented to the immune system, which is what a
dendritic-cell vaccine tries to raise. IL-2 (I) drives effector expansion. Two treatments
add sources: adoptive effector cells (s1) and IL-2 (s2).

    dE/dt = c T − μ2 E + p1 E I / (g1 + I) + s1
    dT/dt = r2 T (1 − b T) − a E T / (g2 + T)
    dI/dt = p2 E T / (g3 + T) − μ3 I + s2

Parameter values are those of the published model (BioModels BIOMD0000000732), with the
IL-2-driven expansion in its published saturating form; time is in days, cells and IL-2 in
the paper's units.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from .ode import lsoda
from .parameters import Parameter
from .style import COLOURS, WIDTH, cells, label_decades, new_figure, sci
from .widgets import explore, static_figure


@dataclass(frozen=True)
class PrimingParameters:
    c: float = 0.035       # antigenicity (1/day)
    mu2: float = 0.03      # effector death (1/day)
    p1: float = 0.1245     # IL-2-driven effector expansion (1/day)
    g1: float = 2e7        # half-saturation of IL-2 effect
    r2: float = 0.18       # tumour growth (1/day)
    b: float = 1e-9        # inverse carrying capacity
    a: float = 1.0         # killing (1/day)
    g2: float = 1e5        # half-saturation of killing
    mu3: float = 10.0      # IL-2 loss (1/day)
    p2: float = 5.0        # IL-2 production (1/day)
    g3: float = 1e3        # half-saturation of IL-2 production
    s1: float = 0.0        # adoptive effector cells (per day)
    s2: float = 0.0        # IL-2 given (per day)


KIRSCHNER_PANETTA = PrimingParameters()
START = (0.0, 1.0, 0.0)        # effectors, tumour, IL-2 at day 0, as in the curated model
HORIZON = 500.0
DAYS = np.linspace(0.0, HORIZON, 1001)
ESCAPE_FRACTION = 0.5          # above half the carrying capacity, the tumour has escaped


def _rates(_t, y, p: PrimingParameters):
    # the solver may step a hair below zero; rates must stay finite. Plain floats: the solver calls
    # this thousands of times per course, and numpy's per-number overhead was most of a redraw
    e, t, il2 = np.asarray(y, dtype=float).tolist()
    e, t, il2 = (e if e > 0.0 else 0.0), (t if t > 0.0 else 0.0), (il2 if il2 > 0.0 else 0.0)
    return (
        p.c * t - p.mu2 * e + p.p1 * e * il2 / (p.g1 + il2) + p.s1,
        p.r2 * t * (1 - p.b * t) - p.a * e * t / (p.g2 + t),
        p.p2 * e * t / (p.g3 + t) - p.mu3 * il2 + p.s2,
    )


@dataclass(frozen=True)
class Course:
    days: np.ndarray
    effector: np.ndarray
    tumour: np.ndarray
    il2: np.ndarray
    outcome: str  # "escaped", "controlled" or "cleared"


def simulate(p: PrimingParameters = KIRSCHNER_PANETTA, days: np.ndarray = DAYS) -> Course:
    solution = lsoda(_rates, (days[0], days[-1]), START, days, args=(p,), rtol=1e-6, atol=1e-9)
    # solver noise around zero (far below one cell) is not a population
    effector, tumour, il2 = np.maximum(solution.values, 0.0)
    late = tumour[days >= days[-1] - 100]
    if late.max() > ESCAPE_FRACTION / p.b:
        outcome = "escaped"
    elif late.max() < 1.0:  # less than one cell over the last 100 days
        outcome = "cleared"
    else:
        outcome = "controlled"
    return Course(days, effector, tumour, il2, outcome)


@lru_cache(maxsize=128)
def simulate_kept(p: PrimingParameters) -> Course:
    """`simulate`, remembered: a slider moved back and forth revisits the same settings."""
    return simulate(p)


def describe(course: Course) -> str:
    late = course.tumour[course.days >= HORIZON - 100]
    low, high = cells(late.min()), sci(late.max())
    if late.max() < 1:
        between = "it stays below one cell"
    elif low == high:  # a range whose ends print alike is a level, not a range
        between = f"it stays at about {high} cells"
    else:
        between = f"it ranges from {low} to {high} cells"
    return (f"tumour {course.outcome}: between day {HORIZON - 100:.0f} and {HORIZON:.0f} {between}; "
            f"effectors on day {HORIZON:.0f}: {cells(course.effector[-1])}")


PARAMETERS = (
    Parameter("c", "antigenicity c", KIRSCHNER_PANETTA.c, "per day", 1e-5, 0.05, 0.05, log=True,
              source="kirschner1998modeling"),
    Parameter("s1", "adoptive effector cells s1", 0.0, "cells per day", 0.0, 1000.0, 10.0,
              source="kirschner1998modeling"),
    Parameter("s2", "IL-2 given s2", 0.0, "units per day", 0.0, 1e6, 1e4,
              source="kirschner1998modeling"),
)


class PrimingView:
    def __init__(self):
        self.fig, self.ax = new_figure(WIDTH, 4.8)
        ax = self.ax
        self.tumour, = ax.plot([], [], lw=2.2, color=COLOURS["tumour"], label="tumour cells T")
        self.effector, = ax.plot([], [], lw=1.6, color=COLOURS["effector"], label="effector T cells E")
        self.il2, = ax.plot([], [], lw=1.2, ls="--", color=COLOURS["purple"], label="IL-2")
        ax.axhline(1 / KIRSCHNER_PANETTA.b, color=COLOURS["muted"], lw=0.8, ls=":")
        ax.text(5, 1.4 / KIRSCHNER_PANETTA.b, "carrying capacity", fontsize=10, color="#555555")
        ax.set(yscale="log", xlim=(0, HORIZON), ylim=(1e-2, 1e11), xlabel="days", ylabel="cells (IL-2 in its units)")
        label_decades(ax, -2, 11, every=2)
        # below the axes, where no curve can run through it
        self.fig.legend(handles=[self.tumour, self.effector, self.il2], loc="outside lower center", ncols=3)

    def dynamic_artists(self):
        """What a slider move changes; the rest is drawn once (see widgets.Explorer)."""
        return [self.tumour, self.effector, self.il2, self.ax.title]

    def update(self, c=KIRSCHNER_PANETTA.c, s1=0.0, s2=0.0) -> str:
        course = simulate_kept(replace(KIRSCHNER_PANETTA, c=c, s1=s1, s2=s2))
        # zeros cannot sit on a log axis: leave gaps
        for line, values in ((self.tumour, course.tumour), (self.effector, course.effector),
                             (self.il2, course.il2)):
            line.set_data(course.days, np.where(values > 0, values, np.nan))
        self.ax.set_title(f"antigenicity c = {sci(c)} per day: tumour {course.outcome}\n"
                          f"added: s1 = {sci(s1)} cells, s2 = {sci(s2)} IL-2 units per day")
        return describe(course)


# the view and its parameters, for the sweep tests and the benchmark
EXPLORER = (PrimingView, PARAMETERS)


def plot_priming(**values):
    return static_figure(PrimingView, PARAMETERS, **values)


def explore_priming():
    return explore(PrimingView, PARAMETERS)


def plot_antigenicity_panels(values=(5e-5, 5e-4, 0.035)):
    """Small multiples, one above another: the same tumour against no, weak and the published
    antigenicity."""
    fig, axes = new_figure(WIDTH, 2.5 * len(values) + 0.6, nrows=len(values), sharex=True, sharey=True)
    for ax, c in zip(axes, values):
        course = simulate(replace(KIRSCHNER_PANETTA, c=c))
        ax.plot(course.days, np.where(course.tumour > 0, course.tumour, np.nan), lw=2, color=COLOURS["tumour"],
                label="tumour")
        ax.plot(course.days, np.where(course.effector > 0, course.effector, np.nan), lw=1.4,
                color=COLOURS["effector"], label="effectors")
        ax.set(yscale="log", xlim=(0, HORIZON), ylim=(1e-2, 1e11), ylabel="cells",
               title=f"antigenicity c = {sci(c)} per day: {course.outcome}")
        label_decades(ax, -2, 11, every=3)
    axes[-1].set_xlabel("days")
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=2)
    return fig


def escape_threshold(cs=np.geomspace(1e-5, 0.05, 41), **changes) -> float | None:
    """The smallest antigenicity on the grid at which the tumour no longer escapes, or None."""
    for c in cs:
        if simulate(replace(KIRSCHNER_PANETTA, c=c, **changes)).outcome != "escaped":
            return float(c)
    return None
