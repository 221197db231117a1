"""Grading cytokine release syndrome (CRS) and ICANS with the ASTCT consensus scales.

FOR TEACHING ONLY. This is NOT clinical guidance and must not be used to grade, treat or
make decisions about real patients: follow your institution's protocols and the original
publication. It exists so that students can see how the consensus tables turn bedside
findings into a grade, and try the edge cases.

The scales are those of the American Society for Transplantation and Cellular Therapy
(ASTCT) consensus, Lee DW et al. 2019, Biol Blood Marrow Transplant 25:625–638
(bib key `lee2019astct`).

CRS (`crs_grade`) needs a fever of 38.0 °C or more. After antipyretics, tocilizumab or
corticosteroids, fever is no longer required and the grade is driven by hypotension and
hypoxia. The grade is that of the more severe of the hypotension and hypoxia criteria, and at
least 1 when there is fever. Grade 5 (death) is not computed here, and organ toxicities are
graded separately (by CTCAE) and do not change the CRS grade.

ICANS (`icans_grade`, adults and children over 12) takes the worst of five domains: the
10-point ICE score (`ice_score`), the level of consciousness, seizures, motor findings and
raised intracranial pressure or cerebral oedema. Only events not attributable to another
cause count; the calculator cannot judge that and assumes they are all ICANS. Children aged
12 and under are graded with the CAPD instead, which is not implemented here.

Every impossible input raises `GradingInputError` with one sentence that names the field and
says what is allowed, so a notebook can show the message instead of a traceback.
"""

from __future__ import annotations

import math
import numbers
import textwrap
from dataclasses import dataclass

import numpy as np
from matplotlib.patches import Rectangle

from .parameters import Parameter
from .style import COLOURS, new_figure
from .widgets import explore, static_figure

FEVER_C = 38.0                 # fever threshold, °C (lee2019astct)
LOW_FLOW_LIMIT_L_MIN = 6.0     # a nasal cannula above this flow counts as high flow (lee2019astct)
TEMPERATURE_RANGE_C = (30.0, 45.0)
FAHRENHEIT_RANGE = (86.0, 113.0)   # 30–45 °C written in °F
MAX_OXYGEN_L_MIN = 80.0
MAX_VASOPRESSORS = 5

# Oxygen devices, from none to positive pressure, with the CRS grade each sets (lee2019astct).
OXYGEN_DEVICES = (
    "none",
    "low-flow nasal cannula",
    "blow-by",
    "high-flow nasal cannula",
    "facemask",
    "non-rebreather mask",
    "Venturi mask",
    "positive pressure",
)
OXYGEN_GRADES = {"none": 0, "low-flow nasal cannula": 2, "blow-by": 2, "high-flow nasal cannula": 3,
                 "facemask": 3, "non-rebreather mask": 3, "Venturi mask": 3, "positive pressure": 4}
# other common names for the same choices
OXYGEN_ALIASES = {"room air": "none", "nasal cannula": "low-flow nasal cannula",
                  "low flow nasal cannula": "low-flow nasal cannula",
                  "high flow nasal cannula": "high-flow nasal cannula", "face mask": "facemask",
                  "non-rebreather": "non-rebreather mask", "nonrebreather mask": "non-rebreather mask",
                  "venturi": "Venturi mask", "cpap": "positive pressure", "bipap": "positive pressure",
                  "intubation": "positive pressure", "mechanical ventilation": "positive pressure"}

CONSCIOUSNESS = ("awakens spontaneously", "awakens to voice", "awakens only to tactile stimulus", "unarousable")
# "awakens spontaneously" is the grade 1 entry of the table, but on its own (ICE 10, nothing
# else abnormal) it is no ICANS, so it never raises the grade by itself: it counts as 0 here.
CONSCIOUSNESS_GRADES = dict(zip(CONSCIOUSNESS, (0, 2, 3, 4)))
SEIZURES = ("none",
            "rapidly resolving or non-convulsive on EEG resolving with intervention",
            "prolonged (>5 min) or repetitive without return to baseline")
SEIZURE_GRADES = dict(zip(SEIZURES, (0, 3, 4)))
CEREBRAL_OEDEMA = ("none",
                   "focal/local on imaging",
                   "diffuse, or posturing, cranial nerve VI palsy, papilloedema, Cushing's triad")
OEDEMA_GRADES = dict(zip(CEREBRAL_OEDEMA, (0, 3, 4)))

