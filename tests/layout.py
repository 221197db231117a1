"""Every built page as a reader sees it, in headless Chromium: on a laptop (1280 px), on a phone
(390 px), in light and in dark mode (`screen_faults`, called by tests/test_browser.py's
`test_page` during its one visit to each page).

- Outputs wrap: no code-cell output hides text past its box's edge, at either width.
- Nothing wider than a phone: at 390 px the page does not scroll sideways and no element of the
  article runs past the screen's edge, unless it sits in a box that scrolls (a wide table); a
  table that scrolls says so in a line above it, and its caption stays inside the box; every
  displayed equation fits the screen.
- axe (WCAG 2.0/2.1 A and AA, and axe's best practices) finds nothing, of any impact, in light
  mode; in dark mode, the rules that depend on colour (colour contrast, links told apart from
  text) find nothing either. The other rules read the same markup in both modes, so they run
  once. README (the test section) states the exceptions, each with its reason.

axe reports violations only (its passes cost as much again to collect).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

# axe rules whose outcome depends on the colour scheme
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

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

# tables wider than their box (they scroll sideways, and a phone shows no scrollbar) without the
# line above that says so, or whose caption runs past the box's edge
UNSIGNED_WIDE_TABLES = """async () => {
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));  // after the resize
  return [...document.querySelectorAll('.pst-scrollable-table-container')]
    .filter(box => box.scrollWidth > box.clientWidth + 1)
    .filter(box => { const hint = box.previousElementSibling, caption = box.querySelector('caption');
      const said = !!hint && hint.classList.contains('table-scroll-hint') && hint.offsetHeight > 0;
      const shown = !caption || caption.getBoundingClientRect().right <= box.getBoundingClientRect().right + 1;
      return !(said && shown); })
    .map(box => (box.querySelector('caption, th') || box).textContent.trim().slice(0, 60)); }"""

# displayed equations wider than the text column (they would scroll sideways, half hidden)
WIDE_EQUATIONS = """() => [...document.querySelectorAll('article mjx-container[display="true"]')]
  .filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > document.documentElement.clientWidth)
  .map(e => `${Math.round(e.scrollWidth)} px in ${Math.round(e.clientWidth)}: ` + (e.textContent || '').slice(0, 40))"""

# the theme's own switch: the same attributes its light/dark button sets, with the colour
# transitions turned off (axe must read the final colours; waiting for them cost a quarter second)
DARK_MODE = """async () => {
  const still = document.createElement('style');
  still.textContent = '*, *::before, *::after { transition: none !important; }';
  document.head.appendChild(still);
  document.documentElement.dataset.theme = 'dark';
  document.documentElement.dataset.mode = 'dark';
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
}"""


# axe-core from npm (package-lock.json): 4.14 checks colour contrast in about half 4.12's time
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


@functools.cache
def axe_script() -> str:
    if not AXE.exists():
        raise FileNotFoundError(f"{AXE} is missing: run `make test`, which runs `npm ci`")
    return AXE.read_text()


def axe_violations(page, options: dict) -> list:
    """axe's violations on the page as it is now: (rule, impact, how many, first element, why)."""
    if not page.evaluate("!!window.axe"):
        page.evaluate(axe_script())
    result = page.evaluate("options => axe.run(document, options)", {**options, "resultTypes": ["violations"]})
    return [(v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["html"][:100],
             ((v["nodes"][0]["any"] or v["nodes"][0]["all"] or v["nodes"][0]["none"] or [{}])[0]
              .get("message", ""))[:140])
            for v in result["violations"]]


def screen_faults(page, page_name: str) -> list[str]:
    """At 1280 px in light mode (as loaded): outputs cut off, axe at every impact; then in dark
    mode, axe's colour rules; then at 390 px: outputs cut off, anything past the screen's edge.
    Leaves the page in dark mode at 390 px."""
    faults = []
    cut_wide = page.evaluate(CUT_OFF_OUTPUTS)
    light = axe_violations(page, {"runOnly": {"type": "tag", "values": AXE_TAGS}})
    page.evaluate(DARK_MODE)
    dark = axe_violations(page, {"runOnly": {"type": "rule", "values": COLOUR_RULES}})
    page.set_viewport_size({"width": 390, "height": 844})
    cut_phone = page.evaluate(CUT_OFF_OUTPUTS)
    edge = page.evaluate(PAST_THE_EDGE)
    unsigned = page.evaluate(UNSIGNED_WIDE_TABLES)
    equations = page.evaluate(WIDE_EQUATIONS)
    if cut_wide:
        faults.append(f"{page_name}: output lines cut off at 1280 px: {cut_wide}")
    if cut_phone:
        faults.append(f"{page_name}: output lines cut off at 390 px: {cut_phone}")
    if edge["page"] > edge["width"] or edge["elements"]:
        faults.append(f"{page_name} at 390 px: the page is {edge['page']} px wide; past the edge: {edge['elements']}")
    if unsigned:
        faults.append(f"{page_name} at 390 px: tables wider than the screen with no word that they scroll, "
                      f"or a caption cut off: {unsigned}")
    if equations:
        faults.append(f"{page_name} at 390 px: equations wider than the screen: {equations}")
    if light:
        faults.append(f"axe on {page_name} in light mode: {light}")
    if dark:
        faults.append(f"axe on {page_name} in dark mode: {dark}")
    return faults


def live_regions(page, within: str | None = None) -> list[dict]:
    """Chromium's accessibility tree: every node that is a live region, with its text; only
    those inside the element `within` selects, if given (an app has live regions of its own)."""
    session = page.context.new_cdp_session(page)
    session.send("Accessibility.enable")
    if within is None:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    else:
        root = session.send("Runtime.evaluate", {"expression": f"document.querySelector({json.dumps(within)})"})
        nodes = session.send("Accessibility.queryAXTree", {"objectId": root["result"]["objectId"]})["nodes"]
    session.detach()
    regions = []
    for node in nodes:
        properties = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
        if properties.get("live") in ("polite", "assertive") and properties.get("atomic") is not None \
                or node.get("role", {}).get("value") == "status":
            regions.append({"live": properties.get("live"), "name": node.get("name", {}).get("value", ""),
                            "role": node.get("role", {}).get("value")})
    return regions
