"""Django settings, all from the environment with safe defaults.

FOLLOWLINE_DATA_DIR   where SQLite, the generated secret key and uploads live (default ./data)
DATABASE_URL          e.g. postgres://user:pass@127.0.0.1:5432/followline; default SQLite
SECRET_KEY            default: generated once and kept in the data directory
DEBUG                 "1"/"true" to enable; default off
ALLOWED_HOSTS         comma-separated; default 127.0.0.1,localhost
EMAIL_URL-ish settings: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
                      EMAIL_USE_TLS, DEFAULT_FROM_EMAIL
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("FOLLOWLINE_DATA_DIR", "data")).resolve()


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _flag("DEBUG")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

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
    "followline.web.accounts",
    "followline.web.candidates",
    "followline.web.employers",
    "followline.web.public",
    "followline.web.outbox",
    "followline.web.mailsync",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "followline.web.core.middleware.SecureHeadersMiddleware",
    "followline.web.core.middleware.ViewerZoneMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "followline.web.urls"
WSGI_APPLICATION = "followline.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'followline.sqlite3'}", conn_max_age=60
    )
}
# Test runs may name their test database (./test does, so that two runs sharing one
# PostgreSQL server do not collide on test_<name>).
if test_db := os.environ.get("FOLLOWLINE_TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": test_db}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
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

EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _flag("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "followline@localhost")
# Until an SMTP server is configured (EMAIL_HOST or EMAIL_BACKEND), mail is written as files
# into the data directory: a fresh `./serve --demo` sends nothing anywhere and loses nothing.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if "EMAIL_HOST" in os.environ
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = DATA_DIR / "outgoing-mail"

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
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("FOLLOWLINE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours: a locked-out username and address may try again after 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "landing"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

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
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# The public address used in links sent by mail (status pages, password reset).
FOLLOWLINE_BASE_URL = os.environ.get("FOLLOWLINE_BASE_URL", "http://127.0.0.1:8000")
