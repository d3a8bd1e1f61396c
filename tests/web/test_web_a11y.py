"""Every page of every persona, at a desktop (1280 px) and a phone (390 px) width, through
axe-core in Debian's Chromium against the real `followline serve --demo`.

The pages are found by crawling each persona's own links from its start pages (logged out,
``candidate``, ``employer``, ``teammate``, and the public status and policy pages a candidate
is sent), one page per URL shape (``/teams/lakeside/candidates/N/``, ``?show``): the
pages of one shape are one template. Markup does not depend on the database backend, so
this runs on SQLite only (no ``database`` mark).
States only a form can reach (errors, messages, an import) are added by small journeys.

Every page is also scanned in dark mode (prefers-color-scheme: dark) at the desktop size.

Each page fails on a serious or critical axe violation, on any violation of the rules in
``ALSO_FAILING`` (order and landmarks: moderate in axe, but the issue asks for them), on an
id used twice, and at 390 px on a page wider than the screen or a stacked row's column name
cut off. Screenshots of every page at both sizes and the full
axe report of each persona (``a11y-report-<persona>.json``) are saved in test-artifacts/.

axe-core comes from npm (scripts/test-setup.d/35-axe-core.sh, into the git-ignored cache).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.web.test_web_browser import (
    ARGS,
    ARTIFACTS,
    CHROMIUM,
    DEMO_PASSWORD,
    served,  # noqa: F401  (the demo server, a fixture)
)

AXE = os.environ.get("FOLLOWLINE_TEST_AXE", "")
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FAILING_IMPACTS = {"serious", "critical"}
ALSO_FAILING = {"heading-order", "landmark-unique", "region", "page-has-heading-one"}
PER_PATTERN = 1
# never followed: logging out, downloads (calendar, mail, CSV, résumé), the calendar feed
SKIP = re.compile(r"/accounts/logout/|\.ics$|\.eml$|\.csv$|/calendar/|/static/|/reset/|/resume/$")


# the page's words, less code and form fields (the draft templates page shows Jinja source)
LEAK_TEXT = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('code, pre, textarea, script').forEach(e => e.remove());
  return body.textContent;
}"""


# ids used twice (a label then names only the first field: axe no longer checks this), and
# on a phone the stacked rows' column names (td::before) taller than their cell, so that a
# long one ("Owed an update") is cut off and runs into the next row
LAYOUT = """() => {
  const ids = {};
  document.querySelectorAll('[id]').forEach(e => { ids[e.id] = (ids[e.id] || 0) + 1; });
  const cut = [...document.querySelectorAll('main table td[data-label]')]
    .filter(td => td.offsetParent && getComputedStyle(td, '::before').content !== 'none')
    .map(td => [td, getComputedStyle(td, '::before')])
    .filter(([td, b]) => {
      const top = parseFloat(b.top) || parseFloat(getComputedStyle(td).paddingTop);
      return top + parseFloat(b.height) > td.clientHeight + 1;
    })
    .map(([td]) => td.dataset.label);
  return {duplicates: Object.keys(ids).filter(i => ids[i] > 1), cut: [...new Set(cut)]};
}"""


def _shape(url: str) -> str:
    """The URL with its numbers and tokens blanked: pages of one shape are one template."""
    parts = urlsplit(url)
    path = re.sub(r"/\d+(?=/|$)", "/N", parts.path)
    path = re.sub(r"^/s/[^/]+/", "/s/TOKEN/", path)
    query = sorted({k for k, _ in parse_qsl(parts.query)})
    return path + ("?" + "&".join(query) if query else "")


def _context(browser, size: str, storage=None, dark: bool = False):
    return browser.new_context(
        viewport=SIZES[size],
        color_scheme="dark" if dark else "light",
        timezone_id="America/Chicago",
        bypass_csp=True,  # axe is injected as a script tag; the site's own CSP allows none
        storage_state=storage,
    )


