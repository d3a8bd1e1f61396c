"""Item 6: extreme dates, lengths and newlines in what users type never break a page or a
mail header."""

from __future__ import annotations

import email
from email.policy import default

import pytest
from django.urls import reverse

from followline.web.applications.models import Contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, owner):
    client.force_login(owner)
    return client


def _contact(at: str) -> dict:
    return {"party": "candidate", "at": at, "channel": "email", "kind": "", "text": "Hello"}


@pytest.mark.parametrize("at", ["9999-12-31T10:00", "0001-01-01T00:00", "1969-07-20T20:17"])
def test_an_absurd_contact_date_is_a_form_error(logged_in, application, at):
    url = reverse("candidates:add_contact", args=[application.pk])
    r = logged_in.post(url, _contact(at))
    assert r.status_code == 400 and "Give a date" in r.text  # the form, with its error
    assert not Contact.objects.filter(application=application, at__year__in=[1, 1969, 9999])
    assert logged_in.get(application.get_absolute_url()).status_code == 200


def test_a_stored_absurd_date_does_not_break_the_application_page(logged_in, application):
    """A row written before the form refused such dates (or by an import): the page still
    answers, so that its delete button can be used."""
    from datetime import UTC, datetime

    bad = Contact.objects.create(
        application=application,
        at=datetime(9999, 12, 31, 10, tzinfo=UTC),
        party="candidate",
        channel="email",
        kind="other",
    )
    page = logged_in.get(application.get_absolute_url())
    assert page.status_code == 200
    assert logged_in.get(reverse("outbox:next_ics", args=[application.pk])).status_code in (
        200,
        404,
    )
    delete = reverse("candidates:delete_contact", args=[application.pk, bad.pk])
    assert logged_in.post(delete).status_code in (200, 302)
    assert not Contact.objects.filter(pk=bad.pk).exists()


def test_next_ics_with_a_newline_in_the_company_name(logged_in, application):
    type(application).objects.filter(pk=application.pk).update(company="Acme\r\nBakery\nInc")
    r = logged_in.get(reverse("outbox:next_ics", args=[application.pk]))
    assert r.status_code == 200
    body = r.content.decode()
    assert "Acme Bakery Inc" in body.replace("\r\n ", "")


def test_a_long_contact_name_never_adds_a_recipient_to_the_eml_draft(logged_in, application):
    type(application).objects.filter(pk=application.pk).update(
        contact_name="Ms Cole, evil@attacker.example, " + "a" * 160,  # the column holds 200
        contact_email="hr@acme.example",
    )
    r = logged_in.get(reverse("outbox:draft_eml", args=[application.pk, "thank_you"]))
    assert r.status_code == 200
    msg = email.message_from_bytes(r.content, policy=default)
    assert [a.addr_spec for a in msg["To"].addresses] == ["hr@acme.example"]


def test_format_address_keeps_one_address_whatever_the_name_length():
    from followline.compose import check_address, format_address

    for n in (10, 200, 399, 400, 401, 5000):
        value = format_address("x, evil@attacker.example, " + "a" * n, "hr@acme.example")
        assert check_address(value).endswith("<hr@acme.example>")
