// Compile, once at build time, the Python modules a browser kernel imports, so that the reader's
// browser does not compile them again at every start. Pyodide's wheels ship sources only, and a
// browser kernel starts with an empty file system: without this, IPython, NumPy, SciPy and
// Matplotlib are compiled from source each time a notebook opens (about half of their import time).
//
//   node scripts/lite/compile_bytecode.mjs <site>/static/pyodide <out dir> <groups.json>
//   (writes <out dir>/<name>.zip, the files of each group's wheel, and python_stdlib.zip;
//   lite_site.py makes the wheels)
//
// groups.json: {"<wheel name>": {"load": [packages], "holds": [distributions], "imports": [modules,
// optional]}, ...}. Boots Pyodide from the site's own files and lock, loads every group's
// packages, imports what a session imports (the kernel's IPython and package manager, every
// course module, the modules a group names, a figure drawn to PNG, the widgets), then
// writes the files of one wheel per group: a `__pycache__/*.pyc` for each imported module of the
// distributions it holds (the course's own modules, which change with every edit and compile in a
// blink, are in no group), and a copy of the standard library's zip with a .pyc added beside each
// module imported (python_stdlib.zip, every original entry as it was). A group's wheel must load
// with its packages (its lock entry depends on them): a folder holding only `__pycache__` would
// otherwise be imported as an empty package.
// The .pyc files are "unchecked hash" ones: Python uses them without comparing them with their
// source, which is right here because every source is fixed by its sha256 in the lock.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { createRequire } from "node:module";

const [pyodideDir, outDir, groupsFile] = process.argv.slice(2);
const groups = JSON.parse(readFileSync(groupsFile, "utf8"));
const require = createRequire(import.meta.url);
const { loadPyodide } = require(resolve(pyodideDir, "pyodide.js"));
const pyodide = await loadPyodide({
  indexURL: resolve(pyodideDir) + "/",
  lockFileURL: resolve(pyodideDir, "course-lock.json"),
  stdout: () => {},
  stderr: () => {},
});
await pyodide.loadPackage(Object.values(groups).flatMap((g) => g.load), { messageCallback: () => {} });
pyodide.globals.set("groups_json", JSON.stringify(groups));
const made = pyodide.runPython(`
import importlib, importlib.util, io, json, os, pkgutil, py_compile, re, sys, zipfile
from importlib import metadata

os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"  # as in the kernel
from IPython.core.interactiveshell import InteractiveShell

shell = InteractiveShell.instance()
groups = json.loads(groups_json)
import celltherapy
for info in pkgutil.walk_packages(celltherapy.__path__, "celltherapy."):
    try:
        importlib.import_module(info.name)
    except ImportError:  # the desktop's tools (notebook_tools needs nbformat)
        pass
for group in groups.values():  # what the course imports only when it needs it
    for module in group.get("imports", []):
        try:
            importlib.import_module(module)
        except ImportError:  # a name inside a module, or a module of another release
            pass
import matplotlib.pyplot as plt
figure, axes = plt.subplots()
axes.plot([0, 1], [0, 1], label="a line")
axes.legend()
figure.savefig(io.BytesIO(), format="png")
# last: the kernel's own module takes over the widgets' messages, which need the browser
for module in ("jedi", "matplotlib_inline.backend_inline", "piplite.piplite", "pyodide_kernel"):
    try:
        importlib.import_module(module)
    except Exception:  # its imports so far still count
        pass

def key(name):
    return re.sub(r"[-_.]+", "-", name).lower()

site = "/lib/python3.12/site-packages/"
owners = {top: {key(d) for d in dists} for top, dists in metadata.packages_distributions().items()}
made = {}
for wheel_name, group in groups.items():
    holds = {key(d) for d in group["holds"]}
    sources = sorted({m.__file__ for m in list(sys.modules.values())
                      if (getattr(m, "__file__", None) or "").startswith(site) and m.__file__.endswith(".py")
                      and owners.get(m.__file__[len(site):].split("/")[0].removesuffix(".py"), set()) & holds})
    path = f"/tmp/{wheel_name}.zip"
    with zipfile.ZipFile(path, "w") as files:
        for source in sources:
            compiled = importlib.util.cache_from_source(source)
            py_compile.compile(source, compiled, doraise=True,
                               invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
            files.write(compiled, os.path.relpath(compiled, site))
        if "matplotlib" in holds:
            # Pyodide's matplotlib reads its font list from matplotlib/fontlist.json, which it
            # ships stamped for a newer matplotlib: every start listed the fonts again. This one
            # was just made by the matplotlib served (the wheel installs after it: it depends on it).
            from matplotlib import font_manager
            font_manager.json_dump(font_manager.fontManager, "/tmp/fontlist.json")
            files.write("/tmp/fontlist.json", "matplotlib/fontlist.json")
    made[wheel_name] = (path, len(sources))
# the standard library: Python imports it from a zip, which may hold a .pyc beside each .py
zipped = "/lib/python312.zip/"
imported = {m.__file__[len(zipped):] for m in list(sys.modules.values())
            if (getattr(m, "__file__", None) or "").startswith(zipped) and m.__file__.endswith(".py")}
with zipfile.ZipFile("/lib/python312.zip") as stdlib, zipfile.ZipFile("/tmp/python_stdlib.zip", "w") as out:
    for entry in stdlib.infolist():
        source = stdlib.read(entry)
        out.writestr(entry, source, compress_type=entry.compress_type)  # as it was
        if entry.filename in imported:
            code = compile(source, zipped + entry.filename, "exec", dont_inherit=True)
            pyc = importlib._bootstrap_external._code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False)
            out.writestr(zipfile.ZipInfo(entry.filename[:-3] + ".pyc", entry.date_time), bytes(pyc), zipfile.ZIP_DEFLATED)
made["python_stdlib"] = ("/tmp/python_stdlib.zip", len(imported))
json.dumps(made)
`);
for (const [name, [path, modules]] of Object.entries(JSON.parse(made))) {
  writeFileSync(resolve(outDir, path.split("/").pop()), pyodide.FS.readFile(path));
  console.log(JSON.stringify({ wheel: name, modules }));
}
