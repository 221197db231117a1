"""The Stein et al. (2019) kinetic model against its published numbers and exact limits."""

from dataclasses import replace

import numpy as np
import pytest

from celltherapy import car_kinetics as k


def test_published_summary_numbers():
    # Stein et al. 2019, abstract: doubling time 0.78 d, initial decline half-life 4.3 d,
    # terminal half-life 220 d (ln 2 / 0.0032 = 216.6 d, which the paper rounds to 220).
    assert k.doubling_time() == pytest.approx(0.78, abs=0.005)
    fast, slow = k.half_lives()
    assert fast == pytest.approx(4.3, abs=0.05)
    assert slow == pytest.approx(220, rel=0.02)


def test_peak_is_cmax_at_tmax_and_starts_at_cmax_over_foldx():
    p = k.STEIN_2019
    assert k.level(p.tmax) == pytest.approx(p.cmax)
    assert k.level(0.0) == pytest.approx(p.cmax / p.foldx)
    t = np.sort(np.append(np.linspace(0, 365, 5000), p.tmax))
    assert k.level(t).max() == pytest.approx(p.cmax)


def test_curve_is_continuous_at_the_peak():
    p = k.STEIN_2019
    assert k.level(p.tmax - 1e-9) == pytest.approx(k.level(p.tmax + 1e-9), rel=1e-6)


def test_auc_is_exact_integral():
    for p in (k.STEIN_2019, replace(k.STEIN_2019, tmax=20.0, alpha=0.5), replace(k.STEIN_2019, tmax=27.0)):
        t = np.linspace(0, 28, 280001)
        assert k.auc(p) == pytest.approx(np.trapezoid(k.level(t, p), t), rel=1e-5)


def test_auc_matches_published_implementation_value():
    # nlmixr2lib's vignette of the Stein model reports AUC(0-28 d) of about 172,000 copies·day/µg.
    assert k.auc() == pytest.approx(1.72e5, rel=0.01)


def test_auc_when_peak_after_window():
    p = replace(k.STEIN_2019, tmax=40.0)
    t = np.linspace(0, 28, 28001)
    assert k.auc(p) == pytest.approx(np.trapezoid(k.level(t, p), t), rel=1e-5)


def test_long_term_decline_follows_beta():
    p = k.STEIN_2019
    ratio = k.level(365.0) / k.level(300.0)
    assert ratio == pytest.approx(np.exp(-p.beta * 65), rel=1e-3)


def test_cohort_is_reproducible_and_spread_like_the_published_variance():
    a = k.virtual_cohort(2000, seed=1)
    b = k.virtual_cohort(2000, seed=1)
    assert a == b
    log_cmax = np.log([p.cmax for p in a])
    assert np.var(log_cmax) == pytest.approx(k.BETWEEN_PATIENT_VARIANCE["cmax"], rel=0.1)
    assert np.median(np.exp(log_cmax)) == pytest.approx(k.STEIN_2019.cmax, rel=0.1)
    assert all(p.fb <= 1 and p.foldx >= 1 for p in a)


def test_describe_reports_key_numbers():
    assert k.describe() == ("peak 2.4×10⁴ copies/µg on day 9.3; AUC(0–28 d) 1.7×10⁵ copies·day/µg; "
                            "level at 1 year 61 copies/µg")
