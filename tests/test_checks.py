"""Answer checks fed anything a student might type: always a sentence, never a traceback, and
never more than a short excerpt of what was typed."""

from __future__ import annotations

import importlib
import math
import pkgutil
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from celltherapy.checks import (CORRECT, EXCERPT, INVALID, NOT_ANSWERED, Exercise, Feedback, Task,
                                check_choice, check_integer, check_number)
import celltherapy.exercises
import celltherapy.exercises.crs
from celltherapy.exercises import car_t


class RaisingRepr:
    def __repr__(self):
        raise RuntimeError("repr fails")


class RaisingEq:
    def __eq__(self, other):
        raise RuntimeError("== fails")

    __hash__ = object.__hash__


class NAType:
    """pandas.NA as students meet it (pandas is not installed here): == gives NA, bool() raises."""

    def __eq__(self, other):
        return self

    __ne__ = __eq__
    __hash__ = object.__hash__

    def __bool__(self):
        raise TypeError("boolean value of NA is ambiguous")

    def __repr__(self):
        return "<NA>"


class BrokenFloat(float):
    """A float subclass whose methods all raise."""

    def _fail(self, *args):
        raise RuntimeError("broken float")

    __float__ = __repr__ = __str__ = __format__ = __eq__ = __ne__ = __lt__ = __gt__ = __abs__ = _fail
    __sub__ = __rsub__ = __truediv__ = __mul__ = __bool__ = __round__ = __int__ = _fail
    __hash__ = float.__hash__


class BrokenStr(str):
    def _fail(self, *args):
        raise RuntimeError("broken str")

    __eq__ = __repr__ = __str__ = __len__ = __getitem__ = lower = strip = replace = _fail
    __hash__ = str.__hash__


def deeply_nested(depth=100_000):
    value = []
    for _ in range(depth):
        value = [value]
    return value


NA = NAType()
HUGE = 10 ** 4300  # str() refuses integers this long
ODD_ANSWERS = [
    ..., None, "", "   ", "abc", "0.78", "1,000", "NaN", True, False, 0, -1, 3, 2.5,
    float("nan"), float("inf"), -float("inf"), 10 ** 400, 1e308, -1e308, 1e-320, 3 + 2j,
    [], [0.78], [1, 2, 3], (0.78,), {"a": 1}, {1, 2}, np.array([]), np.array([0.78]),
    np.array([[1.0, 2.0], [3.0, 4.0]]), np.float32(0.78), np.int64(3), np.nan, Decimal("0.78"),
    Fraction(78, 100), object(), print, type, "scFv", "ESCAPED", "4-1bb", b"bytes",
    # the hostile harness: huge integers, modules and classes, objects whose methods raise
    HUGE, -HUGE, np, math, np.ndarray, int, Exercise, NA, RaisingRepr(), RaisingEq(), "\ud800",
    BrokenFloat(0.78), BrokenStr("scFv"), deeply_nested(), "x" * 100_000, "1" * 100_000,
]

# every exercise module in the package, so a new exercise is tested without being listed here
EXERCISES = tuple(importlib.import_module(f"celltherapy.exercises.{info.name}")
                  for info in pkgutil.iter_modules(celltherapy.exercises.__path__))
TASKS = [(module, task.id) for module in EXERCISES for task in module.TASKS]


def fresh(module) -> Exercise:
    """An exercise of `module` that keeps nothing on disk."""
    return Exercise(module.SESSION.name, module.TASKS)


def assert_sentence(feedback, answer=None):
    """A sentence written for the student: not the catch-all for checker bugs, and quoting at
    most a short excerpt of a long answer."""
    assert isinstance(feedback, Feedback)
    message = feedback.message
    assert message.strip().endswith((".", "?")), feedback
    assert "checker could not read" not in message, feedback
    if isinstance(answer, str) and str.__len__(answer) > EXCERPT:
        assert str.__str__(answer)[:EXCERPT + 1] not in message, "the answer is echoed back whole"
    assert len(message) < 600, "feedback this long is not a sentence"


@pytest.mark.parametrize("module, task_id", TASKS, ids=lambda x: getattr(x, "__name__", x).split(".")[-1])
def test_every_check_answers_every_input_with_a_sentence(module, task_id):
    ex = fresh(module)
    for answer in ODD_ANSWERS:
        assert_sentence(ex.check(task_id, answer), answer)


