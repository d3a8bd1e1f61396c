"""A candidate's drafts and calendar file for one application (owner only; else 404).

/mail/applications/<pk>/draft/thank_you/?fit=...   the draft, to copy or send
/mail/applications/<pk>/draft/thank_you.eml        the same as a message file
/mail/applications/<pk>/next.ics                   the next step as a calendar event
"""

from __future__ import annotations

from email.utils import make_msgid
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from followline.compose import Draft, build_message, format_address, render_draft, single_line
from followline.compose.calendar import next_step_calendar
from followline.web.applications.models import Application
from followline.web.outbox.enqueue import enqueue_mail
from followline.web.outbox.models import SmtpAccount
from followline.web.outbox.templates_store import DatabaseTemplateStore

CANDIDATE_DRAFTS = ("thank_you", "status_inquiry")


def _application(request: HttpRequest, pk: int):
    return get_object_or_404(Application.objects.for_judging(), pk=pk, owner=request.user)


def _draft(request: HttpRequest, app, kind: str) -> Draft:
    if kind not in CANDIDATE_DRAFTS:
        raise Http404("no such draft")
    interviews = [m.at for m in app.milestones.all() if m.type == "interview"]
    when = max(interviews).astimezone(ZoneInfo(app.timezone)) if interviews else None
    user = request.user
    context = {
        "candidate_name": user.get_full_name() or user.get_username(),
        "company": app.company,
        "role": app.role,
        "contact_name": app.contact_name,
        "interview_date": f"{when:%A} {when.day} {when:%B}" if when else "",
        "fit": request.GET.get("fit", "").strip(),
    }
    return render_draft(kind, context, store=DatabaseTemplateStore(), user_id=user.pk)


@login_required
def draft(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Show the draft; POST ``send`` queues it through the user's own SMTP server and logs
    it on the application at once (the plan moves on; the outbox retries if need be)."""
    app = _application(request, pk)
    rendered = _draft(request, app, kind)
    smtp = SmtpAccount.objects.filter(owner=request.user).first()
    if request.method == "POST" and smtp is not None and app.contact_email:
        _send(request, app, kind, rendered, smtp)
        messages.success(request, "Queued: it leaves from your own address in a moment.")
        return redirect(app.get_absolute_url())
    return render(
        request,
        "outbox/draft.html",
        {
            "app": app,
            "kind": kind,
            "draft": rendered,
            "smtp": smtp,
            "fit": request.GET.get("fit", ""),
        },
    )


def _send(request: HttpRequest, app, kind: str, rendered: Draft, smtp) -> None:
    subject = request.POST.get("subject") or rendered.subject
    text = request.POST.get("text") or rendered.text
    html = rendered.html if text.replace("\r\n", "\n") == rendered.text else ""
    now = timezone.now()
    with transaction.atomic():
        enqueue_mail(
            format_address(app.contact_name, app.contact_email),
            subject,
            text,
            html,
            from_email=format_address(request.user.get_full_name(), smtp.from_email),
            smtp_account=smtp,
            ref=f"application:{app.pk}",
            purpose=kind,
        )
        app.log_contact(
            now,
            at=now,
            party="candidate",
            channel="email",
            kind=kind,
            subject=single_line(subject)[:300],
            text=text,
        )


@login_required
def draft_eml(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    app = _application(request, pk)
    user = request.user
    to = [format_address(app.contact_name, app.contact_email)] if app.contact_email else []
    sender = format_address(user.get_full_name(), user.email) if user.email else ""
    msg = build_message(
        _draft(request, app, kind),
        from_addr=sender,
        to=to,
        date=timezone.now(),
        message_id=make_msgid(domain="followline.draft"),
    )
    response = HttpResponse(msg.as_bytes(), content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{app.pk}.eml"'
    return response


@login_required
def next_ics(request: HttpRequest, pk: int) -> HttpResponse:
    app = _application(request, pk)
    now = timezone.now()
    if app.plan_stopped:
        raise Http404("nothing to put in a calendar: the plan is stopped")
    body = next_step_calendar(
        app.judge(now).next,
        key=f"application-{app.pk}",
        about=f"{app.company}, {app.role}",
        now=now,
        url=request.build_absolute_uri(app.get_absolute_url()),
        tz=app.timezone,
    )
    if body is None:
        raise Http404("nothing to put in a calendar: no follow-up is planned")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="followline-{app.pk}.ics"'
    return response
