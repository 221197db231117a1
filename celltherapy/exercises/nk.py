"""In-class exercise for the NK-cell chapter: receptors, the balance, and the NK–CD8 model."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from .. import nk_balance, nk_tumour
from ..checks import ExerciseSession, Task, check_choice, check_number

# a scan over many simulations: compute once per session, not once per answer
_largest_cleared = cache(nk_tumour.largest_cleared_tumour)

TASKS = (
    Task("nkg2a_ligand", "the ligand of the inhibitory receptor NKG2A",
         lambda a: check_choice(a, "HLA-E", ("HLA-E", "MICA", "IgG", "CD19"),
                                aliases={"hla e": "HLA-E", "hlae": "HLA-E"},
                                explanations={"MICA": "MICA is a stress ligand for the activating receptor NKG2D.",
                                              "IgG": "IgG on a target is read by CD16, an activating receptor."})),
    Task("missing_self", "a target that has lost MHC class I",
         lambda a: check_choice(a, nk_balance.verdict(float(nk_balance.kill_probability(0.0, 0.0, 0.0))),
                                ("killed", "spared"))),
    Task("stressed_healthy", "probability of killing a stressed cell with normal MHC",
         lambda a: check_number(a, float(nk_balance.kill_probability(1.0, 1.0, 0.0)), rel_tol=0.05)),
    Task("largest_cleared", "the largest tumour the immune cells clear",
         lambda a: check_number(a, _largest_cleared(), rel_tol=0.3, units="cells")),
    Task("stronger_nk", "10⁶ tumour cells against ten-fold NK cytotoxicity",
         lambda a: check_choice(a, nk_tumour.simulate(1e6, replace(nk_tumour.DE_PILLIS_2005,
                                                                   c=10 * nk_tumour.DE_PILLIS_2005.c)).outcome,
                                ("cleared", "persisting", "escaped"))),
    Task("car_nk_response", "the response rate of an early CAR-NK trial",
         lambda a: check_number(a, 8 / 11, rel_tol=0.03, unit_slips={"a percentage instead of a fraction": 100})),
)


# what the notebook's set-up cell makes: a NameError for one of these says to run that cell
SETUP_NAMES = ("replace", "np", "nk_balance", "nk_tumour")

SESSION = ExerciseSession("nk", TASKS)
start, check, summary, save, load = SESSION.functions()