def test_ten_megabytes_of_text_are_quoted_as_a_short_excerpt():
    # car_t's and crs's tasks use every kind of check; ODD_ANSWERS has long text for every task
    for module in (car_t, celltherapy.exercises.crs):
        for text in ("x" * 10_000_000, "1" * 10_000_000):
            for task in module.TASKS:
                assert_sentence(fresh(module).check(task.id, text), text)


@pytest.mark.parametrize("module", EXERCISES, ids=lambda m: m.__name__.split(".")[-1])
def test_placeholder_is_not_answered_yet(module):
    for task in module.TASKS:
        assert fresh(module).check(task.id, ...).status == NOT_ANSWERED


WRONG_TASK_IDS = [np.array(["recognition"]), np.array([1, 2]), RaisingEq(), RaisingRepr(), NA, None, 1,
                  1.5, b"recognition", ["recognition"], BrokenStr("no such task"), "no such task", "x" * 10_000_000,
                  "\ud800", HUGE, np, int]


@pytest.mark.parametrize("task_id", WRONG_TASK_IDS, ids=lambda x: type(x).__name__)
def test_a_wrong_task_id_is_a_sentence(task_id):
    feedback = fresh(car_t).check(task_id, "scFv")
    assert_sentence(feedback, task_id)
    assert feedback.status == INVALID
    assert "'recognition'" in feedback.message  # it lists the tasks there are


def test_the_odd_answers_reach_a_real_verdict():
    """Subclasses that break their own methods are read as the numbers and text they hold."""
    assert fresh(car_t).check("recognition", BrokenStr("scFv")).status == CORRECT
    assert fresh(car_t).check(BrokenStr("recognition"), "scFv").status == CORRECT
    assert fresh(car_t).check("doubling_time", BrokenFloat(0.78)).status == CORRECT
    assert "4301 digits long" in fresh(car_t).check("recognition", HUGE).message
    assert "module numpy" in fresh(car_t).check("recognition", np).message
    assert "class ndarray" in fresh(car_t).check("auc", np.ndarray).message


def test_numbers():
    assert check_number(0.78, 0.7796).status == CORRECT
    assert check_number(np.array([0.78]), 0.7796).status == CORRECT
    assert "hours" in check_number(0.7796 * 24, 0.7796, unit_slips={"hours instead of days": 24}).message
    assert "quotes" in check_number("0.78", 0.78).message
    assert "NaN" in check_number(math.nan, 1.0).message
    assert "single number" in check_number([1, 2], 1.0).message
    assert check_number(10 ** 400, 1.0).status == INVALID
    assert "too high" in check_number(2.0, 1.0).message


def test_choices_ignore_case_spaces_and_full_stops():
    options = ("eliminated", "controlled", "escaped")
    assert check_choice(" Escaped. ", "escaped", options).status == CORRECT
    assert "not one of the options" in check_choice("gone", "escaped", options).message
    assert check_choice(3, "escaped", options).status == INVALID


def test_choices_forgive_dashes_plurals_and_verbs():
    assert check_choice("4–1bb", "4-1BB", ("CD28", "4-1BB")).status == CORRECT
    assert check_choice("CCR-7", "CCR7", ("CCR7", "CXCR4")).status == CORRECT
    assert check_choice("cDC1s", "cDC1", ("cDC1", "cDC2")).status == CORRECT
    assert check_choice("escape", "escaped", ("eliminated", "controlled", "escaped")).status == CORRECT


def test_integers():
    assert check_integer(3.0, 3).status == CORRECT
    assert "fractional" in check_integer(2.5, 3).message


def test_unknown_task_and_broken_checker_are_sentences():
    def broken(_answer):
        raise RuntimeError("bug")
    ex = Exercise("t", [Task("a", "a task", broken)])
    assert ex.check("a", 1).status == INVALID
    assert "no task called" in ex.check("zzz", 1).message


def test_summary_and_save(tmp_path):
    ex = fresh(car_t)
    ex.check("recognition", "scFv")
    ex.check("doubling_time", float("nan"))
    summary = ex.summary()
    assert summary.startswith(f"1 of {len(car_t.TASKS)} tasks done.")
    saved = ex.save(tmp_path / "answers.json")
    assert "answers to 2 tasks (1 correct)" in saved
    text = (tmp_path / "answers.json").read_text()
    assert '"recognition"' in text and '"nan"' in text
    assert "Could not save" in ex.save(tmp_path / "missing" / "answers.json")
