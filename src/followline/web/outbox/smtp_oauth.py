"""Sending through a user's own mailbox with SASL XOAUTH2 (Gmail, Microsoft 365, any server
that takes an OAuth2 bearer token): Django's SMTP backend, with ``AUTH XOAUTH2`` instead of
``AUTH LOGIN``. The token comes from the grant (renewed shortly before it expires); a
refused token is renewed once, and a refused fresh one marks the grant "needs
reconnecting" (:func:`followline.web.oauth.tokens.log_in_with`).
"""

from __future__ import annotations

import smtplib

from django.core.mail.backends.smtp import EmailBackend

from followline.web.oauth.models import OAuthGrant
from followline.web.oauth.tokens import log_in_with


def xoauth2(user: str, token: str) -> str:
    """The XOAUTH2 initial response (before base64, which smtplib adds)."""
    return f"user={user}\x01auth=Bearer {token}\x01\x01"


class XOAuth2EmailBackend(EmailBackend):
    def __init__(self, *, grant: OAuthGrant, username: str, **kwargs) -> None:
        # No password: Django's open() then skips AUTH LOGIN; open() below does XOAUTH2.
        super().__init__(username=username, password="", **kwargs)
        self.grant = grant

    def open(self) -> bool | None:
        if self.connection:
            return False
        return log_in_with(
            self.grant, self._open_with, refused=smtplib.SMTPAuthenticationError, server=self.host
        )

    def _open_with(self, token: str) -> bool:
        super().open()  # connect (and STARTTLS); raises on failure (fail_silently=False)
        assert self.connection is not None
        try:
            self.connection.ehlo_or_helo_if_needed()
            self.connection.auth(
                "XOAUTH2",
                lambda challenge=None: xoauth2(self.username, token) if challenge is None else "",
            )
        except smtplib.SMTPAuthenticationError as exc:
            self.close()
            if exc.smtp_code < 500:  # a temporary failure (454): not the token's fault
                raise smtplib.SMTPResponseException(exc.smtp_code, exc.smtp_error) from exc
            raise
        except BaseException:
            self.close()
            raise
        return True
