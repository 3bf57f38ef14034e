"""Test run: fast hashing, email kept in memory, Celery tasks go to the real Redis."""

import os

from .base import *  # noqa: F403
from .base import CACHES, DATABASE_REPLICA_URL, DATABASES
from .public_keys import (
    TEST_BACKUP_ENCRYPTION_KEY,
    TEST_NIK_ENCRYPTION_KEY,
    TEST_NIK_HMAC_KEY,
)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": STORAGES["default"],  # noqa: F405 -- MEDIA_STORAGE_URL's
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each xdist worker keeps its cache keys apart on the shared Redis.
CACHES["default"]["KEY_PREFIX"] = "kukm-test-" + os.environ.get(
    "PYTEST_XDIST_WORKER", "main"
)
AXES_ENABLED = True
SECRET_KEY = SECRET_KEY or "test-only-not-secret"  # noqa: F405
# Each test process gets its own queues on the shared Redis, so the Celery workers
# that tests start never take another process's tasks.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "global_keyprefix": f"kukm-test-{os.getpid()}-",
}
AXES_VERBOSE = False
# Off, so tests log in with a password alone; tests/accounts turns it on.
OTP_REQUIRED = False
# Fixed, public test keys for the NIK and the backups (production requires its
# own). Tests run with DEBUG off, so unlike local.py these are not refused: this
# module is pytest's alone, never a deployment's.
NIK_ENCRYPTION_KEYS = NIK_ENCRYPTION_KEYS or [TEST_NIK_ENCRYPTION_KEY]  # noqa: F405
NIK_HMAC_KEY = NIK_HMAC_KEY or TEST_NIK_HMAC_KEY  # noqa: F405
BACKUP_ENCRYPTION_KEY = BACKUP_ENCRYPTION_KEY or TEST_BACKUP_ENCRYPTION_KEY  # noqa: F405
# A `replica` alias that mirrors default, for the database router's tests. Reads go
# there only where a test switches REPORTS_READ_FROM_REPLICA on: a mirror is another
# connection, which cannot see the uncommitted rows of an ordinary (rolled back) test.
# With DATABASE_REPLICA_URL (scripts/with_replica.py, tests/replica) the replica is a
# live standby of the test primary and report reads go there.
if not DATABASE_REPLICA_URL:
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
    REPORTS_READ_FROM_REPLICA = False
# Tests that check the abuse limits set their own; the rest must never meet them
# (the counters live in the shared Redis and outlast a test database).
ABUSE_LIMITS = {
    "import": "100000/h",
    "export": "100000/h",
    "report": "100000/h",
    "access_request": "100000/h",
    "owner_signup": "100000/h",
    "public_page": "100000/h",
}
