"""The pivotal trials behind every approved cell therapy, read from one cited data file.

`data/pivotal_trials.csv` holds one row per trial and population: the same trial appears twice
when the journal and the regulator (the FDA's review or label) report different groups of
patients or different assessments. Each row names that population, its size, the counts from
enrolment to infusion where given, response and complete-response rates, CRS and neurotoxicity
at any grade and at grade 3 or more with the CRS grading scale used, and the `references.bib`
key of its source. An empty cell means the source did not report it (or it was not verified);
nothing is filled in by calculation except where a source gives the counts.

The products themselves (kind, target, first indication and approval date) are in
`data/approved_products.csv` (`approvals`); a trial row is joined to its product by name.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

import numpy as np

from . import approvals
from .parameters import Parameter
from .style import COLOURS, new_figure
from .widgets import explore, static_figure

DATA_FILE = Path(__file__).parent / "data" / "pivotal_trials.csv"
METRICS = {
    "response_pct": "response (as each trial defines it)",
    "cr_pct": "complete response",
    "crs_any_pct": "CRS, any grade",
    "crs_grade3_pct": "CRS, grade 3 or more",
    "neuro_any_pct": "neurotoxicity, any grade",
    "neuro_grade3_pct": "neurotoxicity, grade 3 or more",
}
SAFETY_METRICS = {"crs_any_pct", "crs_grade3_pct", "neuro_any_pct", "neuro_grade3_pct"}
COUNTS = ("population_n", "enrolled", "manufactured", "infused")
REPORTERS = ("journal", "regulator")


@dataclass(frozen=True)
class TrialResult:
    product: str
    trial: str
    reported_by: str
    population: str
    population_n: int
    enrolled: int | None
    manufactured: int | None
    infused: int | None
    response_metric: str
    response_pct: float | None
    cr_pct: float | None
    crs_any_pct: float | None
    crs_grade3_pct: float | None
    neuro_any_pct: float | None
    neuro_grade3_pct: float | None
    grading_scale: str
    source: str

    @property
    def label(self) -> str:
        return f"{self.trial} · {self.reported_by} (n={self.population_n})"

    @property
    def product_record(self) -> approvals.Product:
        return _products()[self.product]


FIELDS = tuple(f.name for f in fields(TrialResult))


def _value(name: str, text: str):
    if name in COUNTS:
        return int(text) if text else None
    if name in METRICS:
        return float(text) if text else None
    return text


@cache
def load_trials() -> tuple[TrialResult, ...]:
    """Every row of the data file (read once: the explorer filters it at every move)."""
    with open(DATA_FILE, encoding="utf-8", newline="") as handle:
        return tuple(TrialResult(**{k: _value(k, v) for k, v in row.items()}) for row in csv.DictReader(handle))


@cache
def _products() -> dict[str, approvals.Product]:
    return {p.product: p for p in approvals.load_products()}


def by_trial(name: str, reported_by: str = "journal", reports: str | None = None) -> TrialResult:
    """The first row for a trial as reported by the journal or the regulator (and, if
    `reports` names a column, the first such row that reports it)."""
    return next(t for t in load_trials() if t.trial == name and t.reported_by == reported_by
                and (reports is None or getattr(t, reports) is not None))


def mixed_scales(results, metric: str) -> list[str]:
    """The different CRS grading scales (or 'not stated') behind the bars of a safety metric;
    more than one means the bars are not directly comparable."""
    if metric not in SAFETY_METRICS:
        return []
    scales = sorted({t.grading_scale or "not stated" for t in results if getattr(t, metric) is not None})
    return scales if len(scales) > 1 else []


GROUPS = {
    "all products": lambda t: True,
    "CD19 CAR T": lambda t: t.product_record.kind == "CAR T" and t.product_record.target.startswith("CD19"),
    "BCMA CAR T": lambda t: t.product_record.target.startswith("BCMA"),
    "solid tumours (TIL, TCR-T)": lambda t: t.product_record.kind in ("TIL", "TCR-T"),
}
SHOWN_BY = {"journal and regulator": REPORTERS, "journal only": ("journal",), "regulator only": ("regulator",)}


def select(group: str = "all products", reported: str = "journal and regulator") -> list[TrialResult]:
    return [t for t in load_trials() if GROUPS[group](t) and t.reported_by in SHOWN_BY[reported]]


def describe(metric="response_pct", group="all products", reported="journal and regulator") -> str:
    chosen = select(group, reported)
    values = [getattr(t, metric) for t in chosen if getattr(t, metric) is not None]
    spread = f"from {min(values):g}% to {max(values):g}%" if values else "none reported"
    warning = mixed_scales(chosen, metric)
    note = f"; warning: grading scales differ ({', '.join(warning)})" if warning else ""
    return f"{METRICS[metric]}, {group}, {reported}: {len(values)} of {len(chosen)} rows report it, {spread}{note}"


PARAMETERS = (
    Parameter("metric", "what to compare", "response_pct", options=tuple(METRICS),
              option_labels={key: f"{words[0].upper()}{words[1:]} (% of patients)" for key, words in METRICS.items()}),
    Parameter("group", "which products", "all products", options=tuple(GROUPS)),
    Parameter("reported", "whose numbers", "journal and regulator", options=tuple(SHOWN_BY)),
)

ROWS = len(load_trials())
REPORTER_COLOURS = {"journal": COLOURS["effector"], "regulator": COLOURS["accent"]}


class TrialView:
    """Horizontal bars, one per trial population, labelled with who reported it and for how
    many patients; rows without the number say so; a warning when grading scales differ."""

    def __init__(self):
        self.fig, self.ax = new_figure(5.0, 7.0)
        ax = self.ax
        ax.set(xlim=(0, 100), ylim=(ROWS - 0.5, -0.5), yticks=[], xlabel="% of the population named")
        ax.spines["left"].set_visible(False)
        self.bars = ax.barh(range(ROWS), np.zeros(ROWS), height=0.7)
        self.labels = [ax.text(-1.5, i, "", ha="right", va="center", fontsize=10) for i in range(ROWS)]
        self.values = [ax.text(0, i, "", ha="left", va="center", fontsize=10) for i in range(ROWS)]
        for reporter, colour in REPORTER_COLOURS.items():
            ax.barh([0], [0], color=colour, label=f"reported by the {reporter}")
        self.fig.legend(loc="outside lower center", fontsize=10, ncols=2)
        self.title = self.fig.suptitle(" ", fontsize=11)
        # the warning sits under the title, where the eye goes first
        self.warning = ax.set_title(" ", fontsize=10, color=COLOURS["tumour"], fontweight="bold")

    def dynamic_artists(self):
        """What a control change alters; the rest is drawn once (see widgets.Explorer)."""
        return [*self.bars, *self.labels, *self.values, self.title, self.warning]

    def update(self, metric="response_pct", group="all products", reported="journal and regulator") -> str:
        chosen = select(group, reported)
        for i, (bar, label, value) in enumerate(zip(self.bars, self.labels, self.values)):
            row = chosen[i] if i < len(chosen) else None
            number = getattr(row, metric) if row else None
            bar.set_width(number or 0)
            bar.set_color(REPORTER_COLOURS[row.reported_by] if row else "none")
            label.set_text(row.label if row else "")
            if row is None:
                value.set_text("")
            elif number is None:
                value.set_position((1, i))
                value.set_text("not reported")
            else:
                scale = f" ({row.grading_scale})" if metric in SAFETY_METRICS and row.grading_scale else ""
                value.set_position((number + 1, i))
                value.set_text(f"{number:g}%{scale}")
        self.title.set_text(f"{METRICS[metric]}: {group}")
        scales = mixed_scales(chosen, metric)
        self.warning.set_text(f"Scales differ ({', '.join(scales)}): not directly "
                              "comparable" if scales else " ")
        return describe(metric, group, reported)


# the view and its parameters, for the sweep tests and the benchmark
EXPLORER = (TrialView, PARAMETERS)


def plot_trials(**values):
    return static_figure(TrialView, PARAMETERS, **values)


def explore_trials():
    return explore(TrialView, PARAMETERS)


def markdown_table() -> str:
    """The data file as a compact table for the chapter (a test keeps the two identical)."""
    def cell(x):
        return "–" if x is None or x == "" else (f"{x:g}" if isinstance(x, float) else str(x))

    def pair(a, b, scale=""):
        return f"{cell(a)} / {cell(b)}" + (f" ({scale})" if scale and (a is not None or b is not None) else "")
    head = ("trial", "by", "population (n)", "enrolled → made → infused", "response / CR %", "CRS any / ≥3 % (scale)",
            "neuro any / ≥3 %", "source")
    lines = [":::{table} The pivotal trials, one row per trial and population "
             "(`celltherapy/data/pivotal_trials.csv`)", ":class: trials-table", ":name: table-pivotal-trials", "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for t in load_trials():
        funnel = " → ".join(cell(x) for x in (t.enrolled, t.manufactured, t.infused)) \
            if t.enrolled or t.infused else "–"
        lines.append("| " + " | ".join((
            f"{t.trial} ({t.product})", t.reported_by, f"{t.population} ({t.population_n})", funnel,
            pair(t.response_pct, t.cr_pct), pair(t.crs_any_pct, t.crs_grade3_pct, t.grading_scale),
            pair(t.neuro_any_pct, t.neuro_grade3_pct), f"{{cite}}`{t.source}`")) + " |")
    return "\n".join(lines + [":::"])

if __name__ == "__main__":
    print(markdown_table())
