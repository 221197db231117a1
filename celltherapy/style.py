"""One plotting style for every figure in the book.

Colours are from the Okabe–Ito palette, which stays distinguishable with the common
forms of colour blindness; figures also vary line style and labels, not colour alone.
"""

from __future__ import annotations

import math

import matplotlib as mpl
import numpy as np

COLOURS = {
    "effector": "#0072B2",   # blue
    "memory": "#009E73",     # green
    "tumour": "#D55E00",     # vermillion
    "total": "#000000",
    "accent": "#E69F00",     # orange
    "muted": "#999999",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
}

# Legibility: a figure is at most WIDTH inches wide and no text is smaller than 10 pt, so that
# 10-pt text reaches at least 11 CSS px in a laptop's column (1280 px) and 9 CSS px on a phone
# (390 px), where an image is shown about 340 px wide (tests/test_legibility.py). Panels stack.
WIDTH = 5.0
DPI = 100  # static figures and the in-page explorers' pictures alike; PNGs state it (pHYs)
SMALLEST_POINTS = 10

mpl.rcParams.update({
    "font.size": 10,
    "legend.fontsize": 10,
    "legend.title_fontsize": 10,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
})


def new_figure(width: float = WIDTH, height: float = 4.2, **subplot_kw) -> tuple:
    """A Figure and its axes. The Figure is not registered with pyplot, so a notebook shows
    it once (as the cell's value) and it is freed with its last reference.

    `subplot_kw` goes to `Figure.subplots` (nrows, ncols, sharey, ...).
    """
    # imported here, not with the module: matplotlib.figure is most of the course's import time
    # in the reader's browser, and an exercise is set up without drawing anything
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.subplots(**subplot_kw)


def steady(x: float, digits: int = 8) -> float:
    """`x` rounded to `digits` significant figures, for printing. Another processor (another
    BLAS or SIMD path) changes a result in its last bits, and an ODE solver can amplify that to
    about 1e-10 of the value; rounding that noise away first means a number formatted to two or
    three figures cannot print differently on another machine."""
    x = float(x)
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def sci(x: float, digits: int = 2) -> str:
    """A number as people write it: 1.5×10⁶, 240, 0.078 (`digits` significant figures)."""
    x = steady(x)
    if x == 0 or not np.isfinite(x):
        return f"{x:g}"
    exponent = int(np.floor(np.log10(abs(x))))
    if -2 <= exponent < digits:
        return f"{x:.{digits}g}"
    if 0 <= exponent <= 3:  # 1,100 rather than 1.1e+03
        return f"{round(x, digits - 1 - exponent):,.0f}"
    mantissa = f"{x / 10 ** exponent:.{digits}g}"
    if mantissa == "10":  # rounding carried into the next power of ten
        mantissa, exponent = "1", exponent + 1
    power = f"10{str(exponent).translate(SUPERSCRIPT)}"
    return power if mantissa == "1" else f"{mantissa}×{power}"


def cells(x: float) -> str:
    """A cell count as people would say it: below one cell there is none to count."""
    x = steady(x)
    return "fewer than one" if x < 1 else sci(x)


def label_decades(ax, low: int, high: int, axis: str = "y", every: int = 1) -> None:
    """A tick at every power of ten from 10^low to 10^high, every `every`-th labelled as plain
    text (10⁴), and no minor ticks: mathtext labels and dozens of minor ticks cost more to draw
    than all the data of a live figure."""
    from matplotlib.ticker import NullLocator

    exponents = range(low, high + 1)
    labels = [f"10{str(e).translate(SUPERSCRIPT)}" if (e - low) % every == 0 else "" for e in exponents]
    getattr(ax, f"set_{axis}ticks")([10.0 ** e for e in exponents], labels)
    getattr(ax, f"{axis}axis").set_minor_locator(NullLocator())


def _show_figures_as_png() -> None:
    """Let a notebook show a bare `Figure` (not made through pyplot) as a PNG image, whatever
    matplotlib backend is active; outside IPython this does nothing."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    from .widgets import render_png
    # by name: matplotlib.figure need not be imported until a figure is made
    shell.display_formatter.formatters["image/png"].for_type_by_name("matplotlib.figure", "Figure", render_png)


_show_figures_as_png()
