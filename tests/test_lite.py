"""The course in the reader's browser: JupyterLite on Pyodide 0.27.7, offline.

The lite site is built once per run (scripts/lite/lite_site.py, as `make book` does) and served
on loopback; Chromium aborts every request that leaves that origin, as with no network.

- every wheel the site serves matches the locks (and a tampered one is refused);
- every notebook and every student exercise runs top to bottom in Pyodide with no error output:
  Pyodide under Node.js, booted once, runs every code cell of every notebook, loading packages
  the way the browser kernel does (the course kernel's SciPy hook, then the imports each cell
  names), with SciPy hidden from each notebook until that hook loads it; the cells that pre-render
  an in-page explorer's pictures run for a sample of two (they draw the same views as the live
  explorer, many times over, and all of them run natively);
- in the real JupyterLite page, in one tab: an exercise set up without SciPy (the course
  kernel loads it behind the set-up, and it is there once a model needs it), answered, marked
  and saved, the answers file downloaded as a student does (file browser, Download) holding the
  same answers, the tab reloaded, and the saved answers found and restored by the set-up cell;
  then, in that kernel, a live explorer's cell added and its slider, moved with the keyboard back
  and forth many times, redraws the figure and the kernel keeps answering (two kernel starts,
  not three); no request leaves the origin. The time to first output (cold: empty browser
  cache; warm: after a reload) lands in screenshots/lite-timings.txt.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from conftest import EXERCISES, NOTEBOOKS, ROOT, SHOTS, build_once, launch_chromium, shared_folder
from layout import live_regions

sys.path.insert(0, str(ROOT / "scripts" / "lite"))
import course_kernel  # noqa: E402
import lite_site  # noqa: E402

STUDENT_EXERCISES = [p for p in EXERCISES if p.parent.name == "exercises"]
EXPLORER_NOTEBOOK = "notebooks/nk_balance.ipynb"
EXERCISE = "exercises/car_t.ipynb"
# in-page explorer cells (many pictures each) run in Pyodide for a sample: one with a slider on
# one axis (affinity, 13 pictures) and one with two axes (tcell_activation, 7); all of them run
# natively under nbval (budget: these tests take at most 3 minutes)
IN_PAGE_SAMPLE = ("notebooks/affinity.ipynb", "notebooks/tcell_activation.ipynb")
TIMINGS = {}
IDLE = """() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle'; }"""
OUTPUTS = """() => JSON.stringify(window.jupyterapp.shell.currentWidget.content.widgets
  .map(c => c.model.type === 'code' ? c.model.outputs.toJSON() : []))"""
WIDGET_IMAGE = ".jp-OutputArea-output img.widget-image, .jp-OutputArea-output .widget-image img"

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture(scope="session")
def lite(tmp_path_factory) -> Path:
    """The folder served: the lite site in its `lite/` folder, as in the built book. Built once
    per run (tests/conftest.py, `build_once`); pytest-xdist workers share it."""
    shared = shared_folder(tmp_path_factory)
    build_once(shared, "lite-build")
    return shared / "lite-root"


@pytest.fixture(scope="module")
def server(lite):
    """The lite site on loopback (scripts/pdf.py's server, which serves the built book)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import pdf

    with pdf.serve(lite) as base:
        yield base


@pytest.fixture(scope="module", autouse=True)
def keep_timings():
    yield
    if TIMINGS:
        SHOTS.mkdir(exist_ok=True)
        (SHOTS / "lite-timings.txt").write_text(
            "".join(f"{name}: first output after {seconds:.1f} s\n" for name, seconds in sorted(TIMINGS.items())))


# ------------------------------------------------------------------------------- the files

def test_every_served_wheel_matches_the_locks(lite, tmp_path):
    served = lite / lite_site.LITE_DIR / lite_site.PYODIDE_DIR
    checked = lite_site.verify_pyodide_dir(served)
    for wheel in ("numpy-2.0.2", "scipy-1.14.1", "matplotlib-3.8.4", "ipywidgets-8.1.9", "celltherapy-"):
        assert any(name.startswith(wheel) for name in checked), f"{wheel} is not served"
    # the check can fail: a wheel whose bytes differ from the lock is refused
    copy = tmp_path / "pyodide"
    shutil.copytree(served, copy)
    (copy / "six-1.16.0-py2.py3-none-any.whl").write_bytes(b"not the wheel the lock names")
    with pytest.raises(lite_site.BuildError, match="six-1.16.0"):
        lite_site.verify_pyodide_dir(copy)


# --------------------------------------------------------------------------- SciPy on demand

SCIPY_HIDDEN = """
import importlib, io, json, pkgutil, sys
from contextlib import redirect_stdout

