"""An application's plan in plain words, from the engine's judgement (see the model)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from followline.line.types import Judgement
from followline.web.applications.models import Application
from followline.web.core import wording


@dataclass(frozen=True)
class Plan:
    """An application with the engine's judgement and the plan in plain words."""

    application: Application
    judgement: Judgement
    sentence: str
    due: bool


def plan_of(app: Application, now: datetime) -> Plan:
    return plan_from(app, app.judge(now), now)


def plan_from(app: Application, judgement: Judgement, now: datetime) -> Plan:
    """The plan for a judgement already made (after a write: ``app.judgement``)."""
    return Plan(
        application=app,
        judgement=judgement,
        sentence=wording.next_step(judgement.next, now, app.timezone),
        due=wording.is_due(judgement.next, now),
    )
