"""Django settings of the loopback OAuth2 provider (a test peer, never followline's).

Everything it keeps lives in ``FOLLOWLINE_OAUTH_PROVIDER_DIR``: its SQLite database, its
Django secret, the RSA key that signs OpenID Connect ID tokens, and knobs.json. The test
process reaches its control API (tests/oauth_provider/control.py) with the secret in
``FOLLOWLINE_OAUTH_PROVIDER_CONTROL_SECRET``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.oauth_provider import knobs
from tests.oauth_provider.scopes import SCOPES

HERE = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ["FOLLOWLINE_OAUTH_PROVIDER_DIR"])
CONTROL_SECRET = os.environ["FOLLOWLINE_OAUTH_PROVIDER_CONTROL_SECRET"]


def _kept(name: str, make) -> str:
    """A value made once and kept in the data folder (so a restart keeps it)."""
    path = DATA_DIR / name
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text()


def _rsa_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


SECRET_KEY = _kept("secret_key", lambda: secrets.token_urlsafe(50))
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "tests.oauth_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "provider.sqlite3",
        # writers wait for each other instead of failing with "database is locked"
        "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
# A test peer: fast hashing for its users' passwords and its clients' secrets (every
# introspection authenticates the resource server's client).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The site under test runs on another port of the same host, and browsers share cookies
# between ports: the provider's cookies must not overwrite the site's.
SESSION_COOKIE_NAME = "oauthprovider_sessionid"
CSRF_COOKIE_NAME = "oauthprovider_csrftoken"
LOGIN_URL = "/accounts/login/"

OAUTH2_PROVIDER = {
    "SCOPES": SCOPES,
    # A client that asks for no scope gets only the user's e-mail address, never mail.
    "DEFAULT_SCOPES": ["email"],
    "PKCE_REQUIRED": True,
    "ACCESS_TOKEN_EXPIRE_SECONDS": knobs.access_token_lifetime,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
    "ROTATE_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_GRACE_PERIOD_SECONDS": 0,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
    "OIDC_ENABLED": True,
    "OIDC_ISS_ENDPOINT": os.environ.get("FOLLOWLINE_OAUTH_PROVIDER_ISSUER", ""),
    "OIDC_RSA_PRIVATE_KEY": _kept("oidc.key", _rsa_key),
    "OAUTH2_VALIDATOR_CLASS": "tests.oauth_provider.validators.MailValidator",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
