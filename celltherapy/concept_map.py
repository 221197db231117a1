"""The course on one page: a concept map from cells to mechanisms, results, challenges and
what comes next, each link a relation the chapters explain.

Drawn for the book's narrow column (5 inches, 10-pt text, as the chapter diagrams in
`celltherapy.diagrams`): one row per kind of concept, top to bottom, each concept in a slot of
a five-slot grid. An arrow between neighbouring rows runs straight through the gap between
them; an arrow that skips a row runs down the channel between two slots, so no arrow ever
crosses a box or its label (`routes` gives every arrow's path, and the tests check it). Arrows
that share a box's edge meet it at points of their own, so no two of them merge.
"""

from __future__ import annotations

from matplotlib.patches import FancyArrowPatch
from matplotlib.path import Path

from .diagrams import SPAN, box, sheet
from .style import COLOURS

# row title, colour, and (concept, label as drawn, slot 0-4) from left to right
ROWS = {
    "cells": ("Cells", COLOURS["sky"], [
        ("CAR T cells", "CAR T\ncells", 0), ("TIL and TCR-T cells", "TIL and\nTCR-T\ncells", 1),
        ("dendritic cells", "dendritic\ncells", 3), ("NK and CAR-NK cells", "NK and\nCAR-NK\ncells", 4)]),
    "mechanisms": ("Mechanisms", COLOURS["yellow"], [
        ("expansion and persistence", "expansion,\npersistence", 0),
        ("MHC-free recognition", "MHC-free\nrecognition", 1),
        ("costimulation (signal 2)", "co-\nstimulation\n(signal 2)", 2),
        ("antigen presentation", "presenting\nantigen", 3), ("missing self", "missing\nself", 4)]),
    "results": ("Results", COLOURS["memory"], [
        ("myeloma responses", "myeloma\nresponses", 0),
        ("remissions in B-cell cancers", "remissions\nin B-cell\ncancers", 1),
        ("first solid-tumour approvals", "first solid-\ntumour\napprovals", 2),
        ("survival gain (sipuleucel-T)", "survival\ngain with\nsipuleucel-T", 3)]),
    "challenges": ("Challenges", COLOURS["tumour"], [
        ("CRS and ICANS", "CRS and\nICANS", 0), ("patients differ", "patients\ndiffer", 1),
        ("antigen escape", "antigen\nescape", 2), ("solid-tumour delivery", "reaching\nsolid\ntumours", 3),
        ("manufacturing time and cost", "time and\ncost to\nmake", 4)]),
    "future": ("What comes next", COLOURS["purple"], [
        ("safety switches", "safety\nswitches", 0), ("logic-gated CARs", "logic-gated\nCARs", 1),
        ("armoured CARs", "armoured\nCARs", 2), ("allogeneic, edited cells", "allogeneic,\nedited cells", 3),
        ("in vivo CAR", "CAR made\nin the\nbody", 4)]),
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

BOX_W, SLOT_GAP = 0.94, 0.1      # drawing units: five slots and four channels across the width
BOX_H, ROW_GAP = 0.62, 0.5
MARGIN = (SPAN - 5 * BOX_W - 4 * SLOT_GAP) / 2
LEGEND_H = 0.75
HEIGHT = LEGEND_H + 5 * BOX_H + 4 * ROW_GAP + 0.05


def boxes() -> dict:
    """Every concept's box as (x, y, width, height) in drawing units, and its row number."""
    placed = {}
    for row, (_, _, concepts) in enumerate(ROWS.values()):
        y = HEIGHT - LEGEND_H - BOX_H - row * (BOX_H + ROW_GAP)
        for name, _, slot in concepts:
            placed[name] = ((MARGIN + slot * (BOX_W + SLOT_GAP), y, BOX_W, BOX_H), row)
    return placed


# a link that skips a row goes down the channel beside its target on the side of its source,
# except these, which take the far side: on the near side the arrow would turn just where
# another arrow crosses it
FAR_CHANNEL = {("TIL and TCR-T cells", "first solid-tumour approvals")}
CORNER = 0.15   # no arrow ends nearer than this to a box's corner


def _ports(edges: dict) -> dict:
    """For each box's edge, the x at which each of its arrows meets it, by where the arrow heads:
    one heading, the middle of the edge; several, spread evenly along it, left to right as they
    head (arrows heading the same way, down the same channel, share one)."""
    ports = {}
    for (x, y, w), headings in edges.items():
        distinct = sorted(set(headings))
        ports[x, y, w] = {h: x + w * (k + 1) / (len(distinct) + 1) for k, h in enumerate(distinct)}
    return ports


def routes() -> list[list[tuple[float, float]]]:
    """Every link as a polyline from the bottom of its source box to the top of its target:
    straight between neighbouring rows, down the channel beside the target when it skips a row.
    Arrows that share a box edge leave or reach it at points of their own, so no two arrows
    merge; an arrow between a box with one arrow on that edge and one with several runs
    straight down where it can."""
    placed = boxes()
    links = []
    for start, end in LINKS:
        ((sx, sy, sw, _), srow), ((tx, ty, tw, th), trow) = placed[start], placed[end]
        channel = None
        if trow != srow + 1:
            near_left = sx + sw / 2 < tx + tw / 2
            if (start, end) in FAR_CHANNEL:
                near_left = not near_left
            channel = tx - SLOT_GAP / 2 if near_left else tx + tw + SLOT_GAP / 2
        # where the arrow heads from each end: its channel, or the other box's middle
        out = channel if channel is not None else tx + tw / 2
        into = channel if channel is not None else sx + sw / 2
        links.append(((sx, sy, sw), (tx, ty + th, tw), channel, out, into))
    leaving, arriving = {}, {}  # by box: its bottom edge (x, y, width) and its top edge
    for source, target, _, out, into in links:
        leaving.setdefault(source, []).append(out)
        arriving.setdefault(target, []).append(into)
    leave, arrive = _ports(leaving), _ports(arriving)

    def inside(x, left, width):
        return left + CORNER <= x <= left + width - CORNER

    paths = []
    for source, target, channel, out, into in links:
        (sx, sy, sw), (tx, top, tw) = source, target
        a, b = leave[source][out], arrive[target][into]
        if channel is None:  # straight down where one end is free to move
            if len(leave[source]) == 1 and len(arrive[target]) > 1 and inside(b, sx, sw):
                a = b
            elif len(arrive[target]) == 1 and len(leave[source]) > 1 and inside(a, tx, tw):
                b = a
            paths.append([(a, sy), (b, top)])
            continue
        # into the channel halfway between the rows; out of it a quarter of the gap below the
        # row above the target, so that its last leg runs beside, not across, the arrows that
        # leave that row for the same target
        paths.append([(a, sy), (channel, sy - ROW_GAP / 2), (channel, top + ROW_GAP * 0.75), (b, top)])
    return paths


def plot_concept_map():
    fig, ax = sheet(HEIGHT)
    # which colour is which kind of concept (the rows, top to bottom), in two lines at the top
    legend = [[("Cells", 0.05), ("Mechanisms", 0.85), ("Results", 2.2)],
              [("Challenges", 0.05), ("What comes next", 1.45)]]
    colours = [colour for _, colour, _ in ROWS.values()]
    k = 0
    for line, items in enumerate(legend):
        for title, x in items:
            box(ax, x, HEIGHT - 0.32 - line * 0.34, 0.22, 0.22, "", colours[k], fill=0.45, lw=1)
            ax.text(x + 0.3, HEIGHT - 0.21 - line * 0.34, title, va="center", fontsize=10)
            k += 1
    for path in routes():
        codes = [Path.MOVETO] + [Path.LINETO] * (len(path) - 1)
        ax.add_patch(FancyArrowPatch(path=Path(path, codes), arrowstyle="-|>", mutation_scale=10,
                                     color="#666666", lw=1.0, shrinkA=0, shrinkB=0))
    placed = boxes()
    for _, colour, concepts in ROWS.values():
        for name, label, _ in concepts:
            (x, y, w, h), _ = placed[name]
            box(ax, x, y, w, h, label, colour, fill=0.35, lw=1)
    return fig
