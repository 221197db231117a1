"""Binder affinity against antigen density (illustrative model): exact limits and the safety window."""

import math

import numpy as np
import pytest

from celltherapy import affinity as af


def test_occupancy_is_one_half_when_the_receptor_concentration_equals_kd():
    assert af.occupancy(af.EFFECTIVE_CAR_NM) == pytest.approx(0.5)
    assert af.occupancy(1e-9) == pytest.approx(1.0)          # a very tight binder saturates
    assert af.occupancy(1e9) == pytest.approx(0.0, abs=1e-7)  # a very weak one hardly binds


def test_occupancy_falls_with_kd_and_stays_a_fraction():
    kd = np.geomspace(1e-3, 1e4, 50)
    theta = af.occupancy(kd)
    assert np.all(np.diff(theta) < 0) and np.all((theta > 0) & (theta < 1))


def test_engaged_receptors_reach_the_threshold_exactly_at_the_half_kill_density():
    for kd in (0.1, 1.0, 30.0, 1000.0):
        a50 = af.half_kill_density(kd)
        assert af.engaged_receptors(a50, kd) == pytest.approx(af.DEFAULT_THRESHOLD)
        assert af.fraction_killed(a50, kd) == pytest.approx(0.5)


def test_half_kill_density_of_a_saturating_binder_is_threshold_over_contact_fraction():
    assert af.half_kill_density(1e-9) == pytest.approx(af.DEFAULT_THRESHOLD / af.CONTACT_FRACTION)
    # at Kd = rho only half the antigen is bound, so twice as much is needed
    assert af.half_kill_density(af.EFFECTIVE_CAR_NM) == pytest.approx(
        2 * af.DEFAULT_THRESHOLD / af.CONTACT_FRACTION)


def test_fraction_killed_is_lognormal_one_spread_from_the_median():
    kd = 100.0
    a50 = af.half_kill_density(kd)
    one_sd = math.exp(af.SPREAD)
    assert af.fraction_killed(a50 * one_sd, kd) == pytest.approx(0.8413447, abs=1e-6)
    assert af.fraction_killed(a50 / one_sd, kd) == pytest.approx(0.1586553, abs=1e-6)


def test_killing_rises_with_antigen_and_with_affinity():
    density = np.geomspace(1e2, 1e6, 41)
    assert np.all(np.diff(af.fraction_killed(density, 100.0)) > 0)
    assert af.fraction_killed(1e4, 1.0) > af.fraction_killed(1e4, 100.0) > af.fraction_killed(1e4, 1000.0)


def test_lower_affinity_opens_a_safety_window_at_a_cost_in_antigen_low_tumour():
    high = af.window(af.REFERENCE_KD_NM)
    low = af.window(300.0)
    assert high["healthy"] > 0.5 and low["healthy"] < 0.1   # healthy tissue spared
    assert low["tumour"] < high["tumour"]                     # but some antigen-low tumour escapes
    assert low["tumour"] - low["healthy"] > high["tumour"] - high["healthy"]


def test_kd_is_off_rate_over_on_rate_and_the_bond_half_life_follows():
    assert af.dissociation_constant_nm(1e5, 1e-3) == pytest.approx(10.0)
    assert af.off_rate(10.0, 1e5) == pytest.approx(1e-3)
    assert af.bond_half_life(math.log(2)) == pytest.approx(1.0)
    # at a fixed on-rate a 40-fold lower affinity is a 40-fold faster off-rate
    assert af.off_rate(40.0) / af.off_rate(1.0) == pytest.approx(40.0)


def test_describe_says_what_the_picture_shows():
    text = af.describe()
    assert "96%" in text and "29%" in text and "illustrative" in text
    assert af.duration(30) == "30 s" and af.duration(600) == "10 min" and af.duration(7200) == "2 h"


def test_every_parameter_carries_units_and_is_labelled_in_words():
    for p in af.PARAMETERS:
        assert p.units and p.source == ""  # all illustrative
        assert "_" not in p.label
