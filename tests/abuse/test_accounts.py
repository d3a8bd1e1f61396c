"""Item 5: passwords worth the name, sign-up and reset answers that tell nobody who has an
account, rate limits, and reset mail through the outbox."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from followline.web.outbox.models import OutboxMessage
from tests.web.conftest import PASSWORD

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
    import re

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
