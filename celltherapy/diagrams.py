"""Schematic diagrams for the chapter pages: one function per diagram, each returning a Figure.

The diagrams teach a mechanism; they are illustrative, not drawn to scale, and carry no number
whose source is not cited in the chapter's caption. They follow the book's legibility rule
(`celltherapy.style`): `WIDTH` inches wide and no text below 10 pt, so that 10-pt text reaches
a phone reader (an image about 342 CSS px wide at 390 px) at about 9.5 CSS px and a desktop
reader at about 19 CSS px (the image is scaled to the content column, so only the width in
inches matters, not the dpi). `scripts/draw_diagrams.py` writes them to book/figures/ at `DPI`,
crisp on high-density screens.

Coordinates run from the lower-left corner in units of 1/`SPAN` of the width: `SPAN` units
across, the same unit upwards (just under an inch each).
"""

from __future__ import annotations

from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse, FancyArrowPatch, FancyBboxPatch, Polygon, Rectangle

from .style import COLOURS, SMALLEST_POINTS, WIDTH

SPAN = 5.2               # drawing units across the figure's WIDTH inches
SCALE = WIDTH / SPAN     # inches per drawing unit
DPI = 150                # crisp on high-density screens
FONT = SMALLEST_POINTS   # 10 pt; nothing smaller
INK = "#222222"


# --- drawing helpers ---------------------------------------------------------------------

def tint(colour: str, share: float = 0.25) -> str:
    """`colour` mixed with white: `share` of the colour, the rest white (light fills keep
    black text readable)."""
    return to_hex([share * c + (1 - share) for c in to_rgb(colour)])


def deep(colour: str, share: float = 0.72) -> str:
    """`colour` darkened towards black, for text: the light Okabe–Ito hues on white fall below
    a 4.5:1 contrast, their darker shades do not."""
    return to_hex([share * c for c in to_rgb(colour)])


def sheet(height: float) -> tuple:
    """A white Figure `WIDTH` inches wide and `height` drawing units high, whose one axes spans
    it: `SPAN` units across, the same unit upwards."""
    fig = Figure(figsize=(WIDTH, height * SCALE), facecolor="white")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, SPAN)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    return fig, ax


def box(ax, x, y, w, h, text, colour, *, fill=0.22, size=FONT, weight="normal", align="center",
        lw=1.3, dashed=False):
    """A rounded box with its text centred (or left-aligned with `align="left"`)."""
    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0,rounding_size=0.07",
                                facecolor=tint(colour, fill), edgecolor=colour, lw=lw,
                                linestyle=(0, (4, 2)) if dashed else "solid"))
    tx = x + w / 2 if align == "center" else x + 0.1
    ax.text(tx, y + h / 2, text, ha=align, va="center", fontsize=size, fontweight=weight,
            color=INK, linespacing=1.2)


def arrow(ax, start, end, colour=INK, *, rad=0.0, lw=1.5, style="-|>"):
    """An arrow from `start` to `end` (drawing units), straight or bent by `rad`."""
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=13, color=colour,
                                 lw=lw, shrinkA=0, shrinkB=0,
                                 connectionstyle=f"arc3,rad={rad}"))


def block(ax, start, end, colour=COLOURS["tumour"], at=0.5, half=0.15):
    """A 'blocked here' bar (the ⊣ of a pathway drawing) across the straight arrow from
    `start` to `end`, at fraction `at` of its length."""
    (x0, y0), (x1, y1) = start, end
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    nx, ny = -(y1 - y0) / length * half, (x1 - x0) / length * half
    x, y = x0 + at * (x1 - x0), y0 + at * (y1 - y0)
    ax.plot([x - nx, x + nx], [y - ny, y + ny], color=colour, lw=3.5, solid_capstyle="butt")


def note(ax, x, y, text, *, size=FONT, colour=INK, ha="left", va="center", weight="normal",
         style="normal"):
    ax.text(x, y, text, ha=ha, va=va, fontsize=size, color=colour, fontweight=weight,
            fontstyle=style, linespacing=1.2)


# --- chapter 1: the three signals --------------------------------------------------------

