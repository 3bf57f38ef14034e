"""Developer machine: `make run`. Debug on unless the environment says otherwise."""

from .base import *  # noqa: F403
from .base import env
from .public_keys import (
    LOCAL_BACKUP_ENCRYPTION_KEY,
    LOCAL_NIK_ENCRYPTION_KEY,
    LOCAL_NIK_HMAC_KEY,
    refuse_public_keys,
)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"  # noqa: F405
# The demo logins work with a password alone unless OTP_REQUIRED=true.
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=False)

# Serve static files straight from static/ without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": STORAGES["default"],  # noqa: F405 -- MEDIA_STORAGE_URL's
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Fixed, public local keys for the NIK and the backups (production requires its
# own NIK_ENCRYPTION_KEY and NIK_HMAC_KEY). With DEBUG off they are refused.
NIK_ENCRYPTION_KEYS = NIK_ENCRYPTION_KEYS or [LOCAL_NIK_ENCRYPTION_KEY]  # noqa: F405
NIK_HMAC_KEY = NIK_HMAC_KEY or LOCAL_NIK_HMAC_KEY  # noqa: F405
BACKUP_ENCRYPTION_KEY = BACKUP_ENCRYPTION_KEY or LOCAL_BACKUP_ENCRYPTION_KEY  # noqa: F405
refuse_public_keys(
    debug=DEBUG,
    nik_encryption_keys=NIK_ENCRYPTION_KEYS,
    nik_hmac_key=NIK_HMAC_KEY,
    backup_encryption_key=BACKUP_ENCRYPTION_KEY,
)
