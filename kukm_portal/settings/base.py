"""Settings shared by every environment, read from the environment (12-factor).

`local.py`, `test.py` and `production.py` are short overrides of this file.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# No default here: production.py insists on it, local and test use a throwaway key.
SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    # OpClass in index expressions (the trigram indexes of name search).
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "simple_history",
    "import_export",
    "axes",
    "csp",
    # The second factor of staff and district users: TOTP and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "audit",
    "api",
    "notifications",
    "cooperatives",
    "financing",
    "programs",
    "reports",
    "portal",
    # The retention sweep: reads and erases across the domain apps.
    "privacy",
    "core",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    "core.middleware.ReplicaStickinessMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kukm_portal.urls"
WSGI_APPLICATION = "kukm_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal_header",
            ],
        },
    },
]

# --- Data stores -----------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# An optional read replica for the reports and the dashboard (core/db_router.py).
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    _replica = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"] = {
        **_replica,
        # A replica host that does not answer costs 2 s, then reads go to default.
        "OPTIONS": {"connect_timeout": 2, **_replica.get("OPTIONS", {})},
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
REPORTS_READ_FROM_REPLICA = env.bool(
    "REPORTS_READ_FROM_REPLICA", default=bool(DATABASE_REPLICA_URL)
)
# Read-your-own-writes: after a write, the same browser reads the primary this long.
REPLICA_STICKY_SECONDS = env.int("REPLICA_STICKY_SECONDS", default=10)
# A replica that did not answer is tried again after this long (reads use default).
REPLICA_RETRY_SECONDS = env.int("REPLICA_RETRY_SECONDS", default=5)
DATABASE_ROUTERS = ["core.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "kukm",
        "TIMEOUT": 300,
    }
}

# Accounts, sign-in, second factor and the security headers.
from .access import *  # noqa: E402, F403
from .access import NUM_PROXIES  # noqa: E402 -- named, for the API settings below
from .storage import media_storage  # noqa: E402

# --- Language and time -----------------------------------------------------------
LANGUAGE_CODE = env("LANGUAGE_CODE", default="id")
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Makassar")
USE_I18N = True
USE_TZ = True

# --- Static and media ------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded and generated files: MEDIA_ROOT unless MEDIA_STORAGE_URL names an
# S3-compatible bucket (the URL's form: settings/storage.py, README).
_media, _media_root = media_storage(env.str("MEDIA_STORAGE_URL", default=""))
MEDIA_ROOT = _media_root or MEDIA_ROOT
STORAGES = {
    "default": _media,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Email -----------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Portal KUKM Kaltim <noreply@kukm.kaltimprov.go.id>"
)
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")


# --- WhatsApp and SMS (notifications/channels) -------------------------------------
# One URL per channel, like EMAIL_URL; an empty one leaves the channel out.
#   WHATSAPP_URL  whatsapp+https://<token>@graph.facebook.com/v21.0/<phone_number_id>
#   SMS_URL       sms+https://<token>@gateway.example.id/v1/messages
#   either        console:// (printed) or file:///path/to/folder (a JSON file each)
def _channel_url(name: str) -> dict | None:
    url = env.str(name, default="")
    if not url:
        return None
    parts = urlsplit(url)
    scheme = parts.scheme.split("+")[-1]
    if parts.scheme == "console":
        return {"backend": "console"}
    if parts.scheme == "file":
        return {"backend": "file", "path": unquote(parts.path)}
    if scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(f"{name}: console://, file:///… or …+https://…")
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    return {
        "backend": "http",
        "endpoint": f"{scheme}://{host}{parts.path}",
        "token": unquote(parts.password or parts.username or ""),
    }


WHATSAPP = _channel_url("WHATSAPP_URL")
SMS = _channel_url("SMS_URL")
# The approved template every WhatsApp message uses (body: title, text, link).
WHATSAPP_TEMPLATE = env("WHATSAPP_TEMPLATE", default="kukm_notifikasi")
# The approved authentication template the phone verification codes go in.
WHATSAPP_CODE_TEMPLATE = env("WHATSAPP_CODE_TEMPLATE", default="kukm_kode")
# Receipts: Meta signs its webhooks with the app secret (X-Hub-Signature-256) and
# checks the subscription with the verify token; the SMS gateway signs with its own.
WHATSAPP_APP_SECRET = env("WHATSAPP_APP_SECRET", default="")
WHATSAPP_VERIFY_TOKEN = env("WHATSAPP_VERIFY_TOKEN", default="")
SMS_WEBHOOK_SECRET = env("SMS_WEBHOOK_SECRET", default="")
# Whom people ask about their personal data (the privacy notice at /privasi/).
PRIVACY_CONTACT_EMAIL = env(
    "PRIVACY_CONTACT_EMAIL", default="pelindungan.data@kukm.kaltimprov.go.id"
)
# The agency's public contact, on the landing page (/): email, and a phone when set.
AGENCY_CONTACT_EMAIL = env(
    "AGENCY_CONTACT_EMAIL", default="layanan@kukm.kaltimprov.go.id"
)
AGENCY_CONTACT_PHONE = env("AGENCY_CONTACT_PHONE", default="")

# The families of precomputed figures (core.figures): name → its Family. The
# tables each family reads carry the triggers that advance its touch sequence, made
# with them (core.figure_triggers, in each app's migrations).
FIGURE_FAMILIES = {
    "registry": "cooperatives.selectors.figures.REGISTRY",
    "enterprises": "cooperatives.selectors.figures.ENTERPRISES",
    "financing": "reports.figures.FINANCING",
}

# --- Celery ----------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
# Above the longest task, so a long task is not redelivered while it still runs.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 60 * 60}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery's Django fixup closes the database connection after every task unless this
# is set (then it closes it every this many tasks), so each task paid for a new
# PostgreSQL backend: connecting, and its catalog caches filled again. Connections
# are kept instead as the web does (CONN_MAX_AGE, health checks: the task signals in
# kukm_portal/celery.py close an old or broken one).
CELERY_DB_REUSE_MAX = 1000
# Named queues, so reminders and reports get their own workers (docs/scaling.md):
# `celery worker -Q reminders`, `-Q reports`. A worker started without -Q consumes
# all three, as in development.
CELERY_TASK_DEFAULT_QUEUE = "celery"
# Each queue its own routing key: with the default key shared, a message sent to one
# queue would be delivered to all three.
CELERY_TASK_QUEUES = tuple(
    Queue(name, routing_key=name) for name in ("celery", "reminders", "reports")
)
CELERY_TASK_ROUTES = {
    # The sweep of lost report runs must not wait behind the reports it sweeps.
    "reports.tasks.report_run_sweep_task": {"queue": "celery"},
    "cooperatives.tasks.import_job_sweep_task": {"queue": "celery"},
    "reports.tasks.*": {"queue": "reports"},
    "*.tasks.*remind*": {"queue": "reminders"},
    "financing.tasks.loan_arrears_escalate_task": {"queue": "reminders"},
}

# --- REST API --------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.IsApiClient"],
    "DEFAULT_FILTER_BACKENDS": [
        "api.filters.FilterBackend",
        "api.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiPagination",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiClientThrottle"],
    # Our throttles read core.client_address; this keeps DRF's own in step.
    "NUM_PROXIES": NUM_PROXIES,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
    "DATE_FORMAT": "iso-8601",
}
API_THROTTLE_RATE = env("API_THROTTLE_RATE", default="600/minute")
# Per user or token, for actions that cost a lot: imports (admin and portal),
# exports (admin and the API's CSV) and report requests (API and admin); see
# core.ratelimit and api.throttling.
ABUSE_LIMITS = {
    "import": env("IMPORT_RATE", default="20/hour"),
    "export": env("EXPORT_RATE", default="30/hour"),
    "report": env("REPORT_REQUEST_RATE", default="30/hour"),
    # Requests for access from the sign-in page, per client address.
    "access_request": env("ACCESS_REQUEST_RATE", default="5/hour"),
    # UMKM owners' sign-ups and their codes, per client address.
    "owner_signup": env("OWNER_SIGNUP_RATE", default="10/hour"),
    # The public pages that read the registry (directory, open data, certificate
    # check), per client address: enough for a person, not for a scraper.
    "public_page": env("PUBLIC_PAGE_RATE", default="120/minute"),
}
from .api_schema import SPECTACULAR_SETTINGS  # noqa: E402, F401

# --- Reports ----------------------------------------------------------------------
# A run still queued, or still running, after this many minutes lost its task and is
# failed by the sweep (reports.tasks.report_run_sweep_task, every 15 minutes). The
# running limit stays above the report task's hard time limit (25 minutes).
REPORT_RUN_QUEUED_TIMEOUT_MINUTES = env.int(
    "REPORT_RUN_QUEUED_TIMEOUT_MINUTES", default=30
)
REPORT_RUN_RUNNING_TIMEOUT_MINUTES = env.int(
    "REPORT_RUN_RUNNING_TIMEOUT_MINUTES", default=60
)

# --- Registry imports -------------------------------------------------------------
# An import job still queued, or still running, after this many minutes lost its task
# and is failed by the sweep (cooperatives.tasks.import_job_sweep_task, every 15
# minutes), its upload deleted. Queued jobs may wait behind an hour-long import; the
# running limit stays above the import task's hard time limit (60 minutes).
IMPORT_JOB_QUEUED_TIMEOUT_MINUTES = env.int(
    "IMPORT_JOB_QUEUED_TIMEOUT_MINUTES", default=120
)
IMPORT_JOB_RUNNING_TIMEOUT_MINUTES = env.int(
    "IMPORT_JOB_RUNNING_TIMEOUT_MINUTES", default=90
)
# A file at least this large, loaded into a table smaller than itself, writes that
# table without its secondary indexes and builds them at the end (a first load:
# cooperatives/services/imports/indexes.py). Below it, building ~40 indexes costs
# more than keeping them up to date.
IMPORT_INDEX_DROP_MIN_BYTES = env.int(
    "IMPORT_INDEX_DROP_MIN_BYTES", default=4 * 1024 * 1024
)
# A first load of enterprises from a CSV reads the file a block of rows at a time
# (pyarrow: cooperatives/services/imports/columnar.py), each row's checks done for
# the whole block; off, every row takes the row-at-a-time path (the same results).
IMPORT_COLUMNAR = env.bool("IMPORT_COLUMNAR", default=True)

# --- Financing ---------------------------------------------------------------------
# The training eligibility rule asks the programs app (financing does not import it).
FINANCING_TRAINING_CHECK = "programs.selectors.officer_completed_training"
# Four eyes: whoever approved an application may not disburse it. A one-person
# office may relax that; each loan disbursed so records it (Loan.approver_disbursed).
FINANCING_ALLOW_SAME_APPROVER_DISBURSER = env.bool(
    "FINANCING_ALLOW_SAME_APPROVER_DISBURSER", default=False
)

# --- Personal data ---------------------------------------------------------------
# A person's NIK is stored AES-GCM encrypted with the first of these keys (any of
# them decrypts: list a new key first to rotate) and looked up by an HMAC with
# NIK_HMAC_KEY. 32 random bytes each, URL-safe base64. production.py requires them.
NIK_ENCRYPTION_KEYS = env.list("NIK_ENCRYPTION_KEY", default=[])
NIK_HMAC_KEY = env("NIK_HMAC_KEY", default="")
# Backups (core.backup) are encrypted and authenticated with this key, same
# format; `backup` and `restore` refuse to run without it. Keep it apart from the
# database and from the backups themselves.
BACKUP_ENCRYPTION_KEY = env("BACKUP_ENCRYPTION_KEY", default="")

# --- Logging ---------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every record passes the NIK mask before it is written anywhere.
    "filters": {"mask_nik": {"()": "core.logging.MaskNikFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_nik"]}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# --- Domain settings -------------------------------------------------------------
# The RAT report for fiscal year X is due by this day of year X+1 (month, day).
RAT_REPORT_DUE = (6, 30)
# A submitted RAT report is verified within this many working days (Monday to Friday).
RAT_VERIFICATION_SLA_WORKING_DAYS = env.int(
    "RAT_VERIFICATION_SLA_WORKING_DAYS", default=10
)
