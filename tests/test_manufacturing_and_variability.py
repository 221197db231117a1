"""Chapters 6 and 7: waiting-time attrition, cost per responder, the virtual cohort's spread,
the biomarker threshold and the antigen-escape construction; exact limits and published anchors."""

from __future__ import annotations

import numpy as np
import pytest

from celltherapy import antigen_escape, biomarker, car_kinetics, cost_per_responder, patient_variability, waiting


def test_waiting_fates_add_up_and_follow_the_hazard():
    fates = waiting.fates(np.array([0.0, 14.0, 60.0]), failure_rate=0.04)
    assert np.allclose(sum(fates.values()), 1.0)
    assert fates["infused"][0] == pytest.approx(0.96)
    # the default hazard halves the eligible patients in SCHOLAR-1's median survival
    median_days = waiting.SCHOLAR1_MEDIAN_OS_MONTHS * waiting.DAYS_PER_MONTH
    assert waiting.fates(median_days, failure_rate=0.0)["infused"] == pytest.approx(0.5)


def test_bridging_buys_time_in_proportion():
    assert waiting.days_to_lose(0.1, bridging_effect=0.5) == pytest.approx(2 * waiting.days_to_lose(0.1))
    assert np.isinf(waiting.days_to_lose(0.1, bridging_effect=1.0))


def test_cost_per_responder_by_hand():
    # everyone infused, half respond, no other costs: two doses of the product per responder
    assert cost_per_responder.cost_per_responder(400_000, 50, 100, other_costs=0) == pytest.approx(800_000)
    parts = cost_per_responder.cost_parts(373_000, 72, 91)
    assert sum(parts.values()) == pytest.approx(cost_per_responder.cost_per_responder(373_000, 72, 91))
    low, high = cost_per_responder.uncertainty(373_000, 72, 91)
    assert low < cost_per_responder.cost_per_responder(373_000, 72, 91) < high


def test_prices_are_the_cited_launch_prices():
    assert {name: price for name, (price, _) in cost_per_responder.PRICES.items()} == {
        "Yescarta (axi-cel)": 373_000, "Kymriah (tisa-cel), ALL": 475_000,
        "Abecma (ide-cel)": 419_500, "Carvykti (cilta-cel)": 465_000}


def test_virtual_cohort_spread_scales_with_variability():
    def auc_spread(scale):
        return patient_variability.spread(car_kinetics.cohort_exposure(
            car_kinetics.virtual_cohort(200, variability=scale))["auc"])
    assert auc_spread(0.0) == pytest.approx(1.0)
    assert 1.0 < auc_spread(0.5) < auc_spread(1.0) < auc_spread(1.5)
    typical = car_kinetics.virtual_cohort(3, variability=0.0)
    assert all(p == car_kinetics.STEIN_2019 for p in typical)


def test_roc_limits():
    assert biomarker.roc_area(0.0) == pytest.approx(0.5, abs=1e-9)
    assert 0.5 < biomarker.roc_area(1.5) < biomarker.roc_area(4.0) < 1.0
    assert biomarker.sensitivity_specificity(1e-3, 1.5) == pytest.approx((1.0, 0.0))
    assert biomarker.sensitivity_specificity(1e12, 1.5) == pytest.approx((0.0, 1.0))
    fpr, tpr = biomarker.roc_curve(1.5)
    assert (fpr[0], tpr[0], fpr[-1], tpr[-1]) == pytest.approx((0, 0, 1, 1))
    assert np.all(np.diff(fpr) >= 0) and np.all(np.diff(tpr) >= 0)


def test_antigen_escape_construction():
    exposure = antigen_escape.cumulative_exposure(car_kinetics.STEIN_2019)
    # no antigen-negative cells and a strong response: remission
    assert antigen_escape.outcome(*antigen_escape.log_burdens(exposure, 0.0, 40.0)) == "remission"
    # many antigen-negative cells: they come back, whatever the CAR T cells do
    assert antigen_escape.outcome(*antigen_escape.log_burdens(exposure, 1e-2, 40.0)) == "CD19- relapse"
    # almost no CAR T exposure: the antigen-positive tumour comes back
    assert antigen_escape.outcome(*antigen_escape.log_burdens(exposure * 1e-4, 0.0, 40.0)) == "CD19+ relapse"


def test_antigen_escape_cohort_against_the_published_share():
    shares = antigen_escape.cohort_outcomes(40.0)
    assert sum(shares.values()) == pytest.approx(1.0)
    # the construction lands near, not on, the published share: it was not fitted to it
    assert abs(antigen_escape.negative_share(shares) - antigen_escape.PUBLISHED_NEGATIVE_SHARE) < 0.15
