"""Saved work survives what students do: restarts, re-run placeholders, saves that fail part-way,
odd file names, unreadable files, and a file downloaded in one session and loaded in the next."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from celltherapy import checks
from celltherapy.checks import ANSWERS_DIR_VARIABLE, CORRECT, NOT_ANSWERED, ExerciseSession
from celltherapy.exercises import car_t
from test_checks import BrokenFloat, RaisingRepr, deeply_nested

# one answer per task of the CAR T exercise, as the instructor guide's key gives them
ANSWERS = {"recognition": "scFv", "generation": 3, "persistence": "4-1BB", "doubling_time": 0.78,
           "auc": 1.72e5, "cohort_fold": 10.8, "late_infusion": "escaped", "suppression": 1.58}
SAVED = "car_t_answers.json"


@pytest.fixture(autouse=True)
def working_folder(tmp_path, monkeypatch):
    """Each test in its own empty working folder, as a student's notebook folder."""
    monkeypatch.delenv(ANSWERS_DIR_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def new_kernel() -> ExerciseSession:
    """What a kernel restart leaves: the module's session, empty."""
    return ExerciseSession("car_t", car_t.TASKS)


def saved_tasks(path=SAVED) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))["tasks"]


def answer_all(session: ExerciseSession) -> None:
    session.start()
    for task_id, answer in ANSWERS.items():
        assert session.check(task_id, answer).status == CORRECT


def test_restart_then_setup_then_save_keeps_every_answer():
    first = new_kernel()
    answer_all(first)
    assert "8 tasks (8 correct)" in first.save()
    second = new_kernel()  # the kernel restarts; the student runs the set-up cell, then the save cell
    greeting = repr(second.start())
    assert greeting == f"Found {SAVED} from an earlier session: restored your answers to 8 tasks (8 correct)."
    assert "8 tasks (8 correct)" in second.save()
    assert {task_id: entry["answer"] for task_id, entry in saved_tasks().items()} == ANSWERS
    assert second.summary().startswith("8 of 8 tasks done.")


def test_answers_are_saved_as_they_are_checked():
    """A student who never reaches the save cell loses nothing to a restart."""
    new_kernel().check("recognition", "scFv")
    assert saved_tasks()["recognition"]["status"] == CORRECT
    assert "restored your answers to 1 task (1 correct)" in repr(new_kernel().start())


def test_any_cell_first_restores_the_saved_answers():
    answer_all(new_kernel())
    assert new_kernel().summary().startswith("8 of 8 tasks done.")  # no set-up cell run


def test_rerunning_a_placeholder_keeps_the_earlier_answer():
    session = new_kernel()
    session.check("recognition", "scFv")
    feedback = session.check("recognition", ...)
    assert feedback.status == NOT_ANSWERED
    assert "earlier answer, 'scFv' (correct), is kept" in feedback.message
    session.save()
    assert saved_tasks()["recognition"]["answer"] == "scFv"
    # and after a restart too
    assert "is kept" in new_kernel().check("recognition", ...).message
    assert saved_tasks()["recognition"]["status"] == CORRECT


def test_an_unreadable_answer_does_not_replace_a_read_one():
    session = new_kernel()
    session.check("generation", 3)
    assert "is kept" in session.check("generation", None).message
    assert saved_tasks()["generation"]["answer"] == 3


def test_a_later_answer_replaces_an_earlier_one():
    session = new_kernel()
    session.check("generation", 2)
    session.check("generation", 3)
    assert saved_tasks()["generation"] == {"answer": 3, "exact": True, "status": CORRECT, "feedback": "Correct: 3."}


def test_two_notebooks_open_at_once_merge_their_answers():
    left, right = new_kernel(), new_kernel()
    left.start(), right.start()
    left.check("recognition", "scFv")
    right.check("generation", 3)
    left.save()
    assert set(saved_tasks()) == {"recognition", "generation"}


