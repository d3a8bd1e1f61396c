"""Mail & calendar pages: connect a mailbox, see its sync state, get the calendar link;
for a team, the hiring mailbox and which openings send automatic updates."""

from __future__ import annotations

import logging
import smtplib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from imapclient.exceptions import IMAPClientError

from followline.web.applications.feeds import feed_url_path, renew_token
from followline.web.core import netguard, ratelimit
from followline.web.employers import access
from followline.web.mailsync.forms import MailAccountForm, SmtpAccountForm, TeamMailAccountForm
from followline.web.mailsync.models import MailAccount, Side
from followline.web.mailsync.oauth_connect import disconnect
from followline.web.mailsync.oauth_views import connect_forms
from followline.web.mailsync.sync import connect_account
from followline.web.oauth import providers
from followline.web.outbox.models import AutoUpdateSetting, OutboxMessage, SmtpAccount

log = logging.getLogger("followline.mailsync")

# One answer whatever went wrong (refused, timed out, not a mail server, wrong password): the
# form must not tell which ports of which hosts are open. The details go to the server log.
IMAP_FAILED = (
    "Could not log in to the mailbox: check the host, port, SSL setting, user name and password."
)
SMTP_FAILED = (
    "Could not connect to the mail server or log in: check the host, port, security, user "
    "name and password."
)
BUSY = "Too many mail server checks at the moment; please try again in a minute."
TOO_MANY = "Too many mail server checks from your account; please try again in an hour."


def _may_check(request: HttpRequest, form) -> bool:
    if ratelimit.allow("mail-check", request.user.pk):
        return True
    form.add_error(None, TOO_MANY)
    return False


def _connect(request: HttpRequest, form, **extra) -> bool:
    data = form.cleaned_data
    if not _may_check(request, form):
        return False
    try:
        with netguard.check_slot():
            connect_account(
                request.user,
                host=data["host"],
                port=data["port"],
                use_ssl=data["use_ssl"],
                username=data["username"],
                password=data["password"],
                folder=data["folder"],
                timeout=netguard.check_timeout(),
                **extra,
            )
    except netguard.HostNotAllowed as exc:
        form.add_error("host", str(exc))
        return False
    except netguard.ChecksBusy:
        form.add_error(None, BUSY)
        return False
    except (IMAPClientError, OSError) as exc:
        log.info("IMAP check of %s:%s failed: %r", data["host"], data["port"], exc)
        form.add_error(None, IMAP_FAILED)
        return False
    messages.success(request, "Mailbox connected; new mail is read every few minutes.")
    return True


def _disconnect(request: HttpRequest, accounts) -> None:
    pk = request.POST.get("disconnect", "")
    account = accounts.filter(pk=int(pk)).first() if pk.isdigit() else None
    if account is None:
        return
    left = disconnect(account)
    done = "Mailbox disconnected: its mail is no longer read."
    if account.auth == "oauth2":
        done += " followline's access was revoked." if not left else f" Please {left}."
    messages.success(request, done)


@login_required
def personal(request: HttpRequest) -> HttpResponse:
    accounts = MailAccount.objects.filter(owner=request.user, side=Side.CANDIDATE).select_related(
        "grant"
    )
    form = MailAccountForm(request.POST if "connect" in request.POST else None)
    smtp = _smtp_form(request)
    if "smtp" in request.POST and smtp.is_valid() and _save_smtp(request, smtp):
        return redirect("mailsync:personal")
    if request.method == "POST" and "smtp" not in request.POST:
        if "disconnect" in request.POST:
            _disconnect(request, accounts)
            return redirect("mailsync:personal")
        if "renew_feed" in request.POST:
            renew_token(request.user)
            messages.success(request, "New calendar link made; the old one no longer works.")
            return redirect("mailsync:personal")
        if form.is_valid() and _connect(request, form, side=Side.CANDIDATE):
            return redirect("mailsync:personal")
    feed_url = request.build_absolute_uri(feed_url_path(request.user))
    return render(
        request,
        "mailsync/personal.html",
        {
            "accounts": accounts,
            "form": form,
            "feed_url": feed_url,
            "smtp": smtp,
            "smtp_account": SmtpAccount.objects.filter(owner=request.user).first(),
            "outgoing": _recent_outgoing(request.user),
            "oauth_forms": connect_forms(providers.configured()),
        },
    )


