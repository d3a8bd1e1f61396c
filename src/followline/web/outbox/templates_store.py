"""Template overrides kept in the database (see :mod:`followline.compose.templates`)."""

from __future__ import annotations

from django.utils import timezone

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
        """Validate (renders with every data shape of its kind, raises DraftTemplateError)
        and store; a failure recorded for the old version is cleared."""
        if part not in PARTS:
            raise ValueError(f"unknown part {part!r}")
        validate_source(source, kind, part)
        TemplateOverride.objects.update_or_create(
            scope=scope,
            owner_id=owner_id,
            kind=kind,
            part=part,
            defaults={"source": source, "error": "", "failed_at": None},
        )

    def record_failure(self, kind: str, part: str, *, scope: str, owner_id: int, error: str):
        """The override failed on real data (the built-in part was used): keep the reason
        for its owner's templates page."""
        TemplateOverride.objects.filter(
            scope=scope, owner_id=owner_id, kind=kind, part=part
        ).update(error=error[:2000], failed_at=timezone.now())

    def failures(self, *, scope: str, owner_id: int):
        """This owner's overrides that failed since they were saved, newest first."""
        return TemplateOverride.objects.filter(
            scope=scope, owner_id=owner_id, failed_at__isnull=False
        ).order_by("-failed_at")

    def reset(self, kind: str, part: str, *, scope: str, owner_id: int) -> None:
        """Back to the inherited template (team's or built-in)."""
        TemplateOverride.objects.filter(
            scope=scope, owner_id=owner_id, kind=kind, part=part
        ).delete()
