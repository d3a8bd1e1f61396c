"""Judging applications with the engine (through the adapter) and storing the answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from followline.line.types import Action, Judgement
from followline.web.candidates.models import Application
from followline.web.core import line_adapter, wording


@dataclass(frozen=True)
class Plan:
    """An application with the engine's judgement and the plan in plain words."""

    application: Application
    judgement: Judgement
    sentence: str
    due: bool


def judge_application(app: Application, now: datetime) -> Judgement:
    """Judge with rows already fetched (``prefetch_related('milestones', 'contacts')``)."""
    return line_adapter.judge_rows(
        app.milestones.all(),
        app.contacts.all(),
        line_adapter.policy_of(app.policy),
        now,
        app.timezone,
    )


def plan_of(app: Application, now: datetime) -> Plan:
    judgement = judge_application(app, now)
    return Plan(
        application=app,
        judgement=judgement,
        sentence=wording.next_step(judgement.next, now, app.timezone),
        due=wording.is_due(judgement.next, now),
    )


def refresh(app: Application, now: datetime) -> Judgement:
    """Re-judge after a change and store the plan columns the overview sorts by."""
    judgement = judge_application(app, now)
    app.standing = str(judgement.standing)
    app.next_action = str(judgement.next.action)
    # something to do with no start date is due now; nothing to do sorts last (NULL)
    step = judgement.next
    app.next_at = (step.not_before or now) if step.action is not Action.NONE else None
    app.closed = judgement.employer.closed
    app.save(update_fields=["standing", "next_action", "next_at", "closed"])
    return judgement
