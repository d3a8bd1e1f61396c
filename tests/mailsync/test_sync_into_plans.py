"""Done-when, as a candidate and an employer would try it: a connected mailbox changes the
plan at once (real Dovecot, the web app's models, the engine's rules)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from followline.web.accounts import confirm
from followline.web.applications import reminders
from followline.web.applications.models import Application
from followline.web.applications.models import Contact as AppContact
from followline.web.applications.models import Milestone as AppMilestone
from followline.web.employers.models import Candidate, CandidateMilestone, Opening, Team
from followline.web.home.reread import reread
from followline.web.mailsync.models import InboundMessage
from followline.web.mailsync.sync import connect_account, run_all, sync_account
from followline.web.notices.models import Notice
from followline.web.outbox.enqueue import enqueue_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann(django_user_model):
    user = django_user_model.objects.create_user("ann", "ann@candidate.test", "pw")
    confirm.mark_confirmed(user)  # reminders go to confirmed addresses only
    return user


def _application(owner, company, contact, *, interviewed_days_ago):
    now = timezone.now()
    app = Application.objects.create(
        owner=owner, company=company, role="Baker", contact_email=contact
    )
    AppMilestone.objects.create(
        application=app, type="interview", at=now - timedelta(days=interviewed_days_ago)
    )
    AppContact.objects.create(
        application=app,
        party="candidate",
        kind="thank_you",
        at=now - timedelta(days=interviewed_days_ago, hours=-2),
        text="Thank you for the interview.",
    )
    Application.objects.get(pk=app.pk).rejudge(now)
    return Application.objects.get(pk=app.pk)


def _connect(user, imap_user, **kw):
    return connect_account(
        user,
        host="127.0.0.1",
        port=imap_user.port,
        use_ssl=False,
        username=imap_user.username,
        password=imap_user.password,
        **kw,
    )


def test_the_employers_reply_cancels_the_planned_status_inquiry(ann, imap_user):
    acme = _application(ann, "Acme", "hr@acme.example", interviewed_days_ago=8)
    other = _application(ann, "Zeta", "jobs@zeta.example", interviewed_days_ago=8)
    assert acme.next_action == "status_inquiry" and acme.next_at <= timezone.now()
    _connect(ann, imap_user)
    imap_user.deliver(
        sender="Mr Cole <cole@acme.example>",
        subject="Update",
        body="We are still deciding and will write next week.",
    )  # by domain
    imap_user.deliver(sender="friend@gmail.com", subject="Lunch?")
    assert run_all() == {"accounts": 1, "stored": 2, "errors": 0}
    acme.refresh_from_db()
    assert acme.next_at > timezone.now()  # the inquiry planned for today is gone
    assert acme.contacts.filter(party="employer").count() == 1
    assert reminders.run()["queued"] == 1  # only Zeta's inquiry is still due today
    outcomes = dict(InboundMessage.objects.values_list("subject", "outcome"))
    assert outcomes == {"Update": f"application:{acme.pk}", "Lunch?": "unmatched"}
    assert other.contacts.filter(party="employer").count() == 0


def test_a_reply_to_our_mail_matches_by_thread_even_from_another_address(ann, imap_user):
    acme = _application(ann, "Acme", "hr@acme.example", interviewed_days_ago=8)
    sent = enqueue_mail("hr@acme.example", "Checking in", "Any news?", ref=f"application:{acme.pk}")
    account = _connect(ann, imap_user)
    imap_user.deliver(
        sender="ceo@acme-holdings.example", subject="Re: Checking in", in_reply_to=sent.message_id
    )
    assert sync_account(account).stored == 1
    assert InboundMessage.objects.get().outcome == f"application:{acme.pk}"


def test_hiring_mailbox_messages_reach_the_right_candidate(ann, imap_user):
    team = Team.objects.create(name="Lakeside", slug="lakeside")
    opening = Opening.objects.create(team=team, title="Baker")
    bo = Candidate.objects.create(opening=opening, name="Bo Lin", email="bo@example.com")
    CandidateMilestone.objects.create(
        candidate=bo, type="interview", at=timezone.now() - timedelta(days=3)
    )
    Candidate.objects.get(pk=bo.pk).rejudge(timezone.now())
    account = _connect(ann, imap_user, side="employer", team_id=team.pk)
    account.opening_id = opening.pk
    account.save()
    imap_user.deliver(
        sender="Bo Lin <BO@example.com>",
        subject="Thank you",
        body="Thank you for the interview on Monday, I enjoyed meeting the team.",
    )
    imap_user.deliver(
        sender="Dee <dee@example.com>",
        subject="Application",
        body="Please find my application for the Baker position attached.",
    )
    assert sync_account(account).stored == 2
    bo = Candidate.objects.for_judging().get(pk=bo.pk)
    (contact,) = bo.contacts.all()
    assert contact.party == "candidate" and contact.kind == "thank_you"
    dee = Candidate.objects.get(email="dee@example.com")
    assert dee.opening == opening and dee.contacts.count() == 1


def test_a_rejection_by_mail_ends_the_plan(ann, imap_user):
    acme = _application(ann, "Acme", "hr@acme.example", interviewed_days_ago=8)
    assert acme.next_action == "status_inquiry"
    _connect(ann, imap_user)
    imap_user.deliver(
        sender="hr@acme.example",
        subject="Your application",
        body="Thank you for your time. We regret to inform you that the role has been filled.",
    )
    assert run_all()["stored"] == 1
    acme.refresh_from_db()
    assert acme.contacts.get(party="employer").kind == "rejection"
    assert acme.next_action == "none"  # no status inquiry is planned after a rejection
    assert reminders.run()["queued"] == 0


def test_a_synced_kind_is_what_reading_the_kept_text_again_gives(ann, imap_user):
    """The inbox reads the employer's message from the text the contact keeps, so that
    ``followline kinds reread`` with the same models changes nothing."""
    acme = _application(ann, "Acme", "hr@acme.example", interviewed_days_ago=8)
    _connect(ann, imap_user)
    imap_user.deliver(
        sender="hr@acme.example",
        subject="Re: Support lead",
        body=(
            "Dear Ann,\n\nThank you for your interest. Unfortunately we have decided to move"
            " forward with other candidates.\n\nKind regards,\nPat Lee\n"
            "Acme Bakery | 312-555-0142 | www.acme.example\n"
        ),
    )
    assert run_all()["stored"] == 1
    assert acme.contacts.get(party="employer").kind == "rejection"
    assert reread(timezone.now(), dry_run=True).changed == 0


def test_the_employers_reply_is_a_notice_with_the_plan_now(ann, imap_user):
    acme = _application(ann, "Acme", "hr@acme.example", interviewed_days_ago=8)
    _connect(ann, imap_user)
    imap_user.deliver(
        sender="hr@acme.example",
        subject="Good news",
        body="We would like to offer you the position of baker, starting next month.",
    )
    run_all()
    acme.refresh_from_db()
    (notice,) = Notice.objects.filter(user=ann)
    assert notice.kind == "reply" and notice.url == f"/applications/{acme.pk}/"
    assert notice.text.startswith("Acme wrote (offer, filed on Baker at Acme). Moved to “Offer”.")
    assert "Next: nothing." in notice.text and acme.stage == "offer"
    run_all()  # read again: nothing new, no second notice
    assert Notice.objects.filter(user=ann).count() == 1


def test_a_mailbox_whose_login_is_refused_tells_its_owner_once(ann, imap_user):
    account = _connect(ann, imap_user)
    account.set_password("not the password")
    account.save()
    assert run_all()["errors"] == 1
    assert run_all()["errors"] == 1  # still failing: still one notice
    (notice,) = Notice.objects.filter(user=ann, kind="mailbox")
    assert notice.problem and notice.url == "/mail/"
    assert f"The mailbox {imap_user.username} at 127.0.0.1 needs reconnecting" in notice.text
    assert "the server refused the login" in notice.text
