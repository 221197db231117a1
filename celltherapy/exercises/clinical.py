"""In-class exercise for the clinical chapter: reading a trial report critically."""

from __future__ import annotations

from .. import enrolment_funnel, survival_plateau
from ..checks import ExerciseSession, Task, check_choice, check_number
from ..trials import by_trial

PERCENT = {"a fraction instead of a percentage": 0.01}

TASKS = (
    Task("denominator", "the population behind ZUMA-1's 82%",
         lambda a: check_choice(a, "infused", ("enrolled", "manufactured", "infused"),
                                aliases={"infused patients": "infused", "treated": "infused",
                                         "intention to treat": "enrolled", "itt": "enrolled"},
                                explanations={"enrolled": "111 were enrolled, but the 82% is per infused patient."})),
    Task("itt_rate", "ZUMA-1's response rate per enrolled patient",
         lambda a: check_number(a, enrolment_funnel.response_rates("ZUMA-1")["enrolled"], rel_tol=0.02,
                                units="%", unit_slips=PERCENT)),
    Task("assessor", "who assessed the FDA's 72%",
         lambda a: check_choice(a, "independent review", ("investigators", "independent review", "patients"),
                                aliases={"irc": "independent review", "independent review committee": "independent review",
                                         "fda": "independent review", "investigator": "investigators"},
                                explanations={"investigators": "The investigators' assessment gave 82%."})),
    Task("crs_comparable", "whether JULIET's and ZUMA-1's grade 3 CRS rates compare directly",
         lambda a: check_choice(a, "no", ("yes", "no"),
                                aliases={"false": "no", "true": "yes", "not comparable": "no"},
                                explanations={"yes": f"JULIET used the {by_trial('JULIET').grading_scale} scale and "
                                              f"ZUMA-1 the {by_trial('ZUMA-1', 'regulator', reports='crs_grade3_pct').grading_scale} scale."})),
    Task("cured_fraction", "the cured fraction implied by ZUMA-1's five-year curve",
         lambda a: check_number(a, survival_plateau.ZUMA1_FIT[0], rel_tol=0.05,
                                unit_slips={"a percentage instead of a fraction": 100})),
    Task("historical_median", "SCHOLAR-1's median overall survival",
         lambda a: check_number(a, survival_plateau.SCHOLAR1[0], rel_tol=0.02, units="months")),
)


# what the notebook's set-up cell makes: a NameError for one of these says to run that cell
SETUP_NAMES = ("enrolment_funnel", "survival_plateau", "by_trial")

SESSION = ExerciseSession("clinical", TASKS)
start, check, summary, save, load = SESSION.functions()
