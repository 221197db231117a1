"""Chapter pages read well: no long wall of prose, and a picture on every page.

In headless Chromium at 1280 px, on every chapter page (`reading_faults`, during
tests/test_browser.py's one visit to each page): the longest vertical stretch of the
article between two "breaks" (a figure, a table, an admonition or box, a dropdown, a code cell's
output, a displayed equation) is at most `MAX_PROSE_PX`, about two screens; and the page has at
least one figure whose image carries alt text.

Run on its own against a built book to print the stretches:

    .venv/bin/python tests/test_reading.py _build/html
"""

from __future__ import annotations

import re
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = [f for f in re.findall(r"file: (book/\S+)", (ROOT / "_toc.yml").read_text())
            if f.split("/")[1] in {"introduction", "car-t", "dendritic-cells", "nk-cells", "clinical",
                                   "manufacturing", "variability", "crs", "future", "conclusion"}]
VIEWPORT = {"width": 1280, "height": 800}
MAX_PROSE_PX = 1600  # about two screens at 1280x800

BREAKS = ", ".join([
    "figure", "table", "img", ".admonition", "aside", ".topic", ".sidebar", "details", ".sd-dropdown",
    ".toggle", ".cell_output", "div.math", ".math-wrapper", "mjx-container[display='true']",
])

# [top, bottom] of the article, and of every break in it, in page pixels
MEASURE = f"""() => {{
  const article = document.querySelector('article.bd-article') || document.querySelector('main');
  const box = e => {{ const r = e.getBoundingClientRect(); return [r.top + scrollY, r.bottom + scrollY]; }};
  const breaks = [...article.querySelectorAll("{BREAKS}")]
    .filter(e => e.getBoundingClientRect().height > 0).map(box);
  const figures = [...article.querySelectorAll('figure img')].map(i => (i.getAttribute('alt') || '').trim());
  return {{article: box(article), breaks: breaks, figures: figures}};
}}"""


def prose_stretches(article: list[float], breaks: list[list[float]]) -> list[tuple[float, float]]:
    """The stretches of the article not covered by any break, as (top, bottom), in order."""
    stretches, cursor = [], article[0]
    for top, bottom in sorted(breaks):
        if top > cursor:
            stretches.append((cursor, top))
        cursor = max(cursor, bottom)
    if article[1] > cursor:
        stretches.append((cursor, article[1]))
    return stretches


def longest(stretches) -> float:
    return max((bottom - top for top, bottom in stretches), default=0.0)


def measure(browser, html: Path, chapter: str) -> dict:
    page = browser.new_page(viewport=VIEWPORT)
    page.goto((html / f"{chapter}.html").as_uri(), wait_until="load")
    found = page.evaluate(MEASURE)
    page.close()
    found["stretches"] = prose_stretches(found["article"], found["breaks"])
    return found


def test_stretches_are_found_between_breaks():
    # a break inside another, breaks touching, and prose at both ends
    assert prose_stretches([0, 1000], [[100, 200], [150, 180], [200, 300], [700, 800]]) == [
        (0, 100), (300, 700), (800, 1000)]
    assert longest(prose_stretches([0, 500], [])) == 500


def test_all_ten_chapters_are_measured():
    assert len(CHAPTERS) == 10, CHAPTERS


def reading_faults(page, page_name: str) -> list[str]:
    """On a chapter page loaded at 1280 px: a long stretch of prose, or no figure with alt text."""
    if page_name not in CHAPTERS:
        return []
    found = page.evaluate(MEASURE)
    faults = []
    top, bottom = max(prose_stretches(found["article"], found["breaks"]), key=lambda s: s[1] - s[0])
    if bottom - top > MAX_PROSE_PX:
        faults.append(f"{page_name}: {bottom - top:.0f} px of unbroken prose at 1280 px (from "
                      f"{top - found['article'][0]:.0f} px into the article), more than {MAX_PROSE_PX}: "
                      "add a figure, a table, a box or a question")
    if not found["figures"]:
        faults.append(f"{page_name}: no figure")
    elif not all(len(alt) > 20 for alt in found["figures"]):
        faults.append(f"{page_name}: a figure without meaningful alt text: {found['figures']}")
    return faults


def main(html: Path) -> None:
    from playwright.sync_api import sync_playwright

    from conftest import launch_chromium

    with sync_playwright() as p:
        browser = launch_chromium(p)
        for chapter in CHAPTERS:
            found = measure(browser, html, chapter)
            top = found["article"][0]
            spans = sorted(found["stretches"], key=lambda s: s[0] - s[1])[:3]
            print(f"{chapter:26s} longest {longest(found['stretches']):6.0f} px  figures {len(found['figures'])}  "
                  + "  ".join(f"[{a - top:.0f}-{b - top:.0f}]" for a, b in spans))
        browser.close()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main(Path(sys.argv[1]).resolve())
