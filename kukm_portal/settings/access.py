"""Accounts, sign-in and the browser's security headers: part of base.py's settings
(read from the environment the same way), kept apart so neither file grows past a
reading. base.py imports everything here; environments override it as usual."""

import environ
from csp.constants import NONE, SELF

env = environ.Env()

# --- Accounts --------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UsernameOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# An API token is valid this many days from issue (issue_api_token --days overrides);
# the admin's token list warns in the last API_TOKEN_EXPIRY_WARNING_DAYS.
API_TOKEN_LIFETIME_DAYS = env.int("API_TOKEN_LIFETIME_DAYS", default=365)
API_TOKEN_EXPIRY_WARNING_DAYS = 30
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:login"

# Trusted reverse proxies in front of the app, each appending to X-Forwarded-For:
# 0 (no proxy) reads REMOTE_ADDR only. One setting for the login lockout and the
# API's throttle (core.client_address); a wrong count lets clients pick their own
# address (too high) or puts every client behind one address (too low).
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
# The addresses or networks (CIDR) of those proxies: X-Forwarded-For is read only
# when the request comes straight from one of them, so a client that reaches the
# app around the proxy cannot choose its own address. Empty: NUM_PROXIES alone.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# Failed logins are rate-limited per account and address (django-axes): the account
# the backend signs in, however its name is typed (accounts.lockout).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"

# Sessions end after a working day without a request. Sliding, but without a
# session write on every request: core.middleware.SessionRenewalMiddleware renews
# the expiry at most once per SESSION_RENEW_INTERVAL (seconds).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=9 * 60 * 60)
SESSION_RENEW_INTERVAL = 5 * 60

# Second factor (django-otp): staff and district users enter a TOTP code, or a
# one-time recovery code, after their password (accounts.middleware). On unless
# the environment says otherwise; local.py and test.py turn it off.
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=True)
OTP_TOTP_ISSUER = "Portal KUKM Kaltim"
OTP_RECOVERY_CODES = 10
# Each wrong code doubles the wait before the next try (1, 2, 4, 8 … seconds), per
# device and across sessions. django-otp's default, stated so it stays on.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- Browser security headers ---------------------------------------------------
# Content Security Policy (django-csp): scripts and styles from our own origin only,
# no inline script or style (the Swagger UI runs its init script from a URL, see
# kukm_portal/urls.py), no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script of ours reads the CSRF cookie: forms carry the token in a hidden field.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
