"""What Binder and Colab will do with this repository, checked without a container engine.

repo2docker's own buildpack detection reads the repository the way a Binder build would; the
pinned requirements must resolve against the package index in a fresh resolution; and every
notebook's Colab set-up cell installs the package only when running in Colab.
"""

from __future__ import annotations

import os
import subprocess
import sys

import nbformat
import pytest

from conftest import ALL_NOTEBOOKS, ROOT


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # raised inside repo2docker's dependencies
def test_repo2docker_reads_the_binder_folder():
    from repo2docker.app import Repo2Docker

    app = Repo2Docker()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        chosen = next(pack for pack in (cls(base_image=app.base_image) for cls in app.buildpacks) if pack.detect())
        # with no local package in it, the locked requirements install before the repository is
        # copied in (a cached image layer); binder/postBuild then installs the package
        scripts = chosen.get_preassemble_scripts() + chosen.get_assemble_scripts()
        post_build = chosen.get_post_build_scripts()
        version = chosen.python_version
    finally:
        os.chdir(cwd)
    assert type(chosen).__name__ == "PythonBuildPack"
    assert version == f"{sys.version_info.major}.{sys.version_info.minor}", "binder/runtime.txt should match the tested Python"
    assert any('-r "binder/requirements.txt"' in command for _user, command in scripts), scripts
    # the locked packages first, then the course package itself, which cannot carry a hash
    assert post_build == ["binder/postBuild"], post_build
    assert "pip install --no-deps ." in (ROOT / "binder" / "postBuild").read_text()


# each lock through the installer that will install it: Binder's pip, and `make`'s uv
INSTALLERS = {
    "binder/requirements.txt": [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
                                "--disable-pip-version-check"],
    "requirements-test.lock": [str(ROOT / ".venv-uv" / "bin" / "uv"), "pip", "install", "--dry-run", "--quiet"],
}


@pytest.mark.parametrize("requirements", INSTALLERS)
def test_lock_installs_from_scratch(requirements, tmp_path):
    """Every locked package resolved afresh into an empty environment, hashes checked (nothing
    already installed counts): the lock installs as it stands. requirements.lock is a subset of
    the test lock."""
    command = INSTALLERS[requirements] + ["--require-hashes", "-r", requirements]
    if "uv" in command[0]:
        subprocess.run([command[0], "venv", "--quiet", "--python", sys.executable, str(tmp_path / "empty")], check=True)
        command += ["--python", str(tmp_path / "empty" / "bin" / "python")]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_colab_cell_installs_only_in_colab(path):
    nb = nbformat.read(path, as_version=4)
    setup = next(c for c in nb.cells if "google.colab" in c.source)
    lines = [line for line in setup.source.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert lines[0] == "import sys" and lines[1] == 'if "google.colab" in sys.modules:'
    assert all(line.startswith("    ") for line in lines[2:]), "the install must sit inside the Colab check"
