"""Settings for a Celery worker that a test starts as a separate process.

The test passes what must match its own process through the environment: the
test database's name, the broker key prefix its tasks are published under, and
where to write emails (a file per message, so the test can count them)."""

import os

from kukm_portal.settings.test import *  # noqa: F403
from kukm_portal.settings.test import DATABASES

DATABASES["default"]["NAME"] = os.environ["KUKM_WORKER_DB_NAME"]
DATABASES["default"]["CONN_MAX_AGE"] = 0
CELERY_BROKER_URL = os.environ["KUKM_WORKER_BROKER_URL"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "global_keyprefix": os.environ["KUKM_WORKER_KEYPREFIX"],
    # Short, so a message whose worker was killed is redelivered within the test
    # (production keeps it above the longest task, see settings.base).
    "visibility_timeout": int(os.environ.get("KUKM_WORKER_VISIBILITY", "3600")),
    # Look for such messages every second (the default sweep is every 100 s).
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
FINANCING_REMINDER_BATCH = int(os.environ.get("KUKM_WORKER_REMINDER_BATCH", "1000"))
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["KUKM_WORKER_EMAIL_DIR"]
