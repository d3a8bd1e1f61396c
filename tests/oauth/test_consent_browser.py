"""The consent screen in a real browser (Debian's Chromium through Playwright): a user
signs in at the provider, presses Authorize, and lands on the client's redirect URI with a
code; the code, exchanged with the PKCE verifier, gives a token Dovecot takes."""

from __future__ import annotations

import os
import re
import secrets
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.oauth import flow

CHROMIUM = os.environ.get("FOLLOWLINE_TEST_CHROMIUM", "/usr/bin/chromium")
ARGS = [  # as tests/web/test_web_browser.py launches it
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class _Callback(BaseHTTPRequestHandler):
    """The client's redirect URI: records the query and says so."""

    def do_GET(self):
        if not self.path.startswith("/oauth/callback"):  # e.g. the browser's favicon.ico
            self.send_error(404)
            return
        self.server.hits.append(self.path)
        body = (
            b"<!DOCTYPE html><html lang=en><title>Connected</title><main><h1>Connected</h1></main>"
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def callback_server() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Callback)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def page():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run ./test (it installs it)")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        pg.set_default_timeout(15_000)
        yield pg
        browser.close()


def test_consent_in_the_browser_gives_a_code_that_opens_the_mailbox(
    oauth_provider, oauth_imap, callback_server, page
):
    redirect = f"http://127.0.0.1:{callback_server.server_address[1]}/oauth/callback"
    client = oauth_provider.create_client(redirect, name="Followline (browser test)")
    user = oauth_provider.new_user("browser")
    oauth_imap.deliver(
        user, f"From: hr@employer.test\r\nTo: {user.email}\r\nSubject: Offer\r\n\r\nHi\r\n".encode()
    )
    verifier, challenge = flow.pkce_pair()
    state = secrets.token_urlsafe(16)
    page.goto(
        flow.authorization_request(
            oauth_provider.authorize_url,
            client.client_id,
            redirect,
            "openid email mail offline_access",
            state=state,
            code_challenge=challenge,
        )
    )
    # not signed in at the provider yet: its login page first
    page.get_by_label("User name").fill(user.username)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name="Sign in").click()
    # the consent page names the client and what it asks for
    page.get_by_role("heading", name="Authorize Followline (browser test)?").wait_for()
    assert page.get_by_text("Read, and send, your mail (IMAP and SMTP)").is_visible()
    page.screenshot(path=str(ARTIFACTS / "oauth-consent.png"))
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(redirect) + r"\?"))
    page.get_by_role("heading", name="Connected").wait_for()

    [hit] = callback_server.hits
    params = flow.callback_params(hit)
    assert params["state"] == state
    answer = flow.exchange_code(oauth_provider, client, params["code"], redirect, verifier)
    assert answer.status_code == 200, answer.text
    token = answer.json()["access_token"]
    imap = oauth_imap.client()
    try:
        imap.oauth2_login(user.email, token)
        assert imap.select_folder("INBOX", readonly=True)[b"EXISTS"] == 1
    finally:
        imap.shutdown()


def test_cancel_in_the_browser_sends_access_denied(oauth_provider, callback_server, page):
    redirect = f"http://127.0.0.1:{callback_server.server_address[1]}/oauth/callback"
    client = oauth_provider.create_client(redirect)
    user = oauth_provider.new_user("browser")
    _, challenge = flow.pkce_pair()
    page.goto(
        flow.authorization_request(
            oauth_provider.authorize_url,
            client.client_id,
            redirect,
            "mail",
            state="s1",
            code_challenge=challenge,
        )
    )
    page.get_by_label("User name").fill(user.username)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Cancel").click()
    page.get_by_role("heading", name="Connected").wait_for()
    [hit] = callback_server.hits
    params = flow.callback_params(hit)
    assert (params["error"], params["state"]) == ("access_denied", "s1")
    assert "code" not in params