class NoScipy:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "scipy":
            raise ModuleNotFoundError(name)

sys.meta_path.insert(0, NoScipy())
at_import = set(json.loads(sys.argv[1]))
import celltherapy
failed = []
for info in pkgutil.walk_packages(celltherapy.__path__, "celltherapy."):
    if info.name in at_import or info.name == "celltherapy.notebook_tools":  # (the desktop's tools)
        continue
    try:
        module = importlib.import_module(info.name)
        if info.name.startswith("celltherapy.exercises.") and hasattr(module, "start"):
            with redirect_stdout(io.StringIO()):
                module.start()
    except Exception as error:
        failed.append(f"{info.name}: {type(error).__name__}: {error}")
print(json.dumps(failed))
"""


def test_course_modules_outside_at_import_import_and_start_without_scipy(tmp_path):
    """The browser kernel runs a cell without SciPy when the cell's course modules are outside
    `at_import` and it only imports them and starts exercises (course_kernel.py): so each such
    module must import, and each such exercise start, with SciPy absent."""
    at_import = lite_site.scipy_users()["at_import"]
    result = subprocess.run([sys.executable, "-c", SCIPY_HIDDEN, json.dumps(at_import)], capture_output=True,
                            text=True, cwd=tmp_path, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.splitlines()[-1]) == []


def test_scipy_users_are_read_from_the_sources():
    users = lite_site.scipy_users()
    # ode imports SciPy inside a function, cartmath imports ode, the car_t exercise imports cartmath
    assert {"celltherapy.ode", "celltherapy.cartmath", "celltherapy.exercises.car_t"} <= set(users["uses"])
    assert "celltherapy.ode" not in users["at_import"] and "celltherapy.survival_plateau" in users["at_import"]
    assert "celltherapy.nk_balance" not in users["uses"] and "scipy.optimize" in users["scipy"]


@pytest.mark.parametrize("code, imported, expected", [
    ("print(1)", True, "before"),  # after the course package: every cell, a function may need it
    ("import scipy.stats", False, "before"),
    ("from celltherapy.nk_balance import explore_synapse\n\n_ = explore_synapse()", False, "after"),
    ("from celltherapy import cartmath\ncartmath.describe()", False, "before"),
    ("from celltherapy import car_kinetics, cartmath\nfrom celltherapy.exercises import car_t\n\ncar_t.start()",
     False, "after"),  # an exercise's set-up runs no model
    ("from celltherapy.exercises import clinical\nclinical.start()", False, "before"),  # fits at import
    ("import sys\nif 'google.colab' in sys.modules:\n    %pip install celltherapy", False, None),
    ("from celltherapy.exercises import car_t\ncar_t.check('dose', 3)", False, "before"),
    ("def broken(:", False, None),
])
def test_the_kernel_loads_scipy_before_a_cell_that_may_need_it(code, imported, expected):
    users = lite_site.scipy_users()
    assert course_kernel.when_scipy(code, imported, set(users["uses"]), set(users["at_import"])) == expected


def test_every_notebook_and_exercise_runs_in_pyodide(lite):
    paths = [str(p.relative_to(ROOT)) for p in NOTEBOOKS + STUDENT_EXERCISES]
    result = subprocess.run(["node", str(ROOT / "scripts" / "lite" / "run_notebooks.mjs"),
                             str(lite / lite_site.LITE_DIR / lite_site.PYODIDE_DIR), *paths],
                            capture_output=True, text=True, timeout=900, cwd=ROOT,
                            env={**os.environ, "IN_PAGE_ONLY": ",".join(IN_PAGE_SAMPLE)})
    assert result.returncode == 0, result.stderr[-3000:]
    reports = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    ran = {r["notebook"]: r for r in reports if "notebook" in r}
    assert sorted(ran) == sorted(paths), f"not run: {set(paths) - set(ran)}"
    failures = {name: r["errors"] for name, r in ran.items() if r["errors"]}
    assert not failures, json.dumps(failures, indent=1)[:6000]
    (bytecode,) = [r for r in reports if "bytecode" in r]
    # IPython, NumPy, SciPy, Matplotlib..., and the standard library's modules they import
    assert bytecode["bytecode"] > 500 and bytecode["stdlib"] > 200 and not bytecode["stale"], bytecode


# --------------------------------------------------------------------------- the real page

def offline_page(browser, server):
    """A new browser context (empty cache and storage) in which only the site answers."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.external, context.errors = [], []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server)
                  else (context.external.append(route.request.url), route.abort()))
    page = context.new_page()
    page.on("pageerror", lambda e: context.errors.append(str(e)))
    return context, page


