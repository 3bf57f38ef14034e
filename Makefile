# The two commands of the README: `make run` and `make test`.
# PostgreSQL and Redis come from DATABASE_URL / REDIS_URL when set, else they are
# started from pip packages under .data/ (scripts/with_services.py).

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)
WITH_SERVICES := $(BIN)/python scripts/with_services.py --
PYTEST_WORKERS ?= 2

.PHONY: install run test check lint format bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(WITH_SERVICES) sh scripts/run.sh

test: install
	$(WITH_SERVICES) pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Slower checks: lint, format, migrations in sync, the deploy checklist.
check: install
	ruff check .
	ruff format --check .
	$(WITH_SERVICES) sh scripts/check.sh

lint: install
	ruff check .
	ruff format --check .

format: install
	ruff check --fix .
	ruff format .

# SPEC section 4 benchmarks on a dedicated database (kukm_bench, or kukm_bench_tenth
# with BENCH_ARGS="--scale tenth"); not part of `make test`. Writes bench/results.md.
BENCH_ARGS ?= --scale full
bench: install
	$(WITH_SERVICES) python -m bench $(BENCH_ARGS)

clean:
	rm -rf .data staticfiles .pytest_cache
