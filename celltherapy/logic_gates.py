"""Logic-gated CAR T cells: which cells a gate kills, from their levels of two antigens.

A single CAR kills every cell that carries its antigen A above a threshold, healthy or not.
Gated designs decide from two antigens: an AND gate (a synNotch receptor for one antigen
switches on the CAR for the other) kills only cells carrying both; an OR gate either; a NOT
gate (an inhibitory receptor for B) kills A-carrying cells unless they also carry B.

The recognition threshold and the antigen levels are ILLUSTRATIVE (fractions of a reference
level); the rules of the gates are those of the published circuits.
"""

from __future__ import annotations

import numpy as np

from .parameters import Parameter
from .style import COLOURS, new_figure
from .widgets import explore, static_figure

THRESHOLD = 0.3  # illustrative: antigen level a receptor needs to be triggered

GATES = {
    "A only (single CAR)": lambda a, b: a,
    "A AND B (synNotch)": lambda a, b: a & b,
    "A OR B": lambda a, b: a | b,
    "A AND NOT B": lambda a, b: a & ~b,
}


def killed(gate: str, a_level, b_level):
    """Whether the gate's T cell kills a cell with these antigen levels (element-wise)."""
    a = np.asarray(a_level) >= THRESHOLD
    b = np.asarray(b_level) >= THRESHOLD
    return GATES[gate](a, b)


def describe(gate="A AND B (synNotch)", tumour_a=0.9, tumour_b=0.8, healthy_a=0.8, healthy_b=0.0) -> str:
    tumour = "killed" if killed(gate, tumour_a, tumour_b) else "spared"
    healthy = "killed" if killed(gate, healthy_a, healthy_b) else "spared"
    verdict = {("killed", "spared"): "on target", ("killed", "killed"): "on-target, off-tumour toxicity",
               ("spared", "spared"): "no effect", ("spared", "killed"): "the worst of both"}[(tumour, healthy)]
    return f"{gate}: tumour {tumour}, healthy tissue {healthy} ({verdict}; illustrative levels)"


PARAMETERS = (
    Parameter("gate", "gate", "A AND B (synNotch)", options=tuple(GATES)),
    Parameter("tumour_a", "antigen A on the tumour", 0.9, "× the reference level", 0.0, 1.0, 0.05),
    Parameter("tumour_b", "antigen B on the tumour", 0.8, "× the reference level", 0.0, 1.0, 0.05),
    Parameter("healthy_a", "antigen A on healthy tissue", 0.8, "× the reference level", 0.0, 1.0, 0.05),
    Parameter("healthy_b", "antigen B on healthy tissue", 0.0, "× the reference level", 0.0, 1.0, 0.05),
)


class GateView:
    """The antigen map: where the gate kills (shaded), and the tumour and healthy tissue on it."""

    GRID = np.linspace(0, 1, 201)
    # a gate decides on each antigen above or below the threshold: four rectangles of the map
    EDGES = np.array([0.0, THRESHOLD, 1.0])
    CENTRES = (EDGES[:-1] + EDGES[1:]) / 2

    def __init__(self):
        self.fig, self.ax = new_figure(5.0, 5.4)
        ax = self.ax
        # four shaded rectangles draw in a fraction of the time of a resampled image
        self.region = ax.pcolormesh(self.EDGES, self.EDGES, np.zeros((2, 2)), cmap="Reds", vmin=0, vmax=2.5)
        self.thresholds = [ax.axvline(THRESHOLD, color=COLOURS["muted"], lw=0.8, ls=":"),
                           ax.axhline(THRESHOLD, color=COLOURS["muted"], lw=0.8, ls=":")]
        self.tumour, = ax.plot([], [], "o", ms=14, color=COLOURS["tumour"], markeredgecolor="black",
                               label="tumour", clip_on=False)
        self.healthy, = ax.plot([], [], "s", ms=13, color=COLOURS["sky"], markeredgecolor="black",
                                label="healthy tissue", clip_on=False)
        self.tumour_text = ax.text(0, 0, "", fontsize=10, fontweight="bold")
        self.healthy_text = ax.text(0, 0, "", fontsize=10, fontweight="bold")
        ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="antigen A (× reference level, illustrative)",
               ylabel="antigen B (× reference level, illustrative)", xticks=[0, 0.25, 0.5, 0.75, 1])
        ax.plot([], [], "s", ms=10, color="#e34a33", label="cells this gate kills")
        # below the map, not on it: the markers and the shading can be anywhere in the map
        self.legend = self.fig.legend(loc="outside lower center", ncols=3, fontsize=10)

    def dynamic_artists(self):
        """The map and everything drawn over it; the axes are drawn once (see widgets.Explorer)."""
        return [self.region, *self.thresholds, self.tumour, self.healthy, self.tumour_text,
                self.healthy_text, self.ax.title]

    def update(self, gate="A AND B (synNotch)", tumour_a=0.9, tumour_b=0.8, healthy_a=0.8,
               healthy_b=0.0) -> str:
        a, b = np.meshgrid(self.CENTRES, self.CENTRES)
        self.region.set_array(killed(gate, a, b).astype(float))
        for marker, text, a, b in ((self.tumour, self.tumour_text, tumour_a, tumour_b),
                                   (self.healthy, self.healthy_text, healthy_a, healthy_b)):
            marker.set_data([a], [b])
            text.set_text("killed" if killed(gate, a, b) else "spared")
            text.set_position((min(a + 0.04, 0.86), min(b + 0.04, 0.95)))
        self.ax.set_title(gate)
        return describe(gate, tumour_a, tumour_b, healthy_a, healthy_b)


# the view and its parameters, for the sweep tests and the benchmark
EXPLORER = (GateView, PARAMETERS)


def plot_gate(**values):
    return static_figure(GateView, PARAMETERS, **values)


def explore_gates():
    return explore(GateView, PARAMETERS)


def plot_gate_panels():
    """Small multiples: the same tumour and healthy tissue under each of the four gates."""
    fig, axes = new_figure(5.0, 5.4, nrows=2, ncols=2, sharex=True, sharey=True)
    a, b = np.meshgrid(GateView.GRID, GateView.GRID)
    for ax, gate in zip(axes.flat, GATES):
        ax.imshow(killed(gate, a, b).astype(float), origin="lower", extent=(0, 1, 0, 1), cmap="Reds",
                  vmin=0, vmax=2.5, aspect="auto", interpolation="nearest")
        for (x, y), marker, colour in (((0.9, 0.8), "o", COLOURS["tumour"]), ((0.8, 0.0), "s", COLOURS["sky"])):
            ax.plot([x], [y], marker, ms=10, color=colour, markeredgecolor="black", clip_on=False)
            ax.text(min(x + 0.05, 0.8), y + 0.05, "killed" if killed(gate, x, y) else "spared", fontsize=10,
                    fontweight="bold")
        ax.set(xlim=(0, 1), ylim=(0, 1), title=gate, xticks=[0, 0.5, 1], yticks=[0, 0.5, 1])
    for ax in axes[1]:
        ax.set_xlabel("antigen A")
    for ax in axes[:, 0]:
        ax.set_ylabel("antigen B")
    return fig
