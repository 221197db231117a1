"""The built book in a real headless Chromium (Debian's, driven by Playwright).

Every page of the table of contents loads without a JavaScript error of its own, every local
resource answers, every image loads and carries alt text, and a screenshot of each page is
saved in screenshots/ for a person to look at. What a reader's browser would fetch from a CDN
(MathJax) is not reachable here and is not counted."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-quic", "--no-first-run", "--disable-default-apps", "--mute-audio"]
SHOTS = ROOT / "screenshots"
# the page server's handler threads may leave a keep-alive socket for the garbage collector
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
PAGES = ["book/intro"] + re.findall(r"file: (\S+)", (ROOT / "_toc.yml").read_text())


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(built_book):
    handler = functools.partial(QuietHandler, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it, "
                    "or `apt-get install chromium`.")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.mark.parametrize("page_name", PAGES)
def test_page(site, browser, page_name):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors, failed = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: failed.append(r.url) if r.url.startswith(site) else None)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}")
            if r.url.startswith(site) and r.status >= 400 else None)
    page.goto(f"{site}/{page_name}.html", wait_until="load")
    page.wait_for_timeout(300)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{page_name.replace('/', '__')}.png"), full_page=True)
    images = page.eval_on_selector_all(
        "article img", "els => els.map(e => [e.getAttribute('src'), e.complete && e.naturalWidth, e.getAttribute('alt')])")
    page.close()
    assert not errors, f"JavaScript errors on {page_name}: {errors}"
    assert not failed, f"local resources that failed on {page_name}: {failed}"
    for src, width, alt in images:
        assert width, f"{page_name}: image {src} did not load"
        assert alt and len(alt.strip()) > 20, f"{page_name}: image {src} has no meaningful alt text"