# ICE items: name, most points, what earns the points
ICE_ITEMS = (
    ("orientation", 4, "one point each for the year, month, city and hospital"),
    ("naming", 3, "one point for each of three objects named"),
    ("follows_commands", 1, "one point for following simple commands"),
    ("writing", 1, "one point for writing a standard sentence"),
    ("attention", 1, "one point for counting back from 100 in tens"),
)


class GradingInputError(ValueError):
    """An input the grading tables cannot take; the message names the field and what is allowed."""


# ---------------------------------------------------------------------------- validation

def _shown(value) -> str:
    """How a rejected value is quoted in a message."""
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {text!r}"
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isnan(float(value)):
        return "NaN (not a number)"
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{float(value):g}"
    if value is None or isinstance(value, bool):
        return repr(value)
    name = type(value).__name__
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"


def _is_bool(value) -> bool:
    return isinstance(value, (bool, np.bool_))


def _real(name: str, value, allowed: str) -> float:
    """A finite real number (True and False are not numbers here), else a message."""
    if _is_bool(value) or not isinstance(value, numbers.Real):
        raise GradingInputError(f"{name} must be {allowed}; got {_shown(value)}.")
    number = float(value)
    if not math.isfinite(number):
        raise GradingInputError(f"{name} must be {allowed}; got {_shown(value)}.")
    return number


def _whole(name: str, value, low: int, high: int, detail: str = "", allow_bool: bool = False) -> int:
    """A whole number from `low` to `high` (7.0 is accepted as 7, 2.5 is not)."""
    allowed = f"a whole number from {low} to {high}{f' ({detail})' if detail else ''}"
    if allow_bool and _is_bool(value):
        return int(value)
    number = _real(name, value, allowed + (", or True or False" if allow_bool else ""))
    if not number.is_integer() or not low <= number <= high:
        raise GradingInputError(f"{name} must be {allowed}; got {_shown(value)}.")
    return int(number)


def _flag(name: str, value) -> bool:
    if not _is_bool(value):
        raise GradingInputError(f"{name} must be True or False; got {_shown(value)}.")
    return bool(value)


def _choice(name: str, value, options, aliases=None) -> str:
    """One of `options`, matched without regard to case or extra spaces."""
    listed = "; ".join(repr(o) for o in options)
    if not isinstance(value, str):
        raise GradingInputError(f"{name} must be one of {listed}; got {_shown(value)}.")
    key = " ".join(value.split()).lower()
    lookup = {o.lower(): o for o in options}
    lookup.update({k.lower(): v for k, v in (aliases or {}).items()})
    if key not in lookup:
        raise GradingInputError(f"{name} = {value!r} is not one of the options; choose one of {listed}.")
    return lookup[key]


def _temperature(value) -> float:
    low, high = TEMPERATURE_RANGE_C
    t = _real("temperature_c", value, f"a temperature in °C between {low:g} and {high:g}")
    if low <= t <= high:
        return t
    if FAHRENHEIT_RANGE[0] <= t <= FAHRENHEIT_RANGE[1]:
        raise GradingInputError(f"temperature_c = {t:g} looks like degrees Fahrenheit ({t:g} °F is "
                                f"{(t - 32) / 1.8:.1f} °C); give the temperature in °C "
                                f"(between {low:g} and {high:g}).")
    raise GradingInputError(f"temperature_c must be between {low:g} and {high:g} °C; got {t:g}.")


def _celsius(t: float) -> str:
    """A temperature as written (38.6), with enough digits that 37.99999 does not read as 38."""
    short = f"{t:g}"
    return short if (float(short) >= FEVER_C) == (t >= FEVER_C) else repr(t)


# ---------------------------------------------------------------------------- ICE score

def ice_score(orientation, naming, follows_commands, writing, attention) -> int:
    """The 10-point Immune effector Cell-associated Encephalopathy (ICE) score (lee2019astct).

    orientation 0–4 (year, month, city, hospital), naming 0–3 (three objects), and one point
    each, 0–1 or True/False, for following simple commands, writing a standard sentence and
    counting back from 100 in tens. 10 is normal.
    """
    given = (orientation, naming, follows_commands, writing, attention)
    return sum(_whole(name, value, 0, most, detail, allow_bool=most == 1)
               for (name, most, detail), value in zip(ICE_ITEMS, given))


# ---------------------------------------------------------------------------- CRS

