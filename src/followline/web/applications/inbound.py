"""Filing what reaches a job seeker's own mailbox: the employer's answers.

Matching, first hit wins, only among the owner's open applications:

1. **reply thread** — the message answers one that belongs to an application (the caller
   names those applications: a mail sent for it through the outbox, or a message already
   filed on it);
2. **address** — the sender is the application's contact email;
3. **domain** — the sender's domain is that of exactly one application's contact email
   (free-mail domains such as gmail.com never match by domain).

The message, already read by triage's per-message analysis (one parse, from bytes in
memory), is logged as an employer contact with the kind its own words show (the classifier
from the employer's side, :func:`followline.web.core.models.inferred_kind`: a rejection or
an offer ends the process, an invitation starts a new cycle, a request moves no clock, any
other answer is an ``update``; an unsure reading is an ``update`` too; the candidate can
correct it on the application page), and the plan is re-judged at once. A phone number in
the employer's signature is kept when the application has none. A message already filed
on the application (same fingerprint: its ``Message-ID``, else a hash of its content) is
not filed again. The job seeker gets a notice in the app saying what came in and what
their plan is now.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction

from followline.mail.analyse import Analysed
from followline.web.applications import plans
from followline.web.applications.models import Application, Contact
from followline.web.core.models import Channel, ContactKind, Party, inferred_kind
from followline.web.notices.models import Kind
from followline.web.notices.notify import notify

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
TEXT_KEEP = 20000


def threaded_applications(owner, message_ids: Iterable[str]) -> list[int]:
    """Applications of ``owner`` a message already filed with one of these ids belongs to."""
    ids = list(message_ids)
    if not ids:
        return []
    return list(
        Contact.objects.filter(application__owner=owner, fingerprint__in=ids).values_list(
            "application_id", flat=True
        )
    )


def match_application(
    owner, sender: str, thread: Iterable[int] = ()
) -> tuple[Application | None, str]:
    """The open application of ``owner`` a message from ``sender`` belongs to, and how it
    was found (``thread``, ``address``, ``domain``); ``thread``: applications the message
    answers (see the module docstring)."""
    apps = Application.objects.filter(owner=owner, closed=False)
    for pk in thread:
        found = apps.filter(pk=pk).first()
        if found is not None:
            return found, "thread"
    found = apps.filter(contact_email__iexact=sender).order_by("-created_at").first()
    if found is not None:
        return found, "address"
    domain = sender.rpartition("@")[2]
    if domain and domain not in FREE_MAIL:
        same = list(apps.filter(contact_email__iendswith="@" + domain)[:2])
        if len(same) == 1:
            return same[0], "domain"
    return None, ""


def file_employer_message(
    app: Application, message: Analysed, *, received_at: datetime
) -> Contact | None:
    """Log the employer's message on ``app`` and re-judge; ``None`` when it was filed
    before. A message without a date, or dated in the future, is filed at ``received_at``.

    Its kind is read, as the employer's job mail, from the text the contact keeps (the
    classifier cuts the quoted part itself), as ``bench/heldout.py`` scores it and as
    ``followline kinds reread`` reads it again."""
    text = message.text or message.body
    at = message.date if message.date is not None and message.date <= received_at else None
    with transaction.atomic():
        list(Application.objects.select_for_update().filter(pk=app.pk).values_list("pk"))
        if message.fingerprint and app.contacts.filter(fingerprint=message.fingerprint).exists():
            return None
        if message.phones and not app.phone:
            app.phone = message.phones[0]
            app.save(update_fields=["phone"])
        stage = app.stage
        contact = app.log_contact(
            received_at,
            at=at or received_at,
            party=Party.EMPLOYER,
            channel=Channel.EMAIL,
            **inferred_kind(text, message.subject, Party.EMPLOYER),
            subject=message.subject[:300],
            text=text[:TEXT_KEEP],
            fingerprint=message.fingerprint,
        )
        _tell(app, contact, received_at, moved=app.stage != stage)
        return contact


def _tell(app: Application, contact: Contact, now: datetime, *, moved: bool) -> None:
    """The notice: who wrote, what it reads as, where the application moved, the plan now."""
    what = ContactKind(contact.kind).label.lower() if contact.kind else "a message"
    stage = f" Moved to “{app.get_stage_display()}”." if moved else ""
    plan = plans.plan_of(app, now).sentence
    notify(
        app.owner_id,
        Kind.REPLY,
        f"{app.company} wrote ({what}, filed on {app}).{stage} {plan}",
        url=app.get_absolute_url(),
        key=f"reply:{contact.pk}",
    )