def plot_three_signals():
    """Signals 1, 2 and 3 between an antigen-presenting cell and a naïve T cell, and what the
    T cell does with each combination."""
    fig, ax = sheet(3.9)
    box(ax, 0.1, 1.75, 1.25, 2.05, "antigen-\npresenting\ncell", COLOURS["purple"], weight="bold")
    box(ax, 3.85, 1.75, 1.25, 2.05, "naïve\nT cell", COLOURS["effector"], weight="bold")
    signals = [
        (3.35, "1  peptide on MHC\n    → T-cell receptor", COLOURS["effector"]),
        (2.75, "2  B7 (CD80, CD86)\n    → CD28", COLOURS["memory"]),
        (2.15, "3  cytokines (IL-12,\n    type I interferons)", COLOURS["accent"]),
    ]
    for y, text, colour in signals:
        arrow(ax, (1.4, y - 0.22), (3.8, y - 0.22), colour, lw=2.2)
        note(ax, 1.5, y + 0.02, text, va="center")
    outcomes = [
        (0.1, "1 + 2 + 3:\nfull response", COLOURS["memory"]),
        (1.8, "1 without 2:\nanergy (silenced)", COLOURS["muted"]),
        (3.5, "no signal 1:\nignored", COLOURS["muted"]),
    ]
    for x, text, colour in outcomes:
        box(ax, x, 0.75, 1.6, 0.7, text, colour)
    note(ax, 0.1, 0.3, "A second-generation CAR gives signals 1 and 2 itself,\nwithout MHC.",
         va="center")
    return fig


# --- chapter 2: the CAR, domain by domain -----------------------------------------------

def plot_car_anatomy():
    """A CAR spanning the T-cell membrane and binding its antigen on a tumour cell, each
    domain labelled with what it does, and what the T cell does once triggered."""
    fig, ax = sheet(5.3)
    cx = 0.95  # the receptor's axis
    # the tumour cell above, with its surface antigen
    ax.add_patch(Rectangle((0, 4.75), SPAN, 0.55, facecolor=tint(COLOURS["tumour"], 0.3), edgecolor="none"))
    note(ax, 2.1, 5.02, "tumour cell", weight="bold")
    ax.add_patch(FancyBboxPatch((cx - 0.16, 4.3), 0.32, 0.45, boxstyle="round,pad=0,rounding_size=0.08",
                                facecolor=COLOURS["tumour"], edgecolor=INK, lw=1))
    # binder: VH and VL of the scFv
    for dx, name in ((-0.22, "VH"), (0.22, "VL")):
        ax.add_patch(Ellipse((cx + dx, 3.95), 0.42, 0.62, facecolor=tint(COLOURS["sky"], 0.7), edgecolor=INK, lw=1))
        note(ax, cx + dx, 3.95, name, ha="center")
    # hinge
    ax.add_patch(Rectangle((cx - 0.06, 3.05), 0.12, 0.6, facecolor=COLOURS["muted"], edgecolor=INK, lw=1))
    # the T-cell membrane and the transmembrane domain across it
    ax.add_patch(Rectangle((0, 2.65), SPAN, 0.4, facecolor="#f3e3c3", edgecolor="none"))
    ax.add_patch(Rectangle((cx - 0.12, 2.6), 0.24, 0.5, facecolor=COLOURS["yellow"], edgecolor=INK, lw=1))
    # costimulatory domain, then CD3ζ with its three ITAMs
    box(ax, cx - 0.45, 1.9, 0.9, 0.6, "", COLOURS["memory"], fill=0.75)
    box(ax, cx - 0.45, 0.85, 0.9, 0.95, "", COLOURS["effector"], fill=0.75)
    note(ax, cx - 0.1, 1.33, "CD3ζ", ha="center", weight="bold")
    for k in range(3):
        ax.add_patch(Rectangle((cx + 0.22, 0.97 + 0.26 * k), 0.14, 0.16, facecolor="white", edgecolor=INK, lw=0.8))
    # labels with leader lines
    labels = [
        (4.52, "the target: a surface protein\n(CD19, BCMA), no MHC needed"),
        (3.95, "binder (scFv, VH + VL of an\nantibody): decides the target"),
        (3.35, "hinge: reach and flexibility"),
        (2.85, "transmembrane domain: anchor"),
        (2.2, "costimulatory domain (CD28 or\n4-1BB): signal 2"),
        (1.33, "CD3ζ with three ITAMs: signal 1"),
    ]
    for y, text in labels:
        ax.plot([cx + 0.5, 1.95], [y, y], color="#555555", lw=0.9)
        note(ax, 2.0, y, text)
    # either side of the membrane, at its right end: on the left the costimulatory domain
    # leaves no room for "inside"
    note(ax, SPAN - 0.08, 3.2, "outside", colour="#555555", style="italic", ha="right")
    note(ax, SPAN - 0.08, 2.5, "inside", colour="#555555", style="italic", ha="right")
    arrow(ax, (cx, 0.82), (cx, 0.42), INK)
    note(ax, 0.15, 0.2, "the T cell kills the tumour cell, multiplies and\nreleases cytokines")
    return fig


