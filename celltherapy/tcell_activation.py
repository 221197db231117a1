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
        self.fig, (self.ax, bars) = new_figure(5.0, 6.8, nrows=2, height_ratios=(2.2, 1))
        names = list(ILLUSTRATIVE_EXPANSION)
        self.bars = bars.barh([LABELS[n] for n in names], [ILLUSTRATIVE_EXPANSION[n] for n in names],
                              color=COLOURS["muted"])
        bars.set(xscale="log", xlim=(0.2, 3000), xlabel="fold expansion of the clone\n(illustrative)")
        label_decades(bars, 0, 3, axis="x")
        bars.invert_yaxis()
        bars.set_title("outcome", fontsize=10)
        self._draw_diagram()

    def _draw_diagram(self):
        """Every part of the diagram, made once; a change of menus shows, hides or recolours them."""
        ax = self.ax
        ax.set_axis_off()
        ax.set(xlim=(-0.5, 10.7), ylim=(0, 5.6), aspect="equal")
        # the two cells are shown in part, at the edges: the gap between them holds every name
        ax.add_patch(Circle((-1.5, 3), 3.3, facecolor="#fde0cf", edgecolor="black"))
        ax.text(0.6, 3.0, "target or\npresenting\ncell", ha="center", va="center", fontsize=10)
        ax.add_patch(Circle((12.2, 3), 3.3, facecolor="#d6e8f5", edgecolor="black"))
        ax.text(9.9, 3.0, "T cell", ha="center", va="center", fontsize=10)
        # signal 1: MHC and/or intact protein on the target, the receptor on the T cell
        self.mhc = [ax.add_patch(Rectangle((3.75, 4.15), 0.5, 0.5, facecolor=COLOURS["accent"], edgecolor="black")),
                    ax.text(3.3, 4.4, "peptide\n–MHC", ha="right", va="center", fontsize=10)]
        self.protein = [ax.add_patch(Circle((4.0, 3.55), 0.25, facecolor=COLOURS["tumour"], edgecolor="black")),
                        ax.text(3.3, 3.55, "protein", ha="right", va="center", fontsize=10)]
        self.receptor = ax.add_patch(FancyBboxPatch((5.9, 0), 0.6, 0.5, boxstyle="round,pad=0.02",
                                                    facecolor=COLOURS["effector"], edgecolor="black"))
        self.receptor_name = ax.text(6.6, 0, "", va="center", fontsize=10)
        # signal 2: B7 on the target meeting CD28, or the CAR's own costimulatory domain
        self.b7 = [ax.add_patch(Rectangle((3.75, 2.3), 0.5, 0.45, facecolor=COLOURS["memory"], edgecolor="black")),
                   ax.text(3.3, 2.52, "B7", ha="right", va="center", fontsize=10)]
        ax.add_patch(Rectangle((5.95, 2.3), 0.5, 0.45, facecolor="#cccccc", edgecolor="black"))
        ax.text(6.6, 2.52, "CD28", va="center", fontsize=10)
        self.own_domain = ax.text(6.6, 3.55 - 0.45, "with its own\ncostimulatory domain", fontsize=10,
                                  va="top", color="#006e51")
        # signal 3: cytokines in the surroundings
        self.cytokines = [ax.add_patch(Circle((x, y), 0.1, color=COLOURS["purple"]))
                          for x, y in ((4.7, 0.8), (5.1, 0.55), (5.5, 0.85), (5.05, 1.0))]
        self.cytokines.append(ax.text(5.1, 0.15, "cytokines", ha="center", fontsize=10))
        self.arrows = [ax.annotate("", xy=(5.8, 0), xytext=(4.45, 0), arrowprops=dict(arrowstyle="-|>"))
                       for _ in range(3)]
        self.ticks = [ax.text(5.1, 0, "", ha="center", fontsize=10, fontweight="bold") for _ in range(3)]
        self.title = ax.set_title(" ", fontsize=11, loc="left")

    def dynamic_artists(self):
        """What a change of menus alters; the cells, CD28 and the bar chart's axes are drawn once."""
        return [*self.mhc, *self.protein, self.receptor, self.receptor_name, *self.b7, self.own_domain,
                *self.cytokines, *self.arrows, *self.ticks, self.title, *self.bars]

    def update(self, receptor="T-cell receptor", display=DISPLAYS[0], costimulation="present",
               cytokines="present") -> str:
        s1, s2, s3 = signals(receptor, display, costimulation, cytokines)
        result = outcome(s1, s2, s3)
        for artist in self.mhc:
            artist.set_visible(display == DISPLAYS[0])
        for artist in self.protein:
            artist.set_visible(display in DISPLAYS[:2])
        receptor_y = 4.4 if receptor == "T-cell receptor" else 3.55
        self.receptor.set_y(receptor_y - 0.25)
        self.receptor_name.set_position((6.6, receptor_y))
        self.receptor_name.set_text("TCR" if receptor == "T-cell receptor" else "CAR")
        for artist in self.b7:
            artist.set_visible(costimulation == "present")
        self.own_domain.set_visible(receptor == RECEPTORS[2])
        for artist in self.cytokines:
            artist.set_visible(cytokines == "present")
        for number, (arrow, tick, y, on) in enumerate(zip(self.arrows, self.ticks, (receptor_y, 2.52, 1.4),
                                                          (s1, s2, s3)), 1):
            colour = COLOURS["memory"] if on else COLOURS["tumour"]
            arrow.xy, arrow.xyann = (5.8, y), (4.45, y)
            arrow.arrow_patch.set(color=colour, linewidth=2.5 if on else 1, linestyle="-" if on else ":")
            tick.set_position((5.1, y + 0.22))
            tick.set_text(f"{number} {'✓' if on else '✗'}")
            tick.set_color(colour)
        self.title.set_text(f"{receptor}: {LABELS[result]}")
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