def test_restored_answers_are_checked_again_with_todays_checks(working_folder):
    (working_folder / SAVED).write_text(json.dumps({"exercise": "car_t", "tasks": {
        "generation": {"answer": 3, "exact": True, "status": "not yet", "feedback": "an older check"},
        "auc": {"answer": "array([1.7e5])", "exact": False, "status": "correct", "feedback": "Correct."}}}))
    exercise = new_kernel().start()
    assert exercise.results["generation"].feedback.status == CORRECT
    assert exercise.results["auc"].feedback.message == "Correct."  # not exact: kept as saved


def earlier_file(working_folder) -> bytes:
    """A saved file with every answer in it; its bytes."""
    answer_all(new_kernel())
    return (working_folder / SAVED).read_bytes()


@pytest.mark.parametrize("answer", ["\ud800", "ok\udfff", BrokenFloat(0.78), RaisingRepr(), deeply_nested()],
                         ids=["lone surrogate", "trailing surrogate", "broken float", "raising repr", "deep"])
def test_odd_answers_save_and_keep_the_earlier_answers(working_folder, answer):
    earlier_file(working_folder)
    session = new_kernel()
    session.check("auc", answer)  # the answer replaces a correct one only if it could be read
    session.check("unknown", answer)
    message = session.save()
    assert message.startswith("Saved your answers to 8 tasks"), message
    assert set(saved_tasks()) == set(ANSWERS)
    assert saved_tasks()["recognition"]["answer"] == "scFv"


@pytest.mark.parametrize("answer", ["\ud800", BrokenFloat(0.78), RaisingRepr(), deeply_nested()],
                         ids=["lone surrogate", "broken float", "raising repr", "deep"])
def test_odd_answers_save_on_their_own(answer):
    session = new_kernel()
    session.check("recognition", answer)
    session.check("doubling_time", answer)
    assert "answers to 2 tasks" in session.save()
    assert set(saved_tasks()) == {"recognition", "doubling_time"}


class DiskFull:
    """A file that takes a few bytes, then fails, as a full disk does."""

    def __init__(self, file):
        self.file = file

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.file.close()

    def write(self, data):
        self.file.write(data[:10])
        raise OSError(28, "No space left on device")

    def __getattr__(self, name):
        return getattr(self.file, name)


def fail_replace(*args):
    raise OSError(13, "Permission denied")


REAL_FDOPEN = os.fdopen


def fail_fdopen(handle, mode):
    return DiskFull(REAL_FDOPEN(handle, mode))


def fail_serialise(*args):
    raise ValueError("cannot serialise")


@pytest.mark.parametrize("where, failure", [(os, ("replace", fail_replace)), (os, ("fdopen", fail_fdopen)),
                                            (checks, ("serialise", fail_serialise))],
                         ids=["rename fails", "disk full part-way", "serialising fails"])
def test_a_save_that_fails_leaves_the_earlier_file_as_it_was(working_folder, monkeypatch, where, failure):
    before = earlier_file(working_folder)
    session = new_kernel()
    session.start()
    monkeypatch.setattr(where, *failure)
    session.check("recognition", "hinge")  # its quiet save fails too
    message = session.save()
    assert message.startswith(f"Could not save to {SAVED}"), message
    assert "earlier saved file, if any, is unchanged" in message
    assert (working_folder / SAVED).read_bytes() == before
    assert sorted(p.name for p in working_folder.iterdir()) == [SAVED], "a temporary file was left behind"


@pytest.mark.parametrize("path", [b"answers.json", 3, "answers\0.json", "", None.__class__, 1.5, ["a.json"]],
                         ids=["bytes", "int", "NUL", "empty", "class", "float", "list"])
def test_save_to_an_odd_file_name_is_a_sentence(working_folder, path):
    session = new_kernel()
    session.check("recognition", "scFv")
    before = sorted(p.name for p in working_folder.iterdir())
    message = session.save(path)
    assert message.endswith(".") and "car_t_answers.json" in message, message
    assert sorted(p.name for p in working_folder.iterdir()) == before


def test_save_to_a_folder_or_a_missing_folder_is_a_sentence(working_folder):
    (working_folder / "folder").mkdir()
    session = new_kernel()
    assert "is a folder" in session.save("folder")
    assert session.save("missing/answers.json").startswith("Could not save to 'missing/answers.json'")


