"""Reading a survival plateau with a cure-fraction model. An ILLUSTRATION.

A mixture cure model says a fraction pi of patients is cured (their risk of dying of the
disease falls to zero) and the rest die at a constant hazard, with median survival m:

    S(t) = pi + (1 - pi) * exp(-ln 2 * t / m)

The curve falls steeply and then flattens towards pi: the plateau. Fitting the model through
two published points (a median and a later landmark) gives the cured fraction a trial's curve
implies; real curves are not this simple, which is the lesson. Published points:

- ZUMA-1, axicabtagene ciloleucel, 101 treated patients: median overall survival 25.8 months,
  five-year overall survival 42.6% (Neelapu et al. 2023).
- SCHOLAR-1, refractory large B-cell lymphoma before CAR T cells, 636 patients: median overall
  survival 6.3 months, 20% alive at two years (Crump et al. 2017).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import brentq

from .parameters import Parameter
from .style import COLOURS, new_figure, steady
from .widgets import explore, static_figure

MONTHS = np.linspace(0.0, 72.0, 289)
# (median months, landmark months, survival at the landmark)
ZUMA1_5Y = (25.8, 60.0, 0.426)
SCHOLAR1 = (6.3, 24.0, 0.20)


def survival(months, cured: float, median_uncured: float) -> np.ndarray:
    """Fraction alive: cured fraction plus the uncured, dying at a constant hazard."""
    return cured + (1 - cured) * np.exp(-np.log(2) * np.asarray(months, dtype=float) / median_uncured)


def overall_median(cured: float, median_uncured: float) -> float:
    """Months until half are dead; infinite when at least half are cured."""
    if cured >= 0.5:
        return float("inf")
    return median_uncured * np.log((1 - cured) / (0.5 - cured)) / np.log(2)


def fit(median: float, landmark: float, alive_at_landmark: float) -> tuple[float, float]:
    """The cured fraction and uncured median that put the curve through both published points."""
    def miss(cured):
        # the uncured median that gives the published overall median, then the landmark error
        m = median * np.log(2) / np.log((1 - cured) / (0.5 - cured))
        return survival(landmark, cured, m) - alive_at_landmark
    cured = brentq(miss, 1e-9, alive_at_landmark - 1e-9)
    # steady: the fit is a root search, and its digits are printed and rounded into slider defaults
    return steady(cured), steady(median * np.log(2) / np.log((1 - cured) / (0.5 - cured)))


ZUMA1_FIT = fit(*ZUMA1_5Y)
SCHOLAR1_FIT = fit(*SCHOLAR1)


def describe(cured=round(ZUMA1_FIT[0], 2), median_uncured=round(ZUMA1_FIT[1], 1)) -> str:
    median = overall_median(cured, median_uncured)
    median_text = "not reached" if np.isinf(median) else f"{median:.1f} months"
    return (f"cured fraction {cured:.0%}, uncured median {median_uncured:.1f} months: overall median "
            f"{median_text}, alive at 2 years {survival(24, cured, median_uncured):.0%} and at 5 years "
            f"{survival(60, cured, median_uncured):.0%} (illustration)")


PARAMETERS = (
    Parameter("cured", "cured fraction", round(ZUMA1_FIT[0], 2), "of patients", 0.0, 0.8, 0.01, source="neelapu2023fiveyear"),
    Parameter("median_uncured", "median survival of the uncured", round(ZUMA1_FIT[1], 1), "months",
              1.0, 36.0, 0.1, source="neelapu2023fiveyear"),
)


class PlateauView:
    def __init__(self):
        self.fig, self.ax = new_figure(5.0, 4.0)
        ax = self.ax
        ax.plot(MONTHS, survival(MONTHS, *SCHOLAR1_FIT), lw=1.6, ls="--", color=COLOURS["muted"],
                label="SCHOLAR-1 fit (before CAR T cells)")
        ax.plot([SCHOLAR1[0], SCHOLAR1[1]], [0.5, SCHOLAR1[2]], "s", color=COLOURS["muted"],
                markeredgecolor="black", label="SCHOLAR-1, published")
        ax.plot([ZUMA1_5Y[0], ZUMA1_5Y[1]], [0.5, ZUMA1_5Y[2]], "D", color=COLOURS["effector"],
                markeredgecolor="black", label="ZUMA-1 five-year, published")
        self.curve, = ax.plot([], [], lw=2.4, color=COLOURS["effector"], label="cure model (sliders)")
        self.plateau = ax.axhline(0, color=COLOURS["effector"], lw=1, ls=":", label="plateau = cured fraction")
        ax.set(xlim=(0, 72), ylim=(0, 1.02), xticks=range(0, 73, 12), xlabel="months after infusion",
               ylabel="fraction alive")
        ax.legend(loc="upper right", fontsize=10)
        self.title = ax.set_title(" ")

    def dynamic_artists(self):
        """What a slider move changes; the rest is drawn once (see widgets.Explorer)."""
        return [self.curve, self.plateau, self.title]

    def update(self, cured=round(ZUMA1_FIT[0], 2), median_uncured=round(ZUMA1_FIT[1], 1)) -> str:
        self.curve.set_data(MONTHS, survival(MONTHS, cured, median_uncured))
        self.plateau.set_ydata([cured, cured])
        self.title.set_text(f"{cured:.0%} cured: alive at 5 years {survival(60, cured, median_uncured):.0%}")
        return describe(cured, median_uncured)


# the view and its parameters, for the sweep tests and the benchmark
EXPLORER = (PlateauView, PARAMETERS)


def plot_plateau(**values):
    return static_figure(PlateauView, PARAMETERS, **values)


def explore_plateau():
    return explore(PlateauView, PARAMETERS)
