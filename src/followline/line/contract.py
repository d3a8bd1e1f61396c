"""The ``judge`` JSON contract: plain data in, plain data out (docs/line.md, "The judge
contract").

:func:`load_timeline` validates a parsed JSON/YAML document field by field and raises
:class:`~followline.line.errors.InputError` naming the first bad field and its position;
:func:`judgement_to_dict` writes a :class:`~followline.line.types.Judgement` back as plain data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from enum import StrEnum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from followline.line.errors import InputError
from followline.line.policy import DEFAULT_POLICY, get_policy, load_policy
from followline.line.types import (
    CandidateKind,
    Channel,
    Contact,
    ContactJudgement,
    EmployerKind,
    Judgement,
    Milestone,
    MilestoneType,
    Party,
    Policy,
    Reason,
    Timeline,
)

_TOP_FIELDS = {"policy", "timezone", "now", "milestones", "contacts"}
_MILESTONE_FIELDS = {"type", "at", "decision_within_days", "rounds", "start_date", "note"}
_CONTACT_FIELDS = {
    "at",
    "from",
    "channel",
    "kind",
    "text",
    "voicemail",
    "decision_within_days",
    "subject",
    "note",
}

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class TimelineInput:
    """A parsed ``judge`` document: the timeline, its policy, and ``now`` when it gave one."""

    timeline: Timeline
    policy: Policy
    now: datetime | None


def load_timeline(data: Any, *, policy: Policy | None = None) -> TimelineInput:
    """Validate a ``judge`` document. ``policy``, when given, overrides the document's."""
    if not isinstance(data, Mapping):
        raise InputError("", "the document must be an object with milestones and contacts")
    _no_unknown(data, _TOP_FIELDS, "")
    tz = _zone(data.get("timezone"))
    if policy is None:
        policy = load_policy(data.get("policy", DEFAULT_POLICY))
    now = None if data.get("now") is None else _instant(data["now"], "now", tz)
    milestones = tuple(
        _milestone(item, f"milestones[{i}]", tz) for i, item in enumerate(_list(data, "milestones"))
    )
    contacts = tuple(
        _contact(item, f"contacts[{i}]", tz) for i, item in enumerate(_list(data, "contacts"))
    )
    timezone = data.get("timezone")
    return TimelineInput(Timeline(milestones, contacts, timezone), policy, now)


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(key, "must be a list")
    return value


def _no_unknown(data: Mapping[str, Any], known: set[str], path: str) -> None:
    for key in data:
        if key not in known:
            where = f"{path}.{key}" if path else str(key)
            raise InputError(where, f"unknown field (known: {', '.join(sorted(known))})")


def _zone(name: Any) -> tzinfo | None:
    if name is None:
        return None
    if not isinstance(name, str):
        raise InputError("timezone", "must be an IANA time zone name such as 'America/Chicago'")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError("timezone", f"unknown time zone {name!r}") from None


