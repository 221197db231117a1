"""Authoring tools: re-execute notebooks deterministically; write exercise student versions.

    python -m celltherapy.notebook_tools execute notebooks/*.ipynb exercises/*.ipynb
    python -m celltherapy.notebook_tools students      # solutions -> student versions, executed

Re-executing changes no byte of a notebook whose code and package did not change: no
timing metadata is recorded, widget state is not stored, and the outputs of widget cells
(tagged `nbval-ignore-output`) are cleared, because widget model ids are random.

An answer key's title starts "Answer key:", its student version's "In-class exercise:". The
student version's code cells keep their outputs in the notebook (nbval checks them) but the
book does not show them: a page of "not answered yet" and "0 of 8 tasks done" is no result.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "exercises" / "solutions"
EXERCISES = ROOT / "exercises"
WIDGET_TAG = "nbval-ignore-output"  # live-widget cells (also tagged remove-output)
HIDDEN_IN_BOOK_TAG = "remove-output"
ANSWER_KEY_TITLE = "# Answer key: "
EXERCISE_TITLE = "# In-class exercise: "
SOLUTION_REGION = re.compile(r"^[ \t]*# BEGIN SOLUTION\n.*?^[ \t]*# END SOLUTION\n?", re.M | re.S)
STUDENT_PLACEHOLDER = "answer = ...  # replace ... with your answer\n"
SOLUTION_ONLY_TAG = "solution-only"
RELATIVE_LINK = re.compile(r"\]\(\.\./")


def execute(nb: nbformat.NotebookNode, directory: Path, timeout: int = 300) -> nbformat.NotebookNode:
    """Run every cell in `directory`, then drop what would differ from run to run."""
    import os
    import tempfile

    from nbclient import NotebookClient

    from .checks import ANSWERS_DIR_VARIABLE

    # an exercise restores answers saved earlier; committed outputs are those of a fresh start
    with tempfile.TemporaryDirectory(prefix="answers-") as answers:
        before = os.environ.get(ANSWERS_DIR_VARIABLE)
        os.environ[ANSWERS_DIR_VARIABLE] = answers  # the kernel inherits it
        try:
            NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                           store_widget_state=False,
                           resources={"metadata": {"path": str(directory)}}).execute()
        finally:
            if before is None:
                os.environ.pop(ANSWERS_DIR_VARIABLE)
            else:
                os.environ[ANSWERS_DIR_VARIABLE] = before
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code" and WIDGET_TAG in cell.metadata.get("tags", []):
            cell.outputs = []
    return nb


def execute_file(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.write(execute(nb, path.parent), path)


def student_version(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student notebook: solution regions become placeholders, solution-only cells go,
    outputs are cleared (the caller executes it)."""
    nb = nbformat.from_dict(solution)
    nb.cells = [c for c in nb.cells if SOLUTION_ONLY_TAG not in c.metadata.get("tags", [])]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = SOLUTION_REGION.sub(STUDENT_PLACEHOLDER, cell.source)
            cell.outputs = []
            cell.execution_count = None
            tags = cell.metadata.setdefault("tags", [])
            if HIDDEN_IN_BOOK_TAG not in tags and "remove-cell" not in tags:
                tags.append(HIDDEN_IN_BOOK_TAG)
        else:  # the student version sits one folder up: relative links lose one "../"
            cell.source = RELATIVE_LINK.sub("](", cell.source)
    title = nb.cells[0]
    assert title.source.startswith(ANSWER_KEY_TITLE), f"an answer key's title starts {ANSWER_KEY_TITLE!r}"
    title.source = EXERCISE_TITLE + title.source[len(ANSWER_KEY_TITLE):]
    return nb


def student_path(solution_path: Path) -> Path:
    return EXERCISES / solution_path.name


def write_students(execute_too: bool = True) -> list[Path]:
    written = []
    for solution_path in sorted(SOLUTIONS.glob("*.ipynb")):
        nb = student_version(nbformat.read(solution_path, as_version=4))
        target = student_path(solution_path)
        if execute_too:
            execute(nb, target.parent)
        nbformat.write(nb, target)
        written.append(target)
    return written


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"execute", "students"}:
        print(__doc__)
        return 2
    if argv[0] == "students":
        for path in write_students():
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    for name in argv[1:]:
        execute_file(Path(name))
        print(f"executed {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
