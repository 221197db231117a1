"""Waiting for the cells: how vein-to-vein time decides who reaches infusion. An ILLUSTRATION.

Between leukapheresis and infusion an autologous product is made, tested and shipped; the
disease does not wait. If, while waiting, a patient becomes unable to receive the cells at a
constant hazard h per day (progression, infection, death), the fraction still able to receive
them after T days is exp(-h T). Bridging therapy that slows the disease lowers h by a chosen
fraction b; a manufacturing failure (probability f) removes the rest of the patients at random:

    reach infusion = (1 - f) * exp(-(1 - b) * h * T)

The default hazard is the death rate implied by a median survival of 6.3 months, the median
overall survival of refractory large B-cell lymphoma before CAR T cells (SCHOLAR-1, Crump et
al. 2017). Real drop-out also includes patients too ill to treat, so the losses shown are on
the low side; a constant hazard, independent failures and no second manufacturing run are
simplifications, and bridging efficacy is illustrative.
"""

from __future__ import annotations

import numpy as np

from .parameters import Parameter
from .style import COLOURS, new_figure
from .widgets import explore, static_figure

DAYS_PER_MONTH = 365.25 / 12
SCHOLAR1_MEDIAN_OS_MONTHS = 6.3           # Crump et al. 2017
AXICEL_TURNAROUND_DAYS = 14               # manufacturing turnaround after the 2024 process change
UK_TISACEL_SCREENING_TO_INFUSION_DAYS = 60  # UK national paediatric ALL service, median
DAYS = np.linspace(0.0, 120.0, 241)


def daily_hazard(median_survival_months: float) -> float:
    """Constant hazard per day that gives this median survival."""
    return np.log(2) / (median_survival_months * DAYS_PER_MONTH)


def fates(days, median_survival_months=SCHOLAR1_MEDIAN_OS_MONTHS, bridging_effect=0.0,
          failure_rate=0.04) -> dict:
    """Fractions of apheresed patients infused, lost while waiting and lost to a failed
    manufacture, after `days` of waiting. Rates are fractions (0-1)."""
    days = np.asarray(days, dtype=float)
    still_eligible = np.exp(-(1 - bridging_effect) * daily_hazard(median_survival_months) * days)
    return {"infused": (1 - failure_rate) * still_eligible,
            "lost while waiting": 1 - still_eligible,
            "manufacturing failure": failure_rate * still_eligible}


def days_to_lose(fraction, median_survival_months=SCHOLAR1_MEDIAN_OS_MONTHS, bridging_effect=0.0) -> float:
    """Waiting time (days) after which `fraction` of patients have dropped out."""
    rate = (1 - bridging_effect) * daily_hazard(median_survival_months)
    return float(-np.log(1 - fraction) / rate) if rate > 0 else float("inf")


def describe(vein_to_vein=UK_TISACEL_SCREENING_TO_INFUSION_DAYS, median_survival_months=SCHOLAR1_MEDIAN_OS_MONTHS,
             bridging_percent=0.0, failure_percent=4.0) -> str:
    def infused(days):
        return fates(days, median_survival_months, bridging_percent / 100, failure_percent / 100)["infused"]
    return (f"{vein_to_vein:.0f} days of waiting: {infused(vein_to_vein):.0%} of patients reach infusion "
            f"(at 14 days {infused(14):.0%}, at 60 days {infused(60):.0%}; illustration)")


PARAMETERS = (
    Parameter("vein_to_vein", "vein-to-vein time", UK_TISACEL_SCREENING_TO_INFUSION_DAYS, "days",
              7.0, 120.0, 1.0, source="oportoespuelas2024intention"),
    Parameter("median_survival_months", "median survival without effective treatment",
              SCHOLAR1_MEDIAN_OS_MONTHS, "months", 1.0, 24.0, 0.1, source="crump2017outcomes"),
    Parameter("bridging_percent", "bridging therapy: hazard reduced by", 0.0, "%", 0.0, 90.0, 5.0),
    Parameter("failure_percent", "manufacturing failure", 4.0, "%", 0.0, 15.0, 0.5, source="dulobdas2025risk"),
)

