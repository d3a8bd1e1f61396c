"""The notices page: newest first, unread marked; open one (marks it read), mark read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from followline.web.notices import notify
from followline.web.notices.models import Notice

PAGE_SIZE = 50


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    mine = Notice.objects.filter(user=request.user)
    show = request.GET.get("show", "")
    rows = mine.filter(read_at__isnull=True) if show == "unread" else mine
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notices/list.html",
        {"page": page, "show": show, "unread": mine.filter(read_at__isnull=True).count()},
    )


@login_required
def open_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notice read and go where it points (its page, else the list)."""
    notice = get_object_or_404(Notice, pk=pk, user=request.user)
    if notice.read_at is None:
        notify.mark_read(request.user, notice.pk)
    return redirect(notice.url or "notices:list")


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notice, pk=pk, user=request.user)
    notify.mark_read(request.user, notice.pk)
    messages.success(request, f"Marked as read: {notice.text}")
    return redirect("notices:list")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    n = notify.mark_read(request.user)
    messages.success(request, f"{n} notification{'s' if n != 1 else ''} marked as read.")
    return redirect("notices:list")
