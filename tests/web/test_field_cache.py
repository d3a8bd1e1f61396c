"""The logging forms remembered per process: one empty form per class, zone and initial
values (``ZonedForm.empty``), which keeps its fields' HTML (``core.jinja.field``). An empty
form renders from what it kept exactly what ``core/_field.html`` renders for it, a form
bound to data (with its errors) keeps nothing, and each input of the key gives its own form."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.template import engines
from django.urls import reverse
from django.utils import timezone

from followline.web.core import forms as core_forms
from followline.web.core import jinja
from followline.web.core.forms import ContactForm, MilestoneForm

from .conftest import add_application

AT = {"at": "2026-12-03T10:15"}


@pytest.fixture
def env():
    core_forms._empty_forms.clear()
    yield engines["jinja2"].env
    core_forms._empty_forms.clear()


def _plain(env, f) -> str:
    return env.get_template(jinja.FIELD_TEMPLATE).render(f=f)


@pytest.mark.parametrize("form_class", [MilestoneForm, ContactForm])
def test_an_empty_form_renders_from_what_it_kept_what_the_template_renders(env, form_class):
    shared = form_class.empty("Europe/Berlin", AT)
    first = [jinja.field(env, f) for f in shared]
    assert shared.field_html is not None and len(shared.field_html) == len(first)
    again = [jinja.field(env, f) for f in form_class.empty("Europe/Berlin", dict(AT))]
    fresh = form_class(tz="Europe/Berlin", initial=AT)
    assert again == first == [_plain(env, f) for f in fresh]
    assert all(again[i] is first[i] for i in range(len(first)))  # kept, not rendered again
    assert 'value="2026-12-03T10:15"' in "".join(first)


def test_each_input_of_the_key_gives_its_own_form(env):
    shared = ContactForm.empty("Europe/Berlin", AT)
    assert ContactForm.empty("Europe/Berlin", dict(AT)) is shared and not shared.is_bound
    assert ContactForm.empty("Europe/Berlin", {"at": "2026-12-03T10:16"}) is not shared
    assert ContactForm.empty("Asia/Tokyo", AT) is not shared
    assert MilestoneForm.empty("Europe/Berlin", AT) is not shared
    assert isinstance(MilestoneForm.empty("Europe/Berlin", AT), MilestoneForm)
    assert str(shared.tz) == "Europe/Berlin" and shared["at"].value() == "2026-12-03T10:15"
    ten = jinja.field(env, shared["at"])
    eleven = jinja.field(env, ContactForm.empty("Europe/Berlin", {"at": "2026-12-03T11:15"})["at"])
    assert 'value="2026-12-03T10:15"' in ten and 'value="2026-12-03T11:15"' in eleven
    milestone = jinja.field(env, MilestoneForm.empty("Europe/Berlin", AT)["at"])
    assert 'id="id_milestone_at"' in milestone and 'id="id_at"' in ten


def test_a_bound_form_is_rendered_each_time_with_its_errors(env):
    bound = ContactForm({"party": "candidate", "at": "not a time", "channel": "email"})
    assert not bound.is_valid()
    html = jinja.field(env, bound["at"])
    assert "errorlist" in html and html == _plain(env, bound["at"])
    assert bound.field_html is None
    empty = jinja.field(env, ContactForm.empty("UTC", {"at": "not a time"})["at"])
    assert "errorlist" not in empty


def test_other_forms_keep_nothing(env):
    class Other(forms.Form):
        name = forms.CharField()

    other = Other()
    assert jinja.field(env, other["name"]) == _plain(env, other["name"])
    assert getattr(other, "field_html", None) is None
    built = ContactForm(initial=AT)  # built, not shared: renders each time
    assert jinja.field(env, built["at"]) == _plain(env, built["at"]) and built.field_html is None


@pytest.mark.django_db
def test_the_application_page_is_the_same_from_what_was_kept(client, owner, env, monkeypatch):
    monkeypatch.setattr(core_forms, "now_local_input", lambda tz: "2026-12-03T10:15")  # one minute
    app = add_application(owner, "Acme", 5, timezone.now(), contacts=2)
    client.force_login(owner)
    url = reverse("candidates:detail", args=[app.pk])

    def page() -> str:
        html = client.get(url).content.decode()
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)  # masked anew for each page

    cold = page()
    kept = [form.field_html for form in core_forms._empty_forms.values()]
    assert len(kept) == 2 and all(kept)  # both logging forms, their fields kept
    warm = page()
    assert warm == cold and 'id="id_milestone_at"' in warm and 'id="id_at"' in warm
