"""The landing page and the signed-in home (both workspaces at a glance)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from followline.line import describe_policy, get_policy, rules
from followline.line.types import Reason
from followline.web.employers.models import Membership


def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "core/landing.html")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = Membership.objects.filter(user=request.user).select_related("team")
    if not memberships and request.user.applications.exists():
        return redirect("candidates:overview")
    return render(
        request,
        "core/home.html",
        {
            "memberships": memberships,
            "n_applications": request.user.applications.count(),
        },
    )


def help_page(request: HttpRequest) -> HttpResponse:
    """How the line works: each rule in the words of the recruiters it comes from."""
    reasons: dict[str, list[Reason]] = {}
    for value in vars(rules).values():
        if isinstance(value, Reason) and value.source != rules.DESIGN:
            reasons.setdefault(value.rule, []).append(value)
    return render(
        request,
        "core/help.html",
        {
            "two_email": describe_policy(get_policy("two-email"))[1:],
            "one_and_done": describe_policy(get_policy("one-and-done"))[1:2],
            "reasons": sorted(reasons.items()),
        },
    )
