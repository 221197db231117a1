"""In-page explorers: the right pictures, alt text for each, and a weight budget per explorer."""

from __future__ import annotations

import html
import importlib
import json
import pkgutil
import re

import nbformat
import numpy as np
import pytest

import celltherapy
from celltherapy import cartmath, nk_balance, patient_variability, tcell_activation, trials
from celltherapy.in_page import in_page_explorer, positions
from celltherapy.parameters import by_name
from celltherapy.widgets import control_for
from conftest import NOTEBOOKS

CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")  # a name from the code (response_pct), not words

BUDGET = 600_000  # bytes of HTML, pictures included, per explorer


EXPLORERS = [module for module in (importlib.import_module(f"celltherapy.{m.name}")
                                    for m in sorted(pkgutil.iter_modules(celltherapy.__path__), key=lambda m: m.name)
                                    if not m.ispkg) if hasattr(module, "EXPLORER")]
SLIDERS = [(m.__name__.rsplit(".", 1)[-1], p) for m in EXPLORERS for p in m.EXPLORER[1] if not p.is_choice]
CHOICES = [(m.__name__.rsplit(".", 1)[-1], p) for m in EXPLORERS for p in m.EXPLORER[1] if p.is_choice]


@pytest.mark.parametrize("module, parameter", SLIDERS, ids=lambda x: getattr(x, "name", x))
@pytest.mark.parametrize("count", [3, 6, 16])
def test_slider_positions_are_evenly_spaced_with_the_published_value_among_them(module, parameter, count):
    values = positions(parameter, count)
    assert parameter.default in values
    assert parameter.minimum <= values[0] and values[-1] <= parameter.maximum
    assert count / 2 <= len(values) <= count * 1.5 + 1
    steps = np.diff(np.log10(values) if parameter.log else values)
    # positions are rounded to the slider's step (three figures on a log slider): nearly equal steps
    tolerance = 0.005 if parameter.log else max(0.02 * steps.mean(), 1e-9)  # three figures: 0.002 decade
    assert np.ptp(steps) <= tolerance, f"{module}.{parameter.name}: uneven {values}"


def test_a_grid_through_both_ends_is_preferred_when_one_fits():
    variability = by_name(patient_variability.PARAMETERS, "variability")  # 0 to 1.5, default 1
    values = positions(variability, 16)
    assert values[0] == variability.minimum and values[-1] == variability.maximum


@pytest.mark.parametrize("module, parameter", SLIDERS, ids=lambda x: getattr(x, "name", x))
def test_every_number_has_a_unit(module, parameter):
    assert parameter.units.strip(), f"{module}.{parameter.name} has no unit"


@pytest.mark.parametrize("module, parameter", CHOICES, ids=lambda x: getattr(x, "name", x))
def test_every_option_is_shown_in_words(module, parameter):
    for option in parameter.options:
        text = parameter.option_text(option)
        assert not CODE.search(text) and text not in ("True", "False"), f"{module}.{parameter.name}: {text!r}"


def test_a_menu_shows_the_words_and_keeps_the_value():
    metric = by_name(trials.PARAMETERS, "metric")
    assert metric.option_text("response_pct") == "Response (as each trial defines it) (% of patients)"
    control = control_for(metric)
    assert control.value == "response_pct" and control.label.startswith("Response")


def test_two_controls_give_every_combination_with_its_own_alt_text():
    explorer = in_page_explorer(tcell_activation, "receptor", "costimulation")
    assert len(explorer.pictures) == len(tcell_activation.RECEPTORS) * len(tcell_activation.PRESENT)
    alts = [alt for _, alt, _ in explorer.pictures]
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


def committed_explorers():
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if "in_page_explorer(" in cell.source and cell.outputs:
                yield path.name, "".join(cell.outputs[0]["data"]["text/html"])


@pytest.mark.parametrize("name, page", list(committed_explorers()),
                         ids=lambda x: x if x.endswith("ipynb") else "")
def test_no_position_shows_an_error_or_code(name, page):
    frames = json.loads(re.search(r'<script type="application/json" class="in-page-frames">(.*?)</script>',
                                  page, re.S).group(1).replace("<\\/", "</"))
    shown = [alt for _, alt, _ in frames] + re.findall(r"<option[^>]*>(.*?)</option>", page) + \
        [label for labels in re.findall(r"data-labels='(.*?)'", page) for label in json.loads(html.unescape(labels))]
    for text in shown:
        assert "Cannot" not in text and "error" not in text.lower() and not CODE.search(text), f"{name}: {text}"


def test_one_polite_live_region_announces_the_summary_and_the_value_is_spoken_once():
    page = in_page_explorer(nk_balance, "mhc", "ligand", count=(3, 3))._repr_html_()
    assert page.count('aria-live="polite"') == 1 and 'role="status"' in page
    assert "<img" in page and "aria-live" not in re.search(r"<img[^>]*>", page).group(0)
    # the visible value next to a slider is hidden from screen readers: aria-valuetext says it
    assert page.count('aria-hidden="true">') == page.count("<output")


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if "explore_" in p.read_text()], ids=lambda p: p.name)
def test_every_widget_notebook_has_a_light_in_page_explorer(path):
    nb = nbformat.read(path, as_version=4)
    outputs = [o for c in nb.cells if "in_page_explorer(" in c.source for o in c.outputs]
    assert outputs, f"{path.name} has no in-page explorer"
    html = outputs[0]["data"]["text/html"]
    assert len(html.encode()) < BUDGET, f"{path.name}: {len(html.encode()) / 1000:.0f} kB"
    assert re.search(r'<img src="data:image/png;base64,', html)
