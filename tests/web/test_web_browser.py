"""Browser journeys in Debian's Chromium (Playwright, launched via executable_path) against
the real `followline serve --demo` process, its waitress server and its background worker.

Each journey saves a screenshot under test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect, sync_playwright

# the site runs in a server process on the suite's database backend (a fresh database)
pytestmark = pytest.mark.database

CHROMIUM = os.environ.get("FOLLOWLINE_TEST_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DEMO_PASSWORD = "followline-demo"
CHICAGO = ZoneInfo("America/Chicago")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fresh_postgres_db(url: str) -> tuple[str, callable]:
    """A throwaway database next to the one in ``url``; returns its URL and a dropper."""
    import psycopg

    name = f"followline_serve_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)

    def drop() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`followline serve --demo` on a free port with its own data (SQLite, or a fresh
    PostgreSQL database when the suite runs on PostgreSQL)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run ./test (it installs it)")
    data = tmp_path_factory.mktemp("serve-data")
    env = {
        **os.environ,
        "FOLLOWLINE_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "followline.web.settings",
    }
    drop = None
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"], drop = _fresh_postgres_db(os.environ["DATABASE_URL"])
    else:
        env.pop("DATABASE_URL", None)
    port = _free_port()
    followline = shutil.which("followline", path=str(Path(sys.executable).parent))
    log = (data / "serve.log").open("w")
    proc = subprocess.Popen(
        [followline, "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urlopen(base + "/", timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError((data / "serve.log").read_text()) from None
            time.sleep(0.3)
    yield {"base": base, "proc": proc, "log": data / "serve.log"}
    proc.terminate()
    proc.wait(timeout=20)
    log.close()
    if drop:
        drop()


@pytest.fixture
def page(served):
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, timezone_id="America/Chicago"
        )
        pg = context.new_page()
        errors: list[str] = []
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.set_default_timeout(15_000)
        yield pg
        browser.close()
    assert not errors, f"browser console errors (CSP?): {errors}"


def _login(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/(home|applications)/$"))


def test_serve_runs_site_static_and_worker(served):
    proc = served["proc"]
    assert proc.poll() is None
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == proc.pid:  # the parent pid
                children.append((stat.parent / "cmdline").read_bytes().replace(b"\0", b" "))
        except (OSError, IndexError, ValueError):
            continue
    assert any(b"followline_worker" in c for c in children), children
    with urlopen(served["base"] + "/static/followline/htmx-2.0.11.min.js") as r:
        assert r.status == 200 and b"htmx" in r.read(2000)


def test_candidate_records_interview_and_thank_you(page, served):
    base = served["base"]
    name = f"jo{secrets.token_hex(3)}"
    page.goto(base + "/")
    page.click("text=Create a free account")
    page.fill("#id_username", name)
    page.fill("#id_email", f"{name}@example.org")
    page.fill("#id_password1", "a long enough passphrase 42")
    page.fill("#id_password2", "a long enough passphrase 42")
    page.click("main button[type=submit]")
    page.click("text=Add one")
    page.fill("#id_company", "Northwind Traders")
    page.fill("#id_role", "Operations analyst")
    # the zone field is a searchable text input now, filled with the browser's zone
    assert page.input_value("#id_timezone") == "America/Chicago"
    page.fill("#id_timezone", "America/Chicago")
    page.click("main button[type=submit]")
    page.wait_for_selector("#next-step")

    interview = (datetime.now(CHICAGO) - timedelta(hours=20)).replace(second=0, microsecond=0)
    # .first: the section also lists the milestones, each with its delete form (the new
    # application's "applied" milestone comes from the first-run form)
    form = page.locator("#log-milestone form").first
    form.locator("#id_milestone_type").select_option("interview")
    form.locator("#id_milestone_at").fill(interview.strftime("%Y-%m-%dT%H:%M"))
    form.locator("#id_milestone_decision_within_days").fill("10")
    form.locator("button[type=submit]").click()  # sent with htmx: the plan is swapped in
    expect(page.locator("#next-step")).to_have_text("Next: your thank-you, by email, today.")

    contact = page.locator("#log-contact form")
    contact.locator("#id_at").fill((interview + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"))
    contact.locator("#id_kind").select_option("thank_you")
    contact.locator("#id_text").fill(
        "Thank you for your time yesterday. My years in logistics would fit your team well."
    )
    page.wait_for_selector("#whatif-result")  # htmx what-if, before anything is logged
    assert "This would be your first follow-up: appropriate." in page.inner_text("#whatif")
    contact.locator("button[type=submit]").click()

    due = interview + timedelta(days=10)
    expected = f"Next: your status inquiry, by email, from {due:%a} {due.day} {due:%b %H:%M}."
    expect(page.locator("#next-step")).to_have_text(expected)
    expect(page.locator("table .badge.v-appropriate")).to_have_count(1)
    page.screenshot(path=ARTIFACTS / "candidate-journey.png", full_page=True)


def test_employer_sees_overdue_and_queues_update_status_page_changes(page, served):
    base = served["base"]
    _login(page, base, "employer")
    page.goto(base + "/teams/lakeside/")
    overdue_before = int(page.inner_text("#overdue-total"))
    assert overdue_before > 0
    page.click("text=Pastry cook")
    page.click("text=Owed an update")
    first = page.locator("tr.overdue").first
    assert "overdue" in first.inner_text()
    first.locator("a").first.click()
    status_link = page.locator("text=Their status page").get_attribute("href")
    # a contact logged with htmx adds its row to the table at once, without a reload
    rows = page.locator("#contact-rows tr")
    before = rows.count()
    assert before > 0  # the new row is appended (the first contact brings the whole table)
    page.locator("#log-contact #id_party").select_option("candidate")  # the promise stays late
    page.locator("#log-contact #id_kind").select_option("status_inquiry")
    page.locator("#log-contact #id_text").fill("Is there any news on my application?")
    page.locator("#log-contact form button[type=submit]").click()
    expect(rows).to_have_count(before + 1)

    page.goto(base + status_link)
    assert "are late" in page.inner_text("#promise")
    page.screenshot(path=ARTIFACTS / "status-page-before.png", full_page=True)

    page.goto(base + "/teams/lakeside/updates/")
    assert page.locator("#bulk-update input[type=checkbox]:checked").count() == overdue_before
    page.screenshot(path=ARTIFACTS / "employer-overdue.png", full_page=True)
    page.fill("#id_body", "Thank you for waiting: we decide by the end of next week.")
    page.click("#bulk-update button[type=submit]")
    assert f"{overdue_before} status update(s) queued." in page.inner_text(".flash")
    assert page.locator("text=Queued").count() >= overdue_before
    assert "You owe nobody an update" in page.inner_text("main")
    page.screenshot(path=ARTIFACTS / "employer-queued.png", full_page=True)

    page.goto(base + status_link)
    assert "You will hear from us by" in page.inner_text("#promise")
    assert "we decide by the end of next week" in page.inner_text("#latest-update")
    page.screenshot(path=ARTIFACTS / "status-page-after.png", full_page=True)


def _mbox(path: Path) -> Path:
    now = datetime.now(CHICAGO)
    letters = [
        (
            "Maria Lopez <maria.lopez@example.org>",
            "Checking in",
            "Hello, I am checking in on the status of my application.",
            now - timedelta(hours=30),
        ),
        (
            "Maria Lopez <maria.lopez@example.org>",
            "Checking in",
            "Hello, I am checking in on the status of my application.",
            now - timedelta(hours=6),
        ),
        (
            "Pat Doe <pat.doe@example.org>",
            "Application: pastry cook",
            "I would like to apply for the pastry cook position.",
            now - timedelta(hours=3),
        ),
    ]
    chunks = []
    for sender, subject, body, when in letters:
        msg = EmailMessage()
        msg["From"], msg["Subject"], msg["Date"] = sender, subject, format_datetime(when)
        msg.set_content(body)
        chunks.append(b"From x@example.org Mon Jan  1 00:00:00 2024\n" + msg.as_bytes() + b"\n")
    path.write_bytes(b"".join(chunks))
    return path


def test_employer_imports_a_mailbox_through_the_worker(page, served, tmp_path):
    base = served["base"]
    _login(page, base, "teammate")
    page.goto(base + "/teams/lakeside/")
    page.click("text=New opening")
    page.fill("#id_title", "Line cook")
    page.fill("#id_promise_days", "5")
    page.check("#id_customise")
    page.fill("#id_budget", "1")
    page.click("main form button[type=submit]")
    assert page.inner_text("h1") == "Line cook"
    page.click("text=published line")
    assert "We reply within 5 days." in page.inner_text("main")
    assert "Up to 1 follow-up per interview" in page.inner_text("main")
    page.go_back()
    page.click("text=Import mailbox or call log")
    page.set_input_files("#id_upload", _mbox(tmp_path / "hiring.mbox"))
    page.click("main form button[type=submit]")
    page.wait_for_selector("#import-state:has-text('Done')", timeout=30_000)  # htmx polling
    assert "3" in page.locator(".stat").nth(1).inner_text()  # contacts added
    page.screenshot(path=ARTIFACTS / "employer-import.png", full_page=True)
    page.click("text=See the candidates and verdicts")
    assert page.locator("tbody tr").count() == 2  # Maria and Pat, new to this opening
    page.click("text=Maria Lopez")
    assert page.locator("table .badge.v-excessive").count() >= 1  # the repeated letter
    page.screenshot(path=ARTIFACTS / "employer-candidate.png", full_page=True)


def test_static_files_hashed_compressed_cached_and_htmx_only_where_used(page, served):
    base = served["base"]
    landing = urlopen(base + "/").read().decode()
    css = re.search(r'href="(/static/followline/app\.[0-9a-f]{12}\.css)"', landing)
    assert css, "the stylesheet is linked by its hashed name"
    assert "htmx-2.0.11.min.js" not in landing  # the landing page does not use htmx
    req = Request(base + css.group(1), headers={"Accept-Encoding": "gzip"})
    with urlopen(req) as r:
        assert r.headers["Content-Encoding"] == "gzip"
        assert "immutable" in r.headers["Cache-Control"]
        assert "max-age=315360000" in r.headers["Cache-Control"]
    _login(page, base, "candidate")
    page.goto(base + "/applications/")
    assert page.locator("script[src*=htmx]").count() == 0
    page.locator("main table tbody a").first.click()
    assert page.locator("script[src*=htmx]").count() == 1  # the what-if check uses it
