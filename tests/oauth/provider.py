"""The test side's handle on the loopback OAuth2 provider (tests/oauth_provider/), which
runs as its own process: ``python -m tests.oauth_provider.serve`` (waitress, 127.0.0.1, a
free port chosen once and kept across ``stop()``/``start()``, its own SQLite database in
a temporary folder). The handle talks to it over HTTP only: its control API for set-up,
its OAuth endpoints for everything else.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import requests

from tests.oauth import flow
from tests.oauth_provider import knobs

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 90  # seconds: the first start migrates a fresh database on a loaded machine


@dataclass(frozen=True)
class ProviderUser:
    """An account at the provider; ``email`` is also its mailbox (the IMAP/SMTP login)."""

    username: str
    password: str
    email: str


class OAuthClient(NamedTuple):
    """A registered client: ``client_id, client_secret = provider.create_client(...)``."""

    client_id: str
    client_secret: str


class ProviderError(RuntimeError):
    pass


class OAuthProvider:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port: int | None = None
        self._secret = secrets.token_urlsafe(24)
        self._proc: subprocess.Popen[bytes] | None = None
        self._resource_servers: dict[str, OAuthClient] = {}

    # -- the process ---------------------------------------------------------------------

    @property
    def log_path(self) -> Path:
        return self.data_dir / "provider.log"

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> None:
        """Start the server (on the port it had before, if it ran before); wait until it
        answers. Raises ProviderError with its log if it does not come up."""
        if self.running:
            return
        port_file = self.data_dir / "port"
        port_file.unlink(missing_ok=True)
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
            "FOLLOWLINE_OAUTH_PROVIDER_CONTROL_SECRET": self._secret,
        }
        env.pop("DATABASE_URL", None)  # the provider keeps its own SQLite file
        cmd = [sys.executable, "-m", "tests.oauth_provider.serve", str(self.data_dir)]
        if self.port:
            cmd += ["--port", str(self.port)]
        with self.log_path.open("ab") as log:
            self._proc = subprocess.Popen(
                cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + START_TIMEOUT
        while not port_file.exists():
            if self._proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise ProviderError(f"the OAuth provider did not start:\n{self.log_text()}")
            time.sleep(0.1)
        self.port = int(port_file.read_text())
        while True:
            try:
                requests.get(self.base_url + "/", timeout=5)
                return
            except requests.ConnectionError:
                if self._proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise ProviderError(
                        f"the OAuth provider does not answer:\n{self.log_text()}"
                    ) from None
                time.sleep(0.1)

    def stop(self) -> None:
        """Stop the server: its port refuses connections until ``start()``."""
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.send_signal(signal.SIGTERM)
            try:
                self._proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = None

    @contextmanager
    def stopped(self) -> Iterator[None]:
        """``with oauth_provider.stopped(): ...``: the provider is down inside, up after."""
        self.stop()
        try:
            yield
        finally:
            self.start()

    # -- where things are ----------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise ProviderError("the OAuth provider has not been started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def issuer(self) -> str:
        return f"{self.base_url}/o"

    @property
    def authorize_url(self) -> str:
        return f"{self.base_url}/o/authorize/"

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/o/token/"

    @property
    def revoke_url(self) -> str:
        return f"{self.base_url}/o/revoke_token/"

    @property
    def introspect_url(self) -> str:
        return f"{self.base_url}/o/introspect/"

    def introspect_url_for(self, service: str) -> str:
        """The introspection endpoint a mail service uses (``imap`` or ``smtp``): a token
        without a scope that opens that service is ``active: false`` there."""
        return f"{self.base_url}/o/introspect/{service}/"

    @property
    def userinfo_url(self) -> str:
        return f"{self.base_url}/o/userinfo/"

    @property
    def jwks_url(self) -> str:
        return f"{self.base_url}/o/.well-known/jwks.json"

    @property
    def metadata_url(self) -> str:
        """OpenID Connect discovery (authlib's ``server_metadata_url``)."""
        return f"{self.base_url}/o/.well-known/openid-configuration"

    @property
    def login_url(self) -> str:
        return f"{self.base_url}/accounts/login/"

    # -- set-up through the control API --------------------------------------------------

    def _control(self, path: str, **body: Any) -> dict[str, Any]:
        response = requests.post(
            f"{self.base_url}/_control/{path}/",
            json=body,
            headers={"X-Control-Secret": self._secret},
            timeout=30,
        )
        if response.status_code >= 400:
            raise ProviderError(f"{path}: {response.status_code} {response.text}")
        return response.json()

    def create_user(self, username: str, password: str, email: str) -> ProviderUser:
        self._control("users", username=username, password=password, email=email)
        return ProviderUser(username, password, email)

    def new_user(self, prefix: str = "user") -> ProviderUser:
        """A fresh user with a unique name, a random password and ``<name>@mail.test``."""
        name = f"{prefix}-{secrets.token_hex(4)}"
        return self.create_user(name, secrets.token_urlsafe(12), f"{name}@mail.test")

    def create_client(
        self, redirect_uri: str | list[str], *, name: str = "followline"
    ) -> OAuthClient:
        """A confidential web client for the authorization-code grant (PKCE required),
        allowed to redirect to ``redirect_uri`` (exactly; a list for several)."""
        uris = [redirect_uri] if isinstance(redirect_uri, str) else list(redirect_uri)
        made = self._control("clients", redirect_uris=uris, name=name)
        return OAuthClient(made["client_id"], made["client_secret"])

    def resource_server(self, service: str) -> OAuthClient:
        """The client a mail server introspects with (client-credentials grant, made
        once per service)."""
        if service not in self._resource_servers:
            made = self._control("clients", name=f"{service} server", grant="client-credentials")
            self._resource_servers[service] = OAuthClient(made["client_id"], made["client_secret"])
        return self._resource_servers[service]

    def revoke_all(self, username: str) -> dict[str, int]:
        """Revoke every grant of the user: refresh tokens (marked revoked) and access
        tokens (deleted, as DOT revokes them). Returns the counts."""
        return self._control("revoke-all", username=username)

    def set_access_token_lifetime(self, seconds: int) -> None:
        """Lifetime of access tokens issued from now on (default 3600 s); kept across a
        restart. The ``oauth_provider`` fixture puts the default back after each test."""
        knobs.write(self.data_dir, access_token_lifetime=int(seconds))

    def token_for(
        self,
        username: str,
        scope: str = "mail",
        *,
        client_id: str | None = None,
        expires_in: int | None = None,
    ) -> dict[str, Any]:
        """Mint an access token and a refresh token for ``username`` without the consent
        screen: rows in the provider's own token tables, as its token endpoint makes them
        (so introspection, refresh with ``client_id``'s secret and revocation treat them
        alike). ``client_id`` defaults to the provider's own test client; ``expires_in``
        to the current lifetime (negative: already expired). Returns an RFC 6749 token
        response: access_token, refresh_token, token_type, expires_in, scope, client_id.
        """
        body: dict[str, Any] = {"username": username, "scope": scope}
        if client_id:
            body["client_id"] = client_id
        if expires_in is not None:
            body["expires_in"] = expires_in
        return self._control("tokens", **body)

    # -- as a client or a resource server would -----------------------------------------

    def consent(self, authorize_url: str, user: ProviderUser, *, allow: bool = True) -> str:
        """Be ``user`` at the provider: open ``authorize_url`` (made by a client, e.g. the
        site under test), sign in, press Authorize (or Cancel) on the consent page.
        Returns the URL the provider redirects the browser to (the client's redirect URI
        with ``code`` and ``state``, or ``error=access_denied``)."""
        return flow.consent(authorize_url, user, allow=allow)

    def authorize(
        self, client: OAuthClient, user: ProviderUser, scope: str, redirect_uri: str
    ) -> dict[str, Any]:
        """The whole authorization-code flow with PKCE (S256) as a client does it, with
        ``user`` consenting; returns the token endpoint's answer."""
        return flow.authorization_code_flow(self, client, user, scope, redirect_uri)

    def refresh(self, client: OAuthClient, refresh_token: str) -> requests.Response:
        """The token endpoint's answer to a refresh-token grant (not raised on error)."""
        return requests.post(
            self.token_url,
            data={"grant_type": "refresh_token", "refresh_token": refresh_token},
            auth=(client.client_id, client.client_secret),
            timeout=30,
        )

    def introspect(self, token: str, service: str | None = None) -> dict[str, Any]:
        """What a resource server learns of ``token`` (as the ``service`` server if given)."""
        rs = self.resource_server(service or "introspection")
        url = self.introspect_url_for(service) if service else self.introspect_url
        response = requests.post(
            url, data={"token": token}, auth=(rs.client_id, rs.client_secret), timeout=30
        )
        response.raise_for_status()
        return response.json()
