# The two commands of the README: `make run` and `make test`.
# PostgreSQL and Redis come from DATABASE_URL / REDIS_URL when set, else they are
# started from pip packages under .data/ (scripts/with_services.py).

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)
WITH_SERVICES := $(BIN)/python scripts/with_services.py --
PYTEST_WORKERS ?= 2

.PHONY: install lock run test test-replica check lint format bench backup restore clean

# Installs the lock file: every package pinned, and checked against its sha256.
$(VENV)/.installed: requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed

# requirements*.txt are the edited inputs; this rewrites the *.lock files from them
# (pinned versions plus their PyPI hashes). Run it after changing a requirement.
PIP_COMPILE := pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links
lock: install
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --output-file requirements-dev.lock requirements-dev.txt

run: install
	$(WITH_SERVICES) sh scripts/run.sh

# The browser tests and those marked slow (processes of their own: gunicorn, a
# worker) run in `make check`, which CI runs too: `make test` stays under 10
# minutes on 2 cores. PYTEST_ARGS="tests/browser" runs them here.
PYTEST_ARGS ?= --ignore=tests/browser -m "not slow"
test: install
	$(WITH_SERVICES) pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The live-replica group (tests/replica): a streaming standby of the test primary,
# or of a primary of its own when that one refuses replication (scripts/with_replica.py).
WITH_REPLICA := $(BIN)/python scripts/with_replica.py --
test-replica: install
	$(WITH_SERVICES) $(WITH_REPLICA) pytest -p no:xdist -p no:cacheprovider -q tests/replica

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

# SPEC section 4 benchmarks at Kalimantan Timur's size (6,800 cooperatives, 344,581
# enterprises, 10 years of reports, 3,000,000 installments) on a dedicated database
# (kukm_bench, or kukm_bench_tenth with BENCH_ARGS="--scale tenth"); not part of
# `make test`. Writes bench/results.md.
BENCH_ARGS ?= --scale province
bench: install
	$(WITH_SERVICES) python -m bench $(BENCH_ARGS)

# Data safety: the configured (or embedded) database and MEDIA_ROOT into
# backups/<timestamp>/ or BACKUP_DIR; restore puts back the newest one, or BACKUP_DIR.
backup: install
	$(WITH_SERVICES) python manage.py backup $(if $(BACKUP_DIR),--dir $(BACKUP_DIR))

restore: install
	$(WITH_SERVICES) python manage.py restore $(if $(BACKUP_DIR),--dir $(BACKUP_DIR))

clean:
	rm -rf .data staticfiles .pytest_cache
