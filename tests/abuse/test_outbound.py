"""Item 2: the server connects only to public mail servers, briefly, a few at a time, and its
answers do not tell which ports are open."""

from __future__ import annotations

import re
import socket
import threading
import time
from contextlib import contextmanager

import pytest

from followline.web.mailsync.models import MailAccount
from followline.web.mailsync.sync import sync_account
from followline.web.outbox.enqueue import enqueue_mail
from followline.web.outbox.models import OutboxMessage, SmtpAccount
from followline.web.outbox.sender import SenderConfig, send_due

from .site import Site

pytestmark = pytest.mark.django_db

LOCAL = [
    "127.0.0.1",
    "localhost",
    "10.0.0.5",
    "172.16.3.4",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "::1",
    "fe80::1",
    "::ffff:127.0.0.1",
    "224.0.0.1",
    "240.0.0.1",
]


def _smtp_form(host: str, port: int) -> dict:
    return {
        "smtp": "1",
        "from_email": "ann@own-mail.test",
        "host": host,
        "port": port,
        "security": "none",
        "username": "",
        "password": "",
    }


def _imap_form(host: str, port: int) -> dict:
    return {
        "connect": "1",
        "host": host,
        "port": port,
        "use_ssl": "",
        "username": "ann",
        "password": "pw",
        "folder": "INBOX",
    }


def _errors(page: str) -> list[str]:
    return re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)


@pytest.fixture
def ann(client, owner):
    client.force_login(owner)
    return owner


@pytest.mark.parametrize("host", LOCAL)
def test_local_and_private_mail_hosts_are_refused(client, ann, settings, host):
    settings.FOLLOWLINE_MAIL_ALLOW_LOCAL = False
    for form, port in ((_smtp_form, 587), (_imap_form, 993)):
        started = time.monotonic()
        page = client.post("/mail/", form(host, port)).content.decode()
        assert "local or private address" in page, _errors(page)
        assert time.monotonic() - started < 5
    assert not SmtpAccount.objects.exists() and not MailAccount.objects.exists()


def test_only_mail_ports_unless_local_servers_are_allowed(client, ann, settings):
    settings.FOLLOWLINE_MAIL_ALLOW_LOCAL = False
    for form in (_smtp_form, _imap_form):
        page = client.post("/mail/", form("192.0.2.1", 5432)).content.decode()
        assert "not a mail port" in page


@contextmanager
def _listener(behaviour: str):
    """A loopback port that is closed, says something that is not mail, or never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    if behaviour == "closed":
        sock.close()
        yield port
        return
    sock.listen(64)
    stop = threading.Event()

    def serve() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")
            conn.close()

    thread = threading.Thread(target=serve, daemon=True) if behaviour == "http" else None
    if thread:
        thread.start()
    try:
        yield port  # "silent": the kernel completes the handshake, nobody ever speaks
    finally:
        stop.set()
        if thread:
            thread.join()
        sock.close()


def test_errors_do_not_tell_closed_open_and_silent_ports_apart(client, ann, settings):
    settings.FOLLOWLINE_MAIL_ALLOW_LOCAL = True  # so that it connects at all
    settings.FOLLOWLINE_MAIL_CHECK_TIMEOUT = 1
    for form in (_smtp_form, _imap_form):
        answers = {}
        for behaviour in ("closed", "http", "silent"):
            with _listener(behaviour) as port:
                page = client.post("/mail/", form("127.0.0.1", port)).content.decode()
            answers[behaviour] = _errors(page)
        assert answers["closed"] == answers["http"] == answers["silent"], answers
        text = " ".join(answers["closed"]).lower()
        assert "could not" in text and not any(
            w in text for w in ("refused", "timed out", "errno", "http")
        )


@pytest.mark.parametrize("threads", [4, 2])
def test_parallel_checks_against_a_silent_port_leave_the_site_answering(site_dir, threads):
    """Checks hold at most FOLLOWLINE_MAIL_CHECKS (2) threads, and never every thread of a
    process: with ``--threads 2`` one check at a time (before, two checks took both)."""
    with (
        _listener("silent") as port,
        Site(
            site_dir,
            threads=threads,
            FOLLOWLINE_MAIL_ALLOW_LOCAL="1",
            FOLLOWLINE_MAIL_CHECK_TIMEOUT="4",
        ) as site,
    ):
        site.create_user("ann")
        clients = [site.logged_in("ann") for _ in range(8)]
        for c in clients:
            c.get("/mail/")
        answers: list[tuple[float, tuple[int, str]]] = []
        posters = [
            threading.Thread(
                target=lambda c=c: answers.append(
                    (time.monotonic(), c.post("/mail/", _smtp_form("127.0.0.1", port)))
                )
            )
            for c in clients
        ]
        for t in posters:
            t.start()
        time.sleep(0.3)
        slowest = 0.0
        for _ in range(5):
            started = time.monotonic()
            status, _ = site.client().get("/accounts/login/", timeout=60)
            slowest = max(slowest, time.monotonic() - started)
            assert status == 200
            time.sleep(0.2)
        for t in posters:
            t.join(timeout=60)
        assert slowest < 2, slowest
        assert len(answers) == 8 and all(status == 200 for _, (status, _) in answers)
        assert any("try again" in page for _, (_, page) in answers)  # the busy ones are told so


def test_the_worker_does_not_connect_to_a_user_server_that_turned_local(owner, settings):
    """A host saved while public may resolve to a private address later (or the operator
    turned local servers off): the worker refuses then too, for sending and for reading."""
    settings.FOLLOWLINE_MAIL_ALLOW_LOCAL = False
    account = SmtpAccount.objects.create(
        owner=owner, host="127.0.0.1", port=587, security="none", from_email="a@b.test"
    )
    enqueue_mail("x@example.com", "s", "t", smtp_account=account)
    assert send_due(SenderConfig(worker="t"))["sent"] == 0
    assert "local or private" in OutboxMessage.objects.get().last_error
    mailbox = MailAccount(
        owner=owner, host="localhost", port=993, use_ssl=True, username="u", folder="INBOX"
    )
    mailbox.set_password("pw")
    mailbox.save()
    assert "local or private" in sync_account(mailbox).error
