"""The three-signal logic of T-cell activation, and how a CAR changes it."""

import itertools

import pytest

from celltherapy import tcell_activation as act

TCR, CAR1, CAR2 = act.RECEPTORS
BOTH, NO_MHC, NOTHING = act.DISPLAYS


@pytest.mark.parametrize("signals, expected", [((False, False, False), "ignorance"), ((True, False, True), "anergy"),
                                               ((True, True, False), "weak"), ((True, True, True), "full")])
def test_outcomes(signals, expected):
    assert act.outcome(*signals) == expected


def test_tcr_needs_mhc_and_car_does_not():
    assert act.signals(TCR, NO_MHC, "present", "present")[0] is False
    assert act.signals(CAR1, NO_MHC, "present", "present")[0] is True


def test_second_generation_car_brings_its_own_costimulation():
    assert act.signals(CAR1, NO_MHC, "absent", "present")[1] is False
    assert act.signals(CAR2, NO_MHC, "absent", "present")[1] is True


def test_no_signal_without_recognition():
    for receptor, costim, cyto in itertools.product(act.RECEPTORS, act.PRESENT, act.PRESENT):
        assert act.signals(receptor, NOTHING, costim, cyto) == (False, False, False)
