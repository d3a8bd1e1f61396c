"""Template overrides kept in the database (see :mod:`followline.compose.templates`)."""

from __future__ import annotations

from followline.compose.templates import PARTS, validate_source
from followline.web.outbox.models import TemplateOverride


class DatabaseTemplateStore:
    """A :class:`followline.compose.TemplateStore` over :class:`TemplateOverride` rows.

    >>> from followline.compose import render_draft, example_context   # doctest: +SKIP
    >>> render_draft("rejection", ctx, store=DatabaseTemplateStore(), user_id=u.pk,
    ...              team_id=team.pk)                                  # doctest: +SKIP
    """

    def get(self, kind: str, part: str, *, scope: str, owner_id: int) -> str | None:
        row = (
            TemplateOverride.objects.filter(scope=scope, owner_id=owner_id, kind=kind, part=part)
            .values_list("source", flat=True)
            .first()
        )
        return row

    def save(self, kind: str, part: str, source: str, *, scope: str, owner_id: int) -> None:
        """Validate (renders with the example context, raises DraftTemplateError) and store."""
        if part not in PARTS:
            raise ValueError(f"unknown part {part!r}")
        validate_source(source, kind, part)
        TemplateOverride.objects.update_or_create(
            scope=scope, owner_id=owner_id, kind=kind, part=part, defaults={"source": source}
        )

    def reset(self, kind: str, part: str, *, scope: str, owner_id: int) -> None:
        """Back to the inherited template (team's or built-in)."""
        TemplateOverride.objects.filter(
            scope=scope, owner_id=owner_id, kind=kind, part=part
        ).delete()
