"""In-page explorers: the right pictures, alt text for each, and a weight budget per explorer."""

from __future__ import annotations

import re

import nbformat
import pytest

from celltherapy import cartmath, tcell_activation
from celltherapy.in_page import in_page_explorer, positions
from celltherapy.parameters import by_name
from conftest import NOTEBOOKS

BUDGET = 600_000  # bytes of HTML, pictures included, per explorer


def test_positions_span_the_slider_and_include_the_published_value():
    dose = by_name(cartmath.PARAMETERS, "dose")
    values = positions(dose, 12)
    assert values[0] == dose.minimum and values[-1] == dose.maximum and dose.default in values
    alpha = by_name(cartmath.PARAMETERS, "alpha")
    assert alpha.default in positions(alpha, 3)


def test_two_controls_give_every_combination_with_its_own_alt_text():
    explorer = in_page_explorer(tcell_activation, "receptor", "costimulation")
    assert len(explorer.pictures) == len(tcell_activation.RECEPTORS) * len(tcell_activation.PRESENT)
    alts = [alt for _, alt in explorer.pictures]
    assert len(set(alts)) == len(alts)
    assert all(alt.startswith("receptor ") and "signal" in alt for alt in alts)
    page = explorer._repr_html_()
    assert "<script src" not in page and "http" not in page  # nothing fetched from anywhere
    assert page.count("<label for=") == 2


def test_a_one_slider_explorer_names_its_positions():
    explorer = in_page_explorer(cartmath, "dose", count=4)
    html = explorer._repr_html_()
    assert 'type="range"' in html and "aria-valuetext" in html
    assert "tumour" in explorer.pictures[0][1] and "CAR T dose" in explorer.pictures[0][1]


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if "explore_" in p.read_text()], ids=lambda p: p.name)
def test_every_widget_notebook_has_a_light_in_page_explorer(path):
    nb = nbformat.read(path, as_version=4)
    outputs = [o for c in nb.cells if "in_page_explorer(" in c.source for o in c.outputs]
    assert outputs, f"{path.name} has no in-page explorer"
    html = outputs[0]["data"]["text/html"]
    assert len(html.encode()) < BUDGET, f"{path.name}: {len(html.encode()) / 1000:.0f} kB"
    assert re.search(r'<img src="data:image/png;base64,', html)
