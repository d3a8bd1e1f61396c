"""Inbox sync against a real Dovecot: new mail once, resumable, UIDVALIDITY, secrets."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from followline.web.core import credentials
from followline.web.mailsync.models import InboundMessage, MailAccount
from followline.web.mailsync.sync import connect_account, sync_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return get_user_model().objects.create_user("ann", password="x")


def _connect(owner, imap_user, folder="INBOX") -> MailAccount:
    return connect_account(
        owner,
        host="127.0.0.1",
        port=imap_user.port,
        use_ssl=False,
        username=imap_user.username,
        password=imap_user.password,
        folder=folder,
    )


def _subjects(account) -> list[str]:
    return list(
        InboundMessage.objects.filter(account=account)
        .order_by("uid")
        .values_list("subject", flat=True)
    )


def test_new_messages_are_read_once_and_left_unseen(owner, imap_user):
    for i in range(3):
        imap_user.deliver(sender=f"HR <hr{i}@acme.example>", subject=f"Interview {i}")
    account = _connect(owner, imap_user)
    first = sync_account(account)
    assert (first.stored, first.error) == (3, "")
    assert _subjects(account) == ["Interview 0", "Interview 1", "Interview 2"]
    assert account.last_uid == 3 and account.uidvalidity
    assert sync_account(account).stored == 0  # nothing new: nothing read again
    imap_user.deliver(sender="hr@acme.example", subject="Offer")
    assert sync_account(account).stored == 1
    assert _subjects(account)[-1] == "Offer"
    stored = InboundMessage.objects.get(account=account, subject="Offer")
    assert stored.from_addr == "hr@acme.example" and stored.text.strip() == "Hello."
    client = imap_user.client()
    client.select_folder("INBOX", readonly=True)
    assert client.search(["UNSEEN"]) == [1, 2, 3, 4]  # the sync marked nothing as read
    client.logout()


def test_a_disconnect_mid_sync_resumes_without_loss_or_duplicates(owner, imap_user):
    for i in range(6):
        imap_user.deliver(sender="hr@acme.example", subject=f"m{i}")
    account = _connect(owner, imap_user)
    handled = []

    def kick_after_two(account, inbound, parsed):
        handled.append(inbound.subject)
        if len(handled) == 2:
            imap_user.kick()  # the server drops the connection before the next FETCH
        return "stored"

    broken = sync_account(account, handler=kick_after_two, batch=1)
    assert broken.error and broken.stored == 2
    account.refresh_from_db()
    assert account.last_uid == 2 and account.last_error == broken.error
    resumed = sync_account(account, handler=kick_after_two, batch=1)
    assert (resumed.stored, resumed.error) == (4, "")
    assert _subjects(account) == [f"m{i}" for i in range(6)]
    assert handled == [f"m{i}" for i in range(6)]  # each handed on exactly once


def test_a_changed_uidvalidity_rereads_without_duplicates(owner, imap_user):
    client = imap_user.client()
    client.create_folder("Jobs")
    client.logout()
    ids = [
        imap_user.deliver(sender="hr@acme.example", subject=f"j{i}", folder="Jobs")
        for i in range(3)
    ]
    account = _connect(owner, imap_user, folder="Jobs")
    assert sync_account(account).stored == 3
    old_validity = account.uidvalidity
    client = imap_user.client()  # the server renumbers: folder gone and made again
    client.delete_folder("Jobs")
    client.create_folder("Jobs")
    client.logout()
    for i, mid in enumerate(ids):
        imap_user.deliver(sender="hr@acme.example", subject=f"j{i}", folder="Jobs", message_id=mid)
    imap_user.deliver(sender="hr@acme.example", subject="j-new", folder="Jobs")
    again = sync_account(account)
    assert (again.stored, again.skipped) == (1, 3)
    assert account.uidvalidity != old_validity
    assert sorted(_subjects(account)) == ["j-new", "j0", "j1", "j2"]


def test_the_password_is_encrypted_at_rest(owner, imap_user, settings):
    account = _connect(owner, imap_user)
    raw = (
        MailAccount.objects.filter(pk=account.pk).values_list("password_encrypted", flat=True).get()
    )
    assert imap_user.password not in raw and raw.startswith("gAAAAA")  # a Fernet token
    assert MailAccount.objects.get(pk=account.pk).password() == imap_user.password
    assert imap_user.password not in str(account) + repr(account)
    settings.SECRET_KEY = "another-secret"  # without the key the token is useless
    with pytest.raises(credentials.InvalidToken):
        MailAccount.objects.get(pk=account.pk).password()
    result = sync_account(account)  # and the sync says so instead of crashing
    assert "InvalidToken" in result.error


def test_a_dedicated_key_takes_over_and_old_tokens_still_open(settings):
    from cryptography.fernet import Fernet

    old = credentials.encrypt("pw")
    settings.FOLLOWLINE_CREDENTIALS_KEY = [Fernet.generate_key().decode()]
    assert credentials.decrypt(old) == "pw"
    rotated = credentials.reencrypt(old)
    settings.FOLLOWLINE_CREDENTIALS_KEY = []
    with pytest.raises(credentials.InvalidToken):
        credentials.decrypt(rotated)


def test_a_wrong_password_is_refused_when_connecting(owner, imap_user):
    from imapclient.exceptions import LoginError

    with pytest.raises(LoginError):
        connect_account(
            owner,
            host="127.0.0.1",
            port=imap_user.port,
            use_ssl=False,
            username=imap_user.username,
            password="wrong",
        )
    assert MailAccount.objects.count() == 0
