"""What a response costs: list price, response rate, attrition and the other costs of care.

For every 100 patients who start (leukapheresis), a fraction reaches infusion; the product is
paid for those infused, and every infused patient also needs lymphodepletion, a hospital stay
and the management of side effects (the other costs of care); each patient who never reaches
infusion still costs leukapheresis and bridging therapy. Dividing the total by the number of
responders, counted among everyone who started, gives the cost per responder:

    cost per responder = [infused (price + other) + (1 - infused) lost] / (infused * response)

List prices are the published US launch prices (cited in `PRICES`). The other costs and the
cost of a patient lost before infusion are ILLUSTRATIVE round numbers; the uncertainty band
varies the response rate over its 95% confidence interval and the other costs by half either
way, so that a reader sees how much of the answer is assumption.
"""

from __future__ import annotations

import numpy as np

from .parameters import Parameter
from .style import COLOURS, new_figure
from .widgets import explore, static_figure

# US list prices at launch (US dollars) and their sources (references.bib keys)
PRICES = {
    "Yescarta (axi-cel)": (373_000, "scrip2017yescarta"),
    "Kymriah (tisa-cel), ALL": (475_000, "biocentury2017kymriah"),
    "Abecma (ide-cel)": (419_500, "powell2021idecabtagene"),
    "Carvykti (cilta-cel)": (465_000, "fiercepharma2022carvykti"),
}
# ZUMA-1 as the worked example: FDA-assessed response among infused patients with its 95% CI
# (Bouchkouj et al. 2019) and the share of enrolled patients infused, 101 of 111 (Neelapu et al. 2017)
DEFAULT_RESPONSE = 72.0
RESPONSE_CI = (62.0, 81.0)
DEFAULT_INFUSED = round(100 * 101 / 111)
OTHER_COSTS = 150_000        # illustrative: lymphodepletion, hospital stay, side effects, follow-up
LOST_PATIENT_COST = 40_000   # illustrative: leukapheresis and bridging therapy for a patient not infused
RESPONSE_GRID = np.linspace(10.0, 100.0, 181)


def cost_parts(price, response_percent, infused_percent, other_costs=OTHER_COSTS,
               lost_cost=LOST_PATIENT_COST) -> dict:
    """The three parts of the cost per responder (US dollars): product, other care and the
    patients who never reach infusion. Works on arrays of response rates as well."""
    infused = infused_percent / 100
    responders = infused * np.asarray(response_percent, dtype=float) / 100
    return {"product": infused * price / responders,
            "other care": infused * other_costs / responders,
            "patients not infused": (1 - infused) * lost_cost / responders}


def cost_per_responder(*args, **kwargs):
    return sum(cost_parts(*args, **kwargs).values())


def uncertainty(price, response_percent, infused_percent, other_costs=OTHER_COSTS,
                ci_width=RESPONSE_CI[1] - RESPONSE_CI[0]) -> tuple[float, float]:
    """Lowest and highest cost per responder when the response rate moves over a confidence
    interval of this width around its value and the other costs by half either way."""
    low = min(100.0, response_percent + ci_width / 2)
    high = max(1.0, response_percent - ci_width / 2)
    return (float(cost_per_responder(price, low, infused_percent, 0.5 * other_costs)),
            float(cost_per_responder(price, high, infused_percent, 1.5 * other_costs)))


def dollars(x: float) -> str:
    return f"${x / 1e6:.2f} million" if x >= 1e6 else f"${x / 1e3:,.0f}k"


def describe(product="Yescarta (axi-cel)", response_percent=DEFAULT_RESPONSE,
             infused_percent=DEFAULT_INFUSED, other_costs_k=OTHER_COSTS / 1e3) -> str:
    price = PRICES[product][0]
    central = cost_per_responder(price, response_percent, infused_percent, other_costs_k * 1e3)
    low, high = uncertainty(price, response_percent, infused_percent, other_costs_k * 1e3)
    return (f"{product} at {dollars(price)}: {dollars(central)} per responder "
            f"(range {dollars(low)} to {dollars(high)}; {response_percent:.0f}% respond, "
            f"{infused_percent:.0f}% infused)")


