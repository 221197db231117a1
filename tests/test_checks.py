"""Answer checks fed anything a student might type: always a sentence, never a traceback."""

from __future__ import annotations

import importlib
import math
import pkgutil
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from celltherapy.checks import (CORRECT, INVALID, NOT_ANSWERED, Exercise, Feedback, Task, check_choice,
                                check_integer, check_number)
import celltherapy.exercises
from celltherapy.exercises import car_t

ODD_ANSWERS = [
    ..., None, "", "   ", "abc", "0.78", "1,000", "NaN", True, False, 0, -1, 3, 2.5,
    float("nan"), float("inf"), -float("inf"), 10 ** 400, 1e308, -1e308, 1e-320, 3 + 2j,
    [], [0.78], [1, 2, 3], (0.78,), {"a": 1}, {1, 2}, np.array([]), np.array([0.78]),
    np.array([[1.0, 2.0], [3.0, 4.0]]), np.float32(0.78), np.int64(3), np.nan, Decimal("0.78"),
    Fraction(78, 100), object(), print, type, "scFv", "ESCAPED", "4-1bb", b"bytes",
]

# every exercise module in the package, so a new exercise is tested without being listed here
EXERCISES = tuple(importlib.import_module(f"celltherapy.exercises.{info.name}")
                  for info in pkgutil.iter_modules(celltherapy.exercises.__path__))
TASKS = [(module, task.id) for module in EXERCISES for task in module.TASKS]


@pytest.mark.parametrize("module, task_id", TASKS, ids=lambda x: getattr(x, "__name__", x).split(".")[-1])
def test_every_check_answers_every_input_with_a_sentence(module, task_id):
    ex = module.start()
    for answer in ODD_ANSWERS:
        feedback = ex.check(task_id, answer)
        assert isinstance(feedback, Feedback), repr(answer)
        assert feedback.message.strip().endswith((".", "?")), (answer, feedback)


@pytest.mark.parametrize("module", EXERCISES, ids=lambda m: m.__name__.split(".")[-1])
def test_placeholder_is_not_answered_yet(module):
    for task in module.TASKS:
        assert module.start().check(task.id, ...).status == NOT_ANSWERED


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
    ex = car_t.start()
    ex.check("recognition", "scFv")
    ex.check("doubling_time", float("nan"))
    summary = ex.summary()
    assert summary.startswith(f"1 of {len(car_t.TASKS)} tasks done.")
    saved = ex.save(tmp_path / "answers.json")
    assert "answers to 2 tasks (1 correct)" in saved
    text = (tmp_path / "answers.json").read_text()
    assert '"recognition"' in text and '"nan"' in text
    assert "Could not save" in ex.save(tmp_path / "missing" / "answers.json")
