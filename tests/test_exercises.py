"""One source of truth: the student version is exactly what the solution generates, and the
instructor guide's answer key passes the same checks as the solution."""

from __future__ import annotations

import re

import nbformat
import pytest

from celltherapy.exercises import car_t
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


def test_answer_key_in_instructor_guide_passes_the_checks():
    guide = (ROOT / "book" / "instructor-guide.md").read_text()
    key = guide[guide.index("In short:"):guide.index("Tasks 4–8")]
    answers = dict(re.findall(r"\((\d)\) (?:about )?([^;()]+?)(?:[;.]\s|$)", key.replace("\n", " ")))
    assert len(answers) == len(car_t.TASKS)
    ex = car_t.start()
    for number, text in answers.items():
        task = car_t.TASKS[int(number) - 1]
        value = text.split()[0].replace("×10⁵", "e5")
        value = value.removesuffix("-fold")
        try:
            answer = float(value)
        except ValueError:
            answer = value
        assert ex.check(task.id, answer).solved, f"answer key for task {number} ({text}) fails its check"
