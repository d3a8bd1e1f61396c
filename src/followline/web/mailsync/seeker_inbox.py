"""Candidate side: a new message from an employer becomes an employer contact at once.

Matching, first hit wins, only among the owner's open applications:

1. **reply thread** — ``In-Reply-To``/``References`` name a mail we sent for an application
   (an outbox row with ``ref="application:<id>"``) or an earlier message already matched;
2. **address** — the sender is the application's contact email;
3. **domain** — the sender's domain is that of exactly one application's contact email
   (free-mail domains such as gmail.com never match by domain).

The contact is logged with the kind its text shows (:func:`followline.classify.employer_kind`:
a rejection or an offer ends the process, an invitation, a request or any other answer is an
``update`` of the plan; the candidate can change it on the application page) and the plan is
re-judged, so a planned status inquiry disappears or moves at once. Mail from the
candidate's own address is ignored.
"""

from __future__ import annotations

import logging
import re

from django.utils import timezone

from followline.classify import employer_kind
from followline.web.mailsync.models import InboundMessage, MailAccount
from followline.web.mailsync.parsing import Parsed

FREE_MAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "ymail.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.net",
        "gmx.de",
        "web.de",
        "mail.com",
        "zoho.com",
        "fastmail.com",
        "yandex.com",
        "qq.com",
    }
)
log = logging.getLogger("followline.mailsync")
_MSGID = re.compile(r"<[^<>\s]+>")


def match_application(account: MailAccount, parsed: Parsed):
    from followline.web.candidates.models import Application
    from followline.web.outbox.models import OutboxMessage

    apps = Application.objects.filter(owner=account.owner, closed=False)
    ids = _MSGID.findall(parsed.in_reply_to)
    if ids:
        refs = list(
            OutboxMessage.objects.filter(
                message_id__in=ids, ref__startswith="application:"
            ).values_list("ref", flat=True)
        )
        refs += list(
            InboundMessage.objects.filter(
                account__owner=account.owner, message_id__in=ids, outcome__startswith="application:"
            ).values_list("outcome", flat=True)
        )
        for ref in refs:
            found = apps.filter(pk=int(ref.partition(":")[2])).first()
            if found is not None:
                return found, "thread"
    sender = parsed.from_addr
    found = apps.filter(contact_email__iexact=sender).order_by("-created_at").first()
    if found is not None:
        return found, "address"
    domain = sender.rpartition("@")[2]
    if domain and domain not in FREE_MAIL:
        same = list(apps.filter(contact_email__iendswith="@" + domain)[:2])
        if len(same) == 1:
            return same[0], "domain"
    return None, ""


def handle(account: MailAccount, inbound: InboundMessage, parsed: Parsed) -> str:
    from followline.web.candidates.models import Contact
    from followline.web.candidates.plans import refresh
    from followline.web.core.models import Channel, Party

    own = {account.username.lower(), (account.owner.email or "").lower()}
    if not parsed.from_addr or parsed.from_addr in own:
        return "own"
    app, how = match_application(account, parsed)
    if app is None:
        return "unmatched"
    log.info(
        "mailsync %s: message %s matched application %s by %s", account.pk, inbound.pk, app.pk, how
    )
    now = timezone.now()
    at = parsed.date if parsed.date is not None and parsed.date <= now else now
    Contact.objects.create(
        application=app,
        at=at,
        party=Party.EMPLOYER,
        channel=Channel.EMAIL,
        kind=employer_kind(parsed.text, parsed.subject)[0].value,
        subject=parsed.subject[:300],
        text=parsed.text,
    )
    refresh(type(app).objects.prefetch_related("milestones", "contacts").get(pk=app.pk), now)
    return f"application:{app.pk}"[:40]
