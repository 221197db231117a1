"""Cells run out of order, the commonest slip in class: every check, summary and save cell of a
student exercise works in a fresh kernel without the set-up cell, in any order; where a
solution's own code needs the set-up cell, the NameError is one sentence saying to run it.

This run is also the student versions' output check (strict nbval runs the solutions, not
the student versions, whose cells would otherwise run three times): run in order, each cell
prints exactly what the committed student version shows; the set-up cell, which this run
leaves out, shows what the solution's identical set-up cell shows under nbval."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from celltherapy.checks import ANSWERS_DIR_VARIABLE
from celltherapy.notebook_tools import SOLUTIONS, student_path
from test_notebooks import names_used_but_not_made

SOLUTION_FILES = sorted(SOLUTIONS.glob("*.ipynb"))


@pytest.fixture(autouse=True)
def fresh_answers(tmp_path, monkeypatch):
    """Kernels save their answers in a folder of their own, empty at the start."""
    monkeypatch.setenv(ANSWERS_DIR_VARIABLE, str(tmp_path / "answers" / "{pid}"))


def cells_after_setup(path) -> list:
    """The code cells of an exercise except the set-up cell (and the Colab install cell)."""
    nb = nbformat.read(path, as_version=4)
    return [c for c in nb.cells if c.cell_type == "code" and ".start()" not in c.source
            and "remove-cell" not in c.metadata.get("tags", [])]


def run_in_fresh_kernel(cells, folder) -> list[list]:
    """Run `cells` in a new kernel in `folder`, going on after errors; each cell's outputs."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c.source) for c in cells])
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return [cell.outputs for cell in nb.cells]


def text_of(output) -> str:
    return output.get("text") or output.get("data", {}).get("text/plain", "")


STUDENTS = [student_path(p) for p in SOLUTION_FILES]


@pytest.fixture(scope="module")
def outputs_without_setup(tmp_path_factory) -> dict:
    """Every student exercise's cells but the set-up cell, save and summary first, then in order,
    all in one fresh kernel (a kernel for each exercise cost a few seconds apiece; no exercise can
    lean on another's names, which `test_no_cell_uses_a_name_from_another_cell` checks): each
    exercise's outputs, by exercise."""
    cells, owners = [], []
    for path in STUDENTS:
        mine = cells_after_setup(path)
        for cell in mine[::-1] + mine:
            cells.append(cell)
            owners.append(path.name)
    folder = tmp_path_factory.mktemp("students")
    with pytest.MonkeyPatch.context() as patch:  # the function-scoped fresh_answers comes too late here
        patch.setenv(ANSWERS_DIR_VARIABLE, str(folder / "answers"))
        outputs = run_in_fresh_kernel(cells, folder)
    found = {path.name: [] for path in STUDENTS}
    for owner, cell_outputs in zip(owners, outputs):
        found[owner].append(cell_outputs)
    return found  # per exercise: each cell's outputs, the reversed pass and then the pass in order


@pytest.mark.parametrize("path", STUDENTS, ids=lambda p: p.name)
def test_no_cell_uses_a_name_from_another_cell(path):
    for cell in cells_after_setup(path):
        missing = names_used_but_not_made(cell.source)
        assert not missing, f"{path.name}: a cell uses {sorted(missing)} without making it: {cell.source[:80]}"


@pytest.mark.parametrize("path", STUDENTS, ids=lambda p: p.name)
def test_student_cells_work_without_the_setup_cell_in_any_order(path, outputs_without_setup):
    cells = cells_after_setup(path)
    outputs = [output for cell in outputs_without_setup[path.name] for output in cell]
    assert len(outputs) == 2 * len(cells)
    for output in outputs:
        assert output.output_type != "error", f"{output.ename}: {output.evalue}"
        text = text_of(output).strip()
        assert text.endswith((".", ")")) and "Traceback" not in text, text
    assert sum("Not answered yet" in text_of(o) for o in outputs) == 2 * (len(cells) - 2)


def shown(outputs) -> list:
    """What a cell shows, as strict nbval compares it: text, not pictures or counts."""
    return [(o.output_type, o.get("name"), o.get("text"),
             {k: v for k, v in o.get("data", {}).items() if not k.startswith("image/")}) for o in outputs]


@pytest.mark.parametrize("path", STUDENTS, ids=lambda p: p.name)
def test_the_student_version_shows_what_its_cells_print(path, outputs_without_setup):
    cells = cells_after_setup(path)
    in_order = outputs_without_setup[path.name][len(cells):]
    for cell, fresh in zip(cells, in_order):
        assert shown(cell.outputs) == shown(fresh), (
            f"{path.name}: the committed output of\n{cell.source}\nis not what it prints: run `make students`")


@pytest.mark.parametrize("path", STUDENTS, ids=lambda p: p.name)
def test_the_student_set_up_cell_shows_what_the_solution_shows(path):
    def set_up(notebook):
        return next(c for c in nbformat.read(notebook, as_version=4).cells if ".start()" in c.source)

    student, solution = set_up(path), set_up(SOLUTIONS / path.name)
    assert student.source == solution.source and shown(student.outputs) == shown(solution.outputs)


def test_a_name_the_setup_cell_makes_gives_a_sentence(tmp_path):
    """The solutions' own code uses numpy and the models the set-up cell imports. Only NameErrors
    raised by the notebook's code are explained; other errors keep their traceback."""
    cells = [cell for path in SOLUTION_FILES for cell in cells_after_setup(path)]
    library_name_error = nbformat.v4.new_code_cell('exec("not_defined_anywhere", {})')
    outputs = [output for cell in run_in_fresh_kernel(cells + [nbformat.v4.new_code_cell("1 / 0"), library_name_error],
                                                      tmp_path) for output in cell]
    *cell_errors, division, library = [o for o in outputs if o.output_type == "error"]
    assert len(cell_errors) >= len(SOLUTION_FILES), "each solution uses a name from its set-up cell"
    for error in cell_errors:
        first, last = error.traceback
        assert error.ename == "NameError" and last == f"NameError: {error.evalue}"
        assert first.endswith("is made by the set-up cell at the top of this notebook: run that cell first "
                              "(Run → Run All Above), then this one."), first
    assert division.ename == "ZeroDivisionError" and len(division.traceback) > 2
    assert library.ename == "NameError" and "set-up cell" not in "".join(library.traceback)
