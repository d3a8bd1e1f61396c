"""Security: CSRF on forms, secure headers and CSP, argon2, log-in rate limiting, escaping."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_post_without_csrf_token_is_refused(owner, application):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    r = client.post(reverse("candidates:add_contact", args=[application.pk]), {})
    assert r.status_code == 403


def test_every_form_carries_a_csrf_token(client, owner, application):
    client.force_login(owner)
    page = client.get(application.get_absolute_url()).text
    assert page.count("<form") == page.count('name="csrfmiddlewaretoken"')
    assert "X-CSRFToken" in page  # htmx requests send it as a header


def test_headers(client):
    r = client.get("/")
    csp = r["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"
    assert "camera=()" in r["Permissions-Policy"]


def test_no_inline_script_or_style_in_pages(client, owner, application, candidate):
    client.force_login(owner)
    for url in (
        application.get_absolute_url(),
        candidate.get_absolute_url(),
        reverse("employers:team", args=["lakeside"]),
    ):
        page = client.get(url).text
        assert "<script>" not in page and 'style="' not in page and "<style" not in page


def test_passwords_are_hashed_with_argon2(owner):
    assert owner.password.startswith("argon2")


def test_login_attempts_are_rate_limited(client, owner, settings):
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        r = client.post(url, {"username": "owner", "password": "wrong"})
        assert r.status_code == 200  # the form again, with an error
    assert client.post(url, {"username": "owner", "password": "wrong"}).status_code == 429
    r = client.post(url, {"username": "owner", "password": PASSWORD})  # even the right one
    assert r.status_code == 429 and "Too many log-in attempts" in r.text


def test_login_works_with_the_right_password(client, owner):
    r = client.post(reverse("login"), {"username": "owner", "password": PASSWORD})
    assert r.status_code == 302


def test_signup_then_home(client):
    r = client.post(
        reverse("signup"),
        {
            "username": "newbie",
            "email": "New@Example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert r.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_password_reset_sends_a_link(client, owner, mailoutbox):
    r = client.post(reverse("password_reset"), {"email": owner.email})
    assert r.status_code == 302
    assert len(mailoutbox) == 1 and "/accounts/reset/" in mailoutbox[0].body


def test_logout_needs_post(client, owner):
    client.force_login(owner)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302


def test_a_user_saved_in_the_database_is_not_read_stale_from_the_cache(client, owner) -> None:
    """The signed-in user comes from the shared cache (accounts/backends.py); saving the user
    drops the entry, so a new password or a deactivation logs the old session out at once."""
    client.force_login(owner)
    home = reverse("candidates:overview")
    assert client.get(home).status_code == 200
    assert client.get(home).status_code == 200  # now from the cache
    owner.set_password("another long passphrase 42")
    owner.save()
    assert client.get(home).status_code == 302  # the session's hash is the old password's
    client.force_login(owner)
    assert client.get(home).status_code == 200
    owner.is_active = False
    owner.save()
    assert client.get(home).status_code == 302