@dataclass(frozen=True)
class CrsResult:
    """A CRS grade (0 means no CRS) and the criteria met, each with the grade it sets.

    `fever`, `hypotension_grade` and `hypoxia_grade` record the findings row by row (a row's
    grade is 0 when its sign is absent), whether or not they add up to CRS.
    """

    grade: int
    reasons: tuple[str, ...]
    fever: bool = False
    hypotension_grade: int = 0
    hypoxia_grade: int = 0

    @property
    def label(self) -> str:
        return "no CRS" if self.grade == 0 else f"CRS grade {self.grade}"

    def __str__(self) -> str:
        return f"{self.label}: {'; '.join(self.reasons)}."


def hypotension_grade(hypotension: bool, vasopressors: int, vasopressin: bool) -> tuple[int, str]:
    """The grade the hypotension row of the table sets, and why (0 and "" without hypotension)."""
    if not hypotension:
        return 0, ""
    if vasopressors >= 2:
        return 4, f"{vasopressors} vasopressors other than vasopressin: grade 4"
    if vasopressors == 1:
        return 3, "one vasopressor (with or without vasopressin): grade 3"
    if vasopressin:
        return 3, "vasopressin alone: grade 3"
    return 2, "hypotension not requiring vasopressors: grade 2"


def hypoxia_grade(oxygen: str, oxygen_l_min: float) -> tuple[int, str]:
    """The grade the hypoxia row of the table sets, and why (0 and "" without oxygen)."""
    grade = OXYGEN_GRADES[oxygen]
    flow = f" at {oxygen_l_min:g} L/min" if oxygen_l_min > 0 else ""
    if oxygen == "low-flow nasal cannula" and oxygen_l_min > LOW_FLOW_LIMIT_L_MIN:
        return 3, f"nasal cannula{flow} (above {LOW_FLOW_LIMIT_L_MIN:g} L/min counts as high flow): grade 3"
    if oxygen == "positive pressure":
        return grade, "positive-pressure ventilation (CPAP, BiPAP or intubation): grade 4"
    return grade, (f"{oxygen}{flow}: grade {grade}" if grade else "")


def crs_grade(temperature_c, vasopressors=0, vasopressin=False, oxygen="none", oxygen_l_min=0.0,
              fever_masked=False, hypotension=False) -> CrsResult:
    """The ASTCT consensus CRS grade (lee2019astct). For teaching, not clinical use.

    temperature_c: the highest temperature, °C (30–45).
    hypotension: True if the patient is hypotensive. Vasopressors imply hypotension, so
        giving them with hypotension=False is an error.
    vasopressors: how many vasopressors OTHER than vasopressin (a whole number, 0–5).
    vasopressin: True if vasopressin is given.
    oxygen: the device, one of `OXYGEN_DEVICES`; oxygen_l_min: its flow in L/min (0 when not
        recorded; it only matters for a low-flow nasal cannula, where more than 6 L/min counts
        as high flow).
    fever_masked: True after antipyretics, tocilizumab or corticosteroids, after which fever
        is no longer required.
    """
    t = _temperature(temperature_c)
    n_pressors = _whole("vasopressors", vasopressors, 0, MAX_VASOPRESSORS,
                        "how many vasopressors other than vasopressin")
    vasopressin = _flag("vasopressin", vasopressin)
    masked = _flag("fever_masked", fever_masked)
    hypotensive = _flag("hypotension", hypotension)
    device = _choice("oxygen", oxygen, OXYGEN_DEVICES, OXYGEN_ALIASES)
    flow = _real("oxygen_l_min", oxygen_l_min, f"0 or more litres per minute (at most {MAX_OXYGEN_L_MIN:g})")
    if flow < 0:
        raise GradingInputError(f"oxygen_l_min must be 0 or more litres per minute; got {flow:g}.")
    if flow > MAX_OXYGEN_L_MIN:
        raise GradingInputError(f"oxygen_l_min must be at most {MAX_OXYGEN_L_MIN:g} litres per minute; got {flow:g}.")
    if device == "none" and flow > 0:
        raise GradingInputError(f"oxygen is 'none' but oxygen_l_min is {flow:g}; choose the oxygen device "
                                "in use, or set oxygen_l_min to 0.")
    if not hypotensive and (n_pressors or vasopressin):
        given = " and ".join(part for part in (f"vasopressors = {n_pressors}" if n_pressors else "",
                                               "vasopressin = True" if vasopressin else "") if part)
        raise GradingInputError(f"hypotension is False, but {given}; vasopressors are only given for "
                                "hypotension, so set hypotension=True (or remove the vasopressors).")

    fever = t >= FEVER_C
    pressure, pressure_why = hypotension_grade(hypotensive, n_pressors, vasopressin)
    breathing, breathing_why = hypoxia_grade(device, flow)
    if not fever and not masked:
        why = f"no fever ({_celsius(t)} °C is below {FEVER_C:.1f} °C)"
        if pressure or breathing:
            why += ", and without fever hypotension and hypoxia are not graded as CRS unless fever was masked"
        return CrsResult(0, (why,), fever, pressure, breathing)
    reasons = [f"fever {_celsius(t)} °C: grade 1" if fever else
               "fever masked by antipyretics, tocilizumab or corticosteroids, so not required"]
    reasons += [why for why in (pressure_why, breathing_why) if why]
    grade = max(pressure, breathing, 1 if fever else 0)
    if grade == 0:
        reasons.append("without fever, hypotension or hypoxia there is no grade to give")
    elif pressure and breathing:
        reasons.append(f"the more severe of hypotension and hypoxia sets the grade: {grade}")
    return CrsResult(grade, tuple(reasons), fever, pressure, breathing)


