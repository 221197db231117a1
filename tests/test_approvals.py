"""The approvals data file: schema, values, dates and sources, checked row by row."""

from __future__ import annotations

import csv
import datetime as dt
import re

import pytest

from celltherapy import approvals
from conftest import ROOT

BIB_KEYS = set(re.findall(r"@\w+\{([^,]+),", (ROOT / "book" / "references.bib").read_text()))
with open(approvals.DATA_FILE, encoding="utf-8", newline="") as handle:
    READER = csv.DictReader(handle)
    HEADER = READER.fieldnames
    ROWS = list(READER)


def test_header_is_the_schema():
    assert tuple(HEADER) == approvals.FIELDS


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["product"])
def test_row(row):
    assert all(row[field].strip() == row[field] and row[field] for field in approvals.FIELDS), "empty or padded field"
    assert row["kind"] in approvals.KINDS
    assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", row["first_us_approval"]), "date must be YYYY-MM-DD or YYYY-MM"
    date = approvals.Product(**row).approval_date
    assert dt.date(2000, 1, 1) <= date <= dt.date.today()
    for source in ("approval_source", "target_source"):
        assert row[source] in BIB_KEYS, f"{source} {row[source]} is not in references.bib"


def test_products_are_unique_and_sorted_by_date():
    products = approvals.load_products()
    assert len({p.product for p in products}) == len(products) == len(ROWS)
    dates = [p.approval_date for p in products]
    assert dates == sorted(dates)


def test_describe_reads_the_file():
    assert approvals.describe_timeline().startswith(f"{len(ROWS)} products approved in the US from 2010")
