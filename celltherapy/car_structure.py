"""The chimeric antigen receptor, domain by domain, and the generation a design belongs to.

A CAR joins an antibody-derived binding domain outside the T cell to T-cell signalling
domains inside it: binder, hinge, transmembrane domain, costimulatory domains and CD3ζ.
The generations differ in what sits inside the cell (see the CAR T-cell chapter).
"""

from __future__ import annotations

import textwrap

from dataclasses import dataclass

from matplotlib.patches import Ellipse, FancyBboxPatch, Rectangle

from .parameters import Parameter
from .style import COLOURS, new_figure
from .widgets import explore, static_figure

BINDERS = ("scFv", "two VHH domains", "none")
HINGES = ("CD8α", "CD28", "IgG4")
TRANSMEMBRANE = ("CD8α", "CD28")
COSTIMULATORY = ("CD28", "4-1BB", "OX40", "CD27", "ICOS")
SIGNALLING = ("CD3ζ", "none")
EXTRAS = ("none", "inducible cytokine (IL-12)", "IL-2Rβ fragment (JAK–STAT)")

# What each part contributes, in a few words: the labels beside the drawing.
ROLES = {
    "scFv": "binds the antigen (VH + VL of an antibody)",
    "two VHH domains": "bind the antigen (single-domain antibodies)",
    "hinge": "spacer: reach and flexibility",
    "transmembrane": "anchors the CAR in the membrane",
    "CD28": "costimulation (signal 2); sensitive to low antigen",
    "4-1BB": "costimulation (signal 2); longer persistence",
    "OX40": "costimulation (signal 2)",
    "CD27": "costimulation (signal 2)",
    "ICOS": "costimulation (signal 2)",
    "CD3ζ": "signal 1: three ITAMs trigger activation",
    "IL-2Rβ fragment (JAK–STAT)": "signal 3: cytokine-like STAT signalling",
    "inducible cytokine (IL-12)": "made and released when the CAR is triggered",
}


@dataclass(frozen=True)
class CarDesign:
    binder: str = "scFv"
    hinge: str = "CD8α"
    transmembrane: str = "CD8α"
    costimulatory: tuple = ("4-1BB",)
    signalling: str = "CD3ζ"
    extra: str = "none"


def generation(design: CarDesign) -> tuple[int | None, str]:
    """The generation number (None if the design is not a working CAR) and a sentence why."""
    if design.binder == "none":
        return None, "Not a working CAR: nothing outside the cell binds antigen."
    if design.signalling == "none":
        return None, "Not a working CAR: without CD3ζ, binding sends no activating signal."
    costim = len(design.costimulatory)
    if design.extra == EXTRAS[2]:
        return 5, ("Fifth generation: a cytokine-receptor fragment adds JAK–STAT signalling "
                   "(signal 3) when the CAR binds antigen.")
    if design.extra == EXTRAS[1]:
        return 4, ("Fourth generation (armoured CAR, TRUCK): a CAR plus an inducible cytokine "
                   "released when it meets antigen.")
    if costim == 0:
        return 1, "First generation: CD3ζ alone gives signal 1 but no costimulation."
    if costim == 1:
        return 2, f"Second generation: one costimulatory domain ({design.costimulatory[0]}) with CD3ζ."
    return 3, f"Third generation: {costim} costimulatory domains ({', '.join(design.costimulatory)}) with CD3ζ."


GENERATION_EXAMPLES = {
    1: CarDesign(costimulatory=()),
    2: CarDesign(costimulatory=("CD28",), hinge="CD28", transmembrane="CD28"),
    3: CarDesign(costimulatory=("CD28", "4-1BB")),
    4: CarDesign(extra=EXTRAS[1]),
    5: CarDesign(costimulatory=("CD28",), hinge="CD28", transmembrane="CD28", extra=EXTRAS[2]),
}


# --- drawing -----------------------------------------------------------------------------

DOMAIN_HEIGHT = 0.9
FILL = {"binder": COLOURS["sky"], "hinge": COLOURS["muted"], "transmembrane": COLOURS["yellow"],
        "costimulatory": COLOURS["memory"], "signalling": COLOURS["effector"],
        "extra": COLOURS["purple"]}


def _add(ax, patch):
    """Put a shape on the drawing. Not add_patch: that works out the shape's data limits
    (Bézier extrema), a third of a live redraw, for axes whose limits are set by hand."""
    return ax.add_artist(patch)


