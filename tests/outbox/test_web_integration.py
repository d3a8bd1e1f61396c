"""The background jobs against the web app's own models (SQLite, or PostgreSQL in CI),
the real SMTP server on loopback, and (for the inbox) the real Dovecot."""

from __future__ import annotations

import email
from datetime import timedelta
from email.policy import default

import icalendar
import pytest
from django.utils import timezone

from followline.web.accounts import confirm
from followline.web.applications import reminders
from followline.web.applications.feeds import feed_url_path
from followline.web.applications.models import Application
from followline.web.applications.models import Contact as AppContact
from followline.web.applications.models import Milestone as AppMilestone
from followline.web.employers import promises
from followline.web.employers.models import (
    Candidate,
    CandidateMilestone,
    Membership,
    Opening,
    Role,
    StatusUpdate,
    Team,
)
from followline.web.employers.updates import queue_updates
from followline.web.outbox.models import AutoUpdateSetting, OutboxMessage, OutboxState
from followline.web.outbox.sender import SenderConfig, send_due

pytestmark = pytest.mark.django_db
CFG = SenderConfig(worker="test")


@pytest.fixture
def people(django_user_model):
    make = django_user_model.objects.create_user
    people = {
        "owner": make("owner", "owner@lakeside.example", "pw"),
        "mate": make("mate", "mate@lakeside.example", "pw"),
        "ann": make("ann", "ann@candidate.test", "pw", first_name="Ann"),
    }
    for person in people.values():
        confirm.mark_confirmed(person)  # the worker mails confirmed addresses only
    return people


@pytest.fixture
def team(people):
    team = Team.objects.create(name="Lakeside", slug="lakeside")
    Membership.objects.create(team=team, user=people["owner"], role=Role.OWNER)
    Membership.objects.create(team=team, user=people["mate"], role=Role.MEMBER)
    return team


def _candidate(opening, name, email, interviewed_days_ago):
    cand = Candidate.objects.create(opening=opening, name=name, email=email)
    CandidateMilestone.objects.create(
        candidate=cand, type="interview", at=timezone.now() - timedelta(days=interviewed_days_ago)
    )
    Candidate.objects.get(pk=cand.pk).rejudge(timezone.now())
    return cand


def test_overdue_team_gets_its_digest_and_the_candidate_the_update_once(team, smtp):
    opening = Opening.objects.create(team=team, title="Baker", promise_days=7)
    AutoUpdateSetting.objects.create(opening=opening, enabled=True)
    owed = _candidate(opening, "Bo Lin", "bo@example.com", interviewed_days_ago=9)
    _candidate(opening, "Cy Park", "cy@example.com", interviewed_days_ago=3)  # not yet due
    assert promises.run() == {"owed": 1, "digests": 1, "updates": 1}
    assert promises.run() == {"owed": 0, "digests": 0, "updates": 0}  # update restarted it
    send_due(CFG)
    by_to = {m["To"].addresses[0].addr_spec: m for m in smtp.received}
    digest = next(m for m in smtp.received if "owe" in m["Subject"])
    assert digest["Subject"] == "You owe 1 candidate an update"
    assert {a.addr_spec for a in digest["To"].addresses} == {
        "owner@lakeside.example",
        "mate@lakeside.example",
    }
    assert "Bo Lin" in digest.get_body(("plain",)).get_content()
    update = by_to["bo@example.com"]
    assert "Dear Bo Lin" in update.get_body(("plain",)).get_content()
    assert "/s/" in update.get_body(("plain",)).get_content()  # the status page link
    owed = Candidate.objects.for_judging().get(pk=owed.pk)
    assert owed.contacts.filter(party="employer", kind="update").count() == 1
    assert not owed.is_overdue(timezone.now())


def test_without_auto_update_only_the_team_hears(team, smtp):
    opening = Opening.objects.create(team=team, title="Baker", promise_days=7)
    _candidate(opening, "Bo Lin", "bo@example.com", interviewed_days_ago=9)
    assert promises.run() == {"owed": 1, "digests": 1, "updates": 0}
    assert promises.run() == {"owed": 1, "digests": 0, "updates": 0}  # still owed, not re-sent
    assert OutboxMessage.objects.count() == 1


def test_bulk_status_updates_go_out_through_the_outbox(team, people, smtp_factory):
    server = smtp_factory()
    opening = Opening.objects.create(team=team, title="Baker")
    cands = [_candidate(opening, n, f"{n.lower()}@example.com", 3) for n in ("Bo", "Cy")]
    updates = queue_updates(
        cands,
        subject="Where things stand",
        body="No decision yet.",
        decision_within_days=5,
        user=people["owner"],
        now=timezone.now(),
    )
    # straight into the outbox, one mail per update, in the same transaction (no second queue)
    queued = OutboxMessage.objects.filter(purpose="status_update")
    assert queued.count() == 2 and {u.state for u in updates} == {"queued"}
    assert {u.outbox_message.dedupe_key for u in updates} == {
        f"status-update:{u.pk}" for u in updates
    }  # never twice
    send_due(CFG)
    assert {u.state for u in StatusUpdate.objects.filter(pk__in=[u.pk for u in updates])} == {
        "sent"
    }
    assert sorted(m["To"].addresses[0].addr_spec for m in server.received) == [
        "bo@example.com",
        "cy@example.com",
    ]


def test_a_refused_status_update_is_recorded_as_failed_with_the_reason(team, people, smtp_factory):
    smtp_factory(refuse_rcpt=True)
    opening = Opening.objects.create(team=team, title="Baker")
    cand = _candidate(opening, "Bo", "bo@example.com", 3)
    (update,) = queue_updates(
        [cand],
        subject="s",
        body="b",
        decision_within_days=5,
        user=people["owner"],
        now=timezone.now(),
    )
    send_due(CFG)
    update.refresh_from_db()
    assert update.state == "failed" and "550" in update.error


