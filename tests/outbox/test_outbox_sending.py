"""The outbox against a real SMTP server on loopback: sent once, retried, failed, claimed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from followline.compose import example_context, format_address, render_draft
from followline.web.outbox.enqueue import enqueue_draft, enqueue_mail
from followline.web.outbox.models import OutboxMessage, OutboxState
from followline.web.outbox.sender import SenderConfig, claim_next, send_due

pytestmark = pytest.mark.django_db

CFG = SenderConfig(worker="test-worker", backoff_base=30, max_attempts=3)


def _make_due(row: OutboxMessage) -> None:
    """Let the backoff pass (the clock is the database's; we move the deadline instead)."""
    OutboxMessage.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def test_enqueued_draft_is_sent_once_with_its_message_id(smtp):
    draft = render_draft("employer_update", example_context("employer_update"))
    row = enqueue_draft(draft, ["Ann Lee <ann@example.com>"])
    assert row.state == OutboxState.QUEUED and smtp.received == []  # a row first
    assert send_due(CFG) == {"sent": 1, "retry": 0, "failed": 0}
    assert send_due(CFG) == {"sent": 0, "retry": 0, "failed": 0}
    row.refresh_from_db()
    assert row.state == OutboxState.SENT and row.attempts == 1 and row.sent_at
    (msg,) = smtp.received
    assert msg["Message-ID"] == row.message_id
    assert msg["Subject"] == draft.subject
    assert msg.get_body(("plain",)).get_content().startswith("Dear Ann Lee")
    assert "<p>Dear Ann Lee,</p>" in msg.get_body(("html",)).get_content()
    assert smtp.envelopes == [["ann@example.com"]]


def test_crlf_in_subject_name_or_header_never_adds_a_recipient(smtp):
    with pytest.raises(ValueError):  # a crafted raw string is refused at the door
        enqueue_mail(["Ann\r\nBcc: evil@example.org <ann@example.com>"], "s", "t")
    row = enqueue_mail(
        [format_address("Ann\r\nBcc: evil@example.org", "ann@example.com")],
        "Hello\r\nBcc: evil2@example.org",
        "body",
        headers={"In-Reply-To": "<a@b>\r\nBcc: evil3@example.org"},
    )
    send_due(CFG)
    row.refresh_from_db()
    assert row.state == OutboxState.SENT, row.last_error
    (msg,) = smtp.received
    assert msg["Bcc"] is None
    assert msg["Subject"] == "Hello Bcc: evil2@example.org"
    assert smtp.envelopes == [["ann@example.com"]]


def test_forbidden_extra_headers_are_refused():
    with pytest.raises(ValueError):
        enqueue_mail("a@example.com", "s", "t", headers={"Bcc": "x@example.org"})
    with pytest.raises(ValueError):
        enqueue_mail("a@example.com", "s", "t", headers={"X-A\r\nBcc": "x@example.org"})


def test_transient_failure_is_retried_with_backoff_and_same_message_id(smtp_factory):
    server = smtp_factory(temp_failures=2)
    row = enqueue_mail("ann@example.com", "Update", "text")
    before = timezone.now()
    assert send_due(CFG) == {"sent": 0, "retry": 1, "failed": 0}
    row.refresh_from_db()
    assert row.state == OutboxState.QUEUED and row.attempts == 1
    assert "451" in row.last_error
    assert row.next_attempt_at >= before + timedelta(seconds=30)  # first backoff step
    assert send_due(CFG)["sent"] == 0  # not due yet: nothing is tried
    _make_due(row)
    send_due(CFG)
    row.refresh_from_db()
    assert row.attempts == 2 and row.next_attempt_at >= before + timedelta(seconds=60)
    _make_due(row)
    assert send_due(CFG)["sent"] == 1
    row.refresh_from_db()
    assert row.state == OutboxState.SENT and row.attempts == 3
    assert server.message_ids() == [row.message_id] and server.rejected == 2


def test_transient_failures_give_up_after_max_attempts(smtp_factory):
    smtp_factory(temp_failures=10)
    row = enqueue_mail("ann@example.com", "Update", "text")
    for _ in range(CFG.max_attempts):
        _make_due(row)
        send_due(CFG)
    row.refresh_from_db()
    assert row.state == OutboxState.FAILED and row.attempts == CFG.max_attempts
    assert "451" in row.last_error


def test_permanent_failure_is_recorded_at_once(smtp_factory):
    server = smtp_factory(refuse_rcpt=True)
    row = enqueue_mail("nobody@example.com", "Update", "text")
    assert send_due(CFG) == {"sent": 0, "retry": 0, "failed": 1}
    row.refresh_from_db()
    assert row.state == OutboxState.FAILED and row.attempts == 1
    assert "550" in row.last_error and "nobody@example.com" in row.last_error
    assert server.received == []


def test_connection_refused_is_transient(settings, smtp):
    from .smtp_servers import free_port

    settings.EMAIL_PORT = free_port()  # nothing listens there
    row = enqueue_mail("ann@example.com", "Update", "text")
    assert send_due(CFG) == {"sent": 0, "retry": 1, "failed": 0}
    row.refresh_from_db()
    assert row.state == OutboxState.QUEUED and "Connection" in row.last_error


def test_one_bad_message_does_not_block_the_batch(smtp_factory):
    smtp_factory()
    good = [enqueue_mail(f"c{i}@example.com", f"m{i}", "t") for i in range(3)]
    bad = enqueue_mail("c9@example.com", "x", "t")
    # A row that can never be built (written past enqueue's checks) fails alone.
    OutboxMessage.objects.filter(pk=bad.pk).update(headers={"X-Bad": "a\nBcc: x@example.org"})
    counts = send_due(CFG)
    assert counts["sent"] == 3 and counts["failed"] + counts["retry"] == 1
    assert all(OutboxMessage.objects.get(pk=r.pk).state == OutboxState.SENT for r in good)
    assert OutboxMessage.objects.get(pk=bad.pk).state != OutboxState.SENT


def test_dedupe_key_makes_enqueue_idempotent():
    one = enqueue_mail("a@example.com", "s", "t", dedupe_key="digest:team-1:2026-11-12")
    two = enqueue_mail("a@example.com", "s", "t", dedupe_key="digest:team-1:2026-11-12")
    assert one.pk == two.pk and OutboxMessage.objects.count() == 1


def test_two_claims_never_get_the_same_row():
    rows = [enqueue_mail(f"c{i}@example.com", "s", "t") for i in range(2)]
    now = timezone.now()
    first = claim_next(SenderConfig(worker="a"), now)
    second = claim_next(SenderConfig(worker="b"), now)
    third = claim_next(SenderConfig(worker="c"), now)
    assert {first.pk, second.pk} == {r.pk for r in rows} and third is None
    assert first.claimed_by == "a" and first.state == OutboxState.SENDING


def test_an_expired_claim_is_taken_over_and_the_old_owner_cannot_mark_it(smtp):
    row = enqueue_mail("c@example.com", "s", "t")
    now = timezone.now()
    dead = SenderConfig(worker="dead", lease=timedelta(seconds=60))
    claimed = claim_next(dead, now)
    assert claim_next(SenderConfig(worker="other"), now) is None  # lease still holds
    later = now + timedelta(seconds=61)
    taken = claim_next(SenderConfig(worker="other"), later)
    assert taken.pk == row.pk and taken.attempts == 2 and taken.claimed_by == "other"
    from followline.web.outbox.sender import mark_sent

    mark_sent(claimed, dead, later)  # the dead worker's late mark changes nothing
    taken.refresh_from_db()
    assert taken.state == OutboxState.SENDING and taken.claimed_by == "other"