# --- chapter 3: a dendritic cell's journey -----------------------------------------------

def _dendritic_cell(ax, x, y, mature: bool):
    """A dendritic cell: a body with short processes (immature) or long dendrites (mature)."""
    import numpy as np

    points, arms = [], 7 if mature else 5
    reach = 0.3 if mature else 0.19
    for k in range(arms * 2):
        angle = np.pi * k / arms + 0.3
        r = reach if k % 2 == 0 else 0.12
        points.append((x + r * np.cos(angle), y + r * np.sin(angle)))
    ax.add_patch(Polygon(points, closed=True, facecolor=tint(COLOURS["purple"], 0.55 if mature else 0.3),
                         edgecolor=COLOURS["purple"], lw=1.2, joinstyle="round"))


def plot_dc_journey():
    """Capture and maturation in the tissue, CCR7-guided migration through the lymphatics,
    and priming of naïve T cells in the lymph node."""
    fig, ax = sheet(4.6)
    bands = [(2.95, 1.65, "in the tissue or tumour", COLOURS["memory"]),
             (1.9, 1.0, "lymphatic vessel", COLOURS["sky"]),
             (0.0, 1.85, "lymph node", COLOURS["accent"])]
    for y, h, name, colour in bands:
        ax.add_patch(Rectangle((0, y), SPAN, h, facecolor=tint(colour, 0.12), edgecolor="none"))
        note(ax, 0.08, y + h - 0.17, name, colour="#444444", style="italic")
    steps = [
        (0.05, 3.05, 2.45, 0.95, "1  capture: an\n    immature cell\n    takes up antigen", False),
        (2.7, 3.05, 2.45, 0.95, "2  maturation:\n    more MHC and B7,\n    CCR7 switched on", True),
        (1.3, 2.0, 3.0, 0.72, "3  migration: CCR7 guides\n    it to the lymph node", True),
        (0.05, 0.3, 3.1, 0.95, "4  priming: signals 1, 2 and 3\n    to naïve T cells; cDC1\n    cross-present to CD8⁺ T cells", True),
    ]
    for x, y, w, h, text, mature in steps:
        box(ax, x, y, w, h, "", COLOURS["purple"], fill=0.08)
        _dendritic_cell(ax, x + 0.33, y + h / 2, mature)
        note(ax, x + 0.68, y + h / 2, text)
    arrow(ax, (2.52, 3.52), (2.68, 3.52))
    arrow(ax, (3.9, 3.03), (3.6, 2.74), rad=-0.2)
    arrow(ax, (1.9, 1.98), (1.5, 1.27), rad=0.2)
    # the primed T cells leave for the tumour
    ax.plot([3.17, 4.95, 4.95], [0.78, 0.78, 1.2], color=COLOURS["effector"], lw=1.5)
    arrow(ax, (4.95, 1.2), (4.95, 3.03), COLOURS["effector"])
    note(ax, 3.3, 1.35, "effector T cells\nleave for the\ntumour", colour=deep(COLOURS["effector"], 0.9))
    return fig


# --- chapter 4: the NK-cell balance -------------------------------------------------------

def _balance(ax, cx, cy, tilt: float, left: str, right: str):
    """A beam on a fulcrum, tilted by `tilt` units (positive: the left end down), with a
    weight on each end: "big", "small" or "none" (an empty, dashed outline)."""
    half = 0.75
    ax.add_patch(Polygon([(cx, cy - 0.02), (cx - 0.14, cy - 0.3), (cx + 0.14, cy - 0.3)], closed=True,
                         facecolor="#777777", edgecolor="none"))
    ax.plot([cx - half, cx + half], [cy - tilt, cy + tilt], color=INK, lw=2)
    for x, y, size, colour in ((cx - half, cy - tilt, left, COLOURS["accent"]),
                               (cx + half, cy + tilt, right, COLOURS["effector"])):
        w = {"big": 0.42, "small": 0.22, "none": 0.3}[size]
        ax.add_patch(Rectangle((x - w / 2, y), w, w * 0.75, facecolor=tint(colour, 0.8) if size != "none" else "none",
                               edgecolor=colour, lw=1, linestyle="solid" if size != "none" else (0, (3, 2))))


