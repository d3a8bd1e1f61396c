"""The loopback SMTP server takes mail only after SASL XOAUTH2 or OAUTHBEARER with a token
the provider calls active and fit for SMTP; it records what it accepted and from whom."""

from __future__ import annotations

import base64
import smtplib
from email.message import EmailMessage

import pytest

from tests.oauth import sasl
from tests.oauth_provider.scopes import GOOGLE_MAIL, MICROSOFT_IMAP, MICROSOFT_SMTP


def _message(sender: str, subject: str = "Thank you") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "hiring@employer.test"
    msg["Subject"] = subject
    msg.set_content("Thank you for the interview yesterday.")
    return msg


def _auth(smtp: smtplib.SMTP, mech: str, user: str, token: str, port: int) -> None:
    """smtplib's AUTH with an initial response; on a 334 error challenge the client
    answers as the protocols say (empty for XOAUTH2, ^A for OAUTHBEARER)."""
    first = (
        sasl.xoauth2(user, token) if mech == "XOAUTH2" else sasl.oauthbearer(user, token, port=port)
    )
    answers = iter([first, "" if mech == "XOAUTH2" else "\x01"])
    smtp.auth(mech, lambda challenge=None: next(answers))


def _connect(oauth_smtp) -> smtplib.SMTP:
    smtp = smtplib.SMTP(oauth_smtp.host, oauth_smtp.port, timeout=15)
    smtp.ehlo("client.test")
    return smtp


@pytest.mark.parametrize("mech", ["XOAUTH2", "OAUTHBEARER"])
def test_a_fresh_token_sends_mail_recorded_with_its_user(oauth_provider, oauth_smtp, mech):
    user = oauth_provider.new_user()
    token = oauth_provider.token_for(user.username, "mail")["access_token"]
    with _connect(oauth_smtp) as smtp:
        _auth(smtp, mech, user.email, token, oauth_smtp.port)
        smtp.send_message(_message(user.email, f"Sent with {mech}"))
    [received] = oauth_smtp.messages
    assert received.user == user.email
    assert received.mechanism == mech
    assert received.mail_from == user.email
    assert received.rcpt_tos == ["hiring@employer.test"]
    assert received.message["Subject"] == f"Sent with {mech}"
    assert oauth_smtp.auth_attempts[-1].ok


@pytest.mark.parametrize("scope", [GOOGLE_MAIL, f"{MICROSOFT_SMTP} offline_access"])
def test_the_providers_mail_scopes_open_smtp(oauth_provider, oauth_smtp, scope):
    user = oauth_provider.new_user()
    token = oauth_provider.token_for(user.username, scope)["access_token"]
    with _connect(oauth_smtp) as smtp:
        _auth(smtp, "XOAUTH2", user.email, token, oauth_smtp.port)
        smtp.send_message(_message(user.email))
    assert [m.user for m in oauth_smtp.messages] == [user.email]


def _refused(oauth_smtp, user_email: str, token: str, mech: str = "XOAUTH2") -> int:
    with _connect(oauth_smtp) as smtp:
        with pytest.raises(smtplib.SMTPAuthenticationError) as failed:
            _auth(smtp, mech, user_email, token, oauth_smtp.port)
        with pytest.raises(smtplib.SMTPSenderRefused):
            smtp.send_message(_message(user_email))
    assert oauth_smtp.messages == []
    return failed.value.smtp_code


@pytest.mark.parametrize("mech", ["XOAUTH2", "OAUTHBEARER"])
def test_a_revoked_token_is_refused(oauth_provider, oauth_smtp, mech):
    user = oauth_provider.new_user()
    token = oauth_provider.token_for(user.username, "mail")["access_token"]
    oauth_provider.revoke_all(user.username)
    assert _refused(oauth_smtp, user.email, token, mech) == 535
    assert oauth_smtp.auth_attempts[-1].reason == "inactive"


def test_an_expired_token_is_refused(oauth_provider, oauth_smtp):
    user = oauth_provider.new_user()
    token = oauth_provider.token_for(user.username, "mail", expires_in=-1)["access_token"]
    assert _refused(oauth_smtp, user.email, token) == 535


@pytest.mark.parametrize("scope", ["openid email profile", MICROSOFT_IMAP])
def test_a_token_without_the_smtp_scope_is_refused(oauth_provider, oauth_smtp, scope):
    user = oauth_provider.new_user()
    token = oauth_provider.token_for(user.username, scope)["access_token"]
    assert _refused(oauth_smtp, user.email, token) == 535


def test_another_users_token_is_refused(oauth_provider, oauth_smtp):
    owner, intruder = oauth_provider.new_user(), oauth_provider.new_user()
    token = oauth_provider.token_for(intruder.username, "mail")["access_token"]
    assert _refused(oauth_smtp, owner.email, token) == 535
    assert oauth_smtp.auth_attempts[-1].reason == "wrong user"


def test_the_error_challenge_follows_the_xoauth2_protocol(oauth_provider, oauth_smtp):
    user = oauth_provider.new_user()
    with _connect(oauth_smtp) as smtp:
        blob = base64.b64encode(sasl.xoauth2(user.email, "made-up").encode()).decode()
        code, challenge = smtp.docmd("AUTH", f"XOAUTH2 {blob}")
        assert code == 334
        assert base64.b64decode(challenge).startswith(b'{"status": "401"')
        code, _ = smtp.docmd("")
        assert code == 535


@pytest.mark.parametrize("mech", ["XOAUTH2", "OAUTHBEARER"])
def test_provider_down_is_a_temporary_failure(oauth_provider, oauth_smtp, mech):
    user = oauth_provider.new_user()
    token = oauth_provider.token_for(user.username, "mail")["access_token"]
    with oauth_provider.stopped():
        assert _refused(oauth_smtp, user.email, token, mech) == 454
    with _connect(oauth_smtp) as smtp:
        _auth(smtp, mech, user.email, token, oauth_smtp.port)


def test_no_mail_without_auth_and_no_password_mechanisms(oauth_provider, oauth_smtp):
    user = oauth_provider.new_user()
    with _connect(oauth_smtp) as smtp:
        assert set(smtp.esmtp_features["auth"].split()) == {"XOAUTH2", "OAUTHBEARER"}
        with pytest.raises(smtplib.SMTPSenderRefused) as refused:
            smtp.send_message(_message(user.email))
        assert refused.value.smtp_code == 530
        with pytest.raises(smtplib.SMTPException):
            smtp.login(user.email, user.password)
    assert oauth_smtp.messages == []


def test_mail_from_must_be_the_logged_in_mailbox(oauth_provider, oauth_smtp):
    user = oauth_provider.new_user()
    token = oauth_provider.token_for(user.username, "mail")["access_token"]
    with _connect(oauth_smtp) as smtp:
        _auth(smtp, "XOAUTH2", user.email, token, oauth_smtp.port)
        with pytest.raises(smtplib.SMTPSenderRefused) as refused:
            smtp.send_message(_message("someone.else@mail.test"))
    assert refused.value.smtp_code == 550
    assert oauth_smtp.messages == []
