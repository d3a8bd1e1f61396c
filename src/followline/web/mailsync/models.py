"""Connected mailboxes and the messages read from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from followline.web.core import credentials
from followline.web.oauth.models import OAuthGrant


class Side(models.TextChoices):
    CANDIDATE = "candidate"
    EMPLOYER = "employer"


class Auth(models.TextChoices):
    PASSWORD = "password"
    OAUTH2 = "oauth2", "OAuth2"


class MailAccount(models.Model):
    """An IMAP mailbox a candidate or a team connected.

    Logged in to with a password (``auth="password"``) or with an OAuth2 grant (``"oauth2"``:
    SASL XOAUTH2/OAUTHBEARER with the grant's access token; ``grant`` holds the tokens).
    The password is stored only encrypted (:mod:`followline.web.core.credentials`) and is
    never shown again: set it with :meth:`set_password`; nothing renders it.
    An OAuth2 mailbox whose grant the provider no longer honours "needs reconnecting"
    (:attr:`needs_reconnect`, the grant's state): the sync skips it until reconnected.
    ``uidvalidity``/``last_uid`` say how far the sync got; they move in the same
    transaction as each message read, so a disconnect never loses or repeats one.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_accounts"
    )
    side = models.CharField(max_length=10, choices=Side, default=Side.CANDIDATE)
    team_id = models.BigIntegerField(null=True, blank=True)
    opening_id = models.BigIntegerField(
        null=True, blank=True, help_text="employer side: where senders not yet known go"
    )
    host = models.CharField(max_length=255)
    port = models.PositiveIntegerField(default=993)
    use_ssl = models.BooleanField(default=True)
    username = models.CharField(max_length=255)
    password_encrypted = models.TextField(editable=False)
    auth = models.CharField(max_length=10, choices=Auth, default=Auth.PASSWORD)
    grant = models.ForeignKey(
        OAuthGrant, null=True, blank=True, on_delete=models.CASCADE, related_name="mailboxes"
    )
    folder = models.CharField(max_length=255, default="INBOX")
    uidvalidity = models.BigIntegerField(null=True, blank=True)
    last_uid = models.BigIntegerField(default=0)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    enabled = models.BooleanField(default=True)

    def set_password(self, plain: str) -> None:
        self.password_encrypted = credentials.encrypt(plain)

    def password(self) -> str:
        return credentials.decrypt(self.password_encrypted)

    @property
    def needs_reconnect(self) -> bool:
        return self.grant is not None and self.grant.needs_reconnect

    def __str__(self) -> str:
        return f"{self.username}@{self.host}/{self.folder}"


class InboundMessage(models.Model):
    """One message read from a connected mailbox (kept once, whatever happens to UIDs)."""

    account = models.ForeignKey(MailAccount, on_delete=models.CASCADE, related_name="messages")
    uidvalidity = models.BigIntegerField()
    uid = models.BigIntegerField()
    fingerprint = models.CharField(max_length=255, help_text="Message-ID, else SHA-256 of it")
    message_id = models.CharField(max_length=255, blank=True, default="")
    in_reply_to = models.TextField(blank=True, default="")
    from_addr = models.CharField(max_length=255, blank=True, default="")
    subject = models.CharField(max_length=400, blank=True, default="")
    date = models.DateTimeField(null=True, blank=True)
    text = models.TextField(blank=True, default="")
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(
        max_length=40,
        blank=True,
        default="",
        help_text='what the handler did, e.g. "contact:17", "unmatched"',
    )

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["account", "uidvalidity", "uid"], name="inbound_uid_unique"
            ),
            models.UniqueConstraint(
                fields=["account", "fingerprint"], name="inbound_fingerprint_unique"
            ),
        )
