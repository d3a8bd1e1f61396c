"""A real Dovecot on loopback (started by scripts/test-setup.d/40-dovecot.sh)."""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import pytest
from django.utils import timezone
from imapclient import IMAPClient


@pytest.fixture(autouse=True)
def _local_mail_servers_allowed(settings):
    """The test mail servers run on loopback (netguard refuses that by default)."""
    settings.FOLLOWLINE_MAIL_ALLOW_LOCAL = True


@dataclass
class ImapUser:
    port: int
    conf: str
    username: str
    password: str

    def client(self) -> IMAPClient:
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=10)
        client.login(self.username, self.password)
        return client

    def deliver(
        self,
        *,
        sender: str,
        subject: str,
        body: str = "Hello.",
        folder: str = "INBOX",
        in_reply_to: str | None = None,
        message_id: str | None = None,
    ) -> str:
        """Put a message into the mailbox (as a delivery agent would); returns Message-ID."""
        msg = EmailMessage()
        msg["From"] = sender
        msg["To"] = self.username
        msg["Subject"] = subject
        msg["Date"] = format_datetime(timezone.now())
        msg["Message-ID"] = message_id or make_msgid(domain="mail.test")
        if in_reply_to:
            msg["In-Reply-To"] = in_reply_to
        msg.set_content(body)
        client = self.client()
        try:
            client.append(folder, msg.as_bytes())
        finally:
            client.logout()
        return msg["Message-ID"]

    def kick(self) -> None:
        """Make the server drop every connection of this user (a real disconnect).

        `doveadm kick` only signals the user's imap processes; wait until the server lists
        none, so the client's next command surely meets a closed connection (bounded: 10 s).
        """
        subprocess.run(
            ["doveadm", "-c", self.conf, "kick", self.username], check=True, capture_output=True
        )
        for _ in range(200):
            who = subprocess.run(
                ["doveadm", "-c", self.conf, "who", self.username],
                capture_output=True,
                text=True,
                check=False,
            )
            if self.username not in who.stdout:
                return
            time.sleep(0.05)
        raise AssertionError(f"Dovecot still lists {self.username} 10 s after the kick")


@pytest.fixture
def imap_user() -> ImapUser:
    port = os.environ.get("FOLLOWLINE_TEST_IMAP_PORT")
    password = os.environ.get("FOLLOWLINE_TEST_IMAP_PASSWORD")
    if not port or not password:
        if os.environ.get("CI"):
            pytest.fail("no IMAP server: scripts/test-setup.d/40-dovecot.sh did not run")
        pytest.skip("no IMAP server: run ./test, which starts Dovecot")
    user = ImapUser(
        int(port),
        os.environ["FOLLOWLINE_TEST_IMAP_CONF"],
        f"u{uuid.uuid4().hex[:10]}@candidate.test",
        password,
    )
    return user
