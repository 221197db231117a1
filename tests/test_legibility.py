"""Figures a reader can read, in Chromium, at a laptop's width (1280 px) and a phone's (390 px).

Judged by `figure_faults`, on what `COLLECT` finds during tests/test_browser.py's one visit to
each page. For every image of every built page, and every pre-drawn frame of every in-page explorer, the
size at which 10-pt figure text reaches the eye, in CSS px: 10 × (dpi / 72) × (rendered width /
natural width), the dpi read from the PNG's pHYs chunk (an SVG: its width in points). At least
11 px at 1280 px and 9 px at 390 px.

On explorer pages, also: no picture shown twice on screen (the explorer *is* the figure; the plain
copy is for print only), and the explorer's frames are never blurrier than the page's figures.

Run on its own against a built book to print the smallest and the median size at each width:

    .venv/bin/python tests/test_legibility.py _build/html
"""

from __future__ import annotations

import base64
import re
import struct
import sys
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlparse

import numpy as np
import pytest

from layout import live_regions


# the book's server may leave a keep-alive socket for the garbage collector
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

WIDTHS = {1280: 11.0, 390: 9.0}  # viewport width: least CSS px of 10-pt text

# every article image and explorer frame, with what it takes to judge it
COLLECT = r"""() => [...document.querySelectorAll('article img')].map(img => {
  const box = img.getBoundingClientRect();
  const explorer = img.closest('.in-page-explorer');
  const block = explorer && explorer.querySelector('script.in-page-frames');
  // an explorer made before its frames were kept in a data block: its pictures, from the script
  // (only the head of each: it holds the size and the dpi, and the whole would cross to Python)
  const frames = !explorer ? null : (block ? JSON.parse(block.textContent).map(f => f[0])
    : [...explorer.querySelector('script').textContent.matchAll(/data:image\/png;base64,[A-Za-z0-9+\/=]+/g)]
      .map(m => m[0])).map(f => f.slice(0, 600));
  return {src: img.getAttribute('src'), url: img.src, rendered: box.width, natural: img.naturalWidth,
          shown: getComputedStyle(img).display !== 'none' && img.offsetParent !== null,
          explorer: explorer ? explorer.id : null, frames: frames};
})"""


def intrinsic_points(data: bytes) -> tuple[int, float] | None:
    """(natural width in px, width in points) of a PNG from its pHYs chunk, or of an SVG from
    its width attribute; None when the image does not say how large it is meant to be."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        width = struct.unpack(">I", data[16:20])[0]
        position = 8
        while position + 8 <= len(data):
            length, kind = struct.unpack(">I4s", data[position:position + 8])
            if kind == b"pHYs":
                per_metre, _, unit = struct.unpack(">IIB", data[position + 8:position + 17])
                return (width, width / (per_metre * 0.0254) * 72) if unit == 1 else None
            if kind == b"IDAT":
                return None
            position += 12 + length
        return None
    match = re.search(rb'<svg[^>]*\swidth="([\d.]+)(pt|px)?"', data[:2000])
    if match:
        size = float(match.group(1))
        return round(size), size if match.group(2) == b"pt" else size * 0.75
    return None


def image_bytes(src: str, url: str, built: Path, whole: bool = False) -> bytes:
    """The image's bytes (of a data URI, only the head that holds the size and dpi unless `whole`)."""
    if src.startswith("data:"):
        data = src.split(",", 1)[1]
        return base64.b64decode(data if whole else data[:400].encode() + b"==", validate=False)
    path = built / unquote(urlparse(url).path).lstrip("/")
    return path.read_bytes()


def ten_point_px(data: bytes, rendered: float) -> float | None:
    size = intrinsic_points(data)
    if size is None:
        return None
    return 10 * rendered / size[1]


def sizes(images: list[dict], built: Path):
    """(what, 10-pt size in CSS px or None) of every shown image and every explorer frame, from
    what COLLECT found on a page."""
    for index, image in enumerate(images):
        if not image["shown"]:
            continue
        data = image_bytes(image["src"], image["url"], built)
        what = f"image {index + 1}" + (f" ({image['explorer']})" if image["explorer"] else "")
        yield what, ten_point_px(data, image["rendered"])
        for number, frame in enumerate(image["frames"] or []):
            frame_data = image_bytes(frame, frame, built)
            size = intrinsic_points(frame_data)
            # a frame of another size would be drawn at its own natural width, up to the box
            scale = image["rendered"] / image["natural"]
            yield f"{what} frame {number + 1}", ten_point_px(frame_data, size[0] * scale if size else 0)


def figure_faults(found: dict[int, list[dict]], built: Path, page_name: str) -> list[str]:
    """What COLLECT found on a page at each width of WIDTHS, judged: figure text large enough,
    and (at 1280 px, before any control is moved) no picture shown twice."""
    faults = []
    for width, images in found.items():
        measured = list(sizes(images, built))
        unknown = [what for what, size in measured if size is None]
        if unknown:
            faults.append(f"{page_name}: images that do not say their dpi (PNG pHYs) or size: {unknown[:5]}")
        small = [f"{what} {size:.1f} px" for what, size in measured if size is not None and size < WIDTHS[width]]
        if small:
            faults.append(f"{page_name} at {width} px: 10-pt figure text below {WIDTHS[width]} CSS px in "
                          f"{len(small)} pictures, e.g. {small[:4]}")
    twice = shown_twice(found[1280], built)
    if twice:
        faults.append(f"{page_name}: pictures shown twice on screen: {twice}")
    return faults


