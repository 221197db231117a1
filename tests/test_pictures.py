"""The picture comparison behind the notebook tests: tolerant of a pixel moved by another
processor's arithmetic, strict about a different picture."""

from __future__ import annotations

import base64
import subprocess
import sys
import xml.etree.ElementTree as ET

import nbformat
import numpy as np
import pytest

from celltherapy import car_kinetics
from celltherapy.in_page import png as palette_png
from celltherapy.parameters import by_name, defaults
from celltherapy.widgets import render_png
from conftest import ROOT
from pictures import MAX_CHANGED, difference, pictures_in

VIEW, PARAMETERS = car_kinetics.EXPLORER


def drawn(**changes) -> bytes:
    view = VIEW()
    view.update(**{**defaults(PARAMETERS), **changes})
    return render_png(view.fig)


def one_step_from_default(name: str) -> float:
    p = by_name(PARAMETERS, name)
    return p.default * 10 ** p.step if p.log else p.default + p.step


def test_the_same_picture_drawn_again_is_the_same():
    assert difference(drawn(), drawn()) is None


def test_noise_below_the_tolerance_passes_and_above_it_fails():
    from PIL import Image
    import io

    picture = np.asarray(Image.open(io.BytesIO(drawn())).convert("RGB")).copy()

    def with_changed_pixels(fraction):
        changed = picture.copy()
        flat = changed.reshape(-1, 3)
        flat[: int(fraction * len(flat))] ^= 0xFF  # invert the first pixels
        buffer = io.BytesIO()
        Image.fromarray(changed).save(buffer, format="png")
        return buffer.getvalue()

    assert difference(drawn(), with_changed_pixels(MAX_CHANGED / 2)) is None
    assert "of the pixels differ" in difference(drawn(), with_changed_pixels(MAX_CHANGED * 2))


@pytest.mark.parametrize("name", [p.name for p in PARAMETERS if not p.is_choice])
def test_one_slider_step_is_a_different_picture(name):
    assert difference(drawn(), drawn(**{name: one_step_from_default(name)})) is not None


def test_palette_frames_of_the_in_page_explorer_compare_the_same_way():
    view = VIEW()
    view.update(**defaults(PARAMETERS))
    first = palette_png(view.fig)
    view.update(**{**defaults(PARAMETERS), "cmax": one_step_from_default("cmax")})
    assert difference(first, palette_png(view.fig)) is not None


def test_a_different_size_is_a_different_picture():
    view = VIEW()
    view.update(**defaults(PARAMETERS))
    small = render_png(view.fig)
    view.fig.set_size_inches(4, 3)
    assert "sizes differ" in difference(small, render_png(view.fig))


def test_pictures_are_found_in_images_and_in_html():
    uri = base64.b64encode(drawn()).decode()
    outputs = [{"data": {"image/png": uri, "text/plain": "<Figure>"}},
               {"data": {"text/html": f'<figure><img src="data:image/png;base64,{uri}" alt="a"></figure>'}}]
    assert pictures_in(outputs) == [uri, uri]


def test_strict_nbval_fails_a_notebook_whose_picture_changed(tmp_path):
    """End to end, through the plugin: the committed picture swapped for another one fails the
    cell with a sentence; the original passes (pictures in HTML too, and its text still counts)."""
    cell = ("import matplotlib.pyplot as plt\nfrom IPython.display import HTML\n"
            "from celltherapy.in_page import in_page_explorer\nfrom celltherapy import car_kinetics\n"
            "plt.plot([0, 1], [0, 1]); plt.show()\nin_page_explorer(car_kinetics, 'cmax', count=3)")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell)])
    from celltherapy.notebook_tools import execute
    execute(nb, tmp_path)
    original = tmp_path / "original.ipynb"
    nbformat.write(nb, original)

    other = base64.b64encode(drawn(cmax=one_step_from_default("cmax"))).decode()
    swapped_image = nbformat.from_dict(nb)
    swapped_image.cells[0].outputs[0]["data"]["image/png"] = other
    html = nbformat.from_dict(nb)
    frames = pictures_in(html.cells[0].outputs[1:])
    html.cells[0].outputs[1]["data"]["text/html"] = html.cells[0].outputs[1]["data"]["text/html"].replace(
        frames[0], frames[-1], 1)
    for name, changed in (("image", swapped_image), ("html", html)):
        nbformat.write(changed, tmp_path / f"{name}.ipynb")
    # one nbval run for the three notebooks (each run starts pytest and a kernel: seconds)
    report = tmp_path / "report.xml"
    subprocess.run([sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(tmp_path),
                    "-p", "no:randomly", "-q", f"--junitxml={report}",
                    *(str(tmp_path / f"{name}.ipynb") for name in ("original", "image", "html"))],
                   cwd=ROOT, capture_output=True, text=True, timeout=300)
    outcomes = {case.get("classname").split(".")[0]: case.find("failure") for case in ET.parse(report).iter("testcase")}
    assert outcomes.keys() == {"original", "image", "html"}, outcomes
    assert outcomes["original"] is None, outcomes["original"].get("message")
    for name in ("image", "html"):
        assert outcomes[name] is not None and "is not the committed picture" in outcomes[name].get("message"), name
