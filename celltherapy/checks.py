"""Answer checks for the in-class exercises: every answer gets a sentence, never a traceback.

An exercise is a list of `Task`s. `Exercise.check(task_id, answer)` returns `Feedback`,
whose text is shown as the cell's output; it records the verdict for `summary()` and
`save()`. Any answer at all is accepted: `...` (not answered yet), None, NaN, text, lists,
arrays, numbers of any size, modules, objects whose methods raise. A bug in a checker is
caught and reported as a sentence too. Feedback quotes at most a short excerpt of an answer.

Saved work survives what students do. Each exercise module has one `ExerciseSession`: its
`start()` looks for `<name>_answers.json` in the working folder and restores the answers in
it (checking them again); every check then saves, merging with what is already in the file,
so a kernel restart, a re-run `...` cell or a failed save never loses an earlier answer.
Files are written whole to a temporary file and then renamed over the old one, with plain
Python file I/O, so the same works in Binder, Colab, locally and in the browser (JupyterLite).
"""

from __future__ import annotations

import errno
import json
import math
import numbers
import operator
import os
import re
import reprlib
import tempfile
import types
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

NOT_ANSWERED = "not answered yet"
CORRECT = "correct"
CLOSE = "close"
WRONG = "not yet"
INVALID = "unreadable"
STATUSES = (CORRECT, CLOSE, WRONG, INVALID, NOT_ANSWERED)
BLANKS = (NOT_ANSWERED, INVALID)  # verdicts that never replace an earlier answer the checker could read

EXCERPT = 60  # feedback never quotes more of an answer than this many characters

# Tests set this to a fresh folder so that no run sees answers saved by another; "{pid}" in it
# becomes the process id, so every kernel of a test session starts with an empty folder.
ANSWERS_DIR_VARIABLE = "CELLTHERAPY_ANSWERS_DIR"


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


# ------------------------------------------------------------ showing what the student gave

def excerpt(text: str, limit: int = EXCERPT) -> str:
    """`text` cut to `limit` characters, and safe to write as UTF-8 (no lone surrogates)."""
    text = text if len(text) <= limit else text[:limit - 3] + "..."
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def writable(text: str) -> bool:
    """Whether `text` can be written as UTF-8 as it is ('\\ud800', a lone surrogate, cannot)."""
    return excerpt(text, len(text)) == text


def quoted(text: str, limit: int = EXCERPT) -> str:
    """An excerpt of the student's text, in quotes."""
    return repr(excerpt(text, limit))


class _ShortRepr(reprlib.Repr):
    """repr() that stays short for long, huge or deeply nested values and never raises."""

    def __init__(self, limit: int):
        super().__init__()
        self.maxstring = self.maxother = self.maxlong = limit

    def repr_int(self, x, level):
        digits = digit_count(x)
        return str(x) if digits <= self.maxlong else f"<a whole number {digits} digits long>"

    def repr_instance(self, x, level):
        try:
            return excerpt(repr(x), self.maxother)
        except Exception:  # a broken __repr__: describe it by its type instead
            return f"{article(type_name(x))} object"


def safe_repr(value: Any, limit: int = EXCERPT) -> str:
    """A short repr of `value`, or a description of its type if even that fails."""
    try:
        return excerpt(_ShortRepr(limit).repr(value), limit)
    except Exception:
        return f"{article(type_name(value))} object"


def type_name(value: Any) -> str:
    return excerpt(str(getattr(type(value), "__name__", "unknown")), 30)


def article(name: str) -> str:
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def digit_count(number: int) -> int:
    """How many digits `number` has (str() refuses integers of more than 4300 digits)."""
    return len(str(abs(number))) if number.bit_length() < 1000 else int(number.bit_length() * math.log10(2)) + 1


def describe_value(answer: Any) -> str:
    """A short, friendly name for what the student gave."""
    try:
        return _describe(answer)
    except Exception:  # an object that breaks even len() or getattr()
        return "something Python cannot describe"


