"""The "Connect your mailbox" page says what docs/connect-mailbox.md says (the promises,
word for word), is public, and is linked from /mail/ and /help/."""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

DOC = Path(__file__).resolve().parents[2] / "docs" / "connect-mailbox.md"

pytestmark = pytest.mark.django_db


def test_the_page_and_the_doc_make_the_same_promises(client):
    page = LexborHTMLParser(client.get("/mail/help/").text)
    promises = [li.text(strip=True) for li in page.css("ul.promises li")]
    doc = " ".join(DOC.read_text(encoding="utf-8").split())
    assert len(promises) >= 7
    missing = [p for p in promises if " ".join(p.split()) not in doc]
    assert not missing, f"docs/connect-mailbox.md does not say: {missing}"
    assert "BODY.PEEK" in doc and "read-only" in doc


def test_linked_from_the_mail_page_and_the_help_page(client, django_user_model):
    assert 'href="/mail/help/"' in client.get("/help/").content.decode()
    client.force_login(django_user_model.objects.create_user("ann", "a@x.test", "pw"))
    assert 'href="/mail/help/"' in client.get("/mail/").content.decode()
