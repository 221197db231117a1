"""In-class exercise for the dendritic-cell chapter: biology, priming model, survival."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from .. import dc_priming, survival
from ..checks import ExerciseSession, Task, check_choice, check_number

# scans over many simulations: compute once per session, not once per answer
_threshold = cache(dc_priming.escape_threshold)

TASKS = (
    Task("cross_presenter", "the DC subset that cross-presents",
         lambda a: check_choice(a, "cDC1", ("cDC1", "cDC2", "plasmacytoid DC", "monocyte"),
                                aliases={"cdc 1": "cDC1", "type 1 conventional dc": "cDC1", "pdc": "plasmacytoid DC"},
                                explanations={"cDC1": "cDC1 (XCR1⁺, CD141⁺ in humans) specialise in priming CD8⁺ T cells."})),
    Task("homing", "the receptor that guides mature DCs to lymph nodes",
         lambda a: check_choice(a, "CCR7", ("CCR7", "CXCR4", "CCR5", "CD19"))),
    Task("threshold", "the antigenicity below which the tumour escapes",
         lambda a: check_number(a, _threshold(), rel_tol=0.15, units="per day")),
    Task("il2_alone", "IL-2 alone at low antigenicity",
         lambda a: check_choice(a, dc_priming.simulate(replace(dc_priming.KIRSCHNER_PANETTA, c=5e-5, s2=1e6)).outcome,
                                ("escaped", "controlled", "cleared"))),
    Task("rebuilt_median", "the treated median rebuilt from HR 0.78",
         lambda a: check_number(a, survival.treated_median(survival.IMPACT["median_control"],
                                                           survival.IMPACT["hazard_ratio"]), rel_tol=0.03,
                                units="months")),
    Task("published_gain", "the published gain in median survival",
         lambda a: check_number(a, survival.IMPACT["median_treated"] - survival.IMPACT["median_control"],
                                rel_tol=0.03, units="months")),
    Task("dcvax_control", "what DCVax-L was compared with",
         lambda a: check_choice(a, "external controls", ("placebo arm", "external controls", "crossover arm"),
                                aliases={"external": "external controls", "historical controls": "external controls",
                                         "historical control": "external controls"},
                                explanations={"placebo arm": "Most placebo patients crossed over, so the trial "
                                              "compared against patients from other studies."})),
)


# what the notebook's set-up cell makes: a NameError for one of these says to run that cell
SETUP_NAMES = ("replace", "np", "dc_priming", "survival")

SESSION = ExerciseSession("dc", TASKS)
start, check, summary, save, load = SESSION.functions()
