"""Outgoing words: drafts from overridable templates, safe headers, calendar files.

Pure apart from reading the built-in templates; no Django. ``now`` is always a parameter.

    from followline.compose import render_draft, build_message, next_step_calendar, feed
"""

from followline.compose.calendar import CalendarEntry, feed, next_step_calendar
from followline.compose.headers import check_address, format_address, single_line
from followline.compose.message import build_message
from followline.compose.templates import (
    Draft,
    DraftKind,
    DraftTemplateError,
    TemplateStore,
    example_context,
    render_draft,
    validate_source,
)

__all__ = [
    "CalendarEntry",
    "Draft",
    "DraftKind",
    "DraftTemplateError",
    "TemplateStore",
    "build_message",
    "check_address",
    "example_context",
    "feed",
    "format_address",
    "next_step_calendar",
    "render_draft",
    "single_line",
    "validate_source",
]
