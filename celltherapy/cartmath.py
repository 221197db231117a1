"""Dose, timing and immunosuppression against tumour control: the CARTmath model.

Barros et al. (2021) modelled CAR-T123 cells against the HDLM-2 Hodgkin lymphoma line in
immunodeficient (NSG) mice with three populations: effector CAR T cells C_T, memory CAR T
cells C_M and tumour cells T.

    dC_T/dt = φ C_T − ρ C_T + θ T C_M − α T C_T
    dC_M/dt = ε C_T − θ T C_M − μ C_M
    dT/dt   = r T (1 − b T) − γ C_T T

Effectors expand (φ) and die or become memory cells (ρ, of which ε is conversion to
memory); memory cells turn back into effectors on meeting tumour (θ); the tumour inhibits
effectors (α: PD-L1, IDO and the like), grows logistically (r, 1/b) and is killed (γ).
The published protocol: 2×10⁶ tumour cells on day 0, CAR T cells on day 42.

Below one tumour cell the tumour is taken to be gone (set to zero): a continuous model
would otherwise let a thousandth of a cell regrow, which no real tumour can.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from .ode import solve_with_extinction
from .parameters import Parameter
from .style import COLOURS, WIDTH, cells, label_decades, new_figure, sci, steady
from .widgets import explore, static_figure


@dataclass(frozen=True)
class CartmathParameters:
    """HDLM-2 values from Barros et al. (2021); rates per day, per-cell rates per cell per day."""

    phi: float = 0.265        # effector expansion (1/day)
    rho: float = 0.35         # effector loss: death plus conversion to memory (1/day)
    epsilon: float = 0.15     # effector to memory conversion (1/day)
    theta: float = 6.0e-6     # memory to effector on tumour contact (1/(cell·day))
    alpha: float = 4.5e-8     # tumour-induced inhibition of effectors (1/(cell·day))
    mu: float = 0.005         # memory death (1/day)
    r: float = 0.0565         # tumour growth (1/day)
    b: float = 1.404e-12      # inverse carrying capacity (1/cell)
    gamma: float = 3.716e-6   # killing of tumour by effectors (1/(cell·day))


HDLM2 = CartmathParameters()
TUMOUR_AT_START = 2.0e6   # cells injected on day 0 (published protocol)
INFUSION_DAY = 42.0       # published protocol
DOSE = 2.0e6              # CAR T cells in the published protocol
HORIZON = 300.0           # days simulated
EXTINCT = 1.0             # fewer tumour cells than this count as none
DAYS = np.linspace(0.0, HORIZON, 601)


@dataclass(frozen=True)
class Course:
    """A simulated course of treatment: populations on the `days` grid and the verdict."""

    days: np.ndarray
    effector: np.ndarray
    memory: np.ndarray
    tumour: np.ndarray
    tumour_at_infusion: float
    outcome: str              # "eliminated", "controlled" or "escaped"
    elimination_day: float | None


def logistic(t, t0: float, p: CartmathParameters = HDLM2):
    """Tumour size without CAR T cells: the exact solution of logistic growth."""
    t = np.asarray(t, dtype=float)
    growth = np.exp(p.r * t)
    return t0 * growth / (1 + p.b * t0 * np.expm1(p.r * t))


def _rates(_t, y, p: CartmathParameters):
    effector, memory, tumour = y.tolist()  # plain floats: quicker than numpy's, same arithmetic
    return (
        (p.phi - p.rho) * effector + p.theta * tumour * memory - p.alpha * tumour * effector,
        p.epsilon * effector - p.theta * tumour * memory - p.mu * memory,
        p.r * tumour * (1 - p.b * tumour) - p.gamma * effector * tumour,
    )


def simulate(dose: float = DOSE, infusion_day: float = INFUSION_DAY,
             p: CartmathParameters = HDLM2, tumour_at_start: float = TUMOUR_AT_START,
             days: np.ndarray = DAYS) -> Course:
    """Tumour alone until `infusion_day`, then `dose` effector CAR T cells, to the horizon."""
    before = days < infusion_day
    after = ~before
    tumour0 = float(logistic(infusion_day, tumour_at_start, p))
    effector = np.zeros_like(days)
    memory = np.zeros_like(days)
    tumour = np.zeros_like(days)
    tumour[before] = logistic(days[before], tumour_at_start, p)
    start = np.array([dose, 0.0, tumour0])
    # once the tumour is gone, the CAR T cells carry on without it
    values, elimination_day = solve_with_extinction(_rates, start, days[after], index=2, threshold=EXTINCT,
                                                    args=(p,), start_time=infusion_day)
    # the solver's noise around zero (about 1e-9 cells) is not a population: clip it
    effector[after], memory[after], tumour[after] = np.maximum(values, 0.0)
    final = tumour[-1]
    if elimination_day is not None:
        outcome = "eliminated"
    elif final > tumour0:
        outcome = "escaped"
    else:
        outcome = "controlled"
    return Course(days, effector, memory, tumour, tumour0, outcome, elimination_day)


@lru_cache(maxsize=128)
def simulate_kept(dose: float, infusion_day: float, p: CartmathParameters) -> Course:
    """`simulate`, remembered: a slider moved back and forth revisits the same settings."""
    return simulate(dose, infusion_day, p)


def describe(course: Course, dose: float) -> str:
    """One line of key numbers for a course of treatment."""
    if course.outcome == "eliminated":
        verdict = f"tumour eliminated on day {steady(course.elimination_day):.0f}"
    elif course.outcome == "controlled":
        verdict = f"tumour controlled: {sci(course.tumour[-1])} cells on day {HORIZON:.0f}"
    else:
        verdict = f"tumour escaped: {sci(course.tumour[-1])} cells on day {HORIZON:.0f}"
    return (f"dose {sci(dose)} CAR T cells into {sci(course.tumour_at_infusion)} tumour cells; "
            f"{verdict}; memory CAR T cells on day {HORIZON:.0f}: {cells(course.memory[-1])}")


# --- the explorer ------------------------------------------------------------------------

PARAMETERS = (
    Parameter("dose", "CAR T dose", DOSE, "cells", 1e4, 1e7, 0.05, log=True,
              source="barros2021cartmath"),
    Parameter("infusion_day", "day of infusion", INFUSION_DAY, "days after tumour", 7.0, 80.0, 1.0,
              source="barros2021cartmath"),
    Parameter("alpha", "tumour-induced immunosuppression α", HDLM2.alpha, "per cell per day",
              0.0, 2.0e-7, 5e-9, source="barros2021cartmath"),
)


class DoseView:
    """Tumour, effector and memory CAR T cells over time, on a log axis."""

    def __init__(self):
        self.fig, self.ax = new_figure(WIDTH, 5.0)
        ax = self.ax
        self.untreated, = ax.plot(DAYS, logistic(DAYS, TUMOUR_AT_START), lw=1.2, ls="-.",
                                  color=COLOURS["muted"], label="tumour without treatment")
        self.tumour, = ax.plot([], [], lw=2.4, color=COLOURS["tumour"], label="tumour cells")
        self.effector, = ax.plot([], [], lw=1.6, color=COLOURS["effector"], label="effector CAR T")
        self.memory, = ax.plot([], [], lw=1.6, ls="--", color=COLOURS["memory"], label="memory CAR T")
        self.infusion = ax.axvline(INFUSION_DAY, color=COLOURS["accent"], lw=1, ls=":")
        self.infusion_label = ax.text(INFUSION_DAY, 3e11, " infusion", fontsize=10,
                                      color="#8a5a00", va="top")
        ax.axhline(EXTINCT, color=COLOURS["muted"], lw=0.8)
        ax.text(HORIZON, 1.3, "one cell ", ha="right", va="bottom", fontsize=10, color="#555555")
        ax.set(yscale="log", xlim=(0, HORIZON), ylim=(1e-1, 1e12), xlabel="days after tumour injection",
               ylabel="cells")
        label_decades(ax, 0, 12, every=2)
        # below the axes, where no curve can run through it
        self.fig.legend(handles=[self.tumour, self.untreated, self.effector, self.memory],
                        loc="outside lower center", ncols=2)

    def dynamic_artists(self):
        """What a slider move changes; the rest is drawn once (see widgets.Explorer)."""
        return [self.tumour, self.effector, self.memory, self.infusion, self.infusion_label, self.ax.title]

    def update(self, dose: float = DOSE, infusion_day: float = INFUSION_DAY,
               alpha: float = HDLM2.alpha) -> str:
        course = simulate_kept(dose, infusion_day, replace(HDLM2, alpha=alpha))
        shown = course.days >= infusion_day
        # zeros cannot sit on a log axis: NaN leaves a gap where a population is absent
        self.tumour.set_data(course.days, np.where(course.tumour > 0, course.tumour, np.nan))
        self.effector.set_data(course.days[shown], course.effector[shown])
        self.memory.set_data(course.days[shown], course.memory[shown])
        self.infusion.set_xdata([infusion_day, infusion_day])
        self.infusion_label.set_x(infusion_day)
        self.ax.set_title(f"Dose {sci(dose)} cells on day {infusion_day:.0f}: tumour {course.outcome}\n"
                          f"immunosuppression α = {sci(alpha)} per cell per day")
        return describe(course, dose)


# the view and its parameters, for the sweep tests and the benchmark
EXPLORER = (DoseView, PARAMETERS)


def plot_dose_response(**values):
    """Static figure at the published protocol (or the given values)."""
    return static_figure(DoseView, PARAMETERS, **values)


def explore_dose_response():
    """Sliders on dose, day of infusion and tumour-induced immunosuppression."""
    return explore(DoseView, PARAMETERS)


def plot_dose_panels(doses=(2e5, 3e5, 1.5e6)):
    """Small multiples, one above another: the same tumour treated with a low, a middle and the
    effective dose."""
    fig, axes = new_figure(WIDTH, 2.5 * len(doses) + 0.6, nrows=len(doses), sharex=True, sharey=True)
    for ax, dose in zip(axes, doses):
        course = simulate(dose)
        ax.plot(course.days, np.where(course.tumour > 0, course.tumour, np.nan), lw=2.2,
                color=COLOURS["tumour"], label="tumour")
        shown = course.days >= INFUSION_DAY
        ax.plot(course.days[shown], course.effector[shown], lw=1.4, color=COLOURS["effector"],
                label="effector CAR T")
        ax.plot(course.days[shown], course.memory[shown], lw=1.4, ls="--", color=COLOURS["memory"],
                label="memory CAR T")
        ax.axvline(INFUSION_DAY, color=COLOURS["accent"], lw=1, ls=":")
        ax.set(yscale="log", xlim=(0, HORIZON), ylim=(1e-1, 1e12), ylabel="cells",
               title=f"{sci(dose)} cells: {course.outcome}")
        label_decades(ax, 0, 12, every=3)
    axes[-1].set_xlabel("days after tumour injection")
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=3)
    return fig


def minimum_eliminating_dose(doses=np.geomspace(1e4, 1e7, 61), **kwargs) -> float | None:
    """The smallest dose on the grid that eliminates the tumour, or None."""
    for dose in doses:
        if simulate(dose, **kwargs).outcome == "eliminated":
            return float(dose)
    return None
