"""The team's hiring mailbox: every message is filed the way the import screen files it
(:func:`followline.web.employers.inbound.file_message`), onto the team's candidate with
that address (any opening, the newest candidate first), else onto a new candidate of the
account's default opening (when one is set and the message is not spam); otherwise it stays
stored here as ``unmatched``. The candidate is re-judged at once.
"""

from __future__ import annotations

from django.utils import timezone

from followline.mail.analyse import Analysed
from followline.web.employers.inbound import Outcome, file_message
from followline.web.employers.models import Opening, Team
from followline.web.mailsync.models import InboundMessage, MailAccount


def handle(account: MailAccount, inbound: InboundMessage, message: Analysed) -> str:
    team = Team.objects.filter(pk=account.team_id).first() if account.team_id else None
    if team is None:
        return "no-team"
    opening = Opening.objects.filter(pk=account.opening_id, team=team).first()
    now = timezone.now()
    filed = file_message(team, message, opening=opening, team_wide=True, received_at=now)
    if filed.outcome is Outcome.NEW:
        assert filed.candidate is not None
        filed.candidate.rejudge(now)
        return f"candidate:{filed.candidate.pk}"
    if filed.outcome is Outcome.ALREADY:
        assert filed.candidate is not None
        return f"already:candidate:{filed.candidate.pk}"
    return str(filed.outcome)
