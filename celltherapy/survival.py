"""Survival curves rebuilt from a trial's published medians and hazard ratio: an ILLUSTRATION.

A trial report gives a median survival for each arm and a hazard ratio (HR). If the hazard
of death were constant, survival would fall exponentially, S(t) = exp(−ln 2 · t / median),
and the treated arm's hazard would be HR times the control hazard. Real survival curves are
not exponential, so the rebuilt curves only approximate the published ones; comparing the
two (median, survival at 36 months) is part of the lesson.

IMPACT, sipuleucel-T against placebo in metastatic castration-resistant prostate cancer
(Kantoff et al. 2010): median survival 25.8 against 21.7 months, HR 0.78, survival at
36 months 31.7% against 23.0%.
"""

from __future__ import annotations

import numpy as np

from .parameters import Parameter
from .style import COLOURS, new_figure
from .widgets import explore, static_figure

IMPACT = {"median_treated": 25.8, "median_control": 21.7, "hazard_ratio": 0.78,
          "survival_36_treated": 0.317, "survival_36_control": 0.230}
MONTHS = np.linspace(0.0, 60.0, 241)


def exponential_survival(months, median: float):
    return np.exp(-np.log(2) * np.asarray(months) / median)


def treated_median(median_control: float, hazard_ratio: float) -> float:
    """The treated arm's median if hazards are constant and proportional."""
    return median_control / hazard_ratio


def describe(hazard_ratio=IMPACT["hazard_ratio"], median_control=IMPACT["median_control"]) -> str:
    median = treated_median(median_control, hazard_ratio)
    s36 = exponential_survival(36, median), exponential_survival(36, median_control)
    return (f"HR {hazard_ratio:.2f}, control median {median_control:.1f} months: rebuilt treated median "
            f"{median:.1f} months (gain {median - median_control:+.1f}); at 36 months {s36[0]:.1%} vs "
            f"{s36[1]:.1%} alive (illustration)")


PARAMETERS = (
    Parameter("hazard_ratio", "hazard ratio", IMPACT["hazard_ratio"], "× the control group's hazard", 0.3, 1.5, 0.01,
              source="kantoff2010sipuleucel"),
    Parameter("median_control", "control median survival", IMPACT["median_control"], "months", 6.0, 48.0, 0.5,
              source="kantoff2010sipuleucel"),
)


class SurvivalView:
    def __init__(self):
        self.fig, self.ax = new_figure(5.0, 5.0)
        ax = self.ax
        self.control, = ax.plot([], [], lw=2, color=COLOURS["muted"], label="control (rebuilt)")
        self.treated, = ax.plot([], [], lw=2.4, color=COLOURS["purple"], label="treated (rebuilt)")
        ax.plot([36], [IMPACT["survival_36_treated"]], "D", color=COLOURS["purple"], markeredgecolor="black",
                label="IMPACT, published: sipuleucel-T at 36 months")
        ax.plot([36], [IMPACT["survival_36_control"]], "s", color=COLOURS["muted"], markeredgecolor="black",
                label="IMPACT, published: placebo at 36 months")
        ax.axhline(0.5, color="#bbbbbb", lw=0.8, ls=":")
        self.median_lines = [ax.axvline(0, color=c, lw=1, ls="--") for c in (COLOURS["muted"], COLOURS["purple"])]
        ax.set(xlim=(0, 60), ylim=(0, 1.02), xlabel="months after randomisation", ylabel="fraction alive")
        self.fig.legend(loc="outside lower center", fontsize=10)

    def dynamic_artists(self):
        """What a slider move changes; the rest is drawn once (see widgets.Explorer)."""
        return [self.control, self.treated, *self.median_lines, self.ax.title]

    def update(self, hazard_ratio=IMPACT["hazard_ratio"], median_control=IMPACT["median_control"]) -> str:
        median = treated_median(median_control, hazard_ratio)
        self.control.set_data(MONTHS, exponential_survival(MONTHS, median_control))
        self.treated.set_data(MONTHS, exponential_survival(MONTHS, median))
        for line, m in zip(self.median_lines, (median_control, median)):
            line.set_xdata([m, m])
        self.ax.set_title(f"HR {hazard_ratio:.2f}: medians {median_control:.1f} and {median:.1f} months\n"
                          f"(an illustration with constant hazards)")
        return describe(hazard_ratio, median_control)


# the view and its parameters, for the sweep tests and the benchmark
EXPLORER = (SurvivalView, PARAMETERS)


def plot_survival(**values):
    return static_figure(SurvivalView, PARAMETERS, **values)


def explore_survival():
    return explore(SurvivalView, PARAMETERS)
