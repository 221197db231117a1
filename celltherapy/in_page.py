"""Explorers that work in the static HTML book: no kernel, no external script, no network.

From the same view and `Parameter` descriptions as the live explorer, render the figure at a
handful of positions of the one or two parameters that matter most, embed the pictures in
the page, and switch between them with labelled controls: a native range input for a number
(keyboard-operable by default), a menu for a choice. Each picture carries its own alt text,
the view's one-line summary at that position, and one polite live region announces that summary
once per move.

A notebook opts in with one call, `in_page_explorer(module, "dose")`, in a cell whose output
the book shows. The explorer is the figure on screen: the cell carries the figure's caption and
name (its number), and the plain static figure just before it, tagged `print-only` and captioned
without a name, is hidden on screen and printed instead of the explorer's cell. Pictures are drawn at the static figure's dpi (never blurrier)
with a reduced palette, so that an explorer of 16 positions stays light.
"""

from __future__ import annotations

import base64
import html
import io
import itertools
import json
import math
from dataclasses import dataclass

import numpy as np

from .parameters import Parameter, by_name, defaults
from .style import COLOURS as STYLE_COLOURS, DPI
from .widgets import Drawing, agg_canvas

COLOURS = 48      # palette size of the embedded PNGs

# the explorer's own style: it stands in for the figure on screen, the static copy in print
STYLE = """<style>
@media screen { .tag_print-only { display: none !important; } }
@media print { .in-page-explorer, .cell:has(.in-page-explorer) { display: none !important; } }
.in-page-explorer { margin: 0.5rem 0; text-align: left; }
.in-page-explorer .in-page-control { display: grid; grid-template-columns: minmax(9rem, 15rem) minmax(8rem, 1fr) 9rem;
  align-items: center; gap: 0.25rem 1rem; margin: 0.3rem 0; }
.in-page-explorer .in-page-control select { grid-column: 2 / 4; max-width: 100%; }
.in-page-explorer .in-page-control input[type="range"] { width: 100%; max-width: none; }
.in-page-explorer .in-page-control output { min-width: 0; }
.in-page-explorer .in-page-summary { margin: 0.4rem 0 0; font-size: 0.95em; }
@media (max-width: 600px) {
  .in-page-explorer { padding-left: 0.25rem !important; padding-right: 0.25rem !important; }
  .in-page-explorer .in-page-control { grid-template-columns: 1fr 7.5rem; }
  .in-page-explorer .in-page-control label { grid-column: 1 / 3; }
  .in-page-explorer .in-page-control select { grid-column: 1 / 3; }
}
</style>"""


def positions(parameter: Parameter, count: int) -> list:
    """About `count` evenly spaced positions (in log space for log sliders) with the published
    (default) value among them, spanning as much of the slider as the spacing allows (both
    ends when a spacing fits them and the default); every option of a menu."""
    if parameter.is_choice:
        if parameter.multiple:  # none, each alone, the first two together, all
            pair = [tuple(parameter.options[:2])] if len(parameter.options) > 2 else []
            return [tuple(v) for v in parameter.sweep_values()][:-1] + pair + [tuple(parameter.options)]
        return list(parameter.options)
    scale = math.log10 if parameter.log else float
    low, high, centre = scale(parameter.minimum), scale(parameter.maximum), scale(parameter.default)
    # spacings: whole multiples of the slider's step (a 20th of a decade on log sliders)
    unit = min(parameter.step, 0.05) if parameter.log else parameter.step
    ideal = (high - low) / (count - 1)
    best = None
    for multiple in range(1, int(round((high - low) / unit)) + 1):
        spacing = multiple * unit
        below, above = math.floor((centre - low) / spacing + 1e-9), math.floor((high - centre) / spacing + 1e-9)
        n = below + above + 1
        ends = abs(centre - below * spacing - low) < 1e-9 * max(1, abs(low)) and \
            abs(centre + above * spacing - high) < 1e-9 * max(1, abs(high))
        # prefer a grid through both ends, then the number of positions asked for
        score = (0 if ends and count / 2 <= n <= count * 1.5 else 1, abs(n - count), abs(spacing - ideal))
        if best is None or score < best[0]:
            best = (score, spacing, below, above)
    _, spacing, below, above = best
    grid = [centre + k * spacing for k in range(-below, above + 1)]
    if parameter.log:
        return [parameter.default if k == 0 else float(f"{10 ** v:.3g}") for k, v in zip(range(-below, above + 1), grid)]
    # rounded to the decimals of the step or of the default, whichever is finer: steps stay equal
    decimals = max(_decimals(unit), _decimals(parameter.default))
    return [parameter.default if k == 0 else round(v, decimals) for k, v in zip(range(-below, above + 1), grid)]


def _decimals(x: float) -> int:
    text = f"{x:.10f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def label(parameter: Parameter, value) -> str:
    """A position as a reader would say it, with its units."""
    return parameter.value_text(value)


