"""Item 6: every form, driven with hypothesis (extreme dates, numbers, lengths, newlines,
Unicode, missing and unknown fields), answers without a server error."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followline.web.applications.models import Application

pytestmark = pytest.mark.django_db

VALUES = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=3000),
    st.sampled_from(
        [
            "",
            " ",
            "\r\n",
            "a\r\nBcc: evil@example.org",
            "9999-12-31T23:59",
            "0001-01-01T00:00",
            "1969-12-31T23:59",
            "2026-02-30T10:00",
            "2026-11-02 10:00",
            "2026-11-02",
            "99999999999999999999999",
            "-1",
            "0",
            "1e308",
            "NaN",
            "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
            "\x00",
            "{{ 7 * 7 }}",
            "<script>alert(1)</script>",
            "x" * 20_000,
            "a@b",
            "ann@example.com",
            "Europe/Berlin",
            "Mars/Olympus_Mons",
            "two-email",
            "email",
            "phone",
            "candidate",
            "employer",
            "thank_you",
            "yes",
            "on",
        ]
    ),
)


def form(fields: list[str]):
    return st.fixed_dictionaries({}, optional={name: VALUES for name in fields})


CANDIDATE_FORMS = {
    "/applications/new/": [
        "company",
        "role",
        "contact_name",
        "contact_email",
        "address",
        "phone",
        "policy",
        "timezone",
    ],
    "/applications/{app}/edit/": [
        "company",
        "role",
        "contact_name",
        "contact_email",
        "address",
        "phone",
        "policy",
        "timezone",
    ],
    "/applications/{app}/milestones/": [
        "type",
        "at",
        "decision_within_days",
        "rounds",
        "start_date",
        "note",
    ],
    "/applications/{app}/contacts/": [
        "party",
        "at",
        "channel",
        "kind",
        "voicemail",
        "decision_within_days",
        "subject",
        "text",
    ],
    "/applications/{app}/what-if/": [
        "party",
        "at",
        "channel",
        "kind",
        "voicemail",
        "decision_within_days",
        "subject",
        "text",
    ],
    "/mail/templates/?kind=thank_you": ["subject", "text", "html"],
}

EMPLOYER_FORMS = {
    "/teams/": ["name"],
    "/teams/{team}/members/": ["email"],
    "/teams/{team}/openings/new/": [
        "title",
        "location",
        "promise_days",
        "timezone",
        "preset",
        "customise",
        "budget",
        "thank_you_within_days",
        "status_wait_days",
        "call_burst_count",
    ],
    "/teams/{team}/openings/{opening}/edit/": [
        "title",
        "location",
        "promise_days",
        "timezone",
        "preset",
        "customise",
        "budget",
    ],
    "/teams/{team}/openings/{opening}/candidates/new/": ["name", "email", "phone"],
    "/teams/{team}/updates/": ["candidates", "subject", "body", "decision_within_days"],
    "/teams/{team}/candidates/{candidate}/milestones/": [
        "type",
        "at",
        "decision_within_days",
        "rounds",
        "start_date",
        "note",
    ],
    "/teams/{team}/candidates/{candidate}/contacts/": [
        "party",
        "at",
        "channel",
        "kind",
        "voicemail",
        "decision_within_days",
        "subject",
        "text",
    ],
    "/mail/team/{team}/templates/?kind=promise_digest": ["subject", "text", "html"],
}

ANONYMOUS_FORMS = {
    "/accounts/signup/": ["username", "email", "password1", "password2"],
    "/accounts/password-reset/": ["email"],
}

SETTINGS = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _post(client: Client, url: str, data: dict) -> None:
    response = client.post(url, data)
    assert response.status_code < 500, (url, data)
    page = client.get(url.split("?")[0] if "/what-if/" not in url else "/applications/")
    assert page.status_code < 500, (url, data)


@pytest.mark.parametrize("url", CANDIDATE_FORMS)
def test_candidate_forms_never_answer_500(client, owner, url):
    client.force_login(owner)
    app = Application.objects.create(owner=owner, company="Acme", role="Cook", timezone="UTC")
    target = url.format(app=app.pk)

    @SETTINGS
    @given(data=form(CANDIDATE_FORMS[url]))
    def drive(data):
        _post(client, target, data)
        assert client.get(f"/applications/{app.pk}/").status_code < 500

    drive()


@pytest.mark.parametrize("url", EMPLOYER_FORMS)
def test_employer_forms_never_answer_500(client, owner, team, opening, candidate, url):
    client.force_login(owner)
    target = url.format(team=team.slug, opening=opening.pk, candidate=candidate.pk)

    @SETTINGS
    @given(data=form(EMPLOYER_FORMS[url]))
    def drive(data):
        _post(client, target, data)
        assert client.get(f"/teams/{team.slug}/candidates/{candidate.pk}/").status_code < 500

    drive()


@pytest.mark.parametrize("url", ANONYMOUS_FORMS)
def test_anonymous_forms_never_answer_500(client, url):
    @SETTINGS
    @given(data=form(ANONYMOUS_FORMS[url]))
    def drive(data):
        assert client.post(url, data).status_code < 500, data

    drive()