def same_picture(a: bytes, b: bytes) -> bool:
    """Two PNGs show the same picture, whatever their dpi: same shape, and averaged down to 100 px
    wide, fewer than 0.2% of the pixels differ clearly. Measured: the same figure at 64 and 100
    dpi differs in 0.04-0.14%; the T-cell figure with B7 taken away in 0.26%."""
    from PIL import Image

    first, second = (Image.open(BytesIO(x)).convert("L") for x in (a, b))
    if abs(first.width / first.height - second.width / second.height) > 0.02:
        return False
    size = (100, round(100 * first.height / first.width))
    x, y = (np.asarray(im.resize(size, Image.BOX), dtype=np.int16) for im in (first, second))
    return float(np.mean(np.abs(x - y) > 64)) < 0.002


def shown_twice(images: list[dict], built: Path) -> list[str]:
    """The explorer is the figure: the plain copy of its default picture is for print only."""
    shown = [i for i in images if i["shown"]]
    twice = []
    for explorer in (i for i in shown if i["explorer"]):
        default = image_bytes(explorer["src"], explorer["url"], built, whole=True)
        for other in shown:
            if other is not explorer and same_picture(
                    default, image_bytes(other["src"], other["url"], built, whole=True)):
                twice.append(other["src"][:60])
    return twice


def test_a_picture_shown_twice_is_found():
    """The duplicate check sees an explorer's default frame repeated by a figure beside it, and
    not the same explorer alone."""
    from celltherapy import car_kinetics
    from celltherapy.in_page import png
    from celltherapy.parameters import defaults

    view_class, parameters = car_kinetics.EXPLORER
    view = view_class()
    view.update(**defaults(parameters))
    uri = "data:image/png;base64," + base64.b64encode(png(view.fig)).decode()
    explorer = {"src": uri, "url": uri, "shown": True, "explorer": "explorer-1"}
    copy = {**explorer, "explorer": None}
    assert shown_twice([explorer, copy], Path(".")) == [uri[:60]]
    assert shown_twice([explorer, {**copy, "shown": False}], Path(".")) == []


ANNOUNCEMENTS = """root => { window.announced = 0;
  new MutationObserver(() => window.announced++).observe(root.querySelector('[aria-live]'),
                                                        {childList: true, characterData: true, subtree: true}); }"""


@pytest.mark.parametrize("page_name, key", [("notebooks/safety_switch", "ArrowRight"),
                                            ("notebooks/trial_explorer", "ArrowDown")])
def test_a_move_is_announced_once_by_one_polite_live_region(site, browser, page_name, key):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site}/{page_name}.html", wait_until="load")
    explorers = page.locator("figure.in-page-explorer").count()
    regions = live_regions(page)
    page.eval_on_selector("figure.in-page-explorer", ANNOUNCEMENTS)
    control = page.locator("figure.in-page-explorer [data-axis]").first
    summary = page.locator("figure.in-page-explorer [aria-live]").first
    before = summary.text_content()
    control.focus()
    page.keyboard.press(key)
    page.wait_for_timeout(100)
    announced = page.evaluate("window.announced")
    after_regions = live_regions(page)
    hidden_outputs = page.eval_on_selector_all("figure.in-page-explorer output", "els => els.map(e => e.ariaHidden)")
    images_live = page.eval_on_selector_all("figure.in-page-explorer img[aria-live]", "els => els.length")
    valuetext = control.get_attribute("aria-valuetext")
    after = summary.text_content()
    page.close()
    assert explorers == 1 and len(regions) == 1 and regions[0]["live"] == "polite", regions
    assert after != before and len(after) > 30, "the summary did not change"
    assert announced == 1, f"{announced} changes of the live region for one key press"
    assert len(after_regions) == 1, after_regions  # still one region after the move
    # the value is spoken once: by the slider's aria-valuetext, not by a visible copy or the picture
    assert all(h == "true" for h in hidden_outputs) and images_live == 0
    if key == "ArrowRight":
        assert "clinical dose" in valuetext, valuetext


def main(html: Path) -> None:
    """Print the smallest and the median 10-pt text size at each width over the whole book."""
    import statistics

    from playwright.sync_api import sync_playwright

    from conftest import PAGES, ROOT, launch_chromium

    sys.path.insert(0, str(ROOT / "scripts"))
    import pdf  # its loopback server

    measured = {width: [] for width in WIDTHS}
    with pdf.serve(html) as base, sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page()
        for name in PAGES:
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                if width == 1280:
                    page.goto(f"{base}/{name}.html", wait_until="load")
                measured[width] += [size for _, size in sizes(page.evaluate(COLLECT), html) if size]
        browser.close()
    for width, found in measured.items():
        print(f"{width} px: {len(found)} images and frames, 10-pt text at min {min(found):.1f} CSS px, "
              f"median {statistics.median(found):.1f} px (at least {WIDTHS[width]})")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main(Path(sys.argv[1]).resolve())