def _instant(value: Any, path: str, tz: tzinfo | None) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise InputError(
                path, f"{value!r} is not an ISO 8601 date-time such as 2026-11-02T10:00:00-06:00"
            ) from None
    else:
        raise InputError(path, f"must be an ISO 8601 date-time, not {value!r}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        if tz is None:
            raise InputError(
                path, f"{value!s} has no UTC offset; add one or give a top-level timezone"
            )
        moment = moment.replace(tzinfo=tz)
    return moment


def _enum(enum: type[E], value: Any, path: str) -> E:
    try:
        return enum(value)
    except ValueError:
        known = ", ".join(e.value for e in enum)
        raise InputError(path, f"{value!r} is not one of: {known}") from None


def _days(value: Any, path: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(path, f"must be a whole number of days, not {value!r}")
    if value < 0:
        raise InputError(path, f"must not be negative ({value})")
    if value > 3660:
        raise InputError(path, f"{value} days is more than ten years")
    return value


def _object(item: Any, path: str, known: set[str]) -> Mapping[str, Any]:
    if not isinstance(item, Mapping):
        raise InputError(path, "must be an object")
    _no_unknown(item, known, path)
    if "at" not in item:
        raise InputError(f"{path}.at", "is required")
    return item


def _milestone(item: Any, path: str, tz: tzinfo | None) -> Milestone:
    item = _object(item, path, _MILESTONE_FIELDS)
    if "type" not in item:
        raise InputError(f"{path}.type", "is required (applied or interview)")
    rounds = item.get("rounds")
    if rounds is not None and (
        isinstance(rounds, bool) or not isinstance(rounds, int) or rounds < 1
    ):
        raise InputError(f"{path}.rounds", f"must be a whole number of at least 1, not {rounds!r}")
    start = item.get("start_date")
    if start is not None:
        start = _instant(start, f"{path}.start_date", tz or ZoneInfo("UTC")).date()
    return Milestone(
        type=_enum(MilestoneType, item["type"], f"{path}.type"),
        at=_instant(item["at"], f"{path}.at", tz),
        decision_within_days=_days(
            item.get("decision_within_days"), f"{path}.decision_within_days"
        ),
        rounds=rounds,
        start_date=start,
    )


def _contact(item: Any, path: str, tz: tzinfo | None) -> Contact:
    item = _object(item, path, _CONTACT_FIELDS)
    party = _enum(Party, item.get("from", "candidate"), f"{path}.from")
    kind_value = item.get("kind")
    kind: CandidateKind | EmployerKind | None = None
    if kind_value is not None:
        if party is Party.CANDIDATE:
            kind = _enum(CandidateKind, kind_value, f"{path}.kind")
        else:
            kind = _enum(EmployerKind, kind_value, f"{path}.kind")
    text = item.get("text")
    if text is not None and not isinstance(text, str):
        raise InputError(f"{path}.text", "must be text")
    subject = item.get("subject")
    if subject is not None and not isinstance(subject, str):
        raise InputError(f"{path}.subject", "must be text")
    if subject and text:
        text = f"{subject}\n{text}"
    elif subject:
        text = subject
    voicemail = item.get("voicemail")
    if voicemail is not None and not isinstance(voicemail, bool):
        raise InputError(f"{path}.voicemail", f"must be true or false, not {voicemail!r}")
    return Contact(
        at=_instant(item["at"], f"{path}.at", tz),
        party=party,
        channel=_enum(Channel, item.get("channel", "email"), f"{path}.channel"),
        kind=kind,
        text=text,
        voicemail=voicemail,
        decision_within_days=_days(
            item.get("decision_within_days"), f"{path}.decision_within_days"
        ),
    )


def judgement_to_dict(judgement: Judgement, tz: tzinfo | None = None) -> dict[str, Any]:
    """The contract's output. Instants are written in ``tz`` when given (the timeline's zone)."""

    def when(moment: datetime | None) -> str | None:
        if moment is None:
            return None
        return (moment.astimezone(tz) if tz else moment).isoformat()

    nxt = judgement.next
    return {
        "policy": judgement.policy,
        "contacts": [_contact_dict(c) for c in judgement.contacts],
        "standing": judgement.standing.value,
        "next": {
            "action": nxt.action.value,
            "not_before": when(nxt.not_before),
            "channel": nxt.channel.value if nxt.channel else None,
            "reason": _reason_dict(nxt.reason) if nxt.reason else None,
        },
        "employer": {
            "due": when(judgement.employer.due),
            "overdue": judgement.employer.overdue,
            "closed": judgement.employer.closed,
        },
    }


def _contact_dict(c: ContactJudgement) -> dict[str, Any]:
    return {
        "index": c.index,
        "from": c.party.value,
        "kind": c.kind.value,
        "kind_inferred": c.kind_inferred,
        "verdict": c.verdict.value if c.verdict else None,
        "counts": c.counts,
        "reasons": [_reason_dict(r) for r in c.reasons],
        "warnings": [_reason_dict(r) for r in c.warnings],
    }


def _reason_dict(r: Reason) -> dict[str, str]:
    out = {"rule": r.rule, "says": r.says, "source": r.source}
    if r.detail:
        out["detail"] = r.detail
    return out


def zone_of(data: Any) -> tzinfo | None:
    """The document's time zone, for writing output instants (None when it names none)."""
    if isinstance(data, Mapping) and isinstance(data.get("timezone"), str):
        return _zone(data["timezone"])
    return None


__all__ = ["TimelineInput", "get_policy", "judgement_to_dict", "load_timeline", "zone_of"]
