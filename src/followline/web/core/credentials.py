"""Credentials encrypted at rest with Fernet (AES-128-CBC + HMAC-SHA256, from cryptography).

Keys: the setting ``FOLLOWLINE_CREDENTIALS_KEY`` (from the environment variable of that name:
one or more comma-separated Fernet keys, newest first; make one with
``python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"``);
without it, a key derived from ``SECRET_KEY`` with HKDF-SHA256. Rotating: put the new key
first; old ciphertexts still decrypt, and :func:`reencrypt` rewrites them with the new key.
Changing SECRET_KEY without a dedicated key makes stored passwords unreadable: the user must
enter them again.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

__all__ = ["InvalidToken", "decrypt", "encrypt", "reencrypt"]


def _derived_key(secret: str) -> bytes:
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"followline-credentials",
        info=b"mailsync-password",
    )
    return base64.urlsafe_b64encode(hkdf.derive(secret.encode()))


def _fernet() -> MultiFernet:
    keys = [Fernet(k) for k in settings.FOLLOWLINE_CREDENTIALS_KEY] + [
        Fernet(_derived_key(settings.SECRET_KEY))
    ]
    return MultiFernet(keys)


def encrypt(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    """The plain text; raises :class:`InvalidToken` when no configured key opens it."""
    return _fernet().decrypt(token.encode()).decode()


def reencrypt(token: str) -> str:
    return _fernet().rotate(token.encode()).decode()
