"""Employer side: a message in the hiring mailbox goes to the right opening and candidate.

The message goes through the same boundary as the employer's import screen
(:func:`followline.web.imports.read_mailbox`: the triage pipeline when installed, else its
standard-library stand-in) for sender, text, kind and spam; then, among the team's
openings, the candidate with that address gets it as a contact and is re-judged. A sender
not yet known becomes a new candidate of the account's default opening (when set and the
message is not spam); otherwise the message stays stored as ``unmatched``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.utils import timezone

from followline.web.mailsync.models import InboundMessage, MailAccount
from followline.web.mailsync.parsing import Parsed


def handle(account: MailAccount, inbound: InboundMessage, parsed: Parsed) -> str:
    from followline.web import imports
    from followline.web.core.models import Channel, Party
    from followline.web.employers import judging
    from followline.web.employers.models import Candidate, CandidateContact

    if account.team_id is None:
        return "no-team"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "message.eml"
        path.write_bytes(parsed.raw)
        message = next(iter(imports.read_mailbox(path, lambda done, total: None)), None)
    if message is None or message.error or not message.sender:
        return "unreadable"
    team_candidates = Candidate.objects.filter(opening__team_id=account.team_id)
    candidate = next(
        (
            c
            for c in team_candidates.exclude(email="").order_by("-created_at")
            if imports.address_key(c.email) == message.sender
        ),
        None,
    )
    if candidate is None:
        if message.spam or account.opening_id is None:
            return "spam" if message.spam else "unmatched"
        candidate = Candidate.objects.create(
            opening_id=account.opening_id, name=message.name[:200], email=message.sender
        )
    now = timezone.now()
    at = message.at if message.at is not None and message.at <= now else now
    CandidateContact.objects.create(
        candidate=candidate,
        at=at,
        party=Party.CANDIDATE,
        channel=Channel.EMAIL,
        kind=message.kind,
        subject=message.subject[:300],
        text=message.text,
        sender=message.sender,
        spam=message.spam,
    )
    judging.refresh(judging.refetch(candidate.pk), now)
    return f"candidate:{candidate.pk}"
