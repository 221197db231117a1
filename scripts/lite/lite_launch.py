"""Sphinx extension: a "Run in your browser" launch button on every page whose notebook is in
the JupyterLite site (every notebook and student exercise; scripts/lite/lite_site.py builds it
into `lite/` next to the book). It sits in the rocket menu with Binder and Colab and is a plain
link: the page loads nothing of the JupyterLite site until the reader follows it."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import quote

from lite_site import LITE_APP, lite_notebooks

TEXT = "Run in your browser"


def add_lite_button(app, pagename, templatename, context, doctree):
    in_lite_site = {PurePosixPath(p) for p in lite_notebooks(Path(app.srcdir))}
    if doctree is None or PurePosixPath(f"{pagename}.ipynb") not in in_lite_site:
        return
    url = f"{context['pathto'](LITE_APP, 1)}?path={quote(pagename + '.ipynb')}"
    for group in context.get("header_buttons", []):
        if group.get("label") == "launch-buttons":
            group["buttons"].append({"type": "link", "text": TEXT, "url": url,
                                     "tooltip": "Run this notebook in your browser (JupyterLite): nothing to install",
                                     "icon": "_static/images/logo_jupyterlite.svg", "label": "lite-button"})


def setup(app):
    # after sphinx-book-theme has made its launch buttons (priority 501)
    app.connect("html-page-context", add_lite_button, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
