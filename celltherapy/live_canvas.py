"""A canvas for live figures: labels rendered once and stamped, and a quick PNG.

Matplotlib 3.11 lays out and renders text glyph by glyph in Python at every draw; in a live
figure that is most of a redraw, although the same label always renders to the same bitmap.
`StampingRenderer` keeps each label's bitmap (keyed on the text, its font and angle) and stamps
it in one call, on whole pixels. Only live explorers use it: the
static figures of the book are drawn by matplotlib's own renderer, byte for byte as before.
"""

from __future__ import annotations

import math
import struct
import zlib

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text

# stamping uses matplotlib 3.11's glyph-by-glyph text API; with older releases (Pyodide 0.27 has
# 3.8.4) labels are drawn as usual
STAMPING = hasattr(Text, "get_fontfeatures") and hasattr(FT2Font, "_render_glyph")
if STAMPING:
    from matplotlib.ft2font import RenderMode

STAMPS_KEPT = 5000  # bitmaps of a few hundred bytes each; forget them all when this many


class StampingRenderer(RendererAgg):
    """Agg renderer that renders each distinct label once and then stamps the kept bitmap."""

    def __init__(self, width, height, dpi):
        super().__init__(width, height, dpi)
        self._stamps = {}

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath or not STAMPING:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        # a label starts on a whole pixel (at most half a pixel from where matplotlib would put
        # it), so that one bitmap serves it wherever it moves
        ox, oy = round(x), round(self.height - y)
        key = (s, prop, angle, gc.get_antialiased(), features, language)
        stamp = self._stamps.get(key)
        if stamp is None:
            if len(self._stamps) >= STAMPS_KEPT:
                self._stamps.clear()
            stamp = self._render(*key)
            # a copy of the font properties: the label's own may change later
            self._stamps[(s, prop.copy(), *key[2:])] = stamp
        if stamp is not None:
            image, left, top = stamp
            self._renderer.draw_text_image(image, left + ox, int(self.height) - (top + oy) + image.shape[0], 0, gc)

    def _render(self, s, prop, angle, antialiased, features, language):
        """One label's glyphs rendered from the origin and merged into one coverage bitmap, with
        its left and top edges (FreeType's y, upwards); None if blank."""
        font = self._prepare_font(prop)
        items = font._layout(s, flags=get_hinting_flag(), features=features, language=language)
        size = prop.get_size_in_points()
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        rotation = (0x10000 * np.array([[cos, -sin], [sin, cos]])).round().astype(int)
        mode = RenderMode.NORMAL if antialiased else RenderMode.MONO
        glyphs = []
        for item in items:
            item.ft_object.set_size(size, self.dpi)
            item.ft_object._set_transform(rotation, [round(64 * (item.x * cos - item.y * sin)),
                                                     round(64 * (item.x * sin + item.y * cos))])
            bitmap = item.ft_object._render_glyph(item.glyph_index, get_hinting_flag(), mode)
            buffer = np.array(bitmap.buffer, dtype=np.uint8)
            if not antialiased:
                buffer *= 0xff
            if buffer.size:
                glyphs.append((buffer, bitmap.left, bitmap.top))
        if not glyphs:
            return None
        left = min(g[1] for g in glyphs)
        top = max(g[2] for g in glyphs)
        right = max(g[1] + g[0].shape[1] for g in glyphs)
        bottom = min(g[2] - g[0].shape[0] for g in glyphs)
        image = np.zeros((top - bottom, right - left), dtype=np.uint8)
        for buffer, x, y in glyphs:
            region = image[top - y:top - y + buffer.shape[0], x - left:x - left + buffer.shape[1]]
            np.maximum(region, buffer, out=region)
        return image, left, top


class LiveCanvas(FigureCanvasAgg):
    """An Agg canvas whose renderer stamps kept label bitmaps (see `StampingRenderer`)."""

    def get_renderer(self):
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = StampingRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer


def live_canvas(fig) -> LiveCanvas:
    """The figure's live canvas, attached once and kept, so redraws reuse it and its stamps."""
    return fig.canvas if isinstance(fig.canvas, LiveCanvas) else LiveCanvas(fig)


def quick_png(canvas, level: int = 1) -> bytes:
    """The canvas as an RGB PNG, rows unfiltered, lightly compressed: a live picture is replaced
    at the next move, and figures are opaque, so the alpha channel and PIL's per-row filter
    search would only cost time (about half of it)."""
    rgba = np.asarray(canvas.buffer_rgba())
    height, width, _ = rgba.shape
    rows = np.empty((height, 1 + 3 * width), dtype=np.uint8)
    rows[:, 0] = 0  # filter type "none"
    rows[:, 1:] = rgba[..., :3].reshape(height, -1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, level))
            + chunk(b"IEND", b""))
