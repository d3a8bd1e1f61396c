"""One OAuth2 grant: a user's permission for this site to read (and send) one mailbox."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from followline.web.core import credentials


class GrantState(models.TextChoices):
    ACTIVE = "active"
    NEEDS_RECONNECT = "needs_reconnect", "needs reconnecting"


class OAuthGrant(models.Model):
    """The tokens of one connected mailbox at one provider, stored only encrypted
    (:mod:`followline.web.core.credentials`), like passwords.

    ``state`` is ``needs_reconnect`` once the provider refused the grant (revoked, expired,
    or a fresh token that the mail server refuses): nothing uses it again until the user
    connects the mailbox anew (``problem`` says what happened). One grant serves the IMAP
    mailbox and, when the user chose so, their outgoing mail.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="oauth_grants"
    )
    team_id = models.BigIntegerField(
        null=True, blank=True, help_text="a team's hiring mailbox: the team (for its digests)"
    )
    provider = models.CharField(max_length=20)
    address = models.CharField(max_length=255, help_text="the mailbox's address (the login)")
    scope = models.TextField(blank=True, default="", help_text="what the provider granted")
    refresh_token_encrypted = models.TextField(blank=True, default="", editable=False)
    access_token_encrypted = models.TextField(blank=True, default="", editable=False)
    access_expires_at = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=20, choices=GrantState, default=GrantState.ACTIVE)
    problem = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    def set_tokens(self, token: dict, now: datetime) -> None:
        """Store a token endpoint's answer; a refresh that brings no new refresh token
        keeps the old one (providers that do not rotate it)."""
        self.access_token_encrypted = credentials.encrypt(token["access_token"])
        if token.get("refresh_token"):
            self.refresh_token_encrypted = credentials.encrypt(token["refresh_token"])
        expires_in = token.get("expires_in")
        self.access_expires_at = now + timedelta(seconds=int(expires_in)) if expires_in else None
        if token.get("scope"):
            self.scope = str(token["scope"])
        self.refreshed_at = now

    def access_token(self) -> str:
        return credentials.decrypt(self.access_token_encrypted)

    def refresh_token(self) -> str:
        return (
            credentials.decrypt(self.refresh_token_encrypted)
            if self.refresh_token_encrypted
            else ""
        )

    @property
    def needs_reconnect(self) -> bool:
        return self.state == GrantState.NEEDS_RECONNECT

    def __str__(self) -> str:
        return f"{self.address} at {self.provider}"


def needing_reconnect(
    *, owner_id: int | None = None, team_id: int | None = None
) -> list[OAuthGrant]:
    """A user's own (or a team's) grants that need reconnecting, for reminder mails."""
    grants = OAuthGrant.objects.filter(state=GrantState.NEEDS_RECONNECT)
    if team_id is not None:
        grants = grants.filter(team_id=team_id)
    else:
        grants = grants.filter(owner_id=owner_id, team_id__isnull=True)
    return list(grants.order_by("pk"))
