"""Live explorers: sliders built from `Parameter` descriptions, redrawing one figure.

A *view* is any object with a matplotlib `fig` and an `update(**values)` method that
changes the figure's artists in place. The same view draws the static figure for the
book (`static_figure`) and the live one (`Explorer`), so the two cannot disagree.

The explorer renders the figure to PNG itself and shows it in an `Image` widget: the
figure and its artists are built once, a slider move only updates data and re-renders.
"""

from __future__ import annotations

import io
import math
import time
from typing import Callable, Sequence

import ipywidgets as widgets

from .parameters import Parameter, defaults

STYLE = {"description_width": "initial"}
LAYOUT = widgets.Layout(width="min(36rem, 95%)")


def control_for(parameter: Parameter, continuous_update: bool = False) -> widgets.Widget:
    """The ipywidgets control for one parameter: slider, dropdown or multi-select."""
    p = parameter
    common = dict(description=p.description, style=STYLE, layout=LAYOUT)
    if p.is_choice:
        if p.multiple:
            return widgets.SelectMultiple(options=list(p.options), value=tuple(p.default),
                                          rows=min(len(p.options), 5), **common)
        return widgets.Dropdown(options=list(p.options), value=p.default, **common)
    if p.log:
        return widgets.FloatLogSlider(value=p.default, base=10, min=math.log10(p.minimum),
                                      max=math.log10(p.maximum), step=p.step,
                                      readout_format=".3g", continuous_update=continuous_update,
                                      **common)
    return widgets.FloatSlider(value=p.default, min=p.minimum, max=p.maximum, step=p.step,
                               readout_format=".3g", continuous_update=continuous_update, **common)


def render_png(fig, compress_level: int = 6) -> bytes:
    """The figure as PNG bytes. The Agg canvas is kept on the figure, so a redraw draws once
    and only re-encodes (savefig would attach a new canvas and draw twice)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    buffer = io.BytesIO()
    Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).save(
        buffer, format="png", compress_level=compress_level)
    return buffer.getvalue()


def static_figure(make_view: Callable, parameters: Sequence[Parameter], **overrides):
    """The view's figure at the default values (with any overrides), for the book."""
    view = make_view()
    view.update(**{**defaults(parameters), **overrides})
    return view.fig


class Explorer:
    """Sliders for `parameters` driving `view.update`, with the figure shown below them."""

    def __init__(self, view, parameters: Sequence[Parameter], continuous_update: bool = False):
        self.view = view
        self.parameters = list(parameters)
        self.controls = {p.name: control_for(p, continuous_update) for p in self.parameters}
        self.image = widgets.Image(format="png")
        self.status = widgets.HTML()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.widget = widgets.VBox([*self.controls.values(), self.status, self.image])
        self.last_redraw_seconds = 0.0
        self.redraw()

    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def set(self, **values) -> None:
        """Move controls programmatically (tests, benchmarks); each move redraws once."""
        for name, value in values.items():
            self.controls[name].value = value

    def redraw(self) -> None:
        start = time.perf_counter()
        summary = self.view.update(**self.values())
        # fast, light compression: a live image is replaced at the next move anyway
        self.image.value = render_png(self.view.fig, compress_level=1)
        # lay the figure out once; moving artists then needs no new layout
        self.view.fig.set_layout_engine("none")
        self.status.value = f"<p>{summary}</p>" if summary else ""
        self.last_redraw_seconds = time.perf_counter() - start

    def _on_change(self, _change) -> None:
        self.redraw()

    def __repr__(self) -> str:
        return f"Explorer({', '.join(self.controls)})"


def explore(make_view: Callable, parameters: Sequence[Parameter], **options) -> Explorer:
    """Build an explorer, display it in the notebook, and return it."""
    from IPython.display import display
    explorer = Explorer(make_view(), parameters, **options)
    display(explorer.widget)
    return explorer