def _describe(answer: Any) -> str:
    if isinstance(answer, str):
        return f"the text {quoted(answer, 30)}"
    if isinstance(answer, bool):
        return f"the truth value {answer}"
    if isinstance(answer, (list, tuple, set, dict)):
        return f"a {type(answer).__name__} of {len(answer)} item{'s' if len(answer) != 1 else ''}"
    if isinstance(answer, types.ModuleType):
        return f"the module {excerpt(str(answer.__name__), 30)}"
    if isinstance(answer, type):
        return f"the class {excerpt(str(answer.__name__), 30)}"
    shape = getattr(answer, "shape", None)
    if isinstance(shape, tuple) and shape != ():  # only real shapes: a class's `shape` is a descriptor
        return f"an array of shape {safe_repr(shape, 30)}"
    if isinstance(answer, numbers.Integral):
        digits = digit_count(operator.index(answer))
        return f"the number {operator.index(answer)}" if digits <= 30 else f"a whole number {digits} digits long"
    if isinstance(answer, numbers.Number):
        return f"the number {safe_repr(answer, 30)}"
    if callable(answer):
        return (f"the function {excerpt(str(getattr(answer, '__name__', '')), 30) or type_name(answer)}"
                " (to use its result, call it with brackets)")
    return f"{article(type_name(answer))} object"


# the built-in conversions read a value directly, without calling any method a subclass overrides
_BUILT_IN_COPY = {str: str.__str__, int: int.__int__, float: float.__float__}


def plain(answer: Any) -> Any:
    """Built-in str, int and float for their subclasses (NumPy's float64 among them), so that a
    subclass that breaks its own methods still gets checked."""
    if isinstance(answer, bool):
        return answer
    for base, copy in _BUILT_IN_COPY.items():
        if isinstance(answer, base) and type(answer) is not base:
            return copy(answer)
    return answer


# ------------------------------------------------------------------------------- the checks

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
        return None, Feedback(INVALID, f"You wrote the number as text ({quoted(answer)}). "
                                       "Remove the quotes so Python sees a number.")
    size = getattr(answer, "size", None)
    if isinstance(size, int) and size == 1 and hasattr(answer, "item"):  # a NumPy scalar or one-element array
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
        return Feedback(INVALID, f"{quoted(answer)} is not one of the options. Choose one of: {listed}.")
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


# ------------------------------------------------------------------ answers as they are saved

@dataclass(frozen=True)
class Attempt:
    """A checked answer as it is saved: the answer itself when JSON holds it exactly (so that a
    later session can check it again), otherwise a short description of it."""

    answer: Any
    exact: bool
    feedback: Feedback

    @classmethod
    def of(cls, answer: Any, feedback: Feedback) -> Attempt:
        value, exact = _json_value(answer)
        return cls(value, exact, Feedback(feedback.status, excerpt(feedback.message, 2000)))

    def to_json(self) -> dict:
        return {"answer": self.answer, "exact": self.exact, "status": self.feedback.status,
                "feedback": self.feedback.message}

    def shown(self) -> str:
        return quoted(self.answer) if isinstance(self.answer, str) else safe_repr(self.answer)


MAX_SAVED_TEXT = 10_000  # longer text is saved as an excerpt: nobody's answer is a novel


def _json_value(answer: Any) -> tuple[Any, bool]:
    """(`answer` as JSON can hold it, whether that is exact). Built here, at check time, so a
    later save has nothing left that could fail."""
    with suppress(Exception):
        if isinstance(answer, bool) or (isinstance(answer, str) and len(answer) <= MAX_SAVED_TEXT
                                        and writable(answer)):
            return answer, True
        if isinstance(answer, float) and math.isfinite(answer):
            return answer, True
        if isinstance(answer, numbers.Integral) and not isinstance(answer, bool):
            number = operator.index(answer)  # NumPy integers as Python ints
            if abs(number) < 10 ** 300:
                return number, True
    return (excerpt(answer, 200) if isinstance(answer, str) else safe_repr(answer, 200)), False


# ----------------------------------------------------------------------------- answer files

def answers_dir() -> Path:
    """The folder where answers are saved and looked for: the working folder (the notebook's
    folder in Jupyter and Binder, /content in Colab, the browser's storage in JupyterLite),
    unless $CELLTHERAPY_ANSWERS_DIR names another."""
    folder = os.environ.get(ANSWERS_DIR_VARIABLE)
    if not folder:
        return Path(".")
    return Path(folder.replace("{pid}", str(os.getpid())))


def default_answers_path(name: str) -> Path:
    return answers_dir() / f"{name}_answers.json"


