#!/bin/sh
# `make check`: supply chain, migrations in sync with the models, the production
# checklist, the OpenAPI schema and a longer API fuzz run (the backup round trip runs
# in `make test`, the migration replay here with the other slow-marked tests).
set -e
# Supply chain: no high-severity bandit finding in our code (tests and .venv excluded,
# see pyproject.toml), no known vulnerability in the locked dependencies (PyPI only).
bandit -c pyproject.toml -r . --severity-level high -q
python scripts/audit_dependencies.py requirements-dev.lock
python manage.py makemigrations --check --dry-run
DJANGO_SETTINGS_MODULE=kukm_portal.settings.production SECRET_KEY=check-deploy-$(date +%s)-not-a-real-secret-key-0123456789abcdef \
  NIK_ENCRYPTION_KEY=$(python -c "from cooperatives.nik_crypto import generate_key; print(generate_key())") \
  NIK_HMAC_KEY=$(python -c "from cooperatives.nik_crypto import generate_key; print(generate_key())") \
  python manage.py check --deploy --fail-level WARNING
python manage.py spectacular --fail-on-warn --validate --file /dev/null
# A longer fuzz run of the API than the one in `make test`.
FUZZ_EXAMPLES=30 pytest -q -n 2 -p no:cacheprovider tests/api/test_fuzz.py
# Left out of `make test` to keep it under 10 minutes: the browser tests (Chromium)
# and the tests that start processes of their own (marked slow).
pytest -q -n 2 -p no:cacheprovider tests/browser
pytest -q -n 2 -p no:cacheprovider -m slow --ignore=tests/browser
# The read replica, live: a streaming standby (tests/replica, scripts/with_replica.py).
python scripts/with_replica.py -- pytest -q -p no:xdist -p no:cacheprovider tests/replica
