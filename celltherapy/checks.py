"""Answer checks for the in-class exercises: every answer gets a sentence, never a traceback.

An exercise is a list of `Task`s. `Exercise.check(task_id, answer)` returns `Feedback`,
whose text is shown as the cell's output; it records the verdict for `summary()` and
`save()`. Any answer at all is accepted: `...` (not answered yet), None, NaN, text, lists,
arrays, numbers of any size. A bug in a checker is caught and reported as a sentence too.
"""

from __future__ import annotations

import json
import math
import re
import numbers
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

NOT_ANSWERED = "not answered yet"
CORRECT = "correct"
CLOSE = "close"
WRONG = "not yet"
INVALID = "unreadable"


class Text(str):
    """A string a notebook shows as plain text: no quotes, line breaks kept."""

    def __repr__(self) -> str:
        return str(self)


@dataclass(frozen=True)
class Feedback:
    status: str
    message: str

    def __repr__(self) -> str:
        # plain symbols that common text fonts have (emoji fonts are often missing)
        marks = {CORRECT: "✓", CLOSE: "◐", WRONG: "✗", NOT_ANSWERED: "○", INVALID: "⚠"}
        return f"{marks.get(self.status, '')} {self.message}"

    @property
    def solved(self) -> bool:
        return self.status == CORRECT


def describe_value(answer: Any) -> str:
    """A short, friendly name for what the student gave."""
    if isinstance(answer, str):
        shown = answer if len(answer) <= 30 else answer[:27] + "..."
        return f"the text {shown!r}"
    if isinstance(answer, bool):
        return f"the truth value {answer}"
    if isinstance(answer, (list, tuple, set, dict)):
        return f"a {type(answer).__name__} of {len(answer)} item{'s' if len(answer) != 1 else ''}"
    shape = getattr(answer, "shape", None)
    if shape is not None and shape != ():
        return f"an array of shape {tuple(shape)}"
    if isinstance(answer, numbers.Number):
        return f"the number {answer!r:.30}"
    name = type(answer).__name__
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name} object"


def _blank(answer: Any) -> Feedback | None:
    """Feedback for answers that are missing rather than wrong, else None."""
    if answer is Ellipsis:
        return Feedback(NOT_ANSWERED, "Not answered yet: replace the ... with your answer and run the cell.")
    if answer is None:
        return Feedback(INVALID, "Your answer is None. Did the cell assign `answer = ...` to a value, "
                                 "or does a function you called print instead of return?")
    if isinstance(answer, str) and not answer.strip():
        return Feedback(INVALID, "Your answer is empty text. Write your answer between the quotes.")
    return None


def as_number(answer: Any) -> tuple[float | None, Feedback | None]:
    """Read a single real number from `answer`, or explain in a sentence why it is not one."""
    blank = _blank(answer)
    if blank:
        return None, blank
    if isinstance(answer, bool):
        return None, Feedback(INVALID, "This task needs a number, and you gave True or False.")
    if isinstance(answer, str):
        try:
            float(answer.replace(",", ""))
        except ValueError:
            return None, Feedback(INVALID, f"This task needs a number, and you gave {describe_value(answer)}.")
        return None, Feedback(INVALID, f"You wrote the number as text ({answer!r}). "
                                       "Remove the quotes so Python sees a number.")
    size = getattr(answer, "size", None)
    if size == 1 and hasattr(answer, "item"):  # a NumPy scalar or one-element array
        answer = answer.item()
    elif isinstance(answer, (list, tuple)) and len(answer) == 1:
        return None, Feedback(INVALID, f"This task needs a single number, and you gave {describe_value(answer)}. "
                                       "Take the value out of the brackets.")
    if isinstance(answer, complex):
        return None, Feedback(INVALID, "This task needs a real number, and you gave a complex one.")
    if not isinstance(answer, numbers.Real):
        return None, Feedback(INVALID, f"This task needs a single number, and you gave {describe_value(answer)}.")
    try:
        value = float(answer)
    except (OverflowError, ValueError, TypeError):
        return None, Feedback(INVALID, "That number is too large to compare. Check the calculation.")
    if math.isnan(value):
        return None, Feedback(INVALID, "Your answer is NaN (not a number): a calculation somewhere divided "
                                       "zero by zero or used a missing value.")
    if math.isinf(value):
        return None, Feedback(INVALID, "Your answer is infinite: check for a division by zero.")
    return value, None


def check_number(answer: Any, expected: float, rel_tol: float = 0.05, units: str = "",
                 unit_slips: dict[str, float] | None = None) -> Feedback:
    """Correct within `rel_tol`; `close` within three times that; a named unit slip when the
    answer matches `expected` times a known conversion factor (e.g. hours for days)."""
    value, problem = as_number(answer)
    if problem:
        return problem
    unit_text = units if units.startswith("-") else f" {units}" if units else ""
    error = abs(value - expected) / abs(expected)
    if error <= rel_tol:
        return Feedback(CORRECT, f"Correct: {value:.3g}{unit_text}.")
    for slip, factor in (unit_slips or {}).items():
        if abs(value - expected * factor) <= rel_tol * abs(expected * factor):
            return Feedback(CLOSE, f"Close: your number fits {slip}. Check the units: the task asks for{unit_text or ' the stated units'}.")
    if error <= 3 * rel_tol:
        return Feedback(CLOSE, f"Close, but not within {rel_tol:.0%}: check rounding and which values you used.")
    direction = "too high" if value > expected else "too low"
    return Feedback(WRONG, f"Not yet: {value:.3g}{unit_text} is {direction}. Look at the hint and try again.")