def reason(error: BaseException) -> str:
    """Why a file operation failed, as the system says it ("Permission denied")."""
    return getattr(error, "strerror", None) or type(error).__name__


class FileNameProblem(Exception):
    """A file name a student gave that cannot be used; the message is the sentence to show."""


def as_path(path: Any, example: str) -> Path:
    """`path` as a Path, or FileNameProblem saying in a sentence what is wrong with it."""
    if isinstance(path, os.PathLike):
        path = os.fspath(path)
    if isinstance(path, bytes):
        raise FileNameProblem(f"Give the file name as text in quotes, such as {example!r}, not as bytes (b'...').")
    if not isinstance(path, str):
        raise FileNameProblem(f"Give the file name as text in quotes, such as {example!r}; "
                              f"you gave {describe_value(path)}.")
    if not path.strip():
        raise FileNameProblem(f"The file name is empty: give one in quotes, such as {example!r}.")
    if "\0" in path or not writable(path):
        raise FileNameProblem(f"The file name {quoted(path)} holds a character a file name cannot have. "
                              f"Try a plain name such as {example!r}.")
    if Path(path).is_dir():
        raise FileNameProblem(f"{quoted(path)} is a folder: give a file name in it, "
                              f"such as {str(Path(path) / example)!r}.")
    return Path(path)


class Unreadable(Exception):
    """An answers file that is there but cannot be used; the message says why, in words."""


def read_answers(path: Path, name: str) -> dict:
    """The saved entries of exercise `name` in `path`, by task id. FileNotFoundError if there is
    no file; Unreadable if it is not a file of this exercise's answers."""
    try:
        text = path.read_bytes().decode("utf-8")
        record = json.loads(text)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise Unreadable(f"it could not be opened: {reason(error)}") from None
    except UnicodeDecodeError:
        raise Unreadable("it is not a text file") from None
    except (ValueError, RecursionError):
        raise Unreadable("it is not a file of saved answers") from None
    if not (isinstance(record, dict) and isinstance(record.get("tasks"), dict)):
        raise Unreadable("it is not a file of saved answers")
    if record.get("exercise") != name:
        other = record.get("exercise")
        raise Unreadable(f"it holds answers to the {excerpt(other, 30)} exercise" if isinstance(other, str)
                         else "it does not say which exercise it belongs to")
    return {str(task_id): entry for task_id, entry in record["tasks"].items() if isinstance(entry, dict)}


def set_aside(path: Path) -> Path:
    """Rename an unreadable answers file to a free name next to it, so that saving never
    overwrites it; returns the new path (OSError if it cannot be renamed)."""
    if not path.is_file():  # a folder by that name is the student's: leave it where it is
        raise IsADirectoryError(errno.EISDIR, "it is a folder")
    number = 1
    while True:
        suffix = ".unreadable" if number == 1 else f".unreadable-{number}"
        kept = path.with_name(f"{path.stem}{suffix}{path.suffix}")
        if not kept.exists():
            break
        number += 1
    os.rename(path, kept)
    return kept


