"""Shared fixtures and helpers for the test suite."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXERCISES = sorted((ROOT / "exercises").rglob("*.ipynb"))
ALL_NOTEBOOKS = NOTEBOOKS + EXERCISES
SOLUTIONS = sorted((ROOT / "exercises" / "solutions").glob("*.ipynb"))
# every page of the table of contents, as a path without its .html
PAGES = ["book/intro"] + re.findall(r"file: (\S+)", (ROOT / "_toc.yml").read_text())
SKIP_COPY = {".git", ".venv", "_build", "__pycache__", ".ipynb_checkpoints", "screenshots"}


def copy_source(target: Path) -> Path:
    """A clean copy of the book's sources (no build, no environment, no caches)."""
    shutil.copytree(ROOT, target, ignore=lambda _d, names: [n for n in names if n in SKIP_COPY
                                                            or n.endswith(".egg-info")])
    return target


def build_book(source: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "jupyter-book"), "build", str(source), "-W", "-n", "--keep-going"],
                          capture_output=True, text=True, timeout=600)


def build_book_into(shared: Path) -> subprocess.CompletedProcess:
    return build_book(copy_source(shared / "book-src"))


def build_lite_into(shared: Path) -> subprocess.CompletedProcess:
    """The lite site, as `make book` builds it, in the folder the built book would hold it."""
    sys.path.insert(0, str(ROOT / "scripts" / "lite"))
    import lite_site

    return subprocess.run([sys.executable, str(ROOT / "scripts" / "lite" / "lite_site.py"),
                           str(shared / "lite-root" / lite_site.LITE_DIR)], capture_output=True, text=True, timeout=600)


# the builds the tests share: built once per run, whichever process comes first, under a file lock
SHARED_BUILDS = {"book-build": build_book_into, "lite-build": build_lite_into}


def build_once(shared: Path, name: str) -> None:
    """Run the shared build `name` into `shared` unless it has run; fail the test if it failed."""
    import fcntl

    outcome = shared / f"{name}.log"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not outcome.exists():
            result = SHARED_BUILDS[name](shared)
            outcome.write_text(f"{result.returncode}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    code, log = outcome.read_text().split("\n", 1)
    assert code == "0", f"{name} failed:\n{log}"


def shared_folder(tmp_path_factory) -> Path:
    """This run's folder, common to its pytest-xdist workers."""
    import os

    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session):
    """With pytest-xdist, the controlling process starts the shared builds at once, in the
    background, while the workers run the notebooks (ordered first, below): a worker that needs
    a build waits for it instead of starting it when the build is already half the run's time."""
    import threading

    if hasattr(session.config, "workerinput") or session.config.getoption("numprocesses", None) in (None, 0):
        return
    if session.config.getoption("markexpr", "") == "timing":
        return
    shared = session.config._tmp_path_factory.getbasetemp()
    for name in SHARED_BUILDS:
        threading.Thread(target=lambda n=name: _quietly(build_once, shared, n), daemon=True).start()


def _quietly(function, *args):
    try:
        function(*args)
    except AssertionError:
        pass  # the tests that use the build report its failure


def pytest_collection_modifyitems(items):
    """The notebooks first, then the tests that share a server, then the rest: the builds the
    browser tests need are ready by the time they run, and the long groups start early."""
    def rank(item):
        path = str(item.path)
        if path.endswith(".ipynb"):
            return 0
        return 1 if path.endswith(("test_lite.py", "test_jupyterlab.py")) else 2
    items.sort(key=rank)  # stable: a notebook's cells stay in order


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The book built with -W -n from a clean copy of the sources; its HTML folder. Built once
    per test run; pytest-xdist workers share the one build."""
    shared = shared_folder(tmp_path_factory)
    build_once(shared, "book-build")
    return shared / "book-src" / "_build" / "html"


@pytest.fixture(scope="session")
def site(built_book):
    """The built book served on loopback (per pytest-xdist worker), as its base URL."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import pdf  # its server, which `make pdf` uses too

    with pdf.serve(built_book) as base:
        yield base


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-quic", "--no-first-run", "--disable-default-apps", "--mute-audio"]
SHOTS = ROOT / "screenshots"


def launch_chromium(playwright):
    """Debian's chromium, driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it, "
                    "or `apt-get install chromium`.")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run (per pytest-xdist worker): launching it costs seconds."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()
