"""Kill or spare: an NK cell weighing activating against inhibitory signals.

Activating signals come from stress ligands on the target (e.g. MICA/ULBP for NKG2D) and
from antibody on its surface (through CD16, the route of antibody-dependent cellular
cytotoxicity, ADCC); inhibitory signals come from MHC class I (HLA, read by KIRs and
NKG2A). Inhibition dominates: a healthy cell with normal MHC class I is spared even when it
carries some activating ligand; a cell that has lost MHC class I ("missing self") is killed.

The numbers here are ILLUSTRATIVE, a teaching form chosen to show that logic. MHC class I
switches inhibition on steeply (a Hill function I between 0 and 1), and inhibition raises the
activation needed to kill:

    P(kill) = A / (A + K_A + K_I · I),   A = ligand + antibody + baseline,
    I = (MHC/S)^n / (1 + (MHC/S)^n).

With full inhibition, only activation above K_A + K_I (strong stress, or stress plus
antibody) tips the balance.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Circle, Rectangle

from .parameters import Parameter
from .style import COLOURS, new_figure
from .widgets import explore, static_figure

BASELINE_ACTIVATION = 0.5   # illustrative: activating ligands that most cells carry
HALF_ACTIVATION = 0.3       # illustrative K_A
INHIBITION_WEIGHT = 2.0     # illustrative K_I: how much full inhibition raises the bar
INHIBITION_THRESHOLD = 0.3  # illustrative S: MHC class I level giving half inhibition
STEEPNESS = 4.0             # illustrative n: inhibition acts like a switch


def activation(ligand, antibody):
    """Total activating signal (arbitrary units)."""
    return np.asarray(ligand) + np.asarray(antibody) + BASELINE_ACTIVATION


def inhibition(mhc):
    """Inhibitory signal between 0 and 1, switched on by MHC class I."""
    x = (np.asarray(mhc, dtype=float) / INHIBITION_THRESHOLD) ** STEEPNESS
    return x / (1 + x)


def kill_probability(mhc, ligand, antibody):
    """Probability that an NK cell kills the target after contact (illustrative)."""
    a = activation(ligand, antibody)
    return a / (a + HALF_ACTIVATION + INHIBITION_WEIGHT * inhibition(mhc))


def verdict(probability: float) -> str:
    return "killed" if probability >= 0.5 else "spared"


def describe(mhc=1.0, ligand=0.0, antibody=0.0) -> str:
    p = float(kill_probability(mhc, ligand, antibody))
    return (f"MHC class I {mhc:.2f}, stress ligand {ligand:.2f}, antibody {antibody:.2f}: "
            f"probability of killing {p:.2f}, target {verdict(p)} (illustrative numbers)")


PARAMETERS = (
    Parameter("mhc", "MHC class I on the target", 1.0, "relative to a healthy cell", 0.0, 1.5, 0.05),
    Parameter("ligand", "stress ligands (e.g. MICA)", 0.0, "relative units", 0.0, 2.0, 0.05),
    Parameter("antibody", "antibody coating (ADCC via CD16)", 0.0, "relative units", 0.0, 2.0, 0.05),
)


class SynapseView:
    """The NK cell meeting its target, receptor pairs drawn by strength, and the verdict."""

    PAIRS = (("KIR / NKG2A", "MHC class I", COLOURS["tumour"], 4.5),
             ("NKG2D", "stress ligand", COLOURS["memory"], 3.0),
             ("CD16", "antibody", COLOURS["effector"], 1.5))

    def __init__(self):
        # every artist is made once; a move changes sizes, colours and words
        self.fig, (self.ax, self.bar_ax) = new_figure(5.0, 6.4, nrows=2, height_ratios=(2.2, 1))
        ax = self.ax
        ax.set_axis_off()
        ax.set(xlim=(-0.5, 10.5), ylim=(0, 6), aspect="equal")
        ax.add_patch(Circle((-1.5, 3), 3.0, facecolor="#e8d9f0", edgecolor="black"))
        ax.text(0.4, 3, "NK\ncell", ha="center", va="center", fontsize=10)
        # the two cells are shown in part, at the edges: the gap between them holds every name
        self.target = ax.add_patch(Circle((12.0, 3), 3.0, edgecolor="black"))
        self.target_text = ax.text(9.8, 3, "", ha="center", va="center", fontsize=10)
        self.ligands, self.ligand_names = [], []
        for receptor, ligand_name, colour, y in self.PAIRS:
            ax.add_patch(Rectangle((4.1, y - 0.2), 0.45, 0.4, facecolor=colour, edgecolor="black"))
            ax.text(4.0, y + 0.45, receptor, ha="right", fontsize=10)
            self.ligands.append(ax.add_patch(Rectangle((5.45, y), 0.45, 0.0, facecolor=colour,
                                                       edgecolor="black", alpha=0.8)))
            self.ligand_names.append(ax.text(6.0, y + 0.45, ligand_name, ha="left", fontsize=10))
        ax.text(5.0, 0.4, "inhibitory (top) · activating (middle, bottom)", ha="center", fontsize=10,
                color="#555555")
        bars = self.bar_ax
        self.bars = bars.bar(["activating\nsignal", "needed to kill\n(raised by MHC I)"], [0.0, 0.0],
                             color=[COLOURS["memory"], COLOURS["tumour"]])
        bars.set(ylim=(0, 5), ylabel="signal (illustrative units)")
        self.bar_title = bars.set_title(" ")

    def dynamic_artists(self):
        """What a slider move changes, and the ligand names that sit on the target cell; the rest
        is drawn once (see widgets.Explorer)."""
        return [self.target, self.target_text, *self.ligands, *self.ligand_names, *self.bars, self.bar_title]

    def update(self, mhc=1.0, ligand=0.0, antibody=0.0) -> str:
        p = float(kill_probability(mhc, ligand, antibody))
        killed = p >= 0.5
        self.target.set_facecolor("#f4b6a6" if killed else "#fde0cf")
        self.target.set_linestyle("--" if killed else "-")
        self.target_text.set_text(f"target\n{verdict(p)}")
        for rectangle, level, (*_, y) in zip(self.ligands, (mhc, ligand, antibody), self.PAIRS):
            width = 0.15 + 0.35 * min(level, 2.0)
            rectangle.set_y(y - width / 2)
            rectangle.set_height(width)
            rectangle.set_visible(level > 0)
        a = float(activation(ligand, antibody))
        bar_to_beat = HALF_ACTIVATION + INHIBITION_WEIGHT * float(inhibition(mhc))
        for bar, height in zip(self.bars, (a, bar_to_beat)):
            bar.set_height(height)
        self.bar_title.set_text(f"P(kill) = {p:.2f}: {verdict(p)}")
        return describe(mhc, ligand, antibody)


# the view and its parameters, for the sweep tests and the benchmark
EXPLORER = (SynapseView, PARAMETERS)


def plot_synapse(**values):
    return static_figure(SynapseView, PARAMETERS, **values)


def explore_synapse():
    return explore(SynapseView, PARAMETERS)


def plot_balance_maps(antibodies=(0.0, 1.0)):
    """Small multiples: probability of killing over MHC class I × stress ligand, without and
    with antibody coating."""
    mhc = np.linspace(0, 1.5, 121)
    ligand = np.linspace(0, 2.0, 121)
    grid_mhc, grid_ligand = np.meshgrid(mhc, ligand)
    fig, axes = new_figure(5.0, 7.2, nrows=len(antibodies), sharex=True)
    for ax, antibody in zip(axes, antibodies):
        image = ax.pcolormesh(mhc, ligand, kill_probability(grid_mhc, grid_ligand, antibody),
                              vmin=0, vmax=1, cmap="viridis", shading="auto")
        ax.contour(mhc, ligand, kill_probability(grid_mhc, grid_ligand, antibody), levels=[0.5],
                   colors="white", linewidths=1.5)
        ax.plot([1.0], [0.0], "o", color="white", markeredgecolor="black", ms=8)
        ax.annotate("healthy cell", (1.0, 0.0), xytext=(1.02, 0.25), color="white", fontsize=10)
        ax.set(xlabel="MHC class I on the target", title=f"antibody coating {antibody:g}")
    axes[0].set_ylabel("stress ligands on the target")
    fig.colorbar(image, ax=axes, label="probability of killing (illustrative)")
    return fig
