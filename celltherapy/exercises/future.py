"""In-class exercise for the future-directions chapter: gates, switches, edited cells."""

from __future__ import annotations

from .. import logic_gates, safety_switch
from ..checks import ExerciseSession, Task, check_choice, check_number

GATE_NAMES = tuple(logic_gates.GATES)

TASKS = (
    Task("spare_healthy", "the gate that spares tissue carrying only A",
         lambda a: check_choice(a, "A AND B (synNotch)", GATE_NAMES,
                                aliases={"and": "A AND B (synNotch)", "a and b": "A AND B (synNotch)",
                                         "synnotch": "A AND B (synNotch)", "or": "A OR B", "not": "A AND NOT B",
                                         "a only": "A only (single CAR)"})),
    Task("not_gate", "a NOT gate meets a tumour that carries B",
         lambda a: check_choice(a, "killed" if logic_gates.killed("A AND NOT B", 0.9, 0.8) else "spared",
                                ("killed", "spared"))),
    Task("or_gate_escape", "an OR gate against a tumour that lost A",
         lambda a: check_choice(a, "killed" if logic_gates.killed("A OR B", 0.0, 0.8) else "spared",
                                ("killed", "spared"))),
    Task("switch_30min", "fraction still alive 30 minutes after the clinical dose",
         lambda a: check_number(a, float(safety_switch.remaining(30.0, 1.0)), rel_tol=0.1,
                                unit_slips={"a percentage instead of a fraction": 100})),
    Task("b2m_knockout", "who attacks cells without HLA class I",
         lambda a: check_choice(a, "NK cells", ("NK cells", "CD8 T cells", "B cells", "dendritic cells"),
                                aliases={"nk": "NK cells", "nk cell": "NK cells", "natural killer cells": "NK cells"},
                                explanations={"NK cells": "Missing self: without HLA class I, the inhibitory "
                                              "receptors of NK cells receive no signal.",
                                              "CD8 T cells": "CD8⁺ T cells need HLA class I to see anything."})),
)


# what the notebook's set-up cell makes: a NameError for one of these says to run that cell
SETUP_NAMES = ("replace", "np", "logic_gates", "safety_switch")

SESSION = ExerciseSession("future", TASKS)
start, check, summary, save, load = SESSION.functions()
