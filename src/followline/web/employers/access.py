"""Team access: every employer view starts here. Not a member means 404, never 403, so an
outsider cannot even learn that a team, opening or candidate exists."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from followline.web.employers.models import Candidate, Membership, Opening, Role, Team


def membership(request: HttpRequest, slug: str) -> Membership:
    try:
        return Membership.objects.select_related("team").get(team__slug=slug, user=request.user)
    except Membership.DoesNotExist:
        raise Http404("No such team") from None


def team(request: HttpRequest, slug: str) -> Team:
    return membership(request, slug).team


def owner_team(request: HttpRequest, slug: str) -> Team:
    m = membership(request, slug)
    if m.role != Role.OWNER:
        raise Http404("Only the team's owners manage members")
    return m.team


def opening(request: HttpRequest, slug: str, pk: int) -> Opening:
    return get_object_or_404(
        Opening.objects.select_related("team"),
        pk=pk,
        team__slug=slug,
        team__memberships__user=request.user,
    )


def candidate(request: HttpRequest, slug: str, pk: int, *, judging: bool = True) -> Candidate:
    """A candidate of a team the user belongs to; ``judging``: with every row the line reads
    (a page), else the row and its opening alone (a write)."""
    rows = (
        Candidate.objects.for_judging()
        if judging
        else Candidate.objects.select_related("opening__team")
    )
    return get_object_or_404(
        rows,
        pk=pk,
        opening__team__slug=slug,
        opening__team__memberships__user=request.user,
    )
