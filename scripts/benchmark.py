"""Measure what a student and an author wait for, on this machine, and write it down.

    make benchmark            (or: .venv/bin/python scripts/benchmark.py)

Writes benchmarks/results.md and the table between the benchmark markers in README.md:
widget redraw latency (median and 95th percentile over many moves across every slider), a
clean book build and a rebuild with nothing changed, the strict nbval suite and the whole
test command, the built site's size with its heaviest page and requests per page, and the
installed size of what Binder installs. This is a measurement, not a test: it never fails
on a missed budget, it reports it.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import celltherapy  # noqa: E402
from celltherapy.parameters import defaults  # noqa: E402
from celltherapy.widgets import Explorer  # noqa: E402

BUDGETS = {"median_ms": 50, "p95_ms": 100, "clean_build_s": 60, "tests_s": 600, "heaviest_page_mb": 2.0}
MOVES_PER_SLIDER = 25
MARKERS = ("<!-- benchmark:start -->", "<!-- benchmark:end -->")


def ok(value, budget) -> str:
    return "✓" if value < budget else "✗ over budget"


def explorer_modules():
    for info in pkgutil.iter_modules(celltherapy.__path__):
        module = importlib.import_module(f"celltherapy.{info.name}")
        if hasattr(module, "EXPLORER"):
            yield info.name, module


def positions(parameter, count: int) -> list:
    """`count` values across a slider (ends included), or the options cycled for a menu."""
    if parameter.is_choice:
        values = parameter.sweep_values()
        return [values[i % len(values)] for i in range(count)]
    return parameter.sweep_values(count)


def widget_latency() -> list[tuple]:
    rows = []
    for name, module in explorer_modules():
        view_class, parameters = module.EXPLORER
        explorer = Explorer(view_class(), parameters)
        explorer.set(**{parameters[0].name: positions(parameters[0], 2)[1]})  # warm up caches
        explorer.set(**defaults(parameters))
        times = []
        for parameter in parameters:
            for value in positions(parameter, MOVES_PER_SLIDER):
                if explorer.set(**{parameter.name: value}):  # a menu already showing it does not redraw
                    times.append(explorer.last_redraw_seconds * 1000)
            explorer.set(**{parameter.name: parameter.default})
        rows.append((name, len(times), float(np.median(times)), float(np.percentile(times, 95))))
    return rows


def timed(command: list[str], cwd: Path, env=None) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed


def book_builds(workdir: Path) -> tuple[float, float, Path]:
    from conftest import copy_source
    source = copy_source(workdir / "book")
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"]
    clean = timed(command, source)
    rebuild = timed(command, source)
    return clean, rebuild, source / "_build" / "html"


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def page_weights(html: Path) -> list[tuple[str, int, int]]:
    """For every page: bytes of everything local it loads, and its number of requests."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright
    from conftest import launch_chromium

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages = sorted(str(p.relative_to(html)) for p in html.rglob("*.html")
                   if not str(p.relative_to(html)).startswith(("_", "genindex", "search", "index.html")))
    rows = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        for name in pages:
            page = browser.new_page()
            sizes = []
            page.on("requestfinished", lambda r, sizes=sizes: sizes.append(
                r.sizes()["responseBodySize"] if r.url.startswith(base) else 0))
            page.goto(f"{base}/{name}", wait_until="networkidle")
            rows.append((name, sum(sizes), len(sizes)))
            page.close()
        browser.close()
    server.shutdown()
    server.server_close()
    return rows


def venv_size(lock: Path, workdir: Path) -> tuple[int, int]:
    """Size of a fresh virtual environment with `lock` and the course package installed, as
    Binder or the Makefile install them, and its package count."""
    venv = workdir / f"venv-{lock.stem}"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(pip + ["--require-hashes", "-r", str(lock)], cwd=ROOT, check=True)
    subprocess.run(pip + ["--no-deps", "."], cwd=ROOT, check=True)
    listed = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "list", "--format=freeze"],
                            capture_output=True, text=True, check=True).stdout.split()
    return folder_size(venv), len(listed)


def megabytes(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def cpu_model() -> str:
    """The processor's name, as Linux reports it (the budgets are for a 2-core machine)."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown processor"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.M)
    return match.group(1).strip() if match else "unknown processor"


def report(args) -> str:
    lines = [f"Measured on {time.strftime('%Y-%m-%d')}: {cpu_model()}, {platform.machine()}, "
             f"{os.cpu_count()} cores, Python {platform.python_version()}.", ""]
    lines += ["**Widget redraw** (a slider move to the finished PNG; "
              f"{MOVES_PER_SLIDER} moves across each slider, ends included):", "",
              "| widget | moves | median | 95th percentile | budget (50 ms / 100 ms) |", "|---|---|---|---|---|"]
    for name, n, median, p95 in widget_latency():
        verdict = "✓" if median < BUDGETS["median_ms"] and p95 < BUDGETS["p95_ms"] else "✗ over budget"
        lines.append(f"| {name} | {n} | {median:.0f} ms | {p95:.0f} ms | {verdict} |")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        clean, rebuild, html = book_builds(workdir)
        lines += ["", "**Book and tests:**", "", "| what | time | budget |", "|---|---|---|",
                  f"| clean book build (`jupyter-book build -W -n`) | {clean:.1f} s | < 60 s {ok(clean, 60)} |",
                  f"| rebuild, nothing changed | {rebuild:.1f} s | |"]
        if not args.quick:
            nbval = timed([sys.executable, "-m", "pytest", "-q", "-n", "2", "--dist", "loadgroup",
                           "notebooks", "exercises"], ROOT)
            whole = timed(["make", "--no-print-directory", "test"], ROOT)
            lines += [f"| strict nbval, every notebook and exercise, on 2 cores | {nbval:.0f} s | |",
                      f"| the whole test command (`make test`, environment already installed) | {whole:.0f} s | "
                      f"< 600 s {ok(whole, 600)} |"]
        weights = page_weights(html)
        name, heaviest, requests = max(weights, key=lambda r: r[1])
        lines += ["", "**Built site:**", "", "| what | value | budget |", "|---|---|---|",
                  f"| whole site (`_build/html`) | {megabytes(folder_size(html))} | |",
                  f"| heaviest page, with everything it loads | {name}: {megabytes(heaviest)} | "
                  f"< 2 MB {ok(heaviest / 1e6, 2.0)} |",
                  f"| requests per page | {min(r[2] for r in weights)}–{max(r[2] for r in weights)} "
                  f"(median {int(np.median([r[2] for r in weights]))}) | |"]
        if not args.quick:
            binder, binder_count = venv_size(ROOT / "binder" / "requirements.txt", workdir)
            full, full_count = venv_size(ROOT / "requirements.lock", workdir)
            lines += [f"| what Binder installs (`binder/requirements.txt`, locked) | {megabytes(binder)}, "
                      f"{binder_count} packages | |",
                      f"| the book's environment (`requirements.lock`) for comparison | {megabytes(full)}, "
                      f"{full_count} packages | |"]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="skip the test-suite timings and the install sizes")
    args = parser.parse_args()
    table = report(args)
    out = ROOT / "benchmarks" / "results.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text("# Benchmark results\n\nWritten by `make benchmark` (scripts/benchmark.py).\n\n" + table)
    readme = ROOT / "README.md"
    text = readme.read_text()
    start, end = MARKERS
    text = re.sub(f"{re.escape(start)}.*?{re.escape(end)}", f"{start}\n{table}{end}", text, flags=re.S)
    readme.write_text(text)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
