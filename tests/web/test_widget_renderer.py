"""The form renderer (web/core/widget_renderer.py) writes the HTML Django's own Jinja2
renderer writes, byte for byte: for every field of the site's forms (unbound, bound with
values, bound with errors) and for the widget cases the site does not use yet (option
groups, several selected, boolean and false attributes, escaping)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import Jinja2, get_default_renderer

import followline.web
from followline.web.core.widget_renderer import WidgetRenderer

STOCK = Jinja2()
OWN = WidgetRenderer()


def _site_forms() -> list[type[forms.BaseForm]]:
    found = []
    for module in pkgutil.walk_packages(followline.web.__path__, "followline.web."):
        if module.name.endswith(".forms"):
            loaded = importlib.import_module(module.name)
            found += [
                c
                for c in vars(loaded).values()
                if inspect.isclass(c)
                and issubclass(c, forms.BaseForm)
                and c.__module__ == loaded.__name__
            ]
    return found


def _html(form_class, renderer, *args) -> list[str]:
    try:
        form = form_class(*args, renderer=renderer)
    except TypeError:  # needs arguments of its own (a team, a provider): see below
        return []
    if form.is_bound:
        form.is_valid()  # errors shown with the fields
    return [str(field) for field in form] + [field.label_tag() for field in form]


def test_the_site_uses_the_widget_renderer() -> None:
    assert isinstance(get_default_renderer(), WidgetRenderer)
    assert settings.FORM_RENDERER == "followline.web.core.widget_renderer.WidgetRenderer"


@pytest.mark.django_db
def test_every_field_of_the_sites_forms_renders_as_django_renders_it() -> None:
    site_forms = _site_forms()
    rendered = 0
    posted = {"at": "2026-12-01T10:00", "kind": "update", "party": "employer", "name": "<b>"}
    for form_class in site_forms:
        for args in ((), (posted,), ({"at": "not a date", "channel": "pigeon"},)):
            own = _html(form_class, OWN, *args)
            assert own == _html(form_class, STOCK, *args), form_class
            rendered += len(own)
    assert len(site_forms) >= 15 and rendered > 300  # the sweep did sweep


CHOICES = [
    ("", "—"),
    ("Fruit", [("apple", "Apple & <pear>"), ("fig", "Fig")]),
    ("plain", 'Plain "quoted"'),
    (3, "Three"),
]


@pytest.mark.parametrize(
    "widget, value",
    [
        (forms.Select(choices=CHOICES), "fig"),
        (forms.Select(choices=CHOICES, attrs={"required": True, "disabled": False}), ""),
        (forms.SelectMultiple(choices=CHOICES), ["apple", "3"]),
        (forms.NullBooleanSelect(), True),
        (forms.Select(choices=[]), None),
        (forms.TextInput(attrs={"placeholder": 'a "b" <c>', "autofocus": True}), "x<y>"),
        (forms.NumberInput(attrs={"min": 0, "readonly": False}), 5),
        (forms.DateTimeInput(attrs={"type": "datetime-local"}), "2026-12-01T10:00"),
        (forms.CheckboxInput(), True),
        (forms.HiddenInput(), None),
        (forms.PasswordInput(render_value=True), "secret"),
        (forms.ClearableFileInput(), None),
        (forms.RadioSelect(choices=CHOICES), "fig"),
        (forms.Textarea(attrs={"rows": 3, "required": True}), 'a <b> & "c"\nd'),
        (forms.Textarea(), None),
        (forms.SplitDateTimeWidget(), None),
    ],
)
def test_widgets_render_as_django_renders_them(widget, value) -> None:
    own = widget.render("field", value, attrs={"id": "id_field"}, renderer=OWN)
    assert own == widget.render("field", value, attrs={"id": "id_field"}, renderer=STOCK)


def test_literal_includes_are_written_in_place() -> None:
    engine = OWN.engine

    def text(name: str) -> str:
        return engine.env.loader.get_source(engine.env, name)[0]

    assert text("django/forms/widgets/text.html").startswith("<input ")
    for name in ("text", "textarea", "select_option", "clearable_file_input"):
        assert "include" not in text(f"django/forms/widgets/{name}.html"), name
    assert "include" not in text("django/forms/label.html")
    # multiple_input.html sets a name of its own: radio.html keeps including it
    assert "{% include" in text("django/forms/widgets/radio.html")
