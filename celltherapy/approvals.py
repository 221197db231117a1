"""Approved cell therapies in the United States, read from one cited data file.

`data/approved_products.csv` holds one row per immune-cell therapy for cancer approved in the
United States: name, brand, kind (CAR T, TCR-T, TIL, DC), target, first indication, the date of
first US approval (YYYY-MM-DD, or YYYY-MM where the source gives only the month), and the
`references.bib` keys of the sources for the approval (date and indication) and for the target.
The prose and the timeline read from it; a test checks its schema, dates and sources.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from matplotlib.dates import date2num

from .style import COLOURS, new_figure

KINDS = ("DC", "CAR T", "TCR-T", "TIL")
KIND_NAMES = {"DC": "dendritic-cell", "CAR T": "CAR T-cell", "TCR-T": "TCR T-cell",
              "TIL": "tumour-infiltrating lymphocyte"}
KIND_COLOURS = {"DC": COLOURS["purple"], "CAR T": COLOURS["effector"], "TCR-T": COLOURS["memory"],
                "TIL": COLOURS["tumour"]}
DATA_FILE = Path(__file__).parent / "data" / "approved_products.csv"
FIELDS = ("product", "brand", "kind", "target", "indication", "first_us_approval", "approval_source",
          "target_source")


@dataclass(frozen=True)
class Product:
    product: str
    brand: str
    kind: str
    target: str
    indication: str
    first_us_approval: str
    approval_source: str
    target_source: str

    @property
    def approval_date(self) -> dt.date:
        """The approval date; a month-only date counts as the first of the month."""
        text = self.first_us_approval
        return dt.date.fromisoformat(text if len(text) == 10 else f"{text}-01")


def load_products() -> list[Product]:
    with open(DATA_FILE, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return sorted((Product(**row) for row in rows), key=lambda p: p.approval_date)


def describe_timeline(products=None) -> str:
    products = products or load_products()
    counts = ", ".join(f"{sum(p.kind == k for p in products)} {k}" for k in KINDS)
    first = products[0]
    return (f"{len(products)} products approved in the US from {first.approval_date.year} to "
            f"{products[-1].approval_date.year}: {counts}; the first was {first.brand} ({first.kind})")


def plot_timeline(products=None):
    """One row per product, earliest at the top: a point at its first US approval, coloured by
    kind of therapy, labelled with brand, generic name and target (indications are in the file)."""
    products = products or load_products()
    fig, ax = new_figure(5.0, 0.55 * len(products) + 1.8)
    start = dt.date(2009, 1, 1)
    for row, p in enumerate(products):
        date = p.approval_date
        ax.hlines(row, start, date, color="#dddddd", lw=1)
        ax.plot(date, row, "o", ms=9, color=KIND_COLOURS[p.kind], markeredgecolor="black")
        target = "" if p.target.startswith("none") else f", {p.target.split(' on ')[0]}"
        # the label sits above its row, from the left edge, so it never runs out of the figure
        ax.annotate(f"{p.brand} ({p.product}){target}", (start, row), xytext=(0, 5),
                    textcoords="offset points", va="bottom", fontsize=10)
    for kind in KINDS:
        ax.plot([], [], "o", ms=8, color=KIND_COLOURS[kind], markeredgecolor="black",
                label=KIND_NAMES[kind])
    fig.legend(loc="outside lower center", ncols=2, fontsize=10, title="kind of therapy", title_fontsize=10)
    ax.set_yticks([])
    ax.set(ylim=(len(products) - 0.6, -0.9), xlim=(start, dt.date(2026, 12, 31)),
           xlabel="first approval by the US Food and Drug Administration")
    years = range(2010, 2027, 4)
    ax.set_xticks([dt.date(y, 1, 1) for y in years], [str(y) for y in years])
    ax.spines[["left", "top", "right"]].set_visible(False)
    return fig
