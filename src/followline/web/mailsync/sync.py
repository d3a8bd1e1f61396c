"""Read new mail from connected mailboxes and hand it on.

For each account: select the folder read-only; if ``UIDVALIDITY`` is what we saw last, ask
for UIDs above ``last_uid``; if it changed (the server renumbered the folder) or this is
the first sync, read the last ``FOLLOWLINE_MAILSYNC_FIRST_DAYS`` days (default 30) and let
the fingerprint (Message-ID, else a hash of the content) drop what we already have.

Each message is read once, from the bytes in memory, by triage's per-message analysis
(:func:`followline.mail.analyse.analyse`: parse, reply stripping, classification, phone
numbers in the signature), and that one reading is stored and handed on.

Every message is stored, handed to its side's handler and ``last_uid`` moved forward in
ONE transaction. A disconnect therefore stops between two messages: the next sync resumes
after the last one stored, and the unique constraints on (account, uidvalidity, uid) and
(account, fingerprint) make a repeat impossible even with two workers.

An OAuth2 mailbox logs in with its grant's access token (renewed shortly before it expires;
:mod:`followline.web.oauth.tokens`). A grant the provider no longer honours marks the
mailbox "needs reconnecting": :func:`run_all` skips it (no loop of failing logins) until the
user connects it again. A provider that is down is an error like a network one: recorded
on the account and tried again on the next run.

Handlers (``handle(account, inbound, message) -> outcome``): candidate accounts go to
:mod:`followline.web.mailsync.seeker_inbox` (matched to an application and logged as an
employer contact), employer accounts to :mod:`followline.web.mailsync.hiring_inbox` (filed
as the import screen files it). A side whose handler is not installed just stores the
message.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from imapclient.exceptions import IMAPClientError, LoginError

from followline.mail.analyse import Analysed, analyse
from followline.mail.sources import RawMessage
from followline.web.core import credentials
from followline.web.mailsync import account_notices
from followline.web.mailsync.imap import ImapLogin, Mailbox
from followline.web.mailsync.models import Auth, InboundMessage, MailAccount, Side
from followline.web.oauth.models import GrantState
from followline.web.oauth.tokens import NeedsReconnect, ProviderUnavailable, log_in_with

log = logging.getLogger("followline.mailsync")
TEXT_KEEP = 20000

Handler = Callable[[MailAccount, InboundMessage, Analysed], str]

HANDLERS = {
    "candidate": "followline.web.mailsync.seeker_inbox:handle",
    "employer": "followline.web.mailsync.hiring_inbox:handle",
}

NETWORK_ERRORS = (IMAPClientError, OSError, socket.timeout, credentials.InvalidToken)


@dataclass
class SyncResult:
    stored: int = 0
    skipped: int = 0
    error: str = ""


def login_for(account: MailAccount) -> ImapLogin:
    return ImapLogin(
        account.host,
        account.port,
        account.use_ssl,
        account.username,
        account.password() if account.auth == Auth.PASSWORD else "",
        account.folder,
    )


class ServerUnavailable(OSError):
    """The IMAP server refused the login for now (``[UNAVAILABLE]``, RFC 5530): not the
    token's fault (its provider may be down); tried again on the next run."""


def _open_with_token(login: ImapLogin, token: str) -> Mailbox:
    try:
        return Mailbox(replace(login, access_token=token)).open()
    except LoginError as exc:
        if "[UNAVAILABLE]" in str(exc).upper():
            raise ServerUnavailable(str(exc)) from exc
        raise


@contextmanager
def opened(account: MailAccount) -> Iterator[Mailbox]:
    """The account's folder, logged in (password or OAuth2) and selected read-only."""
    login = login_for(account)
    if account.auth == Auth.OAUTH2:
        if account.grant is None:
            raise NeedsReconnect("the mailbox has no OAuth2 grant; connect it again")
        box = log_in_with(
            account.grant,
            lambda token: _open_with_token(login, token),
            refused=LoginError,
            server=account.host,
        )
    else:
        box = Mailbox(login).open()
    with box:
        yield box


def handler_for(account: MailAccount) -> Handler | None:
    module_name, _, func = HANDLERS.get(account.side, "").partition(":")
    try:
        return getattr(importlib.import_module(module_name), func)
    except (ModuleNotFoundError, ValueError):
        return None


