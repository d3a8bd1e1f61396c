"""A timeline: milestones and contacts on a time axis, the allowed window shaded,
verdicts coloured, the employer's promise and today marked.

Everything it shows comes from the rows and the engine's :class:`Judgement`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.utils.safestring import SafeString

from followline.line.types import Action, Judgement
from followline.web.core import wording
from followline.web.core.svg import el, svg, text, title

WIDTH, HEIGHT = 760, 170
LEFT, RIGHT = 24, 24
AXIS_Y = 92
ACTION_LABEL = {
    Action.THANK_YOU: "thank-you welcome",
    Action.STATUS_INQUIRY: "status inquiry welcome",
}


def timeline_svg(
    milestones: Iterable, contacts: Sequence, judgement: Judgement, now: datetime, tz: str
) -> SafeString:
    milestones = list(milestones)
    points = [m.at for m in milestones] + [c.at for c in contacts] + [now]
    step, due = judgement.next, judgement.employer.due
    if step.action is not Action.NONE and step.not_before:
        points.append(step.not_before)
    if due:
        points.append(due)
    # an absurd date (year 9999, say) must not push the axis past what datetime can hold
    earliest, latest = now - timedelta(days=36525), now + timedelta(days=3653)
    points = [min(max(p, earliest), latest) for p in points]
    start, end = min(points), max(points)
    span = max(end - start, timedelta(days=7))
    start, end = start - span * 0.06, start + span * 1.2
    scale = (WIDTH - LEFT - RIGHT) / (end - start).total_seconds()

    def x(at: datetime) -> float:
        return LEFT + (at - start).total_seconds() * scale

    body: list[str] = []
    if step.action is not Action.NONE:
        x0 = x(max(step.not_before or now, start))
        body.append(
            el(
                "rect",
                title(
                    f"{ACTION_LABEL[step.action]} from {wording.when(step.not_before or now, tz)}"
                ),
                x=f"{x0:.1f}",
                y=18,
                width=f"{WIDTH - RIGHT - x0:.1f}",
                height=120,
                class_="window",
            )
        )
        body.append(
            text(
                WIDTH - RIGHT - 4,
                30,
                ACTION_LABEL[step.action],
                class_="window-label",
                text_anchor="end",
            )
        )
    body.append(el("line", x1=LEFT, y1=AXIS_Y, x2=WIDTH - RIGHT, y2=AXIS_Y, class_="axis"))
    body.extend(_ticks(start, end, x, tz))
    for m in milestones:
        mx = x(m.at)
        label = "Applied" if m.type == "applied" else "Interview"
        body.append(
            el(
                "line",
                title(f"{label}, {wording.when(m.at, tz)}"),
                x1=f"{mx:.1f}",
                y1=40,
                x2=f"{mx:.1f}",
                y2=AXIS_Y + 30,
                class_="milestone",
            )
        )
        body.append(text(mx + 3, 48, label, class_="milestone-label"))
    if due:
        dx = x(due)
        cls = "due overdue" if judgement.employer.overdue else "due"
        body.append(
            el(
                "line",
                title(f"Employer promised an answer by {wording.when(due, tz)}"),
                x1=f"{dx:.1f}",
                y1=60,
                x2=f"{dx:.1f}",
                y2=AXIS_Y + 40,
                class_=cls,
            )
        )
        body.append(text(dx + 3, AXIS_Y + 40, "reply due", class_="due-label"))
    nx = x(now)
    body.append(el("line", x1=f"{nx:.1f}", y1=18, x2=f"{nx:.1f}", y2=138, class_="now"))
    body.append(text(nx + 3, 152, "today", class_="now-label"))
    for row, cj in zip(contacts, judgement.contacts, strict=True):
        body.append(_contact(x(row.at), row, cj, tz))
    return svg(WIDTH, HEIGHT, body, "Timeline of milestones and contacts")


def _contact(cx: float, row, cj, tz: str) -> str:
    kind = str(cj.kind).replace("_", " ")
    when = wording.when(row.at, tz)
    if cj.verdict is None:
        tip = f"Employer {kind}, {when}"
        return el(
            "rect",
            title(tip),
            x=f"{cx - 6:.1f}",
            y=AXIS_Y + 8,
            width=12,
            height=12,
            class_="dot v-employer",
        )
    reason = wording.sic(cj.reasons[0].says) if cj.reasons else ""
    tip = f"{kind} by {row.channel}, {when}: {cj.verdict}. {reason}"
    return el(
        "circle",
        title(tip),
        cx=f"{cx:.1f}",
        cy=AXIS_Y - 14,
        r=7,
        class_=f"dot {wording.verdict_class(cj.verdict)}",
    )


def _ticks(start: datetime, end: datetime, x, tz: str) -> list[str]:
    days = max(1, (end - start).days)
    step = max(1, math.ceil(days / 9))
    local = start.astimezone(wording.zone(tz)).replace(
        hour=0, minute=0, second=0, microsecond=0
    ) + timedelta(days=1)
    out = []
    while local < end:
        tx = x(local)
        out.append(
            el("line", x1=f"{tx:.1f}", y1=AXIS_Y - 3, x2=f"{tx:.1f}", y2=AXIS_Y + 3, class_="tick")
        )
        out.append(
            text(tx, 166, f"{local.day} {local:%b}", class_="tick-label", text_anchor="middle")
        )
        local += timedelta(days=step)
    return out
