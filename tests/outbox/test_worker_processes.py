"""Real worker processes against a real SMTP server: SIGKILL mid-batch, and two workers.

The SMTP server runs in this process (aiosmtpd, loopback) and records every Message-ID it
accepts; the workers are separate ``manage.py followline_worker`` processes.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

import pytest

from .deployment import Deployment, FreshPostgresDatabase, wait_for
from .smtp_servers import RecordingHandler, smtp_server

POSTGRES_URL = os.environ.get("FOLLOWLINE_TEST_POSTGRES_URL")


def _postgres_or_skip() -> str:
    if POSTGRES_URL:
        return POSTGRES_URL
    if os.environ.get("CI"):
        pytest.fail("FOLLOWLINE_TEST_POSTGRES_URL is not set in CI (scripts/test-setup.d)")
    pytest.skip("no PostgreSQL: run ./test, which starts one")


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request):
    if request.param == "sqlite":
        yield None
    else:
        with FreshPostgresDatabase(_postgres_or_skip()) as url:
            yield url


@pytest.mark.slow
def test_sigkill_mid_batch_loses_nothing_and_repeats_at_most_the_one_in_flight(tmp_path, database):
    handler = RecordingHandler(delay=0.03)
    with smtp_server(handler) as (_, port):
        dep = Deployment(tmp_path, port, database)
        dep.migrate()
        enqueued = dep.enqueue(80)
        try:
            first = dep.start_worker("first", lease=2)
            wait_for(
                lambda: len(handler.message_ids()) >= 20,
                timeout=120,
                what="the first worker to send 20 messages",
                detail=dep.log,
            )
            first.send_signal(signal.SIGKILL)
            first.wait()
            at_kill = dep.rows()
            in_flight = {mid for mid, (state, _, _) in at_kill.items() if state == "sending"}
            assert len(in_flight) <= 1  # one claim at a time
            assert any(state == "queued" for state, _, _ in at_kill.values())  # mid-batch
            dep.start_worker("second", lease=2)
            wait_for(
                lambda: all(s == "sent" for s, _, _ in dep.rows().values()),
                timeout=180,
                what="every row to be sent",
                detail=dep.log,
            )
        finally:
            dep.stop_all()
    received = Counter(handler.message_ids())
    assert set(received) == set(enqueued)  # nothing lost
    twice = {mid for mid, n in received.items() if n > 1}
    assert twice <= in_flight  # nothing sent twice but the one in flight
    assert max(received.values()) <= 2
    rows = dep.rows()
    assert all(state == "sent" for state, _, _ in rows.values())
    assert {by for _, _, by in rows.values()} <= {"first", "second"}


@pytest.mark.slow
def test_two_workers_on_postgresql_share_the_queue_and_send_nothing_twice(tmp_path):
    handler = RecordingHandler(delay=0.01)
    with FreshPostgresDatabase(_postgres_or_skip()) as url, smtp_server(handler) as (_, port):
        dep = Deployment(tmp_path, port, url)
        dep.migrate()
        enqueued = dep.enqueue(200)
        try:
            dep.start_worker("a", lease=60)
            dep.start_worker("b", lease=60)
            wait_for(
                lambda: all(s == "sent" for s, _, _ in dep.rows().values()),
                timeout=180,
                what="every row to be sent",
                detail=dep.log,
            )
        finally:
            dep.stop_all()
        rows = dep.rows()
    received = Counter(handler.message_ids())
    assert sorted(received) == sorted(enqueued)
    assert set(received.values()) == {1}  # each exactly once
    assert all(attempts == 1 for _, attempts, _ in rows.values())
    by_worker = Counter(by for _, _, by in rows.values())
    assert set(by_worker) == {"a", "b"}, by_worker  # both really took part
