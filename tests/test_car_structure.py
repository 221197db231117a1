"""CAR generations: every design the builder can make gets the right name."""

import itertools

import pytest

from celltherapy.car_structure import (BINDERS, COSTIMULATORY, EXTRAS, GENERATION_EXAMPLES, CarDesign,
                                       generation)


@pytest.mark.parametrize("number, design", GENERATION_EXAMPLES.items())
def test_examples_have_their_generation(number, design):
    assert generation(design)[0] == number


@pytest.mark.parametrize("costim, expected", [((), 1), (("CD28",), 2), (("4-1BB",), 2),
                                              (("CD28", "4-1BB"), 3), (COSTIMULATORY, 3)])
def test_costimulatory_domains_set_generations_one_to_three(costim, expected):
    assert generation(CarDesign(costimulatory=costim))[0] == expected


def test_without_binder_or_cd3z_it_is_not_a_car():
    assert generation(CarDesign(binder="none"))[0] is None
    assert generation(CarDesign(signalling="none"))[0] is None
    assert "CD3ζ" in generation(CarDesign(signalling="none"))[1]


def test_every_combination_has_a_sentence():
    for binder, extra, n in itertools.product(BINDERS, EXTRAS, range(3)):
        number, why = generation(CarDesign(binder=binder, extra=extra, costimulatory=COSTIMULATORY[:n]))
        assert why.endswith(".") and (number is None or 1 <= number <= 5)
