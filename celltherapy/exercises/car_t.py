"""In-class exercise for the CAR T-cell chapter: anatomy, kinetics and dose.

Expected values are computed from the package's models, not typed in, so the exercise
cannot drift from the notebooks it builds on.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from .. import car_kinetics, cartmath
from ..car_structure import COSTIMULATORY
from ..checks import ExerciseSession, Task, check_choice, check_integer, check_number

HOURS = {"hours instead of days": 24.0}

SUPPRESSED = cartmath.replace(cartmath.HDLM2, alpha=2 * cartmath.HDLM2.alpha)


@cache  # a scan of doses: compute once per session, not once per answer
def _dose_ratio() -> float:
    return (cartmath.minimum_eliminating_dose(p=SUPPRESSED)
            / cartmath.minimum_eliminating_dose())


@cache
def _cohort_fold() -> float:
    cmax = car_kinetics.cohort_exposure(car_kinetics.virtual_cohort(200, seed=2019))["cmax"]
    low, high = np.percentile(cmax, [5, 95])
    return high / low


TASKS = (
    Task("recognition", "the part that binds antigen",
         lambda a: check_choice(a, "scFv", ("scFv", "hinge", "transmembrane domain", "CD3ζ", "4-1BB"),
                                aliases={"single-chain variable fragment": "scFv", "scfv": "scFv",
                                         "CD3 zeta": "CD3ζ", "CD3z": "CD3ζ", "CD3 ζ": "CD3ζ", "41BB": "4-1BB",
                                         "transmembrane": "transmembrane domain"},
                                explanations={
                                    "scFv": "It binds the intact antigen on the cell surface, so no MHC is needed.",
                                    "CD3ζ": "CD3ζ signals inside the cell once the CAR has bound; it does not bind antigen.",
                                    "hinge": "The hinge is a spacer; it changes reach, not what is recognised.",
                                    "4-1BB": "4-1BB is a costimulatory signalling domain inside the cell.",
                                    "transmembrane domain": "It anchors the CAR in the membrane."})),
    Task("generation", "the generation of a CD28 + 4-1BB CAR",
         lambda a: check_integer(a, 3, "a generation number from 1 to 5")),
    Task("persistence", "the costimulatory domain linked to longer persistence",
         lambda a: check_choice(a, "4-1BB", COSTIMULATORY, aliases={"41BB": "4-1BB", "CD137": "4-1BB"},
                                explanations={"CD28": "CD28 CARs expand fast but were detectable for a "
                                              "shorter time in patients."})),
    Task("doubling_time", "doubling time during expansion",
         lambda a: check_number(a, car_kinetics.doubling_time(), units="days", unit_slips=HOURS)),
    Task("auc", "exposure: AUC over the first 28 days",
         lambda a: check_number(a, car_kinetics.auc(), units="copies·day/µg")),
    Task("cohort_fold", "spread of Cmax across virtual patients",
         lambda a: check_number(a, _cohort_fold(), rel_tol=0.1, units="-fold")),
    Task("late_infusion", "outcome of 5×10⁵ cells given on day 60",
         lambda a: check_choice(a, cartmath.simulate(5e5, infusion_day=60).outcome,
                                ("eliminated", "controlled", "escaped"))),
    Task("suppression", "extra dose needed when immunosuppression doubles",
         lambda a: check_number(a, _dose_ratio(), rel_tol=0.15, units="times")),
)


# what the notebook's set-up cell makes: a NameError for one of these says to run that cell
SETUP_NAMES = ("replace", "np", "car_kinetics", "cartmath", "CarDesign", "generation")

SESSION = ExerciseSession("car_t", TASKS)
start, check, summary, save, load = SESSION.functions()
