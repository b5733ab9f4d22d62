# The two front-door commands: `make site` and `make test`. Each creates the virtual
# environment it needs and installs what is missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.mlgov-installed

.PHONY: site test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/mlgov build

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/mlgov lint

bench: $(STAMP)
	$(BIN)/python benchmarks/compile_bench.py
	$(BIN)/python benchmarks/lint_bench.py

clean:
	rm -rf $(VENV) build site
