"""The Binder experience: JupyterLab from the pinned requirements, driven in Chromium.

JupyterLab serves a copy of the notebooks and exercises on loopback (a copy, so autosave can
never touch the committed files); the app is loaded once (these tests stay together on one
worker) and each notebook is opened in it: open it and run its live explorer's cell on its own
(a notebook without one: all its cells), find no error output, move the explorer's first control
and see the figure redraw (sliders with the arrow keys; explorers made only of menus by choosing
another option, because JupyterLab's command mode takes the arrow keys from a focused menu), and
the explorer's one polite live region say the new summary, once.
For an exercise: run the whole student version, see "not answered yet", answer the first task
and see it marked. The time from opening a notebook to its first figure is printed (pytest -s
shows it) and kept in screenshots/lab-timings.txt.

Which notebooks: every live explorer is built by the one `celltherapy.widgets.explore`, so what
JupyterLab renders differs only by the kinds of controls; one notebook for each combination of
kinds (`by_kind_of_controls`), and one without a live explorer. Every explorer's Python side is
swept at every slider position and at random joint settings (tests/test_widgets.py,
tests/test_joint_sweep.py), and every cell of every notebook, live explorer cells included, runs
under strict nbval. Likewise every exercise is the one `Exercise` class, whose answer checks are
tested task by task (tests/test_checks.py) and whose student versions all run under nbval: here
one whose first answer is a word and one whose first answer is computed.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from celltherapy.checks import ANSWERS_DIR_VARIABLE
from conftest import BIN, EXERCISES, NOTEBOOKS, ROOT, SHOTS
from layout import live_regions

TOKEN = "course-test-token"
IDLE = """() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle'; }"""
RUNNING = "() => [...document.querySelectorAll('.jp-InputPrompt')].some(p => p.textContent.includes('*'))"
WIDGET_IMAGE = ".jp-OutputArea-output img.widget-image, .jp-OutputArea-output .widget-image img"
SUMMARY = ".jp-OutputArea-output .explorer-summary"
COUNT_CHANGES = """region => { window.summaryChanges = 0; new MutationObserver(() => window.summaryChanges++)
  .observe(region, {childList: true, characterData: true, subtree: true}); }"""
STUDENT_EXERCISES = [p for p in EXERCISES if p.parent.name == "exercises"]
EXERCISE_SAMPLE = [p for p in STUDENT_EXERCISES if p.name in ("car_t.ipynb", "crs.ipynb")]
TIMINGS = {}

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    for folder in ("notebooks", "exercises", "book"):
        shutil.copytree(ROOT / folder, root / folder)
    port = free_port()
    home = tmp_path_factory.mktemp("home")
    # as on Binder: exercises save answers next to their notebooks (in the copy), not in a test folder
    env = {k: v for k, v in os.environ.items() if k != ANSWERS_DIR_VARIABLE}
    env |= {"JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces")}
    command = [str(BIN / "jupyter"), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
               f"--ServerApp.token={TOKEN}", f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
               "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = open(home / "lab.log", "w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2):
                break
        except OSError:
            if time.time() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail(f"JupyterLab did not start: {(home / 'lab.log').read_text()[-2000:]}")
            time.sleep(0.5)
    yield base
    server.terminate()
    server.wait(timeout=30)
    log.close()
    SHOTS.mkdir(exist_ok=True)
    (SHOTS / "lab-timings.txt").write_text(
        "".join(f"{name}: first figure after {seconds:.1f} s\n" for name, seconds in sorted(TIMINGS.items())))


@pytest.fixture(scope="module")
def lab_page(browser, lab):
    """One JupyterLab page for the whole module: loading the app costs seconds of processor time,
    so each test opens its notebook in the running app instead of loading the app again."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(f"{lab}/lab?token={TOKEN}&reset", wait_until="domcontentloaded")
    page.wait_for_function("() => !!(window.jupyterapp && window.jupyterapp.shell)", timeout=90000)
    page.wait_for_selector(".jp-LabShell", timeout=90000)
    yield page
    page.close()


def open_and_run(page, relative: str, only_cell: int | None = None):
    """Open a notebook in the running JupyterLab, run every cell (or only the one given), return
    the start time."""
    page.errors.clear()
    start = time.perf_counter()
    page.evaluate("(path) => { window.jupyterapp.commands.execute('docmanager:open', {path}); }", relative)
    page.wait_for_function("""(path) => { const w = window.jupyterapp.shell.currentWidget;
        return !!w && !!w.context && w.context.path === path && !!w.content && w.content.widgets.length > 0; }""",
                           arg=relative, timeout=90000)
    page.wait_for_function(IDLE, timeout=90000)
    if only_cell is None:
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    else:
        page.evaluate("""(i) => { window.jupyterapp.shell.currentWidget.content.activeCellIndex = i;
            window.jupyterapp.commands.execute('notebook:run-cell'); }""", only_cell)
    return start


def wait_until_done(page):
    page.wait_for_timeout(500)
    page.wait_for_function(f"() => !({RUNNING})()", timeout=180000)
    page.wait_for_function(IDLE, timeout=180000)


def error_outputs(page) -> list[str]:
    texts = page.eval_on_selector_all(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']", "els => els.map(e => e.innerText)")
    return [t for t in texts if re.search(r"Traceback|Error", t)]


def shut_down(page):
    """Stop the notebook's kernel and close it unsaved, so the next test starts from a clean app
    (the notebooks are copies; nothing is written back)."""
    page.evaluate("""async () => {
        const app = window.jupyterapp, w = app.shell.currentWidget;
        await app.serviceManager.sessions.shutdownAll();
        if (w) { w.context.model.dirty = false; w.dispose(); } }""")


def live_explorer_cell(path: Path) -> int | None:
    nb = nbformat.read(path, as_version=4)
    return next((i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "_ = explore_" in c.source), None)


def kinds_of_controls(path: Path) -> tuple:
    """The kinds of controls of a notebook's live explorer (menu, slider, log slider), or ()."""
    import importlib

    cell = live_explorer_cell(path)
    if cell is None:
        return ()
    source = nbformat.read(path, as_version=4).cells[cell].source
    module = importlib.import_module(re.search(r"from (celltherapy\.\w+) import", source).group(1))
    return tuple(sorted({"menu" if p.is_choice else "log slider" if p.log else "slider" for p in module.EXPLORER[1]}))


