"""The scopes the loopback provider knows, and which of them open which mail service.

Three families of mail scopes, so a test can use the scope names of the provider it
models (a real provider only knows its own; this one knows them all):

- generic: ``mail`` (IMAP and SMTP), for the "other OAuth2 provider" form;
- Google: ``https://mail.google.com/`` (IMAP and SMTP, as Gmail's only mail scope);
- Microsoft: ``https://outlook.office.com/IMAP.AccessAsUser.All`` (IMAP only) and
  ``https://outlook.office.com/SMTP.Send`` (SMTP only).

Beside them ``offline_access`` (Microsoft's word for "give me a refresh token"; this
provider gives one for every authorization-code grant anyway, as DOT does), and the
OpenID Connect scopes ``openid``, ``email`` and ``profile`` (the ID token and userinfo
carry the user's e-mail address, which is the mailbox's login name).

A resource server (the loopback Dovecot, the loopback SMTP server) introspects a token at
``/o/introspect/<service>/``; the answer is ``active: false`` unless the token holds one
of ``SERVICE_SCOPES[service]`` (as an audience check: a token that was not granted for
mail is no good to a mail server). Dovecot 2.3's own ``scope`` setting takes a single
scope, which cannot say "any of these three", so the check lives here.
"""

from __future__ import annotations

GOOGLE_MAIL = "https://mail.google.com/"
MICROSOFT_IMAP = "https://outlook.office.com/IMAP.AccessAsUser.All"
MICROSOFT_SMTP = "https://outlook.office.com/SMTP.Send"

SCOPES = {
    "mail": "Read, and send, your mail (IMAP and SMTP)",
    GOOGLE_MAIL: "Read, compose, send and delete your Gmail (Google's mail scope)",
    MICROSOFT_IMAP: "Read your mailbox over IMAP (Microsoft's IMAP scope)",
    MICROSOFT_SMTP: "Send mail as you over SMTP (Microsoft's SMTP scope)",
    "offline_access": "Keep access while you are away (a refresh token)",
    "openid": "Sign you in",
    "email": "See your e-mail address",
    "profile": "See your user name",
}

SERVICE_SCOPES = {
    "imap": frozenset({"mail", GOOGLE_MAIL, MICROSOFT_IMAP}),
    "smtp": frozenset({"mail", GOOGLE_MAIL, MICROSOFT_SMTP}),
}


def opens(service: str, scope: str) -> bool:
    """Whether a token with ``scope`` (space-separated) may use ``service``."""
    return bool(SERVICE_SCOPES[service] & set(scope.split()))
