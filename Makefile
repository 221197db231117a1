# The two set-up commands (README): `make book` builds the HTML book, `make test` runs every
# test. Both create the virtual environment .venv and install the locked packages themselves:
# requirements.lock (book) and requirements-test.lock (book and tests) pin every package,
# transitive ones included, with hashes. `make lock` regenerates them from the inputs
# requirements.txt, requirements-test.txt and binder/requirements.in. The installer is uv
# (pinned with hashes in requirements-uv.lock, in its own environment .venv-uv, so that the
# course's environment holds exactly the lock): it installs the locks in seconds, pip in a minute.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BOOK_DEPS := $(VENV)/.book-deps
TEST_DEPS := $(VENV)/.test-deps
# files the built book serves itself (MathJax, the Pyodide runtime), from npm's lock
NPM_DEPS := node_modules/.package-lock.json
# the Pyodide wheels of the in-browser notebooks (scripts/lite/wheels.txt), fetched once per machine
# into ~/.cache/celltherapy/lite-wheels, hashes checked
LITE_WHEELS := $(VENV)/.lite-wheels-fetched
UV := .venv-uv/bin/uv
UV_INSTALL := $(UV) pip install --quiet --python $(BIN)/python
# matplotlib's font cache lives with the environment, not in ~/.cache: a shared cache can list
# fonts from another checkout's environment, and then every figure warns on stderr (nbval fails)
export MPLCONFIGDIR := $(CURDIR)/$(VENV)/matplotlib

.PHONY: book test timing notebooks students benchmark lock clean pdf screenshots

book: $(BOOK_DEPS) $(NPM_DEPS) $(LITE_WHEELS)
	rm -rf _build/html
	$(BIN)/jupyter-book build . -W -n --keep-going
	$(BIN)/python scripts/lite/lite_site.py _build/html/lite
	@echo
	@echo "The book is in _build/html: open _build/html/index.html in a browser."

# Every test, on both cores (a notebook's cells stay together on one worker); then the redraw
# budgets, measured on their own so that the other tests' load does not count against them.
# Three workers on two cores: much of a test is waiting (for a kernel, a browser, a page), and
# a third worker fills those waits (measured: the processors were idle 40% of the time with two).
WORKERS ?= 3
test: $(TEST_DEPS) $(NPM_DEPS) $(LITE_WHEELS)
	bash scripts/ensure_chromium.sh
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup -m "not timing" --durations=15
	$(BIN)/python -m pytest -m timing tests

timing: $(TEST_DEPS)
	$(BIN)/python -m pytest -m timing tests

# Authoring: re-execute every notebook in place after changing the package or a notebook,
# and regenerate the student versions of the exercises from their solutions.
notebooks: $(BOOK_DEPS)
	$(BIN)/python -m celltherapy.notebook_tools execute notebooks/*.ipynb exercises/solutions/*.ipynb
	$(BIN)/python -m celltherapy.notebook_tools students

students: $(BOOK_DEPS)
	$(BIN)/python -m celltherapy.notebook_tools students

# One PDF per chapter with its notebooks, from the built book, into _build/pdf (headless
# Chromium on loopback; fails on a blank or nearly blank page). Run `make book` first.
pdf: $(TEST_DEPS)
	bash scripts/ensure_chromium.sh
	$(BIN)/python scripts/pdf.py

# A screenshot of every page of the book, at 1280 px, into screenshots/ (with the page tests).
screenshots: $(TEST_DEPS) $(NPM_DEPS)
	bash scripts/ensure_chromium.sh
	SCREENSHOTS=1 $(BIN)/python -m pytest -n 2 tests/test_browser.py -k test_page

# Measure widget latency, build and test times, page weight and install size (README table).
benchmark: $(TEST_DEPS)
	bash scripts/ensure_chromium.sh
	$(BIN)/python scripts/benchmark.py

# Re-resolve the locks after editing an input (a test fails until the locks match the inputs).
lock: $(UV)
	PATH="$(CURDIR)/.venv-uv/bin:$$PATH" $(PYTHON) scripts/lock.py

clean:
	rm -rf _build

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(UV): requirements-uv.lock
	$(PYTHON) -m venv .venv-uv
	.venv-uv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-uv.lock
	touch $@

# the lock has pip and setuptools too: the package is built with those, not with whatever
# build isolation would fetch
$(BOOK_DEPS): requirements.lock pyproject.toml | $(BIN)/python $(UV)
	$(UV_INSTALL) --require-hashes -r requirements.lock
	$(UV_INSTALL) --no-deps --no-build-isolation -e .
	$(BIN)/python -c "import matplotlib.font_manager"  # build the font cache now, not in a notebook
	touch $@

$(NPM_DEPS): package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

$(LITE_WHEELS): scripts/lite/wheels.txt requirements.lock | $(BOOK_DEPS)
	$(BIN)/python scripts/lite/lite_site.py --fetch
	touch $@

$(TEST_DEPS): $(BOOK_DEPS) requirements-test.lock
	$(UV_INSTALL) --require-hashes -r requirements-test.lock
	touch $@
