"""A team's owners manage it: remove a member, change a role, rename the team or delete it
(confirmed by typing its name). A team always keeps at least one owner. Any member may give
a candidate a new private status link (the old one stops working at once)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from followline.web.employers import access
from followline.web.employers.forms import TeamRenameForm
from followline.web.employers.models import Membership, Role, Team
from followline.web.employers.models.candidates import status_token


def _last_owner(team: Team, membership: Membership) -> bool:
    owners = team.memberships.filter(role=Role.OWNER)
    return membership.role == Role.OWNER and owners.count() == 1


@login_required
@require_POST
def remove_member(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    team = access.owner_team(request, slug)
    with transaction.atomic():
        member = get_object_or_404(
            team.memberships.select_for_update().select_related("user"), pk=membership_id
        )
        if _last_owner(team, member):
            messages.error(request, "A team needs an owner: make someone else owner first.")
            return redirect("employers:members", slug)
        member.delete()
    messages.success(request, f"{member.user.username} is no longer on the team.")
    if member.user_id == request.user.pk:
        return redirect("employers:teams")
    return redirect("employers:members", slug)


@login_required
@require_POST
def change_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    team = access.owner_team(request, slug)
    role = request.POST.get("role", "")
    if role not in Role.values:
        return HttpResponse("Choose a role: owner or member.", status=400)
    with transaction.atomic():
        member = get_object_or_404(team.memberships.select_for_update(), pk=membership_id)
        if role != Role.OWNER and _last_owner(team, member):
            messages.error(request, "A team needs an owner: make someone else owner first.")
            return redirect("employers:members", slug)
        member.role = role
        member.save(update_fields=["role"])
    messages.success(request, f"{member.user.username} is now {member.get_role_display().lower()}.")
    return redirect("employers:members", slug)


@login_required
def settings(request: HttpRequest, slug: str) -> HttpResponse:
    team = access.owner_team(request, slug)
    form = TeamRenameForm(request.POST if "rename" in request.POST else None, instance=team)
    delete_error = ""
    if request.method == "POST" and "rename" in request.POST and form.is_valid():
        form.save()
        messages.success(request, "Team renamed.")
        return redirect("employers:team_settings", slug)
    if request.method == "POST" and "delete" in request.POST:
        if request.POST.get("confirm_name", "").strip() == team.name:
            name = team.name
            team.delete()  # openings, candidates, imports and memberships go with it
            messages.success(request, f"The team {name} and all its data are deleted.")
            return redirect("employers:teams")
        delete_error = "Type the team's name exactly to confirm."
    return render(
        request,
        "employers/team_settings.html",
        {"team": team, "form": form, "delete_error": delete_error},
    )


@login_required
@require_POST
def new_status_link(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    candidate = access.candidate(request, slug, pk)
    candidate.status_token = status_token()
    candidate.save(update_fields=["status_token"])
    messages.success(request, "New status link made; the old one no longer works.")
    return redirect("employers:candidate", slug, pk)
