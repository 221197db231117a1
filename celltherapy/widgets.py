"""Live explorers: sliders built from `Parameter` descriptions, redrawing one figure.

A *view* is any object with a matplotlib `fig` and an `update(**values)` method that
changes the figure's artists in place. The same view draws the static figure for the
book (`static_figure`) and the live one (`Explorer`), so the two cannot disagree.

The explorer renders the figure to PNG itself and shows it in an `Image` widget: the
figure and its artists are built once, a slider move only updates data and re-renders. A view
whose moves change only some artists lists them in `dynamic_artists()`; the explorer then
draws everything else once, keeps that picture, and per move draws only those artists on it
(blitting), which is what keeps a redraw well under 50 ms. Live figures are drawn on a
`LiveCanvas`, which renders each label once and encodes a quick PNG (see `live_canvas`).
"""

from __future__ import annotations

import io
import math
import time
from typing import Callable, Sequence

import anywidget
import ipywidgets as widgets
import traitlets

from .live_canvas import live_canvas, quick_png
from .parameters import Parameter, defaults

STYLE = {"description_width": "initial"}
LAYOUT = widgets.Layout(width="min(36rem, 95%)")


def control_for(parameter: Parameter, continuous_update: bool = False) -> widgets.Widget:
    """The ipywidgets control for one parameter: slider, dropdown or multi-select."""
    p = parameter
    common = dict(description=p.description, style=STYLE, layout=LAYOUT)
    if p.is_choice:
        options = [(p.option_text(o), o) for o in p.options]  # words shown, values kept
        if p.multiple:
            return widgets.SelectMultiple(options=options, value=tuple(p.default),
                                          rows=min(len(p.options), 5), **common)
        return widgets.Dropdown(options=options, value=p.default, **common)
    if p.log:
        return widgets.FloatLogSlider(value=p.default, base=10, min=math.log10(p.minimum),
                                      max=math.log10(p.maximum), step=p.step,
                                      readout_format=".3g", continuous_update=continuous_update,
                                      **common)
    return widgets.FloatSlider(value=p.default, min=p.minimum, max=p.maximum, step=p.step,
                               readout_format=".3g", continuous_update=continuous_update, **common)


def agg_canvas(fig):
    """The figure's Agg canvas, attached once and kept, so redraws reuse it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    return fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)


def encode_png(canvas, compress_level: int = 6) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    dpi = canvas.figure.dpi  # stated in the PNG (pHYs), so a page can tell how large its text is
    Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).save(
        buffer, format="png", compress_level=compress_level, dpi=(dpi, dpi))
    return buffer.getvalue()


def render_png(fig, compress_level: int = 6) -> bytes:
    """The figure as PNG bytes (savefig would attach a new canvas and draw twice)."""
    canvas = agg_canvas(fig)
    canvas.draw()
    return encode_png(canvas, compress_level)


def static_figure(make_view: Callable, parameters: Sequence[Parameter], **overrides):
    """The view's figure at the default values (with any overrides), for the book."""
    view = make_view()
    view.update(**{**defaults(parameters), **overrides})
    return view.fig


class Drawing:
    """A view's figure drawn again after each update, on the canvas `canvas_of(fig)` gives. Where
    the view lists its `dynamic_artists()`, the rest is drawn once and kept, and each later
    drawing puts only the moving artists on the kept picture (blitting), together with what a
    full drawing stacks above them in their axes (a reference line, a label), so that nothing
    static ends up hidden under a moving curve. Axis lines, tick labels and legends are the
    exception: drawing them every time costs most of the saving (legends alone put
    antigen_escape over its 50-ms budget), and views keep their legends clear of the curves.
    Used by the live explorer and for the in-page explorer's pictures, so both show the same
    picture for the same settings."""

    def __init__(self, view, canvas_of: Callable):
        self.view, self.canvas_of = view, canvas_of
        self._background = None

    def draw(self):
        """Draw the figure as the view's artists are now; the canvas, drawn."""
        fig = self.view.fig
        canvas = self.canvas_of(fig)  # asked each time: showing a figure can attach another canvas
        dynamic = getattr(self.view, "dynamic_artists", None)
        if dynamic is None:
            canvas.draw()
        else:
            moving = stacked_from(dynamic())  # asked each time: a view may replace an artist
            if self._background is None:
                for artist in moving:
                    artist.set_animated(True)  # left out of the kept picture
                canvas.draw()
                self._background = canvas.copy_from_bbox(fig.bbox)
            canvas.restore_region(self._background)
            for artist in moving:
                fig.draw_artist(artist)
        # lay the figure out once; moving artists then needs no new layout
        fig.set_layout_engine("none")
        return canvas