def by_kind_of_controls(notebooks: list[Path]) -> list[Path]:
    """The first notebook of each combination of kinds of controls (and of none)."""
    first = {}
    for path in notebooks:
        first.setdefault(kinds_of_controls(path), path)
    return list(first.values())


@pytest.mark.parametrize("path", by_kind_of_controls(NOTEBOOKS), ids=lambda p: p.name)
def test_notebook_runs_and_its_explorer_responds(lab_page, path):
    relative = str(path.relative_to(ROOT))
    page = lab_page
    # the live explorer's cell on its own, as a student who opens the notebook and goes straight to
    # the sliders would (every cell imports what it uses); every cell's output is already checked
    # by nbval, so the rest is not run again
    start = open_and_run(page, relative, only_cell=live_explorer_cell(path))
    page.wait_for_selector(".jp-OutputArea-output img", timeout=120000)
    TIMINGS[relative] = time.perf_counter() - start
    print(f"\n{relative}: first figure after {TIMINGS[relative]:.1f} s")
    wait_until_done(page)
    assert not error_outputs(page), error_outputs(page)
    if live_explorer_cell(path) is not None:
        image = page.wait_for_selector(WIDGET_IMAGE, timeout=60000)
        before = image.get_attribute("src")
        summary = page.wait_for_selector(SUMMARY, timeout=30000)
        said = summary.text_content()
        regions = live_regions(page, within=".jp-OutputArea-output:has(.explorer-summary)")
        summary.evaluate(COUNT_CHANGES)
        slider = page.query_selector(".widget-slider .noUi-handle")
        if slider:  # sliders are keyboard-operable: focus the handle, press an arrow key
            slider.scroll_into_view_if_needed()
            slider.focus()
            page.keyboard.press("ArrowRight")
        else:  # menus only: JupyterLab's command mode keeps the arrow keys, so choose an option
            menu = page.query_selector(".widget-dropdown select")
            assert menu is not None, "no slider or menu found"
            options = menu.evaluate("e => [...e.options].map(o => o.value)")
            menu.select_option(options[1])
        page.wait_for_function("([s, old]) => { const e = document.querySelector(s); return e && e.src !== old; }",
                               arg=[WIDGET_IMAGE, before], timeout=30000)
        page.wait_for_function("() => window.summaryChanges > 0", timeout=30000)
        page.wait_for_timeout(300)  # time for a second, unwanted change to show
        # screen readers: one polite live region (Chromium's accessibility tree), which the move
        # changed once (to the same words if the summary did not change: the move is heard)
        assert [r["live"] for r in regions] == ["polite"], regions
        assert page.evaluate("window.summaryChanges") == 1, "one move should change the spoken summary once"
        assert len(said) > 30 and len(summary.text_content()) > 30, (said, summary.text_content())
    assert not page.errors, page.errors
    shut_down(page)


def first_solved_task(student: Path) -> str:
    """The first task cell as the solution fills it in (markers removed)."""
    solution = nbformat.read(student.parent / "solutions" / student.name, as_version=4)
    cell = next(c for c in solution.cells if "# BEGIN SOLUTION" in c.source)
    return "\n".join(line for line in cell.source.splitlines() if "SOLUTION" not in line)


def test_the_sample_holds_menus_sliders_log_sliders_and_a_notebook_without_explorer():
    sample = {kinds_of_controls(p) for p in by_kind_of_controls(NOTEBOOKS)}
    assert {"menu", "slider", "log slider"} <= {kind for kinds in sample for kind in kinds} and () in sample


@pytest.mark.parametrize("path", EXERCISE_SAMPLE, ids=lambda p: p.name)
def test_exercise_gives_feedback(lab_page, path):
    page = lab_page
    open_and_run(page, str(path.relative_to(ROOT)))
    wait_until_done(page)
    assert not error_outputs(page), error_outputs(page)
    # read outputs from the notebook model: JupyterLab only renders the cells in view
    outputs = page.evaluate("""() => JSON.stringify(window.jupyterapp.shell.currentWidget.content.widgets
        .map(c => c.model.type === 'code' ? c.model.outputs.toJSON() : []))""")
    assert "Not answered yet" in outputs and "0 of" in outputs
    index = page.evaluate("""(source) => {
        const nb = window.jupyterapp.shell.currentWidget.content;
        const i = nb.widgets.findIndex(c => c.model.type === 'code' && c.model.sharedModel.getSource().includes('answer = ...'));
        nb.widgets[i].model.sharedModel.setSource(source);
        nb.activeCellIndex = i;
        return i; }""", first_solved_task(path))
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-cell')")
    page.wait_for_function("""(i) => { const nb = window.jupyterapp.shell.currentWidget.content;
        return JSON.stringify(nb.widgets[i].model.outputs.toJSON()).includes('Correct'); }""", arg=index, timeout=60000)
    assert not page.errors, page.errors
    shut_down(page)