FATE_COLOURS = {"infused": COLOURS["memory"], "lost while waiting": COLOURS["tumour"],
                "manufacturing failure": COLOURS["accent"]}


class WaitingView:
    """Left: the share of patients who reach infusion against waiting time, with the two
    published waiting times marked. Right: what becomes of 100 patients at 14 days, at
    60 days and at the chosen time."""

    BARS = ("14 days", "60 days", "chosen")

    def __init__(self):
        self.fig, (self.ax, self.bar_ax) = new_figure(5.0, 6.6, nrows=2, height_ratios=(3, 1.6))
        ax = self.ax
        self.curve, = ax.plot([], [], lw=2.4, color=COLOURS["memory"], label="reach infusion")
        self.lost, = ax.plot([], [], lw=1.6, ls="--", color=COLOURS["tumour"], label="lost while waiting")
        for days, text in ((AXICEL_TURNAROUND_DAYS, "14 d"), (UK_TISACEL_SCREENING_TO_INFUSION_DAYS, "60 d")):
            ax.axvline(days, color=COLOURS["muted"], lw=0.9, ls=":")
            ax.text(days + 1, 0.03, text, fontsize=10, color="#555555")
        self.marker, = ax.plot([], [], "o", ms=8, color=COLOURS["total"], label="chosen time")
        ax.set(xlim=(0, 120), ylim=(0, 1.02), xlabel="days from leukapheresis to infusion",
               ylabel="fraction of apheresed patients")
        ax.legend(loc="center right", fontsize=10)
        self.title = ax.set_title(" ")
        bar = self.bar_ax
        self.bars = {}
        for fate, colour in FATE_COLOURS.items():
            self.bars[fate] = bar.barh(self.BARS, [0, 0, 0], color=colour, label=fate)
        self.counts = [bar.text(0, i, "", va="center", ha="left", fontsize=10, color="white")
                       for i in range(len(self.BARS))]
        bar.set(xlim=(0, 100), xlabel="out of 100 apheresed patients")
        bar.invert_yaxis()
        bar.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35), fontsize=10, ncols=2)

    def dynamic_artists(self):
        """What a slider move changes; the rest is drawn once (see widgets.Explorer)."""
        patches = [p for bars in self.bars.values() for p in bars]
        return [self.curve, self.lost, self.marker, self.title, *patches, *self.counts]

    def update(self, vein_to_vein=UK_TISACEL_SCREENING_TO_INFUSION_DAYS,
               median_survival_months=SCHOLAR1_MEDIAN_OS_MONTHS, bridging_percent=0.0,
               failure_percent=4.0) -> str:
        settings = (median_survival_months, bridging_percent / 100, failure_percent / 100)
        curve = fates(DAYS, *settings)
        self.curve.set_data(DAYS, curve["infused"])
        self.lost.set_data(DAYS, curve["lost while waiting"])
        now = fates(vein_to_vein, *settings)
        self.marker.set_data([vein_to_vein], [now["infused"]])
        self.title.set_text(f"{vein_to_vein:.0f} days: {now['infused']:.0%} reach infusion")
        left = np.zeros(len(self.BARS))
        for fate in FATE_COLOURS:
            widths = 100 * np.array([fates(d, *settings)[fate]
                                     for d in (AXICEL_TURNAROUND_DAYS, UK_TISACEL_SCREENING_TO_INFUSION_DAYS,
                                               vein_to_vein)])
            for patch, x, w in zip(self.bars[fate], left, widths):
                patch.set_x(x)
                patch.set_width(w)
            if fate == "infused":
                for text, w in zip(self.counts, widths):
                    text.set_position((1, text.get_position()[1]))
                    text.set_text(f"{w:.0f} infused")
            left += widths
        return describe(vein_to_vein, median_survival_months, bridging_percent, failure_percent)


# the view and its parameters, for the sweep tests and the benchmark
EXPLORER = (WaitingView, PARAMETERS)


def plot_waiting(**values):
    return static_figure(WaitingView, PARAMETERS, **values)


def explore_waiting():
    return explore(WaitingView, PARAMETERS)
