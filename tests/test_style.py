"""The printing helpers: numbers as people write them, and the same on every machine."""

import pytest

from celltherapy.style import cells, sci, steady


@pytest.mark.parametrize("boundary", [1.25, 0.0125, 2.45e6, 335.0])
def test_a_hair_either_side_of_a_rounding_boundary_prints_the_same(boundary):
    below, above = boundary * (1 - 1e-10), boundary * (1 + 1e-10)
    assert f"{below:.2g}" != f"{above:.2g}"  # without help, last-bit noise flips the digit
    assert f"{steady(below):.2g}" == f"{steady(above):.2g}"
    assert sci(below) == sci(above) and cells(below) == cells(above)


def test_steady_keeps_what_it_can_and_leaves_the_rest_alone():
    assert steady(0.123456789123) == 0.12345679
    assert steady(-98765.4321) == -98765.432
    assert steady(0.0) == 0.0 and steady(float("inf")) == float("inf")
    assert steady(float("nan")) != steady(float("nan"))


def test_sci():
    assert sci(1.5e6) == "1.5×10⁶" and sci(240) == "240" and sci(0.078) == "0.078"
    assert sci(1100) == "1,100" and sci(9.99e6) == "10⁷"
