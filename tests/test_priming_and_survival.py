"""Kirschner–Panetta priming model and the survival rebuild: published behaviour and exact limits."""

from dataclasses import replace

import numpy as np
import pytest

from celltherapy import dc_priming as kp
from celltherapy import survival


def test_no_antigenicity_means_escape_to_carrying_capacity():
    course = kp.simulate(replace(kp.KIRSCHNER_PANETTA, c=0.0))
    assert course.outcome == "escaped"
    assert course.tumour[-1] == pytest.approx(1 / kp.KIRSCHNER_PANETTA.b, rel=0.01)
    assert np.all(course.effector == 0)  # nothing recruits effectors without antigenicity


def test_published_antigenicity_holds_the_tumour_low():
    course = kp.simulate()
    assert course.outcome == "controlled"
    assert course.tumour[course.days >= 400].max() < 1e6 < 1 / kp.KIRSCHNER_PANETTA.b


def test_there_is_an_escape_threshold():
    threshold = kp.escape_threshold()
    assert 1e-4 < threshold < 2e-4
    assert kp.simulate(replace(kp.KIRSCHNER_PANETTA, c=threshold / 2)).outcome == "escaped"


def test_adoptive_cells_rescue_but_il2_alone_does_not():
    low = replace(kp.KIRSCHNER_PANETTA, c=5e-5)
    assert kp.simulate(replace(low, s1=1000.0)).outcome != "escaped"
    assert kp.simulate(replace(low, s2=1e6)).outcome == "escaped"


def test_il2_term_saturates():
    p = kp.KIRSCHNER_PANETTA
    slow = kp._rates(0, [1.0, 0.0, 1e12], p)[0]
    assert slow == pytest.approx(-p.mu2 + p.p1, rel=1e-3)  # at saturating IL-2 the growth rate caps at p1


def test_exponential_survival_halves_at_the_median():
    assert survival.exponential_survival(21.7, 21.7) == pytest.approx(0.5)
    assert survival.treated_median(21.7, 1.0) == 21.7
    assert survival.treated_median(21.7, 0.78) == pytest.approx(27.82, abs=0.01)


def test_rebuild_overestimates_published_36_month_survival():
    # the constant-hazard rebuild is an illustration: real curves fall faster than exponential here
    control = survival.exponential_survival(36, survival.IMPACT["median_control"])
    assert control > survival.IMPACT["survival_36_control"]
