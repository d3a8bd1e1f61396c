"""Done-when, as a new user tries it, in a real browser (Debian's Chromium): on /mail/ she
presses "Connect Loopback Mail", signs in and consents on the provider's own pages, and
comes back connected; the sync then reads her mailbox over XOAUTH2 from Dovecot and the
employer's reply moves her plan. The pages she meets pass axe-core (serious and critical
rules), with the Connect buttons and with a mailbox that needs reconnecting.
Screenshots: test-artifacts/oauth-mail-*.png."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connections
from django.utils import timezone
from playwright.sync_api import sync_playwright

from followline.web.applications.models import Application
from followline.web.applications.models import Contact as AppContact
from followline.web.applications.models import Milestone as AppMilestone
from followline.web.mailsync.models import MailAccount
from followline.web.mailsync.sync import run_all
from followline.web.oauth.models import GrantState
from tests.oauth import mailbox_site as site
from tests.oauth.test_consent_browser import ARGS, ARTIFACTS, CHROMIUM

AXE = os.environ.get("FOLLOWLINE_TEST_AXE", "")
PASSWORD = "correct horse battery"


@pytest.fixture
def browser_page(monkeypatch, live_server):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run ./test (it installs it)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls between the
    # clicks are ordinary synchronous code (the live server runs in its own thread).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m) if m.type == "error" else None)
        page.set_default_timeout(20_000)
        yield page
        # The test's ORM calls ran while Playwright's event loop counted as running, so
        # Django kept their connection apart (per asyncio task): close it here, in that
        # same state, or it outlives the test and PostgreSQL refuses to drop the test
        # database at the end of the run ("being accessed by other users").
        connections.close_all()
        browser.close()
    # the site's own pages only (the test provider has no favicon, and need not)
    ours = [
        f"{m.text} {m.location['url']}"
        for m in errors
        if m.location["url"].startswith(live_server.url)
    ]
    assert not ours, f"browser console errors: {ours}"


def _serious_axe_violations(page) -> list[str]:
    if not AXE:
        if os.environ.get("CI"):
            pytest.fail("FOLLOWLINE_TEST_AXE is not set (scripts/test-setup.d/35-axe-core.sh)")
        return []
    page.add_script_tag(path=AXE)
    found = page.evaluate("() => axe.run(document)")["violations"]
    return [f"{v['id']}: {v['help']}" for v in found if v["impact"] in {"serious", "critical"}]


def _application(owner):
    now = timezone.now()
    app = Application.objects.create(
        owner=owner, company="Acme", role="Baker", contact_email="hr@acme.example"
    )
    AppMilestone.objects.create(application=app, type="interview", at=now - timedelta(days=8))
    AppContact.objects.create(
        application=app,
        party="candidate",
        kind="thank_you",
        at=now - timedelta(days=8, hours=-2),
        text="Thank you for the interview.",
    )
    Application.objects.get(pk=app.pk).rejudge(now)
    return Application.objects.get(pk=app.pk)


@pytest.mark.django_db(transaction=True)
def test_a_new_user_connects_through_the_consent_screen_and_a_reply_moves_her_plan(
    live_server, settings, django_user_model, oauth_provider, oauth_imap, browser_page
):
    base = live_server.url
    registered = oauth_provider.create_client(base + site.CALLBACK, name="followline")
    site.configure(settings, oauth_provider, registered, imap_port=oauth_imap.port, base_url=base)
    ann = django_user_model.objects.create_user("ann", "ann@candidate.test", PASSWORD)
    acme = _application(ann)
    assert acme.next_action == "status_inquiry" and acme.next_at <= timezone.now()
    mailbox = oauth_provider.new_user("ann")
    page = browser_page

    page.goto(base + "/accounts/login/")
    page.fill("#id_username", "ann")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/(home|applications)/$"))
    page.goto(base + "/mail/")
    connect = page.get_by_role("button", name="Connect Loopback Mail")
    assert connect.is_visible()
    assert page.get_by_role("link", name=re.compile("What followline reads")).is_visible()
    assert _serious_axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "oauth-mail-buttons.png"), full_page=True)
    connect.click()

    # at the provider: its sign-in, then its consent page naming what we ask for
    page.get_by_label("User name").fill(mailbox.username)
    page.get_by_label("Password").fill(mailbox.password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Authorize followline?").wait_for()
    assert page.get_by_text("Read, and send, your mail (IMAP and SMTP)").is_visible()
    page.get_by_role("button", name="Authorize").click()

    # back on /mail/, connected
    page.wait_for_url(base + "/mail/")
    assert page.get_by_text(f"{mailbox.email} connected").is_visible()
    row = page.get_by_role("row", name=re.compile(re.escape(mailbox.email)))
    assert "signed in with OAuth2" in row.inner_text() and "not yet" in row.inner_text()
    page.screenshot(path=str(ARTIFACTS / "oauth-mail-connected.png"), full_page=True)

    oauth_imap.deliver(
        mailbox.email,
        site.message(
            "Mr Cole <cole@acme.example>",
            mailbox.email,
            "Update",
            "We are still deciding and will write next week.",
        ),
    )
    assert run_all() == {"accounts": 1, "stored": 1, "errors": 0}
    acme.refresh_from_db()
    assert acme.next_at > timezone.now()  # the inquiry planned for today has moved
    assert acme.contacts.filter(party="employer").count() == 1
    page.reload()
    assert "ok" in page.get_by_role("row", name=re.compile(re.escape(mailbox.email))).inner_text()

    # she removes the access at her provider: the next sync says "needs reconnecting"
    oauth_provider.revoke_all(mailbox.username)
    assert run_all()["errors"] == 1
    assert MailAccount.objects.get().grant.state == GrantState.NEEDS_RECONNECT
    page.reload()
    assert page.get_by_text("Needs reconnecting").is_visible()
    reconnect = page.get_by_role("button", name=f"Reconnect {mailbox.email}")
    assert _serious_axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "oauth-mail-needs-reconnecting.png"), full_page=True)
    reconnect.click()
    page.get_by_role("heading", name="Authorize followline?").wait_for()  # still signed in
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(base + "/mail/")
    assert page.get_by_text(f"{mailbox.email} reconnected").is_visible()
    assert MailAccount.objects.get().grant.state == GrantState.ACTIVE
