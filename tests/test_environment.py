"""The pinned environments: every direct dependency pinned exactly, and Binder's lean runtime
set kept in step with the full set."""

from __future__ import annotations

import re

from conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s#]+)$")


def requirements(path):
    pins, others = {}, []
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        match = PIN.match(line)
        if match:
            pins[match.group(1).lower()] = match.group(2)
        else:
            others.append(line)
    return pins, others


def test_every_requirement_is_pinned_exactly():
    for name in ("requirements.txt", "requirements-test.txt", "binder/requirements.txt"):
        _, others = requirements(ROOT / name)
        assert others in ([], ["-e ."]), f"{name} has unpinned lines: {others}"


def test_binder_set_is_a_subset_of_the_full_set_with_the_same_pins():
    full, _ = requirements(ROOT / "requirements.txt")
    binder, others = requirements(ROOT / "binder" / "requirements.txt")
    assert others == ["-e ."], "Binder must install the course package itself"
    for name, version in binder.items():
        assert full.get(name) == version, f"binder/requirements.txt pins {name}=={version}, requirements.txt {full.get(name)}"
    assert {"numpy", "scipy", "matplotlib", "ipywidgets", "ipykernel", "jupyterlab"} <= set(binder)
    assert "jupyter-book" not in binder and "pytest" not in binder


def test_package_dependencies_are_in_the_binder_set():
    text = (ROOT / "pyproject.toml").read_text()
    declared = re.findall(r'"([a-z0-9\-]+)[<>=!]', text[text.index("dependencies"):text.index("]", text.index("dependencies"))])
    binder, _ = requirements(ROOT / "binder" / "requirements.txt")
    assert set(declared) <= set(binder), set(declared) - set(binder)
