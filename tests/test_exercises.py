"""One source of truth: the student version is exactly what the solution generates, and the
instructor guide's answer key passes the same checks as the solution."""

from __future__ import annotations

import ast
import importlib
import re

import nbformat
import pytest

from celltherapy.checks import Exercise
from celltherapy.notebook_tools import SOLUTIONS, student_path, student_version
from conftest import ROOT

SOLUTION_FILES = sorted(SOLUTIONS.glob("*.ipynb"))


def comparable(nb):
    return [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]


@pytest.mark.parametrize("solution", SOLUTION_FILES, ids=lambda p: p.name)
def test_student_version_is_generated_from_solution(solution):
    expected = student_version(nbformat.read(solution, as_version=4))
    committed = nbformat.read(student_path(solution), as_version=4)
    assert comparable(committed) == comparable(expected), (
        f"{student_path(solution).name} differs from its solution: run `make students`")


@pytest.mark.parametrize("solution", SOLUTION_FILES, ids=lambda p: p.name)
def test_student_version_gives_nothing_away(solution):
    student = nbformat.read(student_path(solution), as_version=4)
    sources = "\n".join(c.source for c in student.cells)
    assert "BEGIN SOLUTION" not in sources
    assert sources.count("answer = ...") >= 5
    outputs = [o for c in student.cells if c.cell_type == "code" for o in c.outputs]
    assert any("Not answered yet" in o.get("data", {}).get("text/plain", "") for o in outputs)


SUPERSCRIPTS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def key_value(text: str):
    """'about 1.7×10⁵ copies·day/µg' -> 170000.0; 'full activation' -> 'full activation'."""
    text = text.strip().removeprefix("about ")
    first = text.split()[0].removesuffix("-fold")
    mantissa, _, exponent = first.partition("×10")
    try:
        return float(mantissa or 1) * 10 ** int(exponent.translate(SUPERSCRIPTS) or 0)
    except ValueError:
        return text


def answer_keys() -> dict:
    """Each exercise's answer key in the instructor guide, by exercise name, task number -> text."""
    guide = (ROOT / "book" / "instructor-guide.md").read_text()
    keys = {}
    for name, block in re.findall(r"^% answer-key: (\w+)\n(.*?)(?:\n\n|\Z)", guide, re.M | re.S):
        short = " ".join(block.split("In short:")[1].split())
        keys[name] = dict(re.findall(r"\((\d+)\) ([^;]+?)(?=; \(\d+\)|\.$)", short))
    return keys


EXERCISE_MODULES = {p.stem: importlib.import_module(f"celltherapy.exercises.{p.stem}")
                    for p in sorted(SOLUTIONS.glob("*.ipynb"))}


def test_every_exercise_has_an_answer_key():
    assert set(answer_keys()) == set(EXERCISE_MODULES)


@pytest.mark.parametrize("name", sorted(EXERCISE_MODULES))
def test_answer_key_passes_the_checks(name):
    module = EXERCISE_MODULES[name]
    key = answer_keys()[name]
    assert len(key) == len(module.TASKS), f"{name}: the key has {len(key)} answers for {len(module.TASKS)} tasks"
    ex = Exercise(name, module.TASKS)  # keeps nothing on disk
    for number, text in key.items():
        task = module.TASKS[int(number) - 1]
        assert ex.check(task.id, key_value(text)).solved, f"{name} task {number}: key '{text}' fails its check"


def names_made_by(source: str) -> set[str]:
    """The names a cell's imports and assignments bind."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


@pytest.mark.parametrize("name", sorted(EXERCISE_MODULES))
def test_setup_names_are_what_the_setup_cell_makes(name):
    """A NameError for a name the set-up cell makes says to run that cell: the module's list
    must match the cell."""
    solution = nbformat.read(SOLUTIONS / f"{name}.ipynb", as_version=4)
    setup = next(c for c in solution.cells if c.cell_type == "code" and f"{name}.start()" in c.source)
    assert names_made_by(setup.source) - {name} == set(EXERCISE_MODULES[name].SETUP_NAMES)


@pytest.mark.parametrize("solution", SOLUTION_FILES, ids=lambda p: p.name)
def test_only_the_setup_cell_needs_the_setup_cell(solution):
    """Every check, summary and save cell imports its exercise itself, so it runs in any order."""
    name = solution.stem
    for cell in nbformat.read(solution, as_version=4).cells:
        if cell.cell_type == "code" and re.search(rf"^{name}\.(check|summary|save)\(", cell.source, re.M):
            assert cell.source.startswith(f"from celltherapy.exercises import {name}\n"), cell.source
        assert not re.search(r"^ex\.", cell.source, re.M), cell.source