def open_notebook(page, server, path):
    page.goto(f"{server}/{lite_site.LITE_APP}?path={path}", wait_until="domcontentloaded")
    page.wait_for_function("""(path) => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
        return !!w && !!w.context && w.context.path === path && !!w.content && w.content.widgets.length > 0; }""",
                           arg=path, timeout=120000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.wait_for_function(IDLE, timeout=180000)  # the kernel has started (Pyodide loaded)


def run_cell(page, index: int):
    page.evaluate("""(i) => { window.jupyterapp.shell.currentWidget.content.activeCellIndex = i;
        window.jupyterapp.commands.execute('notebook:run-cell'); }""", index)


def wait_for_output(page, index: int, text: str, timeout=180000):
    page.wait_for_function("""([i, text]) => JSON.stringify(window.jupyterapp.shell.currentWidget.content
        .widgets[i].model.outputs.toJSON()).includes(text)""", arg=[index, text], timeout=timeout)


def error_outputs(page) -> list:
    outputs = json.loads(page.evaluate(OUTPUTS))
    return [o for cell in outputs for o in cell if o.get("output_type") == "error"
            or o.get("name") == "stderr"]


def cell_index(path: str, needle: str) -> int:
    notebook = nbformat.read(ROOT / path, as_version=4)
    return next(i for i, c in enumerate(notebook.cells) if c.cell_type == "code" and needle in c.source)


def open_and_run(page, server, path: str, needle: str) -> int:
    """Open `path` in the lite site and run its code cell holding `needle`; that cell's index."""
    open_notebook(page, server, path)
    index = cell_index(path, needle)
    run_cell(page, index)
    return index


def test_exercise_saved_and_restored_and_an_explorer_moved_in_the_real_page(browser, server):
    """One tab, two kernel starts (each loads Pyodide and its packages, half a minute): an
    exercise answered, marked and saved; the tab loaded again and the answers restored; then, in
    that kernel, the explorer cell of EXPLORER_NOTEBOOK added and its slider moved."""
    context, page = offline_page(browser, server)
    start = time.perf_counter()
    setup = open_and_run(page, server, EXERCISE, ".start()")
    page.wait_for_function("""(i) => window.jupyterapp.shell.currentWidget.content.widgets[i].model.outputs.length > 0""",
                           arg=setup, timeout=180000)
    TIMINGS[f"{EXERCISE}, cold"] = time.perf_counter() - start
    # the course kernel: the set-up ran without SciPy, and it is there once a model needs it
    assert run_in_kernel(page, SCIPY_PROBE).split() == ["False", "True"]
    task = cell_index(EXERCISE, "answer = ...")
    solution = nbformat.read(ROOT / "exercises" / "solutions" / Path(EXERCISE).name, as_version=4)
    solved = next(c.source for c in solution.cells if "# BEGIN SOLUTION" in c.source)
    solved = "\n".join(line for line in solved.splitlines() if "SOLUTION" not in line)
    set_source(page, task, solved)
    run_cell(page, task)
    wait_for_output(page, task, "Correct")
    summary = cell_index(EXERCISE, ".summary()")
    run_cell(page, summary)
    wait_for_output(page, summary, "1 of")
    save = cell_index(EXERCISE, ".save()")
    run_cell(page, save)
    page.wait_for_function("(i) => window.jupyterapp.shell.currentWidget.content.widgets[i].model.outputs.length > 0",
                           arg=save, timeout=60000)
    page.wait_for_function(IDLE, timeout=60000)
    saved = page.evaluate("""async () => await window.jupyterapp.serviceManager.contents
        .get('exercises/car_t_answers.json', {content: true})""")
    # the kernel writes files as bytes: JupyterLite keeps them base64-encoded
    text = base64.b64decode(saved["content"]).decode() if saved["format"] == "base64" else json.dumps(saved["content"])
    assert json.loads(text)["tasks"]["recognition"]["status"] == "correct", text
    # what the student keeps: the file downloaded from the file browser holds the same answers
    assert json.loads(downloaded(page, "exercises/car_t_answers.json")) == json.loads(text)
    assert not error_outputs(page), error_outputs(page)

    # the tab loaded again (same browser, its cache and storage kept): the set-up cell finds the
    # answers. (The same address, not page.reload(): JupyterLite drops ?path= from the address.)
    page.evaluate("() => window.jupyterapp.shell.currentWidget.context.model.dirty = false")
    start = time.perf_counter()
    open_notebook(page, server, EXERCISE)
    run_cell(page, setup)
    wait_for_output(page, setup, "restored")
    TIMINGS[f"{EXERCISE}, warm (reloaded)"] = time.perf_counter() - start
    outputs = page.evaluate(OUTPUTS)
    page.screenshot(path=str(_shot("lite-exercise-reloaded.png")))
    assert "car_t_answers.json" in outputs and "1 correct" in outputs, outputs[:2000]

    explorer_redraws_as_its_slider_moves(page)
    assert not error_outputs(page), error_outputs(page)
    assert not context.errors, context.errors
    assert not context.external, f"requests left the site: {context.external[:5]}"
    context.close()


SCIPY_PROBE = """import sys
from celltherapy import ode
imported_by_the_set_up = "scipy" in sys.modules
ode._scipy_routines()  # what a model's first solve imports
print(imported_by_the_set_up, "scipy" in sys.modules)"""


def run_in_kernel(page, code: str) -> str:
    """What `code`, run in the open notebook's kernel as a cell is, prints (or its error)."""
    return page.evaluate("""async (code) => {
        const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
        let text = '';
        const future = kernel.requestExecute({code});
        future.onIOPub = (m) => { if (m.header.msg_type === 'stream') text += m.content.text;
            if (m.header.msg_type === 'error') text += m.content.ename + ': ' + m.content.evalue; };
        await future.done;
        return text; }""", code)


def downloaded(page, path: str) -> bytes:
    """The file as a student downloads it (how-to-use.md): selected in the file browser, then
    its Download command."""
    with page.expect_download(timeout=30000) as download:
        page.evaluate("""async (path) => {
            await window.jupyterapp.commands.execute('filebrowser:go-to-path', {path});
            await window.jupyterapp.commands.execute('filebrowser:download'); }""", path)
    return Path(download.value.path()).read_bytes()


def set_source(page, index: int, source: str):
    page.evaluate("""([i, source]) => window.jupyterapp.shell.currentWidget.content.widgets[i]
        .model.sharedModel.setSource(source)""", [index, source])


def explorer_redraws_as_its_slider_moves(page):
    """EXPLORER_NOTEBOOK's live explorer cell, added at the end of the open notebook and run; its
    slider moved back and forth 13 times with the keyboard: the figure redraws, and the kernel
    keeps answering, and its summary is in a polite live region."""
    notebook = nbformat.read(ROOT / EXPLORER_NOTEBOOK, as_version=4)
    source = notebook.cells[cell_index(EXPLORER_NOTEBOOK, "_ = explore_")].source
    last = page.evaluate("""(source) => { const notebook = window.jupyterapp.shell.currentWidget.content;
        notebook.model.sharedModel.insertCell(notebook.widgets.length, {cell_type: 'code', source: source});
        return notebook.widgets.length - 1; }""", source)
    run_cell(page, last)
    image = page.wait_for_selector(WIDGET_IMAGE, timeout=180000)
    page.wait_for_function(IDLE, timeout=60000)
    first = image.get_attribute("src")
    handle = page.wait_for_selector(".widget-slider .noUi-handle", timeout=30000)
    handle.scroll_into_view_if_needed()
    readout = page.inner_text(".widget-slider .widget-readout")
    seen = {first}
    # 13 moves with the slider's own keys, the arrows among them (the site gives them to a focused
    # slider, not to the notebook). The slider starts inside its range and ends at its top.
    handle.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("([s, old]) => document.querySelector(s).innerText !== old",
                           arg=[".widget-slider .widget-readout", readout], timeout=5000)
    for key in ["End", "ArrowLeft"] + ["PageDown"] * 3 + ["Home", "ArrowUp"] + ["PageUp"] * 4 + ["End"]:
        handle.focus()
        page.keyboard.press(key)
        page.wait_for_timeout(40)
        seen.add(page.eval_on_selector(WIDGET_IMAGE, "e => e.src"))
    # after all the moves the kernel still answers: the figure settles on the last position
    page.wait_for_function(IDLE, timeout=60000)
    page.wait_for_timeout(500)
    page.wait_for_function(IDLE, timeout=60000)
    settled = page.eval_on_selector(WIDGET_IMAGE, "e => e.src")
    moved = page.inner_text(".widget-slider .widget-readout")
    page.screenshot(path=str(_shot("lite-explorer.png")))
    assert moved != readout, f"the slider did not move from {readout}"
    assert settled != first, f"the figure did not change after the slider moved from {readout} to {moved}"
    assert len(seen) > 3, f"only {len(seen)} different figures over 13 moves"
    # the summary is there for screen readers too: one polite live region, saying it in words
    regions = live_regions(page, within=".jp-OutputArea-output:has(.explorer-summary)")
    spoken = page.inner_text(".jp-OutputArea-output .explorer-summary")
    assert [r["live"] for r in regions] == ["polite"] and len(spoken) > 30, (regions, spoken)
    print(f"slider {readout} → {moved}, {len(seen)} different figures seen")


def _shot(name: str) -> Path:
    SHOTS.mkdir(exist_ok=True)
    return SHOTS / name


def test_run_in_your_browser_on_every_notebook_and_exercise_page(built_book, lite):
    """The book's launch button opens each page's own notebook in the lite site (and solutions,
    which the site leaves out, have none); the link is all a page has of the site."""
    import re

    served = {str(p) for p in lite_site.lite_notebooks()}
    assert len(served) == len(NOTEBOOKS) + len(STUDENT_EXERCISES)
    for page in sorted(built_book.glob("**/*.html")):
        name = page.relative_to(built_book).with_suffix(".ipynb").as_posix()
        links = re.findall(r'href="([^"]*lite/lab/index\.html\?path=[^"]*)"', page.read_text())
        if name in served:
            assert links == [f"{'../' * name.count('/')}{lite_site.LITE_APP}?path={name}"], (name, links)
            assert (lite / lite_site.LITE_DIR / "files" / name).exists(), name
        else:
            assert not links, f"{name} links to the lite site: {links}"


def test_served_notebooks_hold_each_text_as_one_string():
    """JupyterLite shows a text stored as a list of lines with a comma at the start of each line."""
    served = json.loads(lite_site.for_lite((ROOT / EXERCISE).read_text()))
    assert served["metadata"]["kernelspec"] == lite_site.KERNELSPEC
    texts = [c["source"] for c in served["cells"]] + [
        value for c in served["cells"] for o in c.get("outputs", [])
        for value in [o.get("text", "")] + list(o.get("data", {}).values())]
    assert texts and all(isinstance(t, (str, dict)) for t in texts), [t for t in texts if isinstance(t, list)][:2]
    assert any("\n" in t for t in texts if isinstance(t, str))