def serialise(name: str, entries: dict) -> bytes:
    """The answers file's bytes, made whole before anything is written."""
    record = {"exercise": name, "tasks": entries}
    try:
        return json.dumps(record, indent=2, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate slipped through: JSON escapes can hold anything
        return json.dumps(record, indent=2).encode("utf-8")


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file in the same folder, then rename it over `path`: the old
    file stays whole until the new one is complete, even if writing fails part-way."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            with suppress(OSError):  # some file systems (the browser's) cannot sync; the rename still holds
                os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def count_tasks(attempts) -> str:
    """'your answers to 5 tasks (3 correct)'."""
    attempts = list(attempts)
    solved = sum(a.feedback.solved for a in attempts)
    return f"your answers to {len(attempts)} task{'s' if len(attempts) != 1 else ''} ({solved} correct)"




# ------------------------------------------------------------------------------ an exercise

@dataclass(repr=False)
class Exercise:
    """The tasks of one exercise and the answers so far (task id -> Attempt)."""

    name: str
    tasks: Sequence[Task]
    results: dict = field(default_factory=dict)
    path: Path | None = None    # where answers are saved when no file name is given
    autosave: bool = False      # save after every check (the notebook's session exercise does)
    greeting: str = ""          # what start() found, shown as this object in a notebook

    def __repr__(self) -> str:
        return self.greeting or f"<the {self.name} exercise: {len(self.results)} tasks answered>"

    @property
    def default_path(self) -> Path:
        return self.path or default_answers_path(self.name)

    def _task(self, task_id: Any) -> Task | None:
        if not isinstance(task_id, str):  # arrays, NA and objects with strange == stop here
            return None
        return next((t for t in self.tasks if t.id == task_id), None)

    def _unknown_task(self, task_id: Any) -> Feedback:
        known = ", ".join(repr(t.id) for t in self.tasks)
        if isinstance(task_id, str):
            return Feedback(INVALID, f"There is no task called {quoted(task_id, 30)}. The tasks are {known}.")
        return Feedback(INVALID, f"The task's name goes first, as text in quotes, and you gave "
                                 f"{describe_value(task_id)}. The tasks are {known}.")

    def _feedback(self, task: Task, answer: Any) -> Feedback:
        try:
            return task.check(answer)
        except Exception as error:  # a checker bug must not reach the student as a traceback
            return Feedback(INVALID, f"The checker could not read this answer ({type(error).__name__}). "
                                     "Try writing it as a plain number or text, and tell your instructor.")

    def check(self, task_id: Any, answer: Any) -> Feedback:
        task_id = plain(task_id)
        task = self._task(task_id)
        if task is None:
            return self._unknown_task(task_id)
        answer = plain(answer)
        # the placeholder is not checked: its task's expected value may take seconds to compute
        feedback = _blank(answer) if answer is Ellipsis else self._feedback(task, answer)
        earlier = self.results.get(task.id)
        if feedback.status in BLANKS and earlier is not None and earlier.feedback.status not in BLANKS:
            # a re-run `...` cell or a slip never replaces an answer that was read
            return Feedback(feedback.status, f"{feedback.message} Your earlier answer, {earlier.shown()} "
                                             f"({earlier.feedback.status}), is kept.")
        if answer is not Ellipsis:
            self.results[task.id] = Attempt.of(answer, feedback)
            if self.autosave:
                self.save()  # quietly: the save cell reports any problem
        return feedback

    def summary(self) -> Text:
        lines = []
        done = 0
        for number, task in enumerate(self.tasks, 1):
            attempt = self.results.get(task.id)
            feedback = attempt.feedback if attempt else Feedback(NOT_ANSWERED, "")
            done += feedback.solved
            mark = repr(feedback).split(" ")[0]
            lines.append(f"{mark} Task {number}: {task.title} ({feedback.status})")
        return Text(f"{done} of {len(self.tasks)} tasks done.\n" + "\n".join(lines))

    # restoring saved answers

    def _restored(self, task: Task, entry: dict) -> Attempt | None:
        """A saved entry as an Attempt: exact answers checked again with today's checks, the
        others as they were saved; None for entries with no answer in them."""
        status, answer = entry.get("status"), entry.get("answer")
        if status not in STATUSES or status == NOT_ANSWERED:
            return None
        if entry.get("exact", True) and isinstance(answer, (str, int, float)):
            return Attempt.of(answer, self._feedback(task, answer))
        return Attempt(_json_value(answer)[0], False, Feedback(status, excerpt(str(entry.get("feedback", "")), 2000)))

    def adopt(self, entries: dict) -> list[Attempt]:
        """Take saved answers to tasks this session has not answered; returns those taken."""
        taken = []
        for task in self.tasks:
            if task.id in self.results or task.id not in entries:
                continue
            attempt = self._restored(task, entries[task.id])
            if attempt is not None:
                self.results[task.id] = attempt
                taken.append(attempt)
        return taken

    def restore(self) -> Text:
        """Restore the answers saved in the default file; a sentence saying what was found."""
        path = self.default_path
        try:
            taken = self.adopt(read_answers(path, self.name))
        except FileNotFoundError:
            return Text(f"No earlier answers found: each answer you check is saved in {path.name}.")
        except Unreadable as problem:
            return Text(f"Found {path.name}, but could not read it ({problem}): {self._keep_unreadable(path)}.")
        if not taken:
            return Text(f"Found {path.name} from an earlier session, with no answers in it yet: "
                        "each answer you check is saved there.")
        return Text(f"Found {path.name} from an earlier session: restored {count_tasks(taken)}.")

    def _keep_unreadable(self, path: Path) -> str:
        try:
            kept = set_aside(path)
        except OSError as error:
            return (f"it is left as it is ({reason(error)}), so your answers cannot be saved there; "
                    f"save them under another name, e.g. {self.name}.save('{self.name}_answers_2.json')")
        return f"it is kept as {kept.name}, and your answers will be saved in a new {path.name}"

    def load(self, path: Any) -> Text:
        """Restore answers from a file saved earlier (downloaded, then uploaded to this session)."""
        try:
            source = as_path(path, f"{self.name}_answers.json")
            taken = self.adopt(read_answers(source, self.name))
        except FileNameProblem as problem:
            return Text(str(problem))
        except FileNotFoundError:
            return Text(f"There is no file {quoted(str(path))} here. Upload it next to this notebook "
                        "(or give its folder too), then run this cell again.")
        except Unreadable as problem:
            return Text(f"Could not load {quoted(str(path))}: {problem}. Nothing was changed.")
        if self.autosave:
            self.save()
        answered = len(self.results) - len(taken)
        kept = (f" Your answers from this session to {answered} other task{'s' if answered != 1 else ''} "
                "are kept." if answered else "")
        return Text(f"Loaded {quoted(str(path))}: restored {count_tasks(taken)}.{kept}")

    # saving

    def save(self, path: Any = None) -> Text:
        """Write answers and verdicts to a JSON file, merged with what it already holds (a later
        save never replaces a saved answer with a blank); returns a sentence saying where."""
        try:
            target = self.default_path if path is None else as_path(path, f"{self.name}_answers.json")
        except FileNameProblem as problem:
            return Text(str(problem))
        where = target.name if path is None else quoted(str(path))
        try:
            if path is None:  # the folder $CELLTHERAPY_ANSWERS_DIR names may not exist yet
                target.parent.mkdir(parents=True, exist_ok=True)
            entries, note = self._saved_entries(target)
            entries.update({task_id: attempt.to_json() for task_id, attempt in self.results.items()})
            write_atomically(target, serialise(self.name, entries))
        except (OSError, ValueError) as error:
            return Text(f"Could not save to {where} ({reason(error)}). Your earlier saved file, if any, is "
                        f"unchanged. Try another file name, e.g. {self.name}.save('my_{self.name}_answers.json').")
        return Text(f"Saved {count_tasks(self.results.values())} in {where}. "
                    f"Download it before your session ends.{note}")

    def _saved_entries(self, path: Path) -> tuple[dict, str]:
        """What `path` already holds, with its answers to tasks this session lacks adopted, and a
        note if an unreadable file there was set aside (OSError if it could not be)."""
        try:
            entries = read_answers(path, self.name)
        except FileNotFoundError:
            return {}, ""
        except Unreadable as problem:
            kept = set_aside(path)
            return {}, f" The file that was there could not be read ({problem}); it is kept as {kept.name}."
        self.adopt(entries)
        return entries, ""


class ExerciseSession:
    """The exercise of one notebook's kernel, made on first use, so that any cell (a check, the
    summary, the save) works whether or not the set-up cell has run."""

    def __init__(self, name: str, tasks: Sequence[Task]):
        self.name = name
        self.tasks = tasks
        self._exercise: Exercise | None = None

    def start(self) -> Exercise:
        """(Re)start the exercise, restoring answers saved earlier in the working folder. In a
        notebook it shows as one sentence saying what it found."""
        previous = self._exercise
        exercise = Exercise(self.name, self.tasks, path=default_answers_path(self.name), autosave=True)
        exercise.greeting = exercise.restore()
        if previous is not None:  # answers of this kernel are newer than any file
            exercise.results.update(previous.results)
        self._exercise = exercise
        return exercise

    def exercise(self) -> Exercise:
        return self._exercise or self.start()

    def check(self, task_id: Any, answer: Any) -> Feedback:
        return self.exercise().check(task_id, answer)

    def summary(self) -> Text:
        return self.exercise().summary()

    def save(self, path: Any = None) -> Text:
        return self.exercise().save(path)

    def load(self, path: Any) -> Text:
        return self.exercise().load(path)

    def functions(self):
        """start, check, summary, save, load: what an exercise module offers its notebook."""
        return self.start, self.check, self.summary, self.save, self.load
