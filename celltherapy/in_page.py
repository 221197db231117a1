"""Explorers that work in the static HTML book: no kernel, no external script, no network.

From the same view and `Parameter` descriptions as the live explorer, render the figure at a
handful of positions of the one or two parameters that matter most, embed the pictures in
the page, and switch between them with labelled controls: a native range input for a number
(keyboard-operable by default), a menu for a choice. Each picture carries its own alt text,
the view's one-line summary at that position.

A notebook opts in with one call, `in_page_explorer(module, "dose")`, in a cell whose output
the book shows. Pictures are drawn smaller and with a reduced palette than the live figure, so
that an explorer of 16 positions stays well under 600 KB.
"""

from __future__ import annotations

import base64
import html
import io
import itertools
import json
from dataclasses import dataclass

import numpy as np

from .parameters import Parameter, by_name, defaults
from .style import sci
from .widgets import agg_canvas

DPI = 64          # the live figure uses 100; the page version trades sharpness for weight
COLOURS = 48      # palette size of the embedded PNGs


def positions(parameter: Parameter, count: int) -> list:
    """Evenly spaced positions (in log space for log sliders), ends and the default included;
    every option of a menu."""
    if parameter.is_choice:
        if parameter.multiple:  # none, each alone, the first two together, all
            pair = [tuple(parameter.options[:2])] if len(parameter.options) > 2 else []
            return [tuple(v) for v in parameter.sweep_values()][:-1] + pair + [tuple(parameter.options)]
        return list(parameter.options)
    step = parameter.step if not parameter.log else None
    # round to the slider's own step, or to three significant figures on a log slider
    values = [float(np.round(v / step) * step) if step else float(f"{v:.3g}") for v in parameter.sweep_values(count)]
    # the published (default) value is always one of the positions: swap it for its nearest one
    nearest = min(range(len(values)), key=lambda i: _distance(parameter, values[i]))
    if 0 < nearest < len(values) - 1:
        values[nearest] = parameter.default
    elif parameter.default not in values:
        values = sorted(values + [parameter.default])
    return values


def label(parameter: Parameter, value) -> str:
    if parameter.is_choice:
        text = " + ".join(value) if isinstance(value, tuple) else str(value)
        return text or "none"
    text = sci(value, 3) if parameter.log or abs(value) >= 1e4 or 0 < abs(value) < 1e-2 else f"{value:g}"
    return f"{text} {parameter.units}".strip()


def png(fig) -> bytes:
    """The figure as a small palette PNG."""
    from PIL import Image

    canvas = agg_canvas(fig)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).convert("RGB")
    buffer = io.BytesIO()
    image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        buffer, format="png", optimize=True)
    return buffer.getvalue()


