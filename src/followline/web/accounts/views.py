"""Accounts: sign-up here; log-in, log-out and password reset are Django's own views
(with our templates), log-in attempts limited by django-axes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from followline.web.accounts import confirm
from followline.web.accounts.forms import AccountForm, OutboxPasswordResetForm, SignUpForm
from followline.web.core import ratelimit, zones


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and not ratelimit.allow(
        "signup", ratelimit.client_address(request)
    ):
        return render(
            request, "registration/signup.html", {"form": form, "limited": True}, status=429
        )
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="followline.web.accounts.backends.CachedModelBackend")
        request.session[zones.SESSION_KEY] = form.cleaned_data.get("timezone") or ""
        return redirect("home")
    return render(request, "registration/signup.html", {"form": form})


class PasswordResetView(auth.PasswordResetView):
    form_class = OutboxPasswordResetForm


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    user = confirm.confirm(token, get_user_model().objects)
    confirmed = getattr(user, "confirmed_email", None) if user is not None else None
    return render(
        request,
        "registration/email_confirmed.html",
        {"confirmed": confirmed},
        status=200 if confirmed else 400,
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The account's own settings: its time zone; whether its address is confirmed."""
    form = AccountForm(request.POST or None, initial={"timezone": request.viewer_zone or ""})
    if request.method == "POST" and form.is_valid():
        zones.set_account_zone(request.user, form.cleaned_data["timezone"], request.session)
        messages.success(
            request,
            f"Saved: your time zone is {form.cleaned_data['timezone']}. "
            "Times without a zone of their own are shown in it.",
        )
        return redirect("account")
    return _account_page(request, form)


def _account_page(request: HttpRequest, form: AccountForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "email_confirmed": confirm.is_confirmed(request.user)}
    return render(request, "registration/account.html", context, status=status)


@login_required
@require_POST
def resend_confirmation(request: HttpRequest) -> HttpResponse:
    """ "Send the confirmation link again": through the outbox, a few times an hour."""
    user = request.user
    if not user.email or confirm.is_confirmed(user):
        messages.info(request, "Your address needs no confirmation link.")
        return redirect("account")
    if not ratelimit.allow("confirm-email", user.pk):
        messages.error(request, "Too many confirmation links asked for: try again in an hour.")
        form = AccountForm(initial={"timezone": request.viewer_zone or ""})
        return _account_page(request, form, status=429)
    confirm.send_confirmation(user)
    messages.success(
        request,
        f"We sent a new confirmation link to {user.email}; open it within three days. "
        "Reminders start once it is confirmed.",
    )
    return redirect("account")
