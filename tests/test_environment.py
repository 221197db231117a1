"""The locked environments: every package pinned exactly with hashes, the locks in step with
their inputs and with one another, and the environment the tests run in is the lock.

Inputs (requirements.txt, requirements-test.txt, binder/requirements.in) name the direct
dependencies; `make lock` (scripts/lock.py) resolves them into requirements.lock,
requirements-test.lock and binder/requirements.txt, and the installer's pin (requirements-uv.txt)
into requirements-uv.lock."""

from __future__ import annotations

import importlib.metadata
import re
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from lock import DIGEST, INPUTS, LOCKS, SEPARATE, input_digest  # noqa: E402

PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;#\\]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path) -> dict:
    """{package: version} of a requirements file (inputs and locks alike), for this platform:
    a universal lock may pin a package twice under different environment markers."""
    found = {}
    for entry in entries(path):
        match = PIN.match(entry)
        marker = entry.split(";", 1)[1].split("--hash")[0] if ";" in entry else ""
        if match and (not marker.strip() or _marker_applies(marker)):
            found[canonical(match.group(1))] = match.group(2)
    return found


def entries(path) -> list[str]:
    """A lock's requirement entries, each with its continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / path).read_text())
    return [line.split(" #")[0].strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


@pytest.mark.parametrize("path", INPUTS)
def test_every_input_line_is_an_exact_pin(path):
    lines = [line.split("#")[0].strip() for line in (ROOT / path).read_text().splitlines()]
    loose = [line for line in lines if line and not PIN.match(line)]
    assert not loose, f"{path} has lines that are not exact pins: {loose}"


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_package_is_pinned_with_hashes(lock):
    for entry in entries(lock):
        assert PIN.match(entry), f"{lock}: not an exact pin: {entry[:80]}"
        assert "--hash=sha256:" in entry, f"{lock}: no hash for {entry.split()[0]}"


@pytest.mark.parametrize("lock", LOCKS)
def test_lock_is_current_with_its_inputs(lock):
    header = (ROOT / lock).read_text().splitlines()[:3]
    assert f"{DIGEST}{input_digest()}" in header, (
        f"{lock} was resolved from other inputs than today's {', '.join(INPUTS)}: run `make lock`")


@pytest.mark.parametrize("lock", LOCKS)
def test_lock_holds_every_input_pin_at_its_version(lock):
    locked = pins(lock)
    for source in LOCKS[lock]:
        for name, version in pins(source).items():
            assert locked.get(name) == version, f"{source} pins {name}=={version}, {lock} has {locked.get(name)}"


@pytest.mark.parametrize("lock", [lock for lock in LOCKS if lock != "requirements-test.lock" and lock not in SEPARATE])
def test_every_lock_agrees_with_the_test_lock(lock):
    everything = pins("requirements-test.lock")
    for name, version in pins(lock).items():
        assert everything.get(name) == version, f"{lock}: {name}=={version}, requirements-test.lock: {everything.get(name)}"


def test_binder_runs_what_the_book_was_built_and_tested_with():
    book, binder = pins("requirements.txt"), pins("binder/requirements.in")
    for name, version in binder.items():
        assert book.get(name) == version, f"binder/requirements.in pins {name}=={version}, requirements.txt {book.get(name)}"
    assert {"numpy", "scipy", "matplotlib", "ipywidgets", "ipykernel", "jupyterlab"} <= set(binder)
    assert "jupyter-book" not in binder and "pytest" not in binder


def test_package_dependencies_are_in_the_binder_set():
    text = (ROOT / "pyproject.toml").read_text()
    block = text[text.index("dependencies"):text.index("]", text.index("dependencies"))]
    declared = {canonical(n) for n in re.findall(r'"([A-Za-z0-9\-_.]+)[<>=!]', block)}
    assert declared <= set(pins("binder/requirements.txt")), declared - set(pins("binder/requirements.txt"))


def test_the_environment_under_test_is_the_lock():
    """`make test` installed requirements-test.lock: every locked package (for this platform) at
    its locked version, and nothing else but the course package itself."""
    installed = {canonical(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()}
    locked = pins("requirements-test.lock")
    wrong = {n: (installed.get(n), locked[n]) for n in locked if installed.get(n) != locked[n]}
    assert not wrong, f"installed differs from the lock (installed, locked): {wrong}; run `make test` afresh"
    extra = set(installed) - set(locked) - {"celltherapy"}
    assert not extra, f"installed but not in the lock: {sorted(extra)}"


def _marker_applies(marker: str) -> bool:
    from packaging.markers import Marker

    return Marker(marker.strip()).evaluate()
