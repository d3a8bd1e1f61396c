"""Reading stored kinds again with the shipped models: ``followline kinds reread``.

A contact whose kind the classifier gave (``kind_label`` set, not corrected by a person,
not spam) keeps the answer of the reading that stored it. When that reading changes (new
models shipped; or, on 2026-12-03, mail filed by the import screen and the hiring mailbox,
which used to be read without its context, a third of real candidates' job mail then
called ``not_job``), :func:`reread` reads each such contact's text again, as job mail of
its writer's side (:func:`~followline.web.core.models.inferred_kind`), stores what
changed and re-judges each application or candidate that had a contact changed, so that
standings, plans and reminders follow. Kinds people chose or corrected are never touched.

The import screen and the hiring mailbox read a message once, as job mail, from its words
above the quote with their signature; the contact keeps the text without the signature
when the reading is a follow-up (``followline.mail.analyse.read``). Read again from that
text, such a contact can come back with a slightly different confidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet

from followline.web.applications.models import Application, Contact
from followline.web.core.models import KIND_FIELDS, inferred_kind
from followline.web.employers.models import Candidate, CandidateContact


@dataclass
class Reread:
    read: int = 0  # contacts whose kind the classifier gave
    changed: int = 0  # of those, read differently now
    rejudged: dict[str, int] = field(default_factory=dict)  # timelines re-judged, per kind


def _sources() -> list[tuple[QuerySet, type[Application] | type[Candidate], str]]:
    """Each kind of timeline: its contacts whose kind the classifier gave, the timeline's
    model, and the name of the contact's link to it."""
    return [
        (Contact.objects.all(), Application, "application"),
        (CandidateContact.objects.filter(spam=False), Candidate, "candidate"),
    ]


def _inferred(contacts: QuerySet) -> QuerySet:
    return contacts.filter(kind_corrected=False).exclude(kind_label="")


def count() -> int:
    """How many contacts :func:`reread` reads (for a progress bar)."""
    return sum(_inferred(contacts).count() for contacts, _, _ in _sources())


def reread(
    now: datetime, *, dry_run: bool = False, progress: Callable[[int], None] | None = None
) -> Reread:
    """Read every inferred kind again; store and re-judge unless ``dry_run``.
    ``progress`` is called with the number of contacts read since the last call."""
    result = Reread()
    for contacts, timelines, parent in _sources():
        columns = ("pk", f"{parent}_id", "party", "text", "subject", *KIND_FIELDS)
        rows = _inferred(contacts).only(*columns)
        touched: set[int] = set()
        for row in rows.iterator(chunk_size=500):
            result.read += 1
            fields = inferred_kind(row.text, row.subject, row.party)
            if any(getattr(row, name) != value for name, value in fields.items()):
                result.changed += 1
                touched.add(getattr(row, f"{parent}_id"))
                if not dry_run:
                    type(row).objects.filter(pk=row.pk).update(**fields)
            if progress is not None:
                progress(1)
        if not dry_run:
            for timeline in timelines.objects.filter(pk__in=touched).iterator():
                with transaction.atomic():
                    timeline.rejudge(now)
        result.rejudged[parent] = len(touched)
    return result
