"""ASTCT CRS and ICANS grading (Lee et al. 2019): every row and boundary of both tables, and
every impossible input answered with a sentence that names the field."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from celltherapy import crs_grading as g
from celltherapy.crs_grading import (CEREBRAL_OEDEMA, CONSCIOUSNESS, OXYGEN_DEVICES, SEIZURES, CrsResult,
                                     GradingInputError, IcansResult, crs_grade, ice_score, icans_grade)
from celltherapy.parameters import defaults

SEIZURE_BRIEF, SEIZURE_LONG = SEIZURES[1], SEIZURES[2]
OEDEMA_FOCAL, OEDEMA_DIFFUSE = CEREBRAL_OEDEMA[1], CEREBRAL_OEDEMA[2]


# ---------------------------------------------------------------------------- ICE score

def test_ice_score_adds_the_items():
    assert ice_score(4, 3, 1, 1, 1) == 10
    assert ice_score(0, 0, 0, 0, 0) == 0
    assert ice_score(2, 1, True, False, True) == 5  # True/False for the one-point items
    assert ice_score(np.int64(4), 3.0, 1, 1, np.bool_(True)) == 10


@pytest.mark.parametrize("item, bad", [("orientation", 5), ("orientation", -1), ("orientation", 2.5),
                                       ("orientation", True), ("naming", 4), ("naming", None),
                                       ("follows_commands", 2), ("writing", "yes"), ("attention", math.nan)])
def test_ice_items_out_of_range_are_named(item, bad):
    items = dict(orientation=4, naming=3, follows_commands=1, writing=1, attention=1)
    with pytest.raises(GradingInputError, match=item):
        ice_score(**{**items, item: bad})


# ---------------------------------------------------------------------------- CRS table

@pytest.mark.parametrize("kwargs, grade", [
    # fever only
    (dict(temperature_c=38.5), 1),
    # hypotension row
    (dict(temperature_c=38.5, hypotension=True), 2),
    (dict(temperature_c=38.5, hypotension=True, vasopressors=1), 3),
    (dict(temperature_c=38.5, hypotension=True, vasopressin=True), 3),                    # vasopressin alone
    (dict(temperature_c=38.5, hypotension=True, vasopressors=1, vasopressin=True), 3),    # norepinephrine + vasopressin
    (dict(temperature_c=38.5, hypotension=True, vasopressors=2), 4),                      # two, excluding vasopressin
    (dict(temperature_c=38.5, hypotension=True, vasopressors=2, vasopressin=True), 4),
    (dict(temperature_c=38.5, hypotension=True, vasopressors=5), 4),
    # hypoxia row
    (dict(temperature_c=38.5, oxygen="low-flow nasal cannula", oxygen_l_min=2), 2),
    (dict(temperature_c=38.5, oxygen="low-flow nasal cannula", oxygen_l_min=6.0), 2),    # boundary: 6 L/min is low flow
    (dict(temperature_c=38.5, oxygen="low-flow nasal cannula", oxygen_l_min=6.5), 3),    # above 6 L/min is high flow
    (dict(temperature_c=38.5, oxygen="low-flow nasal cannula"), 2),                       # flow not recorded
    (dict(temperature_c=38.5, oxygen="blow-by", oxygen_l_min=10), 2),
    (dict(temperature_c=38.5, oxygen="high-flow nasal cannula", oxygen_l_min=40), 3),
    (dict(temperature_c=38.5, oxygen="facemask", oxygen_l_min=8), 3),
    (dict(temperature_c=38.5, oxygen="non-rebreather mask", oxygen_l_min=15), 3),
    (dict(temperature_c=38.5, oxygen="Venturi mask", oxygen_l_min=10), 3),
    (dict(temperature_c=38.5, oxygen="positive pressure"), 4),
    # the more severe of hypotension and hypoxia
    (dict(temperature_c=38.5, hypotension=True, oxygen="facemask"), 3),
    (dict(temperature_c=38.5, hypotension=True, vasopressors=2, oxygen="blow-by"), 4),
    (dict(temperature_c=38.5, hypotension=True, vasopressin=True, oxygen="positive pressure"), 4),
    # fever threshold
    (dict(temperature_c=38.0), 1),
    (dict(temperature_c=37.9), 0),
    (dict(temperature_c=37.9, hypotension=True, vasopressors=1, oxygen="positive pressure"), 0),
    (dict(temperature_c=36.5), 0),
    # fever masked by tocilizumab, steroids or antipyretics: grading by hypotension and hypoxia
    (dict(temperature_c=37.0, fever_masked=True, hypotension=True), 2),
    (dict(temperature_c=37.0, fever_masked=True, oxygen="high-flow nasal cannula", oxygen_l_min=30), 3),
    (dict(temperature_c=36.8, fever_masked=True, hypotension=True, vasopressors=2), 4),
    (dict(temperature_c=37.0, fever_masked=True), 0),
    (dict(temperature_c=38.4, fever_masked=True), 1),
])
def test_crs_table(kwargs, grade):
    result = crs_grade(**kwargs)
    assert isinstance(result, CrsResult)
    assert result.grade == grade, str(result)
    assert result.reasons and all(isinstance(r, str) and r for r in result.reasons)
    assert str(result).startswith("no CRS" if grade == 0 else f"CRS grade {grade}")
    assert str(result).endswith(".")


def test_crs_reasons_say_what_set_the_grade():
    assert "one vasopressor (with or without vasopressin): grade 3" in crs_grade(
        38.5, hypotension=True, vasopressors=1, vasopressin=True).reasons
    assert any("vasopressin alone" in r for r in crs_grade(38.5, hypotension=True, vasopressin=True).reasons)
    high = crs_grade(38.5, oxygen="low-flow nasal cannula", oxygen_l_min=6.5)
    assert any("high flow" in r and r.endswith("grade 3") for r in high.reasons)
    both = crs_grade(38.5, hypotension=True, oxygen="facemask")
    assert any("more severe" in r for r in both.reasons)
    assert any("37.9 °C is below 38.0" in r for r in crs_grade(37.9).reasons)
    assert any("37.99999 °C is below" in r for r in crs_grade(37.99999).reasons)
    assert "fever 38.6 °C: grade 1" in crs_grade(38.6).reasons
    assert any("masked" in r for r in crs_grade(37.0, fever_masked=True, hypotension=True).reasons)


def test_crs_result_is_frozen_and_records_the_rows():
    result = crs_grade(38.5, hypotension=True, oxygen="facemask")
    assert (result.fever, result.hypotension_grade, result.hypoxia_grade) == (True, 2, 3)
    with pytest.raises(AttributeError):
        result.grade = 1


def test_oxygen_names_ignore_case_and_common_aliases():
    assert crs_grade(38.5, oxygen="Low-Flow  Nasal Cannula", oxygen_l_min=2).grade == 2
    assert crs_grade(38.5, oxygen="CPAP").grade == 4
    assert crs_grade(38.5, oxygen="venturi mask").grade == 3


def test_every_crs_combination_has_a_grade_and_a_sentence():
    for device, pressors, vasopressin, masked in itertools.product(OXYGEN_DEVICES, range(3), (False, True),
                                                                   (False, True)):
        flow = 0.0 if device == "none" else 4.0
        result = crs_grade(38.2, vasopressors=pressors, vasopressin=vasopressin, oxygen=device,
                           oxygen_l_min=flow, fever_masked=masked, hypotension=True)
        assert 1 <= result.grade <= 4 and str(result).endswith(".")


# ---------------------------------------------------------------------------- CRS inputs

@pytest.mark.parametrize("kwargs, field", [
    (dict(temperature_c=38.5, oxygen="low-flow nasal cannula", oxygen_l_min=-2), "oxygen_l_min"),
    (dict(temperature_c=38.5, oxygen="facemask", oxygen_l_min=100), "oxygen_l_min"),
    (dict(temperature_c=38.5, oxygen="facemask", oxygen_l_min=math.nan), "oxygen_l_min"),
    (dict(temperature_c=38.5, oxygen="facemask", oxygen_l_min=math.inf), "oxygen_l_min"),
    (dict(temperature_c=38.5, oxygen="facemask", oxygen_l_min="6"), "oxygen_l_min"),
    (dict(temperature_c=38.5, oxygen="facemask", oxygen_l_min=None), "oxygen_l_min"),
    (dict(temperature_c=101), "temperature_c"),
    (dict(temperature_c=math.nan), "temperature_c"),
    (dict(temperature_c=None), "temperature_c"),
    (dict(temperature_c="abc"), "temperature_c"),
    (dict(temperature_c="38.5"), "temperature_c"),
    (dict(temperature_c=True), "temperature_c"),
    (dict(temperature_c=50), "temperature_c"),
    (dict(temperature_c=-5), "temperature_c"),
    (dict(temperature_c=311), "temperature_c"),
    (dict(temperature_c=[38.5]), "temperature_c"),
    (dict(temperature_c=38.5, oxygen="hyperbaric chamber"), "oxygen"),
    (dict(temperature_c=38.5, oxygen=None), "oxygen"),
    (dict(temperature_c=38.5, oxygen="none", oxygen_l_min=4), "oxygen"),
    (dict(temperature_c=38.5, hypotension=True, vasopressors=-1), "vasopressors"),
    (dict(temperature_c=38.5, hypotension=True, vasopressors=1.5), "vasopressors"),
    (dict(temperature_c=38.5, hypotension=True, vasopressors=6), "vasopressors"),
    (dict(temperature_c=38.5, hypotension=True, vasopressors=True), "vasopressors"),
    (dict(temperature_c=38.5, hypotension=True, vasopressors=None), "vasopressors"),
    (dict(temperature_c=38.5, hypotension=True, vasopressors="two"), "vasopressors"),
    (dict(temperature_c=38.5, vasopressors=1), "hypotension"),           # vasopressors without hypotension
    (dict(temperature_c=38.5, vasopressin=True), "hypotension"),
    (dict(temperature_c=38.5, hypotension="yes"), "hypotension"),
    (dict(temperature_c=38.5, hypotension=True, vasopressin=1), "vasopressin"),
    (dict(temperature_c=38.5, fever_masked="tocilizumab"), "fever_masked"),
    (dict(temperature_c=38.5, fever_masked=None), "fever_masked"),
])
def test_impossible_crs_inputs_name_the_field(kwargs, field):
    with pytest.raises(GradingInputError, match=field) as caught:
        crs_grade(**kwargs)
    message = str(caught.value)
    assert message.endswith(".") and "\n" not in message


def test_fahrenheit_is_recognised():
    with pytest.raises(GradingInputError, match=r"temperature_c = 101 looks like degrees Fahrenheit.*°C"):
        crs_grade(101)
    with pytest.raises(GradingInputError, match="Fahrenheit"):
        crs_grade(98.6)


def test_messages_say_what_is_allowed():
    with pytest.raises(GradingInputError, match=r"oxygen_l_min must be 0 or more litres per minute; got -2\."):
        crs_grade(38.5, oxygen="facemask", oxygen_l_min=-2)
    with pytest.raises(GradingInputError, match="'positive pressure'"):  # lists the options
        crs_grade(38.5, oxygen="hyperbaric chamber")
    with pytest.raises(GradingInputError, match="NaN"):
        crs_grade(math.nan)


def test_grading_input_error_is_a_value_error():
    assert issubclass(GradingInputError, ValueError)


# ---------------------------------------------------------------------------- ICANS table

@pytest.mark.parametrize("kwargs, grade", [
    (dict(ice=10), 0),                                                  # ICE 10 and nothing else: no ICANS
    (dict(ice=9), 1),
    (dict(ice=7), 1),                                                   # boundary 7 / 6
    (dict(ice=6), 2),
    (dict(ice=3), 2),                                                   # boundary 3 / 2
    (dict(ice=2), 3),
    (dict(ice=0), 3),                                                   # awake with global aphasia
    (dict(ice=0, consciousness="unarousable"), 4),
    (dict(ice=None, consciousness="unarousable"), 4),
    (dict(ice=10, consciousness="awakens to voice"), 2),
    (dict(ice=8, consciousness="awakens to voice"), 2),
    (dict(ice=8, consciousness="awakens only to tactile stimulus"), 3),
    (dict(ice=10, seizure=SEIZURE_BRIEF), 3),
    (dict(ice=3, seizure=SEIZURE_BRIEF), 3),                            # the ASTCT example: ICE 3 + seizure
    (dict(ice=9, seizure=SEIZURE_LONG), 4),
    (dict(ice=10, motor_weakness=True), 4),
    (dict(ice=10, cerebral_oedema=OEDEMA_FOCAL), 3),
    (dict(ice=8, cerebral_oedema=OEDEMA_DIFFUSE), 4),
    (dict(ice=5, consciousness="awakens to voice", seizure=SEIZURE_BRIEF, cerebral_oedema=OEDEMA_DIFFUSE), 4),
    (dict(ice=8, age_years=13), 1),
    (dict(ice=8, age_years=70.5), 1),
])
def test_icans_table(kwargs, grade):
    result = icans_grade(**kwargs)
    assert isinstance(result, IcansResult)
    assert result.grade == grade, str(result)
    assert str(result).startswith("no ICANS" if grade == 0 else f"ICANS grade {grade}")
    assert str(result).endswith(".")


def test_icans_reasons():
    assert any("global aphasia" in r for r in icans_grade(ice=0).reasons)
    assert any("unarousable" in r for r in icans_grade(ice=None, consciousness="unarousable").reasons)
    both = icans_grade(ice=3, seizure=SEIZURE_BRIEF)
    assert "ICE score 3: grade 2" in both.reasons and any("most severe" in r for r in both.reasons)


def test_icans_options_ignore_case():
    assert icans_grade(ice=10, consciousness="Awakens To Voice").grade == 2


def test_every_icans_combination_has_a_grade_and_a_sentence():
    for ice, level, fit, weak, oedema in itertools.product((0, 2, 3, 6, 7, 9, 10), CONSCIOUSNESS[:3], SEIZURES,
                                                           (False, True), CEREBRAL_OEDEMA):
        result = icans_grade(ice, level, fit, weak, oedema)
        assert 0 <= result.grade <= 4 and str(result).endswith(".")


@pytest.mark.parametrize("kwargs, field", [
    (dict(ice=11), "ice"),
    (dict(ice=-1), "ice"),
    (dict(ice=2.5), "ice"),
    (dict(ice=True), "ice"),
    (dict(ice=math.nan), "ice"),
    (dict(ice="abc"), "ice"),
    (dict(ice=None), "ice"),                                            # None only when unarousable
    (dict(ice=8, consciousness="unarousable"), "ice"),                  # an unarousable patient cannot score 8
    (dict(ice=8, consciousness="drowsy"), "consciousness"),
    (dict(ice=8, consciousness=None), "consciousness"),
    (dict(ice=8, seizure="tonic-clonic"), "seizure"),
    (dict(ice=8, cerebral_oedema="some"), "cerebral_oedema"),
    (dict(ice=8, motor_weakness="hemiparesis"), "motor_weakness"),
    (dict(ice=8, age_years=10), "age_years"),
    (dict(ice=8, age_years=12), "age_years"),
    (dict(ice=8, age_years=-3), "age_years"),
    (dict(ice=8, age_years="adult"), "age_years"),
    (dict(ice=8, age_years=math.nan), "age_years"),
])
def test_impossible_icans_inputs_name_the_field(kwargs, field):
    with pytest.raises(GradingInputError, match=field) as caught:
        icans_grade(**kwargs)
    assert str(caught.value).endswith(".")


def test_ice_messages():
    with pytest.raises(GradingInputError, match=r"ice must be a whole number from 0 to 10.*got 11\."):
        icans_grade(ice=11)
    with pytest.raises(GradingInputError, match="CAPD"):
        icans_grade(ice=8, age_years=10)


# ---------------------------------------------------------------------------- the view

def every_setting():
    for values in itertools.product(*(p.sweep_values() for p in g.PARAMETERS)):
        yield dict(zip((p.name for p in g.PARAMETERS), values))


def test_view_renders_at_default():
    view = g.GradingView()
    summary = view.update(**defaults(g.PARAMETERS))
    assert summary == str(crs_grade(38.6, oxygen="low-flow nasal cannula", oxygen_l_min=4.0))
    assert view.ax.get_title(loc="left").startswith("CRS grade 2")
    fig = g.plot_crs_grading()
    fig.canvas.draw()
    assert fig is not None


def test_view_shows_a_problem_in_the_title_instead_of_raising():
    view = g.GradingView()
    summary = view.update(**{**defaults(g.PARAMETERS), "temperature_c": math.nan})
    assert summary.startswith("Cannot grade:") and "temperature" in summary
    assert view.ax.get_title(loc="left").startswith("Cannot grade")


def test_no_device_means_no_oxygen_whatever_the_flow_slider_says():
    """The flow slider keeps its place when the device menu says "none": the view grades no
    oxygen, not an error (the calculator itself still rejects a flow without a device)."""
    view = g.GradingView()
    summary = view.update(**{**defaults(g.PARAMETERS), "oxygen": "none", "oxygen_l_min": 15.0})
    assert summary == str(crs_grade(38.6, oxygen="none", oxygen_l_min=0.0))


def test_view_highlights_the_deciding_cells():
    view = g.GradingView()
    view.update(temperature_c=39.0, hypotension="vasopressin alone", oxygen="blow-by", oxygen_l_min=0.0,
                fever_masked=False)
    assert view._cell(1, 3).get_facecolor() == pytest.approx(view._cell(0, 3).get_facecolor())  # both decide
    assert view._cell(2, 2).get_facecolor() != view._cell(1, 3).get_facecolor()               # blow-by, grade 2
    assert view.frame.get_visible() and view.frame.get_y() == view._row_y(3)  # the grade 3 row
    view.update(temperature_c=37.0, hypotension="none", oxygen="none", oxygen_l_min=0.0, fever_masked=False)
    assert not view.frame.get_visible()


def test_view_never_raises_and_never_says_nan():
    view = g.GradingView()
    for values in every_setting():
        summary = view.update(**values)
        assert summary and "nan" not in summary.lower(), values
        assert view.ax.get_title(loc="left").count("\n") == 1  # the layout is made for two lines


@pytest.mark.timing
def test_view_update_is_fast():
    from celltherapy.widgets import Explorer
    explorer = Explorer(g.GradingView(), g.PARAMETERS)
    times = []
    for values in list(every_setting())[::97]:  # about 40 settings across every control
        explorer.set(**values)
        explorer.redraw()  # update, blit and encode the PNG, as a slider move does
        times.append(explorer.last_redraw_seconds)
    assert np.mean(times) < 0.1
