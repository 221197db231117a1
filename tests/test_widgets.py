"""Every explorer swept over every slider: extremes included, no exception, no NaN or
negative population in what it draws, and a redraw fast enough to feel live."""

from __future__ import annotations

import importlib
import pkgutil
import re

import numpy as np
import pytest

import celltherapy
from celltherapy.parameters import Parameter, by_name, defaults
from celltherapy.widgets import Explorer


def explorer_modules():
    for info in pkgutil.iter_modules(celltherapy.__path__):
        module = importlib.import_module(f"celltherapy.{info.name}")
        if hasattr(module, "EXPLORER"):
            yield module


MODULES = list(explorer_modules())


def test_every_widget_module_is_found():
    assert {m.__name__.split(".")[-1] for m in MODULES} >= {"car_structure", "car_kinetics", "cartmath"}


def settings(parameters):
    """One parameter at a time across its range (with the parameter's name), then every numeric
    one at its minimum and at its maximum together (name None)."""
    for p in parameters:
        for value in p.sweep_values():
            yield p.name, {p.name: value}
    numeric = [p for p in parameters if not p.is_choice]
    if numeric:
        yield None, {p.name: p.minimum for p in numeric}
        yield None, {p.name: p.maximum for p in numeric}


def drawn_values(fig):
    """The y data of every labelled line: the plotted quantities (unlabelled lines, whose labels
    matplotlib starts with "_", are drawing aids such as leader lines)."""
    for ax in fig.axes:
        for line in ax.get_lines():
            if not line.get_label().startswith("_"):
                yield line.get_label(), np.asarray(line.get_ydata(), dtype=float)


def assert_shows_well(explorer, values):
    """A picture was made, the summary shows no NaN or infinity, and nothing drawn is infinite
    or a negative population."""
    assert explorer.image.value[:4] == b"\x89PNG"
    assert not re.search(r"\b(nan|inf)\b", explorer.status.text.lower()), f"{explorer.status.text} at {values}"
    for label, y in drawn_values(explorer.view.fig):
        finite = y[np.isfinite(y)]
        assert not np.any(np.isinf(y)), f"{label}: infinite value at {values}"
        assert np.all(finite >= 0), f"{label}: negative value at {values}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_sweep(module):
    """Every slider across its range, ends included: a picture, no NaN shown, nothing infinite or
    negative drawn. And when a move changes the one-line summary, the live picture changes too:
    an artist left out of the view's dynamic_artists() would stay frozen in the blitted
    background (one sweep checks both)."""
    view_class, parameters = module.EXPLORER
    explorer = Explorer(view_class(), parameters)
    times, shown = [], {}  # shown: parameter -> {summary: picture}
    for name, values in settings(parameters):
        explorer.set(**{**defaults(parameters), **values})
        explorer.redraw()
        times.append(explorer.last_redraw_cpu_seconds)  # what it costs, not what neighbours cost
        assert_shows_well(explorer, values)
        if name:
            shown.setdefault(name, {}).setdefault(explorer.status.text, explorer.image.value)
    # a regression guard, not the benchmark: a redraw this slow would feel broken
    assert np.median(times) < 0.5
    for name, pictures in shown.items():
        frozen = len(pictures) - len(set(pictures.values()))
        assert not frozen, f"{name}: {frozen} summaries share a picture with another"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_parameters_are_fully_described(module):
    _, parameters = module.EXPLORER
    for p in parameters:
        assert p.label and (p.is_choice or p.units is not None)
        assert by_name(parameters, p.name) is p


def test_a_static_artist_above_a_moving_one_is_drawn_after_it():
    """Blitting puts moving artists on a kept picture; a static artist stacked above them (the
    typical patient over the cohort) must be drawn again after them, or it ends up hidden."""
    import matplotlib.pyplot as plt

    from celltherapy.widgets import stacked_from

    fig, ax = plt.subplots()
    moving = ax.plot([0, 1], [0, 1])[0]
    under = ax.plot([0, 1], [1, 0], zorder=1)[0]
    above = ax.plot([0, 1], [0.5, 0.5])[0]  # same zorder, added later: drawn after
    label = ax.text(0.5, 0.5, "reference")
    ax.legend(["moving"])
    assert stacked_from([moving]) == [moving, above, label]
    assert under not in stacked_from([moving]) and ax.xaxis not in stacked_from([moving])
    plt.close(fig)


def test_parameter_validation():
    with pytest.raises(ValueError):
        Parameter("x", "x", 5.0, "", 0.0, 1.0, 0.1)
    with pytest.raises(ValueError):
        Parameter("x", "x", 1.0, "", 0.0, 10.0, 0.1, log=True)
    with pytest.raises(ValueError):
        Parameter("x", "x", "c", options=("a", "b"))
    log = Parameter("x", "x", 1.0, "", 0.1, 10.0, 0.1, log=True)
    assert log.sweep_values(3) == pytest.approx([0.1, 1.0, 10.0])


