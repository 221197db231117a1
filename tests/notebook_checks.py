"""What strict nbval needs on top, as a pytest plugin (loaded with `-p notebook_checks`, see
pyproject.toml):

- pictures compared as pictures: nbval compares a cell's text; this compares its pictures,
  decoded, within the tolerance of `pictures.py`. nbval itself skips PNG outputs, and the
  sanitiser (tests/nbval_sanitize.cfg) replaces pictures embedded in HTML (the in-page
  explorers' frames) by a placeholder, so the HTML around them, alt texts included, is still
  compared exactly;
- a fresh, empty answers folder for every notebook's kernel, so that an answers file left by a
  student, an earlier run or another notebook of the same exercise cannot change what an
  exercise prints when it starts;
- every notebook's kernel on the other numeric path (`OTHER_PATH`): the committed outputs were
  made on the author's machine, and must hold where the arithmetic differs in the last bits.
  OpenBLAS picks a kernel for the CPU it finds, and `OPENBLAS_CORETYPE` forces another one
  (`Prescott`, plain SSE3, a path no modern default takes; some machines set it in their
  environment, which is one way committed outputs and a second machine come to disagree). So
  strict nbval, run once per notebook, is also the proof of portability: whatever this machine's
  environment says, the kernels take the other path (and the check after each kernel starts
  fails the notebook if a kernel did not). tests/test_portability.py shows the other path really
  changes the plotted numbers;
- each notebook's cells together on one pytest-xdist worker, in order (`NotebooksTogether`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from celltherapy.checks import ANSWERS_DIR_VARIABLE
from pictures import difference, pictures_in


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After strict nbval has compared a cell's text (pictures embedded in HTML sanitised, PNG
    outputs skipped by nbval itself), compare its pictures as pictures: another processor draws
    the same figure with a pixel here and there moved, and that must not fail a test."""
    result = yield
    if _is_checked_notebook_cell(item):
        committed, fresh = pictures_in(item.cell.outputs), pictures_in(item.test_outputs or [])
        assert len(committed) == len(fresh), (
            f"Cell {item.cell_num} shows {len(fresh)} pictures; the committed notebook has {len(committed)}")
        for number, (old, new) in enumerate(zip(committed, fresh), 1):
            problem = difference(old, new)
            assert problem is None, (f"Cell {item.cell_num}, picture {number} of {len(fresh)} is not the "
                                     f"committed picture: {problem}. Run `make notebooks` if the change is meant.")
    return result


def _is_checked_notebook_cell(item) -> bool:
    from nbval.plugin import IPyNbCell

    return (isinstance(item, IPyNbCell) and item.options.get("check")
            and item.cell.execution_count is not None)


# test files whose tests share one costly thing (a server, a kernel run): kept on one worker
SHARED_SERVER = ("test_lite.py", "test_jupyterlab.py", "test_out_of_order.py")


def pytest_configure(config):
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(NotebooksTogether(), "notebooks-together")


class NotebooksTogether:
    """With pytest-xdist (`make test` runs on both cores, `--dist loadgroup`), a notebook's cells
    must run in one kernel, in order: send each notebook's cells to one worker as one unit, and
    every other test on its own. (pytest-xdist's own `xdist_group` marks are not applied under
    pytest 9.2 here: tests so marked were seen split between workers; hence this scheduler.)"""

    @pytest.hookimpl(tryfirst=True)
    def pytest_xdist_make_scheduler(self, config, log):
        from xdist.scheduler import LoadScopeScheduling

        if config.getvalue("dist") != "loadgroup":
            return None

        class Scheduling(LoadScopeScheduling):
            def _split_scope(self, nodeid: str) -> str:
                path, _, rest = nodeid.partition("::")
                if path.endswith(".ipynb") and rest.startswith("Cell "):
                    return path
                # tests that share a costly server or kernel run stay together
                return path if path.endswith(SHARED_SERVER) else nodeid

        return Scheduling(config, log)


NUMERIC_PATH = "OPENBLAS_CORETYPE"
OWN_PATH = os.environ.get(NUMERIC_PATH)  # this machine's, as the test run found it
# the other path: Prescott, or OpenBLAS's own choice if the environment already forces Prescott
OTHER_PATH = None if (OWN_PATH or "").lower() == "prescott" else "Prescott"


def set_numeric_path(core_type: str | None) -> None:
    """The OpenBLAS core type of processes started from now on (None: OpenBLAS chooses)."""
    if core_type:
        os.environ[NUMERIC_PATH] = core_type
    else:
        os.environ.pop(NUMERIC_PATH, None)


def numeric_path_of(pid: int) -> str | None:
    """The OpenBLAS core type a running process was started with (Linux: /proc/<pid>/environ)."""
    for entry in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0"):
        name, _, value = entry.decode(errors="replace").partition("=")
        if name == NUMERIC_PATH:
            return value
    return None


_started = set()  # the notebooks whose kernel has been given its answers folder


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """nbval starts a notebook's kernel while setting up its first cell; the kernel inherits
    this process's environment: point the answers folder at a new empty one, and the numeric
    path at the other one, for the kernel only."""
    from nbval.plugin import IPyNbCell

    starting = isinstance(item, IPyNbCell) and item.parent not in _started
    if starting:
        _started.add(item.parent)
        # under pytest's own temporary folder, which it prunes (a folder per notebook, every run)
        os.environ[ANSWERS_DIR_VARIABLE] = str(item.config._tmp_path_factory.mktemp("answers"))
        set_numeric_path(OTHER_PATH)
    try:
        result = yield
    finally:
        if starting:
            set_numeric_path(OWN_PATH)
    if starting and Path("/proc/self/environ").exists():
        kernel = item.parent.kernel.km.provisioner.process.pid
        assert numeric_path_of(kernel) == OTHER_PATH, (
            f"the kernel of {item.parent.name} runs on {NUMERIC_PATH}={numeric_path_of(kernel)}, "
            f"not on the other numeric path ({OTHER_PATH or 'unset'})")
    return result
