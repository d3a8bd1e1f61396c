"""Tried as a new user would, with the real worker process (`followline_worker --once`):
a candidate with a connected mailbox gets the reminder on the right day, the employer's
reply cancels the next planned follow-up, an overdue team gets its digest and the
candidate the automatic update. Real Dovecot, real SMTP server, SQLite file database."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.outbox.deployment import Deployment
from tests.outbox.smtp_servers import RecordingHandler, smtp_server

SEED = """
import json, sys, django
django.setup()
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from followline.web.accounts import confirm
from followline.web.applications.models import Application, Contact, Milestone
from followline.web.employers.models import Candidate, CandidateMilestone, Membership, Opening, Team
from followline.web.mailsync.sync import connect_account
from followline.web.outbox.models import AutoUpdateSetting

port, imap_user, imap_password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
now = timezone.now()
ann = get_user_model().objects.create_user("ann", "ann@candidate.test", "pw", first_name="Ann")
confirm.mark_confirmed(ann)  # the worker mails confirmed addresses only
ids = {}
for company, contact in (("Acme", "hr@acme.example"), ("Zeta", "jobs@zeta.example")):
    app = Application.objects.create(owner=ann, company=company, role="Baker",
                                     contact_email=contact)
    Milestone.objects.create(application=app, type="interview", at=now - timedelta(days=8))
    Contact.objects.create(application=app, party="candidate", kind="thank_you",
                           at=now - timedelta(days=8, hours=-2), text="Thank you.")
    Application.objects.get(pk=app.pk).rejudge(now)
    ids[company] = app.pk
connect_account(ann, host="127.0.0.1", port=port, use_ssl=False, username=imap_user,
                password=imap_password)
boss = get_user_model().objects.create_user("boss", "boss@lakeside.example", "pw")
confirm.mark_confirmed(boss)
team = Team.objects.create(name="Lakeside", slug="lakeside")
Membership.objects.create(team=team, user=boss, role="owner")
opening = Opening.objects.create(team=team, title="Cook", promise_days=7)
AutoUpdateSetting.objects.create(opening=opening, enabled=True)
bo = Candidate.objects.create(opening=opening, name="Bo Lin", email="bo@example.com")
CandidateMilestone.objects.create(candidate=bo, type="interview", at=now - timedelta(days=9))
Candidate.objects.get(pk=bo.pk).rejudge(now)
print(json.dumps(ids))
"""

STATE = """
import json, django
django.setup()
from django.utils import timezone
from followline.web.applications.models import Application
print(json.dumps({a.company: [a.next_action, a.next_at > timezone.now() if a.next_at else None,
                              a.contacts.filter(party="employer").count()]
                  for a in Application.objects.all()}))
"""


def test_a_new_user_tries_it(tmp_path, imap_user):
    handler = RecordingHandler()
    with smtp_server(handler) as (_, port):
        dep = Deployment(tmp_path, port)
        dep.migrate()
        json.loads(
            dep.python("-c", SEED, str(imap_user.port), imap_user.username, imap_user.password)
        )
        # Acme's recruiter writes before the worker runs: Ann's status inquiry to Acme,
        # due today, must not be suggested any more.
        imap_user.deliver(
            sender="Mr Cole <cole@acme.example>",
            subject="Your interview",
            body="We are still deciding and will write next week.",
        )
        for _ in range(2):  # twice: the second pass must add nothing
            done = subprocess.run(
                [sys.executable, "-m", "django", "followline_worker", "--once"],
                env=dep.env,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert done.returncode == 0, done.stderr
    by_to: dict[str, list] = {}
    for msg in handler.received:
        by_to.setdefault(msg["To"].addresses[0].addr_spec, []).append(msg)
    assert sorted(by_to) == ["ann@candidate.test", "bo@example.com", "boss@lakeside.example"]
    (reminder,) = by_to["ann@candidate.test"]
    assert reminder["Subject"] == "A follow-up is appropriate today: Zeta"  # not Acme
    (digest,) = by_to["boss@lakeside.example"]
    assert digest["Subject"] == "You owe 1 candidate an update"
    (update,) = by_to["bo@example.com"]
    assert "Dear Bo Lin" in update.get_body(("plain",)).get_content()
    state = json.loads(dep.python("-c", STATE))
    assert state["Acme"] == ["status_inquiry", True, 1]  # moved a week on by the reply
    assert state["Zeta"] == ["status_inquiry", False, 0]  # still due today
