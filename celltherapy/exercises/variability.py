"""In-class exercise for the chapter on patient variability and biomarkers.

Expected values are computed from the package's models (the virtual cohort, the illustrative
biomarker model and the antigen-escape construction), not typed in, so the exercise cannot
drift from the notebooks it builds on.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from .. import antigen_escape, biomarker, car_kinetics, patient_variability
from ..checks import ExerciseSession, Task, check_choice, check_number

PERCENT = {"a percentage instead of a fraction": 100.0}
ESCAPE_OPTIONS = ("remission", "CD19+ relapse", "CD19- relapse")
ESCAPE_ALIASES = {
    "CD19-positive relapse": "CD19+ relapse", "CD19 positive relapse": "CD19+ relapse",
    "CD19pos relapse": "CD19+ relapse", "positive relapse": "CD19+ relapse",
    "CD19-negative relapse": "CD19- relapse", "CD19 negative relapse": "CD19- relapse",
    "CD19neg relapse": "CD19- relapse", "negative relapse": "CD19- relapse",
    "CD19− relapse": "CD19- relapse", "in remission": "remission",
}
FACTORS = ("prior blinatumomab non-response", "KMT2A rearrangement", "prior bendamustine",
           "low disease burden")


@cache  # a 200-patient cohort: compute once per session, not once per answer
def _auc_fold() -> float:
    cohort = car_kinetics.virtual_cohort(200, seed=2019)
    return patient_variability.spread(car_kinetics.cohort_exposure(cohort)["auc"])


def _foldx_sd() -> float:
    """Standard deviation of log(fold expansion) if the published 2.4 is a variance."""
    return float(np.sqrt(car_kinetics.BETWEEN_PATIENT_VARIANCE["foldx"]))


def _escape_outcome() -> str:
    """The typical Stein-model patient, a 40-day doubling time, 1 antigen-negative cell in 10^8."""
    exposure = antigen_escape.cumulative_exposure(car_kinetics.STEIN_2019)
    return str(antigen_escape.outcome(*antigen_escape.log_burdens(exposure, 1e-8, 40.0)))


TASKS = (
    Task("auc_fold", "spread of AUC across 200 virtual patients",
         lambda a: check_number(a, _auc_fold(), rel_tol=0.1, units="-fold")),
    Task("foldx_sd", "standard deviation of log fold expansion, read as a variance",
         lambda a: check_number(a, _foldx_sd(), rel_tol=0.05)),
    Task("sensitivity", "sensitivity of AUC ≥ 10⁵ at slope 1.5",
         lambda a: check_number(a, biomarker.sensitivity_specificity(1e5, 1.5)[0], rel_tol=0.05,
                                unit_slips=PERCENT)),
    Task("roc_null", "area under the ROC curve at slope 0",
         lambda a: check_number(a, biomarker.roc_area(0.0), rel_tol=0.05)),
    Task("escape_patient", "outcome with 1 antigen-negative cell in 10⁸",
         lambda a: check_choice(a, _escape_outcome(), ESCAPE_OPTIONS, aliases=ESCAPE_ALIASES,
                                explanations={
                                    "CD19- relapse": "So few antigen-negative cells do not regrow to 1% "
                                                     "of the burden within two years.",
                                    "CD19+ relapse": "At the typical peak level the CAR T cells hold the "
                                                     "antigen-positive cells down for two years."})),
    Task("negative_share", "published share of relapses that were CD19-negative",
         lambda a: check_number(a, antigen_escape.PUBLISHED_NEGATIVE_SHARE, rel_tol=0.03,
                                unit_slips=PERCENT)),
    Task("cd19neg_factor", "a factor associated with CD19-negative relapse",
         lambda a: check_choice(a, "prior blinatumomab non-response", FACTORS,
                                aliases={"blinatumomab": "prior blinatumomab non-response",
                                         "prior blinatumomab": "prior blinatumomab non-response",
                                         "blinatumomab non-response": "prior blinatumomab non-response",
                                         "KMT2A": "KMT2A rearrangement", "bendamustine": "prior bendamustine",
                                         "low burden": "low disease burden"},
                                explanations={
                                    "prior blinatumomab non-response": "Blinatumomab also targets CD19; "
                                    "high burden, older age and a 4-1BB construct were associated too.",
                                    "KMT2A rearrangement": "KMT2A rearrangement was associated with lineage "
                                    "switch, not with CD19-negative relapse.",
                                    "prior bendamustine": "Bendamustine was associated with manufacturing "
                                    "failure in lymphoma, not with the relapse phenotype.",
                                    "low disease burden": "It was high, not low, burden before infusion "
                                    "that went with CD19-negative relapse."})),
)


# what the notebook's set-up cell makes: a NameError for one of these says to run that cell
SETUP_NAMES = ("np", "antigen_escape", "biomarker", "car_kinetics", "patient_variability")

SESSION = ExerciseSession("variability", TASKS)
start, check, summary, save, load = SESSION.functions()
