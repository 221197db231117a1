# The two set-up commands (README): `make book` builds the HTML book, `make test` runs every
# test. Both create the virtual environment .venv and install the pinned packages themselves.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BOOK_DEPS := $(VENV)/.book-deps
TEST_DEPS := $(VENV)/.test-deps
# matplotlib's font cache lives with the environment, not in ~/.cache: a shared cache can list
# fonts from another checkout's environment, and then every figure warns on stderr (nbval fails)
export MPLCONFIGDIR := $(CURDIR)/$(VENV)/matplotlib

.PHONY: book test notebooks students benchmark clean

book: $(BOOK_DEPS)
	rm -rf _build/html
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo
	@echo "The book is in _build/html: open _build/html/index.html in a browser."

test: $(TEST_DEPS)
	bash scripts/ensure_chromium.sh
	$(BIN)/python -m pytest

# Authoring: re-execute every notebook in place after changing the package or a notebook,
# and regenerate the student versions of the exercises from their solutions.
notebooks: $(BOOK_DEPS)
	$(BIN)/python -m celltherapy.notebook_tools execute notebooks/*.ipynb exercises/solutions/*.ipynb
	$(BIN)/python -m celltherapy.notebook_tools students

students: $(BOOK_DEPS)
	$(BIN)/python -m celltherapy.notebook_tools students

# Measure widget latency, build and test times, page weight and install size (README table).
benchmark: $(TEST_DEPS)
	bash scripts/ensure_chromium.sh
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf _build

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(BOOK_DEPS): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -c "import matplotlib.font_manager"  # build the font cache now, not in a notebook
	touch $@

$(TEST_DEPS): $(BOOK_DEPS) requirements-test.txt
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@
