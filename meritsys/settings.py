"""Merit's one settings module. Everything that differs between machines comes from the
environment; a fresh clone runs with none of it set (SQLite, DEBUG on)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def started_by_a_developer() -> bool:
    """Whether this process is a developer's: a manage.py command (runserver, demo, test,
    migrate), pytest, mypy's Django plugin, or a process they started (worker processes of a
    scorecard ZIP inherit MERIT_DEVELOPER_PROCESS). A WSGI/ASGI server (gunicorn, uwsgi,
    mod_wsgi) imports the settings from its own program, so a server started with no
    configuration is not one."""
    if os.environ.get("MERIT_DEVELOPER_PROCESS") == "1":
        return True
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    tools = ("pytest", "mypy")
    return program in {"manage.py", "django-admin"} or any(t in sys.modules for t in tools)


# Published in this file: never a secret. meritsys/wsgi.py and asgi.py refuse to serve with it.
DEVELOPMENT_SECRET_KEY = "merit-development-only-not-a-secret-" + "x" * 32  # noqa: S105

# On by default only for a developer (the README's `manage.py demo` and `runserver` need no
# configuration); a server started with nothing set runs with DEBUG off and needs SECRET_KEY.
DEVELOPER_PROCESS = started_by_a_developer()
if DEVELOPER_PROCESS:
    os.environ["MERIT_DEVELOPER_PROCESS"] = "1"  # child processes decide the same way
DEBUG = env_bool("DEBUG", DEVELOPER_PROCESS)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only for a developer's machine: DEBUG on means this instance is not public.
    SECRET_KEY = DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "core",
    "agencies",
    "employees",
    "notifications",
    "assessment",
    "talent",
    # Background tasks (imports, scorecard ZIPs): the backend is chosen by TASKS below.
    "django_tasks",
    "django_tasks_db",
    # Hardening: two-step login (TOTP), Content-Security-Policy. The login throttle is
    # agencies.throttle.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "survey",
    "meritsys",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "meritsys.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Signed-in pages and downloads carry personal data: no browser or proxy keeps a copy.
    "meritsys.middleware.NoStoreForSignedInMiddleware",
    # Adds request.user.is_verified() (two-step login); needs the authenticated user.
    "django_otp.middleware.OTPMiddleware",
    # Refuses an oversized request body from its Content-Length before it is read
    # (UPLOAD_MAX_REQUEST_BYTES below). After authentication so the 413 page shows the
    # user's menu; CSRF reads the body only later, in its process_view.
    "meritsys.uploads.UploadSizeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Superadmins and reviewers must turn on two-step login (REQUIRE_TWO_STEP_LOGIN); after
    # OTPMiddleware (is_verified) and the messages (it explains the redirect).
    "agencies.middleware.TwoStepRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Sends the Content-Security-Policy header (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "meritsys.urls"
WSGI_APPLICATION = "meritsys.wsgi.application"

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
                "agencies.permissions.context",
                "notifications.context.unread",
            ],
            # One number and date format everywhere: {{ x|number }}, {{ t|moment }}...
            "builtins": ["core.templatetags.formatting"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several request threads (the live test server, runserver) share one file: wait for a
    # lock instead of failing at once, and let readers work while one writer writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "agencies.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as "30 Nov 2026 15:30" in both languages (core/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["core.formats"]
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES: dict[str, dict[str, Any]] = {
    # Uploads (evidence, import files) are private: MEDIA_URL is never routed, files are
    # served only through views that check the user's agency.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media-is-private/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Uploads hold personal data: readable by the app's account and its group (a backup user),
# never by other accounts on the host.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_TAGS = {40: "danger"}

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Behind HTTPS in production; each can be turned off for a plain-HTTP intranet test box.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = ["security.W021"] if not SECURE_HSTS_PRELOAD else []

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Notification emails (notifications app): SMTP when EMAIL_HOST is set, else printed to the
# console; EMAIL_BACKEND overrides either (e.g. django.core.mail.backends.locmem.EmailBackend).
if os.environ.get("EMAIL_HOST"):
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
if os.environ.get("EMAIL_BACKEND"):
    EMAIL_BACKEND = os.environ["EMAIL_BACKEND"]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "merit@localhost")
# SITE_URL (the address in emails' links and on printed documents) is set further down.

# --- employees app: spreadsheet imports and the background task runner ---------------------
# django-tasks runs long imports. With no setting the "immediate" backend runs them inside
# the request (zero extra services); TASKS_BACKEND=database queues them in the database for a
# separate `manage.py db_worker` process (production).
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_task_backend = os.environ.get("TASKS_BACKEND", "immediate").strip().lower()
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be immediate or database, not {_task_backend!r}"
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend]}}
# Upload limits for spreadsheet imports, with clear messages when exceeded.
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 25 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000)
# An .xlsx is refused before it is read when its first sheet declares or holds more rows,
# columns or cells than these, or unpacks to more bytes or at a higher ratio (zip bomb): the
# reader would otherwise try to hold the whole grid and abort the worker process.
IMPORT_SHEET_MAX_ROWS = env_int("IMPORT_SHEET_MAX_ROWS", IMPORT_MAX_ROWS + 1_000)
IMPORT_SHEET_MAX_COLUMNS = env_int("IMPORT_SHEET_MAX_COLUMNS", 256)
IMPORT_SHEET_MAX_CELLS = env_int("IMPORT_SHEET_MAX_CELLS", 20_000_000)
IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES = env_int("IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES", 1 << 30)
IMPORT_XLSX_MAX_RATIO = env_int("IMPORT_XLSX_MAX_RATIO", 200)
# An .xlsx of at least this many bytes is read by a second (forked) process while the import
# checks its rows (employees/importing/read_ahead.py): two cores instead of one. -1: never.
IMPORT_READ_AHEAD_MIN_BYTES = env_int("IMPORT_READ_AHEAD_MIN_BYTES", 1024 * 1024)
# An import whose worker has not reported for this many seconds is treated as dead (retryable).
IMPORT_STALE_SECONDS = env_int("IMPORT_STALE_SECONDS", 600)
# `manage.py bersihkan` deletes an uploaded spreadsheet this many days after its upload (the
# batch's counts, errors and changes stay; only the file goes).
IMPORT_FILE_KEEP_DAYS = env_int("IMPORT_FILE_KEEP_DAYS", 30)
# Plausibility checks of the employee import: they warn, never block. Provisional figures
# (the preview says so): BUP by job type or functional level (UU 20/2023 and its rules),
# the lowest golongan expected of a JPT, the youngest age at TMT CPNS.
IMPORT_PLAUSIBILITY = {
    "bup": {
        "": 58,
        "jpt_utama": 60,
        "jpt_madya": 60,
        "jpt_pratama": 60,
        "ahli_madya": 60,
        "ahli_utama": 65,
    },
    "jpt_golongan_minimal": "IV/a",
    "usia_cpns_minimal": 18,
}
# The data-quality page (employees.quality): provisional figures, shown as such. A CPNS
# becomes PNS after the probation year; still CPNS this many years after TMT CPNS is stale.
DATA_QUALITY = {"cpns_tahun_maksimal": 2}

# --- assessment app: evidence uploads ------------------------------------------------------
# Largest evidence file accepted (bytes); larger ones are refused with a clear message.
ASSESSMENT_EVIDENCE_MAX_BYTES = env_int("ASSESSMENT_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
# A file the operator removed from an indicator stays stored this many days (a mistake can
# still be looked into), then `manage.py bersihkan` deletes it; the record of who removed
# what and when stays.
ASSESSMENT_EVIDENCE_REMOVED_KEEP_DAYS = env_int("ASSESSMENT_EVIDENCE_REMOVED_KEEP_DAYS", 30)
# Library documents whose "berlaku sampai" falls within this many days are listed as
# expiring (library page, new assessment page).
ASSESSMENT_EVIDENCE_EXPIRY_WARNING_DAYS = env_int("ASSESSMENT_EVIDENCE_EXPIRY_WARNING_DAYS", 60)
# Any request body larger than this is refused from its Content-Length before it is read
# (meritsys/uploads.py): the largest upload limit plus 1 MiB for the form's other fields.
UPLOAD_MAX_REQUEST_BYTES = env_int(
    "UPLOAD_MAX_REQUEST_BYTES",
    max(IMPORT_MAX_UPLOAD_BYTES, ASSESSMENT_EVIDENCE_MAX_BYTES) + 1024 * 1024,
)

# --- hardening (issue 7): login throttle, two-step login, CSP, storage, logs ---------------
# The apps and middleware (OTP, CSP) are in INSTALLED_APPS and MIDDLEWARE above.
# Django's ModelBackend that first refuses held accounts and addresses.
AUTHENTICATION_BACKENDS = ["agencies.auth.ThrottledBackend"]
# Failed logins (agencies.throttle) are counted for an account from one address and, much
# more generously, for the address alone (a whole office behind one NAT address shares it).
# Reaching a limit holds further attempts for LOGIN_COOLOFF_MINUTES, doubled by every further
# failure up to LOGIN_COOLOFF_MAX_MINUTES; a success clears only that account's count from
# that address; counts are forgotten after LOGIN_FAILURE_WINDOW_HOURS without a failure.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 100)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 1)
LOGIN_COOLOFF_MAX_MINUTES = env_int("LOGIN_COOLOFF_MAX_MINUTES", 60)
LOGIN_FAILURE_WINDOW_HOURS = env_int("LOGIN_FAILURE_WINDOW_HOURS", 24)
# The client's address: REMOTE_ADDR, unless BEHIND_PROXY says our load balancer appends the
# real one to X-Forwarded-For (PROXY_COUNT proxies of ours; the rest of the header is the
# client's word). Otherwise anyone could send a fresh address with every guess.
PROXY_COUNT = env_int("PROXY_COUNT", 1) if env_bool("BEHIND_PROXY", False) else 0
OTP_TOTP_ISSUER = "Merit"
# Superadmins and reviewers (who change what many agencies see) must use two-step login. On
# by default in production (DEBUG off); off on a developer's machine and in the demo, whose
# printed accounts should open without an authenticator app.
REQUIRE_TWO_STEP_LOGIN = env_bool("REQUIRE_TWO_STEP_LOGIN", not DEBUG)

# Content-Security-Policy: scripts only from our own origin (no inline <script>, no on*=
# handlers). style-src allows 'unsafe-inline' because Bootstrap components and htmx set
# style attributes at run time (progress bars, collapse heights, htmx's indicator style);
# inline styles cannot run code, so the script protection is untouched.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- assessment app: reports (scorecard PDF, reviewer dashboard) ---------------------------
# WeasyPrint logs every rendering step at INFO; keep its warnings only.
LOGGING["loggers"]["weasyprint"] = {"level": "WARNING"}
LOGGING["loggers"]["fontTools"] = {"level": "WARNING"}
# django-tasks logs every task's start and end at INFO (dozens of lines during `manage.py demo`);
# failures come at ERROR. TASKS_LOG_LEVEL=INFO brings the step-by-step lines back.
LOGGING["loggers"]["django_tasks"] = {"level": os.environ.get("TASKS_LOG_LEVEL", "WARNING")}

# Shared media for several app servers: STORAGE_BACKEND=s3 puts uploads in an S3-compatible
# bucket (AWS, MinIO, Ceph, a cloud's object storage) through django-storages (install
# `.[s3]`). Files stay private: no public ACL, downloads still go through Merit's checked
# views. Default: the local MEDIA_ROOT folder (one server, or a shared NFS mount).
_storage_backend = os.environ.get("STORAGE_BACKEND", "filesystem").strip().lower()
if _storage_backend == "s3":
    if not os.environ.get("S3_BUCKET"):
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs S3_BUCKET.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            # Empty keys let boto3 use the machine's role / instance profile.
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("S3_PREFIX", "media"),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 300,
        },
    }
elif _storage_backend != "filesystem":
    raise ImproperlyConfigured(
        f"STORAGE_BACKEND must be filesystem or s3, not {_storage_backend!r}"
    )

# Structured logs: LOG_FORMAT=json writes one JSON object per line (python-json-logger) for
# a log collector; the default stays human-readable.
_log_format = os.environ.get("LOG_FORMAT", "plain").strip().lower()
if _log_format == "json":
    LOGGING["formatters"]["json"] = {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
        "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
    }
    LOGGING["handlers"]["console"]["formatter"] = "json"
elif _log_format != "plain":
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {_log_format!r}")

# Read replica for heavy reports (optional): DATABASE_REPLICA_URL adds a "replica" alias;
# nothing routes to it automatically, a report opts in with .using("replica").
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
# Merit's public address, e.g. https://merit.example.go.id: emails' links and printed documents
# (the scorecard's verification link and QR code) need an absolute URL that works from paper.
# Set it in production; unset, they print http://localhost:8000 (a developer's machine).
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/") or "http://localhost:8000"
if not SITE_URL.startswith(("http://", "https://")) or " " in SITE_URL:
    raise ImproperlyConfigured(
        f"SITE_URL must be an address such as https://merit.example.go.id, not {SITE_URL!r}"
    )
# Scorecard and other PDF downloads per user per minute, and at most one PDF render of a
# user's at a time: a burst of clicks cannot tie up the workers (answered 429).
PDF_REQUESTS_PER_USER_PER_MINUTE = env_int("PDF_REQUESTS_PER_USER_PER_MINUTE", 20)
# The public verification page: code lookups accepted from one address per hour (counted
# in the cache under a keyed hash of the address); enough for an office checking documents,
# too few to walk the space of codes.
VERIFY_LOOKUPS_PER_ADDRESS_PER_HOUR = env_int("VERIFY_LOOKUPS_PER_ADDRESS_PER_HOUR", 60)
# A ZIP of draft scorecards renders them in this many processes side by side (1: in the
# task's own process), each taking at least REPORT_DOCUMENTS_PER_WORKER of them.
REPORT_WORKERS = env_int("REPORT_WORKERS", min(2, os.cpu_count() or 1))
REPORT_DOCUMENTS_PER_WORKER = env_int("REPORT_DOCUMENTS_PER_WORKER", 4)
# A ZIP of scorecards is a copy: `manage.py bersihkan` deletes it this many hours after it
# was built (each scorecard stays downloadable on its own).
SCORECARD_BUNDLE_KEEP_HOURS = env_int("SCORECARD_BUNDLE_KEEP_HOURS", 24)
# A ZIP whose worker has not reported for this many seconds is failed (it can be retried).
SCORECARD_BUNDLE_STALE_SECONDS = env_int("SCORECARD_BUNDLE_STALE_SECONDS", 600)
# A stored file that no record points to (an upload whose transaction rolled back) is
# deleted by `manage.py bersihkan` once it is this many hours old.
ORPHAN_FILE_GRACE_HOURS = env_int("ORPHAN_FILE_GRACE_HOURS", 24)

# --- survey app: the staff survey's public answer page ----------------------------------
# Answers accepted from one address per hour (counted in the cache under a keyed hash of the
# address, never stored). A whole office behind one NAT address shares it: keep it generous.
SURVEY_ANSWERS_PER_ADDRESS_PER_HOUR = env_int("SURVEY_ANSWERS_PER_ADDRESS_PER_HOUR", 60)
# The address staff open for the survey link and QR poster, e.g. https://merit.example.go.id
# (empty: the address the admin is using).
SURVEY_PUBLIC_URL = os.environ.get("SURVEY_PUBLIC_URL", "")
