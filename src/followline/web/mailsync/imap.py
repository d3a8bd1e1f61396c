"""The IMAP adapter (imapclient): log in, select read-only, list UIDs, fetch without
marking anything as seen.

The login is a password (``LOGIN``) or, with ``access_token`` set, an OAuth2 bearer token:
SASL ``XOAUTH2`` (Gmail, Microsoft 365, Dovecot), or ``OAUTHBEARER`` (RFC 7628) when the
server offers that and not XOAUTH2.

>>> with Mailbox(ImapLogin("imap.example.com", 993, True, "ann", "pw")) as box:  # doctest: +SKIP
...     for uid, raw in box.fetch(box.uids_after(41)): ...
"""

from __future__ import annotations

import contextlib
import ssl as ssl_module
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from imapclient import IMAPClient

from followline.web.core.netguard import check_host


@dataclass(frozen=True)
class ImapLogin:
    host: str
    port: int
    use_ssl: bool
    username: str
    password: str = field(repr=False)
    folder: str = "INBOX"
    timeout: float = 30.0
    access_token: str = field(default="", repr=False)


class Mailbox:
    """One logged-in, read-only selected folder. Use as a context manager."""

    def __init__(self, login: ImapLogin):
        self.login = login
        self.client: IMAPClient | None = None
        self.uidvalidity: int = 0

    def __enter__(self) -> Mailbox:
        return self.open()

    def open(self) -> Mailbox:
        """Connect, log in and select the folder read-only (what ``with`` does, once)."""
        if self.client is not None:
            return self
        login = self.login
        check_host(login.host, login.port)  # a public mail server only (HostNotAllowed)
        context = ssl_module.create_default_context() if login.use_ssl else None
        self.client = IMAPClient(
            login.host,
            port=login.port,
            ssl=login.use_ssl,
            ssl_context=context,
            timeout=login.timeout,
        )
        try:
            self._log_in(self.client)
            info = self.client.select_folder(login.folder, readonly=True)
        except Exception:
            self._close()
            raise
        self.uidvalidity = int(info[b"UIDVALIDITY"])
        return self

    def _log_in(self, client: IMAPClient) -> None:
        login = self.login
        if not login.access_token:
            client.login(login.username, login.password)
        elif client.has_capability("AUTH=OAUTHBEARER") and not client.has_capability(
            "AUTH=XOAUTH2"
        ):
            client.oauthbearer_login(login.username, login.access_token)
        else:
            client.oauth2_login(login.username, login.access_token)

    def __exit__(self, *exc) -> None:
        self._close()

    def _close(self) -> None:
        if self.client is None:
            return
        client, self.client = self.client, None
        try:
            client.logout()
        except Exception:  # the connection may already be gone: just drop the socket
            with contextlib.suppress(Exception):
                client.shutdown()

    def uids_after(self, last_uid: int) -> list[int]:
        """UIDs greater than ``last_uid`` (``n:*`` also answers the last UID: filtered)."""
        assert self.client is not None
        found = self.client.search(["UID", f"{last_uid + 1}:*"])
        return sorted(uid for uid in found if uid > last_uid)

    def uids_since(self, day: date) -> list[int]:
        assert self.client is not None
        return sorted(self.client.search(["SINCE", day]))

    def fetch(self, uids: Sequence[int], *, batch: int = 50) -> Iterator[tuple[int, bytes]]:
        """(uid, raw message) in UID order; BODY.PEEK leaves the \\Seen flag alone."""
        assert self.client is not None
        for start in range(0, len(uids), batch):
            chunk = list(uids[start : start + batch])
            data = self.client.fetch(chunk, ["BODY.PEEK[]"])
            for uid in sorted(data):
                raw = data[uid].get(b"BODY[]")
                if raw is not None:
                    yield uid, raw
