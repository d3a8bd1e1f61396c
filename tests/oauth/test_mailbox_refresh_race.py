"""Two workers renewing one grant at the same moment (the refresh under the grant's row
lock): the loopback provider rotates refresh tokens and refuses a used one
(``ROTATE_REFRESH_TOKEN``, no grace period), so a worker that spent the old refresh token
after the other would get ``invalid_grant`` and wrongly mark the mailbox "needs
reconnecting". A PostgreSQL test (./test's second pass): SQLite's in-memory test database
(shared cache) has table locks that refuse a second writer at once instead of waiting,
and a single worker is the supported setup on SQLite anyway (web/outbox/sender.py)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.utils import timezone

from followline.web.mailsync.models import MailAccount
from followline.web.oauth.models import GrantState, OAuthGrant
from followline.web.oauth.tokens import access_token
from tests.oauth import mailbox_site as site

WORKERS = 4


@pytest.mark.django_db(transaction=True)
def test_workers_renewing_at_once_share_one_new_token(
    client, django_user_model, settings, oauth_provider, oauth_imap
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks between threads: run on PostgreSQL by ./test's second pass")
    registered = oauth_provider.create_client("http://testserver" + site.CALLBACK)
    site.configure(settings, oauth_provider, registered, imap_port=oauth_imap.port)
    ann = django_user_model.objects.create_user("ann", "ann@candidate.test", "pw")
    client.force_login(ann)
    user = oauth_provider.new_user("ann")
    site.connect(client, oauth_provider, user)
    grant = OAuthGrant.objects.get()
    old_refresh = grant.refresh_token()
    OAuthGrant.objects.update(access_expires_at=timezone.now())  # due for renewal now

    start = threading.Barrier(WORKERS)
    tokens: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            mine = OAuthGrant.objects.get(pk=grant.pk)
            start.wait(timeout=30)
            tokens.append(access_token(mine).value)
        except BaseException as exc:  # reported below, with the others
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert len(tokens) == WORKERS and len(set(tokens)) == 1  # one renewal, shared
    grant = OAuthGrant.objects.get()
    assert grant.state == GrantState.ACTIVE and grant.access_token() == tokens[0]
    assert grant.refresh_token() != old_refresh  # rotated once ...
    assert oauth_provider.refresh(registered, old_refresh).status_code == 400  # ... spent
    assert oauth_provider.introspect(tokens[0], "imap")["active"] is True
    assert MailAccount.objects.get().needs_reconnect is False
