"""Item 1: a user's template cannot hurt the site, the worker or anyone else's mail."""

from __future__ import annotations

import threading
import time

import pytest

from followline.compose import DraftTemplateError, example_context, render_draft, validate_source
from followline.compose.sandbox import Budget, TemplateBudgetError, render
from followline.web.outbox.models import OutboxMessage, TemplateOverride
from followline.web.outbox.templates_store import DatabaseTemplateStore

from .site import Site

BIG_POWER = "{{ (9**(2*9**7)) % 7 }}"

# each of these ran for seconds to hours, or asked for gigabytes, in the plain sandbox
SPENDERS = {
    "big power": BIG_POWER,
    "string repeat": "{{ 'x' * 1000000000 }}",
    "list repeat": "{{ ([1] * 100000) * 100000 }}",
    "nested loops": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "doubling": "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "center filter": "{{ 'x'|center(1000000000) }}",
    "center method": "{{ 'x'.center(1000000000) }}",
    "format filter": "{{ '%0999999999d'|format(1) }}",
    "format method": "{{ '{:>999999999}'.format(1) }}",
    "nested format": "{{ '{:>{w}}'.format(1, w=999999999) }}",
    "percent star": "{{ '%*d' % (999999999, 1) }}",
    "replace square": "{% set s = 'a' * 100000 %}{{ s|replace('a', s) }}",
    "macro buffer": "{% set s = 'x' * 900000 %}{% macro m() %}{% for i in range(100000) %}{{ s }}{% endfor %}{% endmacro %}{% set y = m() %}",
    "output flood": "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
    "macro fan-out": "{% macro m(n) %}{% if n %}{{ m(n-1) }}{{ m(n-1) }}{% endif %}{% endmacro %}{{ m(40) }}",
    "lipsum": "{{ lipsum(100000, max=100000) }}",
    "sum of lists": "{{ [[1]] * 100000 | sum(start=[]) }}",
    "batch fill": "{{ [1]|batch(1000000000, 'x')|list }}",
    "nested list": "{% set s = 'x' * 100000 %}{% set a = [[[[s]]]] %}{{ (a * 1000) * 1000 }}",
    "expandtabs": "{{ ('\t' * 1000).expandtabs(10000) }}",
    "indent": "{{ ('\n' * 100000)|indent(10000) }}",
    "markup method": "{% macro m() %}x{% endmacro %}{{ m().center(1000000000) }}",
    "recursion": "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}",
}


@pytest.mark.parametrize("source", SPENDERS.values(), ids=SPENDERS.keys())
@pytest.mark.parametrize("html", [False, True], ids=["text", "html"])
def test_a_spending_template_is_refused_within_its_budget(source, html):
    started = time.monotonic()
    with pytest.raises(DraftTemplateError):
        validate_source(source, "thank_you", "html" if html else "text")
    assert time.monotonic() - started < 8  # several data shapes, each at most 1 s


def test_the_budget_names_the_limit():
    with pytest.raises(TemplateBudgetError, match="too large a number"):
        render(BIG_POWER, {})
    with pytest.raises(TemplateBudgetError, match=r"longer than 0\.2 s"):
        render(SPENDERS["nested loops"], {}, budget=Budget(seconds=0.2))


def test_ordinary_templates_still_render():
    out = render(
        "{{ 2 ** 10 }} {{ '%5.2f'|format(3.14159) }} {{ '{:>4}'.format('a') }} "
        "{% for x in items %}{{ loop.index }}.{{ x|upper }}{% endfor %} {{ [1, 2] + [3] }}",
        {"items": ["a", "b"]},
    )
    assert out == "1024  3.14    a 1.A2.B [1, 2, 3]"


@pytest.mark.parametrize(
    "tag",
    ["{% include 'x' %}", "{% import 'x' as y %}", "{% extends 'x' %}", "{% from 'x' import y %}"],
)
@pytest.mark.django_db
def test_include_import_and_extends_are_a_form_error_not_a_500(client, owner, tag):
    client.force_login(owner)
    resp = client.post(
        "/mail/templates/?kind=thank_you", {"subject": "Hi", "text": tag, "html": "<p>x</p>"}
    )
    assert resp.status_code == 200
    assert "not allowed" in resp.content.decode()
    assert not TemplateOverride.objects.filter(part="text").exists()


@pytest.mark.django_db
def test_a_template_is_checked_against_real_data_shapes_not_only_the_example(client, owner):
    client.force_login(owner)
    trap = "{% if items[0].company != 'Acme Bakery' %}{{ boom }}{% endif %}Hello"
    resp = client.post(
        "/mail/templates/?kind=candidate_reminder",
        {"subject": "Due", "text": trap, "html": "<p>x</p>"},
    )
    assert resp.status_code == 200 and "boom" in resp.content.decode()
    assert not TemplateOverride.objects.filter(kind="candidate_reminder", part="text").exists()


