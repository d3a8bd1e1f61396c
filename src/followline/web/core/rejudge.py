"""Re-judging after a write from the current cycle alone, in a fixed number of queries.

Both sides store the engine's answer on the timeline's row (an application's plan, a
candidate's promise and standing) after every change. Re-judging everything after each
write made a write cost grow with the timeline (issue 11: 57 -> 15 writes a second as one
application grew). A contact logged after every other one changes no earlier verdict, so
:func:`judge_write` judges it with :func:`followline.line.window.judge_latest`: the
window from the current cycle's start, and a summary of what came before. Its queries,
whatever the number of contacts:

1. is anything after the write? (a contact logged in the past changes the verdicts after it,
   a milestone changes those of contacts at or after it: the caller then re-judges
   everything, see :func:`judge_write`);
2. the milestones (a handful);
3. one aggregate over the contacts before the window: how many, whether the employer wrote,
   whether an offer or rejection came;
4. the window's contacts and the calls of the ``call_burst_hours`` before it, with their text
   only where a kind is still to be read from it;
5. for a letter long enough to repeat another: the earlier letters of a comparable length
   (:func:`~followline.line.similarity.comparable_counts` on ``text_words``), numbered in
   the whole timeline by the database (``ROW_NUMBER``), as the duplicate check names them.

The stored standing is the worst verdict of every contact before the write (verdicts never
change when a later contact is added), so the new standing is the worse of it and the new
contact's verdict. The answer equals a full re-judge: ``tests/web/test_incremental.py``
checks it on random timelines written one by one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connections
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When

from followline.line import types as line
from followline.line.similarity import MIN_WORDS, comparable_counts
from followline.line.window import Before, burst_start, window_start
from followline.web.core import line_adapter

_WINDOW_FIELDS = ("id", "at", "party", "channel", "kind", "voicemail", "decision_within_days")
_FINAL = [str(line.EmployerKind.OFFER), str(line.EmployerKind.REJECTION)]


@dataclass(frozen=True)
class Rows:
    """One timeline as stored: its milestones, the contacts the line judges (each a query,
    never a prefetched list), its policy and zone, and the standing stored with it."""

    milestones: QuerySet[Any]
    contacts: QuerySet[Any]
    policy: line.Policy
    timezone: str
    standing: str


def judge_write(
    rows: Rows, now: datetime, *, contact: Any = None, milestone: Any = None
) -> line.Judgement | None:
    """The judgement after ``contact`` or ``milestone`` (a saved row) was added, from the
    window alone: the new contact's judgement (if any) and the whole timeline's standing,
    next step and promise as of ``now``. None when the row is not the latest of its
    timeline (see the module docstring): the caller re-judges everything."""
    if contact is not None:
        later = Q(at__gt=contact.at) | Q(at=contact.at, id__gt=contact.pk)
    else:
        later = Q(at__gte=milestone.at)
    if rows.contacts.filter(later).exists():
        return None
    milestones = [line_adapter.milestone_of(m) for m in rows.milestones.order_by("at", "id")]
    start = window_start(milestones, now if contact is None else min(now, contact.at))
    window_contacts = rows.contacts.order_by("at", "id")
    summary = Before()
    if start is not None:
        opens = milestones[start].at
        summary = _before(rows, opens)
        milestones = milestones[start:]
        window_contacts = window_contacts.filter(at__gte=burst_start(opens, rows.policy))
    found = [_contact(row) for row in _window_values(window_contacts, contact)]
    calls: tuple[datetime, ...] = ()
    if start is not None:
        calls = tuple(c.at for c in found if c.at < opens and _is_call(c))
        found = [c for c in found if c.at >= opens]
    contacts = tuple(found)
    is_letter = contact is not None and str(contact.party) == line.Party.CANDIDATE
    before = Before(
        contacts=summary.contacts,
        employer_has_written=summary.employer_has_written,
        ended=summary.ended,
        calls=calls,
        texts=_earlier_texts(rows, contact) if is_letter else (),
        standing=line.Verdict(rows.standing),
    )
    window = line.Timeline(tuple(milestones), contacts, rows.timezone or None)
    settled = len(contacts) - (1 if contact is not None else 0)
    return line_adapter.judge_window(window, rows.policy, now, before, settled=settled)


def _before(rows: Rows, opens: datetime) -> Before:
    """Step 3 of the module docstring."""
    employer = Q(party=line.Party.EMPLOYER)
    counts = rows.contacts.filter(at__lt=opens).aggregate(
        n=Count("id"),
        employer=Count("id", filter=employer),
        final=Count("id", filter=employer & Q(kind__in=_FINAL)),
    )
    return Before(
        contacts=counts["n"],
        employer_has_written=counts["employer"] > 0,
        ended=counts["final"] > 0,
    )


def _window_values(contacts: QuerySet[Any], new: Any) -> QuerySet[Any]:
    """Step 4: the fields the line reads, the text only where it is read here: a contact
    whose kind is still to be inferred from it, and the new contact (the settled contacts'
    letters are compared in step 5 alone)."""
    read = Q(kind="") if new is None else Q(kind="") | Q(pk=new.pk)
    text = Case(When(read, then=F("text")), default=Value(""), output_field=CharField())
    return contacts.annotate(text_read=text).values_list(*_WINDOW_FIELDS, "text_read")


# the engine's values by their stored names (a dict lookup per row, not an Enum call)
_PARTY = {str(p): p for p in line.Party}
_CHANNEL = {str(c): c for c in line.Channel}
_CANDIDATE_KIND = {str(k): k for k in line.CandidateKind}
_EMPLOYER_KIND = {str(k): k for k in line.EmployerKind}


def _contact(row: tuple[Any, ...]) -> line.Contact:
    """A window row as the engine's contact (as :func:`line_adapter.contact_of` makes it)."""
    _id, at, party, channel, kind, voicemail, days, text = row
    if party == line.Party.EMPLOYER:
        judged_kind: Any = _EMPLOYER_KIND[kind or line.EmployerKind.UPDATE]
    else:
        judged_kind = _CANDIDATE_KIND[kind] if kind else None
    return line.Contact(
        at, _PARTY[party], _CHANNEL[channel], judged_kind, text or None, voicemail, days
    )