def png(fig, drawing: Drawing | None = None) -> bytes:
    """The figure as a small palette PNG that states its dpi (pHYs): drawn by `drawing` (the
    live explorer's way, see `widgets.Drawing`), or drawn whole."""
    from PIL import Image

    if drawing is None:
        canvas = agg_canvas(fig)
        canvas.draw()
    else:
        canvas = drawing.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).convert("RGB")
    buffer = io.BytesIO()
    image.quantize(palette=_palette_for(image), dither=Image.Dither.NONE).save(
        buffer, format="png", optimize=True, dpi=(fig.dpi, fig.dpi))
    return buffer.getvalue()


# the course's own colours and the page's white, kept exact in every picture
_OWN = [bytes.fromhex(colour[1:]) for colour in dict.fromkeys(c.lower() for c in [*STYLE_COLOURS.values(), "#ffffff"])]


def _palette_for(image):
    """A palette of COLOURS colours for `image`: the course's own colours exactly, and median
    cut's choice for the rest (edges, greys, fills). Median cut alone merged close hues: in
    inflammation, the vermillion curve came out orange, the colour of another."""
    from PIL import Image

    cut = image.quantize(colors=COLOURS - len(_OWN), method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    palette = Image.new("P", (1, 1))
    palette.putpalette(b"".join(_OWN) + bytes(cut.getpalette()[:3 * (COLOURS - len(_OWN))]))
    return palette


def _short(parameter: Parameter) -> str:
    # the live widget's usage hint in brackets ("ctrl-click ...") does not apply here
    return parameter.label.split(" (")[0]


@dataclass
class InPageExplorer:
    """Pre-rendered pictures of a view and the HTML that switches between them."""

    key: str
    controls: list          # [(Parameter, [values])]
    pictures: list          # [(data URI, alt text, summary)] in row-major order of the controls
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
                # the value is spoken once, from aria-valuetext; the visible copy is not read again
                control = (f'<input type="range" id="{control_id}" data-axis="{index}" min="0" '
                           f'max="{len(values) - 1}" step="1" value="{default}" '
                           f"aria-valuetext=\"{html.escape(label(parameter, values[default]))}\" "
                           f"data-labels='{html.escape(texts)}'>"
                           f'<output for="{control_id}" aria-hidden="true">'
                           f"{html.escape(label(parameter, values[default]))}</output>")
            rows.append(f'<div class="in-page-control"><label for="{control_id}">'
                        f"{html.escape(_short(parameter))}</label>{control}</div>")
        start = _flat_index([values.index(min(values, key=lambda v: _distance(p, v))) for p, values in self.controls],
                            [len(v) for _, v in self.controls])
        uri, alt, summary = self.pictures[start]
        frames = json.dumps([[u, a, s] for u, a, s in self.pictures]).replace("</", "<\\/")
        sizes = json.dumps([len(v) for _, v in self.controls])
        return f"""<figure class="in-page-explorer" id="{ident}" aria-label="{html.escape(self.title)}">
{STYLE}
<p class="in-page-note">{html.escape(self.title)} (pictures drawn in advance: every setting of every
control needs the live notebook)</p>
{''.join(rows)}
<img src="{uri}" alt="{html.escape(alt)}">
<p class="in-page-summary" role="status" aria-live="polite" aria-atomic="true">{html.escape(summary)}</p>
<script type="application/json" class="in-page-frames">{frames}</script>
<script>
(function () {{
  var root = document.getElementById("{ident}"), sizes = {sizes}, shown = {start};
  var pictures = JSON.parse(root.querySelector("script.in-page-frames").textContent);
  var image = root.querySelector("img"), status = root.querySelector(".in-page-summary");
  var controls = root.querySelectorAll("[data-axis]");
  function show() {{
    var index = 0;
    controls.forEach(function (c) {{
      index = index * sizes[+c.dataset.axis] + (+c.value);
      if (c.dataset.labels) {{
        var text = JSON.parse(c.dataset.labels)[+c.value];
        if (c.getAttribute("aria-valuetext") !== text) c.setAttribute("aria-valuetext", text);
        c.nextElementSibling.textContent = text;
      }}
    }});
    if (index === shown) return;  // "input" and "change" of one move: one announcement
    shown = index;
    image.src = pictures[index][0];
    image.alt = pictures[index][1];
    status.textContent = pictures[index][2];
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
    in-page explorer for the notebook to show. `count` is about the number of positions of a
    numeric slider: one number for all, or one per parameter; a menu always shows all its options."""
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
    drawing = Drawing(view, agg_canvas)  # each picture as the live explorer draws it, in a tenth of the time
    pictures = []
    for combination in itertools.product(*(values for _, values in controls)):
        settings = {**defaults(parameters), **dict(zip(names, combination))}
        summary = view.update(**settings)
        alt = "; ".join(f"{_short(p)} {label(p, v)}" for p, v in zip(varied, combination)) + f": {summary}"
        pictures.append((f"data:image/png;base64,{base64.b64encode(png(view.fig, drawing)).decode()}", alt, summary))
    key = f"{module.__name__.rsplit('.', 1)[-1]}-{'-'.join(names)}"
    title = title or "Move " + " and ".join(_short(p) for p in varied) + ": the figure follows"
    return InPageExplorer(key, controls, pictures, title)
