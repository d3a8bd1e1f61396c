"""A Dovecot of its own for the OAuth tests: IMAP on 127.0.0.1 (a free port) that takes
only SASL XOAUTH2 and OAUTHBEARER, and checks every token with the loopback provider's
introspection endpoint (Dovecot's ``oauth2`` passdb, ``introspection_mode = post``):

- the token must be active (``active_attribute = active``, ``active_value = true``): not
  expired, not revoked, known;
- its ``email`` must be the login name given in the SASL message (Dovecot compares
  ``username_attribute`` with the user, lower-cased);
- it must open IMAP: Dovecot introspects at ``/o/introspect/imap/``, which answers
  ``active: false`` for a token without ``mail``, ``https://mail.google.com/`` or
  ``https://outlook.office.com/IMAP.AccessAsUser.All`` (tests/oauth_provider/scopes.py).

Nothing is cached (``auth_cache_size = 0``): a revoked token fails at the next login.
Failed logins are not slowed down (``auth_failure_delay = 0``, and no growing penalty per
IP: the anvil-auth-penalty listener is off): the tests fail logins on purpose. A password
login (LOGIN, AUTHENTICATE PLAIN) is refused: "Unsupported authentication mechanism".
A provider that is down makes a login fail as a temporary failure (``[UNAVAILABLE]``),
an invalid token as ``[AUTHENTICATIONFAILED]``.

Mail is put into a mailbox as a delivery agent would (``doveadm save``), by address.
"""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from imapclient import IMAPClient

from tests.oauth.provider import OAuthProvider, ProviderUser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DovecotMissing(RuntimeError):
    pass


class OAuthDovecot:
    host = "127.0.0.1"

    def __init__(self, provider: OAuthProvider) -> None:
        if not shutil.which("dovecot") or not shutil.which("doveadm"):
            raise DovecotMissing("dovecot is not installed (scripts/test-setup.d/40-dovecot.sh)")
        self.provider = provider
        # short: Dovecot's sockets live here and a socket path has a 108-byte limit
        self.dir = Path(tempfile.mkdtemp(prefix="fl-oauth-dove-"))
        self.port = _free_port()
        self.conf = self.dir / "dovecot.conf"
        self.log_path = self.dir / "dovecot.log"
        self._mail_user = "dovenull" if os.geteuid() == 0 else getpass.getuser()

    def _write_config(self) -> None:
        rs = self.provider.resource_server("imap")
        introspect = self.provider.introspect_url_for("imap").replace(
            "http://", f"http://{rs.client_id}:{rs.client_secret}@", 1
        )
        (self.dir / "oauth2.conf.ext").write_text(
            f"""introspection_mode = post
introspection_url = {introspect}
username_attribute = email
active_attribute = active
active_value = true
timeout_msecs = 10000
"""
        )
        for sub in ("run", "state", "mail"):
            (self.dir / sub).mkdir(exist_ok=True)
        shutil.chown(self.dir / "mail", self._mail_user, self._mail_user)
        self.dir.chmod(0o755)
        user = self._mail_user
        self.conf.write_text(
            f"""instance_name = followline-oauth-{self.port}
base_dir = {self.dir}/run
state_dir = {self.dir}/state
log_path = {self.log_path}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = xoauth2 oauthbearer
auth_cache_size = 0
auth_verbose = yes
# tests fail logins on purpose: no 2 s delay per failure, and no growing penalty per IP
# (the anvil-auth-penalty listener is disabled below)
auth_failure_delay = 0
first_valid_uid = 1
mail_location = maildir:{self.dir}/mail/%u
default_internal_user = {user}
default_login_user = {user}
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {self.dir}/oauth2.conf.ext
}}
userdb {{
  driver = static
  args = uid={user} gid={user} home={self.dir}/mail/%u allow_all_users=yes
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""
        )

    def start(self) -> None:
        self._write_config()
        # not captured: the daemon keeps its parent's stdout open, run() would wait forever
        with (self.dir / "start.log").open("wb") as out:
            subprocess.run(["dovecot", "-c", str(self.conf)], check=True, stdout=out, stderr=out)
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection((self.host, self.port), timeout=2) as s:
                    if s.recv(200).startswith(b"* OK"):
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"Dovecot did not start:\n{self.log_text()}")
            time.sleep(0.1)

    def stop(self) -> None:
        subprocess.run(
            ["doveadm", "-c", str(self.conf), "stop"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def cleanup(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def client(self, timeout: float = 15) -> IMAPClient:
        """A new connection, not logged in (``.oauth2_login(...)`` is the caller's)."""
        return IMAPClient(self.host, port=self.port, ssl=False, timeout=timeout)

    def deliver(self, user: ProviderUser | str, raw: bytes, folder: str = "INBOX") -> None:
        """Put ``raw`` (an RFC 822 message) into the mailbox of ``user`` (a ProviderUser
        or an address), as a delivery agent would (``doveadm save``; the mailbox is
        made on first delivery)."""
        address = user if isinstance(user, str) else user.email
        done = subprocess.run(
            ["doveadm", "-c", str(self.conf), "save", "-u", address, "-m", folder],
            input=raw,
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"doveadm save for {address} failed: {done.stderr.decode()}")