# ---------------------------------------------------------------------------- ICANS

@dataclass(frozen=True)
class IcansResult:
    """An ICANS grade (0 means no ICANS) and the findings, each with the grade it sets."""

    grade: int
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return "no ICANS" if self.grade == 0 else f"ICANS grade {self.grade}"

    def __str__(self) -> str:
        return f"{self.label}: {'; '.join(self.reasons)}."


def ice_grade(ice: int | None, unarousable: bool) -> int:
    """The grade the ICE-score row sets: 10 → 0, 7–9 → 1, 3–6 → 2, 0–2 → 3, unarousable → 4."""
    if unarousable:
        return 4
    return 0 if ice == 10 else 1 if ice >= 7 else 2 if ice >= 3 else 3


def icans_grade(ice=None, consciousness="awakens spontaneously", seizure="none", motor_weakness=False,
                cerebral_oedema="none", age_years=None) -> IcansResult:
    """The ASTCT consensus ICANS grade for adults and children over 12 (lee2019astct).

    For teaching, not clinical use. `ice` is the ICE score (0–10, see `ice_score`); None
    means it could not be assessed, which is allowed only when the patient is unarousable.
    The options for `consciousness`, `seizure` and `cerebral_oedema` are the module
    constants CONSCIOUSNESS, SEIZURES and CEREBRAL_OEDEMA; `motor_weakness` is deep focal
    motor weakness such as hemiparesis or paraparesis. The grade is the most severe domain.
    """
    if age_years is not None:
        age = _real("age_years", age_years, "an age in years between 0 and 120, or None")
        if not 0 <= age <= 120:
            raise GradingInputError(f"age_years must be between 0 and 120; got {age:g}.")
        if age <= 12:
            raise GradingInputError(f"age_years = {age:g}: children aged 12 and under are graded with the CAPD "
                                    "(Cornell Assessment of Pediatric Delirium) instead of the ICE score, "
                                    "which this calculator does not implement.")
    level = _choice("consciousness", consciousness, CONSCIOUSNESS)
    fit = _choice("seizure", seizure, SEIZURES)
    oedema = _choice("cerebral_oedema", cerebral_oedema, CEREBRAL_OEDEMA)
    weak = _flag("motor_weakness", motor_weakness)
    unarousable = level == "unarousable"
    if ice is None:
        if not unarousable:
            raise GradingInputError("ice is None (not assessed), which is only allowed when the patient is "
                                    "unarousable; give the ICE score as a whole number from 0 to 10.")
        score = None
    else:
        score = _whole("ice", ice, 0, 10, "the ICE score")
        if unarousable and score != 0:
            raise GradingInputError(f"ice = {score} cannot be scored in an unarousable patient; give ice=None "
                                    "(not assessable) or 0.")

    findings = []
    grade = ice_grade(score, unarousable)
    if unarousable:
        findings.append((4, "unarousable, so the ICE score cannot be done: grade 4"))
    elif score == 0:
        findings.append((3, "ICE score 0 in an awake patient (global aphasia): grade 3"))
    elif grade:
        findings.append((grade, f"ICE score {score}: grade {grade}"))
    if CONSCIOUSNESS_GRADES[level] and not unarousable:
        findings.append((CONSCIOUSNESS_GRADES[level], f"{level}: grade {CONSCIOUSNESS_GRADES[level]}"))
    if SEIZURE_GRADES[fit]:
        findings.append((SEIZURE_GRADES[fit], f"seizure, {fit}: grade {SEIZURE_GRADES[fit]}"))
    if weak:
        findings.append((4, "deep focal motor weakness: grade 4"))
    if OEDEMA_GRADES[oedema]:
        findings.append((OEDEMA_GRADES[oedema], f"cerebral oedema, {oedema}: grade {OEDEMA_GRADES[oedema]}"))
    if not findings:
        return IcansResult(0, ("ICE score 10, awake and no other finding",))
    worst = max(g for g, _ in findings)
    reasons = [why for _, why in findings]
    if len(findings) > 1:
        reasons.append(f"the most severe finding sets the grade: {worst}")
    return IcansResult(worst, tuple(reasons))


