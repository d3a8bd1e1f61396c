"""Demo data for ``followline serve --demo``: every screen filled, dates relative to now.

* ``employer`` (owner) and ``teammate`` (member) of *Lakeside Bakery & Café*, with two
  openings and a dozen candidates at different points (new, interviewed, thanked, overdue,
  calling too often, sending the same letter twice, offered, turned down);
* ``candidate``, a job seeker with seven applications at every stage of the board (one
  offered, one archived after a rejection), with job ad links, salaries and a résumé.

Then the worker's own reminder and promise jobs run once, so the notices (a reminder
e-mailed, the team's digest) and the outbox are filled as they are a minute after start.

All three log in with the password printed by :func:`load`. Loading twice changes nothing.

Their addresses count as confirmed (:func:`followline.web.accounts.confirm.mark_confirmed`):
the worker mails only confirmed addresses, and the demo is there to show the reminder and
the digest going out (the addresses are ``.example`` ones nobody could open a link in).
Accounts made any other way (sign-up, ``manage createsuperuser``, tests) start unconfirmed
and get no reminders or digests until the link mailed to them is opened; tests that need a
confirmed person say so (``tests/web/conftest.py``'s ``make_user``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from followline.compose import format_address
from followline.web.accounts import confirm
from followline.web.applications import reminders
from followline.web.applications.models import Application, Stage
from followline.web.applications.models import Contact as AppContact
from followline.web.applications.models import Milestone as AppMilestone
from followline.web.core import zones
from followline.web.employers import promises
from followline.web.employers.models import (
    Candidate,
    CandidateContact,
    CandidateMilestone,
    Membership,
    Opening,
    Role,
    StatusUpdate,
    Team,
)
from followline.web.outbox.enqueue import enqueue_mail

PASSWORD = "followline-demo"
TZ = "America/Chicago"

THANKS = (
    "Thank you for your time on {day}. I enjoyed meeting the team and I think my "
    "years of early-morning baking would fit your kitchen well."
)
INQUIRY = "Hello, I am following up on my application: is there any update on the decision?"


def load() -> list[str]:
    """Create the demo (once); return lines telling how to log in."""
    users = get_user_model().objects
    if not users.filter(username="employer").exists():
        with transaction.atomic():
            _create(timezone.now().replace(minute=0, second=0, microsecond=0))
        reminders.run()  # what the worker does at once: reminders due today, the digest
        promises.run()
    return [
        f"demo accounts (password: {PASSWORD}):",
        "  employer  — owner of Lakeside Bakery & Café (two openings, 12 candidates)",
        "  teammate  — member of the same team",
        "  candidate — a job seeker with seven applications",
    ]


def _user(name: str, email: str):
    user = get_user_model().objects.create_user(name, email, PASSWORD)
    confirm.mark_confirmed(user)  # see the module's docstring
    return user


def _create(now: datetime) -> None:
    employer = _user("employer", "hiring@lakeside.example")
    teammate = _user("teammate", "sam@lakeside.example")
    candidate = _user("candidate", "alex@example.org")
    for user in (employer, teammate, candidate):
        zones.set_account_zone(user, TZ)
    team = Team.objects.create(name="Lakeside Bakery & Café", slug="lakeside")
    Membership.objects.create(team=team, user=employer, role=Role.OWNER)
    Membership.objects.create(team=team, user=teammate, role=Role.MEMBER)
    cook = Opening.objects.create(
        team=team, title="Pastry cook", location="Evanston", promise_days=7, timezone=TZ
    )
    manager = Opening.objects.create(
        team=team,
        title="Shift manager",
        location="Evanston",
        promise_days=10,
        timezone=TZ,
        policy={"preset": "one-and-done"},
    )
    d = _clock(now)
    people: list[tuple[Any, str, int, int | None, int | None, list[tuple]]] = [
        # (opening, name, applied days ago, interview days ago or None, decide, contacts)
        (cook, "Maria Lopez", 20, 12, None, [("c", 12, "email", "thank_you", THANKS)]),
        (
            cook,
            "James Carter",
            18,
            10,
            5,
            [("c", 10, "email", "thank_you", THANKS), ("c", 2, "email", "status_inquiry", INQUIRY)],
        ),
        (cook, "Aisha Khan", 9, 3, 10, [("c", 3, "email", "thank_you", THANKS)]),
        (
            cook,
            "Tom Becker",
            15,
            6,
            None,
            [("call", 1, 9), ("call", 1, 8), ("call", 1, 6), ("call", 1, 5)],
        ),
        (
            cook,
            "Lena Fischer",
            16,
            8,
            None,
            [("c", 7, "email", "thank_you", THANKS), ("c", 6, "letter", "thank_you", THANKS)],
        ),
        (cook, "Ravi Patel", 4, None, None, []),
        (cook, "Chloe Martin", 25, 14, 7, [("e", 8, "offer", "We would love to have you.")]),
        (
            manager,
            "Daniel Kim",
            30,
            20,
            10,
            [("e", 8, "rejection", "We chose another candidate. Thank you for your time.")],
        ),
        (manager, "Sofia Rossi", 22, 15, None, [("c", 15, "email", "thank_you", THANKS)]),
        (
            manager,
            "Omar Haddad",
            12,
            4,
            10,
            [("c", 4, "email", "thank_you", THANKS), ("c", 2, "email", "status_inquiry", INQUIRY)],
        ),
        (
            manager,
            "Emma Wilson",
            19,
            10,
            7,
            [("e", 4, "update", "Still deciding: one more week, thank you for your patience.")],
        ),
        (manager, "Noah Brown", 2, None, None, []),
    ]
    for opening, name, applied, interview, decide, contacts in people:
        slug = name.lower().replace(" ", ".")
        cand = Candidate.objects.create(
            opening=opening,
            name=name,
            email=f"{slug}@example.org",
            phone=f"+1 312 555 01{len(slug):02d}",
        )
        CandidateMilestone.objects.create(candidate=cand, type="applied", at=d(applied))
        if interview is not None:
            CandidateMilestone.objects.create(
                candidate=cand, type="interview", at=d(interview, 7), decision_within_days=decide
            )
        for c in contacts:
            _employer_side_contact(cand, c, d)
        cand.rejudge(now)
    noah = Candidate.objects.get(name="Noah Brown")
    noah.archived_at = d(0, 5)  # he took another job: off the list, owed nothing
    noah.save(update_fields=["archived_at"])
    noah.rejudge(now)
    emma = Candidate.objects.get(name="Emma Wilson")
    update = StatusUpdate.objects.create(
        candidate=emma,
        subject="An update on your application",
        body="Still deciding: one more week.",
        created_by=employer,
    )
    update.outbox_message = enqueue_mail(
        format_address(emma.name, emma.email),
        update.subject,
        update.body,
        dedupe_key=f"status-update:{update.pk}",
        purpose="status_update",
        ref=f"candidate:{emma.pk}",
    )
    update.save(update_fields=["outbox_message"])
    _applications(candidate, now, d)


def _clock(now: datetime):
    """``d(days, hours)``: ``days`` before the last 17:00 in Chicago, less ``hours``, on the
    wall clock: so applications arrive at 17:00, interviews are at 10:00 (``d(n, 7)``), and
    thank-yous and updates in the afternoon; every plan's time falls in working hours."""
    local = now.astimezone(ZoneInfo(TZ))
    close = local.replace(hour=17, minute=0, second=0, microsecond=0)
    if close > local:
        close -= timedelta(days=1)

    def d(days: float, hours: float = 0) -> datetime:
        return close - timedelta(days=days, hours=hours)  # aware arithmetic: the wall clock

    return d


