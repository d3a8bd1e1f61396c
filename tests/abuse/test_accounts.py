"""Item 5: passwords worth the name, sign-up and reset answers that tell nobody who has an
account, rate limits, and reset mail through the outbox."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from followline.web.applications import reminders
from followline.web.employers import promises
from followline.web.employers.models import Membership, Role
from followline.web.notices.models import Notice
from followline.web.outbox.models import OutboxMessage
from followline.web.outbox.sender import SenderConfig, send_due
from tests.outbox.smtp_servers import RecordingHandler, smtp_server
from tests.web.conftest import PASSWORD, add_application, add_candidate

pytestmark = pytest.mark.django_db


def _signup(client, username: str, email: str, password: str = PASSWORD):
    return client.post(
        reverse("signup"),
        {"username": username, "email": email, "password1": password, "password2": password},
    )


@pytest.mark.parametrize("password", ["a", "1", "12345678901", "password123", "newbie1234"])
def test_weak_passwords_are_refused(client, password):
    r = _signup(client, "newbie", "newbie@example.org", password)
    assert r.status_code == 200 and "errorlist" in r.text
    assert not get_user_model().objects.filter(username="newbie").exists()


def test_signup_with_a_taken_address_answers_the_same_and_tells_its_owner(client, owner):
    fresh = _signup(client, "fresh", "fresh@example.org")
    client.post(reverse("logout"))
    taken = _signup(client, "squatter", owner.email.upper())
    assert fresh.status_code == taken.status_code == 302
    assert fresh["Location"] == taken["Location"]
    squatter = get_user_model().objects.get(username="squatter")
    assert squatter.email == ""  # the address stays its owner's
    notice = OutboxMessage.objects.get(purpose="signup_taken")
    assert notice.to == [owner.email] and "squatter" in notice.text


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, owner):
    known = client.post(reverse("password_reset"), {"email": owner.email})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_password_reset_mail_goes_through_the_outbox(client, owner, mailoutbox):
    client.post(reverse("password_reset"), {"email": owner.email})
    row = OutboxMessage.objects.get(purpose="password_reset")
    assert row.to == [owner.email] and "/accounts/reset/" in row.text
    assert row.state == "sent"  # the send_soon task ran (immediately, in tests)
    assert len(mailoutbox) == 1


def test_password_reset_is_rate_limited_per_address_without_saying_so(client, owner):
    answers = [client.post(reverse("password_reset"), {"email": owner.email}) for _ in range(6)]
    assert all(r.status_code == 302 for r in answers)
    assert OutboxMessage.objects.filter(purpose="password_reset").count() == 3


def test_signup_is_rate_limited_per_client_address(client):
    answers = [_signup(client, f"user{i}", "x") for i in range(12)]  # invalid: nobody made
    assert [r.status_code for r in answers].count(429) == 2
    assert "Too many sign-ups" in answers[-1].text


def test_mail_server_checks_are_rate_limited_per_user(client, owner, settings):
    settings.FOLLOWLINE_MAIL_ALLOW_LOCAL = False
    client.force_login(owner)
    form = {
        "smtp": "1",
        "from_email": "ann@own-mail.test",
        "host": "192.0.2.1",
        "port": 5432,  # refused before any connection: cheap
        "security": "none",
        "username": "",
        "password": "",
    }
    pages = [client.post("/mail/", form).content.decode() for _ in range(22)]
    assert sum("Too many mail server checks" in p for p in pages) == 2


def test_only_a_confirmed_address_can_be_added_to_a_team(client, owner, team):
    """Someone who signs up first with newhire@company.example does not join the company's
    team when the owner adds that address: the address must be confirmed from its mailbox."""
    _signup(client, "squatter", "newhire@company.example")
    client.post(reverse("logout"))
    mail = OutboxMessage.objects.get(purpose="confirm_email")
    assert mail.to == ["newhire@company.example"]
    link = re.search(r"https?://\S+/accounts/confirm/\S+/", mail.text).group(0)
    client.force_login(owner)
    members = reverse("employers:members", args=[team.slug])
    page = client.post(members, {"email": "newhire@company.example"}).text
    assert "confirmed it" in page
    assert not team.memberships.filter(user__username="squatter").exists()
    client.logout()
    path = "/" + link.split("/", 3)[3]
    assert client.get(path[:-2] + "x/").status_code == 400  # a forged token
    assert client.get(path).status_code == 200  # opened from the mailbox
    client.force_login(owner)
    assert client.post(members, {"email": "newhire@company.example"}).status_code == 302
    assert team.memberships.filter(user__username="squatter").exists()


# Only confirmed addresses receive the worker's mail (reminders, digests), through the real
# outbox to a real SMTP server on loopback.

CFG = SenderConfig(worker="abuse-test")


@pytest.fixture
def smtp(settings):
    settings.FOLLOWLINE_MAIL_ALLOW_LOCAL = True
    with smtp_server(RecordingHandler()) as (handler, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER = False, ""
        yield handler


def _link_in(mail: OutboxMessage) -> str:
    link = re.search(r"https?://\S+(/accounts/confirm/\S+/)", mail.text)
    assert link, mail.text
    return link.group(1)


def _sent_to(smtp) -> list[list[str]]:
    send_due(CFG)
    return [sorted(e) for e in smtp.envelopes]


def test_reminders_go_only_to_a_confirmed_address_and_wait_for_it(client, smtp):
    """A new sign-up's due reminders are not mailed until the address is confirmed; then the
    next run mails them (nothing was used up meanwhile)."""
    _signup(client, "ann", "ann@candidate.test")
    ann = get_user_model().objects.get(username="ann")
    add_application(ann, "Acme", 8, timezone.now())  # a status inquiry is due
    link = _link_in(OutboxMessage.objects.get(purpose="confirm_email"))
    assert reminders.run() == {"queued": 0, "unconfirmed_told": 1}
    assert _sent_to(smtp) == [["ann@candidate.test"]]  # the confirmation link only
    # told in the app why, once (the next run tells nobody again)
    (notice,) = Notice.objects.filter(user=ann)
    assert "confirm ann@candidate.test on your account page" in notice.text
    assert notice.url == reverse("account") and notice.problem
    assert reminders.run() == {"queued": 0, "unconfirmed_told": 0}
    assert client.get(link).status_code == 200
    assert reminders.run()["queued"] == 1
    assert _sent_to(smtp)[1:] == [["ann@candidate.test"]]
    assert "follow-up" in smtp.received[-1]["Subject"]


def test_a_team_digest_goes_only_to_its_confirmed_members(owner, team, opening, smtp):
    """The owner (confirmed) gets the "you owe an update" digest; a member who signed up
    with an address never confirmed does not, though they still see the notice in the app."""
    newbie = get_user_model().objects.create_user("newbie", "newbie@lakeside.example", PASSWORD)
    Membership.objects.create(team=team, user=newbie, role=Role.MEMBER)
    add_candidate(opening, "Bo Lin", 10, timezone.now())
    assert promises.run()["digests"] == 1
    (digest,) = _sent_to(smtp)
    assert "newbie@lakeside.example" not in digest
    assert owner.email in digest
    assert Notice.objects.filter(user=newbie, kind="digest").exists()


def test_changing_the_address_makes_it_unconfirmed_again(make_user, client, smtp):
    ann = make_user("ann")  # confirmed
    add_application(ann, "Acme", 8, timezone.now())
    ann.email = "ann@elsewhere.example"
    ann.save()
    assert reminders.run()["queued"] == 0
    client.force_login(ann)
    page = client.get(reverse("account")).text
    assert "ann@elsewhere.example is not confirmed" in page
    client.post(reverse("resend_confirmation"))
    assert _sent_to(smtp) == [["ann@elsewhere.example"]]
    confirmation = OutboxMessage.objects.get(purpose="confirm_email")
    assert client.get(_link_in(confirmation)).status_code == 200
    assert reminders.run()["queued"] == 1
    assert _sent_to(smtp)[1:] == [["ann@elsewhere.example"]]


def test_the_account_page_says_when_the_address_is_not_confirmed(client, make_user):
    client.force_login(make_user("confirmed"))
    page = client.get(reverse("account")).text
    assert "is not confirmed" not in page and "Your address is confirmed" in page
    _signup(Client(), "fresh", "fresh@example.org")
    client.force_login(get_user_model().objects.get(username="fresh"))
    page = client.get(reverse("account")).text
    assert "fresh@example.org is not confirmed" in page
    assert "We send no reminders or digests until you confirm it" in page
    assert "Send the confirmation link again" in page


def test_send_the_confirmation_link_again_is_a_rate_limited_csrf_protected_post(client):
    _signup(client, "fresh", "fresh@example.org")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(get_user_model().objects.get(username="fresh"))
    assert strict.post(reverse("resend_confirmation")).status_code == 403  # no CSRF token
    assert client.get(reverse("resend_confirmation")).status_code == 405
    answers = [client.post(reverse("resend_confirmation"), follow=True) for _ in range(4)]
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    assert "We sent a new confirmation link to fresh@example.org" in answers[0].text
    assert "Too many confirmation links" in answers[-1].text
    mails = OutboxMessage.objects.filter(purpose="confirm_email").order_by("pk")
    assert mails.count() == 1 + 3  # the sign-up's and three more, all through the outbox
    assert all(m.to == ["fresh@example.org"] for m in mails)
    assert client.get(_link_in(mails.last())).status_code == 200  # the new link works
    again = client.post(reverse("resend_confirmation"), follow=True).text
    assert "needs no confirmation link" in again