def plot_nk_balance():
    """Activating against inhibitory receptors: a healthy cell is spared, a cell that has lost
    HLA class I (missing self) or carries many stress ligands is killed."""
    fig, ax = sheet(4.55)
    box(ax, 0.05, 3.5, 2.5, 0.95, "activating: NKG2D (stress\nligands MICA, MICB, ULBPs),\nNCRs, CD16 (antibody)",
        COLOURS["accent"], align="left")
    box(ax, 2.65, 3.5, 2.5, 0.95, "inhibitory, for healthy\nself: KIRs (HLA class I),\nNKG2A (HLA-E)",
        COLOURS["effector"], align="left")
    note(ax, 1.9, 3.27, "activating", colour=deep(COLOURS["accent"], 0.6), ha="center")
    note(ax, 3.4, 3.27, "inhibitory", colour=deep(COLOURS["effector"], 0.9), ha="center")
    rows = [
        (2.5, "healthy cell:\nHLA class I, few\nstress ligands", 0.16, "small", "big", "spared", COLOURS["memory"]),
        (1.45, "tumour cell that\nlost HLA class I\n(missing self)", -0.16, "small", "none", "killed", COLOURS["tumour"]),
        (0.4, "stressed or\nantibody-coated\ncell", -0.16, "big", "small", "killed", COLOURS["tumour"]),
    ]
    for y, target, tilt, left, right, verdict, colour in rows:
        note(ax, 0.05, y, target)
        _balance(ax, 2.65, y + 0.05, tilt, left, right)
        note(ax, 4.25, y + 0.02, verdict, weight="bold", colour=deep(colour), size=11)
    return fig


# --- chapter 5: where cell therapies have worked -----------------------------------------

def plot_where_it_works():
    """Diseases in which cell therapies have been approved or have given early results,
    grouped by blood cancers, solid tumours and diseases beyond cancer."""
    fig, ax = sheet(4.75)
    columns = [
        ("blood cancers", [("B-cell ALL\nCD19 CAR T", True), ("large B-cell\nlymphoma\nCD19 CAR T", True),
                           ("mantle-cell\nlymphoma\nCD19 CAR T", True), ("myeloma\nBCMA CAR T", True)]),
        ("solid tumours", [("prostate cancer\nsipuleucel-T", True), ("melanoma\nTIL", True),
                           ("synovial sarcoma\nTCR-T", True), ("midline glioma\nGD2 CAR T", False),
                           ("gastric cancer\nClaudin18.2\nCAR T", False)]),
        ("beyond cancer", [("lupus, myositis,\nsystemic\nsclerosis\nCD19 CAR T", False),
                           ("viruses after\ntransplant\nvirus-specific\nT cells", False)]),
    ]
    width, gap = 1.62, 0.14
    for k, (title, items) in enumerate(columns):
        x = 0.05 + k * (width + gap)
        note(ax, x + width / 2, 4.55, title, ha="center", weight="bold")
        y = 4.3
        for text, approved in items:
            h = 0.2 + 0.17 * (text.count("\n") + 1)
            y -= h
            box(ax, x, y, width, h, text, COLOURS["effector"] if approved else COLOURS["muted"],
                fill=0.28 if approved else 0.06, dashed=not approved)
            y -= 0.08
    # legend
    box(ax, 0.1, 0.62, 0.35, 0.25, "", COLOURS["effector"], fill=0.28)
    note(ax, 0.55, 0.745, "approved in the US")
    box(ax, 0.1, 0.22, 0.35, 0.25, "", COLOURS["muted"], fill=0.06, dashed=True)
    note(ax, 0.55, 0.345, "trials and small series")
    return fig


# --- chapter 6: from vein to vein --------------------------------------------------------

VEIN_TO_VEIN = [
    ("leukapheresis", "hospital"),
    ("T cells selected, activated", "plant"),
    ("CAR gene delivered", "plant"),
    ("expansion", "plant"),
    ("release tests, freezing", "plant"),
    ("shipping, thaw", "hospital"),
    ("lymphodepletion", "hospital"),
    ("infusion", "hospital"),
]


