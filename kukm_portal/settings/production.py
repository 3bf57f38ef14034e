"""Production: HTTPS only, secure cookies, no debug. `check --deploy` is clean."""

from .base import *  # noqa: F403
from .base import BACKUP_ENCRYPTION_KEY, env
from .public_keys import refuse_public_keys

DEBUG = False
SECRET_KEY = env("SECRET_KEY")  # required: no default in production
# Required: without them the portal does not start (the NIK cannot be stored or
# read). Their format is checked by the cooperatives system check.
NIK_ENCRYPTION_KEYS = env.list("NIK_ENCRYPTION_KEY")
NIK_HMAC_KEY = env("NIK_HMAC_KEY")
# Staff and district users need their second factor (base.py: on unless the
# environment sets OTP_REQUIRED=false).
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=True)
# Not one of the keys published with local.py and test.py. BACKUP_ENCRYPTION_KEY
# is needed only where `backup`/`restore` run (they refuse without it), so the
# web and worker processes need not hold it.
refuse_public_keys(
    debug=DEBUG,
    nik_encryption_keys=NIK_ENCRYPTION_KEYS,
    nik_hmac_key=NIK_HMAC_KEY,
    backup_encryption_key=BACKUP_ENCRYPTION_KEY,
)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
