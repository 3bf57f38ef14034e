#!/bin/sh
# `make check`: migrations in sync with the models, and the production checklist.
set -e
python manage.py makemigrations --check --dry-run
DJANGO_SETTINGS_MODULE=kukm_portal.settings.production SECRET_KEY=check-deploy-$(date +%s)-not-a-real-secret-key-0123456789abcdef \
  python manage.py check --deploy --fail-level WARNING
