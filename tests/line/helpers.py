"""Small builders for timelines written as the judge contract's plain data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from followline.classify import infer_candidate_kind
from followline.line import Judgement, get_policy, judge, load_timeline

TZ = "America/Chicago"
INTERVIEW = "2026-11-02T10:00:00"


def run(
    contacts: list[dict[str, Any]],
    *,
    now: str = "2026-12-01T09:00:00",
    milestones: list[dict[str, Any]] | None = None,
    policy: str | dict[str, Any] = "two-email",
    timezone: str = TZ,
) -> Judgement:
    data = {
        "timezone": timezone,
        "policy": policy,
        "milestones": milestones
        if milestones is not None
        else [{"type": "interview", "at": INTERVIEW}],
        "contacts": contacts,
    }
    parsed = load_timeline(data)
    moment = datetime.fromisoformat(now)
    if moment.tzinfo is None:
        from zoneinfo import ZoneInfo

        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    return judge(parsed.timeline, parsed.policy, moment, infer_kind=infer_candidate_kind)


def verdicts(result: Judgement) -> list[str | None]:
    return [c.verdict.value if c.verdict else None for c in result.contacts]


def rules_of(result: Judgement, index: int) -> list[str]:
    return [r.rule for r in result.contacts[index].reasons]


def email(at: str, kind: str | None = None, text: str | None = None, **extra: Any) -> dict:
    contact: dict[str, Any] = {"at": at, "from": "candidate", "channel": "email"}
    if kind:
        contact["kind"] = kind
    if text:
        contact["text"] = text
    contact.update(extra)
    return contact


def call(at: str, voicemail: bool = False) -> dict:
    return {"at": at, "from": "candidate", "channel": "phone", "voicemail": voicemail}


def employer(at: str, kind: str, **extra: Any) -> dict:
    return {"at": at, "from": "employer", "channel": "email", "kind": kind, **extra}


__all__ = ["call", "email", "employer", "get_policy", "rules_of", "run", "verdicts"]