# ---------------------------------------------------------------------------- the figure

HYPOTENSION_STATES = ("none", "no vasopressors", "one vasopressor ± vasopressin", "vasopressin alone",
                      "two or more vasopressors")
# each state as crs_grade arguments: hypotension, vasopressors other than vasopressin, vasopressin
HYPOTENSION_ARGUMENTS = {"none": (False, 0, False), "no vasopressors": (True, 0, False),
                         "one vasopressor ± vasopressin": (True, 1, False),
                         "vasopressin alone": (True, 0, True), "two or more vasopressors": (True, 2, False)}

ROW_LABELS = ("Fever ≥38 °C*", "Hypotension", "Hypoxia\n(oxygen needed)")
# the cell texts, row by row, grades 1 to 4
TABLE = (
    ("yes", "yes", "yes", "yes"),
    ("none", "not requiring\nvasopressors", "one\nvasopressor\n± vasopressin",
     "two or more\nvasopressors\n(not vasopressin)"),
    ("none", "low-flow nasal\ncannula\n≤6 L/min\nor blow-by",
     "high-flow\ncannula >6 L/min,\nfacemask, non-\nrebreather or\nVenturi mask",
     "positive pressure\n(CPAP, BiPAP,\nintubation)"),
)
FOOTNOTE = ("* Fever is not required after antipyretics, tocilizumab or corticosteroids. The grade is that of "
            "the more severe of hypotension and hypoxia.\nOrange cells set the grade; pale blue cells are the "
            "patient's other findings. ASTCT consensus (Lee et al. 2019). For teaching only: not clinical guidance.")
TITLE_WIDTH = 62  # characters per title line
PLAIN, MATCH, DECIDES = "#ffffff", "#cfe6f5", COLOURS["accent"]


def describe(temperature_c=38.6, hypotension="none", oxygen="low-flow nasal cannula", oxygen_l_min=4.0,
             fever_masked=False) -> str:
    """The grade for the explorer's settings as a sentence, or the validation message."""
    try:
        return str(_grade_for_view(temperature_c, hypotension, oxygen, oxygen_l_min, fever_masked))
    except GradingInputError as error:
        return f"Cannot grade: {error}"


def _grade_for_view(temperature_c, hypotension, oxygen, oxygen_l_min, fever_masked) -> CrsResult:
    state = _choice("hypotension", hypotension, HYPOTENSION_STATES)
    # the flow slider keeps its place when the device menu says "none": no device, no oxygen flow
    if _choice("oxygen", oxygen, OXYGEN_DEVICES, OXYGEN_ALIASES) == "none":
        oxygen_l_min = 0.0
    hypotensive, pressors, vasopressin = HYPOTENSION_ARGUMENTS[state]
    return crs_grade(temperature_c, vasopressors=pressors, vasopressin=vasopressin, oxygen=oxygen,
                     oxygen_l_min=oxygen_l_min, fever_masked=fever_masked, hypotension=hypotensive)


PARAMETERS = (
    Parameter("temperature_c", "highest temperature", 38.6, "°C", 36.0, 41.0, 0.1, source="lee2019astct"),
    Parameter("hypotension", "hypotension", "none", options=HYPOTENSION_STATES, source="lee2019astct"),
    Parameter("oxygen", "oxygen device", "low-flow nasal cannula", options=OXYGEN_DEVICES, source="lee2019astct"),
    Parameter("oxygen_l_min", "oxygen flow", 4.0, "L/min", 0.0, 15.0, 0.5, source="lee2019astct"),
    Parameter("fever_masked", "fever masked by antipyretics, tocilizumab or steroids", False,
              options=(False, True), source="lee2019astct"),
)


