"""An SMTP server on loopback (aiosmtpd) that takes mail only from a client that logged
in with SASL XOAUTH2 or OAUTHBEARER, checking the bearer token at the loopback provider's
introspection endpoint for SMTP (``/o/introspect/smtp/``: a token must be active and hold
``mail``, ``https://mail.google.com/`` or ``https://outlook.office.com/SMTP.Send``), the
way the loopback Dovecot checks IMAP logins.

What it answers, as Gmail does (the XOAUTH2 protocol) and RFC 7628 says:

- a good token: ``235 2.7.0 Authentication successful``;
- a token that is not active, lacks the scope, or belongs to another user than the one
  named: a ``334`` challenge carrying the JSON error (``{"status": "401", ...}`` for
  XOAUTH2, ``{"status": "invalid_token", ...}`` for OAUTHBEARER), then, whatever the
  client answers, ``535 5.7.8 Username and Password not accepted``;
- the provider unreachable or failing: ``454 4.7.0 Temporary authentication failure``;
- PLAIN and LOGIN are not offered; MAIL before AUTH is ``530 5.7.0``; a MAIL FROM other
  than the logged-in mailbox is refused (``550 5.7.60``, Microsoft's SendAsDenied).

Every accepted message is recorded with the user who sent it; every AUTH attempt too.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import email
import json
import socket
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default

import requests
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import MISSING, AuthResult

from tests.oauth import sasl
from tests.oauth.provider import OAuthProvider

TEMPORARY = "454 4.7.0 Temporary authentication failure"
REFUSED = "535 5.7.8 Username and Password not accepted"


@dataclass(frozen=True)
class AuthAttempt:
    mechanism: str
    user: str
    ok: bool
    reason: str  # "ok", "inactive", "wrong user", "provider down", "malformed"


@dataclass(frozen=True)
class ReceivedMessage:
    user: str  # the mailbox that logged in
    mechanism: str
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.raw, policy=default)  # type: ignore[return-value]


class _Verdict:
    def __init__(self, ok: bool, reason: str, email: str = "") -> None:
        self.ok, self.reason, self.email = ok, reason, email


class OAuthSMTPHandler:
    def __init__(self, provider: OAuthProvider) -> None:
        self.provider = provider
        self.lock = threading.Lock()
        self.messages: list[ReceivedMessage] = []
        self.logins: list[AuthAttempt] = []  # (not auth_*: aiosmtpd reads those as mechanisms)

    # -- checking a token ----------------------------------------------------------------

    def _introspect(self, login: sasl.BearerLogin) -> _Verdict:
        rs = self.provider.resource_server("smtp")
        try:
            response = requests.post(
                self.provider.introspect_url_for("smtp"),
                data={"token": login.token},
                auth=(rs.client_id, rs.client_secret),
                timeout=10,
            )
            response.raise_for_status()
            answer = response.json()
        except (requests.RequestException, ValueError):
            return _Verdict(False, "provider down")
        if answer.get("active") is not True:
            return _Verdict(False, "inactive")
        address = str(answer.get("email", ""))
        if login.user and login.user.lower() != address.lower():
            return _Verdict(False, "wrong user")
        return _Verdict(True, "ok", address)

    async def _login(self, server, args: list[str], mechanism: str, read, error: dict):
        if len(args) > 1:
            blob = args[1].encode()
            try:
                initial = b"" if blob == b"=" else base64.b64decode(blob, validate=True)
            except binascii.Error:
                await server.push("501 5.5.2 Can't decode base64")
                return AuthResult(success=False, handled=True)
        else:
            initial = await server.challenge_auth("")
            if initial is MISSING:
                return AuthResult(success=False, handled=True)
        try:
            login = read(initial)
        except (sasl.MalformedSASL, UnicodeDecodeError) as exc:
            self._note(AuthAttempt(mechanism, "", False, "malformed"))
            await server.push(f"501 5.5.2 Malformed {mechanism} message: {exc}")
            return AuthResult(success=False, handled=True)
        loop = asyncio.get_running_loop()
        verdict = await loop.run_in_executor(None, self._introspect, login)
        self._note(AuthAttempt(mechanism, login.user or verdict.email, verdict.ok, verdict.reason))
        if verdict.ok:
            return AuthResult(success=True, auth_data=(mechanism, verdict.email))
        if verdict.reason == "provider down":
            return AuthResult(success=False, handled=False, message=TEMPORARY)
        # the error JSON as a challenge; the client's answer (empty, or ^A) ends the exchange
        await server.challenge_auth(json.dumps(error))
        return AuthResult(success=False, handled=False, message=REFUSED)

    def _note(self, attempt: AuthAttempt) -> None:
        with self.lock:
            self.logins.append(attempt)

    # -- aiosmtpd hooks ------------------------------------------------------------------

    async def auth_XOAUTH2(self, server, args):
        error = {"status": "401", "schemes": "Bearer", "scope": "mail"}
        return await self._login(server, args, "XOAUTH2", sasl.read_xoauth2, error)

    async def auth_OAUTHBEARER(self, server, args):
        error = {"status": "invalid_token", "scope": "mail"}
        return await self._login(server, args, "OAUTHBEARER", sasl.read_oauthbearer, error)

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if not session.authenticated:
            return "530 5.7.0 Authentication required"
        _, mailbox = session.auth_data
        if address.lower() != mailbox.lower():
            return (
                f"550 5.7.60 SMTP; Client does not have permissions to send as this sender"
                f" ({mailbox} may not send as {address})"
            )
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        mechanism, mailbox = session.auth_data
        with self.lock:
            self.messages.append(
                ReceivedMessage(
                    mailbox,
                    mechanism,
                    envelope.mail_from,
                    list(envelope.rcpt_tos),
                    bytes(envelope.original_content or envelope.content),
                )
            )
        return "250 2.0.0 OK: queued"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OAuthSMTP:
    """The running server: ``host``, ``port``, ``messages``, ``auth_attempts``."""

    host = "127.0.0.1"

    def __init__(self, provider: OAuthProvider) -> None:
        self.handler = OAuthSMTPHandler(provider)
        self.port = _free_port()
        self._controller = Controller(
            self.handler,
            hostname=self.host,
            port=self.port,
            # AUTH before MAIL is checked in handle_MAIL (aiosmtpd's auth_required warns
            # on every connection without TLS, which loopback does not need)
            auth_require_tls=False,
            auth_exclude_mechanism=["LOGIN", "PLAIN"],
        )

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    @property
    def messages(self) -> list[ReceivedMessage]:
        with self.handler.lock:
            return list(self.handler.messages)

    @property
    def auth_attempts(self) -> list[AuthAttempt]:
        with self.handler.lock:
            return list(self.handler.logins)

    def clear(self) -> None:
        with self.handler.lock:
            self.handler.messages.clear()
            self.handler.logins.clear()
