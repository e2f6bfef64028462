# The everyday commands. `make report` and `make test` set up .venv themselves on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.paperkit-installed

.PHONY: report test test-fast bench notebooks lab clean help

help:
	@echo "make report     - run the main job on the bundled data: report.html"
	@echo "make test       - run the whole test suite (doctests, notebooks, browser tests)"
	@echo "make test-fast  - the inner loop: no browser, notebook or other slow tests"
	@echo "make bench      - run the benchmarks (needs ../shared)"
	@echo "make notebooks  - pair notebooks/*.py with .ipynb files for JupyterLab"
	@echo "make lab        - start JupyterLab on notebooks/"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("paperkit needs Python 3.11 or newer, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

report: $(STAMP)
	$(BIN)/paperkit report -o report.html

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n auto -m "not browser and not slow"

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	$(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_hostile.py
	$(BIN)/python benchmarks/bench_acronyms.py
	$(BIN)/python benchmarks/bench_keywords.py
	$(BIN)/python benchmarks/bench_trends.py all
	$(BIN)/python benchmarks/bench_trends.py speed
	$(BIN)/python benchmarks/bench_cotopics.py

notebooks: $(STAMP)
	$(BIN)/jupytext --sync notebooks/*.py

lab: notebooks
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis data/processed report.html