PARAMETERS = (
    Parameter("product", "product (US launch list price)", "Yescarta (axi-cel)", options=tuple(PRICES)),
    Parameter("response_percent", "response among infused patients", DEFAULT_RESPONSE, "%", 10.0, 100.0, 1.0,
              source="bouchkouj2019fda"),
    Parameter("infused_percent", "patients who reach infusion", DEFAULT_INFUSED, "%", 40.0, 100.0, 1.0,
              source="neelapu2017axicabtagene"),
    Parameter("other_costs_k", "other costs of care per infused patient", OTHER_COSTS / 1e3,
              "thousand US$", 0.0, 500.0, 10.0),
)

PART_COLOURS = {"product": COLOURS["effector"], "other care": COLOURS["sky"],
                "patients not infused": COLOURS["accent"]}


class CostView:
    """Top: cost per responder against the response rate, the range shaded.
    Bottom: the cost per responder split into its parts, with the uncertainty range."""

    def __init__(self):
        self.fig, (self.ax, self.bar_ax) = new_figure(5.0, 6.6, nrows=2, height_ratios=(3, 1.1))
        bar = self.bar_ax
        self.parts = {part: bar.barh([0], [0], height=0.6, color=colour, label=part)[0]
                      for part, colour in PART_COLOURS.items()}
        self.range_line, = bar.plot([0, 0], [0, 0], color=COLOURS["total"], lw=1.5, marker="|", ms=18,
                                    label="range (response CI,\nother costs ±50%)")
        bar.set(ylim=(-0.6, 0.6), xlim=(0, 3.0), yticks=[], xlabel="US$ million per responder")
        bar.legend(loc="upper center", bbox_to_anchor=(0.5, -0.6), fontsize=10, ncols=2)
        ax = self.ax
        self.band = None
        self.curve, = ax.plot([], [], lw=2.2, color=COLOURS["effector"], label="cost per responder")
        self.point, = ax.plot([], [], "o", ms=8, color=COLOURS["total"], label="chosen response rate")
        ax.fill_between([], [], [], color=COLOURS["sky"], alpha=0.3, lw=0, label="other costs ±50%")
        ax.axvspan(*RESPONSE_CI, color="#e4e4e4", zorder=0, label="ZUMA-1 response, 95% CI")
        ax.set(xlim=(10, 100), ylim=(0, 3.0), xlabel="response among infused patients (%)",
               ylabel="US$ million per responder")
        ax.legend(loc="upper right", fontsize=10)
        self.title = ax.set_title(" ")

    def dynamic_artists(self):
        """What a slider move changes; the rest is drawn once (see widgets.Explorer)."""
        band = [self.band] if self.band is not None else []
        return [*self.parts.values(), self.range_line, *band, self.curve, self.point, self.title]

    def update(self, product="Yescarta (axi-cel)", response_percent=DEFAULT_RESPONSE,
               infused_percent=DEFAULT_INFUSED, other_costs_k=OTHER_COSTS / 1e3) -> str:
        price, other = PRICES[product][0], other_costs_k * 1e3
        bottom = 0.0
        for part, value in cost_parts(price, response_percent, infused_percent, other).items():
            self.parts[part].set_x(bottom)
            self.parts[part].set_width(value / 1e6)
            bottom += value / 1e6
        low, high = uncertainty(price, response_percent, infused_percent, other)
        self.range_line.set_data([low / 1e6, high / 1e6], [0, 0])
        curve = cost_per_responder(price, RESPONSE_GRID, infused_percent, other) / 1e6
        self.curve.set_data(RESPONSE_GRID, np.minimum(curve, 10.0))
        lower = cost_per_responder(price, RESPONSE_GRID, infused_percent, 0.5 * other) / 1e6
        upper = cost_per_responder(price, RESPONSE_GRID, infused_percent, 1.5 * other) / 1e6
        if self.band is not None:
            self.band.remove()
        self.band = self.ax.fill_between(RESPONSE_GRID, np.minimum(lower, 10), np.minimum(upper, 10),
                                         color=COLOURS["sky"], alpha=0.3, lw=0)
        self.band.set_animated(self.curve.get_animated())
        self.point.set_data([response_percent], [bottom])
        self.title.set_text(f"{dollars(bottom * 1e6)} per responder")
        return describe(product, response_percent, infused_percent, other_costs_k)


# the view and its parameters, for the sweep tests and the benchmark
EXPLORER = (CostView, PARAMETERS)


def plot_cost(**values):
    return static_figure(CostView, PARAMETERS, **values)


def explore_cost():
    return explore(CostView, PARAMETERS)
