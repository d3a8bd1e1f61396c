"""Connecting (and reconnecting, and disconnecting) an OAuth2 mailbox, once the provider
has granted access (:func:`followline.web.oauth.flow.finish`).

The login is checked for real before anything is stored: the mail server must take the new
token over XOAUTH2, exactly as the sync will. Then, in one transaction, the grant (tokens
encrypted) and the mailbox are stored; for a job seeker who asks for it, their outgoing
mail goes through the same mailbox (SMTP XOAUTH2 with the same grant).

Reconnecting keeps the mailbox (and how far its sync got) and replaces the grant's tokens;
it must be the same address. Connecting an address that is already connected the same way
is a reconnection too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from imapclient.exceptions import LoginError

from followline.web.mailsync.imap import ImapLogin, Mailbox
from followline.web.mailsync.models import Auth, MailAccount, Side
from followline.web.oauth.flow import FlowError, Granted
from followline.web.oauth.models import GrantState, OAuthGrant
from followline.web.oauth.providers import Provider
from followline.web.oauth.tokens import ProviderUnavailable, revoke
from followline.web.outbox.models import OutboxMessage, OutboxState, SmtpAccount


@dataclass(frozen=True)
class Target:
    """Which mailbox a flow connects: the job seeker's own or a team's hiring mailbox."""

    side: str = Side.CANDIDATE
    team_id: int | None = None
    opening_id: int | None = None
    folder: str = "INBOX"
    send_too: bool = False
    reconnect_id: int | None = None


def _check_login(provider: Provider, address: str, token: str, folder: str, timeout: float):
    login = ImapLogin(
        provider.imap_host,
        provider.imap_port,
        provider.imap_ssl,
        address,
        "",
        folder,
        timeout,
        access_token=token,
    )
    try:
        with Mailbox(login):
            pass
    except LoginError as exc:
        if "[UNAVAILABLE]" in str(exc).upper():
            raise ProviderUnavailable(
                f"{provider.imap_host} could not check the sign-in just now ({exc})"
            ) from exc
        raise FlowError(
            f"{provider.name} gave access, but its mail server ({provider.imap_host}) refused "
            f"to let {address} in ({exc}). Is IMAP turned on for this mailbox, and is the "
            "address right?"
        ) from exc


def _existing(owner, provider: Provider, address: str, target: Target) -> MailAccount | None:
    accounts = MailAccount.objects.filter(auth=Auth.OAUTH2).select_related("grant")
    if target.team_id is not None:  # any member may reconnect the team's mailbox
        accounts = accounts.filter(side=Side.EMPLOYER, team_id=target.team_id)
    else:
        accounts = accounts.filter(side=Side.CANDIDATE, owner=owner)
    if target.reconnect_id is not None:
        found = accounts.filter(pk=target.reconnect_id).first()
        if found is None:
            raise FlowError("That mailbox is no longer connected; connect it anew.")
        if found.username.lower() != address.lower():
            raise FlowError(
                f"You signed in as {address}, but the mailbox to reconnect is "
                f"{found.username}: sign in with that account."
            )
        return found
    return accounts.filter(
        side=target.side,
        team_id=target.team_id,
        grant__provider=provider.key,
        username__iexact=address,
    ).first()


def connect(
    owner,
    provider: Provider,
    granted: Granted,
    target: Target,
    *,
    typed_address: str = "",
    timeout: float = 30.0,
) -> tuple[MailAccount, bool]:
    """Store the mailbox once its server takes the token; returns (mailbox, reconnected).
    Raises :class:`FlowError` (nothing stored) or the network's errors."""
    address = (granted.address or typed_address).strip().lower()
    if not address:
        raise FlowError(f"{provider.name} did not say which address this is; type it in.")
    existing = _existing(owner, provider, address, target)
    folder = existing.folder if existing else target.folder
    _check_login(provider, address, granted.token["access_token"], folder, timeout)
    now = timezone.now()
    with transaction.atomic():
        grant = existing.grant if existing and existing.grant else None
        if grant is None:
            grant = OAuthGrant(
                owner=owner, provider=provider.key, address=address, team_id=target.team_id
            )
        grant.set_tokens(granted.token, now)
        grant.state, grant.problem = GrantState.ACTIVE, ""
        grant.save()
        if existing is not None:
            MailAccount.objects.filter(grant=grant).update(last_error="")
            account = MailAccount.objects.get(pk=existing.pk)
        else:
            account = MailAccount.objects.create(
                owner=owner,
                side=target.side,
                team_id=target.team_id,
                opening_id=target.opening_id,
                host=provider.imap_host,
                port=provider.imap_port,
                use_ssl=provider.imap_ssl,
                username=address,
                password_encrypted="",
                auth=Auth.OAUTH2,
                grant=grant,
                folder=folder,
            )
        if target.send_too and target.side == Side.CANDIDATE and provider.can_send:
            send_through(owner, provider, grant)
    return account, existing is not None


def send_through(owner, provider: Provider, grant: OAuthGrant) -> SmtpAccount:
    """Make the grant's mailbox the user's outgoing server (SMTP XOAUTH2)."""
    smtp, _ = SmtpAccount.objects.update_or_create(
        owner=owner,
        defaults={
            "host": provider.smtp_host,
            "port": provider.smtp_port,
            "security": provider.smtp_security,
            "username": grant.address,
            "password_encrypted": "",
            "from_email": grant.address,
            "grant": grant,
        },
    )
    return smtp


def disconnect(account: MailAccount) -> str:
    """Stop reading ``account``; an OAuth2 grant that nothing else uses is revoked at the
    provider (and sending through it stops too). Returns what the user still has to do
    by hand ("" when nothing)."""
    grant = account.grant
    account.delete()
    if grant is None or MailAccount.objects.filter(grant=grant).exists():
        return ""
    left = revoke(grant)
    # Mail waiting to go out through it is not sent another way (the site's server would
    # send it under the user's address): it fails, saying why, on the Mail page.
    OutboxMessage.objects.filter(smtp_account__grant=grant, state=OutboxState.QUEUED).update(
        state=OutboxState.FAILED,
        last_error="not sent: the mailbox it was to go out through was disconnected",
    )
    grant.delete()  # the outgoing server that used it goes with it
    return left
