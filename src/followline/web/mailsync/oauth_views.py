"""The OAuth2 buttons: ``start`` sends the browser to the provider's sign-in and consent
page (authorization code with PKCE), ``callback`` is where the provider sends it back.

The pending flows live in the user's session, keyed by their ``state`` (at most a few, for
15 minutes, each usable once): a callback whose state is not one of them is refused, so a
link forged elsewhere connects nothing. The callback URL is the same for every provider:
``FOLLOWLINE_BASE_URL`` + ``/mail/oauth/callback/`` (docs/oauth-setup.md).
"""

from __future__ import annotations

import logging
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from imapclient.exceptions import IMAPClientError

from followline.web.core import netguard, ratelimit
from followline.web.employers import access
from followline.web.mailsync.forms import OAuthConnectForm
from followline.web.mailsync.models import Auth, MailAccount, Side
from followline.web.mailsync.oauth_connect import Target, connect
from followline.web.oauth import flow, providers
from followline.web.oauth.tokens import ProviderUnavailable

log = logging.getLogger("followline.mailsync")

PENDING = "oauth_pending"
PENDING_SECONDS = 15 * 60
PENDING_MAX = 5


def _back(slug: str) -> str:
    return reverse("mailsync:team", args=[slug]) if slug else reverse("mailsync:personal")


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    provider = providers.get(request.POST.get("provider", ""))
    slug = request.POST.get("team", "")
    if provider is None:
        return HttpResponseBadRequest("This site does not offer that provider.")
    team = access.team(request, slug) if slug else None
    reconnect = _reconnecting(request, team)
    openings = team.openings.order_by("title") if team is not None else None
    form = OAuthConnectForm(request.POST, provider=provider, openings=openings)
    if reconnect is not None:
        form.fields.pop("address", None)  # the mailbox's own address
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(_back(slug))
    address = reconnect.username if reconnect else form.cleaned_data.get("address", "")
    began = flow.begin(provider, login_hint=address)
    opening = form.cleaned_data.get("opening")
    pending = _pending(request)
    pending[began.state] = {
        "provider": provider.key,
        "verifier": began.verifier,
        "at": time.time(),
        "team": slug,
        "team_id": team.pk if team else None,
        "opening_id": opening.pk if opening is not None else None,
        "send_too": bool(form.cleaned_data.get("send_too")),
        "address": address,
        "reconnect": reconnect.pk if reconnect else None,
    }
    request.session[PENDING] = dict(
        sorted(pending.items(), key=lambda kv: kv[1]["at"])[-PENDING_MAX:]
    )
    return redirect(began.url)


def _reconnecting(request: HttpRequest, team) -> MailAccount | None:
    pk = request.POST.get("reconnect", "")
    if not pk.isdigit():
        return None
    accounts = MailAccount.objects.filter(auth=Auth.OAUTH2)
    if team is not None:
        accounts = accounts.filter(side=Side.EMPLOYER, team_id=team.pk)
    else:
        accounts = accounts.filter(side=Side.CANDIDATE, owner=request.user)
    return accounts.filter(pk=int(pk)).first()


def _pending(request: HttpRequest) -> dict:
    now = time.time()
    return {
        state: item
        for state, item in (request.session.get(PENDING) or {}).items()
        if now - item["at"] < PENDING_SECONDS
    }


@login_required
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    item = pending.pop(request.GET.get("state", ""), None)
    request.session[PENDING] = pending
    if item is None:
        messages.error(
            request,
            "This sign-in did not start here, has expired or was already used: nothing was "
            "connected. Press the Connect button again.",
        )
        return redirect("mailsync:personal")
    back = _back(item["team"])
    provider = providers.get(item["provider"])
    if provider is None:
        messages.error(request, "This site no longer offers that provider.")
        return redirect(back)
    if "error" in request.GET or "code" not in request.GET:
        messages.error(request, _refusal(provider, request.GET))
        return redirect(back)
    if item["team"]:
        access.team(request, item["team"])  # still a member
    if not ratelimit.allow("mail-check", request.user.pk):
        messages.error(request, "Too many mail server checks from your account; try in an hour.")
        return redirect(back)
    target = Target(
        side=Side.EMPLOYER if item["team"] else Side.CANDIDATE,
        team_id=item["team_id"],
        opening_id=item["opening_id"],
        send_too=item["send_too"],
        reconnect_id=item["reconnect"],
    )
    try:
        granted = flow.finish(provider, code=request.GET["code"], verifier=item["verifier"])
        with netguard.check_slot(wait=5):
            account, again = connect(
                request.user,
                provider,
                granted,
                target,
                typed_address=item["address"],
                timeout=netguard.check_timeout(),
            )
    except flow.FlowError as exc:
        messages.error(request, f"Not connected: {exc}")
        return redirect(back)
    except ProviderUnavailable as exc:
        messages.error(request, f"Not connected: {exc}. Please try again in a few minutes.")
        return redirect(back)
    except netguard.HostNotAllowed as exc:
        log.error("oauth %s: the preset's mail server is not allowed: %s", provider.key, exc)
        messages.error(request, f"Not connected: {exc}")
        return redirect(back)
    except netguard.ChecksBusy:
        messages.error(request, "Too many mail server checks at the moment; please try again.")
        return redirect(back)
    except (IMAPClientError, OSError) as exc:
        log.info("oauth IMAP check of %s failed: %r", provider.imap_host, exc)
        messages.error(
            request,
            f"Not connected: could not reach {provider.name}'s mail server "
            f"({provider.imap_host}); please try again in a few minutes.",
        )
        return redirect(back)
    verb = "reconnected" if again else "connected"
    messages.success(
        request, f"{account.username} {verb}; new mail is read every few minutes, read-only."
    )
    return redirect(back)


def _refusal(provider: providers.Provider, query) -> str:
    error = query.get("error", "")
    if error == "access_denied":
        return f"You did not allow access at {provider.name}: nothing was connected."
    said = query.get("error_description") or error or "no code came back"
    return f"{provider.name} did not grant access ({said}): nothing was connected."


def connect_forms(provider_list, *, openings=None) -> list[OAuthConnectForm]:
    return [OAuthConnectForm(provider=p, openings=openings) for p in provider_list]
