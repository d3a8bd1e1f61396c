"""Drafts rendered from templates that a user or a team may override.

Each kind of draft has three parts: ``subject`` (one line), ``text`` and ``html``. The
built-in templates live next to this module in ``drafts/{kind}.{part}``. A user's or a
team's own version is found through a :class:`TemplateStore` (the web app stores them in
the database; see :class:`followline.web.outbox.templates_store.DatabaseTemplateStore`).

Lookup order for every part separately: the user's override, then the team's, then the
built-in one. Templates are Jinja2, rendered in a sandbox (they are edited by users); the
HTML part is autoescaped, the subject is collapsed to a single line.

>>> d = render_draft("status_inquiry", {"candidate_name": "Ann Lee", "company": "Acme",
...     "role": "Baker", "contact_name": "Mr Cole", "interview_date": "2 November"})
>>> d.subject
'Baker position: checking in'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from typing import Any, Protocol

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from followline.compose.headers import single_line


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
    if store is not None:
        for scope, owner_id in (("user", user_id), ("team", team_id)):
            if owner_id is not None:
                found = store.get(kind, part, scope=scope, owner_id=owner_id)
                if found is not None:
                    return found
    return builtin_source(kind, part)


def _environment(html: bool) -> SandboxedEnvironment:
    return SandboxedEnvironment(
        autoescape=html,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_source(source: str, context: Mapping[str, Any], *, part: str) -> str:
    """Render one part; raises :class:`DraftTemplateError` with the reason."""
    try:
        out = _environment(part == "html").from_string(source).render(dict(context))
    except TemplateError as exc:
        raise DraftTemplateError(f"{part}: {exc}") from exc
    return single_line(out) if part == "subject" else out


def validate_source(source: str, kind: str, part: str) -> None:
    """Check that an edited template renders with the example context of its kind."""
    render_source(source, example_context(kind), part=part)


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
        part: render_source(
            find_source(kind, part, store=store, user_id=user_id, team_id=team_id),
            context,
            part=part,
        )
        for part in PARTS
    }
    return Draft(kind=kind, subject=parts["subject"], text=parts["text"], html=parts["html"])


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
}


def example_context(kind: str) -> dict[str, Any]:
    """A complete context for ``kind`` (for previews and template validation)."""
    ctx = dict(_EXAMPLE_BASE)
    if kind == DraftKind.CANDIDATE_REMINDER:
        ctx["items"] = [
            {
                "company": "Acme Bakery",
                "role": "Pastry chef",
                "action": "status inquiry",
                "url": "https://followline.example/a/1",
            }
        ]
    if kind == DraftKind.PROMISE_DIGEST:
        ctx["items"] = [
            {
                "candidate_name": "Ann Lee",
                "role": "Pastry chef",
                "due": "Thursday 12 November",
                "url": "https://followline.example/o/1",
            }
        ]
    return ctx
