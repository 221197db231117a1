"""Shared fixtures and helpers for the test suite."""

from __future__ import annotations

import functools
import http.server
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


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The book built with -W -n from a clean copy of the sources; its HTML folder.

    Built once per test run: with pytest-xdist the workers share one build (the first to
    arrive builds it under a file lock, the others wait for it and reuse it)."""
    import fcntl
    import os

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # this run's folder, common to its workers
    source, outcome = shared / "book-src", shared / "book-build.log"
    with open(shared / "book-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not outcome.exists():
            copy_source(source)
            result = build_book(source)
            outcome.write_text(f"{result.returncode}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    code, log = outcome.read_text().split("\n", 1)
    assert code == "0", f"book build failed:\n{log}"
    return source / "_build" / "html"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site(built_book):
    """The built book served on loopback (per pytest-xdist worker), as its base URL."""
    handler = functools.partial(QuietHandler, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


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
