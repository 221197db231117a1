"""The built book in a real headless Chromium (Debian's, driven by Playwright).

Every page of the table of contents: no JavaScript error of the book's own, every local
resource answers, every image loads and carries alt text, the in-page explorer answers the
keyboard, and a screenshot is saved in screenshots/ for a person to look at (axe, at every
impact and in both colour modes, runs in tests/test_layout.py).
Search, previous/next navigation, the table of contents and the launch buttons work.

Every page is opened with the network cut (every request that leaves the site's own origin is
aborted) and fails if it asks for anything outside the site: the book must read the same in a
classroom with no internet. Equations render from the book's own MathJax, which only pages with
math load. On a phone, the chapter menu and the page contents open.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
import urllib.request

import pytest

from conftest import ROOT, SHOTS
TOC = (ROOT / "_toc.yml").read_text()
PAGES = ["book/intro"] + re.findall(r"file: (\S+)", TOC)
NOTEBOOK_PAGES = [p for p in PAGES if p.startswith(("notebooks/", "exercises/"))]
EXPLORER_PAGES = [p for p in NOTEBOOK_PAGES if p.startswith("notebooks/")
                  and "in_page_explorer(" in (ROOT / f"{p}.ipynb").read_text()]

# the page server's handler threads may leave a keep-alive socket for the garbage collector
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


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


def open_page(browser, url, width=1280, height=900):
    """A page with its JavaScript errors, failed local requests and attempts to leave the site
    recorded; nothing outside the site answers, as with no network."""
    page = browser.new_page(viewport={"width": width, "height": height})
    local = url.split("/", 3)[:3]
    base = "/".join(local)
    page.errors, page.failed_local, page.external = [], [], []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
               else (page.external.append(route.request.url), route.abort()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    # resource failures are judged by URL below; any other console error is the book's own
    page.on("console", lambda m: page.errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
    page.on("requestfailed", lambda r: page.failed_local.append(r.url) if r.url.startswith(base) else None)
    page.on("response", lambda r: page.failed_local.append(f"{r.status} {r.url}")
            if r.url.startswith(base) and r.status >= 400 else None)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)
    return page


@pytest.mark.parametrize("page_name", PAGES)
def test_page(site, browser, page_name):
    page = open_page(browser, f"{site}/{page_name}.html")
    SHOTS.mkdir(exist_ok=True)
    # JPEG: a long page as PNG costs a second of encoding, and these are for looking at
    page.screenshot(path=str(SHOTS / f"{page_name.replace('/', '__')}.jpg"), full_page=True, type="jpeg",
                    quality=80)
    images = page.eval_on_selector_all(
        "article img", "els => els.map(e => [e.getAttribute('src'), e.complete && e.naturalWidth, e.getAttribute('alt')])")
    errors, failed = list(page.errors), list(page.failed_local)
    hrefs = page.eval_on_selector_all("a", "els => els.map(e => e.href)")
    if page.locator("article .math").count():
        page.wait_for_function("""() => document.querySelectorAll('article mjx-container').length
                                        >= document.querySelectorAll('article .math').length""", timeout=20000)
    math = page.evaluate("""() => ({
        equations: document.querySelectorAll('article .math').length,
        rendered: document.querySelectorAll('article mjx-container').length,
        mathjax: [...document.scripts].some(s => s.src.includes('mathjax'))})""")
    try:
        if page_name in EXPLORER_PAGES:
            explorer_answers_the_keyboard(page, page_name)
        explorer_ok = True
    except AssertionError as failure:
        explorer_ok = str(failure)
    errors += page.errors[len(errors):]
    page.close()
    assert not errors, f"JavaScript errors on {page_name}: {errors}"
    assert not failed, f"local resources that failed on {page_name}: {failed}"
    assert not page.external, f"{page_name} asks for files outside the site: {page.external}"
    assert math["mathjax"] == bool(math["equations"]), \
        f"{page_name}: MathJax should load exactly where there is math ({math})"
    assert math["rendered"] >= math["equations"], f"{page_name}: equations left as raw TeX ({math})"
    for src, width, alt in images:
        assert width, f"{page_name}: image {src} did not load"
        assert alt and len(alt.strip()) > 20, f"{page_name}: image {src} has no meaningful alt text"
    if page_name in NOTEBOOK_PAGES:
        launch_buttons_point_at_this_notebook(page_name, hrefs)
    if page_name in EXPLORER_PAGES:
        assert explorer_ok is True, explorer_ok


def test_search_finds_pages_by_word(site, browser):
    page = open_page(browser, f"{site}/search.html?q=cytokine")
    page.wait_for_selector("#search-results li a", timeout=15000)
    hits = page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.getAttribute('href'))")
    page.close()
    assert any("book/crs.html" in h for h in hits), hits
    assert any("book/glossary.html" in h for h in hits), hits


def test_previous_and_next_navigation(site, browser):
    page = open_page(browser, f"{site}/book/intro.html")
    page.click("a.right-next")  # how to use the book comes before the first chapter
    page.wait_for_load_state("load")
    assert page.url.endswith("book/how-to-use.html")
    page.click("a.right-next")
    page.wait_for_load_state("load")
    assert page.url.endswith("book/introduction.html")
    page.click("a.left-prev")
    page.wait_for_load_state("load")
    page.click("a.left-prev")
    page.wait_for_load_state("load")
    assert page.url.endswith("book/intro.html")
    page.close()


def test_chapter_menu_and_page_contents_open_on_a_phone(site, browser):
    """At 390 px: tap the menu button, the chapter list slides in; follow a chapter; tap the
    contents button, this page's sections appear."""
    page = open_page(browser, f"{site}/book/car-t.html", width=390, height=844)
    menu = page.locator("nav.bd-docs-nav")
    assert not menu.is_visible() or menu.bounding_box()["x"] < 0, "the chapter menu is open before any tap"
    page.locator(".primary-toggle:visible").first.click()
    page.wait_for_timeout(500)
    box = menu.bounding_box()
    assert menu.is_visible() and box["x"] >= 0, "tapping the menu button did not open the chapter menu"
    page.locator("nav.bd-docs-nav a.reference", has_text="Dendritic").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("book/dendritic-cells.html"), page.url
    contents = page.locator(".bd-sidebar-secondary")
    assert not contents.is_visible() or contents.bounding_box()["x"] >= 390
    page.locator(".secondary-toggle:visible").first.click()
    page.wait_for_timeout(500)
    box = contents.bounding_box()
    assert contents.is_visible() and box["x"] < 390 and contents.locator("a").count() >= 3, \
        "tapping the contents button did not show this page's sections"
    page.close()


