"""The built book in a real headless Chromium (Debian's, driven by Playwright).

Every page of the table of contents, in one visit per page (`test_page`): no JavaScript error
of the book's own, every local resource answers, every image loads and carries alt text, the
launch buttons point at the page's notebook, the in-page explorer answers the keyboard; and,
with the checks kept in their own modules, the chapter reads without a wall of prose
(tests/test_reading.py), figure text is large enough and no picture shows twice
(tests/test_legibility.py), outputs wrap, nothing is wider than a phone and axe finds nothing in
light or dark mode (tests/layout.py), and the page prints cleanly (tests/test_print.py). With
SCREENSHOTS=1 (`make screenshots`) a screenshot of every page goes to screenshots/, for a person
to look at. Search, previous/next navigation and the table of contents work.

Every page is opened with the network cut (every request that leaves the site's own origin is
aborted) and fails if it asks for anything outside the site: the book must read the same in a
classroom with no internet. Equations render from the book's own MathJax, which only pages with
math load. On a phone, the chapter menu and the page contents open.
"""

from __future__ import annotations

import os
import re
import urllib.request

import pytest

from conftest import PAGES, ROOT, SHOTS
from layout import screen_faults
from test_legibility import COLLECT, figure_faults
from test_print import print_faults
from test_reading import reading_faults

NOTEBOOK_PAGES = [p for p in PAGES if p.startswith(("notebooks/", "exercises/"))]
EXPLORER_PAGES = [p for p in NOTEBOOK_PAGES if p.startswith("notebooks/")
                  and "in_page_explorer(" in (ROOT / f"{p}.ipynb").read_text()]

# the page server's handler threads may leave a keep-alive socket for the garbage collector
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture(scope="session")
def tab(browser, site):
    """One tab (per pytest-xdist worker) that every test here navigates, as a reader goes from
    page to page (a new tab per page cost half a second of waiting). It records its JavaScript
    errors, failed local requests and attempts to leave the site; nothing outside the site
    answers, as with no network. Nothing the tests do is stored in its browser context: dark
    mode is set on the page, not through the theme's button."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors, page.failed_local, page.external = [], [], []
    # only requests that leave the site are intercepted (a pattern the browser's driver matches
    # itself: routing every request through Python cost a second per page)
    page.route(re.compile(f"^(?!{re.escape(site)}/)"),
               lambda route: (page.external.append(route.request.url), route.abort()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    # resource failures are judged by URL below; any other console error is the book's own
    page.on("console", lambda m: page.errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
    page.on("requestfailed", lambda r: page.failed_local.append(r.url) if r.url.startswith(site) else None)
    page.on("response", lambda r: page.failed_local.append(f"{r.status} {r.url}")
            if r.url.startswith(site) and r.status >= 400 else None)
    yield page
    context.close()


def open_page(tab, url, width=1280, height=900):
    """`url` in the tab, on a screen of the given size, with nothing recorded yet."""
    tab.set_viewport_size({"width": width, "height": height})
    tab.emulate_media(media="screen")  # a page before may have been printed
    tab.goto("about:blank")  # the previous page's late requests and errors stay with it
    for recorded in (tab.errors, tab.failed_local, tab.external):
        recorded.clear()
    tab.goto(url, wait_until="load")
    return tab


@pytest.mark.parametrize("page_name", PAGES)
def test_page(site, tab, built_book, page_name):
    """Every check of a page in one visit (loading a page costs about a second; four visits per
    page were a quarter of the suite): loading, reading, figures, the explorer, the screen at both
    widths in both modes (tests/layout.py), then print (tests/test_print.py)."""
    page = open_page(tab, f"{site}/{page_name}.html")
    if os.environ.get("SCREENSHOTS"):  # for a person to look at; JPEG, as a long PNG costs a second
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{page_name.replace('/', '__')}.jpg"), full_page=True, type="jpeg",
                        quality=80)
    faults = loading_faults(page, page_name) + reading_faults(page, page_name)
    pictures = {1280: page.evaluate(COLLECT)}  # before any control is moved
    if page_name in EXPLORER_PAGES:
        faults += explorer_answers_the_keyboard(page, page_name)
    # axe fetches the stylesheets again and resolves their @import against the page's address (a
    # 404 of its own): the book's requests are judged up to here
    failed_local = list(page.failed_local)
    faults += screen_faults(page, page_name)  # ends at 390 px
    pictures[390] = page.evaluate(COLLECT)
    faults += figure_faults(pictures, built_book, page_name)
    faults += print_faults(page, page_name)
    if page.errors:
        faults.insert(0, f"JavaScript errors on {page_name}: {page.errors}")
    if failed_local:
        faults.insert(0, f"local resources that failed on {page_name}: {failed_local}")
    if page.external:
        faults.insert(0, f"{page_name} asks for files outside the site: {page.external}")
    assert not faults, "\n".join(faults)


def loading_faults(page, page_name: str) -> list[str]:
    """The page as loaded: its images, its equations, its launch buttons."""
    faults = []
    images = page.eval_on_selector_all(
        "article img", "els => els.map(e => [e.getAttribute('src'), e.complete && e.naturalWidth, e.getAttribute('alt')])")
    hrefs = page.eval_on_selector_all("a", "els => els.map(e => e.href)")
    if page.locator("article .math").count():
        page.wait_for_function("""() => document.querySelectorAll('article mjx-container').length
                                        >= document.querySelectorAll('article .math').length""", timeout=20000)
    math = page.evaluate("""() => ({
        equations: document.querySelectorAll('article .math').length,
        rendered: document.querySelectorAll('article mjx-container').length,
        mathjax: [...document.scripts].some(s => s.src.includes('mathjax'))})""")
    if math["mathjax"] != bool(math["equations"]):
        faults.append(f"{page_name}: MathJax should load exactly where there is math ({math})")
    if math["rendered"] < math["equations"]:
        faults.append(f"{page_name}: equations left as raw TeX ({math})")
    for src, width, alt in images:
        if not width:
            faults.append(f"{page_name}: image {str(src)[:80]} did not load")
        if not alt or len(alt.strip()) <= 20:
            faults.append(f"{page_name}: image {str(src)[:80]} has no meaningful alt text")
    if page_name in NOTEBOOK_PAGES:
        faults += launch_buttons_point_at_this_notebook(page_name, hrefs)
    return faults


def test_search_finds_pages_by_word(site, tab):
    page = open_page(tab, f"{site}/search.html?q=cytokine")
    # results arrive one by one; Sphinx writes the summary ("Search finished, found …") at the end
    page.wait_for_function("() => (document.querySelector('#search-results .search-summary') || {}).innerText",
                           timeout=15000)
    hits = page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.getAttribute('href'))")
    assert any("book/crs.html" in h for h in hits), hits
    assert any("book/glossary.html" in h for h in hits), hits
    # the query stays readable: its text starts after the magnifying glass drawn in the field
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 844})
        icon_right, text_left = page.evaluate("""() => { const form = [...document.querySelectorAll('form.bd-search')].pop();
            const input = form.querySelector('input');
            return [form.querySelector('i').getBoundingClientRect().right,
                    input.getBoundingClientRect().left + parseFloat(getComputedStyle(input).paddingLeft)]; }""")
        assert text_left >= icon_right, f"at {width} px the search icon covers the query ({icon_right} > {text_left})"


def test_previous_and_next_navigation(site, tab):
    page = open_page(tab, f"{site}/book/intro.html")
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


def test_chapter_menu_and_page_contents_open_on_a_phone(site, tab):
    """At 390 px: tap the menu button, the chapter list slides in; follow a chapter; tap the
    contents button, this page's sections appear."""
    page = open_page(tab, f"{site}/book/car-t.html", width=390, height=844)
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


