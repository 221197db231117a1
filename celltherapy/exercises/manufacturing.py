"""In-class exercise for the manufacturing chapter: the steps, waiting, attrition and cost."""

from __future__ import annotations

from .. import cost_per_responder as cpr
from .. import waiting
from ..checks import ExerciseSession, Task, check_choice, check_number

STEPS = ("leukapheresis", "activation", "transduction", "expansion", "release testing", "lymphodepletion")

# Task 4: bridging therapy that halves the drop-out rate (an illustrative assumption)
BRIDGING_EFFECT = 0.5

# Task 5: tisagenlecleucel in B-cell ALL. Launch price from cost_per_responder.PRICES; remission
# within 3 months in 81% of the 75 infused patients (ELIANA, Maude et al. 2018); 17 of 92 enrolled
# patients in the B-ALL pivotal experience did not receive cells (Front Immunol 2021, Table 2)
KYMRIAH_PRICE = cpr.PRICES["Kymriah (tisa-cel), ALL"][0]
ELIANA_REMISSION = 81.0
ELIANA_INFUSED = 100 * 75 / 92

# Task 6: plausible range of each assumption around the axi-cel default
# (response: the 95% CI of the FDA review of ZUMA-1; other costs: the module's +/-50% band;
# share infused: 70%, the lowest in the pivotal-trial table, to 100%)
AXICEL_PRICE = cpr.PRICES["Yescarta (axi-cel)"][0]
ASSUMPTIONS = ("response rate", "other costs", "share infused")

# Task 7: 74% of approved patients infused in the UK national LBCL series (Kuhnl et al. 2022)
UK_INFUSED = 74.0


def swings() -> dict:
    """How far the cost per responder (US$) moves when each assumption crosses its range."""
    base = dict(price=AXICEL_PRICE, response_percent=cpr.DEFAULT_RESPONSE, infused_percent=cpr.DEFAULT_INFUSED)

    def cost(**change):
        return float(cpr.cost_per_responder(**{**base, **change}))
    return {"response rate": cost(response_percent=cpr.RESPONSE_CI[0]) - cost(response_percent=cpr.RESPONSE_CI[1]),
            "other costs": cost(other_costs=1.5 * cpr.OTHER_COSTS) - cost(other_costs=0.5 * cpr.OTHER_COSTS),
            "share infused": cost(infused_percent=70.0) - cost(infused_percent=100.0)}


def _least() -> str:
    moves = swings()
    return min(moves, key=moves.get)


DAY_SLIPS = {"months instead of days": 1 / waiting.DAYS_PER_MONTH, "weeks instead of days": 1 / 7}

TASKS = (
    Task("step", "the step given a few days before infusion",
         lambda a: check_choice(a, "lymphodepletion", STEPS,
                                aliases={"lymphodepleting chemotherapy": "lymphodepletion",
                                         "conditioning": "lymphodepletion",
                                         "fludarabine and cyclophosphamide": "lymphodepletion",
                                         "apheresis": "leukapheresis", "transduction with a vector": "transduction",
                                         "qc": "release testing", "release": "release testing"},
                                explanations={"lymphodepletion": "Fludarabine and cyclophosphamide reduce the patient's "
                                              "own lymphocytes and make room for the CAR T cells.",
                                              "leukapheresis": "Leukapheresis collects the cells at the start; "
                                              "this step treats the patient just before the cells return."})),
    Task("reach_60", "fraction reaching infusion after 60 days",
         lambda a: check_number(a, float(waiting.fates(60)["infused"]), rel_tol=0.02,
                                unit_slips={"a percentage instead of a fraction": 100})),
    Task("days_10pct", "days of waiting until 10% are lost",
         lambda a: check_number(a, waiting.days_to_lose(0.10), rel_tol=0.03, units="days",
                                unit_slips=DAY_SLIPS)),
    Task("bridging", "days until 10% are lost with bridging that halves the drop-out rate",
         lambda a: check_number(a, waiting.days_to_lose(0.10, bridging_effect=BRIDGING_EFFECT), rel_tol=0.03,
                                units="days",
                                unit_slips=DAY_SLIPS)),
    Task("cost_kymriah", "cost per responder for tisagenlecleucel in ALL",
         lambda a: check_number(a, float(cpr.cost_per_responder(KYMRIAH_PRICE, ELIANA_REMISSION, ELIANA_INFUSED)),
                                rel_tol=0.03, units="US dollars",
                                unit_slips={"thousands of dollars instead of dollars": 1e-3,
                                            "millions of dollars instead of dollars": 1e-6})),
    Task("least", "the assumption that moves the cost per responder least",
         lambda a: check_choice(a, _least(), ASSUMPTIONS,
                                aliases={"response": "response rate", "other cost": "other costs",
                                         "other costs of care": "other costs", "attrition": "share infused",
                                         "infused": "share infused", "share of patients infused": "share infused",
                                         "percent infused": "share infused"},
                                explanations={"share infused": "Unused products are not paid for in this model, so "
                                              "patients lost before infusion add little cost; they lose their "
                                              "chance of response instead.",
                                              "response rate": "It moves the answer a lot: about as much as the "
                                              "other costs do.",
                                              "other costs": "They move the answer a lot: about as much as the "
                                              "response rate does."})),
    Task("itt_responders", "responders per 100 patients who start, UK infusion rate",
         lambda a: check_number(a, UK_INFUSED * cpr.DEFAULT_RESPONSE / 100, rel_tol=0.03, units="patients",
                                unit_slips={"a fraction instead of a count per 100": 0.01})),
)


# what the notebook's set-up cell makes: a NameError for one of these says to run that cell
SETUP_NAMES = ("cost_per_responder", "waiting")

SESSION = ExerciseSession("manufacturing", TASKS)
start, check, summary, save, load = SESSION.functions()
