"""The two CSV inputs of triage: a phone system's call log and the employer's interviews.

**Call log** (``--calls``): one row per call, with a header naming the columns ``time``,
``number``, ``duration`` (seconds, or ``m:ss``) and ``voicemail`` (yes/no, true/false,
1/0). Other columns are ignored; ``caller``, ``from`` and ``phone`` are accepted for
``number``, ``at``/``date`` for ``time``. Example::

    time,number,duration,voicemail
    2026-11-03T09:14:00-06:00,(312) 555-0142,0:41,no

**Interviews** (``--interviews``): one row per interview: ``candidate`` (an email
address), ``interview`` (its time), optional ``decision_within_days`` (what the employer
said), optional ``phone`` (to match calls) and optional ``applied`` (when they applied).
Example::

    candidate,interview,decision_within_days,phone
    ann.lee@example.com,2026-11-02T10:00:00-06:00,10,312-555-0142

Times are ISO 8601; a time without an offset is read in the ``timezone`` given (UTC by
default). A malformed row raises :class:`CsvError` naming the file and line.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from followline.mail.addresses import normalise_address, normalise_phone

_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}


class CsvError(ValueError):
    """A CSV row that cannot be read; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Call:
    at: datetime
    number: str  # E.164 when it could be normalised, else as written
    duration_s: int | None
    voicemail: bool
    line: int


@dataclass(frozen=True, slots=True)
class Interview:
    candidate: str  # normalised address
    at: datetime
    decision_within_days: int | None
    phone: str | None
    applied: datetime | None


def _time(value: str, zone: tzinfo, where: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise CsvError(f"{where}: not an ISO 8601 time: {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


def _column(row: dict[str, str], *names: str) -> str:
    for name in names:
        if row.get(name) is not None:
            return row[name].strip()
    return ""


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with open(path, newline="", encoding="utf-8-sig") as stream:
        reader = csv.DictReader(stream)
        if reader.fieldnames is None:
            return
        reader.fieldnames = [name.strip().lower() for name in reader.fieldnames]
        for row in reader:
            yield reader.line_num, row


def _duration(value: str, where: str) -> int | None:
    if not value:
        return None
    try:
        if ":" in value:
            minutes, seconds = value.rsplit(":", 1)
            return int(minutes or 0) * 60 + int(seconds)
        return round(float(value))
    except ValueError as exc:
        raise CsvError(f"{where}: not a duration: {value!r}") from exc


def read_calls(path: Path, zone: tzinfo, region: str) -> Iterator[Call]:
    """The calls of a call-log CSV, row by row."""
    for line, row in _rows(path):
        where = f"{path}:{line}"
        raw_number = _column(row, "number", "caller", "from", "phone")
        if not raw_number:
            raise CsvError(f"{where}: no number")
        voicemail = _column(row, "voicemail", "voice_mail", "vm").lower()
        if voicemail not in _TRUE | _FALSE:
            raise CsvError(f"{where}: voicemail must be yes or no, not {voicemail!r}")
        yield Call(
            at=_time(_column(row, "time", "at", "date"), zone, where),
            number=normalise_phone(raw_number, region) or raw_number,
            duration_s=_duration(_column(row, "duration"), where),
            voicemail=voicemail in _TRUE,
            line=line,
        )


def read_interviews(path: Path, zone: tzinfo, region: str) -> list[Interview]:
    """All interviews of an interviews CSV (a small file: read whole)."""
    interviews = []
    for line, row in _rows(path):
        where = f"{path}:{line}"
        candidate = normalise_address(_column(row, "candidate", "email", "address"))
        if "@" not in candidate:
            raise CsvError(f"{where}: candidate must be an email address")
        days = _column(row, "decision_within_days")
        phone = _column(row, "phone")
        applied = _column(row, "applied")
        try:
            decision = int(days) if days else None
        except ValueError as exc:
            raise CsvError(f"{where}: decision_within_days must be a whole number") from exc
        interviews.append(
            Interview(
                candidate=candidate,
                at=_time(_column(row, "interview", "time", "at"), zone, where),
                decision_within_days=decision,
                phone=normalise_phone(phone, region) if phone else None,
                applied=_time(applied, zone, where) if applied else None,
            )
        )
    return interviews
