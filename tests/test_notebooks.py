"""Notebooks as the design card wants them: thin, captioned, deterministic.

Strict nbval (configured in pyproject.toml) executes each notebook and compares its text
outputs exactly and its pictures as pictures; these tests add what nbval cannot see."""

from __future__ import annotations

import ast
import builtins
import re

import nbformat
import pytest
import yaml

from celltherapy.notebook_tools import WIDGET_TAG
from conftest import ALL_NOTEBOOKS, NOTEBOOKS, ROOT

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())


def name(path):
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=name)
def test_committed_notebook_holds_only_what_re_execution_reproduces(path):
    """Strict nbval re-executes every notebook and compares its text exactly and its pictures as
    pictures (tests/notebook_checks.py); what it cannot see must not be there: timing metadata,
    widget state (random model ids), outputs of live-widget cells, unexecuted code cells."""
    nb = nbformat.read(path, as_version=4)
    assert "widgets" not in nb.metadata, f"{name(path)} stores widget state: run `make notebooks`"
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        assert "execution" not in cell.metadata, f"{name(path)} cell {index} has timing metadata"
        if WIDGET_TAG in cell.metadata.get("tags", []):
            assert not cell.outputs, f"{name(path)} cell {index}: a live widget's output is committed"
        elif "remove-cell" not in cell.metadata.get("tags", []):
            assert cell.execution_count is not None, f"{name(path)} cell {index} was never run"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=name)
def test_every_figure_has_caption_and_alt_text(path):
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        shows_image = any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))
        if not shows_image or WIDGET_TAG in cell.metadata.get("tags", []):
            continue
        options = cell.metadata.get("mystnb", {})
        if "print-only" in cell.metadata.get("tags", []):
            # the printed copy of a figure whose in-page explorer, the next cell, is the figure on
            # screen: same caption, and the name (the number) on the explorer only
            explorer = nb.cells[index + 1]
            assert "in_page_explorer(" in explorer.source, f"{name(path)} cell {index}: print-only alone"
            assert explorer.metadata["mystnb"]["figure"]["caption"] == options["figure"]["caption"]
            assert "name" in explorer.metadata["mystnb"]["figure"] and "name" not in options["figure"]
        caption = options.get("figure", {}).get("caption", "")
        alt = options.get("image", {}).get("alt", "")
        assert len(caption) > 30, f"{name(path)} cell {index}: figure without a caption"
        assert len(alt) > 60, f"{name(path)} cell {index}: figure without meaningful alt text"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=name)
def test_widget_cells_follow_the_pattern(path):
    nb = nbformat.read(path, as_version=4)
    widget_cells = [c for c in nb.cells if c.cell_type == "code" and re.search(r"^_ = explore_", c.source, re.M)]
    for cell in widget_cells:
        assert re.fullmatch(r"from celltherapy\.\w+ import (explore_\w+)\n\n_ = \1\(\)", cell.source.strip()), cell.source
        # hidden in the book (the page says how to get the live version), kept in the notebook
        assert {"remove-cell", "remove-output", "nbval-ignore-output"} <= set(cell.metadata.get("tags", []))
        assert not cell.outputs


def names_used_but_not_made(source: str) -> set[str]:
    """Names a cell reads that it neither imports nor assigns itself (nor are built in)."""
    tree = ast.parse(source)
    read, made = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else made).add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            made |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ExceptHandler) and node.name:
            made.add(node.name)
        elif isinstance(node, ast.arg):
            made.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            made.add(node.name)
    return read - made - set(dir(builtins))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=name)
def test_every_cell_works_whatever_ran_before_it(path):
    """A student runs cells in any order (or one cell after a restart): each code cell imports
    what it uses, so none depends on another cell having run."""
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            python = re.sub(r"^(\s*)[%!].*$", r"\1pass", cell.source, flags=re.M)  # IPython magics
            missing = names_used_but_not_made(python)
            assert not missing, f"{name(path)} cell {index} uses {sorted(missing)} from another cell"


def test_the_stand_alone_check_sees_a_name_from_another_cell():
    assert names_used_but_not_made("from celltherapy.cartmath import simulate\nprint(simulate(1e5), describe())") == {"describe"}
    assert not names_used_but_not_made("try:\n    f = 1\nexcept ValueError as problem:\n    print(problem, f)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=name)
def test_notebook_is_thin_and_prints_key_numbers(path):
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert not re.search(r"^\s*(def|class) ", code, re.M), f"{name(path)} defines model code; move it to the package"
    streams = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "stream"]
    assert streams, f"{name(path)} prints no key numbers"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=name)
def test_colab_setup_installs_from_the_configured_repository(path):
    nb = nbformat.read(path, as_version=4)
    setup = [c for c in nb.cells if "google.colab" in c.source]
    assert len(setup) == 1, f"{name(path)} needs one Colab set-up cell"
    assert f"git+{CONFIG['repository']['url']}" in setup[0].source
    assert "remove-cell" in setup[0].metadata.get("tags", [])