@pytest.mark.django_db
def test_a_template_that_grows_slow_with_more_items_is_refused_at_save(client, owner):
    client.force_login(owner)
    slow = "{% for x in items %}{% for i in range(100000) %}{% for j in range(items|length) %}{% endfor %}{% endfor %}{% endfor %}"
    resp = client.post(
        "/mail/templates/?kind=candidate_reminder",
        {"subject": "Due", "text": slow, "html": "<p>x</p>"},
    )
    assert resp.status_code == 200 and "longer than" in resp.content.decode()


def _reminder_plans(users):
    from dataclasses import replace

    from tests.outbox.test_keeper_and_reminders import INTERVIEW, _candidate_plan, _thanked

    plans = [
        replace(_candidate_plan(n, _thanked(), user=user.pk), email=user.email)
        for n, user in enumerate(users, start=1)
    ]
    return plans, INTERVIEW


@pytest.mark.django_db
def test_a_failing_template_falls_back_and_everyone_else_still_gets_reminders(client, make_user):
    from datetime import timedelta

    from followline.web.outbox.reminders import send_reminders

    users = [make_user(n) for n in ("ann", "bob", "cy")]
    # saved before the check knew real data shapes: fails on every real reminder
    trap = "{% if items[0].company != 'Acme Bakery' %}{{ boom }}{% endif %}Mine"
    TemplateOverride.objects.create(
        scope="user", owner_id=users[0].pk, kind="candidate_reminder", part="text", source=trap
    )
    TemplateOverride.objects.create(
        scope="user",
        owner_id=users[1].pk,
        kind="candidate_reminder",
        part="html",
        source=SPENDERS["nested loops"],
    )
    plans, interview = _reminder_plans(users)
    queued = send_reminders(plans, interview + timedelta(days=11))
    assert queued == 3
    mails = {m.to[0]: m for m in OutboxMessage.objects.all()}
    assert set(mails) == {u.email for u in users}
    assert "boom" not in mails[users[0].email].text and mails[users[0].email].text.strip()
    failed = TemplateOverride.objects.get(owner_id=users[0].pk)
    assert "boom" in failed.error and failed.failed_at is not None
    assert "longer than" in TemplateOverride.objects.get(owner_id=users[1].pk).error
    client.force_login(users[0])
    page = client.get("/mail/templates/?kind=candidate_reminder").content.decode()
    assert "boom" in page and "built-in" in page
    # saving a fixed version clears the record
    client.post(
        "/mail/templates/?kind=candidate_reminder",
        {"subject": "Due", "text": "Mine", "html": "<p>x</p>"},
    )
    assert TemplateOverride.objects.get(owner_id=users[0].pk, part="text").error == ""


@pytest.mark.django_db
def test_a_team_template_that_fails_falls_back_for_the_digest(team):
    TemplateOverride.objects.create(
        scope="team",
        owner_id=team.pk,
        kind="promise_digest",
        part="subject",
        source="{{ items[5].role }}",
    )
    ctx = example_context("promise_digest")
    draft = render_draft("promise_digest", ctx, store=DatabaseTemplateStore(), team_id=team.pk)
    assert draft.subject  # the built-in subject
    assert TemplateOverride.objects.get().error


def test_the_site_keeps_answering_while_a_user_saves_a_costly_template(site_dir):
    with Site(site_dir) as site:
        site.create_user("ann")
        ann = site.logged_in("ann")
        ann.get("/mail/templates/?kind=thank_you")
        saved: dict[str, object] = {}

        def save() -> None:
            started = time.monotonic()
            saved["answer"] = ann.post(
                "/mail/templates/?kind=thank_you",
                {"subject": "Hi", "text": BIG_POWER, "html": "<p>x</p>"},
            )
            saved["seconds"] = time.monotonic() - started

        saver = threading.Thread(target=save)
        saver.start()
        time.sleep(0.05)
        slowest = 0.0
        while saver.is_alive():
            started = time.monotonic()
            status, _ = site.client().get("/accounts/login/", timeout=30)
            slowest = max(slowest, time.monotonic() - started)
            assert status == 200
        saver.join()
        status, page = saved["answer"]
        assert status == 200 and "too large a number" in page
        assert saved["seconds"] < 3, saved
        assert slowest < 1.5, slowest


@pytest.mark.django_db
def test_a_nul_character_in_a_template_is_a_form_error(client, owner):
    """Found by the form-driving hypothesis test on PostgreSQL (whose text columns refuse
    NUL): the save answered 500."""
    client.force_login(owner)
    resp = client.post(
        "/mail/templates/?kind=thank_you", {"subject": "Hi\x00", "text": "x", "html": "<p>x</p>"}
    )
    assert resp.status_code == 200 and "NUL" in resp.content.decode()
    assert not TemplateOverride.objects.filter(part="subject").exists()
