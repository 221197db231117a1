"""A safety switch: inducible caspase 9 (iCasp9) and the fraction of engineered cells removed.

Engineered T cells carry caspase 9 fused to a drug-binding domain; a small dimerising drug
(AP1903, rimiducid) brings two molecules together and the cell dies by apoptosis within
minutes. In patients, one dose removed 85–95% of the circulating engineered cells within 30
minutes (the published band drawn on the figure).

The curve is an ILLUSTRATIVE model calibrated to that band: the fraction removed approaches a
maximum E(dose) with a time constant τ,

    removed(t) = E(dose) · (1 − exp(−t / τ)),   E(dose) = E_max · dose^n / (EC50^n + dose^n),

with dose relative to the clinical dose. E_max < 1 stands for the cells that express too little
of the switch to die.
"""

from __future__ import annotations

import numpy as np

from .parameters import Parameter
from .style import COLOURS, new_figure
from .widgets import explore, static_figure

PUBLISHED_BAND = (0.85, 0.95)   # fraction removed within 30 minutes, in patients
E_MAX = 0.95                    # illustrative
EC50 = 0.1                      # illustrative, as a fraction of the clinical dose
HILL = 1.5                      # illustrative
TAU = 8.0                       # illustrative time constant (minutes)
MINUTES = np.linspace(0.0, 120.0, 241)


def maximal_removal(dose: float) -> float:
    """The fraction that a dose can remove at most (illustrative)."""
    return E_MAX * dose ** HILL / (EC50 ** HILL + dose ** HILL) if dose > 0 else 0.0


def remaining(minutes, dose: float = 1.0, tau: float = TAU):
    """Fraction of engineered cells still alive `minutes` after the dimeriser."""
    return 1.0 - maximal_removal(dose) * (1.0 - np.exp(-np.asarray(minutes, dtype=float) / tau))


def describe(dose: float = 1.0, tau: float = TAU) -> str:
    removed = 1 - float(remaining(30.0, dose, tau))
    inside = PUBLISHED_BAND[0] <= removed <= PUBLISHED_BAND[1]
    return (f"dose {dose:g}× the clinical dose: {removed:.0%} of engineered cells removed at 30 minutes "
            f"({'inside' if inside else 'outside'} the published 85–95%; illustrative model)")


PARAMETERS = (
    Parameter("dose", "dimeriser dose", 1.0, "× the clinical dose", 0.01, 2.0, 0.05, log=True),
    Parameter("tau", "time constant τ of killing", TAU, "minutes", 2.0, 60.0, 1.0),
)


class SwitchView:
    def __init__(self):
        self.fig, self.ax = new_figure(5.0, 3.8)
        ax = self.ax
        ax.fill_between([25, 35], 1 - PUBLISHED_BAND[1], 1 - PUBLISHED_BAND[0], color=COLOURS["memory"],
                        alpha=0.35, label="published: 85–95% removed within 30 min")
        self.curve, = ax.plot([], [], lw=2.4, color=COLOURS["effector"], label="engineered cells remaining")
        ax.axvline(30, color=COLOURS["muted"], lw=0.8, ls=":")
        ax.set(xlim=(0, 120), ylim=(0, 1.02), xlabel="minutes after the dimerising drug",
               ylabel="fraction of engineered cells alive")
        ax.legend(loc="upper right", fontsize=10)

    def dynamic_artists(self):
        """What a slider move changes; the rest is drawn once (see widgets.Explorer)."""
        return [self.curve, self.ax.title]

    def update(self, dose: float = 1.0, tau: float = TAU) -> str:
        self.curve.set_data(MINUTES, remaining(MINUTES, dose, tau))
        self.ax.set_title(f"dose {dose:g}× clinical, τ = {tau:g} min (illustrative model)")
        return describe(dose, tau)


# the view and its parameters, for the sweep tests and the benchmark
EXPLORER = (SwitchView, PARAMETERS)


def plot_switch(**values):
    return static_figure(SwitchView, PARAMETERS, **values)


def explore_switch():
    return explore(SwitchView, PARAMETERS)