def test_menu_button_collapses_the_sidebar_on_a_desktop(site, browser):
    page = open_page(browser, f"{site}/book/car-t.html")
    sidebar = page.locator("#pst-primary-sidebar")
    assert sidebar.is_visible() and sidebar.bounding_box()["x"] >= 0
    page.locator(".primary-toggle:visible").first.click()
    page.wait_for_timeout(500)
    assert not sidebar.is_visible() or sidebar.bounding_box()["x"] + sidebar.bounding_box()["width"] <= 0, \
        "the menu button did not collapse the sidebar"
    page.close()


def test_glossary_has_an_a_to_z_jump_list(site, browser):
    page = open_page(browser, f"{site}/book/glossary.html", width=390, height=844)
    letters = page.eval_on_selector_all(
        ".glossary-jump a", "els => els.map(e => [e.textContent, !!document.getElementById(e.hash.slice(1))])")
    terms = page.eval_on_selector_all("dl.glossary dt", "els => els.map(e => e.textContent.trim()[0].toUpperCase())")
    page.close()
    assert [letter for letter, _ in letters] == sorted({t for t in terms if t.isalpha()})
    assert all(found for _, found in letters), letters


def test_table_of_contents_links_all_answer(site, browser):
    page = open_page(browser, f"{site}/book/intro.html")
    links = page.eval_on_selector_all("nav.bd-docs-nav a.reference", "els => els.map(e => e.href)")
    page.close()
    assert len(links) >= len(PAGES) - 1
    for link in links:
        with urllib.request.urlopen(link.split("#")[0]) as response:
            assert response.status == 200, link


def launch_buttons_point_at_this_notebook(page_name, hrefs):
    """Checked while test_page has the page open: one page load, not two."""
    notebook = f"{page_name}.ipynb"
    assert any("mybinder.org/v2/gh/" in h and notebook in h for h in hrefs), f"no Binder link to {notebook}"
    assert any("colab.research.google.com/github/" in h and h.endswith(notebook) for h in hrefs), \
        f"no Colab link to {notebook}"



def explorer_answers_the_keyboard(page, page_name):
    """Checked while test_page has the page open (network off): the first control of the
    in-page explorer, moved with the keyboard, changes the picture and its alt text."""
    image = "figure.in-page-explorer img"
    before = page.eval_on_selector(image, "e => [e.src, e.alt]")
    control = page.query_selector("figure.in-page-explorer [data-axis]")
    control.focus()
    is_range = control.get_attribute("type") == "range"
    at_end = is_range and control.evaluate("e => Number(e.value) >= Number(e.max)")
    for _ in range(2):
        page.keyboard.press(("ArrowLeft" if at_end else "ArrowRight") if is_range else "ArrowDown")
    after = page.eval_on_selector(image, "e => [e.src, e.alt]")
    if is_range:
        assert control.get_attribute("aria-valuetext") in after[1], page_name
    assert after[0] != before[0] and after[1] != before[1], \
        f"{page_name}: the picture and its alt text did not change"
    assert len(after[1]) > 40
