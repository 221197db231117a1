"""In-class exercise for the CRS and ICANS chapter: grading vignettes, the ICE score, tocilizumab,
and the inflammation model.

TEACHING MATERIAL, NOT CLINICAL GUIDANCE: the vignettes are invented to practise reading the ASTCT
consensus tables (Lee et al. 2019); they must never be used to grade or treat a real patient.
"""

from __future__ import annotations

from functools import cache

from .. import crs_grading, inflammation
from ..checks import WRONG, ExerciseSession, Feedback, Task, as_number, check_choice, check_integer

# The vignettes, as arguments of the grading functions (the notebook's hints show the same calls).
FEVER_ON_CANNULA = dict(temperature_c=38.6, oxygen="low-flow nasal cannula", oxygen_l_min=4.0)
NORADRENALINE_AND_VASOPRESSIN = dict(temperature_c=39.0, hypotension=True, vasopressors=1, vasopressin=True)
ICE_ITEMS = dict(orientation=2, naming=3, follows_commands=1, writing=0, attention=0)
AWAKE_ICE_0 = dict(ice=0, consciousness="awakens spontaneously")
UNAROUSABLE = dict(ice=None, consciousness="unarousable")
STRONG_DRUG = dict(drug=150.0, drug_start=2.0)


@cache
def _strong_drug_outcome() -> str:
    """What the encoded Hanson model does with a strong drug from day 2 (one simulation per session)."""
    return inflammation.outcome(inflammation.simulate(**STRONG_DRUG))


def _grade(expected: int, slips: dict[int, str] | None = None):
    """check_integer for a grade, with a sentence for the likely wrong grades."""
    def check(answer) -> Feedback:
        feedback = check_integer(answer, expected, "a whole-number grade")
        if feedback.status == WRONG:
            value, _ = as_number(answer)
            hint = (slips or {}).get(int(value))
            if hint:
                return Feedback(WRONG, f"Not yet: {int(value)} is not it. {hint}")
        return feedback
    return check


TASKS = (
    Task("crs_cannula", "CRS grade: fever and 4 L/min by nasal cannula",
         _grade(crs_grading.crs_grade(**FEVER_ON_CANNULA).grade,
                {1: "Fever alone is grade 1, but this patient also needs oxygen.",
                 3: "High flow starts above 6 L/min; 4 L/min by nasal cannula is low flow."})),
    Task("crs_vasopressin", "CRS grade: noradrenaline plus vasopressin",
         _grade(crs_grading.crs_grade(**NORADRENALINE_AND_VASOPRESSIN).grade,
                {4: "Grade 4 needs multiple vasopressors excluding vasopressin; vasopressin does not count "
                    "as the second one.",
                 2: "Grade 2 hypotension is the kind that needs no vasopressor at all."})),
    Task("ice_score", "an ICE score from its items",
         lambda a: check_integer(a, crs_grading.ice_score(**ICE_ITEMS), "a whole-number score from 0 to 10")),
    Task("ice0_awake", "ICANS grade: ICE 0, awake",
         _grade(crs_grading.icans_grade(**AWAKE_ICE_0).grade,
                {4: "Grade 4 needs an unarousable patient; this one is awake but cannot speak "
                    "(global aphasia)."})),
    Task("ice0_unarousable", "ICANS grade: unarousable",
         _grade(crs_grading.icans_grade(**UNAROUSABLE).grade,
                {3: "An ICE score of 0 is grade 3 only when the patient is awake."})),
    Task("il6_receptor", "the antibody that blocks the IL-6 receptor",
         lambda a: check_choice(a, "tocilizumab", ("tocilizumab", "anakinra", "dexamethasone", "noradrenaline"),
                                aliases={"actemra": "tocilizumab", "norepinephrine": "noradrenaline",
                                         "kineret": "anakinra"},
                                explanations={
                                    "tocilizumab": "It binds the IL-6 receptor, so IL-6 cannot signal.",
                                    "anakinra": "Anakinra blocks the IL-1 receptor, not the IL-6 receptor.",
                                    "dexamethasone": "Dexamethasone is a corticosteroid: it damps inflammation "
                                                     "broadly rather than blocking one receptor.",
                                    "noradrenaline": "Noradrenaline is a vasopressor: it raises blood pressure "
                                                     "and does not touch the cytokines."})),
    Task("strong_drug", "the tumour under a strong anti-inflammatory drug (model)",
         lambda a: check_choice(a, _strong_drug_outcome(), ("eliminated", "controlled", "not controlled"),
                                aliases={"uncontrolled": "not controlled", "escaped": "not controlled",
                                         "escape": "not controlled"},
                                explanations={
                                    "eliminated": "Without any drug the tumour is not eliminated by day 30 either.",
                                    "controlled": "Compare the tumour on day 30 with its size at infusion (300)."})),
)


# what the notebook's set-up cell makes: a NameError for one of these says to run that cell
SETUP_NAMES = ("crs_grading", "inflammation")

SESSION = ExerciseSession("crs", TASKS)
start, check, summary, save, load = SESSION.functions()