def test_menu_button_collapses_the_sidebar_on_a_desktop(site, tab):
    page = open_page(tab, f"{site}/book/car-t.html")
    sidebar = page.locator("#pst-primary-sidebar")
    assert sidebar.is_visible() and sidebar.bounding_box()["x"] >= 0
    page.locator(".primary-toggle:visible").first.click()
    page.wait_for_timeout(500)
    assert not sidebar.is_visible() or sidebar.bounding_box()["x"] + sidebar.bounding_box()["width"] <= 0, \
        "the menu button did not collapse the sidebar"


def test_glossary_has_an_a_to_z_jump_list(site, tab):
    page = open_page(tab, f"{site}/book/glossary.html", width=390, height=844)
    letters = page.eval_on_selector_all(
        ".glossary-jump a", "els => els.map(e => [e.textContent, !!document.getElementById(e.hash.slice(1))])")
    terms = page.eval_on_selector_all("dl.glossary dt", "els => els.map(e => e.textContent.trim()[0].toUpperCase())")
    assert [letter for letter, _ in letters] == sorted({t for t in terms if t.isalpha()})
    assert all(found for _, found in letters), letters


def test_table_of_contents_links_all_answer(site, tab):
    page = open_page(tab, f"{site}/book/intro.html")
    links = page.eval_on_selector_all("nav.bd-docs-nav a.reference", "els => els.map(e => e.href)")
    assert len(links) >= len(PAGES) - 1
    for link in links:
        with urllib.request.urlopen(link.split("#")[0]) as response:
            assert response.status == 200, link


def launch_buttons_point_at_this_notebook(page_name, hrefs) -> list[str]:
    notebook = f"{page_name}.ipynb"
    faults = []
    if not any("mybinder.org/v2/gh/" in h and notebook in h for h in hrefs):
        faults.append(f"no Binder link to {notebook}")
    if not any("colab.research.google.com/github/" in h and h.endswith(notebook) for h in hrefs):
        faults.append(f"no Colab link to {notebook}")
    return faults



def explorer_answers_the_keyboard(page, page_name) -> list[str]:
    """With the network off: the first control of the in-page explorer, moved with the keyboard,
    changes the picture and its alt text."""
    image = "figure.in-page-explorer img"
    before = page.eval_on_selector(image, "e => [e.src, e.alt]")
    control = page.query_selector("figure.in-page-explorer [data-axis]")
    control.focus()
    is_range = control.get_attribute("type") == "range"
    at_end = is_range and control.evaluate("e => Number(e.value) >= Number(e.max)")
    for _ in range(2):
        page.keyboard.press(("ArrowLeft" if at_end else "ArrowRight") if is_range else "ArrowDown")
    after = page.eval_on_selector(image, "e => [e.src, e.alt]")
    faults = []
    if is_range and control.get_attribute("aria-valuetext") not in after[1]:
        faults.append(f"{page_name}: the alt text does not say the slider's value")
    if after[0] == before[0] or after[1] == before[1] or len(after[1]) <= 40:
        faults.append(f"{page_name}: the keyboard moved the explorer's control; the picture and its alt text "
                      "did not follow")
    return faults
