#!/bin/sh
# `make run`: migrate, load the demo data (idempotent), print the demo logins, then
# run web + Celery worker + beat together until Ctrl-C.
set -e
python manage.py migrate --noinput
python manage.py seed_demo
python manage.py demo_logins
exec honcho -f Procfile.dev start
