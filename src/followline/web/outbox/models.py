"""Rows of the outbox, and per-user/per-team template overrides."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.mail import get_connection
from django.db import models
from django.utils import timezone

from followline.web.core import credentials
from followline.web.oauth.models import OAuthGrant
from followline.web.outbox.smtp_oauth import XOAuth2EmailBackend


def feed_token() -> str:
    """256 bits from the OS's CSPRNG, URL-safe."""
    return secrets.token_urlsafe(32)


class OutboxState(models.TextChoices):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(models.Model):
    """One outgoing mail. Sent once: claimed (state ``sending``), sent, marked ``sent``.

    ``next_attempt_at`` is the one deadline the worker looks at: for ``queued`` rows, when
    to (re)try; for ``sending`` rows, when the claim's lease runs out (a worker that died
    mid-send leaves such a row, and another worker takes it over after the lease).
    """

    created_at = models.DateTimeField(default=timezone.now)
    from_email = models.CharField(max_length=400)
    to = models.JSONField(help_text="list of address strings")
    reply_to = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=400)
    text = models.TextField()
    html = models.TextField(blank=True, default="")
    headers = models.JSONField(default=dict, blank=True, help_text="extra headers (In-Reply-To)")
    message_id = models.CharField(max_length=250, unique=True)
    dedupe_key = models.CharField(
        max_length=250,
        unique=True,
        null=True,
        blank=True,
        help_text="enqueueing again with the same key yields the same row (one per notification)",
    )
    purpose = models.CharField(max_length=60, blank=True, default="")
    ref = models.CharField(
        max_length=100,
        blank=True,
        default="",
        db_index=True,
        help_text='what the mail is about, e.g. "application:12" (matches replies to it)',
    )
    state = models.CharField(max_length=10, choices=OutboxState, default=OutboxState.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True, default="")
    claimed_by = models.CharField(max_length=100, blank=True, default="")
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    smtp_account = models.ForeignKey(
        "SmtpAccount",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="send through this user's own SMTP server (else the site's)",
    )

    class Meta:
        indexes = (models.Index(fields=["state", "next_attempt_at"], name="outbox_due_idx"),)

    def __str__(self) -> str:
        return f"{self.message_id} to {', '.join(self.to)} [{self.state}]"


class TemplateScope(models.TextChoices):
    USER = "user"
    TEAM = "team"


class TemplateOverride(models.Model):
    """A user's or a team's own version of one part of one draft kind.

    ``owner_id`` is the user's or the team's primary key (no foreign key, so that this app
    does not depend on the team model). Read through
    :class:`followline.web.outbox.templates_store.DatabaseTemplateStore`.
    """

    scope = models.CharField(max_length=4, choices=TemplateScope)
    owner_id = models.BigIntegerField()
    kind = models.CharField(max_length=40)
    part = models.CharField(max_length=10)
    source = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
    # the last time this template failed on real data (the built-in one was used instead)
    error = models.TextField(blank=True, default="")
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["scope", "owner_id", "kind", "part"], name="template_override_unique"
            ),
        )


class Notification(models.Model):
    """One row per notification ever decided (healthchecks' idea): a reminder item, a lapsed
    promise in a digest, an automatic update. Its unique ``key`` is what makes the promise
    keeper and the reminders idempotent; ``message`` is the outbox row that carries it.
    """

    key = models.CharField(max_length=250, unique=True)
    message = models.ForeignKey(
        OutboxMessage, on_delete=models.PROTECT, related_name="notifications"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key


class AutoUpdateSetting(models.Model):
    """Whether an opening lets followline send candidates a courteous automatic update when
    the team's promise lapses (off unless the team turns it on)."""

    opening = models.OneToOneField(
        "employers.Opening", on_delete=models.CASCADE, related_name="auto_update_setting"
    )
    enabled = models.BooleanField(default=False)


class CalendarFeed(models.Model):
    """A candidate's private calendar feed: the unguessable token is the whole credential."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=feed_token)
    created_at = models.DateTimeField(default=timezone.now)


class SmtpAccount(models.Model):
    """A candidate's own outgoing mail server: drafts sent from their own address.

    The password is stored only encrypted (:mod:`followline.web.core.credentials`). With a
    ``grant`` (an OAuth2 mailbox connected on /mail/), the login is SASL XOAUTH2 with the
    grant's access token instead (:mod:`followline.web.outbox.smtp_oauth`).
    """

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="smtp_account"
    )
    grant = models.ForeignKey(
        OAuthGrant, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    host = models.CharField(max_length=255)
    port = models.PositiveIntegerField(default=587)
    security = models.CharField(
        max_length=8,
        default="starttls",
        choices=[
            ("starttls", "STARTTLS"),
            ("ssl", "SSL/TLS"),
            ("none", "none (local servers only)"),
        ],
    )
    username = models.CharField(max_length=255, blank=True)
    password_encrypted = models.TextField(blank=True, editable=False)
    from_email = models.EmailField()

    def set_password(self, plain: str) -> None:
        self.password_encrypted = credentials.encrypt(plain) if plain else ""

    def connection(self, timeout: float):
        """A Django SMTP backend connection (not opened yet)."""
        if self.grant_id is not None:
            return XOAuth2EmailBackend(
                grant=self.grant,
                host=self.host,
                port=self.port,
                username=self.username or self.from_email,
                timeout=timeout,
                use_tls=self.security == "starttls",
                use_ssl=self.security == "ssl",
                fail_silently=False,
            )
        password = credentials.decrypt(self.password_encrypted) if self.password_encrypted else ""
        return get_connection(
            "django.core.mail.backends.smtp.EmailBackend",
            fail_silently=False,
            host=self.host,
            port=self.port,
            username=self.username,
            password=password,
            timeout=timeout,
            use_tls=self.security == "starttls",
            use_ssl=self.security == "ssl",
        )

    def __str__(self) -> str:
        return f"{self.from_email} via {self.host}"


class WorkerJob(models.Model):
    """When the background worker last finished a job, and how
    (:mod:`followline.web.outbox.heartbeat`; read by ``followline worker --health``)."""

    name = models.CharField(max_length=40, unique=True)
    finished_at = models.DateTimeField()
    ok = models.BooleanField(default=True)
    error = models.TextField(blank=True, default="")
    worker = models.CharField(max_length=100, blank=True, default="")

    def __str__(self) -> str:
        return (
            f"{self.name} {'ok' if self.ok else 'failed'} at {self.finished_at:%Y-%m-%d %H:%M:%S}"
        )
