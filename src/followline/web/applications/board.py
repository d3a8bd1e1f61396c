"""The board: the open applications in columns by stage (applied, interviewing, offer,
closed), each card with its plan. A card moves with a form (a stage to pick and a
button), so a keyboard, a screen reader or a phone moves it as well as a mouse would;
nothing here is drag-only."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from followline.web.applications import plans
from followline.web.applications.models import Application, Stage

PER_COLUMN = 50


@dataclass(frozen=True)
class Column:
    stage: str
    label: str
    cards: list[plans.Plan]
    total: int
    following: str  # the stage after this one: its cards' "Move to" starts there


@login_required
def board(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    mine = Application.objects.filter(owner=request.user).active()
    columns = []
    order = list(Stage.values)
    for stage, label in Stage.choices:
        rows = mine.filter(stage=stage)
        cards = rows.for_judging().order_by(F("next_at").asc(nulls_last=True), "-created_at")
        shown = [plans.plan_of(app, now) for app in cards[:PER_COLUMN]]
        total = len(shown) if len(shown) < PER_COLUMN else rows.count()
        following = order[order.index(stage) + 1] if stage != order[-1] else ""
        columns.append(Column(stage, label, shown, total, following))
    return render(
        request,
        "candidates/board.html",
        {"columns": columns, "stages": Stage.choices, "empty": not any(c.total for c in columns)},
    )


@login_required
@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an application to the posted stage; back to the board (``back=board``), else
    to the application. The board is shown from its top, where the message that says
    where the card went takes the focus (a fragment to the card would take it away)."""
    app = get_object_or_404(Application.objects.for_judging(), pk=pk, owner=request.user)
    stage = request.POST.get("stage", "")
    if stage not in Stage.values:
        messages.error(request, "Choose a stage to move it to.")
    elif stage == app.stage:
        messages.info(request, f"{app} is already in “{app.get_stage_display()}”.")
    else:
        now = timezone.now()
        app.move_to(stage, now)
        plan = plans.plan_of(app, now)
        messages.success(request, f"Moved {app} to “{app.get_stage_display()}”. {plan.sentence}")
    if request.POST.get("back") == "board":
        return redirect("candidates:board")
    return redirect(app)
