"""Editing one's own draft templates (a user's, or a team's). An edit is saved only when it
renders with example data (sandboxed Jinja2); "reset" returns to the inherited template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from followline.compose.templates import PARTS, DraftTemplateError, find_source
from followline.web.employers import access
from followline.web.outbox.templates_store import DatabaseTemplateStore

USER_KINDS = ("thank_you", "status_inquiry", "candidate_reminder")
TEAM_KINDS = ("employer_update", "rejection", "promise_digest")


def _edit(
    request: HttpRequest,
    *,
    scope: str,
    owner_id: int,
    kinds: tuple[str, ...],
    title: str,
    back: str,
) -> HttpResponse:
    store = DatabaseTemplateStore()
    kind = request.GET.get("kind") or kinds[0]
    if kind not in kinds:
        kind = kinds[0]
    ids = {"user_id": owner_id} if scope == "user" else {"team_id": owner_id}
    sources = {part: find_source(kind, part, store=store, **ids) for part in PARTS}
    errors: dict[str, str] = {}
    if request.method == "POST":
        if "reset" in request.POST:
            for part in PARTS:
                store.reset(kind, part, scope=scope, owner_id=owner_id)
            messages.success(request, "Back to the inherited template.")
            return redirect(f"{request.path}?kind={kind}")
        for part in PARTS:
            posted = request.POST.get(part, "")
            sources[part] = posted
            if posted == find_source(kind, part, store=store, **ids):
                continue
            try:
                store.save(kind, part, posted, scope=scope, owner_id=owner_id)
            except DraftTemplateError as exc:
                errors[part] = str(exc)
        if not errors:
            messages.success(request, "Template saved.")
            return redirect(f"{request.path}?kind={kind}")
    return render(
        request,
        "mailsync/templates.html",
        {
            "title": title,
            "back": back,
            "kinds": kinds,
            "kind": kind,
            "parts": [(p, sources[p], errors.get(p, "")) for p in PARTS],
            "failures": store.failures(scope=scope, owner_id=owner_id),
        },
    )


@login_required
def personal_templates(request: HttpRequest) -> HttpResponse:
    return _edit(
        request,
        scope="user",
        owner_id=request.user.pk,
        kinds=USER_KINDS,
        title="My templates",
        back="/mail/",
    )


@login_required
def team_templates(request: HttpRequest, slug: str) -> HttpResponse:
    team = access.team(request, slug)
    return _edit(
        request,
        scope="team",
        owner_id=team.pk,
        kinds=TEAM_KINDS,
        title=f"{team.name}: templates",
        back=f"/mail/team/{slug}/",
    )
