"""Django settings: the one place the environment is read, with safe defaults.

Every environment variable is read through :func:`_env` (and the helpers on it, which fail
loudly on a malformed value) so that :data:`ENVIRONMENT` names them all;
``docs/configuration.md`` documents each, with the followline settings below, and a test
fails when one is missing there. The rest of the code reads ``django.conf.settings``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

import dj_database_url


class Environment:
    """Reads environment variables and remembers which (see the module docstring); a value
    that does not parse stops the start with the variable's name."""

    def __init__(self, source: Mapping[str, str]) -> None:
        self.source = source
        self.names: set[str] = set()

    def text(self, name: str, default: str) -> str:
        self.names.add(name)
        return self.source.get(name, default)

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.text(name, "1" if default else "0").strip().lower()
        if value not in {"1", "true", "yes", "on", "0", "false", "no", "off", ""}:
            raise ValueError(f"{name}={value!r}: use 1/true/yes/on or 0/false/no/off")
        return value in {"1", "true", "yes", "on"}

    def integer(self, name: str, default: int) -> int:
        value = self.text(name, str(default)).strip()
        try:
            return int(value)
        except ValueError:
            raise ValueError(f"{name}={value!r}: not a whole number") from None

    def items(self, name: str, default: str) -> list[str]:
        """A comma-separated list."""
        return [item.strip() for item in self.text(name, default).split(",") if item.strip()]


ENVIRONMENT = Environment(os.environ)
_env, _flag, _int, _list = (
    ENVIRONMENT.text,
    ENVIRONMENT.flag,
    ENVIRONMENT.integer,
    ENVIRONMENT.items,
)

DATA_DIR = Path(_env("FOLLOWLINE_DATA_DIR", "data")).resolve()


def _secret_key() -> str:
    if key := _env("SECRET_KEY", ""):
        return key
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _flag("DEBUG")
ALLOWED_HOSTS = _list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "followline.web.core",
    "followline.web.oauth",
    "followline.web.notices",
    "followline.web.accounts",
    "followline.web.applications",
    "followline.web.employers",
    "followline.web.public",
    "followline.web.outbox",
    "followline.web.mailsync",
    "followline.web.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "followline.web.core.middleware.SecureHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "followline.web.core.middleware.ViewerZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "followline.web.urls"
WSGI_APPLICATION = "followline.web.wsgi.application"

# Form widgets render with Jinja2 (Django's own widget templates, the same HTML): twice as
# fast as with Django templates, and the page forms render on every page that logs. A select
# writes its options in one pass (web/core/widget_renderer.py; the same HTML again).
FORM_RENDERER = "followline.web.core.widget_renderer.WidgetRenderer"

# The pages are Jinja2 (each app's jinja2/ folder; why: web/core/jinja.py); Django's engine
# renders the plain-text mails in templates/.
_CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "followline.web.notices.context_processors.notices",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "followline.web.core.jinja.environment",
            "context_processors": [*_CONTEXT_PROCESSORS, "followline.web.core.jinja.csrf_once"],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": _CONTEXT_PROCESSORS},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        _env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'followline.sqlite3'}"), conn_max_age=60
    )
}
# Test runs may name their test database (./test does, so that two runs sharing one
# PostgreSQL server do not collide on test_<name>).
if test_db := _env("FOLLOWLINE_TEST_DATABASE_NAME", ""):
    DATABASES["default"]["TEST"] = {"NAME": test_db}
# SQLite: writers take the lock when they begin (IMMEDIATE) and wait up to 20 s for it
# (several server processes, the worker); the write-ahead log lets readers read while one
# writes, and with it synchronous=NORMAL makes a commit one write, not a wait for the disk
# (a process killed mid-load loses nothing it acknowledged; only a power cut can undo the
# last commits, never corrupt the file: https://sqlite.org/wal.html#performance).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# PostgreSQL: parameters are sent apart from the query (server-side binding), so psycopg can
# prepare a query the second time a connection runs it; PostgreSQL then neither parses nor
# plans it again. Planning was most of the database server's CPU a request (2.5 -> 1.3 ms:
# bench/README.md, "Load"). 0 turns it off (for a pooler that cannot keep prepared
# statements).
_prepare_after = _int("FOLLOWLINE_POSTGRES_PREPARE_AFTER", 2)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and _prepare_after > 0:
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": _prepare_after}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# `followline serve` collects the static files here first (collectstatic): each is stored
# under a name with its hash (app.3f2a1c9e0b7d.css) and compressed (gzip), and WhiteNoise
# serves those with a year-long immutable cache. Running the WSGI app another way: run
# `followline manage collectstatic --noinput` first.
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "uploads"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG  # while developing, straight from the app folders too
WHITENOISE_AUTOREFRESH = DEBUG

TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

EMAIL_HOST = _env("EMAIL_HOST", "")
EMAIL_PORT = _int("EMAIL_PORT", 25)
EMAIL_HOST_USER = _env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _flag("EMAIL_USE_TLS")
EMAIL_TIMEOUT = _int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = _env("DEFAULT_FROM_EMAIL", "followline@localhost")
# Until an SMTP server is configured (EMAIL_HOST or EMAIL_BACKEND), mail is written as files
# into the data directory: a fresh `./serve --demo` sends nothing anywhere and loses nothing.
EMAIL_BACKEND = _env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_HOST = EMAIL_HOST or "127.0.0.1"
EMAIL_FILE_PATH = DATA_DIR / "outgoing-mail"

# One cache the server processes and the worker share: files in the data directory (no
# cache server to run). Sessions are read from it (cached_db: written to the database too,
# so a lost cache logs nobody out), which spares every signed-in request a query; the rate
# limits (web/core/ratelimit.py) count across processes in it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = _flag("SECURE_COOKIES")
CSRF_COOKIE_SECURE = _flag("SECURE_COOKIES")

# Accounts: argon2 hashing (above); log-in attempts limited by django-axes, which counts
# failures per username and address in the database (so it holds across worker processes).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, the signed-in user read from the shared cache (its docstring)
    "followline.web.accounts.backends.CachedModelBackend",
]
AXES_FAILURE_LIMIT = _int("FOLLOWLINE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours: a locked-out username and address may try again after 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "landing"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": _int("FOLLOWLINE_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Content-Security-Policy (django-csp): nothing from other origins, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = _int("SECURE_HSTS_SECONDS", 0)
CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS", "")

# A request that fails (500) leaves its traceback on the server's standard error (Django
# alone would mail it to ADMINS, of which there are none): `followline serve`'s output.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False}},
}

# --- followline's own settings (each documented in docs/configuration.md) ------------------

# Users' own mail servers (netguard): public addresses and mail ports only, unless local mail
# servers are allowed (tests, demo); a few checks at a time, each with a short time-out.
FOLLOWLINE_MAIL_ALLOW_LOCAL = _flag("FOLLOWLINE_MAIL_ALLOW_LOCAL")
# serve tells its processes their thread count: checks always leave one thread free for pages
FOLLOWLINE_SERVER_THREADS = _int("FOLLOWLINE_SERVER_THREADS", 8)
FOLLOWLINE_MAIL_CHECKS = max(
    1, min(_int("FOLLOWLINE_MAIL_CHECKS", 2), FOLLOWLINE_SERVER_THREADS - 1)
)
FOLLOWLINE_MAIL_CHECK_TIMEOUT = _int("FOLLOWLINE_MAIL_CHECK_TIMEOUT", 10)

# Imports (employers/import_guard.py): upload size, messages and seconds per job.
FOLLOWLINE_IMPORT_MAX_BYTES = _int("FOLLOWLINE_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
FOLLOWLINE_IMPORT_MAX_MESSAGES = _int("FOLLOWLINE_IMPORT_MAX_MESSAGES", 100_000)
FOLLOWLINE_IMPORT_MAX_SECONDS = _int("FOLLOWLINE_IMPORT_MAX_SECONDS", 1800)
# A résumé kept with an application (applications/resumes.py): the largest file taken.
FOLLOWLINE_RESUME_MAX_BYTES = _int("FOLLOWLINE_RESUME_MAX_BYTES", 5 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "followline.web.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Rate limits (web/core/ratelimit.py): {"signup": (attempts, seconds), ...} overrides.
FOLLOWLINE_RATE_LIMITS: dict[str, tuple[int, int]] = {}

# The public address used in links sent by mail (status pages, password reset).
FOLLOWLINE_BASE_URL = _env("FOLLOWLINE_BASE_URL", "http://127.0.0.1:8000")
# Fernet keys that encrypt stored mailbox passwords, newest first (else derived from
# SECRET_KEY): see followline.web.core.credentials.
FOLLOWLINE_CREDENTIALS_KEY = _list("FOLLOWLINE_CREDENTIALS_KEY", "")
# OAuth2 mailboxes (web/oauth/providers.py; docs/oauth-setup.md): the site's client id and
# secret per provider. A provider without a client id is not offered. "other" is one
# operator-defined provider (a self-hosted server): its endpoints, scopes and mail servers.
FOLLOWLINE_OAUTH_PROVIDERS: dict[str, dict] = {
    "google": {
        "client_id": _env("FOLLOWLINE_OAUTH_GOOGLE_CLIENT_ID", ""),
        "client_secret": _env("FOLLOWLINE_OAUTH_GOOGLE_CLIENT_SECRET", ""),
    },
    "microsoft": {
        "client_id": _env("FOLLOWLINE_OAUTH_MICROSOFT_CLIENT_ID", ""),
        "client_secret": _env("FOLLOWLINE_OAUTH_MICROSOFT_CLIENT_SECRET", ""),
        "tenant": _env("FOLLOWLINE_OAUTH_MICROSOFT_TENANT", "common"),
    },
    "other": {
        "name": _env("FOLLOWLINE_OAUTH_OTHER_NAME", ""),
        "client_id": _env("FOLLOWLINE_OAUTH_OTHER_CLIENT_ID", ""),
        "client_secret": _env("FOLLOWLINE_OAUTH_OTHER_CLIENT_SECRET", ""),
        "authorize_url": _env("FOLLOWLINE_OAUTH_OTHER_AUTHORIZE_URL", ""),
        "token_url": _env("FOLLOWLINE_OAUTH_OTHER_TOKEN_URL", ""),
        "revoke_url": _env("FOLLOWLINE_OAUTH_OTHER_REVOKE_URL", ""),
        "userinfo_url": _env("FOLLOWLINE_OAUTH_OTHER_USERINFO_URL", ""),
        "jwks_url": _env("FOLLOWLINE_OAUTH_OTHER_JWKS_URL", ""),
        "scopes": _env("FOLLOWLINE_OAUTH_OTHER_SCOPES", ""),
        "mail_scopes": _env("FOLLOWLINE_OAUTH_OTHER_MAIL_SCOPES", ""),
        "imap_host": _env("FOLLOWLINE_OAUTH_OTHER_IMAP_HOST", ""),
        "imap_port": _int("FOLLOWLINE_OAUTH_OTHER_IMAP_PORT", 993),
        "imap_ssl": _flag("FOLLOWLINE_OAUTH_OTHER_IMAP_SSL", True),
        "smtp_host": _env("FOLLOWLINE_OAUTH_OTHER_SMTP_HOST", ""),
        "smtp_port": _int("FOLLOWLINE_OAUTH_OTHER_SMTP_PORT", 587),
        "smtp_security": _env("FOLLOWLINE_OAUTH_OTHER_SMTP_SECURITY", "starttls"),
        "revoke_help": _env("FOLLOWLINE_OAUTH_OTHER_REVOKE_HELP", ""),
    },
}
# Seconds before an access token expires when it is renewed ahead of use.
FOLLOWLINE_OAUTH_REFRESH_MARGIN = _int("FOLLOWLINE_OAUTH_REFRESH_MARGIN", 300)
# How far back the first sync of a mailbox (or one after UIDVALIDITY changed) reads.
FOLLOWLINE_MAILSYNC_FIRST_DAYS = 30
# Seconds between runs of each worker job (see followline.web.outbox.worker).
FOLLOWLINE_JOB_INTERVALS: dict[str, float] = {}
# The outbox: a claim's lease, attempts before "failed", the retry backoff and its cap.
OUTBOX_LEASE_SECONDS = 300
OUTBOX_MAX_ATTEMPTS = 8
OUTBOX_BACKOFF_SECONDS = 30
OUTBOX_BACKOFF_CAP_SECONDS = 3600
# The domain of the Message-IDs the outbox makes (default: DEFAULT_FROM_EMAIL's).
OUTBOX_MESSAGE_ID_DOMAIN = ""