def plot_vein_to_vein():
    """The steps from collection to infusion, where they happen, and the published intervals
    that span them (not to scale)."""
    fig, ax = sheet(5.45)
    colours = {"hospital": COLOURS["memory"], "plant": COLOURS["effector"]}
    top, step_h, gap = 4.5, 0.44, 0.1
    box(ax, 0.05, top + 0.12, 2.45, 0.72, "before: referral,\nconsultation, approval", COLOURS["muted"],
        fill=0.08, dashed=True)
    ys = []
    for k, (name, place) in enumerate(VEIN_TO_VEIN):
        y = top - (k + 1) * (step_h + gap) + gap
        ys.append(y)
        box(ax, 0.05, y, 2.45, step_h, name, colours[place], fill=0.25 if place == "plant" else 0.15)
        if k:
            arrow(ax, (1.275, y + step_h + gap), (1.275, y + step_h), lw=1.2)
    arrow(ax, (1.275, top + 0.12), (1.275, ys[0] + step_h), lw=1.2)

    def bracket(x, y_top, y_bottom, colour=INK, facing=-1):
        ax.plot([x + facing * 0.08, x, x, x + facing * 0.08], [y_top, y_top, y_bottom, y_bottom],
                color=colour, lw=1.4)

    bracket(2.65, top + 0.84, ys[0] + step_h + 0.02)
    note(ax, 2.78, top + 0.48, "median 107 days\nin one US network")
    bracket(2.65, ys[0] + step_h - 0.02, ys[4])
    note(ax, 2.78, (ys[0] + step_h + ys[4]) / 2, "manufacture, to\nrelease: median\n16 days, 14\nexpected (one\nproduct)")
    orange = COLOURS["tumour"]
    bracket(5.1, ys[0] + step_h - 0.02, ys[7], colour=orange, facing=-1)
    note(ax, 5.0, (ys[5] + ys[7] + step_h) / 2, "collection to\ninfusion: median\n32 days in the\nsame network",
         ha="right", colour=deep(orange))
    # where each step happens
    box(ax, 0.1, -0.02 + 0.07, 0.3, 0.22, "", colours["hospital"], fill=0.15)
    note(ax, 0.48, 0.16, "hospital")
    box(ax, 1.45, 0.05, 0.3, 0.22, "", colours["plant"], fill=0.25)
    note(ax, 1.83, 0.16, "manufacturing plant")
    return fig


# --- chapter 7: why responses differ -----------------------------------------------------

def plot_variability_sources():
    """Factors known before infusion act on expansion, response and toxicity; exposure is
    known only after infusion."""
    fig, ax = sheet(4.85)
    note(ax, 1.1, 4.65, "known before infusion", ha="center", weight="bold")
    note(ax, 4.0, 4.65, "known after it", ha="center", weight="bold")
    factors = [
        (3.55, "the tumour: burden,\nLDH, inflammation"),
        (2.45, "earlier treatment:\nbendamustine,\nblinatumomab"),
        (1.35, "the product: memory-\nlike or effector\nT cells"),
        (0.25, "the target: antigen\ndensity, loss of\nthe antigen"),
    ]
    for y, text in factors:
        box(ax, 0.05, y, 2.1, 0.88, text, COLOURS["accent"], fill=0.2)
    box(ax, 2.75, 2.2, 1.2, 1.2, "expansion\nand\npersistence\n(Cmax, AUC)", COLOURS["effector"], fill=0.2)
    box(ax, 4.15, 3.4, 1.0, 0.95, "toxicity\n(CRS,\nICANS)", COLOURS["tumour"], fill=0.2)
    box(ax, 4.15, 1.35, 1.0, 0.7, "response", COLOURS["memory"], fill=0.25)
    for y in (3.99, 2.89, 1.79):
        arrow(ax, (2.17, y), (2.73, 2.8 + (y - 2.89) * 0.3), lw=1.3)
    arrow(ax, (3.97, 3.15), (4.3, 3.38), lw=1.3)
    arrow(ax, (3.97, 2.45), (4.3, 2.07), lw=1.3)
    arrow(ax, (2.17, 0.69), (4.65, 1.33), COLOURS["tumour"], lw=1.3, rad=0.3)
    note(ax, 3.3, 0.42, "antigen escape", colour=deep(COLOURS["tumour"]))
    return fig


