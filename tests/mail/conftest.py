"""Fixtures for the mail tests: the real corpora fetched by scripts/test-setup.d/20-mail-corpora.sh,
and small mailboxes built from messages written here."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from followline.line import get_policy
from followline.mail.pipeline import TriageOptions

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def corpora() -> Path:
    """The corpora cache; ./test fetches it (a missing cache is a failure, not a skip)."""
    path = Path(os.environ.get("FOLLOWLINE_CORPORA", ROOT / ".cache" / "corpora"))
    missing = [
        name
        for name in ("spam-assassin", "mail-parser", "cpython-email", "enron-spam")
        if not (path / name / ".done").exists()
    ]
    if missing:
        pytest.fail(f"corpora {missing} missing under {path}: run ./test (its setup fetches them)")
    return path


@pytest.fixture
def options() -> TriageOptions:
    return TriageOptions(
        policy=get_policy("two-email"), now=datetime(2026, 12, 1, tzinfo=UTC), workers=1
    )


def mbox(*messages: bytes) -> bytes:
    """Messages as one mbox (envelope lines and blank separators added)."""
    return b"".join(
        b"From sender@localhost Mon Nov  2 10:00:00 2026\n" + m.rstrip(b"\n") + b"\n\n"
        for m in messages
    )


def letter(
    sender: str,
    body: str,
    *,
    subject: str = "Follow-up",
    date: str = "Mon, 02 Nov 2026 10:00:00 -0600",
    extra: str = "",
) -> bytes:
    """A plain-text message."""
    headers = f"From: {sender}\nTo: hiring@acme.example\nSubject: {subject}\n"
    if date:
        headers += f"Date: {date}\n"
    return (headers + extra + "\n" + body + "\n").encode("utf-8")