@pytest.mark.parametrize("content, why", [(b"{", "it is not a file of saved answers"),
                                          (b"\xff\xfe\x00garbage", "it is not a text file"),
                                          (b'{"exercise": "nk", "tasks": {}}', "it holds answers to the nk exercise"),
                                          (b"[1, 2]", "it is not a file of saved answers"),
                                          (b"[" * 100_000, "it is not a file of saved answers")],
                         ids=["broken JSON", "binary", "another exercise", "a list", "deep"])
def test_an_unreadable_file_at_start_is_kept_and_explained(working_folder, content, why):
    (working_folder / SAVED).write_bytes(content)
    greeting = repr(new_kernel().start())
    assert greeting == (f"Found {SAVED}, but could not read it ({why}): it is kept as car_t_answers.unreadable.json, "
                        f"and your answers will be saved in a new {SAVED}.")
    assert (working_folder / "car_t_answers.unreadable.json").read_bytes() == content
    new_kernel().check("recognition", "scFv")
    assert saved_tasks() and (working_folder / "car_t_answers.unreadable.json").read_bytes() == content


def test_a_file_that_turns_unreadable_is_kept_when_saving(working_folder):
    session = new_kernel()
    session.start()
    (working_folder / SAVED).write_bytes(b"not json")
    (working_folder / "car_t_answers.unreadable.json").write_bytes(b"an older one")
    message = session.save()
    assert "it is kept as car_t_answers.unreadable-2.json" in message
    assert (working_folder / "car_t_answers.unreadable-2.json").read_bytes() == b"not json"
    assert (working_folder / "car_t_answers.unreadable.json").read_bytes() == b"an older one"


def test_a_downloaded_file_loads_in_a_new_session(working_folder, tmp_path_factory, monkeypatch):
    answer_all(new_kernel())
    downloads = tmp_path_factory.mktemp("downloads")
    (downloads / "car_t_answers (1).json").write_bytes((working_folder / SAVED).read_bytes())
    monkeypatch.chdir(tmp_path_factory.mktemp("new_session"))  # a new Binder session: an empty folder
    session = new_kernel()
    assert repr(session.start()).startswith("No earlier answers found")
    session.check("recognition", "hinge")  # answered already in this session: kept
    message = session.load(downloads / "car_t_answers (1).json")
    assert message.startswith("Loaded '") and message.endswith(
        "restored your answers to 7 tasks (7 correct). Your answers from this session to 1 other task are kept.")
    assert session.summary().startswith("7 of 8 tasks done.")
    assert set(saved_tasks()) == set(ANSWERS)  # and saved in this session's folder


def test_a_file_uploaded_next_to_the_notebook_is_restored_by_the_setup_cell(working_folder, tmp_path_factory,
                                                                           monkeypatch):
    answer_all(new_kernel())
    upload = tmp_path_factory.mktemp("new_session")
    (upload / SAVED).write_bytes((working_folder / SAVED).read_bytes())
    monkeypatch.chdir(upload)
    assert "restored your answers to 8 tasks (8 correct)" in repr(new_kernel().start())


@pytest.mark.parametrize("path, why", [("nothing.json", "There is no file"), (3, "as text in quotes"),
                                       (b"x.json", "not as bytes")])
def test_load_of_a_missing_or_odd_file_is_a_sentence(path, why):
    assert why in new_kernel().load(path)


def test_load_of_an_unreadable_file_changes_nothing(working_folder):
    (working_folder / "mine.json").write_bytes(b"{")
    assert new_kernel().load("mine.json") == "Could not load 'mine.json': it is not a file of saved answers. Nothing was changed."
    assert (working_folder / "mine.json").read_bytes() == b"{"


def test_the_answers_folder_can_be_set_for_tests(working_folder, monkeypatch):
    monkeypatch.setenv(ANSWERS_DIR_VARIABLE, str(working_folder / "answers" / "{pid}"))
    session = new_kernel()
    assert repr(session.start()) == f"No earlier answers found: each answer you check is saved in {SAVED}."
    session.check("recognition", "scFv")
    assert (working_folder / "answers" / str(os.getpid()) / SAVED).exists()
    assert not (working_folder / SAVED).exists()
