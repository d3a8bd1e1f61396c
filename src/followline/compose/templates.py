"""Drafts rendered from templates that a user or a team may override.

Each kind of draft has three parts: ``subject`` (one line), ``text`` and ``html``. The
built-in templates live next to this module in ``drafts/{kind}.{part}``. A user's or a
team's own version is found through a :class:`TemplateStore` (the web app stores them in
the database; see :class:`followline.web.outbox.templates_store.DatabaseTemplateStore`).

Lookup order for every part separately: the user's override, then the team's, then the
built-in one. Templates are Jinja2, rendered in a sandbox with a time, size and arithmetic
budget (:mod:`followline.compose.sandbox`: they are edited by users); the HTML part is
autoescaped, the subject is collapsed to a single line. An override that fails when a draft
is rendered is reported to the store (``record_failure``, when it has one) and the built-in
part is used instead, so one user's broken template never stops anybody's mail.

>>> d = render_draft("status_inquiry", {"candidate_name": "Ann Lee", "company": "Acme",
...     "role": "Baker", "contact_name": "Mr Cole", "interview_date": "2 November"})
>>> d.subject
'Baker position: checking in'
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from typing import Any, Protocol

from jinja2 import StrictUndefined

from followline.compose.headers import single_line
from followline.compose.sandbox import Budget, render

log = logging.getLogger("followline.compose")

# Built-in templates are ours: their budget only bounds what the data can make them do.
TRUSTED_BUDGET = Budget(
    seconds=60, output=50_000_000, allocation=500_000_000, object_size=100_000_000
)


class DraftKind(StrEnum):
    THANK_YOU = "thank_you"
    STATUS_INQUIRY = "status_inquiry"
    EMPLOYER_UPDATE = "employer_update"
    REJECTION = "rejection"
    CANDIDATE_REMINDER = "candidate_reminder"
    PROMISE_DIGEST = "promise_digest"


PARTS = ("subject", "text", "html")
_FILE_SUFFIX = {"subject": "subject.txt", "text": "txt", "html": "html"}


@dataclass(frozen=True, slots=True)
class Draft:
    kind: str
    subject: str
    text: str
    html: str


class TemplateStore(Protocol):
    """Where overrides live. Return ``None`` when the owner has no override for that part."""

    def get(self, kind: str, part: str, *, scope: str, owner_id: int) -> str | None: ...


class DraftTemplateError(ValueError):
    """A template does not compile or does not render (message says where)."""


def builtin_source(kind: str, part: str) -> str:
    if kind not in DraftKind.__members__.values() or part not in PARTS:
        raise DraftTemplateError(f"unknown template {kind}.{part}")
    name = f"{kind}.{_FILE_SUFFIX[part]}"
    folder = resources.files("followline.compose").joinpath("drafts")
    return folder.joinpath(name).read_text("utf-8")


def find_source(
    kind: str,
    part: str,
    *,
    store: TemplateStore | None = None,
    user_id: int | None = None,
    team_id: int | None = None,
) -> str:
    """The template text in force: user override, then team override, then built-in."""
    found = find_override(kind, part, store=store, user_id=user_id, team_id=team_id)
    return found[2] if found is not None else builtin_source(kind, part)


def find_override(
    kind: str,
    part: str,
    *,
    store: TemplateStore | None = None,
    user_id: int | None = None,
    team_id: int | None = None,
) -> tuple[str, int, str] | None:
    """(scope, owner id, source) of the override in force, or ``None`` for the built-in."""
    if store is not None:
        for scope, owner_id in (("user", user_id), ("team", team_id)):
            if owner_id is not None:
                found = store.get(kind, part, scope=scope, owner_id=owner_id)
                if found is not None:
                    return scope, owner_id, found
    return None


def render_source(
    source: str, context: Mapping[str, Any], *, part: str, budget: Budget | None = None
) -> str:
    """Render one part within ``budget`` (the default: a user's template's); raises
    :class:`DraftTemplateError` with the reason."""
    try:
        out = render(
            source,
            context,
            budget=budget,
            autoescape=part == "html",
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    except RecursionError as exc:
        raise DraftTemplateError(f"{part}: the template calls itself without end") from exc
    except Exception as exc:  # a user's template: any failure is the template's
        raise DraftTemplateError(f"{part}: {exc}") from exc
    return single_line(out) if part == "subject" else out


def validate_source(source: str, kind: str, part: str) -> None:
    """Check that an edited template renders, within its budget, with every data shape its
    kind meets (:func:`data_shapes`: the example, other values, many items)."""
    if "\x00" in source:  # no database text column holds it (PostgreSQL refuses)
        raise DraftTemplateError(f"{part}: a template cannot contain NUL characters")
    for label, context in data_shapes(kind):
        try:
            render_source(source, context, part=part)
        except DraftTemplateError as exc:
            if label == "the example":
                raise
            raise DraftTemplateError(f"{exc} (with {label})") from exc


def render_draft(
    kind: str,
    context: Mapping[str, Any],
    *,
    store: TemplateStore | None = None,
    user_id: int | None = None,
    team_id: int | None = None,
) -> Draft:
    """Render all three parts of a draft of ``kind`` for this user/team."""
    parts = {
        part: _render_part(kind, part, context, store=store, user_id=user_id, team_id=team_id)
        for part in PARTS
    }
    return Draft(kind=kind, subject=parts["subject"], text=parts["text"], html=parts["html"])


def _render_part(
    kind: str,
    part: str,
    context: Mapping[str, Any],
    *,
    store: TemplateStore | None,
    user_id: int | None,
    team_id: int | None,
) -> str:
    """The override's rendering; if it fails, the failure is recorded and the built-in
    part is rendered instead."""
    found = find_override(kind, part, store=store, user_id=user_id, team_id=team_id)
    if found is not None:
        scope, owner_id, source = found
        try:
            return render_source(source, context, part=part)
        except DraftTemplateError as exc:
            log.warning("%s template %s.%s of %s failed: %s", scope, kind, part, owner_id, exc)
            record = getattr(store, "record_failure", None)
            if record is not None:
                record(kind, part, scope=scope, owner_id=owner_id, error=str(exc))
    return render_source(builtin_source(kind, part), context, part=part, budget=TRUSTED_BUDGET)


_EXAMPLE_BASE: dict[str, Any] = {
    "candidate_name": "Ann Lee",
    "company": "Acme Bakery",
    "role": "Pastry chef",
    "contact_name": "Ms Cole",
    "interview_date": "Monday 2 November",
    "fit": "",
    "decision_date": "Thursday 12 November",
    "status_url": "https://followline.example/status/abc",
    "team_name": "Acme hiring",
    "note": "",
    "mailboxes": [],
}


def example_context(kind: str) -> dict[str, Any]:
    """A complete context for ``kind`` (for previews and template validation)."""
    ctx = dict(_EXAMPLE_BASE)
    if kind == DraftKind.CANDIDATE_REMINDER:
        ctx["items"] = [
            {
                "company": "Acme Bakery",
                "role": "Pastry chef",
                "action": "a status inquiry",
                "since": "Tue 10 Nov 10:00 (Chicago time)",
                "url": "https://followline.example/a/1",
            }
        ]
    if kind == DraftKind.PROMISE_DIGEST:
        ctx["items"] = [
            {
                "candidate_name": "Ann Lee",
                "role": "Pastry chef",
                "due": "Thu 12 Nov 10:00 (Chicago time)",
                "url": "https://followline.example/o/1",
            }
        ]
    return ctx


def data_shapes(kind: str) -> list[tuple[str, dict[str, Any]]]:
    """The contexts a template of ``kind`` meets in real use, labelled: the example, other
    values (other names, empty optional fields, several items) and many items."""
    example = example_context(kind)
    other = dict(example) | {
        "candidate_name": "Zoë Ó Briain-Nakamura",
        "company": "Müller & Söhne GmbH",
        "role": "Night baker (m/f/d)",
        "contact_name": "",
        "interview_date": "Friday 30 October",
        "fit": "I ran a bakery's night shift for six years.",
        "decision_date": "",
        "team_name": "Hiring at Müller",
        "note": "We are still interviewing.",
    }
    if "mailboxes" in example and kind in (
        DraftKind.CANDIDATE_REMINDER,
        DraftKind.PROMISE_DIGEST,
    ):
        other["mailboxes"] = [
            {
                "address": "ann@example.org",
                "problem": "Gmail no longer accepts this connection (invalid_grant).",
                "url": "https://followline.example/mail/",
            }
        ]
    shapes = [("the example", example), ("other names and values", other)]
    if "items" in example:
        first = example["items"][0]

        def items(n: int) -> list[dict[str, Any]]:
            return [
                {key: f"{value} {i}" if i else value for key, value in first.items()}
                | ({"company": f"Company {i}"} if "company" in first else {})
                | ({"candidate_name": f"Candidate {i}"} if "candidate_name" in first else {})
                for i in range(n)
            ]

        shapes.append(("several items", other | {"items": items(3)}))
        shapes.append(("100 items", other | {"items": items(100)}))
    return shapes
