"""Same product, different patients: how exposure spreads across a virtual cohort.

The virtual patients come from the CAR T chapter's model (`car_kinetics`, Stein et al. 2019):
each kinetic parameter is the typical value times a log-normal factor whose variance is the
published between-patient variance. Here a slider scales those standard deviations from 0
(every patient typical) to 1.5 times the published ones, and the cohort's exposure, the peak
level Cmax and the area under the curve over the first 28 days (AUC), spreads accordingly.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from matplotlib.collections import LineCollection

from .car_kinetics import DAYS, STEIN_2019, auc, cohort_exposure, days_axis, level, virtual_cohort
from .parameters import Parameter
from .style import COLOURS, label_decades, new_figure, sci, steady
from .widgets import explore, static_figure

SHOWN = 30                                   # curves drawn; the histogram uses the whole cohort
CURVE_DAYS = DAYS[::4]  # one point a day for the cohort's curves: at the figure's width, a pixel is more
AUC_BINS = np.logspace(2, 8, 31)             # copies·day/µg, five bins a decade


def spread(values) -> float:
    """Ratio of the 95th to the 5th percentile: how many-fold exposure varies."""
    low, high = np.percentile(values, [5, 95])
    return steady(high / low)


def varies(values) -> str:
    """How much a quantity varies between the 5th and 95th percentiles, in words: no "1-fold"."""
    ratio = steady(spread(values))
    if ratio < 1.05:
        return "is the same for every patient"
    return f"varies {ratio:.1f}-fold" if ratio < 10 else f"varies {ratio:.0f}-fold"


@lru_cache(maxsize=256)
def cohort(variability=1.0, patients=200) -> tuple[tuple, dict]:
    """The virtual patients and their exposure (cached: the summary and the figure share them)."""
    people = tuple(virtual_cohort(int(patients), variability=variability))
    return people, cohort_exposure(people)


def describe(variability=1.0, patients=200) -> str:
    e = cohort(variability, patients)[1]
    return (f"{int(patients)} patients at {variability:.2f}× the published variability: Cmax "
            f"{varies(e['cmax'])} and AUC(0–28 d) {varies(e['auc'])} "
            f"(5th to 95th percentile); median AUC {sci(np.median(e['auc']))} copies·day/µg")


PARAMETERS = (
    Parameter("variability", "between-patient variability", 1.0, "× published", 0.0, 1.5, 0.05,
              source="stein2019tisagenlecleucel"),
    Parameter("patients", "patients in the cohort", 200, "patients", 20, 400, 10),
)


class VariabilityView:
    """Left: some of the cohort's curves around the typical patient. Right: the histogram of
    AUC(0–28 d) over the whole cohort, with the typical patient's value marked."""

    def __init__(self):
        self.fig, (self.ax, self.hist_ax) = new_figure(5.0, 7.0, nrows=2, height_ratios=(3, 2))
        ax = self.ax
        # one collection for all the curves: thirty separate lines cost thirty times the drawing
        self.curves = ax.add_collection(LineCollection([], lw=0.7, color=COLOURS["effector"], alpha=0.4))
        ax.plot([], [], lw=0.7, color=COLOURS["effector"], label=f"{SHOWN} virtual patients")
        ax.plot(DAYS, level(DAYS), lw=2.4, color=COLOURS["total"], label="typical patient")
        days_axis(ax, 365.0, ylim=(1e-2, 1e7))
        ax.set(ylabel="transgene copies per µg DNA", title="Same model, different patients")
        ax.legend(loc="lower left", fontsize=10)
        h = self.hist_ax
        # one step-shaped patch for the whole histogram: thirty bars cost thirty draws a move
        self.bars = h.stairs(np.zeros(len(AUC_BINS) - 1), AUC_BINS, fill=True, color=COLOURS["sky"])
        h.axvline(auc(), color=COLOURS["total"], lw=1.5, ls="--", label="typical patient")
        h.set(xscale="log", xlim=(AUC_BINS[0], AUC_BINS[-1]), ylim=(0, 100),
              xlabel="AUC 0–28 d (copies·day/µg)", ylabel="% of patients")
        label_decades(h, 2, 8, every=2, axis="x")
        h.legend(loc="upper left", fontsize=10)
        self.title = h.set_title(" ")

    def dynamic_artists(self):
        """What a slider move changes; the rest is drawn once (see widgets.Explorer)."""
        return [self.curves, self.bars, self.title]

    def update(self, variability=1.0, patients=200) -> str:
        people, exposure = cohort(variability, patients)
        self.curves.set_segments([np.column_stack((CURVE_DAYS, np.maximum(level(CURVE_DAYS, p), 1e-3)))
                                  for p in people[:SHOWN]])
        exposure = exposure["auc"]
        counts, _ = np.histogram(exposure, AUC_BINS)
        self.bars.set_data(100 * counts / len(people))
        self.title.set_text(f"AUC {varies(exposure)} (5th–95th percentile)")
        return describe(variability, patients)


# the view and its parameters, for the sweep tests and the benchmark
EXPLORER = (VariabilityView, PARAMETERS)


def plot_variability(**values):
    return static_figure(VariabilityView, PARAMETERS, **values)


def explore_variability():
    return explore(VariabilityView, PARAMETERS)