def _employer_side_contact(cand: Candidate, c: tuple, d) -> None:
    if c[0] == "call":
        CandidateContact.objects.create(
            candidate=cand, party="candidate", channel="phone", at=d(c[1], c[2]), voicemail=False
        )
    elif c[0] == "c":
        CandidateContact.objects.create(
            candidate=cand,
            party="candidate",
            channel=c[2],
            kind=c[3],
            at=d(c[1], 2),
            text=c[4].format(day="Tuesday"),
            subject="Thank you" if c[3] == "thank_you" else "Following up",
        )
    else:
        CandidateContact.objects.create(
            candidate=cand,
            party="employer",
            channel="email",
            kind=c[2],
            at=d(c[1], 3),
            text=c[3],
            decision_within_days=7 if c[2] == "update" else None,
        )


def _applications(user, now: datetime, d) -> None:
    apps = [
        # (company, role, applied, interview, decide, the candidate's contacts, salary)
        ("Northwind Traders", "Operations analyst", 10, 1, 10, [], "$62,000–70,000"),
        ("Contoso Ltd", "Data analyst", 14, 8, None, [("thank_you", 8)], "$75k"),
        ("Fabrikam", "Product analyst", 9, 3, 10, [("thank_you", 3)], ""),
        (
            "Tailspin Toys",
            "Business analyst",
            20,
            12,
            None,
            [("thank_you", 12), ("status_inquiry", 5), ("other", 2)],
            "not said",
        ),
        ("Wide World Importers", "Supply chain analyst", 3, None, None, [], "$58,000"),
        ("Litware", "Reporting analyst", 30, 21, 7, [("thank_you", 21)], "$68,000 + bonus"),
        ("Adventure Works", "Data engineer", 40, 33, 5, [("thank_you", 33)], ""),
    ]
    # what the employer said: Litware made an offer, Adventure Works said no (then archived)
    answers = {"Litware": ("offer", 6), "Adventure Works": ("rejection", 26)}
    for company, role, applied, interview, decide, contacts, salary in apps:
        slug = company.split()[0].lower()
        app = Application.objects.create(
            owner=user,
            company=company,
            role=role,
            timezone=TZ,
            contact_name="Hiring manager",
            contact_email=f"jobs@{slug}.example",
            job_url=f"https://careers.{slug}.example/jobs/{role.lower().replace(' ', '-')}",
            salary=salary,
            stage=Stage.INTERVIEWING if interview is not None else Stage.APPLIED,
        )
        AppMilestone.objects.create(application=app, type="applied", at=d(applied))
        if interview is not None:
            AppMilestone.objects.create(
                application=app, type="interview", at=d(interview, 7), decision_within_days=decide
            )
        for kind, days in contacts:
            text = THANKS.format(day="Monday") if kind == "thank_you" else INQUIRY
            AppContact.objects.create(
                application=app,
                party="candidate",
                channel="email",
                kind=kind,
                at=d(days, 2),
                text=text,
            )
        if company in answers:
            kind, days = answers[company]
            AppContact.objects.create(
                application=app,
                party="employer",
                channel="email",
                kind=kind,
                at=d(days, 3),
                text="We are happy to offer you the position."
                if kind == "offer"
                else "We chose another candidate. Thank you for your time.",
            )
            app.stage = Stage.OFFER if kind == "offer" else Stage.CLOSED
            app.save(update_fields=["stage"])
        if company == "Contoso Ltd":
            resume = "Alex Doe\nData analyst: SQL, Python, dashboards.\n"
            app.resume.save("resume.txt", ContentFile(resume.encode()), save=False)
            app.resume_name = "alex-doe-resume-2026.txt"
            app.save(update_fields=["resume", "resume_name"])
        if company == "Adventure Works":
            app.archived_at = d(25)  # archived the day after their answer
            app.save(update_fields=["archived_at"])
        app = Application.objects.prefetch_related("milestones", "contacts").get(pk=app.pk)
        app.rejudge(now)
