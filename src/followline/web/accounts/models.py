"""An account's confirmed e-mail address (see :mod:`followline.web.accounts.confirm`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ConfirmedEmail(models.Model):
    """The address of ``user`` that was confirmed by opening the link mailed to it. Only a
    confirmed address can be added to a team."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="confirmed_email"
    )
    email = models.EmailField()
    confirmed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.email
