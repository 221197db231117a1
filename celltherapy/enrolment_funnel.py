"""Intention to treat versus infused: what the denominator does to a response rate.

A single-arm CAR T trial enrols patients, collects their cells, manufactures a product and
infuses those still able to receive it. A response rate can be reported per evaluated patient,
per infused patient or per enrolled patient (intention to treat); the numerator is the same
responders, so the smaller the denominator, the better the rate looks. The counts come from
`data/pivotal_trials.csv` (journal rows). Responders are the published rate times the population
it was reported for, rounded to whole patients; counting enrolled patients who were never
infused as non-responders is what an intention-to-treat analysis does.

The slider adds patients lost between manufacture and infusion, a longer wait for example
(the chapter on manufacturing): they and their would-be responses leave the trial, and the
rates per enrolled patient fall while the rate per infused patient does not move.
"""

from __future__ import annotations

from .parameters import Parameter
from .style import COLOURS, new_figure
from .trials import load_trials
from .widgets import explore, static_figure

# journal rows with counts from enrolment to infusion and a response rate for every infused patient
# (ZUMA-2, TRANSCEND and FELIX reported response for a subset of the infused, so they are left out)
FUNNEL_TRIALS = {t.trial: t for t in load_trials()
                 if t.reported_by == "journal" and t.enrolled and t.infused == t.population_n
                 and t.response_pct is not None}
STAGES = ("enrolled", "manufactured", "infused", "responded")


def funnel(trial: str = "ZUMA-1", extra_lost_percent: float = 0.0) -> dict:
    """Patients at each stage; extra losses come out of the infused (and with them their
    share of responders). A stage the source did not report is None."""
    t = FUNNEL_TRIALS[trial]
    responders = round(t.response_pct / 100 * t.population_n)
    kept = 1 - extra_lost_percent / 100
    return {"enrolled": t.enrolled, "manufactured": t.manufactured,
            "infused": round(t.infused * kept), "responded": round(responders * kept)}


def response_rates(trial: str = "ZUMA-1", extra_lost_percent: float = 0.0) -> dict:
    """Responders as a percentage of each denominator."""
    counts = funnel(trial, extra_lost_percent)
    return {stage: 100 * counts["responded"] / counts[stage]
            for stage in ("enrolled", "manufactured", "infused") if counts[stage]}


def describe(trial="ZUMA-1", extra_lost_percent=0.0) -> str:
    counts, rates = funnel(trial, extra_lost_percent), response_rates(trial, extra_lost_percent)
    return (f"{trial}: {counts['enrolled']} enrolled, {counts['infused']} infused, {counts['responded']} responded: "
            f"{rates['infused']:.0f}% of infused patients but {rates['enrolled']:.0f}% of enrolled patients")


PARAMETERS = (
    Parameter("trial", "trial (journal report)", "ZUMA-1", options=tuple(FUNNEL_TRIALS)),
    Parameter("extra_lost_percent", "extra patients lost before infusion", 0.0, "%", 0.0, 50.0, 1.0),
)

STAGE_COLOURS = {"enrolled": COLOURS["muted"], "manufactured": COLOURS["sky"], "infused": COLOURS["effector"],
                 "responded": COLOURS["memory"]}


class FunnelView:
    """Left: the funnel, a bar per stage with its count. Right: the response rate with each
    denominator."""

    def __init__(self):
        self.fig, (self.ax, self.rate_ax) = new_figure(5.0, 5.6, nrows=2)
        ax = self.ax
        self.bars = ax.barh(STAGES, [0] * len(STAGES), color=list(STAGE_COLOURS.values()))
        self.counts = [ax.text(0, i, "", va="center", fontsize=10) for i in range(len(STAGES))]
        ax.invert_yaxis()
        ax.set(xlim=(0, 165), xlabel="patients")
        self.title = ax.set_title(" ")
        rate = self.rate_ax
        denominators = ("per enrolled (ITT)", "per manufactured", "per infused")
        self.rate_bars = rate.barh(denominators, [0, 0, 0], color=COLOURS["memory"])
        self.rate_texts = [rate.text(0, i, "", va="center", fontsize=10) for i in range(3)]
        rate.invert_yaxis()
        rate.set(xlim=(0, 115), xticks=range(0, 101, 25), xlabel="response rate (%)")
        rate.set_title("Same responders, three denominators")

    def dynamic_artists(self):
        """What a control change alters; the rest is drawn once (see widgets.Explorer)."""
        return [*self.bars, *self.counts, self.title, *self.rate_bars, *self.rate_texts]

    def update(self, trial="ZUMA-1", extra_lost_percent=0.0) -> str:
        counts, rates = funnel(trial, extra_lost_percent), response_rates(trial, extra_lost_percent)
        for i, (bar, text, stage) in enumerate(zip(self.bars, self.counts, STAGES)):
            n = counts[stage]
            bar.set_width(n or 0)
            text.set_position(((n or 0) + 4, i))
            text.set_text(str(n) if n is not None else "not reported")
        self.title.set_text(f"{trial}: from enrolment to response")
        for i, (bar, text, stage) in enumerate(zip(self.rate_bars, self.rate_texts,
                                                   ("enrolled", "manufactured", "infused"))):
            value = rates.get(stage)
            bar.set_width(value or 0)
            text.set_position(((value or 0) + 2, i))
            text.set_text(f"{value:.0f}%" if value is not None else "not reported")
        return describe(trial, extra_lost_percent)


# the view and its parameters, for the sweep tests and the benchmark
EXPLORER = (FunnelView, PARAMETERS)


def plot_funnel(**values):
    return static_figure(FunnelView, PARAMETERS, **values)


def explore_funnel():
    return explore(FunnelView, PARAMETERS)
