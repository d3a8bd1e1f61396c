"""Access tokens for a grant: the stored one while it lasts, a refreshed one shortly before
it expires, and what a failure means.

* A refresh happens when the stored access token has less than
  ``FOLLOWLINE_OAUTH_REFRESH_MARGIN`` seconds left (default 300), or when a mail server
  refused the token the caller holds (``stale=``).
* **Two workers never lose the token to a race**: the refresh runs inside a transaction
  holding the grant's row lock (``SELECT … FOR UPDATE``; on SQLite the ``IMMEDIATE``
  transaction serialises it). The second worker waits, then finds the token the first one
  stored and uses it instead of spending the refresh token again (providers that rotate
  refresh tokens refuse a reused one with ``invalid_grant``).
* ``invalid_grant`` (revoked, expired, password changed) marks the grant "needs
  reconnecting" (:class:`NeedsReconnect`); nothing tries it again until the user connects
  anew. A provider that cannot be reached, or answers with a server error, is
  :class:`ProviderUnavailable`: the caller records it and tries again on its next run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVar

import requests
from authlib.integrations.requests_client import OAuth2Session, OAuthError
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from followline.web.oauth import providers
from followline.web.oauth.models import GrantState, OAuthGrant
from followline.web.oauth.providers import Provider

log = logging.getLogger("followline.oauth")
T = TypeVar("T")
RefusedTypes = type[BaseException] | tuple[type[BaseException], ...]

TIMEOUT = 20.0  # seconds for one request to a provider

# OAuth errors that mean the grant itself is gone (RFC 6749 section 5.2): reconnecting helps.
GRANT_GONE = frozenset({"invalid_grant"})


class NeedsReconnect(Exception):
    """The provider no longer honours the grant: the user must connect the mailbox again."""


class ProviderUnavailable(Exception):
    """The provider could not be reached or failed on its side: try again later."""


@dataclass(frozen=True)
class AccessToken:
    value: str = field(repr=False)
    fresh: bool  # issued by a refresh after the caller asked (a refusal then is final)


def session_for(provider: Provider, *, with_scope: bool = True, **kwargs) -> OAuth2Session:
    """An authlib client for ``provider``: PKCE S256, the client secret in the request body
    (every preset accepts it), no secret at all for public clients."""
    return OAuth2Session(
        client_id=provider.client_id,
        client_secret=provider.client_secret or None,
        token_endpoint_auth_method="client_secret_post" if provider.client_secret else "none",
        scope=" ".join(provider.scopes) if with_scope else None,
        code_challenge_method="S256",
        default_timeout=TIMEOUT,
        **kwargs,
    )


def _margin() -> timedelta:
    return timedelta(seconds=int(settings.FOLLOWLINE_OAUTH_REFRESH_MARGIN))


def _lasts(grant: OAuthGrant, now: datetime) -> bool:
    if not grant.access_token_encrypted:
        return False
    return grant.access_expires_at is None or grant.access_expires_at - _margin() > now


def access_token(
    grant: OAuthGrant, *, stale: str | None = None, now: datetime | None = None
) -> AccessToken:
    """A token to log in with. ``stale``: the token a mail server just refused.

    Raises :class:`NeedsReconnect` or :class:`ProviderUnavailable`. ``grant`` is updated
    in place with what is stored."""
    now = now or timezone.now()
    if grant.needs_reconnect:
        raise NeedsReconnect(grant.problem)
    if stale is None and _lasts(grant, now):
        return AccessToken(grant.access_token(), fresh=False)
    failure: Exception | None = None
    with transaction.atomic():
        locked = OAuthGrant.objects.select_for_update().get(pk=grant.pk)
        if locked.needs_reconnect:
            failure = NeedsReconnect(locked.problem)
        elif _lasts(locked, now) and (stale is None or locked.access_token() != stale):
            _copy(locked, grant)  # another worker refreshed it while we waited
            return AccessToken(locked.access_token(), fresh=stale is not None)
        else:
            used = locked.refresh_token_encrypted
            try:
                token = _refresh(locked)
            except (NeedsReconnect, ProviderUnavailable) as exc:
                failure = exc
            else:
                locked.set_tokens(token, now)
                locked.save()
                _copy(locked, grant)
                log.info("oauth grant %s: refreshed", grant.pk)
                return AccessToken(locked.access_token(), fresh=True)
    if isinstance(failure, NeedsReconnect):
        mark_needs_reconnect(grant, str(failure), refresh_token_encrypted=used)
    assert failure is not None
    raise failure


def _copy(source: OAuthGrant, target: OAuthGrant) -> None:
    for name in (
        "access_token_encrypted",
        "refresh_token_encrypted",
        "access_expires_at",
        "refreshed_at",
        "scope",
        "state",
        "problem",
    ):
        setattr(target, name, getattr(source, name))


def _refresh(grant: OAuthGrant) -> dict:
    provider = providers.get(grant.provider)
    if provider is None:
        raise ProviderUnavailable(
            f"this site no longer offers {grant.provider} mailboxes (ask its operator)"
        )
    refresh = grant.refresh_token()
    if not refresh:
        raise NeedsReconnect(f"{provider.name} gave no refresh token; connect the mailbox again")
    try:
        with session_for(provider, with_scope=provider.scope_on_refresh) as client:
            return dict(client.refresh_token(provider.token_url, refresh_token=refresh))
    except OAuthError as exc:
        raise token_error(provider, exc) from exc
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"could not reach {provider.name}: {_short(exc)}") from exc


def token_error(provider: Provider, exc: OAuthError) -> Exception:
    """What a token endpoint's refusal means for us."""
    said = f"{exc.error}" + (f" ({exc.description})" if exc.description else "")
    if exc.error in GRANT_GONE:
        return NeedsReconnect(
            f"{provider.name} no longer accepts this connection ({said}): it was revoked or "
            "has expired. Connect the mailbox again."
        )
    if exc.error in {"invalid_client", "unauthorized_client"}:
        log.error("oauth %s: the site's client was refused: %s", provider.key, said)
        return ProviderUnavailable(
            f"{provider.name} refused this site's OAuth client ({said}); the site's "
            "operator must check its client id and secret"
        )
    return ProviderUnavailable(f"{provider.name} refused to renew access for now: {said}")