def connect_account(
    owner,
    *,
    host: str,
    port: int,
    use_ssl: bool,
    username: str,
    password: str,
    folder: str = "INBOX",
    side: str = "candidate",
    team_id: int | None = None,
    timeout: float = 30.0,
) -> MailAccount:
    """Check the login for real (raises on failure), then store it with the password
    encrypted. The first sync happens in the worker."""
    with Mailbox(ImapLogin(host, port, use_ssl, username, password, folder, timeout)):
        pass
    account = MailAccount(
        owner=owner,
        host=host,
        port=port,
        use_ssl=use_ssl,
        username=username,
        folder=folder,
        side=side,
        team_id=team_id,
    )
    account.set_password(password)
    account.save()
    return account


def _first_days() -> int:
    return int(settings.FOLLOWLINE_MAILSYNC_FIRST_DAYS)


def sync_account(
    account: MailAccount,
    *,
    handler: Handler | None = None,
    now: datetime | None = None,
    batch: int = 50,
) -> SyncResult:
    """Read what is new in ``account``; errors are recorded on the account, not raised."""
    now = now or timezone.now()
    handler = handler or handler_for(account)
    result = SyncResult()
    try:
        with opened(account) as box:
            if account.uidvalidity != box.uidvalidity:
                since = (account.last_synced_at or now) - timedelta(days=_first_days())
                uids = box.uids_since(since.date())
                MailAccount.objects.filter(pk=account.pk).update(
                    uidvalidity=box.uidvalidity, last_uid=0
                )
                account.uidvalidity, account.last_uid = box.uidvalidity, 0
            else:
                uids = box.uids_after(account.last_uid)
            for uid, raw in box.fetch(uids, batch=batch):
                if _store(account, box.uidvalidity, uid, raw, handler):
                    result.stored += 1
                else:
                    result.skipped += 1
    except NeedsReconnect as exc:
        result.error = f"Needs reconnecting: {exc}"
    except ProviderUnavailable as exc:
        result.error = f"Could not renew access, will try again: {exc}"
        log.warning("mailsync %s: %s", account.pk, result.error)
    except NETWORK_ERRORS as exc:
        result.error = f"{type(exc).__name__}: {exc}"
        log.warning("mailsync %s: %s", account.pk, result.error)
        refused = isinstance(exc, (LoginError, credentials.InvalidToken))
        account_notices.tell_failure(account, result.error, login_refused=refused, now=now)
    MailAccount.objects.filter(pk=account.pk).update(
        last_synced_at=now if not result.error else account.last_synced_at,
        last_error=result.error[:2000],
    )
    account.refresh_from_db()
    return result


def _store(
    account: MailAccount, uidvalidity: int, uid: int, raw: bytes, handler: Handler | None
) -> bool:
    # A hiring mailbox files every sender's mail onto a candidate: job mail by context
    # (employers.inbound._kind). A seeker's inbox reads employer mail again, from the
    # employer's side, once it matched an application.
    message = analyse(
        RawMessage(f"imap:{account.pk}:{uidvalidity}:{uid}", raw),
        keep_text=True,
        job_mail=account.side == Side.EMPLOYER,
    )
    fingerprint = message.fingerprint or "sha256:" + hashlib.sha256(raw).hexdigest()
    try:
        with transaction.atomic():
            known = (
                InboundMessage.objects.filter(account=account)
                .filter(fingerprint=fingerprint)
                .exists()
            )
            if not known:
                inbound = InboundMessage.objects.create(
                    account=account,
                    uidvalidity=uidvalidity,
                    uid=uid,
                    fingerprint=fingerprint,
                    message_id=(message.message_id or "")[:255],
                    in_reply_to=" ".join(filter(None, [message.in_reply_to, *message.references])),
                    from_addr=message.from_addr.lower()[:255],
                    subject=message.subject[:400],
                    date=message.date,
                    text=message.text[:TEXT_KEEP],
                )
                inbound.outcome = handler(account, inbound, message) if handler else "stored"
                inbound.save(update_fields=["outcome"])
            MailAccount.objects.filter(pk=account.pk, last_uid__lt=uid).update(last_uid=uid)
    except IntegrityError:  # another worker stored it first
        return False
    account.last_uid = max(account.last_uid, uid)
    return not known


def run_all(worker=None) -> dict[str, int]:
    """The worker's ``mailsync`` job: sync every enabled account once."""
    totals = {"accounts": 0, "stored": 0, "errors": 0}
    accounts = (
        MailAccount.objects.filter(enabled=True)
        .exclude(grant__state=GrantState.NEEDS_RECONNECT)
        .select_related("grant")
        .order_by("last_synced_at", "pk")
    )
    for account in accounts:
        if worker is not None and worker.stopping.is_set():
            break
        result = sync_account(account)
        totals["accounts"] += 1
        totals["stored"] += result.stored
        totals["errors"] += bool(result.error)
    return totals
