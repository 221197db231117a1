"""T-cell activation: which signals a T cell receives decides what it does.

Signal 1 is antigen recognition (the T-cell receptor reading a peptide on MHC, or a CAR
binding an intact surface protein), signal 2 is costimulation (CD28 meeting B7, or a
costimulatory domain inside a second-generation CAR), signal 3 is inflammatory cytokines.
The outcomes are the textbook ones; the expansion numbers drawn beside them are
illustrative, chosen only to show the order of the outcomes, not measured values.
"""

from __future__ import annotations

from matplotlib.patches import Circle, FancyBboxPatch, Rectangle

from .parameters import Parameter
from .style import COLOURS, label_decades, new_figure
from .widgets import explore, static_figure

RECEPTORS = ("T-cell receptor", "first-generation CAR", "second-generation CAR")
DISPLAYS = ("peptide on MHC and intact protein", "intact protein only (MHC lost)", "nothing recognisable")
PRESENT = ("present", "absent")

OUTCOMES = {
    "ignorance": "Ignorance: no signal 1, so the T cell passes by without noticing the cell.",
    "anergy": "Anergy: signal 1 without costimulation leaves the T cell unresponsive.",
    "weak": "Activation without signal 3: the T cell responds, but expands and survives poorly.",
    "full": "Full activation: the T cell multiplies, kills and leaves memory cells.",
}
# Illustrative fold expansion of the responding clone for each outcome (not data).
ILLUSTRATIVE_EXPANSION = {"ignorance": 1.0, "anergy": 0.5, "weak": 10.0, "full": 1000.0}
LABELS = {"ignorance": "ignorance", "anergy": "anergy", "weak": "weak activation", "full": "full activation"}


def signals(receptor: str, display: str, costimulation: str, cytokines: str) -> tuple[bool, bool, bool]:
    """Which of signals 1, 2 and 3 the T cell receives."""
    if receptor == "T-cell receptor":
        signal1 = display == DISPLAYS[0]  # a TCR only reads peptide on MHC
    else:
        signal1 = display in DISPLAYS[:2]  # a CAR binds the intact protein, MHC or not
    # a second-generation CAR carries its own costimulatory domain
    signal2 = signal1 and (costimulation == "present" or receptor == RECEPTORS[2])
    signal3 = signal1 and cytokines == "present"
    return signal1, signal2, signal3


def outcome(signal1: bool, signal2: bool, signal3: bool) -> str:
    if not signal1:
        return "ignorance"
    if not signal2:
        return "anergy"
    return "full" if signal3 else "weak"


def describe(receptor="T-cell receptor", display=DISPLAYS[0], costimulation="present",
             cytokines="present") -> str:
    s = signals(receptor, display, costimulation, cytokines)
    received = ", ".join(f"signal {i}" for i, on in enumerate(s, 1) if on) or "no signal"
    return f"{receptor} meeting a cell that shows {display}: {received}. {OUTCOMES[outcome(*s)]}"


