"""Pictures compared as pictures: decoded, and equal within a stated tolerance.

The same pinned code computes slightly different floating-point results on another processor
(another BLAS or SIMD code path), so a curve can land a pixel away and the PNG bytes differ
although a reader sees the same figure. Tests therefore decode both images and call them the
same when they have the same size and at most `MAX_CHANGED` of their pixels differ by more
than `LEVELS` (of 255) in some colour channel. A real change (a slider one step away, another
parameter, a missing curve) changes far more pixels than that (tests/test_pictures.py).
"""

from __future__ import annotations

import base64
import io
import re

import numpy as np

LEVELS = 48          # a pixel counts as changed when a channel moves by more than this
MAX_CHANGED = 0.0005  # at most 0.05 % of the pixels may change (168 on an 800 x 420 figure); measured:
                     # another BLAS path moves at most 0.01 %, the smallest slider step 0.15 %
EMBEDDED_PNG = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]+)")


def decode(data: str | bytes) -> np.ndarray:
    """A base64 PNG (as notebooks store it) as an RGB array."""
    from PIL import Image

    raw = base64.b64decode(data) if isinstance(data, str) else data
    return np.asarray(Image.open(io.BytesIO(raw)).convert("RGB"), dtype=np.int16)


def difference(a: str | bytes, b: str | bytes) -> str | None:
    """None when the two PNGs show the same picture, else a sentence saying how they differ."""
    first, second = decode(a), decode(b)
    if first.shape != second.shape:
        return f"sizes differ: {first.shape[1]}x{first.shape[0]} and {second.shape[1]}x{second.shape[0]} px"
    changed = float(np.mean(np.abs(first - second).max(axis=2) > LEVELS))
    if changed > MAX_CHANGED:
        return f"{changed:.2%} of the pixels differ (tolerance {MAX_CHANGED:.2%})"
    return None


def pictures_in(outputs) -> list[str]:
    """Every PNG in a cell's outputs, in order: image outputs and pictures embedded in HTML
    (the in-page explorers' frames)."""
    found = []
    for output in outputs:
        data = output.get("data", {})
        if "image/png" in data:
            found.append("".join(data["image/png"]).strip())
        html = data.get("text/html", "")
        found.extend(EMBEDDED_PNG.findall("".join(html) if isinstance(html, list) else html))
    return found