def _short(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text[:300]}"


def mark_needs_reconnect(
    grant: OAuthGrant, problem: str, *, refresh_token_encrypted: str | None = None
) -> bool:
    """Mark the grant "needs reconnecting" (compare-and-swap on the refresh token, when
    given: a grant reconnected meanwhile keeps working). Returns whether it was marked."""
    rows = OAuthGrant.objects.filter(pk=grant.pk)
    if refresh_token_encrypted is not None:
        rows = rows.filter(refresh_token_encrypted=refresh_token_encrypted)
    marked = bool(rows.update(state=GrantState.NEEDS_RECONNECT, problem=problem[:2000]))
    if marked:
        grant.state, grant.problem = GrantState.NEEDS_RECONNECT, problem[:2000]
        log.warning("oauth grant %s needs reconnecting: %s", grant.pk, problem)
    return marked


def revoke(grant: OAuthGrant) -> str:
    """Ask the provider to revoke the grant (RFC 7009) where it has an endpoint for that.
    Returns "" when done, else what the user should do by hand."""
    provider = providers.get(grant.provider)
    help_text = provider.revoke_help if provider else ""
    by_hand = f"remove followline's access yourself: {help_text}" if help_text else ""
    if provider is None or not provider.revoke_url:
        return by_hand or "remove followline's access in your account's security settings"
    token, hint = (
        (grant.refresh_token(), "refresh_token")
        if grant.refresh_token_encrypted
        else (grant.access_token(), "access_token")
    )
    try:
        with session_for(provider) as client:
            response = client.revoke_token(provider.revoke_url, token=token, token_type_hint=hint)
        response.raise_for_status()
    except (requests.RequestException, OAuthError, ValueError) as exc:
        log.warning("oauth grant %s: revocation failed: %r", grant.pk, exc)
        return f"{provider.name} could not be told ({_short(exc)}); " + (
            by_hand or "remove followline's access in your account's security settings"
        )
    return ""


def log_in_with(
    grant: OAuthGrant, login: Callable[[str], T], *, refused: RefusedTypes, server: str
) -> T:
    """Run ``login(access_token)``; when the server refuses the token (``refused``), get a
    new one and try once more. A refused *fresh* token marks the grant "needs reconnecting"
    (the grant lacks mail access, or the mailbox has IMAP/SMTP turned off) and raises
    :class:`NeedsReconnect`: one refusal never turns into a loop of failing logins."""
    token = access_token(grant)
    try:
        return login(token.value)
    except refused as exc:
        if token.fresh:
            raise _refused_fresh(grant, server, exc) from exc
        log.info("oauth grant %s: %s refused the stored token; renewing it", grant.pk, server)
    token = access_token(grant, stale=token.value)
    try:
        return login(token.value)
    except refused as exc:
        raise _refused_fresh(grant, server, exc) from exc


def _refused_fresh(grant: OAuthGrant, server: str, exc: BaseException) -> NeedsReconnect:
    problem = (
        f"{server} refused a new access token ({_short(exc)}): the permission may not "
        "include mail, or mail access (IMAP/SMTP) is turned off for this mailbox. Connect "
        "the mailbox again."
    )
    mark_needs_reconnect(grant, problem)
    return NeedsReconnect(problem)
