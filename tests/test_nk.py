"""NK receptor balance (illustrative) and the de Pillis et al. (2005) tumour model."""

from dataclasses import replace

import numpy as np
import pytest

from celltherapy import nk_balance as nb
from celltherapy import nk_tumour as nt


def test_missing_self_is_killed_and_healthy_self_spared():
    assert nb.verdict(float(nb.kill_probability(0.0, 0.0, 0.0))) == "killed"
    assert nb.verdict(float(nb.kill_probability(1.0, 0.0, 0.0))) == "spared"


def test_balance_is_monotone_and_a_probability():
    mhc = np.linspace(0, 1.5, 31)
    signal = np.linspace(0, 2, 31)
    p_mhc = nb.kill_probability(mhc, 0.5, 0.0)
    p_ligand = nb.kill_probability(1.0, signal, 0.0)
    p_antibody = nb.kill_probability(1.0, 0.0, signal)
    assert np.all(np.diff(p_mhc) <= 0) and np.all(np.diff(p_ligand) > 0) and np.all(np.diff(p_antibody) > 0)
    for p in (p_mhc, p_ligand, p_antibody):
        assert np.all((p >= 0) & (p <= 1))


def test_inhibition_dominates_equal_activation():
    # with full inhibition, activation must exceed K_A + K_I to kill
    needed = nb.HALF_ACTIVATION + nb.INHIBITION_WEIGHT * float(nb.inhibition(1.5))
    ligand = needed - nb.BASELINE_ACTIVATION
    assert nb.kill_probability(1.5, ligand * 0.9, 0.0) < 0.5 < nb.kill_probability(1.5, ligand * 1.1, 0.0)


def test_without_immune_cells_the_tumour_grows_logistically():
    p = replace(nt.DE_PILLIS_2005, e=0.0)
    course = nt.simulate(1e5, p, nk0=0.0, cd80=0.0)
    k = 1 / p.b * nt.UNIT
    expected = k / (1 + (k / 1e5 - 1) * np.exp(-p.a * course.days))
    assert np.allclose(course.tumour, expected, rtol=1e-4)


def test_baseline_clears_small_tumours_and_loses_to_large_ones():
    assert nt.simulate(1e5).outcome == "cleared"
    large = nt.simulate(1e6)
    assert large.outcome == "escaped"
    assert large.tumour[-1] == pytest.approx(1 / nt.DE_PILLIS_2005.b * nt.UNIT, rel=0.05)
    assert 1e5 <= nt.largest_cleared_tumour() < 1e6


def test_more_nk_cytotoxicity_clears_larger_tumours():
    strong = replace(nt.DE_PILLIS_2005, c=10 * nt.DE_PILLIS_2005.c)
    assert nt.largest_cleared_tumour(p=strong) > nt.largest_cleared_tumour()


def test_cd8_killing_vanishes_without_cd8_cells():
    assert nt.cd8_killing(np.array([1.0]), np.array([0.0]), nt.DE_PILLIS_2005)[0] == 0.0