def _is_call(contact: line.Contact) -> bool:
    return contact.party is line.Party.CANDIDATE and contact.channel is line.Channel.PHONE


def _earlier_texts(rows: Rows, contact: Any) -> tuple[tuple[int, str], ...]:
    """Step 5 of the module docstring: (index in the timeline, text) of every earlier
    candidate letter that could be found a repeat of ``contact``'s."""
    count = contact.text_words if contact.text_words is not None else 0
    if not contact.text or count < MIN_WORDS:
        return ()
    low, high = comparable_counts(count, rows.policy.duplicate_similarity)
    judged = rows.contacts.order_by().values("id", "at", "party", "text", "text_words")
    sql, params = judged.query.sql_with_params()
    query = (
        "SELECT n, text FROM (SELECT ROW_NUMBER() OVER (ORDER BY at, id) - 1 AS n,"
        f" id, party, text, text_words FROM ({sql}) judged) numbered"
        " WHERE party = %s AND id <> %s AND text <> ''"
        " AND (text_words IS NULL OR text_words BETWEEN %s AND %s) ORDER BY n"
    )
    with connections[rows.contacts.db].cursor() as cursor:
        cursor.execute(query, [*params, str(line.Party.CANDIDATE), contact.pk, low, high])
        return tuple((int(n), text) for n, text in cursor.fetchall())


def forget_rows(row: Any) -> None:
    """Drop a timeline row's prefetched milestones and contacts (a write made them stale)."""
    cache = getattr(row, "_prefetched_objects_cache", None)
    if cache:
        cache.pop("milestones", None)
        cache.pop("contacts", None)


def judgement_of(judgement: line.Judgement, contact: Any, rows: Any) -> line.ContactJudgement:
    """``contact``'s judgement in a whole timeline's ``judgement`` of ``rows`` (the judged
    contacts in time order)."""
    return judgement.contacts[[row.pk for row in rows].index(contact.pk)]
