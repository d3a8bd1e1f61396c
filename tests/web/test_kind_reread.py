"""``followline kinds reread``: kinds the classifier gave stored contacts are read again
with today's reading and the timelines re-judged; people's kinds and spam stay."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from django.utils import timezone

from followline.cli import main
from followline.web.applications.models import Contact
from followline.web.employers.models import Candidate, CandidateContact

from .conftest import add_candidate

pytestmark = pytest.mark.django_db

THANKS = "I wanted to thank you and Stinson for lunch last week. It was great to learn more."
COLD = {  # what filing stored before 2026-12-03: the job model's doubt, read as "other"
    "kind": "other",
    "kind_label": "not_job",
    "kind_confidence": 0.56,
    "kind_evidence": "not_job (0.56): ...",
}


def _contact(candidate: Candidate, hours: int, **fields) -> CandidateContact:
    at = candidate.milestones.get(type="interview").at + timedelta(hours=hours)
    return CandidateContact.objects.create(
        candidate=candidate, party="candidate", channel="email", at=at, text=THANKS, **fields
    )


def test_reread_changes_only_the_classifiers_kinds_and_rejudges(opening, application):
    now = timezone.now()
    rejection = Contact.objects.create(  # an employer's answer once read as "unsure"
        application=application,
        party="employer",
        channel="email",
        at=now - timedelta(hours=1),
        text="We regret to inform you that we have decided to move forward with another candidate.",
        kind="update",
        kind_label="unsure",
        kind_confidence=0.3,
    )
    cand = add_candidate(opening, "Cy Lee", 2, now)
    cold = _contact(cand, 2, **COLD)
    corrected = _contact(cand, 3, **COLD | {"kind_corrected": True})
    chosen = _contact(cand, 4, kind="other")  # a person chose it: no kind_label
    spam = _contact(cand, 5, **COLD | {"spam": True})

    dry = CliRunner().invoke(main, ["kinds", "reread", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "2 contacts read, 2 read differently; would re-judge 1 application, 1 candidate" in (
        dry.output
    )
    cold.refresh_from_db()
    cand.refresh_from_db()
    assert cold.kind_label == "not_job" and cand.inbound_count == 0  # nothing re-judged

    done = CliRunner().invoke(main, ["kinds", "reread"])
    assert done.exit_code == 0, done.output
    assert "2 contacts read, 2 read differently; re-judged 1 application, 1 candidate" in (
        done.output
    )
    for row in (cold, corrected, chosen, spam, cand, rejection, application):
        row.refresh_from_db()
    assert rejection.kind == "rejection" and application.closed  # the plan ended
    assert cand.inbound_count == 4  # re-judged: its stored columns read every row again
    assert (cold.kind, cold.kind_label) == ("thank_you", "thank_you")
    assert cold.kind_confidence > 0.5 and cold.kind_evidence.startswith("thank_you")
    assert (corrected.kind_label, chosen.kind, spam.kind_label) == ("not_job", "other", "not_job")

    again = CliRunner().invoke(main, ["kinds", "reread"])
    assert "0 read differently" in again.output  # nothing left to change