def plot_escape_routes():
    """Three ways a leukaemia comes back after CD19 CAR T cells, with the shares of relapses
    in a published series of children and young adults."""
    fig, ax = sheet(3.0)
    box(ax, 1.1, 2.3, 3.0, 0.62, "relapse after CD19 CAR T cells\n(166 of 420 patients)", COLOURS["muted"],
        fill=0.12)
    routes = [
        (0.05, "CD19-positive:\ntarget still there,\nthe CAR T cells\nno longer act\n\n50%", COLOURS["effector"]),
        (1.8, "CD19-negative:\nCD19 gene\nmutated, other\ncopy lost\n\n41%", COLOURS["tumour"]),
        (3.55, "lineage switch:\nreturns as a\nleukaemia of\nanother lineage\n\n7.2%", COLOURS["purple"]),
    ]
    for x, text, colour in routes:
        box(ax, x, 0.05, 1.6, 1.75, text, colour, fill=0.18)
        arrow(ax, (2.6, 2.28), (x + 0.8, 1.82), lw=1.3)
    return fig


# --- chapter 8: the CRS loop -------------------------------------------------------------

def plot_crs_loop():
    """CAR T cells meet antigen and release GM-CSF and IFN-γ; monocytes and macrophages answer
    with IL-6, IL-1 and nitric oxide, drawing in more of themselves; leaky vessels lower blood
    pressure and oxygen. Where the drugs act."""
    fig, ax = sheet(4.9)
    red = deep(COLOURS["tumour"])
    box(ax, 0.05, 4.05, 2.2, 0.75, "CAR T cell\nmeets its antigen", COLOURS["effector"], fill=0.22)
    box(ax, 2.85, 2.55, 2.3, 0.75, "monocytes and\nmacrophages", COLOURS["accent"], fill=0.25)
    box(ax, 0.05, 1.1, 2.2, 0.75, "vessels leak\n(endothelium)", COLOURS["purple"], fill=0.22)
    box(ax, 2.85, 0.05, 2.3, 0.95, "fever, low blood\npressure, low oxygen\n(CRS)", COLOURS["tumour"], fill=0.18)
    # the chain, with the drugs that cut it
    first = ((1.7, 4.03), (3.2, 3.32))
    arrow(ax, *first)
    block(ax, *first, at=0.45)
    note(ax, 2.75, 3.95, "GM-CSF, IFN-γ")
    note(ax, 2.15, 3.4, "anti-GM-CSF\n(in mice)", colour=red, ha="right")
    second = ((3.3, 2.53), (1.6, 1.87))
    arrow(ax, *second)
    block(ax, *second, at=0.5)
    note(ax, 2.3, 2.5, "IL-6, IL-1,\nnitric oxide", ha="right")
    note(ax, 2.6, 2.02, "tocilizumab (IL-6\nreceptor), anakinra\n(IL-1 receptor)", colour=red, va="top")
    arrow(ax, (2.27, 1.3), (2.83, 0.9))
    # the loop: myeloid cells draw in and activate more myeloid cells
    arrow(ax, (5.0, 3.32), (4.45, 3.32), COLOURS["accent"], rad=1.5)
    note(ax, 5.15, 4.15, "the loop: more\nmyeloid cells", colour=deep(COLOURS["accent"], 0.6), ha="right")
    arrow(ax, (0.6, 1.08), (0.6, 0.8), COLOURS["muted"], lw=1.2)
    note(ax, 0.05, 0.5, "in the brain's\nvessels: ICANS", colour="#555555")
    return fig


# --- chapter 9: answers to the challenges -------------------------------------------------

def plot_future_answers():
    """Each challenge of the earlier chapters, and the designs that answer it."""
    fig, ax = sheet(4.55)
    note(ax, 1.15, 4.35, "challenge", ha="center", weight="bold")
    note(ax, 3.95, 4.35, "design that answers it", ha="center", weight="bold")
    pairs = [
        ("weeks to make, one\npatient per batch", "edited donor cells,\nCAR-NK, CAR made\nin the body"),
        ("antigen shared with\nhealthy tissue", "AND and NOT gates"),
        ("the tumour loses\nthe antigen", "OR gates"),
        ("toxicity that cannot\nbe recalled", "safety switches"),
        ("a suppressive\ntumour", "armoured CARs"),
        ("cells barely reach\nsolid tumours", "local delivery"),
    ]
    y = 4.15
    for challenge, design in pairs:
        h = 0.6 if design.count("\n") < 2 else 0.72
        y -= h
        box(ax, 0.05, y, 2.25, h, challenge, COLOURS["tumour"], fill=0.15)
        box(ax, 2.85, y, 2.3, h, design, COLOURS["memory"], fill=0.2)
        arrow(ax, (2.32, y + h / 2), (2.83, y + h / 2), lw=1.4)
        y -= 0.08
    return fig


