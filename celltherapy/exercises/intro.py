"""In-class exercise for the introduction: the immune primer and the approvals data file."""

from __future__ import annotations

from .. import approvals, tcell_activation as act
from ..checks import ExerciseSession, Task, check_choice, check_integer, check_number

OUTCOME_NAMES = tuple(act.LABELS.values())


def _outcome(*choices) -> str:
    return act.LABELS[act.outcome(*act.signals(*choices))]


def _years_dc_to_car_t() -> float:
    products = approvals.load_products()
    first = {kind: min(p.approval_date for p in products if p.kind == kind) for kind in ("DC", "CAR T")}
    return (first["CAR T"] - first["DC"]).days / 365.25


TASKS = (
    Task("innate", "an innate immune cell",
         lambda a: check_choice(a, "NK cell", ("NK cell", "CD8 T cell", "CD4 T cell", "B cell"),
                                aliases={"natural killer cell": "NK cell", "nk": "NK cell"},
                                explanations={"NK cell": "NK cells act without prior priming or antigen-specific receptors.",
                                              "CD8 T cell": "T cells are adaptive: each carries one rearranged antigen receptor."})),
    Task("no_costimulation", "signal 1 without signal 2",
         lambda a: check_choice(a, _outcome("T-cell receptor", act.DISPLAYS[0], "absent", "present"), OUTCOME_NAMES)),
    Task("car_without_mhc", "a second-generation CAR meets a cell without MHC",
         lambda a: check_choice(a, _outcome(act.RECEPTORS[2], act.DISPLAYS[1], "absent", "present"), OUTCOME_NAMES)),
    Task("tcr_without_mhc", "a T-cell receptor meets a cell without MHC",
         lambda a: check_choice(a, _outcome("T-cell receptor", act.DISPLAYS[1], "present", "present"), OUTCOME_NAMES)),
    Task("car_t_count", "CAR T products in the data file",
         lambda a: check_integer(a, sum(p.kind == "CAR T" for p in approvals.load_products()),
                                 "a whole number of products")),
    Task("dc_to_car_t", "years from the first DC to the first CAR T approval",
         lambda a: check_number(a, _years_dc_to_car_t(), rel_tol=0.05, units="years",
                                unit_slips={"days instead of years": 365.25, "months instead of years": 12})),
)


# what the notebook's set-up cell makes: a NameError for one of these says to run that cell
SETUP_NAMES = ("replace", "np", "approvals", "tcell_activation")

SESSION = ExerciseSession("intro", TASKS)
start, check, summary, save, load = SESSION.functions()
