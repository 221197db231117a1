"""Draw the chapter pages' diagrams (celltherapy/diagrams.py) into book/figures/<name>.png.

    .venv/bin/python scripts/draw_diagrams.py            # every diagram
    .venv/bin/python scripts/draw_diagrams.py crs-loop   # only the ones named

Run it after changing a diagram and commit the PNGs; tests/test_diagrams.py fails while a
committed picture differs from what the code draws.
"""

from __future__ import annotations

import sys
from pathlib import Path

from celltherapy.diagrams import DIAGRAMS, DPI
from celltherapy.widgets import agg_canvas

FIGURES = Path(__file__).resolve().parent.parent / "book" / "figures"


def render(name: str) -> bytes:
    """The diagram `name` as PNG bytes, at the book's resolution and its exact size (no
    tight bounding box: the width in inches is what makes the text legible)."""
    import io

    fig = DIAGRAMS[name]()
    agg_canvas(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
    return buffer.getvalue()


def main(names: list[str]) -> None:
    unknown = set(names) - set(DIAGRAMS)
    if unknown:
        sys.exit(f"no such diagram: {', '.join(sorted(unknown))}; known: {', '.join(DIAGRAMS)}")
    FIGURES.mkdir(exist_ok=True)
    for name in names or DIAGRAMS:
        (FIGURES / f"{name}.png").write_bytes(render(name))
        print(f"wrote book/figures/{name}.png")


if __name__ == "__main__":
    main(sys.argv[1:])