class ActivationView:
    """The target cell and the T cell with the signals passing between them, and the outcome."""

    def __init__(self):
        self.fig, (self.ax, bars) = new_figure(9.0, 4.4, ncols=2, width_ratios=(2.2, 1))
        names = list(ILLUSTRATIVE_EXPANSION)
        self.bars = bars.barh([LABELS[n] for n in names], [ILLUSTRATIVE_EXPANSION[n] for n in names],
                              color=COLOURS["muted"])
        bars.set(xscale="log", xlim=(0.2, 3000), xlabel="fold expansion of the clone\n(illustrative)")
        label_decades(bars, 0, 3, axis="x")
        bars.invert_yaxis()
        bars.set_title("outcome", fontsize=10)

    def dynamic_artists(self):
        """The diagram and the bar colours change; the bar chart's axes are drawn once."""
        return [self.ax, *self.bars]

    def update(self, receptor="T-cell receptor", display=DISPLAYS[0], costimulation="present",
               cytokines="present") -> str:
        s1, s2, s3 = signals(receptor, display, costimulation, cytokines)
        result = outcome(s1, s2, s3)
        ax = self.ax
        ax.clear()
        ax.set_axis_off()
        ax.set(xlim=(-0.5, 10.7), ylim=(0, 5.6), aspect="equal")
        ax.add_patch(Circle((1.8, 3), 2.2, facecolor="#fde0cf", edgecolor="black"))
        ax.text(1.8, 3.0, "target or\npresenting\ncell", ha="center", va="center", fontsize=9)
        ax.add_patch(Circle((8.4, 3), 2.2, facecolor="#d6e8f5", edgecolor="black"))
        ax.text(8.9, 3.0, "T cell", ha="center", va="center", fontsize=9)
        # signal 1: MHC and/or intact protein on the target, the receptor on the T cell
        if display == DISPLAYS[0]:
            ax.add_patch(Rectangle((3.75, 4.15), 0.5, 0.5, facecolor=COLOURS["accent"], edgecolor="black"))
            ax.text(3.3, 4.4, "peptide\n–MHC", ha="right", va="center", fontsize=8)
        if display in DISPLAYS[:2]:
            ax.add_patch(Circle((4.0, 3.55), 0.25, facecolor=COLOURS["tumour"], edgecolor="black"))
            ax.text(3.3, 3.55, "protein", ha="right", va="center", fontsize=8)
        receptor_y = 4.4 if receptor == "T-cell receptor" else 3.55
        ax.add_patch(FancyBboxPatch((5.9, receptor_y - 0.25), 0.6, 0.5, boxstyle="round,pad=0.02",
                                    facecolor=COLOURS["effector"], edgecolor="black"))
        ax.text(6.6, receptor_y, "TCR" if receptor == "T-cell receptor" else "CAR", va="center",
                fontsize=8)
        # signal 2: B7 on the target meeting CD28, or the CAR's own costimulatory domain
        if costimulation == "present":
            ax.add_patch(Rectangle((3.75, 2.3), 0.5, 0.45, facecolor=COLOURS["memory"], edgecolor="black"))
            ax.text(3.3, 2.52, "B7", ha="right", va="center", fontsize=8)
        ax.add_patch(Rectangle((5.95, 2.3), 0.5, 0.45, facecolor="#cccccc", edgecolor="black"))
        ax.text(6.6, 2.52, "CD28", va="center", fontsize=8)
        if receptor == RECEPTORS[2]:
            ax.text(6.6, receptor_y - 0.45, "with its own\ncostimulatory domain", fontsize=7.5, va="top", color="#006e51")
        # signal 3: cytokines in the surroundings
        if cytokines == "present":
            for x, y in ((4.7, 0.8), (5.1, 0.55), (5.5, 0.85), (5.05, 1.0)):
                ax.add_patch(Circle((x, y), 0.1, color=COLOURS["purple"]))
            ax.text(5.1, 0.15, "cytokines", ha="center", fontsize=8)
        for number, (y, on) in enumerate(((receptor_y, s1), (2.52, s2), (1.4, s3)), 1):
            colour = COLOURS["memory"] if on else COLOURS["tumour"]
            ax.annotate("", xy=(5.8, y), xytext=(4.45, y),
                        arrowprops=dict(arrowstyle="-|>", color=colour, lw=2.5 if on else 1,
                                        ls="-" if on else ":"))
            ax.text(5.1, y + 0.22, f"{number} {'✓' if on else '✗'}", ha="center", fontsize=9,
                    color=colour, fontweight="bold")
        ax.set_title(f"{receptor}: {LABELS[result]}", fontsize=11, loc="left")
        for name, bar in zip(ILLUSTRATIVE_EXPANSION, self.bars):
            bar.set_color(COLOURS["accent"] if name == result else COLOURS["muted"])
        return describe(receptor, display, costimulation, cytokines)


PARAMETERS = (
    Parameter("receptor", "receptor", RECEPTORS[0], options=RECEPTORS),
    Parameter("display", "the cell shows", DISPLAYS[0], options=DISPLAYS),
    Parameter("costimulation", "costimulatory ligand B7", "present", options=PRESENT),
    Parameter("cytokines", "inflammatory cytokines", "present", options=PRESENT),
)

# the view and its parameters, for the sweep tests and the benchmark
EXPLORER = (ActivationView, PARAMETERS)


def plot_activation(**choices):
    """Static figure (default: a T-cell receptor receiving all three signals)."""
    return static_figure(ActivationView, PARAMETERS, **choices)


def explore_activation():
    """Menus for receptor, antigen display, costimulation and cytokines."""
    return explore(ActivationView, PARAMETERS)
