"""The pivotal-trials data file and what reads it: schema, ranges, sources, the chapter's table,
the enrolment funnel and the survival plateau."""

from __future__ import annotations

import csv
import re

import numpy as np
import pytest

from celltherapy import approvals, enrolment_funnel, survival_plateau, trials
from conftest import ROOT

BIB_KEYS = set(re.findall(r"@\w+\{([^,]+),", (ROOT / "book" / "references.bib").read_text()))
with open(trials.DATA_FILE, encoding="utf-8", newline="") as handle:
    READER = csv.DictReader(handle)
    HEADER = READER.fieldnames
    ROWS = list(READER)
CHAPTER = (ROOT / "book" / "clinical.md").read_text()


def test_header_is_the_schema():
    assert tuple(HEADER) == trials.FIELDS


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['trial']}-{r['reported_by']}-{r['population_n']}")
def test_row(row):
    assert all(value.strip() == value for value in row.values()), "padded field"
    for field in ("product", "trial", "reported_by", "population", "population_n", "source"):
        assert row[field], f"{field} is empty"
    assert row["reported_by"] in trials.REPORTERS
    assert row["source"] in BIB_KEYS, f"source {row['source']} is not in references.bib"
    for metric in trials.METRICS:
        if row[metric]:
            assert 0 <= float(row[metric]) <= 100, f"{metric} {row[metric]} is not a percentage"
            assert re.fullmatch(r"\d+(\.\d)?", row[metric]), f"{metric}: at most one decimal"
    counts = [int(row[c]) for c in ("enrolled", "manufactured", "infused") if row[c]]
    assert counts == sorted(counts, reverse=True), "enrolled >= manufactured >= infused"
    assert all(int(row[c]) > 0 for c in trials.COUNTS if row[c])
    if not any(row[m] for m in trials.SAFETY_METRICS):
        assert not row["grading_scale"], "a grading scale without any safety number"


def test_every_approved_product_has_its_pivotal_trial_and_date():
    products = {p.product: p for p in approvals.load_products()}
    assert {t.product for t in trials.load_trials()} == set(products)
    for t in trials.load_trials():
        assert t.product_record.approval_date.year >= 2010


def test_discrepant_populations_are_both_there():
    # the journal and the regulator disagree on ZUMA-1 (facts §12): both rows, each named
    journal, regulator = trials.by_trial("ZUMA-1"), trials.by_trial("ZUMA-1", "regulator")
    assert (journal.response_pct, regulator.response_pct) == (82, 72)
    assert journal.population != regulator.population


def test_mixed_grading_scales_are_flagged():
    assert trials.mixed_scales(trials.load_trials(), "crs_grade3_pct")
    assert trials.mixed_scales(trials.load_trials(), "response_pct") == []
    same = [t for t in trials.load_trials() if t.grading_scale == "Lee 2014"]
    assert trials.mixed_scales(same, "crs_grade3_pct") == []
    assert "warning" in trials.describe("crs_grade3_pct")


def test_chapter_table_is_generated_from_the_file():
    table = CHAPTER.split("<!-- trials-table:start -->")[1].split("<!-- trials-table:end -->")[0]
    assert table.strip() == trials.markdown_table(), "run `python -m celltherapy.trials` and paste the table"


def test_zuma1_funnel_and_denominators():
    counts = enrolment_funnel.funnel("ZUMA-1")
    assert counts == {"enrolled": 111, "manufactured": 110, "infused": 101, "responded": 83}
    rates = enrolment_funnel.response_rates("ZUMA-1")
    assert rates["infused"] == pytest.approx(82.2, abs=0.1)
    assert rates["enrolled"] == pytest.approx(74.8, abs=0.1)
    lost = enrolment_funnel.response_rates("ZUMA-1", extra_lost_percent=20)
    assert lost["enrolled"] < rates["enrolled"]
    assert lost["infused"] == pytest.approx(rates["infused"], abs=1)


def test_funnel_uses_only_rows_whose_response_covers_every_infused_patient():
    for t in enrolment_funnel.FUNNEL_TRIALS.values():
        assert t.population_n == t.infused


@pytest.mark.parametrize("points", [survival_plateau.ZUMA1_5Y, survival_plateau.SCHOLAR1])
def test_cure_model_passes_through_the_published_points(points):
    median, landmark, alive = points
    cured, uncured_median = survival_plateau.fit(*points)
    assert survival_plateau.overall_median(cured, uncured_median) == pytest.approx(median, rel=1e-6)
    assert survival_plateau.survival(landmark, cured, uncured_median) == pytest.approx(alive, rel=1e-6)
    assert 0 < cured < alive


def test_cure_model_limits():
    t = np.array([0.0, 1e4])
    assert survival_plateau.survival(t, 0.3, 10.0) == pytest.approx([1.0, 0.3])
    assert np.isinf(survival_plateau.overall_median(0.6, 10.0))
    assert survival_plateau.overall_median(0.0, 10.0) == pytest.approx(10.0)
