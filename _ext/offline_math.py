"""Equations without a CDN: the book serves its own MathJax, and only pages with math load it.

Sphinx would load MathJax 3 from jsDelivr, so a reader offline (or a classroom served from a
laptop) saw raw TeX. MathJax 3.2.2 comes from npm's lock (package-lock.json, `npm ci` in the
Makefile) and is copied into the built site: the combined TeX → HTML component and the parts
it fetches itself (TeX extensions, fonts, the menu and its accessibility modules).

Sphinx also loads MathJax on every page whose table-of-contents children have math (a chapter
whose notebook has an equation, the front page); here a page loads it only when its own body
holds an equation.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.errors import ExtensionError

MATHJAX = Path("node_modules") / "mathjax" / "es5"
COMPONENT = "tex-chtml.js"
# what tex-chtml.js may fetch at run time, relative to its own folder
FETCHED = ("input/tex/extensions", "output/chtml", "ui", "a11y", "adaptors")
TARGET = "mathjax"  # inside _static


def source(app) -> Path:
    folder = Path(app.confdir) / MATHJAX
    if not (folder / COMPONENT).exists():
        raise ExtensionError(f"MathJax is missing from {folder}: run `npm ci` (make book does it), "
                             "which installs it from package-lock.json")
    return folder


def use_local_mathjax(app, config):
    source(app)
    config.mathjax_path = f"{TARGET}/{COMPONENT}"


def only_where_there_is_math(app, pagename, templatename, context, doctree):
    """Drop MathJax (and its configuration script) from a page with no equation of its own."""
    math = app.env.get_domain("math")
    if math.data["has_equations"].get(pagename) or "script_files" not in context:
        return
    context["script_files"] = [js for js in context["script_files"]
                               if TARGET not in str(js.filename) and "MathJax" not in js.attributes.get("body", "")]


def copy_mathjax(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    folder, target = source(app), Path(app.outdir) / "_static" / TARGET
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(folder / COMPONENT, target / COMPONENT)
    for part in FETCHED:
        shutil.copytree(folder / part, target / part, dirs_exist_ok=True)


def setup(app):
    app.connect("config-inited", use_local_mathjax)
    app.connect("html-page-context", only_where_there_is_math, priority=600)  # after sphinx.ext.mathjax
    app.connect("build-finished", copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
