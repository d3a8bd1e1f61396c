"""The landing page and the signed-in home (both workspaces at a glance)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

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
