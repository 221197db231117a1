"""The book on paper: the print stylesheet (_ext/static/course.css, `@media print`) on every
page, and `make pdf` (scripts/pdf.py) on two chapters.

Every page, laid out as Chromium prints it (print media, the A4 printable width; checked by
`print_faults` during tests/test_browser.py's one visit to each page): no control,
button or navigation shows; no line of code or output is cut off and nothing runs past the
paper's edge; every dropdown prints open (an answer in it would be lost on paper); a figure
tagged print-only shows in print and not on screen, and where a page has one, its in-page
explorer does not print (one copy of each figure); an explorer without such a copy prints as
its picture alone. Two chapters printed with their notebooks: every page has
something on it, none but the last is nearly blank, and the page count is what the content
fills. `make pdf` prints every chapter and checks each the same way.
"""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import pdf  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

# Chapters printed in the test (make pdf prints them all): the one whose second page was nearly
# blank, with its wide table and four notebooks, and one with equations.
PRINTED = ["book/clinical", "book/manufacturing"]

ON_PAPER = """() => {
  const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const width = document.documentElement.clientWidth;
  const describe = e => `<${e.tagName.toLowerCase()} class="${e.className}">`;
  return {
    controls: [...document.querySelectorAll('button, input, select, nav, .bd-sidebar-primary, '
               + '.bd-sidebar-secondary, .prev-next-footer, .in-page-control')].filter(shown).map(describe),
    cut: [...document.querySelectorAll('pre')].filter(e => shown(e) && e.scrollWidth > e.clientWidth + 1)
         .map(e => e.textContent.trim().slice(0, 60)),
    wide: [...document.querySelectorAll('article.bd-article *')].filter(e => shown(e)
          && e.getBoundingClientRect().right > width + 1).map(describe).slice(0, 5),
    printOnly: [...document.querySelectorAll('.tag_print-only')].map(shown),
    closed: [...document.querySelectorAll('article details')].filter(d => shown(d)
            && ![...d.children].filter(c => c.tagName !== 'SUMMARY').every(c => c.checkVisibility()))
            .map(d => (d.querySelector('summary') || d).textContent.trim().slice(0, 60)),
    explorers: [...document.querySelectorAll('.in-page-explorer')].map(e =>
               [shown(e), [...e.querySelectorAll('img')].filter(shown).length]),
  };
}"""


def print_faults(page, page_name: str) -> list[str]:
    """What is wrong with a loaded page on paper; leaves the page in print media."""
    on_screen = page.evaluate(ON_PAPER)
    page.set_viewport_size({"width": pdf.CONTENT_WIDTH_PX, "height": 1000})
    page.emulate_media(media="print")
    paper = page.evaluate(ON_PAPER)
    faults = []
    if any(on_screen["printOnly"]):
        faults.append("a print-only figure shows on screen")
    if not all(paper["printOnly"]):
        faults.append("a print-only figure does not print")
    for kind in ("controls", "cut", "wide"):
        if paper[kind]:
            faults.append(f"{kind}: {paper[kind]}")
    if paper["closed"]:  # on paper nothing opens: an answer in a dropdown would be lost
        faults.append(f"dropdowns that print closed: {paper['closed']}")
    for printed, pictures in paper["explorers"]:
        if paper["printOnly"] and printed:
            faults.append("the explorer prints beside its print-only copy")
        elif not paper["printOnly"] and (not printed or pictures != 1):
            faults.append(f"an explorer prints as {pictures if printed else 0} pictures")
    return [f"{page_name} in print: {fault}" for fault in faults]


@pytest.fixture(scope="module")
def printed_chapters(built_book, browser, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    chapters = dict(pdf.chapters())
    with pdf.serve(built_book) as book:
        return [pdf.print_chapter(browser, book, chapters[name], folder) for name in PRINTED]


@pytest.mark.parametrize("index", range(len(PRINTED)), ids=PRINTED)
def test_chapter_pdf_has_no_blank_page(printed_chapters, index):
    printed = printed_chapters[index]
    pages = pdf.pdf_pages(printed["pdf"])
    # at least a page per book page in it, and not more than its content fills (make pdf's check)
    assert len(pages) >= len(printed["pages"]), (printed["pdf"].name, len(pages))
    assert not pdf.faults(printed), pdf.faults(printed)


def test_blank_page_detector_sees_blank_and_nearly_blank_pages(browser, tmp_path):
    """The reader of PDFs finds what it must: a blank page, a nearly blank one, a full one."""
    page = browser.new_page()
    page.set_content("<p style='margin:0'>First page, a line of text.</p>"
                     "<div style='break-before:page'></div>"
                     "<div style='break-before:page'>" + "<p>Full page of text.</p>" * 60 + "</div>")
    path = tmp_path / "probe.pdf"
    page.pdf(path=str(path), format="A4", margin={side: f"{mm}mm" for side, mm in pdf.MARGIN_MM.items()})
    page.close()
    pages = pdf.pdf_pages(path)
    assert len(pages) >= 3
    assert not pages[0].blank and pages[0].filled < pdf.NEARLY_BLANK
    assert pages[1].blank
    assert pages[2].glyphs > 400 and pages[2].filled > 0.8
    assert any("blank" in p for p in pdf.problems(path))


def test_pdf_names_follow_the_chapters_numbers():
    assert pdf.pdf_name("book/clinical", "5. Clinical applications — the book") == "05-clinical.pdf"
    assert pdf.pdf_name("book/glossary", "Glossary — the book") == "glossary.pdf"
