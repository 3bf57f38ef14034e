#!/bin/sh
# `make check`: migrations in sync with the models, and the production checklist.
set -e
python manage.py makemigrations --check --dry-run
DJANGO_SETTINGS_MODULE=kukm_portal.settings.production SECRET_KEY=check-deploy-$(date +%s)-not-a-real-secret-key-0123456789abcdef \
  NIK_ENCRYPTION_KEY=$(python -c "from cooperatives.nik_crypto import generate_key; print(generate_key())") \
  NIK_HMAC_KEY=$(python -c "from cooperatives.nik_crypto import generate_key; print(generate_key())") \
  python manage.py check --deploy --fail-level WARNING
python manage.py spectacular --fail-on-warn --validate --file /dev/null
# A longer fuzz run of the API than the one in `make test`.
FUZZ_EXAMPLES=30 pytest -q -n 2 -p no:cacheprovider tests/api/test_fuzz.py
