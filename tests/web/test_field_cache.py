"""The logging forms remembered per process: one empty form per class, zone and initial
values (``ZonedForm.empty``), and its fields' HTML (``core.jinja.field``): an empty form
renders from the cache exactly what ``core/_field.html`` renders for it, a form bound to
data (with its errors) is never served from it, and whatever shapes the HTML is in the key."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.template import engines
from django.urls import reverse
from django.utils import timezone

from followline.web.applications import views
from followline.web.core import jinja
from followline.web.core.forms import ContactForm, MilestoneForm

from .conftest import add_application


@pytest.fixture
def env():
    jinja._fields.clear()
    yield engines["jinja2"].env
    jinja._fields.clear()


def _plain(env, f) -> str:
    return env.get_template(jinja.FIELD_TEMPLATE).render(f=f)


@pytest.mark.parametrize("form_class", [MilestoneForm, ContactForm])
def test_an_empty_form_renders_from_the_cache_what_the_template_renders(env, form_class):
    def fresh():
        return form_class(tz="Europe/Berlin", initial={"at": "2026-12-03T10:15"})

    first = [jinja.field(env, f) for f in fresh()]
    assert len(jinja._fields) == len(first)
    again = [jinja.field(env, f) for f in fresh()]  # from the cache now
    assert len(jinja._fields) == len(first)
    assert again == first == [_plain(env, f) for f in fresh()]
    assert 'value="2026-12-03T10:15"' in "".join(first)


def test_whatever_shapes_the_html_is_in_the_key(env):
    ten = jinja.field(env, ContactForm(initial={"at": "2026-12-03T10:15"})["at"])
    eleven = jinja.field(env, ContactForm(initial={"at": "2026-12-03T11:15"})["at"])
    assert 'value="2026-12-03T10:15"' in ten and 'value="2026-12-03T11:15"' in eleven
    other_ids = jinja.field(env, ContactForm(auto_id="x_%s", initial={"at": "1"})["at"])
    assert 'id="x_at"' in other_ids
    milestone = jinja.field(env, MilestoneForm(initial={"at": "2026-12-03T10:15"})["at"])
    assert 'id="id_milestone_at"' in milestone and milestone != ten


def test_a_bound_form_is_rendered_each_time_with_its_errors(env):
    bound = ContactForm({"party": "candidate", "at": "not a time", "channel": "email"})
    assert not bound.is_valid()
    html = jinja.field(env, bound["at"])
    assert "errorlist" in html and html == _plain(env, bound["at"])
    assert jinja._fields == {}
    empty = jinja.field(env, ContactForm(initial={"at": "not a time"})["at"])
    assert "errorlist" not in empty


def test_a_form_that_does_not_say_so_is_not_remembered(env):
    class Other(forms.Form):
        name = forms.CharField()

    assert jinja.field(env, Other()["name"]) == _plain(env, Other()["name"])
    assert jinja._fields == {}


@pytest.mark.django_db
def test_the_application_page_is_the_same_from_the_cache(client, owner, env, monkeypatch):
    monkeypatch.setattr(views, "now_local_input", lambda tz: "2026-12-03T10:15")  # one minute
    app = add_application(owner, "Acme", 5, timezone.now(), contacts=2)
    client.force_login(owner)
    url = reverse("candidates:detail", args=[app.pk])

    def page() -> str:
        html = client.get(url).content.decode()
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)  # masked anew for each page

    cold = page()
    assert jinja._fields  # the logging forms' fields were kept
    warm = page()
    assert warm == cold and 'id="id_milestone_at"' in warm and 'id="id_at"' in warm


def test_a_page_shares_one_empty_form_per_class_zone_and_initial_values():
    at = {"at": "2026-12-03T10:15"}
    shared = ContactForm.empty("Europe/Berlin", at)
    assert ContactForm.empty("Europe/Berlin", dict(at)) is shared and not shared.is_bound
    assert ContactForm.empty("Europe/Berlin", {"at": "2026-12-03T10:16"}) is not shared
    assert ContactForm.empty("Asia/Tokyo", at) is not shared
    assert MilestoneForm.empty("Europe/Berlin", at) is not shared
    assert isinstance(MilestoneForm.empty("Europe/Berlin", at), MilestoneForm)
    assert str(shared.tz) == "Europe/Berlin" and shared["at"].value() == "2026-12-03T10:15"
