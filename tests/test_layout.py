"""Every built page as a reader sees it, in headless Chromium: on a laptop (1280 px), on a phone
(390 px), in light and in dark mode.

- Outputs wrap: no code-cell output hides text past its box's edge, at either width.
- Nothing wider than a phone: at 390 px the page does not scroll sideways and no element of the
  article runs past the screen's edge, unless it sits in a box that scrolls (a wide table).
- axe (WCAG 2.0/2.1 A and AA, and axe's best practices) finds nothing, of any impact, in light
  mode; in dark mode, the rules that depend on colour (colour contrast, links told apart from
  text) find nothing either. The other rules read the same markup in both modes, so they run
  once. README (the test section) states the exceptions, each with its reason.

- In print, the print stylesheet's checks (tests/test_print.py, `print_faults`).

Each page is loaded once: laptop width in light mode, then dark mode, then the phone's width,
then print. axe reports violations only (its passes cost as much again to collect).
"""

from __future__ import annotations

import pytest

from test_browser import PAGES, site  # noqa: F401  (the fixture serving the built book)
from test_print import print_faults

# axe rules whose outcome depends on the colour scheme
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

# text outputs whose lines run past their box (hidden, or reachable only by a scrollbar)
CUT_OFF_OUTPUTS = """() => [...document.querySelectorAll('div.cell_output pre')]
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => e.textContent.split('\\n').sort((a, b) => b.length - a.length)[0].slice(0, 80))"""

# elements of the article past the right edge of the screen, not inside a box that scrolls
PAST_THE_EDGE = """() => {
  const width = document.documentElement.clientWidth, found = [];
  for (const e of document.querySelectorAll('article.bd-article *')) {
    const box = e.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1 || box.left >= width) continue;
    let scrolls = false;
    for (let a = e.parentElement; a && !scrolls; a = a.parentElement) {
      scrolls = ['auto', 'scroll'].includes(getComputedStyle(a).overflowX)
                && a.getBoundingClientRect().right <= width + 1;
    }
    if (!scrolls) found.push(`<${e.tagName.toLowerCase()} class="${e.className}"> to ${Math.round(box.right)} px: `
                             + (e.textContent || '').trim().slice(0, 60));
  }
  return {page: document.documentElement.scrollWidth, width: width, elements: found.slice(0, 5)};
}"""

# the theme's own switch: the same attributes its light/dark button sets; then wait for the
# colour transitions to end, so that axe reads the final colours
DARK_MODE = """async () => {
  document.documentElement.dataset.theme = 'dark';
  document.documentElement.dataset.mode = 'dark';
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
}"""


def axe_violations(page, options: dict) -> list:
    """axe's violations on the page as it is now: (rule, impact, how many, first element, why)."""
    from axe_playwright_python.sync_playwright import Axe

    if not page.evaluate("!!window.axe"):
        page.evaluate(Axe().axe_script)
    result = page.evaluate("options => axe.run(document, options)", {**options, "resultTypes": ["violations"]})
    return [(v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["html"][:100],
             ((v["nodes"][0]["any"] or v["nodes"][0]["all"] or v["nodes"][0]["none"] or [{}])[0]
              .get("message", ""))[:140])
            for v in result["violations"]]


@pytest.mark.parametrize("page_name", PAGES)
def test_page_reads_at_both_widths_in_both_modes_and_in_print(site, browser, page_name):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site}/{page_name}.html", wait_until="load")
    cut_wide = page.evaluate(CUT_OFF_OUTPUTS)
    light = axe_violations(page, {"runOnly": {"type": "tag", "values": AXE_TAGS}})
    page.evaluate(DARK_MODE)
    dark = axe_violations(page, {"runOnly": {"type": "rule", "values": COLOUR_RULES}})
    page.set_viewport_size({"width": 390, "height": 844})
    cut_phone = page.evaluate(CUT_OFF_OUTPUTS)
    edge = page.evaluate(PAST_THE_EDGE)
    on_paper = print_faults(page, page_name)
    page.close()
    assert not cut_wide, f"{page_name}: output lines cut off at 1280 px: {cut_wide}"
    assert not cut_phone, f"{page_name}: output lines cut off at 390 px: {cut_phone}"
    assert edge["page"] <= edge["width"] and not edge["elements"], \
        f"{page_name} at 390 px: the page is {edge['page']} px wide; past the edge: {edge['elements']}"
    assert not light, f"axe on {page_name} in light mode: {light}"
    assert not dark, f"axe on {page_name} in dark mode: {dark}"
    assert not on_paper, on_paper