def _box(ax, y, height, colour, text, width=1.2, text_x=0.0):
    _add(ax, FancyBboxPatch((-width / 2, y), width, height, boxstyle="round,pad=0.02,rounding_size=0.15",
                                facecolor=colour, edgecolor="black", lw=1))
    ax.text(text_x, y + height / 2, text, ha="center", va="center", fontsize=10,
            color="white" if colour in (COLOURS["effector"], COLOURS["memory"]) else "black")


def _label(ax, y, text):
    # a plain leader line and text: an annotation arrow costs several times more to draw;
    # the part's name on one line, its role wrapped below, to fit a phone-width figure
    name, _, role = text.partition(": ")
    ax.plot([0.75, 1.35], [y, y], color="#555555", lw=0.8)
    ax.text(1.4, y, "\n".join([f"{name}:", *textwrap.wrap(role, 26)]), va="center", fontsize=10,
            linespacing=1.1)


def draw_car(ax, design: CarDesign, compact: bool = False) -> None:
    """Draw `design` on `ax`: outside the cell at the top, the membrane, the inside below.
    With `compact`, no role labels (for small multiples)."""
    # remove the previous drawing's parts: a full ax.clear() would also rebuild both axes
    # (ticks, spines, title), a third of a live redraw, for axes that are never shown
    for artist in [*ax.artists, *ax.patches, *ax.texts, *ax.lines]:
        artist.remove()
    ax.set_axis_off()
    _add(ax, Rectangle((-3, -0.4), 9, 0.8, facecolor="#f3e3c3", edgecolor="none"))
    if not compact:  # small multiples leave the sides of the membrane to the caption
        ax.text(-2.9, 0.55, "outside\nthe T cell", fontsize=10, color="#555555", va="bottom")
        ax.text(-2.9, -0.55, "inside", fontsize=10, color="#555555", va="top")
        ax.text(-2.9, -0.1, "membrane", fontsize=10, color="#6b5a2e")
    labels = []
    # transmembrane domain crosses the membrane
    _add(ax, Rectangle((-0.2, -0.5), 0.4, 1.0, facecolor=FILL["transmembrane"], edgecolor="black"))
    labels.append((0.0, f"{design.transmembrane} transmembrane: anchors the CAR"))
    # hinge: a stalk above the membrane
    _add(ax, Rectangle((-0.08, 0.5), 0.16, 1.3, facecolor=FILL["hinge"], edgecolor="black"))
    labels.append((1.15, f"{design.hinge} hinge: {ROLES['hinge']}"))
    # binder on top
    if design.binder == "scFv":
        _add(ax, Ellipse((-0.38, 2.35), 0.7, 1.1, facecolor=FILL["binder"], edgecolor="black"))
        _add(ax, Ellipse((0.38, 2.35), 0.7, 1.1, facecolor=FILL["binder"], edgecolor="black"))
        ax.text(-0.38, 2.35, "VH", ha="center", va="center", fontsize=10)
        ax.text(0.38, 2.35, "VL", ha="center", va="center", fontsize=10)
        labels.append((2.35, f"scFv: {ROLES['scFv']}"))
    elif design.binder == "two VHH domains":
        for y in (2.2, 3.05):
            _add(ax, Ellipse((0, y), 0.75, 0.8, facecolor=FILL["binder"], edgecolor="black"))
            ax.text(0, y, "VHH", ha="center", va="center", fontsize=10)
        labels.append((2.6, f"two VHH domains: {ROLES['two VHH domains']}"))
    else:
        ax.text(0, 2.3, "no binder", ha="center", fontsize=10, color=COLOURS["tumour"])
    # inside: costimulatory domains, an optional cytokine-receptor fragment, then CD3ζ
    y = -0.6
    for name in design.costimulatory:
        y -= DOMAIN_HEIGHT
        _box(ax, y, DOMAIN_HEIGHT - 0.08, FILL["costimulatory"], name)
        labels.append((y + DOMAIN_HEIGHT / 2, f"{name}: {ROLES[name]}"))
    if design.extra == EXTRAS[2]:
        y -= DOMAIN_HEIGHT
        _box(ax, y, DOMAIN_HEIGHT - 0.08, FILL["extra"], "IL-2Rβ")
        labels.append((y + DOMAIN_HEIGHT / 2, f"IL-2Rβ fragment: {ROLES[EXTRAS[2]]}"))
    if design.signalling == "CD3ζ":
        y -= 1.5
        _box(ax, y, 1.42, FILL["signalling"], "CD3ζ", text_x=-0.12)
        for k in range(3):  # the three ITAMs
            _add(ax, Rectangle((0.42, y + 0.2 + 0.4 * k), 0.16, 0.22, facecolor="white", edgecolor="black", lw=0.6))
        labels.append((y + 0.7, f"CD3ζ: {ROLES['CD3ζ']}"))
    else:
        y -= 0.8
        ax.text(0, y + 0.3, "no CD3ζ", ha="center", fontsize=10, color=COLOURS["tumour"])
    if design.extra == EXTRAS[1]:
        # an inducible cytokine gene (NFAT-driven) and cytokine released outside the cell
        _box(ax, y - 1.1, 0.8, FILL["extra"], "IL-12" if compact else "IL-12 gene", width=1.6)
        ax.annotate("", xy=(-1.6, 1.2), xytext=(-0.85, y - 0.7),
                    arrowprops=dict(arrowstyle="->", color=COLOURS["purple"], lw=1.2,
                                    connectionstyle="arc3,rad=-0.3"))
        for dx, dy in ((-1.8, 1.5), (-2.2, 1.9), (-1.5, 2.1)):
            _add(ax, Ellipse((dx, dy), 0.18, 0.18, color=COLOURS["purple"]))
        labels.append((y - 0.7, f"inducible IL-12: {ROLES[EXTRAS[1]]}"))
        y -= 1.2
    if not compact:
        for label_y, text in labels:
            _label(ax, label_y, text)
    ax.set_xlim(-3, 6.2 if not compact else 1.6)
    ax.set_ylim(min(y - 0.4, -4.2), 3.8)
    ax.set_aspect("equal")


