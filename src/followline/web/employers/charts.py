"""Employer charts: promises kept versus lapsed per week, inbound follow-ups by kind.

A promise is made at every interview and every employer contact that leaves the process
open; the engine says when it falls due (we judge the timeline as it stood then). It was
kept when the team wrote again by that date, and lapsed when the date passed first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from functools import lru_cache
from types import SimpleNamespace

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.utils.safestring import SafeString

from followline.classify import infer_candidate_kind
from followline.line.types import (
    Contact,
    EmployerPromise,
    Milestone,
    MilestoneType,
    Policy,
    Timeline,
)
from followline.web.core import line_adapter
from followline.web.core.models import Party
from followline.web.core.svg import el, svg, text, title
from followline.web.core.wording import date_words
from followline.web.employers.models import (
    Candidate,
    CandidateContact,
    CandidateMilestone,
    Team,
)

WIDTH, HEIGHT = 520, 200
KIND_LABELS = {
    "thank_you": "Thank-yous",
    "status_inquiry": "Status inquiries",
    "reply": "Replies",
    "other": "Other",
    "call": "Phone calls",
}


def promise_outcomes(
    candidate: Candidate,
    now: datetime,
    milestones: list[Milestone] | None = None,
    employer: list[Contact] | None = None,
) -> list[tuple[datetime, bool]]:
    """(due, kept) for every promise of one candidate that has fallen due or been kept.

    A promise reads only the milestones and the employer's own contacts (the candidate's
    follow-ups never move it), so only those are judged; ``milestones`` and ``employer``
    (as the engine's objects) when the caller read them already (:func:`promise_weeks`)."""
    opening = candidate.opening
    if milestones is None:
        milestones = [line_adapter.milestone_of(m) for m in candidate.milestones.all()]
    if employer is None:
        employer = [
            line_adapter.contact_of(c)
            for c in candidate.judged_contacts()
            if c.party == Party.EMPLOYER
        ]
    return _outcomes(opening.line_policy(), opening.timezone, milestones, employer, now)


def _outcomes(
    policy: Policy, tz: str, milestones: list[Milestone], employer: list[Contact], now: datetime
) -> list[tuple[datetime, bool]]:
    milestones = sorted(milestones, key=lambda m: m.at)
    employer = sorted(employer, key=lambda c: c.at)
    employer_times = [c.at for c in employer]
    made = sorted([m.at for m in milestones if m.type == "interview"] + employer_times)
    out = []
    for at in made:  # the timeline as it stood when the promise was made
        then = _promise_made(
            Timeline(
                tuple(m for m in milestones if m.at <= at),
                tuple(c for c in employer if c.at <= at),
                tz or None,
            ),
            policy,
            at,
        )
        if then.due is None or then.closed:
            continue
        answer = next((t for t in employer_times if t > at), None)
        if answer is not None and answer <= then.due:
            out.append((then.due, True))
        elif then.due < now:
            out.append((then.due, False))
    return out


@lru_cache(maxsize=8192)
def _promise_made(timeline: Timeline, policy: Policy, at: datetime) -> EmployerPromise:
    """The employer's promise as the timeline stood at ``at``. Remembered per process: it
    depends on nothing else (the rows up to then are in the key, so a new or changed row is
    a new key), and the team page asks it for every promise of every recent candidate."""
    return line_adapter.judge_timeline(timeline, policy, at).employer


def promise_weeks(team: Team, now: datetime, weeks: int) -> list[tuple[datetime, int, int]]:
    """(week start, kept, lapsed) for the last ``weeks`` + 1 weeks: the chart's data, also
        shown as a table beside it. Three queries (candidates with their opening's line,
    milestones, employer contacts), the rows as tuples (no model per row)."""
    since = now - timedelta(weeks=weeks)
    recent = {"opening__team": team, "promise_due_at__gte": since - timedelta(weeks=4)}
    candidates = Candidate.objects.filter(**recent).values_list(
        "pk", "opening_id", "opening__policy", "opening__promise_days", "opening__timezone"
    )
    openings: dict[int, tuple[Policy, str]] = {}
    for _, opening, spec, days, tz in candidates:
        if opening not in openings:  # as Opening.line_policy() makes it
            openings[opening] = (line_adapter.policy_of(spec, response_window_days=days), tz)
    milestones: defaultdict[int, list[Milestone]] = defaultdict(list)
    for pk, *row in CandidateMilestone.objects.filter(
        **{f"candidate__{k}": v for k, v in recent.items()}
    ).values_list("candidate_id", "type", "at", "decision_within_days"):
        milestones[pk].append(Milestone(MilestoneType(row[0]), row[1], row[2]))
    employer: defaultdict[int, list[Contact]] = defaultdict(list)
    for pk, *row in CandidateContact.objects.filter(
        **{f"candidate__{k}": v for k, v in recent.items()},
        party=Party.EMPLOYER,
        spam=False,
        is_application=False,
    ).values_list("candidate_id", "at", "channel", "kind", "decision_within_days"):
        employer[pk].append(
            line_adapter.contact_of(
                SimpleNamespace(
                    at=row[0],
                    party=Party.EMPLOYER,
                    channel=row[1],
                    kind=row[2],
                    text="",
                    voicemail=None,
                    decision_within_days=row[3],
                )
            )
        )
    start = (since - timedelta(days=since.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    kept: Counter[int] = Counter()
    lapsed: Counter[int] = Counter()
    for pk, opening, *_ in candidates:
        policy, tz = openings[opening]
        for due, ok in _outcomes(policy, tz, milestones[pk], employer[pk], now):
            if due >= start:
                week = (due - start).days // 7
                (kept if ok else lapsed)[week] += 1
    return [(start + timedelta(weeks=w), kept[w], lapsed[w]) for w in range(weeks + 1)]


def promises_chart(team: Team, now: datetime, weeks: int, data: list | None = None) -> SafeString:
    """Kept and lapsed promises as stacked bars per week (``data``: :func:`promise_weeks`,
    computed here when not given)."""
    data = data if data is not None else promise_weeks(team, now, weeks)
    start = data[0][0]
    kept = Counter({w: k for w, (_, k, _) in enumerate(data)})
    lapsed = Counter({w: n for w, (_, _, n) in enumerate(data)})
    n = len(data)
    top = max([kept[w] + lapsed[w] for w in range(n)] + [1])
    bar_w = (WIDTH - 60) / n
    body = [el("line", x1=40, y1=160, x2=WIDTH - 10, y2=160, class_="axis")]
    for w in range(n):
        bx = 44 + w * bar_w
        hk = 130 * kept[w] / top
        hl = 130 * lapsed[w] / top
        label = start + timedelta(weeks=w)
        tip = f"Week of {date_words(label)}: {kept[w]} kept, {lapsed[w]} lapsed"
        body.append(
            el(
                "rect",
                title(tip),
                x=f"{bx:.1f}",
                y=f"{160 - hk:.1f}",
                width=f"{bar_w * 0.7:.1f}",
                height=f"{hk:.1f}",
                class_="bar kept",
            )
        )
        body.append(
            el(
                "rect",
                title(tip),
                x=f"{bx:.1f}",
                y=f"{160 - hk - hl:.1f}",
                width=f"{bar_w * 0.7:.1f}",
                height=f"{hl:.1f}",
                class_="bar lapsed",
            )
        )
        body.append(
            text(
                bx + bar_w * 0.35,
                176,
                f"{label.day} {label:%b}",
                class_="tick-label",
                text_anchor="middle",
            )
        )
    body.append(text(40, 14, f"max {top}", class_="tick-label"))
    body.append(el("rect", x=44, y=186, width=10, height=10, class_="bar kept"))
    body.append(text(58, 195, "kept", class_="legend"))
    body.append(el("rect", x=100, y=186, width=10, height=10, class_="bar lapsed"))
    body.append(text(114, 195, "lapsed", class_="legend"))
    return svg(WIDTH, HEIGHT, body, "Promises kept versus lapsed per week")


def kind_of(contact) -> str:
    if contact.channel == "phone":
        return "call"
    if contact.kind:
        return contact.kind
    return str(infer_candidate_kind(contact.text, contact.subject or ""))


def inbound_counts(contacts: QuerySet) -> Counter:
    """Inbound follow-ups per kind (the chart's data, also shown as a table): one query of
    tuples, the text and subject only where the kind is still to be read from them."""
    unread = Q(kind="") & ~Q(channel="phone")
    rows = contacts.values_list(
        "channel",
        "kind",
        Case(When(unread, then=F("text")), default=Value(""), output_field=CharField()),
        Case(When(unread, then=F("subject")), default=Value(""), output_field=CharField()),
    )
    return Counter(
        kind_of(SimpleNamespace(channel=c, kind=k, text=t, subject=s)) for c, k, t, s in rows
    )


def inbound_chart(contacts: QuerySet, counts: Counter | None = None) -> SafeString:
    counts = counts if counts is not None else inbound_counts(contacts)
    top = max([*counts.values(), 1])
    body = []
    for i, (kind, label) in enumerate(KIND_LABELS.items()):
        y = 16 + i * 34
        w = 300 * counts[kind] / top
        body.append(text(0, y + 15, label, class_="bar-label"))
        body.append(
            el(
                "rect",
                title(f"{label}: {counts[kind]}"),
                x=130,
                y=y,
                width=f"{w:.1f}",
                height=22,
                class_=f"bar kind-{kind}",
            )
        )
        body.append(text(136 + w, y + 16, str(counts[kind]), class_="bar-value"))
    return svg(WIDTH, HEIGHT, body, "Inbound follow-ups by kind")


def promises_summary(data: list[tuple[datetime, int, int]]) -> str:
    """The promises chart in one sentence (its text alternative)."""
    kept, lapsed = sum(k for _, k, _ in data), sum(n for _, _, n in data)
    if kept + lapsed == 0:
        return f"No promise has fallen due in these {len(data)} weeks yet: nothing to show."
    words = f"In {len(data)} weeks, {kept} promise{'s' if kept != 1 else ''} kept"
    words += f" and {lapsed} lapsed"
    if lapsed:
        worst = max(data, key=lambda row: row[2])[0]
        words += f"; most lapsed in the week of {date_words(worst)}"
    return words + "."


def inbound_summary(counts: Counter) -> str:
    """The inbound chart in one sentence (its text alternative)."""
    total = sum(counts.values())
    if not total:
        return "No inbound follow-ups in these 8 weeks: nothing to show."
    kind, n = counts.most_common(1)[0]
    return (
        f"{total} inbound follow-up{'s' if total != 1 else ''} in 8 weeks; "
        f"the most: {KIND_LABELS.get(kind, kind).lower()} ({n})."
    )
