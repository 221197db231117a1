"""The book builds with -W -n from a clean copy, and the build catches what it must."""

from __future__ import annotations

import re

import nbformat
import yaml

from conftest import ROOT, build_book, copy_source


def test_clean_build_has_no_warnings(built_book):
    assert (built_book / "book" / "car-t.html").exists()
    assert (built_book / "notebooks" / "car_t_dose.html").exists()


def test_every_page_in_the_toc_is_built(built_book):
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = re.findall(r"file: (\S+)", (ROOT / "_toc.yml").read_text()) + [toc["root"]]
    for f in files:
        assert (built_book / f"{f}.html").exists(), f"{f} missing from the built book"


def test_notebook_pages_have_launch_buttons(built_book):
    html = (built_book / "notebooks" / "car_t_kinetics.html").read_text()
    assert "mybinder.org/v2/gh/" in html and "notebooks/car_t_kinetics.ipynb" in html
    assert "colab.research.google.com/github/" in html


def test_faults_fail_the_build_and_name_their_file(tmp_path):
    source = copy_source(tmp_path / "src")
    # only the pages the faults are in, and the back matter they cite into: a third of the build
    # time; warnings about links to the pages left out do not matter here
    (source / "_toc.yml").write_text("format: jb-book\nroot: book/intro\nchapters:\n  - file: book/car-t\n"
                                     "    sections:\n      - file: notebooks/car_builder\n"
                                     "  - file: book/glossary\n  - file: book/references\n")
    chapter = source / "book" / "car-t.md"
    chapter.write_text(chapter.read_text()
                       + "\nSee {cite}`nosuchkey2099` and {doc}`no-such-page`.\n")
    notebook = source / "notebooks" / "car_builder.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    figure_cell = next(c for c in nb.cells if "mystnb" in c.metadata)
    del figure_cell.metadata["mystnb"]["image"]
    nbformat.write(nb, notebook)
    result = build_book(source)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(r"car-t\.md.*nosuchkey2099", log), log[-3000:]
    assert re.search(r"car-t\.md.*no-such-page", log), log[-3000:]
    assert "figure without alt text in" in log and "car_builder.ipynb" in log, log[-3000:]


def test_icon_font_replaces_the_heavy_icon_script(built_book):
    script = built_book / "_static" / "scripts" / "fontawesome.js"
    assert script.stat().st_size < 1000, "the theme's 1.5 MB fontawesome.js was not replaced"
    css = (built_book / "_static" / "icons.css").read_text()
    used = set()
    for page in built_book.rglob("*.html"):
        used |= set(re.findall(r"\bfa-(?!solid\b|brands\b|lg\b)([a-z0-9-]+)", page.read_text()))
    missing = {icon for icon in used if f".fa-{icon}::before" not in css}
    assert not missing, f"icons used by the theme but not drawn by icons.css: {sorted(missing)}"