class GradingView:
    """The ASTCT CRS table with the patient's findings highlighted and the grade as the title."""

    def __init__(self):
        self.fig, self.ax = new_figure(5.0, 6.4)
        ax = self.ax
        # grades are rows (1 at the top), findings are columns: the table fits a phone's width
        ax.set(xlim=(0, 4.1), ylim=(0, 5.6))
        ax.axis("off")
        for grade in range(1, 5):
            ax.text(0.4, self._row_y(grade) + 0.475, f"Grade {grade}", ha="center", va="center", fontsize=10,
                    fontweight="bold")
        for row, label in enumerate(ROW_LABELS):
            ax.text(0.8 + 1.1 * row + 0.55, 5.3, label, ha="center", va="center", fontsize=10)
        self.cells, self.texts = [], []
        for row, texts in enumerate(TABLE):
            for grade, text in enumerate(texts, 1):
                x, y = 0.8 + 1.1 * row, self._row_y(grade)
                self.cells.append(ax.add_patch(Rectangle((x + 0.02, y + 0.02), 1.06, 0.91, facecolor=PLAIN,
                                                         edgecolor=COLOURS["muted"], lw=0.8)))
                self.texts.append(ax.text(x + 0.55, y + 0.475, text, ha="center", va="center", fontsize=10,
                                          linespacing=1.1))
        # a frame around the row of the patient's grade
        self.frame = ax.add_patch(Rectangle((0, 0), 4.1, 0.95, fill=False, edgecolor=COLOURS["total"], lw=2.2,
                                            visible=False))
        footnote = "\n".join(textwrap.fill(part, 62) for part in FOOTNOTE.split("\n"))
        ax.text(0.0, 1.0, footnote, ha="left", va="top", fontsize=10, color="#444444")
        # a left-aligned title is its own artist, not ax.title: keep it to redraw it
        self.title = ax.set_title("\n", fontsize=10.5, loc="left")

    def dynamic_artists(self):
        """What a change redraws: the cell fills, the cell texts on top of them, the frame, the title."""
        return [*self.cells, *self.texts, self.frame, self.title]

    def _title(self, text: str) -> None:
        """Always two lines, so that the layout made at the first drawing fits every title."""
        lines = textwrap.wrap(text, TITLE_WIDTH)
        if len(lines) > 2:
            lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), TITLE_WIDTH, placeholder=" …")]
        self.title.set_text("\n".join(lines + [""] * (2 - len(lines))))

    @staticmethod
    def _row_y(grade: int) -> float:
        return 4.95 - 0.95 * grade

    def _cell(self, row: int, grade: int) -> Rectangle:
        return self.cells[4 * row + grade - 1]

    def update(self, temperature_c=38.6, hypotension="none", oxygen="low-flow nasal cannula", oxygen_l_min=4.0,
               fever_masked=False) -> str:
        for cell in self.cells:
            cell.set_facecolor(PLAIN)
        try:
            result = _grade_for_view(temperature_c, hypotension, oxygen, oxygen_l_min, fever_masked)
        except GradingInputError as error:
            self.frame.set_visible(False)
            message = f"Cannot grade: {error}"
            self._title(message)
            return message
        grade = result.grade
        # the patient's finding in each row; a "none" cell (grade 1 column) only counts with CRS
        findings = ((0, grade if result.fever else 0), (1, result.hypotension_grade), (2, result.hypoxia_grade))
        for row, found in findings:
            if grade and row and not found:
                found = 1
            if found:
                self._cell(row, found).set_facecolor(DECIDES if found == grade else MATCH)
        self.frame.set_y(self._row_y(max(grade, 1)))
        self.frame.set_visible(bool(grade))
        # the second line gives the criteria that set the grade
        deciding = [why.rsplit(": grade", 1)[0] for why in result.reasons if why.endswith(f": grade {grade}")]
        detail = "; ".join(deciding or result.reasons)
        # the temperature is always named, so every move of its slider shows in the figure
        self._title(f"{result.label if grade else 'No CRS (grade 0)'} at {temperature_c:.1f} °C: {detail}.")
        return str(result)


# the view and its parameters, for the sweep tests and the benchmark
EXPLORER = (GradingView, PARAMETERS)


def plot_crs_grading(**values):
    return static_figure(GradingView, PARAMETERS, **values)


def explore_crs_grading():
    return explore(GradingView, PARAMETERS)
