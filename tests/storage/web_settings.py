"""Settings for a web process a test starts (gunicorn in its own working
directory): the test database, the test process's broker prefix, and whatever
MEDIA_STORAGE_URL / MEDIA_ROOT its environment names."""

import os

from kukm_portal.settings.test import *  # noqa: F403
from kukm_portal.settings.test import DATABASES

DATABASES["default"]["NAME"] = os.environ["KUKM_WEB_DB_NAME"]
DATABASES["default"]["CONN_MAX_AGE"] = 0
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "global_keyprefix": os.environ["KUKM_WEB_KEYPREFIX"],
}
