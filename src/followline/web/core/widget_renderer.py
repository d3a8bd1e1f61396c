"""The form renderer: Django's Jinja2 widget templates, each rendered in one pass where
Django's takes several. Every ``{% include "a literal name" %}`` is written into the template
that includes it when its templates are read (:func:`_inlined`): a text input
(``text.html``, only an include of ``input.html``, which includes ``attrs.html``) or a
label is one template render instead of three or two. ``select.html`` is our own
(``widgets/django/forms/widgets/``): it writes its options inline, whose template Django
names per option. The HTML is Django's to the byte (tests/web/test_widget_renderer.py
compares them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import django.forms
from django.forms.renderers import Jinja2
from django.utils.functional import cached_property
from jinja2 import BaseLoader, Environment, FunctionLoader

OWN = Path(__file__).parent / "widgets"
_INCLUDE = re.compile(r"""\{% include ["']([^"']+)["'] %\}""")
# what an included template may not hold to be written into its includer: names it sets
# or blocks it defines would then belong to the includer's scope
_SCOPED = ("{% set", "{% with", "{% macro", "{% import", "{% from", "{% extends", "{% block")


def _inlined(loader: BaseLoader, environment: Environment) -> FunctionLoader:
    """``loader``, with every literal include written in place (recursively), unless the
    included template holds a statement of :data:`_SCOPED`. An include sees its includer's
    names, so the text in place renders the same; Jinja drops a template's last newline, so
    the text in place does too."""

    def in_place(include: re.Match[str]) -> str:
        text = source(include.group(1))[0]
        if any(statement in text for statement in _SCOPED):
            return include.group(0)
        return text.removesuffix("\n")

    def source(name: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        text, filename, uptodate = loader.get_source(environment, name)
        return _INCLUDE.sub(in_place, text), filename, uptodate

    return FunctionLoader(source)


class WidgetRenderer(Jinja2):
    """Django's Jinja2 renderer, looking in :data:`OWN` before Django's own templates, the
    literal includes written in place."""

    @cached_property
    def engine(self):  # type: ignore[override]
        engine = self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [OWN, Path(django.forms.__file__).parent / self.backend.app_dirname],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )
        engine.env.loader = _inlined(engine.env.loader, engine.env)
        return engine