def stacked_from(dynamic: list) -> list:
    """The dynamic artists and every other artist of their axes that a full drawing stacks above
    the lowest of them (axis lines, ticks, legends and empty titles apart), in the order a full
    drawing draws them: by zorder, then in the order they were added."""
    from matplotlib.axis import Axis
    from matplotlib.legend import Legend
    from matplotlib.spines import Spine
    from matplotlib.text import Text

    chosen = {id(a) for a in dynamic}
    ordered, loose = [], [a for a in dynamic if a.axes is None]
    for ax in dict.fromkeys(a.axes for a in dynamic if a.axes is not None):
        children = sorted(ax.get_children(), key=lambda a: a.get_zorder())  # stable, as Axes.draw
        among = {id(a) for a in children}
        ranks = [i for i, a in enumerate(children) if id(a) in chosen]
        lowest = min(ranks, default=len(children))
        ordered += [a for a in children[lowest:] if id(a) in chosen
                    or (a.get_visible() and a is not ax.patch and not isinstance(a, (Axis, Spine, Legend))
                        and not (isinstance(a, Text) and not a.get_text()))]
        loose += [a for a in dynamic if a.axes is ax and id(a) not in among]
    return ordered + sorted(loose, key=lambda a: a.get_zorder())


class Summary(anywidget.AnyWidget):
    """The explorer's summary in words, shown under the controls and read out by screen readers:
    a polite live region that stays in the page, so each new text is announced once. (An
    ipywidgets HTML widget cannot mark itself as one, and a live region put inside its HTML
    would be a new element at every move, which screen readers do not reliably read.)"""

    _esm = """
    export default {
      render({ model, el }) {
        el.classList.add("explorer-summary");
        el.setAttribute("role", "status");
        el.setAttribute("aria-live", "polite");
        el.setAttribute("aria-atomic", "true");
        const show = () => { el.textContent = model.get("text"); };
        // every redraw counts a move, so an unchanged summary is said again: the student hears
        // that the move was made and what it shows
        model.on("change:moves", show);
        show();
      },
    };
    """
    _css = ".explorer-summary { margin: 0.5em 0; line-height: 1.4; max-width: 44rem; }"
    text = traitlets.Unicode("").tag(sync=True)
    moves = traitlets.Int(0).tag(sync=True)

    def say(self, text: str) -> None:
        with self.hold_sync():  # text and count in one message: one change of the region
            self.text = text
            self.moves += 1


class Explorer:
    """Sliders for `parameters` driving `view.update`, with the figure shown below them."""

    def __init__(self, view, parameters: Sequence[Parameter], continuous_update: bool = False):
        self.view = view
        self.parameters = list(parameters)
        self.controls = {p.name: control_for(p, continuous_update) for p in self.parameters}
        self.image = widgets.Image(format="png")
        self.status = Summary()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.widget = widgets.VBox([*self.controls.values(), self.status, self.image])
        self.last_redraw_seconds = 0.0
        # the processor time of the same redraw: what it costs, without waits for other programs
        self.last_redraw_cpu_seconds = 0.0
        self._drawing = Drawing(view, live_canvas)
        self._holding = False
        self.redraw()

    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def set(self, **values) -> bool:
        """Move controls programmatically (tests, benchmarks); one redraw for all the moves
        together, none if nothing moved. Whether it redrew."""
        before = self.values()
        self._holding = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._holding = False
        if self.values() == before:
            return False
        self.redraw()
        return True

    def redraw(self) -> None:
        start, start_cpu = time.perf_counter(), time.process_time()
        summary = self.view.update(**self.values())
        self.image.value = quick_png(self._drawing.draw())
        self.status.say(summary or "")
        self.last_redraw_seconds = time.perf_counter() - start
        self.last_redraw_cpu_seconds = time.process_time() - start_cpu

    def _on_change(self, _change) -> None:
        if not self._holding:
            self.redraw()

    def __repr__(self) -> str:
        return f"Explorer({', '.join(self.controls)})"


def explore(make_view: Callable, parameters: Sequence[Parameter], **options) -> Explorer:
    """Build an explorer, display it in the notebook, and return it."""
    from IPython.display import display
    explorer = Explorer(make_view(), parameters, **options)
    display(explorer.widget)
    return explorer