def _recent_outgoing(user, limit: int = 20):
    """The user's own mail in the outbox (drafts sent, reminders): state and any failure."""
    mine = Q(smtp_account__owner=user) | Q(ref=f"user:{user.pk}")
    return OutboxMessage.objects.filter(mine).order_by("-created_at", "-id")[:limit]


def _smtp_form(request: HttpRequest) -> SmtpAccountForm:
    current = SmtpAccount.objects.filter(owner=request.user).first()
    initial = {"from_email": request.user.email, "security": "starttls"}
    if current is not None:
        initial = {
            f: getattr(current, f) for f in ("from_email", "host", "port", "security", "username")
        }
    return SmtpAccountForm(request.POST if "smtp" in request.POST else None, initial=initial)


def _save_smtp(request: HttpRequest, form: SmtpAccountForm) -> bool:
    """Check the login for real (open and close a connection), then store it."""
    data = form.cleaned_data
    account = SmtpAccount.objects.filter(owner=request.user).first() or SmtpAccount(
        owner=request.user
    )
    for field in ("from_email", "host", "port", "security", "username"):
        setattr(account, field, data[field])
    account.grant = None  # a server typed here logs in with its password, not a mailbox grant
    if data["password"]:
        account.set_password(data["password"])
    if not _may_check(request, form):
        return False
    try:
        with netguard.check_slot():
            netguard.check_host(account.host, account.port)
            conn = account.connection(timeout=netguard.check_timeout())
            conn.open()
            conn.close()
    except netguard.HostNotAllowed as exc:
        form.add_error("host", str(exc))
        return False
    except netguard.ChecksBusy:
        form.add_error(None, BUSY)
        return False
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        log.info("SMTP check of %s:%s failed: %r", data["host"], data["port"], exc)
        form.add_error(None, SMTP_FAILED)
        return False
    account.save()
    messages.success(request, "Outgoing mail server saved; drafts can now be sent from it.")
    return True


@login_required
def team(request: HttpRequest, slug: str) -> HttpResponse:
    the_team = access.team(request, slug)
    openings = the_team.openings.order_by("title")
    accounts = MailAccount.objects.filter(side=Side.EMPLOYER, team_id=the_team.pk).select_related(
        "grant"
    )
    form = TeamMailAccountForm(
        request.POST if "connect" in request.POST else None, openings=openings
    )
    if request.method == "POST":
        if "disconnect" in request.POST:
            _disconnect(request, accounts)
            return redirect("mailsync:team", slug=slug)
        if "auto_updates" in request.POST:
            chosen = {int(i) for i in request.POST.getlist("auto") if i.isdigit()}
            for opening in openings:
                AutoUpdateSetting.objects.update_or_create(
                    opening=opening, defaults={"enabled": opening.pk in chosen}
                )
            messages.success(request, "Automatic updates saved.")
            return redirect("mailsync:team", slug=slug)
        if form.is_valid():
            opening = form.cleaned_data["opening"]
            if _connect(request, form, side=Side.EMPLOYER, team_id=the_team.pk):
                if opening is not None:
                    accounts.filter(opening_id__isnull=True).update(opening_id=opening.pk)
                return redirect("mailsync:team", slug=slug)
    auto = set(
        AutoUpdateSetting.objects.filter(opening__team=the_team, enabled=True).values_list(
            "opening_id", flat=True
        )
    )
    return render(
        request,
        "mailsync/team.html",
        {
            "team": the_team,
            "accounts": accounts,
            "form": form,
            "openings": [(o, o.pk in auto) for o in openings],
            "oauth_forms": connect_forms(providers.configured(), openings=openings),
        },
    )


def connect_help(request: HttpRequest) -> HttpResponse:
    """ "Connect your mailbox": what is read, what is never done, how to disconnect (the
    same words as docs/connect-mailbox.md; a test holds them together). Public."""
    return render(request, "mailsync/connect_help.html", {"providers": providers.configured()})
