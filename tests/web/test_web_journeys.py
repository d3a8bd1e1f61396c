"""Journeys of what tracker users expect, in Debian's Chromium against the real
`followline serve --demo` (its server and worker): the board moved with the keyboard on a
phone, archive and reopen, a résumé uploaded and downloaded, notifications read, and a new
account that takes the browser's time zone. Each journey saves screenshots in
test-artifacts/."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.web.test_web_browser import (
    ARGS,
    ARTIFACTS,
    CHROMIUM,
    DEMO_PASSWORD,
    served,  # noqa: F401  (the demo server, a fixture)
)

pytestmark = pytest.mark.database
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def browser():
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def _page(browser, viewport=DESKTOP, zone="America/Chicago"):
    context = browser.new_context(viewport=viewport, timezone_id=zone, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_default_timeout(15_000)
    return page, errors


def _login(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/(home|applications)/$"))


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_card_moves_on_the_board_with_the_keyboard_on_a_phone(browser, request):
    base = request.getfixturevalue("served")["base"]
    page, errors = _page(browser, PHONE)
    _login(page, base, "candidate")
    page.goto(base + "/applications/board/")
    assert _width(page) <= PHONE["width"]
    page.screenshot(path=ARTIFACTS / "journey-board-phone.png", full_page=True)
    card = page.locator("#col-applied ~ ul .board-card").first
    card_id = card.get_attribute("id")
    role = card.locator("h3").inner_text()
    select = card.locator("select")
    select.focus()  # reached by Tab; the keyboard does the rest
    assert page.evaluate("document.activeElement.tagName") == "SELECT"
    page.keyboard.press("ArrowDown")  # Interviewing -> Offer
    assert select.input_value() == "offer"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").startswith("Move")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "messages"  # the message is read
    assert page.inner_text("#messages").startswith(f"Moved {role} at ")
    assert "to “Offer”" in page.inner_text("#messages")
    offer = page.locator("section[aria-labelledby=col-offer]")
    assert offer.locator(f"#{card_id}").count() == 1
    assert _width(page) <= PHONE["width"]
    page.screenshot(path=ARTIFACTS / "journey-board-moved-phone.png", full_page=True)
    assert not errors


def test_archive_reopen_and_the_archived_tab(browser, request):
    base = request.getfixturevalue("served")["base"]
    page, errors = _page(browser)
    _login(page, base, "candidate")
    page.goto(base + "/applications/")
    first = page.locator("main table tbody a").first
    name = first.inner_text()
    first.click()
    page.click("main form[action$='/archive/'] button")
    assert page.inner_text("#messages").startswith(f"Archived: {name} at ")
    assert "Archived: the plan is stopped" in page.inner_text("#next-step")
    assert page.locator("text=Draft it").count() == 0
    page.screenshot(path=ARTIFACTS / "journey-archived.png", full_page=True)
    page.goto(base + "/applications/")
    assert name not in page.inner_text("main table")
    page.click("nav[aria-label='Which applications'] >> text=Archived")
    assert name in page.inner_text("main table")
    page.locator("main table tbody a", has_text=name).click()
    page.click("main form[action$='/reopen/'] button")
    assert page.inner_text("#messages").startswith(f"Reopened: {name} at ")
    assert page.inner_text("#next-step").startswith("Next: ")
    assert not errors


def test_a_resume_is_uploaded_with_the_job_ad_and_only_its_owner_downloads_it(browser, request):
    base = request.getfixturevalue("served")["base"]
    page, errors = _page(browser)
    _login(page, base, "candidate")
    page.goto(base + "/applications/")
    page.locator("main table tbody a").first.click()
    detail = page.url
    page.click("main a:has-text('Edit')")
    page.fill("#id_job_url", "https://jobs.example/analyst-7")
    page.fill("#id_salary", "$70,000–80,000")
    page.set_input_files(
        "#id_resume", {"name": "alex-cv.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.click("main form button[type=submit]")
    assert page.inner_text("#messages").startswith("Saved: ")
    link = page.locator("#job-link")
    assert link.get_attribute("href") == "https://jobs.example/analyst-7"
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert "salary: $70,000–80,000" in page.inner_text("main")
    with page.expect_download() as got:
        page.click("#resume-link")
    download = got.value
    assert download.suggested_filename == "alex-cv.pdf"
    assert Path(download.path()).read_bytes() == PDF
    page.screenshot(path=ARTIFACTS / "journey-resume.png", full_page=True)
    other, _ = _page(browser)
    _login(other, base, "employer")  # someone else: no such file
    response = other.goto(detail + "resume/")
    assert response.status == 404
    # a page renamed .pdf is refused, said at the top of the form
    page.click("main a:has-text('Edit')")
    page.set_input_files(
        "#id_resume", {"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"<html>"}
    )
    page.click("main form button[type=submit]")
    assert page.evaluate("document.activeElement.className") == "error-summary"
    assert "not a real .pdf file" in page.inner_text(".error-summary")
    assert not errors


def test_notifications_are_counted_in_the_header_and_read(browser, request):
    base = request.getfixturevalue("served")["base"]
    page, errors = _page(browser, PHONE)
    _login(page, base, "teammate")
    count = page.locator("#notices-link .count")
    before = int(count.inner_text().split()[0])
    assert before >= 1  # the demo's first digest
    page.click("#notices-link")
    assert page.title().startswith("Notifications (")
    assert _width(page) <= PHONE["width"]
    page.screenshot(path=ARTIFACTS / "journey-notices-phone.png", full_page=True)
    notice = page.locator("li.notice.unread a").first
    assert "owes" in notice.inner_text()
    notice.click()
    assert page.url.endswith("/teams/lakeside/updates/")
    after = page.locator("#notices-link .count")
    assert (int(after.inner_text().split()[0]) if after.count() else 0) == before - 1
    page.goto(base + "/notifications/")
    if page.locator("text=Mark all").count():
        page.click("text=Mark all")
        assert "marked as read" in page.inner_text("#messages")
    assert page.locator("#notices-link .count").count() == 0
    assert not errors


def test_a_new_account_takes_the_browsers_zone(browser, request):
    base = request.getfixturevalue("served")["base"]
    page, errors = _page(browser, PHONE, zone="Asia/Tokyo")
    name = f"kei{secrets.token_hex(3)}"
    page.goto(base + "/accounts/signup/")
    assert page.input_value("#id_timezone") == "Asia/Tokyo"  # filled by the page script
    page.fill("#id_username", name)
    page.fill("#id_email", f"{name}@example.org")
    page.fill("#id_password1", "a long enough passphrase 42")
    page.fill("#id_password2", "a long enough passphrase 42")
    page.click("main button[type=submit]")
    page.goto(base + "/accounts/settings/")
    assert f"{name}@example.org is not confirmed" in page.inner_text("#unconfirmed-note")
    assert page.input_value("#id_timezone") == "Asia/Tokyo"
    page.fill("#id_timezone", "Europe/Berlin")
    page.click("main form:has(#id_timezone) button[type=submit]")
    assert page.evaluate("document.activeElement.id") == "messages"
    assert "your time zone is Europe/Berlin" in page.inner_text("#messages")
    page.goto(base + "/applications/new/")
    assert page.input_value("#id_timezone") == "Europe/Berlin"  # the account's, not Tokyo
    assert _width(page) <= PHONE["width"]
    assert not errors


def test_only_the_reset_of_a_template_asks_first(browser, request):
    """The templates form saves (no question) and resets (deletes the person's own version:
    it asks, and a "no" keeps it)."""
    base = request.getfixturevalue("served")["base"]
    page, errors = _page(browser)
    _login(page, base, "candidate")
    page.goto(base + "/mail/templates/?kind=thank_you")
    asked: list[str] = []
    page.on("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.fill("#t-subject", "Thank you, {{ contact_name or 'team' }}")
    page.click("main form button:has-text('Save')")
    assert page.inner_text("#messages").startswith("Template saved.") and asked == []
    page.click("main form button[name=reset]")
    page.wait_for_timeout(300)
    assert asked and asked[0].startswith("Reset this template?")
    assert page.input_value("#t-subject") == "Thank you, {{ contact_name or 'team' }}"
    assert not errors


# the contrast ratio of an element's text on its own background (WCAG's formula)
CONTRAST = """sel => {
  const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const s = getComputedStyle(document.querySelector(sel));
  const [a, b] = [lum(rgb(s.color)), lum(rgb(s.backgroundColor))].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


@pytest.mark.parametrize(
    "who, start", [("candidate", "/applications/"), ("employer", "/teams/lakeside/")]
)
def test_a_contact_logged_with_htmx_lands_as_a_row_of_the_table(browser, request, who, start):
    """The page after logging (the form sent with htmx): the new contact is one more row of
    the contacts table, not its cells' words spilled under the forms; the what-if shown
    before logging is legible (its white words on its verdict's colour)."""
    base = request.getfixturevalue("served")["base"]
    page, errors = _page(browser)
    _login(page, base, who)
    page.goto(base + start)
    page.locator("main table tbody a").first.click()
    if who == "employer":
        page.locator("main table tbody a").first.click()  # an opening, then a candidate
    rows = page.locator("#contact-rows > tr").count()
    assert rows >= 1  # the demo's first application and candidate have contacts
    form = page.locator("#log-contact form")
    if who == "candidate":
        form.locator("#id_kind").select_option("status_inquiry")
        page.wait_for_selector("#whatif-result")
        assert page.evaluate(CONTRAST, "#whatif-result") >= 4.5
    else:
        form.locator("#id_channel").select_option("phone")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#messages:has-text('Logged')")
    page.wait_for_timeout(300)  # htmx settles its swap
    page.screenshot(path=ARTIFACTS / f"journey-{who}-logged-with-htmx.png", full_page=True)
    assert page.locator("#contact-rows > tr").count() == rows + 1
    assert page.evaluate("document.querySelectorAll('#contact-rows > :not(tr)').length") == 0
    assert page.evaluate("document.querySelectorAll('#contact-rows > tr > :not(td)').length") == 0
    assert not errors, errors
    page.context.close()
