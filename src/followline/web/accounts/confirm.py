"""Confirming an e-mail address: a signed link sent through the outbox; opening it (logged in
or not) marks the account's current address confirmed (:class:`ConfirmedEmail`). Only a
confirmed address can be added to a team, so signing up first with someone else's address
gains nothing, and only a confirmed address receives the worker's mail (reminders,
digests: :mod:`followline.web.core.confirmed`). The record keeps the address it confirmed,
so an account whose address changes is unconfirmed again until the new one is confirmed."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.template import loader
from django.urls import reverse

from followline.web.accounts.models import ConfirmedEmail
from followline.web.outbox.enqueue import enqueue_mail
from followline.web.outbox.tasks import send_soon

SALT = "followline.confirm-email"
MAX_AGE = 3 * 24 * 3600


def token_for(user) -> str:
    return signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=SALT)


def send_confirmation(user) -> None:
    if not user.email:
        return
    link = settings.FOLLOWLINE_BASE_URL.rstrip("/") + reverse(
        "confirm_email", args=[token_for(user)]
    )
    enqueue_mail(
        user.email,
        "Confirm your address for followline",
        loader.render_to_string(
            "registration/confirm_email.txt", {"username": user.username, "link": link}
        ),
        purpose="confirm_email",
    )
    send_soon.enqueue()


def confirm(token: str, users) -> object | None:
    """The user whose current address the token confirms (and now is confirmed), or None."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    user = users.filter(pk=data.get("u")).first()
    if user is None or user.email.lower() != data.get("e"):
        return None
    mark_confirmed(user)
    return user


def is_confirmed(user) -> bool:
    """Whether the account's current address is the one confirmed from its mailbox."""
    if not user.email:
        return False
    return ConfirmedEmail.objects.filter(user=user, email=user.email.lower()).exists()


def mark_confirmed(user) -> None:
    """Record the account's current address as confirmed without a link (the demo's
    people; an operator's own accounts)."""
    ConfirmedEmail.objects.update_or_create(user=user, defaults={"email": user.email.lower()})
