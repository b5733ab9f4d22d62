# The two front-door commands: `make site` and `make test`. Each creates the virtual
# environment it needs and installs what is missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.mlgov-installed
NODE_STAMP := node_modules/.mlgov-installed

.PHONY: site test lint bench clean system-libs mlflow-server

# The MLflow tracking server the MLflow tests run against (and `mlgov snapshot --demo-mlflow`):
# full mlflow, in a virtual environment of its own so that its 850 MB of ML libraries stay out
# of mlgov's. Without it those tests skip and say so; .ci/run installs it.
MLFLOW_SERVER_VERSION := 3.17.2
MLFLOW_VENV := .venv-mlflow
MLFLOW_STAMP := $(MLFLOW_VENV)/.mlflow-$(MLFLOW_SERVER_VERSION)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The site's browser scripts ship inside the package (site_builder/static/vendor/). The tests
# compare them with the npm packages package.json pins, when npm is there to install those.
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else \
		echo "mlgov: npm not found: the vendored scripts are not compared with their npm packages"; \
	fi

# weasyprint subsets fonts with HarfBuzz when libharfbuzz-subset0 is there: PDFs render about
# 2.4x faster and come out byte-reproducible. Installed where we may; said where we may not.
system-libs:
	@if /sbin/ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset.so.0; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "mlgov: installing Debian's libharfbuzz-subset0 (faster, reproducible PDFs)"; \
		apt-get install -y -qq libharfbuzz-subset0 >/dev/null 2>&1 \
		|| (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq libharfbuzz-subset0 >/dev/null 2>&1) \
		|| echo "mlgov: could not install libharfbuzz-subset0: PDFs will be slower"; \
	else \
		echo "mlgov: libharfbuzz-subset0 is missing: PDFs render slower and not byte-reproducible;"; \
		echo "       install it with: sudo apt-get install libharfbuzz-subset0"; \
	fi

$(MLFLOW_STAMP):
	$(PYTHON) -m venv $(MLFLOW_VENV)
	$(MLFLOW_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(MLFLOW_VENV)/bin/python -m pip install --quiet 'mlflow==$(MLFLOW_SERVER_VERSION)'
	touch $(MLFLOW_STAMP)

mlflow-server: $(MLFLOW_STAMP)

site: $(STAMP) system-libs
	$(BIN)/mlgov build

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -n auto --maxprocesses=4

lint: $(STAMP)
	$(BIN)/mlgov lint

bench: $(STAMP) system-libs
	$(BIN)/python benchmarks/compile_bench.py
	$(BIN)/python benchmarks/lint_bench.py
	$(BIN)/python benchmarks/iam_corpus.py
	$(BIN)/python benchmarks/review_bench.py
	$(BIN)/python benchmarks/history_bench.py
	$(BIN)/python benchmarks/snapshot_bench.py
	$(BIN)/python benchmarks/studio_bench.py
	$(BIN)/python benchmarks/site_bench.py
	$(BIN)/python benchmarks/hostile_bench.py

clean:
	rm -rf $(VENV) $(MLFLOW_VENV) build site node_modules