def plot_and_gate():
    """A synNotch AND gate: antigen A switches on the CAR against antigen B, so only cells
    with both are killed; and an inducible caspase-9 safety switch."""
    fig, ax = sheet(3.9)
    note(ax, 0.05, 3.72, "AND gate (synNotch)", weight="bold")
    steps = [(0.05, "antigen A\non the target"), (1.35, "synNotch\nreceptor\nbinds A"),
             (2.65, "CAR gene\nagainst B\nswitched on"), (3.95, "kills if\nB is there\ntoo")]
    for x, text in steps:
        box(ax, x, 2.55, 1.15, 0.95, text, COLOURS["effector"], fill=0.18)
    for x in (1.2, 2.5, 3.8):
        arrow(ax, (x + 0.01, 3.02), (x + 0.14, 3.02), lw=1.4)
    cells = [("A and B", "killed", COLOURS["tumour"]), ("A only", "spared", COLOURS["memory"]),
             ("B only", "spared", COLOURS["memory"])]
    for k, (has, fate, colour) in enumerate(cells):
        x = 0.05 + k * 1.72
        box(ax, x, 1.85, 1.6, 0.5, f"{has}: {fate}", colour, fill=0.18)
    note(ax, 0.05, 1.38, "safety switch (inducible caspase-9)", weight="bold")
    steps = [(0.05, "a small drug\nis given"), (1.8, "it pairs\ncaspase-9"), (3.55, "the switch-\ncarrying cell\ndies")]
    for x, text in steps:
        box(ax, x, 0.05, 1.55, 0.95, text, COLOURS["purple"], fill=0.18)
    for x in (1.6, 3.35):
        arrow(ax, (x + 0.01, 0.52), (x + 0.19, 0.52), lw=1.4)
    return fig


# --- chapter 10: what works also makes it hard -------------------------------------------

def plot_synthesis():
    """Four features of cell therapies: why each makes them work, why it makes them hard, and
    the designs that answer it."""
    fig, ax = sheet(5.2)
    headers = [(0.05, 1.55, "feature"), (1.7, 1.65, "why it works"), (3.45, 1.7, "why it is hard")]
    for x, w, text in headers:
        note(ax, x + w / 2, 5.02, text, ha="center", weight="bold")
    rows = [
        ("multiplies in\nthe patient", "one infusion can\ngive lasting\ncontrol", "exposure set by\nthe patient; CRS",
         "next: safety switches"),
        ("sees a surface\nprotein without\nMHC", "one design for\nevery patient", "antigen escape;\nhealthy cells\nhit too",
         "next: logic-gated CARs"),
        ("made from the\npatient's cells", "no graft-versus-\nhost disease", "weeks to make,\ncostly",
         "next: donor cells, CAR-NK, in vivo CAR"),
        ("travels in\nthe blood", "reaches blood\ncancers", "barely reaches\nsolid tumours",
         "next: armoured CARs, local delivery"),
    ]
    y = 4.82
    for feature, works, hard, nxt in rows:
        h = 0.85
        y -= h
        box(ax, 0.05, y, 1.55, h, feature, COLOURS["effector"], fill=0.2)
        box(ax, 1.7, y, 1.65, h, works, COLOURS["memory"], fill=0.2)
        box(ax, 3.45, y, 1.7, h, hard, COLOURS["tumour"], fill=0.16)
        y -= 0.3
        note(ax, 1.7, y + 0.15, nxt, colour=deep(COLOURS["purple"], 0.65), style="italic")
        y -= 0.05
    return fig


# name in book/figures/ -> the function that draws it
DIAGRAMS = {
    "three-signals": plot_three_signals,
    "car-anatomy": plot_car_anatomy,
    "dc-journey": plot_dc_journey,
    "nk-balance": plot_nk_balance,
    "where-it-works": plot_where_it_works,
    "vein-to-vein": plot_vein_to_vein,
    "variability-sources": plot_variability_sources,
    "escape-routes": plot_escape_routes,
    "crs-loop": plot_crs_loop,
    "future-answers": plot_future_answers,
    "and-gate": plot_and_gate,
    "synthesis": plot_synthesis,
}
