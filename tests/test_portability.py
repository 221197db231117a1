"""Proof, inside the suite, that the notebooks hold on a machine other than the author's.

The same pinned code computes slightly different floating-point results on another processor:
OpenBLAS picks a kernel for the CPU it finds, and `OPENBLAS_CORETYPE` forces another one
(`Prescott`, plain SSE3, is a path no modern default takes). Some machines set it in their
environment, which is one way committed outputs and a second machine come to disagree. Here the
notebooks run again on the other path and must pass strict nbval as they stand: the text the
same at the precision it claims, the pictures the same as pictures.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import NOTEBOOKS, ROOT, SOLUTIONS

# whatever this machine uses, take the other path: Prescott, or OpenBLAS's own choice if the
# environment already forces Prescott
OTHER_PATH = "" if os.environ.get("OPENBLAS_CORETYPE", "").lower() == "prescott" else "Prescott"
GROUPS = 4  # the notebooks run in this many subprocesses, so that pytest-xdist can spread them
# every notebook that computes: the student exercises are left out, because they are generated from
# the solutions and show only "not answered yet" until a student answers
COMPUTING = NOTEBOOKS + SOLUTIONS

PLOTTED_DATA_DIGEST = """
import hashlib
import numpy as np
from celltherapy import dc_priming, inflammation
from celltherapy.parameters import defaults
digest = hashlib.sha256()
for module in (dc_priming, inflammation):
    view_class, parameters = module.EXPLORER
    view = view_class()
    view.update(**defaults(parameters))
    for ax in view.fig.axes:
        for line in ax.get_lines():
            digest.update(np.asarray(line.get_ydata(), dtype=float).tobytes())
print(digest.hexdigest())
"""


def environment(core_type: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "PYTEST_XDIST_WORKER")}
    if core_type:
        env["OPENBLAS_CORETYPE"] = core_type
    return env


def other_path() -> dict:
    return environment(OTHER_PATH or None)


def test_the_other_path_really_changes_the_plotted_numbers():
    """Without this, the test below could pass because nothing changed."""
    def digest(env):
        result = subprocess.run([sys.executable, "-c", PLOTTED_DATA_DIGEST], env=env, cwd=ROOT,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout.strip()

    here = digest(environment(os.environ.get("OPENBLAS_CORETYPE")))
    assert here != digest(other_path()), (
        "OPENBLAS_CORETYPE changed none of the plotted data of dc_priming and inflammation on this "
        "machine, so the notebook run below proves nothing here")


@pytest.mark.parametrize("group", range(GROUPS), ids=lambda g: f"group {g + 1} of {GROUPS}")
def test_notebooks_pass_strict_nbval_on_another_numeric_path(group):
    notebooks = [str(p.relative_to(ROOT)) for p in COMPUTING[group::GROUPS]]
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", *notebooks],
                            env=other_path(), cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, (
        f"with OPENBLAS_CORETYPE={OTHER_PATH or '(unset)'} strict nbval fails:\n{result.stdout[-5000:]}")