class CarView:
    """One CAR, its domains labelled, its generation in the title."""

    def __init__(self):
        self.fig, self.ax = new_figure(5.0, 4.6)

    def update(self, binder="scFv", hinge="CD8α", transmembrane="CD8α", costimulatory=("4-1BB",),
               signalling="CD3ζ", extra="none") -> str:
        design = CarDesign(binder, hinge, transmembrane, tuple(costimulatory), signalling, extra)
        draw_car(self.ax, design)
        number, why = generation(design)
        # y given: matplotlib then does not place the title above the (hidden) axis's tick
        # labels at every draw, a fifth of a redraw; it sits where it would anyway
        self.ax.set_title(f"Generation {number}" if number else "Not a working CAR",
                          fontsize=13, loc="left", y=1.0)
        return why


PARAMETERS = (
    Parameter("binder", "binding domain", "scFv", options=BINDERS),
    Parameter("hinge", "hinge", "CD8α", options=HINGES),
    Parameter("transmembrane", "transmembrane domain", "CD8α", options=TRANSMEMBRANE),
    Parameter("costimulatory", "costimulatory domains (ctrl/cmd-click for several)", ("4-1BB",),
              options=COSTIMULATORY, multiple=True),
    Parameter("signalling", "signalling domain", "CD3ζ", options=SIGNALLING),
    Parameter("extra", "extra module", "none", options=EXTRAS),
)


# the view and its parameters, for the sweep tests and the benchmark
EXPLORER = (CarView, PARAMETERS)


def plot_car(**choices):
    """Static figure of one design (default: a second-generation 4-1BB CAR)."""
    return static_figure(CarView, PARAMETERS, **choices)


def explore_car():
    """Menus for every domain; the drawing and its generation follow."""
    return explore(CarView, PARAMETERS)


def plot_generations():
    """Small multiples: one example of each generation, three to a row."""
    fig, axes = new_figure(5.0, 7.4, nrows=2, ncols=3)
    for ax in axes.flat[len(GENERATION_EXAMPLES):]:
        ax.set_visible(False)
    for ax, (number, design) in zip(axes.flat, GENERATION_EXAMPLES.items()):
        draw_car(ax, design, compact=True)
        ax.set_xlim(-2.4, 1.4)
        ax.set_ylim(-6.2, 3.8)
        ax.set_title(f"Generation {number}", fontsize=11)
    return fig
