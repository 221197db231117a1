"""One PDF per chapter, with its notebooks, from the built book: `make pdf` (after `make book`).

The HTML book in _build/html is served on loopback only and opened in headless Chromium (Debian's,
as in the tests). For each chapter of _toc.yml, the chapter's page is loaded and the article of
each page listed under it (its notebooks and exercise) is appended to it, each from its own page
once that page has finished loading (its equations typeset); the whole is printed with the
book's print stylesheet (_ext/static/course.css, `@media print`) to _build/pdf/NN-name.pdf.
The print stylesheet decides what is on paper: no controls or navigation, an explorer as the
picture it shows (or the page's print-only copy of that figure), nothing cut off.

Every PDF is then read back (`pdf_pages`, a small reader for Chromium's own PDFs: no PDF
library is in the lock) and the command fails if a page is blank or, before the last, nearly
blank. tests/test_print.py runs the same functions on a chapter.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import re
import sys
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

# A4 in CSS pixels (96 per inch) and the margins of the print stylesheet's @page rule
MM = 96 / 25.4
PAGE_MM = (210, 297)
MARGIN_MM = {"top": 16, "right": 15, "bottom": 18, "left": 15}
CONTENT_WIDTH_PX = round((PAGE_MM[0] - MARGIN_MM["left"] - MARGIN_MM["right"]) * MM)
CONTENT_HEIGHT_PX = (PAGE_MM[1] - MARGIN_MM["top"] - MARGIN_MM["bottom"]) * MM
# a page before the last whose marks span less than this share of the printable height
NEARLY_BLANK = 0.2

FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#48566b;'
          'font-family:sans-serif"><span class="title"></span> · page <span class="pageNumber">'
          '</span> of <span class="totalPages"></span></div>')


def chapters(toc_file: Path = ROOT / "_toc.yml") -> list[tuple[str, list[str]]]:
    """(chapter page, [that page and the pages listed under it]) for every chapter of every part."""
    import yaml

    toc = yaml.safe_load(toc_file.read_text())
    found = []
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            found.append((chapter["file"], [chapter["file"]] + [s["file"] for s in chapter.get("sections", [])]))
    return found


def pdf_name(chapter: str, title: str) -> str:
    """clinical.pdf, or 05-clinical.pdf for a numbered chapter ("5. Clinical applications ...")."""
    number = re.match(r"(\d+)\. ", title)
    prefix = f"{int(number.group(1)):02d}-" if number else ""
    return f"{prefix}{chapter.rsplit('/', 1)[-1]}.pdf"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    # the in-browser notebooks (the book's lite/ folder) need WebAssembly and modules typed right
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript",
                      ".json": "application/json"}

    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # a browser that leaves a page closes connections still being served: not an error
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(html: Path):
    """The built book on a loopback port, for as long as the block runs."""
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# Wait for a page's equations (MathJax, where the page loads it), then return its article with
# every relative address made absolute, and MathJax's style sheet, for another page to hold.
_ARTICLE = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  const article = document.querySelector('article.bd-article');
  for (const e of article.querySelectorAll('[src]')) e.setAttribute('src', e.src);
  for (const e of article.querySelectorAll('a[href]')) e.setAttribute('href', e.href);
  const styles = [...document.querySelectorAll('style[id^="MJX"]')].map(s => [s.id, s.textContent]);
  return [article.innerHTML, styles];
}"""

_APPEND = """([html, styles]) => {
  for (const [id, text] of styles) {
    if (document.getElementById(id)) continue;
    const style = document.createElement('style'); style.id = id; style.textContent = text;
    document.head.appendChild(style);
  }
  const part = document.createElement('section');
  part.className = 'print-appended-page';
  part.innerHTML = html;
  document.querySelector('article.bd-article').appendChild(part);
}"""


def print_chapter(browser, site: str, pages: list[str], folder: Path) -> dict:
    """Print a chapter page with the articles of `pages[1:]` appended into `folder`; returns
    the PDF's path, the book pages in it and how many pages of content they make."""
    context = browser.new_context(viewport={"width": CONTENT_WIDTH_PX, "height": 1000})
    # nothing but the local book: what a reader's browser would fetch from elsewhere is refused
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site) else route.abort())
    try:
        host = context.new_page()
        host.goto(f"{site}/{pages[0]}.html", wait_until="load")
        host.evaluate(_ARTICLE)  # the chapter's own equations typeset first
        for name in pages[1:]:
            page = context.new_page()
            page.goto(f"{site}/{name}.html", wait_until="load")
            host.evaluate(_APPEND, page.evaluate(_ARTICLE))
            page.close()
        host.evaluate("document.fonts.ready")
        host.evaluate("Promise.all([...document.images].map(i => i.decode().catch(() => null)))")
        host.emulate_media(media="print")
        height = host.evaluate("document.documentElement.scrollHeight")
        out = folder / pdf_name(pages[0], host.title())
        folder.mkdir(parents=True, exist_ok=True)
        host.pdf(path=str(out), format="A4", print_background=True, outline=True, tagged=True,
                 margin={side: f"{mm}mm" for side, mm in MARGIN_MM.items()},
                 display_header_footer=True, header_template="<span></span>", footer_template=FOOTER)
        return {"pdf": out, "pages": pages, "expected_pages": height / CONTENT_HEIGHT_PX}
    finally:
        context.close()