def _login(browser, base: str, username: str) -> dict:
    ctx = _context(browser, "desktop")
    page = ctx.new_page()
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/(home|applications)/$"))
    state = ctx.storage_state()
    ctx.close()
    return state


def _crawl(page, base: str, starts: list[str]) -> list[str]:
    """Same-origin pages reachable from ``starts`` by links, a few of each shape."""
    queue, found, shapes, seen = [base + s for s in starts], [], Counter(), set()
    while queue:
        url = queue.pop(0)
        if url in seen or SKIP.search(urlsplit(url).path):
            continue
        seen.add(url)
        shape = _shape(url)
        if shapes[shape] >= PER_PATTERN:
            continue
        page.goto(url)
        final = page.url.split("#")[0]
        if final != url and (final in seen or shapes[_shape(final)] >= PER_PATTERN):
            continue  # a redirect to a page already taken
        seen.add(final)
        shapes[_shape(final)] += 1
        found.append(final)
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        for href in hrefs:
            href = href.split("#")[0]
            if href.startswith(base) and href not in seen:
                queue.append(href)
    return found


def _axe(page) -> list[dict]:
    page.add_script_tag(path=AXE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return result["violations"]


def _slug(url: str) -> str:
    parts = urlsplit(url)
    s = re.sub(r"[^a-z0-9]+", "-", (parts.path + "-" + parts.query).lower()).strip("-")
    return s or "root"


def _scan(browser, base: str, persona: str, urls: list[str], storage, report: list[dict]):
    """Each page at both sizes, and in dark mode (the system setting) at the desktop size."""
    modes = [(size, False) for size in SIZES]
    if persona != "teammate":  # the teammate's pages are the employer's templates
        modes.append(("desktop", True))
    for size, dark in modes:
        ctx = _context(browser, size, storage, dark)
        page = ctx.new_page()
        for url in urls:
            page.goto(url)
            _check(page, persona, size + ("-dark" if dark else ""), url, report)
        ctx.close()


def _check(page, persona: str, size: str, url: str, report: list[dict], label: str = "") -> None:
    """axe, the page width, template text that leaked into the page (a ``{# #}`` comment
    spanning lines is printed by Django), and a screenshot of the page as it is now."""
    violations = _axe(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    text = page.evaluate(LEAK_TEXT)
    layout = page.evaluate(LAYOUT)
    leaks = [t for t in ("{#", "#}", "{%", "%}", "{{", "}}") if t in text]
    name = f"a11y-{persona}-{label or _slug(url)}-{size}.png"
    page.screenshot(path=ARTIFACTS / name, full_page=True)
    report.append(
        {
            "persona": persona,
            "size": size,
            "url": url,
            "state": label,
            "width": width,
            "leaks": leaks,
            "duplicate_ids": layout["duplicates"],
            "cut_labels": layout["cut"],
            "title": page.title(),
            "violations": [
                {
                    "id": v["id"],
                    "impact": v["impact"],
                    "help": v["help"],
                    "nodes": [n["target"] for n in v["nodes"]][:5],
                    "count": len(v["nodes"]),
                }
                for v in violations
            ],
        }
    )


def _states(browser, base: str, persona: str, storage, report: list[dict]) -> None:
    """Pages as they are after an action: form errors, a message, an import finished."""
    for size in SIZES:
        ctx = _context(browser, size, storage)
        page = ctx.new_page()
        if persona == "logged-out":
            page.goto(base + "/accounts/login/")
            page.fill("#id_username", "nobody")
            page.fill("#id_password", "wrong password")
            page.click("main button[type=submit]")
            _check(page, persona, size, page.url, report, "login-error")
            page.goto(base + "/accounts/signup/")
            page.click("main button[type=submit]")
            _check(page, persona, size, page.url, report, "signup-error")
        elif persona == "candidate":
            page.goto(base + "/applications/new/")
            page.click("main form button[type=submit]")
            _check(page, persona, size, page.url, report, "new-application-error")
            page.goto(base + "/applications/")
            page.locator("main table tbody a").first.click()
            page.locator("#log-contact button[type=submit]").click()
            _check(page, persona, size, page.url, report, "contact-error")
            page.locator("#log-contact #id_kind").select_option("status_inquiry")
            page.locator("#log-contact button[type=submit]").click()
            page.wait_for_selector("#messages")
            _check(page, persona, size, page.url, report, "contact-logged")
            logged_on = page.url
            page.goto(base + "/applications/?q=analyst")
            _check(page, persona, size, page.url, report, "search")
            # the contact just logged deleted, with its undo in the message; then the undo's
            page.goto(logged_on)
            page.locator("#contacts-title ~ table tbody tr").last.locator("button").click()
            page.wait_for_selector("#messages form.undo")
            _check(page, persona, size, page.url, report, "deleted-with-undo")
            page.click("#messages form.undo button")
            page.wait_for_selector("#messages:has-text('Restored.')")
            _check(page, persona, size, page.url, report, "undone")
            # the board after a card moved; an application archived
            page.goto(base + "/applications/board/")
            card = page.locator(".board-card").first
            card.locator("select").select_option(index=0)
            card.locator("button").click()
            page.wait_for_selector("#messages:has-text('Moved ')")
            _check(page, persona, size, page.url, report, "board-moved")
            page.goto(base + "/applications/")
            page.locator("main table tbody a").first.click()
            page.click("main form[action$='/archive/'] button")
            page.wait_for_selector("#archived-note")
            _check(page, persona, size, page.url, report, "archived")
            page.click("main form[action$='/reopen/'] button")
            page.wait_for_selector("#messages:has-text('Reopened')")
        elif persona == "employer":
            page.goto(base + "/teams/lakeside/")
            page.fill("#team-q", "a")
            page.locator("#team-q").press("Enter")
            page.wait_for_selector("#found")
            _check(page, persona, size, page.url, report, "team-search")
            page.goto(base + "/teams/lakeside/openings/new/")
            page.click("main form button[type=submit]")
            _check(page, persona, size, page.url, report, "new-opening-error")
            page.goto(base + "/teams/lakeside/")
            page.locator("main table tbody a").first.click()
            page.click("text=Import mailbox or call log")
            page.set_input_files(
                "#id_upload",
                {"name": "photo.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n" * 64},
            )
            page.click("main form button[type=submit]")
            page.wait_for_selector("#import-state:has-text('Nothing imported')", timeout=30_000)
            _check(page, persona, size, page.url, report, "import-failed")
            page.goto(base + "/notifications/")  # the import's notice, unread
            _check(page, persona, size, page.url, report, "notices-unread")
            page.goto(base + "/teams/lakeside/")
            page.locator("main table tbody a").first.click()
            page.locator("main table tbody a").first.click()
            page.click("main form[action$='/archive/'] button")
            page.wait_for_selector("#archived-note")
            _check(page, persona, size, page.url, report, "candidate-archived")
            page.click("main form[action$='/reopen/'] button")
            page.wait_for_selector("#messages:has-text('Reopened')")
        ctx.close()


def _summary(report: list[dict]) -> tuple[list[str], list[str]]:
    failing, narrow = [], []
    for r in report:
        for v in r["violations"]:
            if v["impact"] in FAILING_IMPACTS or v["id"] in ALSO_FAILING:
                where = f"{r['persona']} {r['size']} {r['url']} {r['state']}".strip()
                failing.append(f"{where}: {v['id']} ({v['impact']}) x{v['count']} {v['nodes']}")
        if r["size"] == "phone" and r["width"] > SIZES["phone"]["width"]:
            narrow.append(f"{r['persona']} {r['url']} {r['state']}: {r['width']} px wide")
        if r["duplicate_ids"]:
            failing.append(
                f"{r['persona']} {r['url']} {r['state']}: ids used twice {r['duplicate_ids']}"
            )
        if r["cut_labels"]:
            failing.append(
                f"{r['persona']} {r['url']} {r['state']}: column names cut off {r['cut_labels']}"
            )
        if r["leaks"]:
            failing.append(f"{r['persona']} {r['url']} {r['state']}: template text {r['leaks']}")
    return failing, narrow


def _public_pages(browser, base: str) -> list[str]:
    """A candidate's status page and an opening's published line, as the employer links them."""
    ctx = _context(browser, "desktop", _login(browser, base, "employer"))
    page = ctx.new_page()
    page.goto(base + "/teams/lakeside/")
    page.locator("main table tbody a").first.click()
    line = page.locator("text=published line").get_attribute("href")
    page.locator("main table tbody a").first.click()
    status = page.locator("text=Their status page").get_attribute("href")
    ctx.close()
    return [base + status, base + line]


@pytest.fixture(scope="module")
def browser():
    if not Path(AXE).is_file():
        pytest.fail(f"axe-core not found at {AXE!r}: run ./test (it fetches it)")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.mark.parametrize("persona", ["logged-out", "public", "candidate", "employer", "teammate"])
def test_every_page_passes_axe_and_fits_a_phone(persona, browser, request):
    base = request.getfixturevalue("served")["base"]
    report: list[dict] = []
    storage = None
    if persona == "public":
        urls = _public_pages(browser, base)
    else:
        if persona == "logged-out":
            starts = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password-reset/"]
            starts.append("/no-such-page/")
        else:
            storage = _login(browser, base, persona)
            starts = ["/home/", "/applications/", "/teams/", "/mail/"]
        ctx = _context(browser, "desktop", storage)
        urls = _crawl(ctx.new_page(), base, starts)
        ctx.close()
        # the status and policy pages are the "public" persona's
        urls = [u for u in urls if not _shape(u).startswith(("/s/", "/line/"))]
        assert len(urls) >= 5, urls
    _scan(browser, base, persona, urls, storage, report)
    _states(browser, base, persona, storage, report)
    (ARTIFACTS / f"a11y-report-{persona}.json").write_text(json.dumps(report, indent=1))
    failing, narrow = _summary(report)
    assert not failing, f"{len(failing)} axe violations in {len(report)} scans:\n" + "\n".join(
        failing
    )
    assert not narrow, "wider than a 390 px phone:\n" + "\n".join(narrow)


def test_keyboard_skip_link_message_focus_and_undo(browser, request):
    """With a keyboard: the first Tab reaches the skip link, which moves focus to the content;
    after logging, focus is on the message; a delete says what went and the next Tab
    reaches its Undo, which puts it back."""
    base = request.getfixturevalue("served")["base"]
    ctx = _context(browser, "phone", _login(browser, base, "candidate"))
    page = ctx.new_page()
    page.goto(base + "/applications/")
    page.locator("main table tbody a").first.click()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES["phone"]["width"]

    contacts = page.locator("#contacts-title ~ table tbody tr")
    before = contacts.count()
    form = page.locator("#log-contact form")
    form.locator("#id_kind").select_option("status_inquiry")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#messages")
    assert page.evaluate("document.activeElement.id") == "messages"
    assert page.get_attribute("#messages", "role") == "status"
    assert page.inner_text("#messages").startswith("Logged: your status inquiry, ")
    # the new row may land after the message (the table is its own swap): wait for it
    expect(contacts).to_have_count(before + 1)
    rows = before + 1

    # a delete happens at once and offers its undo, next in the tab order after the message
    with page.expect_navigation():
        page.locator("#contacts-title ~ table tbody tr").last.locator("button").click()
    assert page.inner_text("#messages").startswith("Deleted: ")
    assert page.evaluate("document.activeElement.id") == "messages"
    assert page.locator("#contacts-title ~ table tbody tr").count() == rows - 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Undo the delete"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.inner_text("#messages").startswith("Restored. ")
    assert page.locator("#contacts-title ~ table tbody tr").count() == rows
    page.screenshot(path=ARTIFACTS / "a11y-candidate-after-delete-phone.png", full_page=True)
    ctx.close()
