"""Sphinx checks the book lives by, and one page-weight fix.

Checks, reported as warnings so `-W` turns them into errors: every image must carry meaningful
alt text, and every figure produced by a notebook cell must have a caption. Each warning names
the file and says what to add.

Page weight: the theme loads scripts/fontawesome.js (1.5 MB) on every page to draw about
twenty icons. After the build that file is replaced by a one-line script, and
_ext/static/icons.css draws the same icons from the theme's own web fonts.
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


def replace_fontawesome(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    scripts = Path(app.outdir) / "_static" / "scripts"
    if (scripts / "fontawesome.js").exists():
        (scripts / "fontawesome.js").write_text(FONTAWESOME_STUB)
        (scripts / "fontawesome.js.map").unlink(missing_ok=True)


def setup(app):
    app.connect("doctree-resolved", check_images)
    app.connect("build-finished", replace_fontawesome)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
