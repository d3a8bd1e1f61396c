"""The promise keeper run by two worker processes at once on PostgreSQL: every lapsed
promise gives one digest line and one automatic update, however the runs interleave."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .deployment import Deployment, FreshPostgresDatabase
from .smtp_servers import RecordingHandler, smtp_server
from .test_worker_processes import _postgres_or_skip

SEED = """
import django
django.setup()
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from followline.web.accounts import confirm
from followline.web.employers.models import Candidate, CandidateMilestone, Membership, Opening, Team
from followline.web.outbox.models import AutoUpdateSetting

now = timezone.now()
boss = get_user_model().objects.create_user("boss", "boss@lakeside.example", "pw")
confirm.mark_confirmed(boss)  # the digest goes to confirmed addresses only
team = Team.objects.create(name="Lakeside", slug="lakeside")
Membership.objects.create(team=team, user=boss, role="owner")
opening = Opening.objects.create(team=team, title="Cook", promise_days=7)
AutoUpdateSetting.objects.create(opening=opening, enabled=True)
for i in range(20):
    cand = Candidate.objects.create(opening=opening, name=f"Cand {i}", email=f"c{i}@example.com")
    CandidateMilestone.objects.create(candidate=cand, type="interview", at=now - timedelta(days=9))
    Candidate.objects.get(pk=cand.pk).rejudge(now)
"""

COUNT = """
import json, django
django.setup()
from followline.web.employers.models import CandidateContact
from followline.web.outbox.models import Notification, OutboxMessage
print(json.dumps({"rows": OutboxMessage.objects.count(),
                  "notifications": Notification.objects.count(),
                  "logged": CandidateContact.objects.filter(party="employer").count()}))
"""


@pytest.mark.slow
def test_two_keepers_at_once_notify_each_lapse_once(tmp_path):
    handler = RecordingHandler()
    with FreshPostgresDatabase(_postgres_or_skip()) as url, smtp_server(handler) as (_, port):
        dep = Deployment(tmp_path, port, url)
        dep.migrate()
        dep.python("-c", SEED)
        keepers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "django",
                    "followline_worker",
                    "--only",
                    "promises",
                    "--once",
                    "--name",
                    name,
                ],
                env=dep.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in ("a", "b")
        ]
        logs = []
        for proc in keepers:
            _out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            logs.append(err)
        assert not any("failed" in log for log in logs), logs  # a job error is logged
        sender = subprocess.run(
            [
                sys.executable,
                "-m",
                "django",
                "followline_worker",
                "--only",
                "outbox",
                "--until-idle",
            ],
            env=dep.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert sender.returncode == 0, sender.stderr
        counts = json.loads(dep.python("-c", COUNT))
    to = sorted(m["To"].addresses[0].addr_spec for m in handler.received)
    updates = [a for a in to if a != "boss@lakeside.example"]
    assert sorted(updates) == sorted(f"c{i}@example.com" for i in range(20))  # once each
    assert 1 <= to.count("boss@lakeside.example") <= 2  # one digest per keeper that won keys
    assert counts["logged"] == 20  # one automatic update logged per candidate
    assert counts["notifications"] == 40, (counts, logs)  # 20 digest lines + 20 updates
