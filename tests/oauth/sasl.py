"""The client side of SASL XOAUTH2 and OAUTHBEARER (RFC 7628): what a mail client sends
and how a server reads it. Used by the tests and by the loopback SMTP server."""

from __future__ import annotations

from dataclasses import dataclass


def xoauth2(user: str, token: str) -> str:
    """The XOAUTH2 initial response (before base64): Google's and Microsoft's format."""
    return f"user={user}\x01auth=Bearer {token}\x01\x01"


def oauthbearer(user: str, token: str, host: str = "127.0.0.1", port: int = 0) -> str:
    """The OAUTHBEARER initial client response (RFC 7628 section 3.1, before base64)."""
    return f"n,a={user},\x01host={host}\x01port={port}\x01auth=Bearer {token}\x01\x01"


@dataclass(frozen=True)
class BearerLogin:
    user: str  # may be "" (OAUTHBEARER without an authzid)
    token: str


class MalformedSASL(ValueError):
    pass


def _bearer(fields: dict[str, str]) -> str:
    auth = fields.get("auth", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise MalformedSASL("no 'auth=Bearer <token>'")
    return token.strip()


def read_xoauth2(message: bytes) -> BearerLogin:
    text = message.decode("utf-8", "strict")
    if not text.endswith("\x01\x01"):
        raise MalformedSASL("XOAUTH2 message does not end in ^A^A")
    fields = dict(kv.split("=", 1) for kv in text[:-2].split("\x01") if "=" in kv)
    if "user" not in fields:
        raise MalformedSASL("no 'user='")
    return BearerLogin(fields["user"], _bearer(fields))


def read_oauthbearer(message: bytes) -> BearerLogin:
    text = message.decode("utf-8", "strict")
    gs2, sep, rest = text.partition("\x01")
    if not sep or not rest.endswith("\x01\x01"):
        raise MalformedSASL("OAUTHBEARER message is not gs2-header ^A key=value... ^A^A")
    parts = gs2.split(",")
    if len(parts) < 2 or parts[0] not in ("n", "y"):
        raise MalformedSASL("bad GS2 header")
    user = parts[1][2:] if parts[1].startswith("a=") else ""
    fields = dict(kv.split("=", 1) for kv in rest[:-2].split("\x01") if "=" in kv)
    return BearerLogin(user, _bearer(fields))