def _application(owner, *, interviewed_days_ago, thanked=True, contact="hr@acme.example"):
    now = timezone.now()
    app = Application.objects.create(
        owner=owner, company="Acme", role="Baker", contact_email=contact
    )
    AppMilestone.objects.create(
        application=app, type="interview", at=now - timedelta(days=interviewed_days_ago)
    )
    if thanked:
        AppContact.objects.create(
            application=app,
            party="candidate",
            kind="thank_you",
            at=now - timedelta(days=interviewed_days_ago, hours=-2),
            text="Thank you for the interview.",
        )
    Application.objects.get(pk=app.pk).rejudge(now)
    return app


def test_reminder_on_the_right_day_only(people, smtp):
    _application(people["ann"], interviewed_days_ago=5)  # inquiry from day 7: not yet
    assert reminders.run()["queued"] == 0
    _application(people["ann"], interviewed_days_ago=8)
    assert reminders.run()["queued"] == 1
    assert reminders.run()["queued"] == 0
    send_due(CFG)
    (mail,) = smtp.received
    assert mail["To"].addresses[0].addr_spec == "ann@candidate.test"
    assert mail["Subject"] == "A follow-up is appropriate today: Acme"
    assert "/applications/" in mail.get_body(("plain",)).get_content()


def test_calendar_feed_lists_next_steps_and_promises_behind_an_unguessable_url(people, client):
    app = _application(people["ann"], interviewed_days_ago=2)
    path = feed_url_path(people["ann"])
    assert len(path.split("/")[2]) >= 40  # 256-bit token
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    uids = {str(e["UID"]) for e in cal.walk("VEVENT")}
    assert f"application-{app.pk}-status_inquiry@followline" in uids
    assert any("promise" in uid for uid in uids)
    assert client.get("/calendar/not-the-token.ics").status_code == 404


def test_outbox_states_are_what_the_ui_reads(smtp_factory):
    from followline.web.outbox.enqueue import enqueue_mail

    smtp_factory(refuse_rcpt=True)
    row = enqueue_mail("x@example.com", "s", "t")
    send_due(CFG)
    row.refresh_from_db()
    assert row.state == OutboxState.FAILED and row.last_error


def test_drafts_and_ics_for_an_application_are_the_owners_only(people, client):
    app = _application(people["ann"], interviewed_days_ago=0, thanked=False)
    client.force_login(people["ann"])
    page = client.get(
        f"/mail/applications/{app.pk}/draft/thank_you/", {"fit": "My laminated doughs fit."}
    ).content.decode()
    assert "Thank you for taking the time to meet me" in page
    assert "My laminated doughs fit." in page
    eml = client.get(f"/mail/applications/{app.pk}/draft/thank_you.eml")
    msg = email.message_from_bytes(eml.content, policy=default)
    assert msg["To"].addresses[0].addr_spec == "hr@acme.example"
    assert msg["From"].addresses[0].addr_spec == "ann@candidate.test"
    ics = client.get(f"/mail/applications/{app.pk}/next.ics")
    (event,) = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    assert str(event["UID"]) == f"application-{app.pk}-thank_you@followline"
    assert client.get(f"/mail/applications/{app.pk}/draft/rejection/").status_code == 404
    client.force_login(people["mate"])
    assert client.get(f"/mail/applications/{app.pk}/next.ics").status_code == 404


def test_a_draft_leaves_from_the_candidates_own_smtp_server_and_is_logged(
    people, client, smtp_factory
):
    from .smtp_servers import RecordingHandler, smtp_server

    site = smtp_factory()  # the site's own server: must not carry the candidate's mail
    app = _application(people["ann"], interviewed_days_ago=0, thanked=False)
    client.force_login(people["ann"])
    with smtp_server(RecordingHandler()) as (own, port):
        saved = client.post(
            "/mail/",
            {
                "smtp": "1",
                "from_email": "ann@own-mail.test",
                "host": "127.0.0.1",
                "port": port,
                "security": "none",
                "username": "",
                "password": "",
            },
        )
        assert saved.status_code == 302
        page = f"/mail/applications/{app.pk}/draft/thank_you/"
        sent = client.post(
            page,
            {"send": "1", "subject": "Thank you", "text": "Thank you for today. My doughs fit."},
        )
        assert sent.status_code == 302
        assert send_due(CFG)["sent"] == 1
    (mail,) = own.received
    assert site.received == []
    assert mail["From"].addresses[0].addr_spec == "ann@own-mail.test"
    assert mail["To"].addresses[0].addr_spec == "hr@acme.example"
    assert mail.get_body(("plain",)).get_content().strip() == (
        "Thank you for today. My doughs fit."
    )
    app.refresh_from_db()
    assert app.contacts.filter(party="candidate", kind="thank_you").count() == 1
    assert app.next_action == "status_inquiry"  # the thank-you is done: the plan moved on


def test_an_smtp_server_that_does_not_answer_is_not_saved(people, client):
    from followline.web.outbox.models import SmtpAccount

    from .smtp_servers import free_port

    client.force_login(people["ann"])
    response = client.post(
        "/mail/",
        {
            "smtp": "1",
            "from_email": "ann@own-mail.test",
            "host": "127.0.0.1",
            "port": free_port(),
            "security": "none",
            "username": "",
            "password": "",
        },
    )
    assert response.status_code == 200 and "Could not connect" in response.content.decode()
    assert not SmtpAccount.objects.exists()
