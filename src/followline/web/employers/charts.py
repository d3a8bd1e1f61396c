"""Employer charts: promises kept versus lapsed per week, inbound follow-ups by kind.

A promise is made at every interview and every employer contact that leaves the process
open; the engine says when it falls due (we judge the timeline as it stood then). It was
kept when the team wrote again by that date, and lapsed when the date passed first.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils.safestring import SafeString

from followline.classify import infer_candidate_kind
from followline.web.core import line_adapter
from followline.web.core.svg import el, svg, text, title
from followline.web.employers.models import Candidate, Team

WIDTH, HEIGHT = 520, 200
KIND_LABELS = {
    "thank_you": "Thank-yous",
    "status_inquiry": "Status inquiries",
    "reply": "Replies",
    "other": "Other",
    "call": "Phone calls",
}


def promise_outcomes(candidate: Candidate, now: datetime) -> list[tuple[datetime, bool]]:
    """(due, kept) for every promise of one candidate that has fallen due or been kept."""
    opening = candidate.opening
    policy = opening.line_policy()
    milestones = list(candidate.milestones.all())
    contacts = candidate.judged_contacts()
    employer_times = sorted(c.at for c in contacts if c.party == "employer")
    made = sorted([m.at for m in milestones if m.type == "interview"] + employer_times)
    out = []
    for at in made:
        then = line_adapter.judge_rows(
            [m for m in milestones if m.at <= at],
            [c for c in contacts if c.at <= at],
            policy,
            at,
            opening.timezone,
        ).employer
        if then.due is None or then.closed:
            continue
        answer = next((t for t in employer_times if t > at), None)
        if answer is not None and answer <= then.due:
            out.append((then.due, True))
        elif then.due < now:
            out.append((then.due, False))
    return out


def promises_chart(team: Team, now: datetime, weeks: int) -> SafeString:
    since = now - timedelta(weeks=weeks)
    candidates = (
        Candidate.objects.filter(opening__team=team)
        .filter(promise_due_at__gte=since - timedelta(weeks=4))
        .select_related("opening")
        .prefetch_related("milestones", "contacts")
    )
    start = (since - timedelta(days=since.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    kept: Counter[int] = Counter()
    lapsed: Counter[int] = Counter()
    for candidate in candidates:
        for due, ok in promise_outcomes(candidate, now):
            if due >= start:
                week = (due - start).days // 7
                (kept if ok else lapsed)[week] += 1
    n = weeks + 1
    top = max([kept[w] + lapsed[w] for w in range(n)] + [1])
    bar_w = (WIDTH - 60) / n
    body = [el("line", x1=40, y1=160, x2=WIDTH - 10, y2=160, class_="axis")]
    for w in range(n):
        bx = 44 + w * bar_w
        hk = 130 * kept[w] / top
        hl = 130 * lapsed[w] / top
        label = start + timedelta(weeks=w)
        tip = f"Week of {label:%d %b}: {kept[w]} kept, {lapsed[w]} lapsed"
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


def inbound_chart(contacts: QuerySet) -> SafeString:
    counts = Counter(kind_of(c) for c in contacts.only("channel", "kind", "text", "subject"))
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