def check_choice(answer: Any, correct: str, options: Sequence[str],
                 aliases: dict[str, str] | None = None, explanations: dict[str, str] | None = None) -> Feedback:
    """A choice among `options`, matched without regard to case, spaces or a trailing full stop."""
    blank = _blank(answer)
    if blank:
        return blank
    def norm(text):
        # case, spaces, hyphens and dashes, a final full stop and a plural "s" do not matter
        text = re.sub(r"[\s\-\u2010-\u2015_]+", "", str(text).lower()).rstrip(".")
        return text[:-1] if len(text) > 3 and text.endswith("s") else text
    if not isinstance(answer, str):
        return Feedback(INVALID, f"This task needs one of the options as text, e.g. {options[0]!r}; "
                                 f"you gave {describe_value(answer)}.")
    lookup = {norm(o): o for o in options}
    lookup.update({norm(k): v for k, v in (aliases or {}).items()})
    key = norm(answer)
    # a verb for its participle: "escape" for "escaped", "kill" for "killed"
    chosen = next((lookup[k] for k in (key, key + "d", key + "ed") if k in lookup), None)
    if chosen is None:
        listed = ", ".join(repr(o) for o in options)
        return Feedback(INVALID, f"{answer!r} is not one of the options. Choose one of: {listed}.")
    explanation = (explanations or {}).get(chosen, "")
    if chosen == correct:
        return Feedback(CORRECT, f"Correct: {chosen}. {explanation}".strip())
    return Feedback(WRONG, f"Not yet: {chosen} is not it. {explanation}".strip())


def check_integer(answer: Any, expected: int, what: str = "a whole number") -> Feedback:
    value, problem = as_number(answer)
    if problem:
        return problem
    if value != int(value):
        return Feedback(INVALID, f"This task needs {what}, and {value:g} has a fractional part.")
    if int(value) == expected:
        return Feedback(CORRECT, f"Correct: {expected}.")
    return Feedback(WRONG, f"Not yet: {int(value)} is not it. Look at the hint and try again.")


@dataclass(frozen=True)
class Task:
    id: str
    title: str
    check: Callable[[Any], Feedback]


@dataclass
class Exercise:
    """The tasks of one exercise and the verdicts so far."""

    name: str
    tasks: Sequence[Task]
    results: dict = field(default_factory=dict)

    def _task(self, task_id: Any) -> Task | None:
        return next((t for t in self.tasks if t.id == task_id), None)

    def check(self, task_id: Any, answer: Any) -> Feedback:
        task = self._task(task_id)
        if task is None:
            known = ", ".join(repr(t.id) for t in self.tasks)
            return Feedback(INVALID, f"There is no task called {task_id!r}. The tasks are {known}.")
        try:
            feedback = task.check(answer)
        except Exception as error:  # a checker bug must not reach the student as a traceback
            feedback = Feedback(INVALID, f"The checker could not read this answer ({type(error).__name__}). "
                                         "Try writing it as a plain number or text, and tell your instructor.")
        self.results[task.id] = (answer, feedback)
        return feedback

    def summary(self) -> Text:
        lines = []
        done = 0
        for number, task in enumerate(self.tasks, 1):
            feedback = self.results.get(task.id, (None, Feedback(NOT_ANSWERED, "")))[1]
            done += feedback.solved
            mark = repr(feedback).split(" ")[0]
            lines.append(f"{mark} Task {number}: {task.title} ({feedback.status})")
        return Text(f"{done} of {len(self.tasks)} tasks done.\n" + "\n".join(lines))

    def save(self, path: str | Path | None = None) -> Text:
        """Write answers and verdicts to a JSON file; returns a sentence saying where."""
        path = Path(path or f"{self.name}_answers.json")
        record = {"exercise": self.name,
                  "tasks": {tid: {"answer": _jsonable(a), "status": f.status, "feedback": f.message}
                            for tid, (a, f) in self.results.items()}}
        try:
            path.write_text(json.dumps(record, indent=2, ensure_ascii=False))
        except OSError as error:
            return Text(f"Could not save to {path}: {error.strerror}. Try another file name.")
        solved = sum(feedback.solved for _, feedback in self.results.values())
        return Text(f"Saved your answers to {len(self.results)} tasks ({solved} correct) in {path}. "
                    "Download it before your session ends.")


def _jsonable(value: Any):
    if value is Ellipsis:
        return None
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return repr(value)[:200]
