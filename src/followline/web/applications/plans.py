"""An application's plan in plain words, from the engine's judgement (see the model)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from followline.line.types import Action, Judgement, NextStep
from followline.web.applications.models import Application
from followline.web.core import wording

ARCHIVED = "Archived: the plan is stopped, with no next step and no reminders."
CLOSED = "Closed: the plan is stopped, with no next step and no reminders."


@dataclass(frozen=True)
class Plan:
    """An application with the engine's judgement and the plan in plain words. A stopped
    plan (archived, or in the closed stage) has no step to take: its judgement's ``next``
    is "none" whatever the engine said (the verdicts of its contacts stay)."""

    application: Application
    judgement: Judgement
    sentence: str
    due: bool
    stopped: bool = False


def plan_of(app: Application, now: datetime) -> Plan:
    return plan_from(app, app.judge(now), now)


def plan_from(app: Application, judgement: Judgement, now: datetime) -> Plan:
    """The plan for a judgement already made (after a write: ``app.judgement``)."""
    if app.plan_stopped:
        sentence = ARCHIVED if app.archived else CLOSED
        stopped = judgement._replace(next=NextStep(Action.NONE))
        return Plan(app, stopped, sentence, due=False, stopped=True)
    return Plan(
        application=app,
        judgement=judgement,
        sentence=wording.next_step(judgement.next, now, app.timezone),
        due=wording.is_due(judgement.next, now),
    )
