"""Proof, inside the suite, that the notebooks hold on a machine other than the author's.

The same pinned code computes slightly different floating-point results on another processor:
OpenBLAS picks a kernel for the CPU it finds, and `OPENBLAS_CORETYPE` forces another one. Strict
nbval runs every notebook once, in a kernel on the other path than this machine's environment
selects (tests/notebook_checks.py, `OTHER_PATH`), so the committed outputs must hold there: the
text the same at the precision it claims, the pictures the same as pictures. Running each
notebook a second time, on this machine's own path, would double the suite's longest work for
no new finding: the environment that sets `OPENBLAS_CORETYPE=Prescott` runs them on OpenBLAS's
own choice instead (README, the test section).

Here: the other path really changes the plotted numbers (else passing would prove nothing), and
the check that a kernel runs on it reads what it claims to read.
"""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT
from notebook_checks import NUMERIC_PATH, OTHER_PATH, OWN_PATH, numeric_path_of

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
    import os

    env = {k: v for k, v in os.environ.items() if k not in (NUMERIC_PATH, "PYTEST_XDIST_WORKER")}
    if core_type:
        env[NUMERIC_PATH] = core_type
    return env


def test_the_other_path_really_changes_the_plotted_numbers():
    """Without this, the notebooks passing on the other path could mean that nothing changed."""
    def digest(env):
        result = subprocess.run([sys.executable, "-c", PLOTTED_DATA_DIGEST], env=env, cwd=ROOT,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout.strip()

    assert digest(environment(OWN_PATH)) != digest(environment(OTHER_PATH)), (
        f"{NUMERIC_PATH}={OTHER_PATH or '(unset)'} changed none of the plotted data of dc_priming and "
        "inflammation on this machine, so the notebooks passing on it prove nothing here")


def test_a_kernel_is_seen_on_the_path_it_was_started_with():
    for core_type in (OTHER_PATH, OWN_PATH):
        process = subprocess.Popen([sys.executable, "-c", "import time; print('up', flush=True); time.sleep(30)"],
                                   env=environment(core_type), stdout=subprocess.PIPE, text=True)
        try:
            assert process.stdout.readline() == "up\n"  # started, as a kernel is once nbval runs it
            assert numeric_path_of(process.pid) == core_type
        finally:
            process.kill()
            process.communicate()
