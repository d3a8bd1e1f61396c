"""The job seeker's own mailbox: a new message from an employer is filed on the matching
application (:mod:`followline.web.applications.inbound`) at once.

Thread matching looks at what this side knows of the thread: a mail sent through the
outbox for an application (``ref="application:<id>"``), a message of this mailbox already
filed on one, or a contact already filed with that Message-ID. Mail from the job seeker's
own address is ignored.
"""

from __future__ import annotations

import logging

from django.utils import timezone

from followline.mail.analyse import Analysed
from followline.mail.parse import message_ids
from followline.web.applications.inbound import (
    file_employer_message,
    match_application,
    threaded_applications,
)
from followline.web.mailsync.models import InboundMessage, MailAccount
from followline.web.outbox.models import OutboxMessage

log = logging.getLogger("followline.mailsync")


def thread_of(account: MailAccount, message: Analysed) -> list[int]:
    """The applications the message answers, by its ``In-Reply-To`` and ``References``."""
    ids = list(dict.fromkeys([*message_ids(message.in_reply_to), *message.references]))
    if not ids:
        return []
    refs = list(
        OutboxMessage.objects.filter(message_id__in=ids, ref__startswith="application:")
        .order_by("pk")
        .values_list("ref", flat=True)
    )
    refs += list(
        InboundMessage.objects.filter(
            account__owner=account.owner, message_id__in=ids, outcome__startswith="application:"
        ).values_list("outcome", flat=True)
    )
    found = [int(ref.partition(":")[2]) for ref in refs]
    return found + threaded_applications(account.owner, ids)


def handle(account: MailAccount, inbound: InboundMessage, message: Analysed) -> str:
    sender = inbound.from_addr
    own = {account.username.lower(), (account.owner.email or "").lower()}
    if message.error is not None or not sender or sender in own:
        return "own" if sender in own else "unreadable"
    app, how = match_application(account.owner, sender, thread_of(account, message))
    if app is None:
        return "unmatched"
    log.info(
        "mailsync %s: message %s matched application %s by %s", account.pk, inbound.pk, app.pk, how
    )
    file_employer_message(app, message, received_at=timezone.now())
    return f"application:{app.pk}"[:40]
