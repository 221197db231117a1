// Run notebooks top to bottom in Pyodide under Node.js, from a built JupyterLite site's own
// files, the way the browser kernel runs them: before each cell, the course kernel's SciPy hook
// (course_kernel.py), then load the packages the cell's imports name (from the site's lock), then
// run it in an IPython shell. Pyodide boots once; each notebook gets a fresh shell, its own
// working folder, the course package not yet imported and SciPy hidden until the hook loads it
// (its files stay, loaded once: hiding it is what proves the hook loads it before every cell
// that needs it).
//
//   node scripts/lite/run_notebooks.mjs <site>/static/pyodide a.ipynb b.ipynb ...
//
// IN_PAGE_ONLY=a.ipynb,b.ipynb (optional): run the cells that pre-render an in-page explorer
// (`in_page_explorer(`) only in these notebooks. Those cells draw the same views as the live
// explorer and the static figures, at many positions; the test suite runs a sample of them here
// and all of them natively, which keeps it within its time budget.
//
// Prints one JSON line per notebook: {notebook, seconds, cells, errors: [...]}, where an error
// is an exception, anything written to stderr (warnings included) or an error-like output.
import { readFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { createRequire } from "node:module";

const [pyodideDir, ...notebooks] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { loadPyodide } = require(resolve(pyodideDir, "pyodide.js"));

const started = Date.now();
const cpu = (since) => { const u = process.cpuUsage(since); return (u.user + u.system) / 1e6; };
const pyodide = await loadPyodide({
  indexURL: resolve(pyodideDir) + "/",
  lockFileURL: resolve(pyodideDir, "course-lock.json"),
  stdout: () => {},
  stderr: () => {},
});
// as the browser kernel does: its packages and the compiled modules first
await pyodide.loadPackage(["kernel-bytecode", "course-kernel", "matplotlib"], { messageCallback: () => {} });
pyodide.runPython(`
import json, os, sys, time
from importlib import metadata, util

def stale_bytecode():
    """The compiled modules whose source is not the one served, and how many were checked: each
    .pyc must be an unchecked-hash one made from exactly the source beside it (a stale cache
    would otherwise run other code than the wheels hold, silently)."""
    def made_from(pyc, source):  # an unchecked-hash .pyc (flags 1) of exactly this source
        return int.from_bytes(pyc[4:8], "little") == 1 and pyc[8:16] == util.source_hash(source)

    stale = []
    pycs = [f for name in ("kernel-bytecode", "course-bytecode", "scipy-bytecode")
            for f in metadata.files(name) if f.suffix == ".pyc"]
    for pyc in pycs:
        try:
            with open(util.source_from_cache(str(pyc.locate())), "rb") as handle:
                source = handle.read()
        except OSError:
            stale.append(f"{pyc}: no source")
            continue
        if not made_from(pyc.read_binary(), source):
            stale.append(str(pyc))
    import zipfile  # and the standard library's, beside their sources in its zip
    with zipfile.ZipFile("/lib/python312.zip") as stdlib:
        compiled = [name for name in stdlib.namelist() if name.endswith(".pyc")]
        stale += [name for name in compiled if not made_from(stdlib.read(name), stdlib.read(name[:-1]))]
    from matplotlib import font_manager  # the font list served is for this matplotlib
    if font_manager.json_load(os.path.join(os.path.dirname(font_manager.__file__), "fontlist.json"))._version \\
            != font_manager.FontManager.__version__:
        stale.append("matplotlib/fontlist.json")
    return json.dumps({"bytecode": len(pycs), "stdlib": len(compiled), "stale": stale[:20]})
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"

import course_kernel, pyodide_js

# each notebook imports the course package afresh (below): cache its compiled modules in memory
# (Pyodide writes none), so that only the first import compiles them
sys.dont_write_bytecode = False

class HiddenScipy:
    """An import finder that says SciPy is not there (as before the course kernel loads it)."""
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "scipy":
            raise ModuleNotFoundError(f"No module named {name!r}: SciPy is not loaded yet", name=name)

HIDDEN, hidden_modules = HiddenScipy(), {}

async def load_scipy(names):
    """The course kernel's load: the packages, then SciPy shown again."""
    await pyodide_js.loadPackage(names)
    sys.meta_path.remove(HIDDEN)
    sys.modules.update(hidden_modules)
    hidden_modules.clear()

def start_notebook(path):
    """As a new browser kernel: a fresh shell and folder, the course not imported, SciPy hidden."""
    global shell
    for name in list(sys.modules):
        if name.split(".")[0] == "celltherapy":
            del sys.modules[name]
        elif name.split(".")[0] == "scipy":
            hidden_modules[name] = sys.modules.pop(name)
    if HIDDEN not in sys.meta_path:
        sys.meta_path.insert(0, HIDDEN)
    InteractiveShell.clear_instance()
    shell = InteractiveShell.instance()
    hook = course_kernel.ScipyOnDemand(load_scipy)
    shell.events.register("post_run_cell", hook.after_cell)
    folder = "/home/pyodide/" + path.replace("/", "_")
    os.makedirs(folder, exist_ok=True)
    os.chdir(folder)
    return hook

def run_cell(number, code):
    with capture_output() as captured:
        result = shell.run_cell(code, store_history=True)
    errors = []
    error = result.error_before_exec or result.error_in_exec
    if error is not None:
        errors.append(f"cell {number}: {type(error).__name__}: {error}")
    if captured.stderr.strip():
        errors.append(f"cell {number} wrote to stderr: {captured.stderr.strip()[:500]}")
    if "Traceback" in captured.stdout:
        errors.append(f"cell {number} printed a traceback: {captured.stdout[-500:]}")
    return errors
`);
console.log(JSON.stringify({ boot: (Date.now() - started) / 1000, cpu: cpu() }));
// the course's packages and compiled modules, SciPy's too (hidden from each notebook until needed)
await pyodide.loadPackage(["celltherapy", "scipy-bytecode"], { messageCallback: () => {} });
console.log(pyodide.runPython("stale_bytecode()"));
const startNotebook = pyodide.globals.get("start_notebook");
const runCell = pyodide.globals.get("run_cell");
const inPageOnly = process.env.IN_PAGE_ONLY ? new Set(process.env.IN_PAGE_ONLY.split(",")) : null;
for (const path of notebooks) {
  const t0 = Date.now(), c0 = process.cpuUsage();
  const notebook = JSON.parse(readFileSync(path, "utf8"));
  const cells = notebook.cells.filter((c) => c.cell_type === "code")
    .map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source))
    .filter((code) => !inPageOnly || inPageOnly.has(path) || !code.includes("in_page_explorer("));
  let errors = [];
  try {
    const hook = startNotebook(path);
    for (const [index, code] of cells.entries()) {
      await hook.before_cell(code);
      await pyodide.loadPackagesFromImports(code, { messageCallback: () => {} });
      errors.push(...runCell(index + 1, code).toJs());
    }
    await hook.before_cell("pass");  // as before a next cell: a background load ends in its notebook
  } catch (error) {
    errors = [String(error).slice(0, 2000)];
  }
  const name = `${basename(dirname(path))}/${basename(path)}`;
  console.log(JSON.stringify({ notebook: name, seconds: (Date.now() - t0) / 1000, cpu: cpu(c0), cells: cells.length, errors }));
}
