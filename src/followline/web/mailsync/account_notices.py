"""Telling a mailbox's owner when it stops being readable (a notice in the app).

Once per spell of failures: when a sync fails after the mailbox was read fine (or was
never read), and only when it looks like it needs them — the server refused the login
(a changed or revoked password), or nothing has been read for an hour — so a moment's
network trouble says nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse

from followline.web.employers.models import Team
from followline.web.mailsync.models import MailAccount, Side
from followline.web.notices.models import Kind
from followline.web.notices.notify import notify

PATIENCE = timedelta(hours=1)


def tell_failure(account: MailAccount, error: str, *, login_refused: bool, now: datetime) -> None:
    last_ok = account.last_synced_at
    if not login_refused and last_ok is not None and now - last_ok < PATIENCE:
        return
    if account.side == Side.EMPLOYER and account.team_id:
        team = Team.objects.filter(pk=account.team_id).first()
        url = reverse("mailsync:team", args=[team.slug]) if team else ""
    else:
        url = reverse("mailsync:personal")
    why = "the server refused the login" if login_refused else error
    notify(
        account.owner_id,
        Kind.MAILBOX,
        f"The mailbox {account.username} at {account.host} needs reconnecting: {why}. "
        "Disconnect it and connect it again with its current password.",
        url=url,
        key=f"mailbox:{account.pk}:{last_ok.isoformat() if last_ok else 'never'}",
        problem=True,
    )