@dataclass
class InPageExplorer:
    """Pre-rendered pictures of a view and the HTML that switches between them."""

    key: str
    controls: list          # [(Parameter, [values])]
    pictures: list          # [(data URI, alt text)] in row-major order of the controls
    title: str

    @property
    def bytes(self) -> int:
        return len(self._repr_html_().encode())

    def __repr__(self) -> str:
        names = " and ".join(p.name for p, _ in self.controls)
        return f"In-page explorer of {names}: {len(self.pictures)} pictures, {self.bytes / 1000:.0f} kB"

    def _repr_html_(self) -> str:
        ident = f"explorer-{self.key}"
        rows = []
        for index, (parameter, values) in enumerate(self.controls):
            control_id = f"{ident}-{parameter.name}"
            default = values.index(min(values, key=lambda v: _distance(parameter, v)))
            if parameter.is_choice:
                options = "".join(f'<option value="{i}"{" selected" if i == default else ""}>'
                                  f"{html.escape(label(parameter, v))}</option>" for i, v in enumerate(values))
                control = f'<select id="{control_id}" data-axis="{index}">{options}</select>'
            else:
                texts = json.dumps([label(parameter, v) for v in values])
                control = (f'<input type="range" id="{control_id}" data-axis="{index}" min="0" '
                           f'max="{len(values) - 1}" step="1" value="{default}" '
                           f"aria-valuetext=\"{html.escape(label(parameter, values[default]))}\" "
                           f"data-labels='{html.escape(texts)}'>"
                           f'<output for="{control_id}">{html.escape(label(parameter, values[default]))}</output>')
            # the live widget's usage hint in brackets ("ctrl-click ...") does not apply here
            name = parameter.label.split(" (")[0]
            rows.append(f'<div class="in-page-control"><label for="{control_id}">'
                        f"{html.escape(name)}</label>{control}</div>")
        start = _flat_index([values.index(min(values, key=lambda v: _distance(p, v))) for p, values in self.controls],
                            [len(v) for _, v in self.controls])
        uri, alt = self.pictures[start]
        data = json.dumps([[u, a] for u, a in self.pictures])
        sizes = json.dumps([len(v) for _, v in self.controls])
        return f"""<figure class="in-page-explorer" id="{ident}">
<figcaption>{html.escape(self.title)} <span class="in-page-note">(pictures drawn in advance: this
works without Python; launch Binder for every setting)</span></figcaption>
{''.join(rows)}
<img src="{uri}" alt="{html.escape(alt)}" aria-live="polite">
<script>
(function () {{
  var root = document.getElementById("{ident}"), pictures = {data}, sizes = {sizes};
  var image = root.querySelector("img"), controls = root.querySelectorAll("[data-axis]");
  function show() {{
    var index = 0;
    controls.forEach(function (c) {{
      index = index * sizes[+c.dataset.axis] + (+c.value);
      if (c.dataset.labels) {{
        var text = JSON.parse(c.dataset.labels)[+c.value];
        c.setAttribute("aria-valuetext", text);
        c.nextElementSibling.textContent = text;
      }}
    }});
    image.src = pictures[index][0];
    image.alt = pictures[index][1];
  }}
  controls.forEach(function (c) {{ c.addEventListener("input", show); c.addEventListener("change", show); }});
}})();
</script>
</figure>"""


def _distance(parameter: Parameter, value) -> float:
    if parameter.is_choice:
        return 0.0 if value == (tuple(parameter.default) if parameter.multiple else parameter.default) else 1.0
    if parameter.log:
        return abs(np.log10(value) - np.log10(parameter.default))
    return abs(value - parameter.default)


def _flat_index(indices, sizes) -> int:
    flat = 0
    for i, n in zip(indices, sizes):
        flat = flat * n + i
    return flat


def in_page_explorer(module, *names: str, count: int | tuple = 16, title: str | None = None) -> InPageExplorer:
    """Pre-render `module.EXPLORER` over the named parameters (one or two) and return the
    in-page explorer for the notebook to show. `count` is the number of positions of a numeric
    slider: one number for all, or one per parameter; a menu always shows all its options."""
    if not 1 <= len(names) <= 2:
        raise ValueError("an in-page explorer varies one or two parameters")
    view_class, parameters = module.EXPLORER
    varied = [by_name(parameters, name) for name in names]
    counts = count if isinstance(count, tuple) else (count,) * len(varied)
    controls = [(p, positions(p, n)) for p, n in zip(varied, counts)]
    view = view_class()
    view.fig.set_dpi(DPI)
    # laid out once, at the defaults, as the live explorer does: every picture has the same frame,
    # and the layout engine (about half of the drawing time) runs once, not for every picture
    view.update(**defaults(parameters))
    agg_canvas(view.fig).draw()
    view.fig.set_layout_engine("none")
    pictures = []
    for combination in itertools.product(*(values for _, values in controls)):
        settings = {**defaults(parameters), **dict(zip(names, combination))}
        summary = view.update(**settings)
        alt = "; ".join(f"{p.label.split(' (')[0]} {label(p, v)}" for p, v in zip(varied, combination)) + f": {summary}"
        pictures.append((f"data:image/png;base64,{base64.b64encode(png(view.fig)).decode()}", alt))
    key = f"{module.__name__.rsplit('.', 1)[-1]}-{'-'.join(names)}"
    title = title or "Explore in the page: move " + " and ".join(p.label.split(" (")[0] for p in varied)
    return InPageExplorer(key, controls, pictures, title)
