"""The course's addition to the browser kernel: SciPy is loaded when a cell may need it, not before.

JupyterLite's Pyodide kernel loads, before each cell, the packages that the cell's imports name,
and for the course package that means everything it depends on. SciPy is the heaviest of them
(110 WebAssembly libraries, about 1.7 s of a start), and many notebooks never use it. So the
site's lock leaves SciPy out of the course package's dependencies (lite_site.py), and this hook
loads it, with its compiled modules, before a cell that may need it:

- a cell that imports SciPy itself;
- a cell that imports a course module which uses SciPy as it is imported (`at_import`);
- a cell that imports a course module which uses SciPy anywhere (`uses`) and does more than
  import modules and start an exercise (an exercise's set-up cell runs no model);
- every cell after the course package has been imported, since a function called later may
  need SciPy.

When a cell imports the course package without needing SciPy (an explorer, an exercise being
set up), SciPy starts loading as soon as that cell has run, while the student reads. The two
sets of course modules are found in the package's sources when the site is built
(`lite_site.scipy_users`, shipped as scipy_users.json). tests/test_lite.py runs every notebook
and exercise with SciPy hidden until this hook loads it.

IPython runs `install` when the kernel starts (PYTHONSTARTUP, set in the site's jupyter-lite.json).
"""

from __future__ import annotations

import ast
import asyncio
import json
import sys
from pathlib import Path

COURSE = "celltherapy"


def imported_modules(tree: ast.AST) -> set[str]:
    """Every module an import in `tree` may run, parent packages included (`from a import b`
    runs `a` and, if it is a module, `a.b`)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {".".join(name.split(".")[:depth]) for name in names for depth in range(1, name.count(".") + 2)}


def only_sets_up(tree: ast.Module) -> bool:
    """The cell only imports modules and starts exercises (`name.start()`): it runs no model."""
    def sets_up(statement):
        if isinstance(statement, (ast.Import, ast.ImportFrom, ast.Pass)):
            return True
        call = statement.value if isinstance(statement, ast.Expr) else None
        return (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                and call.func.attr == "start" and not call.args and not call.keywords)
    return all(sets_up(statement) for statement in tree.body)


def when_scipy(code: str, course_imported: bool, uses: set[str], at_import: set[str]) -> str | None:
    """"before" the cell runs, "after" it (it imports the course package and needs no SciPy),
    or None (neither)."""
    if course_imported:
        return "before"
    from IPython.core.inputtransformer2 import TransformerManager

    try:  # the cell as Python (IPython's magics turned into calls)
        tree = ast.parse(TransformerManager().transform_cell(code))
    except (SyntaxError, ValueError):
        return None  # it will not run: the kernel reports the error
    modules = imported_modules(tree)
    course = {name for name in modules if name.split(".")[0] == COURSE}
    if "scipy" in modules or course & at_import or (course & uses and not only_sets_up(tree)):
        return "before"
    return "after" if course else None


class ScipyOnDemand:
    """Loads SciPy (with `load`, a coroutine function taking the package names) before the cells
    that may need it, or in the background after a cell that imports the course without it."""

    def __init__(self, load):
        self._load = load
        self._loading = None  # the load, once started
        self._start_after_cell = False
        # SciPy and its compiled modules, as the site's lock names them, and the course's SciPy users
        found = json.loads(Path(__file__).with_name("scipy_users.json").read_text())
        self.packages, self.uses, self.at_import = found["load"], set(found["uses"]), set(found["at_import"])

    def _start(self):
        if self._loading is None:
            self._loading = asyncio.ensure_future(self._load(self.packages))
        return self._loading

    async def before_cell(self, code: str) -> None:
        when = when_scipy(code, COURSE in sys.modules, self.uses, self.at_import)
        if when == "before":
            try:
                await self._start()
            except Exception as error:  # the cell itself then says what is missing
                self._loading = None  # try again before the next cell
                print(f"SciPy could not be loaded in your browser ({error}); reload the page to try again.",
                      file=sys.stderr)
        self._start_after_cell = when == "after"

    def after_cell(self, result=None) -> None:
        """IPython's post_run_cell event: the background load starts once the cell has run."""
        if self._start_after_cell:
            self._start_after_cell = False
            self._start()


async def _load_from_the_site(names):
    import pyodide_js

    await pyodide_js.loadPackage(names)


def install(shell) -> ScipyOnDemand:
    """Hooks the loading into the Pyodide kernel: before every cell (its cell transformers, which
    run before the kernel loads a cell's packages) and after it (IPython's event)."""
    hook = ScipyOnDemand(_load_from_the_site)

    async def before(lines):
        await hook.before_cell("".join(lines))
        return lines

    shell.kernel.lite_transform_manager.cleanup_transforms.insert(0, before)
    shell.events.register("post_run_cell", hook.after_cell)
    return hook
