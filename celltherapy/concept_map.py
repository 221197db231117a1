"""The course on one page: a concept map from cells to mechanisms, results, challenges and
what comes next, each link a relation the chapters explain."""

from __future__ import annotations

from matplotlib.patches import FancyBboxPatch

from .style import COLOURS, new_figure

COLUMNS = {
    "cells": ("Cells", COLOURS["sky"], ["CAR T cells", "dendritic cells", "NK and CAR-NK cells",
                                         "TIL and TCR-T cells"]),
    "mechanisms": ("Mechanisms", COLOURS["yellow"], ["MHC-free recognition", "costimulation (signal 2)",
                                                     "antigen presentation", "missing self",
                                                     "expansion and persistence"]),
    "results": ("Results", COLOURS["memory"], ["remissions in B-cell cancers", "myeloma responses",
                                               "survival gain (sipuleucel-T)", "first solid-tumour approvals"]),
    "challenges": ("Challenges", COLOURS["tumour"], ["manufacturing time and cost", "patients differ",
                                                     "CRS and ICANS", "antigen escape",
                                                     "solid-tumour delivery"]),
    "future": ("What comes next", COLOURS["purple"], ["allogeneic, edited cells", "logic-gated CARs",
                                                      "armoured CARs", "safety switches", "in vivo CAR"]),
}

LINKS = [
    ("CAR T cells", "MHC-free recognition"), ("CAR T cells", "costimulation (signal 2)"),
    ("dendritic cells", "antigen presentation"), ("NK and CAR-NK cells", "missing self"),
    ("CAR T cells", "expansion and persistence"), ("TIL and TCR-T cells", "first solid-tumour approvals"),
    ("MHC-free recognition", "remissions in B-cell cancers"), ("costimulation (signal 2)", "remissions in B-cell cancers"),
    ("expansion and persistence", "myeloma responses"), ("antigen presentation", "survival gain (sipuleucel-T)"),
    ("expansion and persistence", "CRS and ICANS"), ("expansion and persistence", "patients differ"),
    ("remissions in B-cell cancers", "antigen escape"), ("remissions in B-cell cancers", "manufacturing time and cost"),
    ("first solid-tumour approvals", "solid-tumour delivery"),
    ("manufacturing time and cost", "allogeneic, edited cells"), ("missing self", "allogeneic, edited cells"),
    ("antigen escape", "logic-gated CARs"), ("solid-tumour delivery", "armoured CARs"),
    ("CRS and ICANS", "safety switches"), ("manufacturing time and cost", "in vivo CAR"),
]


def positions() -> dict:
    """Centre of every concept: columns left to right, concepts top to bottom."""
    places = {}
    for column, (_, _, names) in enumerate(COLUMNS.values()):
        for row, name in enumerate(names):
            places[name] = (column * 3.2, -(row * 1.25) - 0.6 * (5 - len(names)) / 2)
    return places


def plot_concept_map():
    fig, ax = new_figure(13.0, 7.2)
    ax.set_axis_off()
    places = positions()
    for start, end in LINKS:
        (x0, y0), (x1, y1) = places[start], places[end]
        ax.annotate("", xy=(x1 - 1.15, y1), xytext=(x0 + 1.15, y0),
                    arrowprops=dict(arrowstyle="->", color="#777777", lw=0.9, shrinkA=2, shrinkB=2,
                                    connectionstyle="arc3,rad=0.05"))
    for column, (title, colour, names) in enumerate(COLUMNS.values()):
        ax.text(column * 3.2, 1.0, title, ha="center", fontsize=12, fontweight="bold")
        for name in names:
            x, y = places[name]
            ax.add_patch(FancyBboxPatch((x - 1.15, y - 0.38), 2.3, 0.76, boxstyle="round,pad=0.03,rounding_size=0.2",
                                        facecolor=colour, edgecolor="black", lw=0.8, alpha=0.45))
            ax.text(x, y, name, ha="center", va="center", fontsize=8.8)  # black on a light fill: readable
    ax.set(xlim=(-1.4, 4 * 3.2 + 1.4), ylim=(-6.2, 1.5))
    return fig
