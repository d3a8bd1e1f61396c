"""Which SMTP failures are worth retrying, and when to retry.

Permanent (recorded as ``failed`` at once): the server refused *this message* with a 5xx
reply — every recipient refused, the sender refused, or the data rejected — or the message
cannot even be built. Everything else is transient and retried with exponential backoff:
4xx replies, refused or dropped connections, time-outs, and server-wide problems such as a
failed login (an operator fixes those; the messages should not be lost meanwhile), and an
OAuth2 mailbox that needs reconnecting or whose provider is down.

>>> backoff(1, base=30, cap=3600), backoff(3, base=30, cap=3600), backoff(20, base=30, cap=3600)
(30, 120, 3600)
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass

from followline.web.oauth.tokens import NeedsReconnect, ProviderUnavailable


@dataclass(frozen=True, slots=True)
class Failure:
    permanent: bool
    error: str


def classify(exc: BaseException) -> Failure:
    if isinstance(exc, NeedsReconnect | ProviderUnavailable):
        # An OAuth2 mailbox: kept and retried (no login is tried while it needs
        # reconnecting), so reconnecting in time still sends it.
        return Failure(False, f"the sending mailbox: {exc}")
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        detail = "; ".join(
            f"{rcpt}: {code} {_text(msg)}" for rcpt, (code, msg) in exc.recipients.items()
        )
        permanent = bool(codes) and all(c >= 500 for c in codes)
        return Failure(permanent, f"recipients refused: {detail}")
    if isinstance(exc, smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        code = exc.smtp_code
        return Failure(code >= 500, f"{type(exc).__name__}: {code} {_text(exc.smtp_error)}")
    if isinstance(exc, smtplib.SMTPResponseException):
        return Failure(False, f"{type(exc).__name__}: {exc.smtp_code} {_text(exc.smtp_error)}")
    if isinstance(exc, OSError | smtplib.SMTPException):
        return Failure(False, f"{type(exc).__name__}: {exc}")
    # Anything else happened while building the message (bad header, bad address): no retry.
    return Failure(True, f"{type(exc).__name__}: {exc}")


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def backoff(attempt: int, *, base: int, cap: int) -> int:
    """Seconds to wait after the ``attempt``-th failed try: base, 2·base, 4·base … ≤ cap."""
    return min(cap, base * 2 ** max(0, attempt - 1))
