"""Developer machine: `make run`. Debug on unless the environment says otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"  # noqa: F405
# The demo logins work with a password alone unless OTP_REQUIRED=true.
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=False)

# Serve static files straight from static/ without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Fixed, public local keys for the NIK (production requires its own
# NIK_ENCRYPTION_KEY and NIK_HMAC_KEY).
NIK_ENCRYPTION_KEYS = NIK_ENCRYPTION_KEYS or [  # noqa: F405
    "YF8p1ox4U4hQrDyn8Ey0l9BHu0JcSdk36iwciJVZl_E="
]
NIK_HMAC_KEY = NIK_HMAC_KEY or "PkU1I6hznwJ06f1XnDPaJ-Q2dO9cb0CFu7NofDb0z7g="  # noqa: F405
