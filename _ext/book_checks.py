"""Sphinx checks the book lives by, and one page-weight fix.

Checks, reported as warnings so `-W` turns them into errors: every image must carry meaningful
alt text, and every figure produced by a notebook cell must have a caption. Each warning names
the file and says what to add.

Fixes to the theme's output, after the build: the theme loads scripts/fontawesome.js (1.5 MB)
on every page to draw about twenty icons; that file is replaced by a one-line script, and
_ext/static/icons.css draws the same icons from the theme's own web fonts. The sidebar's
expand toggles get an accessible name, the sidebar becomes a landmark, and the bibliography's
entries become the items of its list (docutils gives them a deprecated role instead).
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

# alt text that only repeats a file name or says nothing
MEANINGLESS_ALT = re.compile(r"^(|image|figure|png|plot|output|.*\.(png|jpe?g|svg|gif))$", re.I)


def check_images(app, doctree, docname):
    source = app.env.doc2path(docname)
    for image in doctree.findall(nodes.image):
        alt = (image.get("alt") or "").strip()
        if MEANINGLESS_ALT.match(alt):
            logger.warning(f"figure without alt text in {source}: add `image: alt:` to the cell's "
                           f"mystnb metadata, or alt text to the image", location=image,
                           type="book", subtype="alt")
        in_notebook = str(source).endswith(".ipynb")
        figure = image.parent if isinstance(image.parent, nodes.figure) else None
        if in_notebook and (figure is None or not list(figure.findall(nodes.caption))):
            logger.warning(f"notebook figure without caption in {source}: add `figure: caption:` "
                           f"to the cell's mystnb metadata", location=image,
                           type="book", subtype="caption")


FONTAWESOME_STUB = "/* Replaced by icons.css (the course book's _ext/book_checks.py): same icons, 1.5 MB less. */\n"


# Accessibility fixes to the theme's and docutils' markup, found by axe:
HTML_FIXES = (
    # sidebar toggles are <summary> elements with only an icon: give them a name (summary-name)
    ('<summary><span class="toctree-toggle" role="presentation">',
     '<summary aria-label="Show or hide the pages of this chapter"><span class="toctree-toggle" role="presentation">'),
    # docutils marks each bibliography entry with the deprecated role doc-biblioentry (axe's
    # aria-deprecated-role) inside a role="list" that then has no list items
    # (aria-required-children): the entries become the list's items, as ARIA now advises
    ('<div class="citation" id="', '<div class="citation" role="listitem" id="'),
    (' role="doc-biblioentry">', '>'),
    # a table's empty corner cell is a header with no text (axe's empty-table-header): it heads
    # nothing, so it becomes a plain cell
    ('<th class="head"><p></p></th>', '<td></td>'),
    # the sidebar's brand block (the book's title) and search button sit outside every landmark
    # (axe's region rule): the sidebar becomes one, holding them and the chapter navigation
    ('<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar">',
     '<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar" role="complementary" '
     'aria-label="The book: title, search and chapters">'),
)


def fix_built_pages(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    scripts = out / "_static" / "scripts"
    if (scripts / "fontawesome.js").exists():
        (scripts / "fontawesome.js").write_text(FONTAWESOME_STUB)
        (scripts / "fontawesome.js.map").unlink(missing_ok=True)
    for page in out.rglob("*.html"):
        text = original = page.read_text(encoding="utf-8")
        for old, new in HTML_FIXES:
            text = text.replace(old, new)
        if text != original:
            page.write_text(text, encoding="utf-8")


def setup(app):
    app.connect("doctree-resolved", check_images)
    app.connect("build-finished", fix_built_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