# ---- reading the PDFs back: where each page has marks (text, pictures, drawn shapes) ----

@dataclass
class PageInk:
    glyphs: int        # characters of text shown
    images: int        # pictures drawn
    shapes: int        # filled or stroked paths that are not white (boxes, rules, vector drawings)
    top: float         # highest mark, as a share of the printable height from its top (1.0: none)
    bottom: float      # lowest mark, likewise (0.0: none)

    @property
    def blank(self) -> bool:
        return not (self.glyphs or self.images or self.shapes)

    @property
    def filled(self) -> float:
        """The share of the printable height between the page's first and last mark."""
        return max(0.0, self.bottom - self.top)


_TOKEN = re.compile(rb"<<|>>|<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)|\[|\]|/[^\s/\[\]()<>{}%]+"
                    rb"|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'\"*]+")


def _matrix(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


class _Reader:
    def __init__(self, data: bytes):
        self.data = data
        self.offsets = {int(m.group(1)): m.end() for m in re.finditer(rb"(?m)^(\d+) 0 obj\s*", data)}

    def dictionary(self, number: int) -> bytes:
        start = self.offsets[number]
        ends = [i for i in (self.data.find(b"stream", start), self.data.find(b"endobj", start)) if i >= 0]
        return self.data[start:min(ends)]

    def stream(self, number: int) -> bytes:
        head = self.dictionary(number)
        length = re.search(rb"/Length (\d+)(?: 0 R)?", head)
        size = int(length.group(1))
        if length.group(0).endswith(b"R"):
            size = int(self.dictionary(size).strip())
        start = self.offsets[number] + len(head) + len(b"stream")
        start += 2 if self.data[start:start + 2] == b"\r\n" else 1
        raw = self.data[start:start + size]
        return zlib.decompress(raw) if b"/FlateDecode" in head else raw

    @staticmethod
    def refs(text: bytes, key: bytes) -> list[int]:
        found = re.search(rb"/" + key + rb"\s*(\[[^\]]*\]|\d+ 0 R)", text)
        return [int(n) for n in re.findall(rb"(\d+) 0 R", found.group(1))] if found else []

    def resources(self, owner: bytes) -> dict[bytes, int]:
        """XObject names and their objects, from an object's /Resources (inline or referenced)."""
        inline = re.search(rb"/Resources\s*(\d+) 0 R", owner)
        text = self.dictionary(int(inline.group(1))) if inline else owner
        found = re.search(rb"/XObject\s*(?:<<(.*?)>>|(\d+) 0 R)", text, re.S)
        if not found:
            return {}
        body = found.group(1) if found.group(1) is not None else self.dictionary(int(found.group(2)))
        return {name: int(n) for name, n in re.findall(rb"/([^\s/<>\[\]]+)\s+(\d+) 0 R", body)}

    def pages(self) -> list[int]:
        root = int(re.search(rb"/Root (\d+) 0 R", self.data[self.data.rfind(b"trailer"):]).group(1))
        order = []

        def walk(number):
            node = self.dictionary(number)
            if re.search(rb"/Type\s*/Pages\b", node):
                for kid in self.refs(node, b"Kids"):
                    walk(kid)
            else:
                order.append(number)

        walk(self.refs(self.dictionary(root), b"Pages")[0])
        return order


def _ink(reader: _Reader, content: bytes, xobjects: dict, ctm, marks: list, depth=0):
    """Append (y on the page, kind, count) for every mark a content stream makes."""
    stack, operands, text_matrix, line_matrix = [], [], None, None
    fill_white = stroke_white = False
    path = []
    for token in _TOKEN.findall(content):
        if token[:1].isalpha() or token[:1] in b"'\"":
            op = token
            if op == b"q":
                stack.append((ctm, fill_white, stroke_white))
            elif op == b"Q" and stack:
                ctm, fill_white, stroke_white = stack.pop()
            elif op == b"cm" and len(operands) >= 6:
                ctm = _matrix(tuple(float(x) for x in operands[-6:]), ctm)
            elif op == b"BT":
                text_matrix = line_matrix = (1, 0, 0, 1, 0, 0)
            elif op == b"Tm" and len(operands) >= 6:
                text_matrix = line_matrix = tuple(float(x) for x in operands[-6:])
            elif op in (b"Td", b"TD") and len(operands) >= 2 and line_matrix:
                text_matrix = line_matrix = _matrix((1, 0, 0, 1, float(operands[-2]), float(operands[-1])), line_matrix)
            elif op in (b"Tj", b"TJ", b"'", b'"') and text_matrix:
                shown = sum(len(re.sub(rb"\s", b"", t)) // 4 if t.startswith(b"<") else len(t) - 2
                            for t in operands if t[:1] in (b"<", b"("))
                if shown:
                    marks.append((_matrix(text_matrix, ctm)[5], "glyphs", shown))
            elif op in (b"rg", b"g", b"k"):
                fill_white = all(float(x) >= 0.98 for x in operands) if op != b"k" else all(float(x) <= 0.02 for x in operands)
            elif op in (b"RG", b"G", b"K"):
                stroke_white = all(float(x) >= 0.98 for x in operands) if op != b"K" else all(float(x) <= 0.02 for x in operands)
            elif op in (b"m", b"l", b"c", b"v", b"y") and len(operands) >= 2:
                path.append(float(operands[-1]))
            elif op == b"re" and len(operands) >= 4:
                y, h = float(operands[-3]), float(operands[-1])
                path += [y, y + h]
            elif op in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s"):
                white = stroke_white if op in (b"S", b"s") else fill_white
                if path and not white:
                    ys = [_matrix((1, 0, 0, 1, 0, y), ctm)[5] for y in (min(path), max(path))]
                    marks += [(ys[0], "shapes", 1), (ys[1], "shapes", 0)]
                path = []
            elif op == b"n":
                path = []
            elif op == b"Do" and operands and operands[-1][:1] == b"/":
                number = xobjects.get(operands[-1][1:])
                if number is not None:
                    head = reader.dictionary(number)
                    if b"/Subtype /Image" in head:
                        ys = [_matrix((1, 0, 0, 1, 0, y), ctm)[5] for y in (0, 1)]
                        marks += [(ys[0], "images", 1), (ys[1], "images", 0)]
                    elif b"/Subtype /Form" in head and depth < 8:
                        matrix = re.search(rb"/Matrix\s*\[([^\]]*)\]", head)
                        form_ctm = _matrix(tuple(float(x) for x in matrix.group(1).split()), ctm) if matrix else ctm
                        _ink(reader, reader.stream(number), reader.resources(head) or xobjects, form_ctm,
                             marks, depth + 1)
            operands = []
        else:
            operands.append(token)


def pdf_pages(pdf: Path) -> list[PageInk]:
    """What is printed on each page of a PDF that Chromium wrote, within the printable area."""
    reader = _Reader(Path(pdf).read_bytes())
    found = []
    for number in reader.pages():
        page = reader.dictionary(number)
        box = [float(x) for x in re.search(rb"/MediaBox\s*\[([^\]]*)\]", page).group(1).split()]
        height = box[3] - box[1]
        top_margin, bottom_margin = (MARGIN_MM[side] / 25.4 * 72 for side in ("top", "bottom"))
        marks = []
        content = b"\n".join(reader.stream(n) for n in reader.refs(page, b"Contents"))
        _ink(reader, content, reader.resources(page), (1, 0, 0, 1, 0, 0), marks)
        # from the top of the printable area, in shares of its height: the footer, in the
        # bottom margin, does not count
        printable = height - top_margin - bottom_margin
        inside = [((height - top_margin - y) / printable, kind, n) for y, kind, n in marks]
        inside = [(y, kind, n) for y, kind, n in inside if -0.01 <= y <= 1.01]
        counts = {kind: sum(n for _, k, n in inside if k == kind) for kind in ("glyphs", "images", "shapes")}
        found.append(PageInk(counts["glyphs"], counts["images"], counts["shapes"],
                             min((y for y, _, _ in inside), default=1.0), max((y for y, _, _ in inside), default=0.0)))
    return found


def problems(pdf: Path) -> list[str]:
    """Blank pages, and pages before the last whose marks fill less than a fifth of the page."""
    pages = pdf_pages(pdf)
    found = []
    for number, page in enumerate(pages, 1):
        if page.blank:
            found.append(f"{pdf.name}: page {number} of {len(pages)} is blank")
        elif number < len(pages) and page.filled < NEARLY_BLANK:
            found.append(f"{pdf.name}: page {number} of {len(pages)} is nearly blank "
                         f"({page.filled:.0%} of its height used)")
    return found


def faults(printed: dict) -> list[str]:
    """What is wrong with a printed chapter: blank or nearly blank pages, or more pages than
    its content fills (pages wasted by breaks)."""
    found = problems(printed["pdf"])
    count = len(pdf_pages(printed["pdf"]))
    if count > printed["expected_pages"] * 1.25 + 1:
        found.append(f"{printed['pdf'].name}: {count} pages for {printed['expected_pages']:.1f} pages of content")
    return found


def main(argv=None) -> int:
    from playwright.sync_api import sync_playwright
    from conftest import launch_chromium

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html", help="the built book")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "pdf", help="where the PDFs go")
    parser.add_argument("--chapter", action="append", help="only these chapters (e.g. book/clinical)")
    args = parser.parse_args(argv)
    if not (args.html / "index.html").exists():
        sys.exit(f"no built book in {args.html}: run `make book` first")
    found = []
    with serve(args.html) as site, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for chapter, pages in chapters():
            if args.chapter and chapter not in args.chapter:
                continue
            printed = print_chapter(browser, site, pages, args.out)
            out = printed["pdf"]
            count = len(pdf_pages(out))
            print(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: {count} pages, "
                  f"{len(pages)} book pages")
            found += faults(printed)
        browser.close()
    for fault in found:
        print(fault, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
