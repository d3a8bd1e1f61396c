"""The form renderer: Django's Jinja2 widget templates, each rendered in one pass where
Django's takes several (``widgets/django/forms/``: ``select.html`` writes its options and
every ``attrs.html`` inline, ``input.html``, ``textarea.html`` and the label's ``label.html``
their attributes), so that a select of ten options is one template render instead of
twenty-two and a label one instead of two. A template that is only an include of another
(``text.html``, ``date.html``, ``number.html``... are each ``{% include
"django/forms/widgets/input.html" %}``) is read as the template it includes. The HTML is
Django's to the byte (tests/web/test_widget_renderer.py compares them); every other widget
template is Django's.
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
_INCLUDE_ONLY = re.compile(r"""\{% include ["']([^"']+)["'] %\}\s*""")


def _through_includes(loader: BaseLoader, environment: Environment) -> FunctionLoader:
    """``loader``, except that a template which only includes another is read as that one."""

    def source(name: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        text, filename, uptodate = loader.get_source(environment, name)
        while included := _INCLUDE_ONLY.fullmatch(text):
            text, filename, uptodate = loader.get_source(environment, included.group(1))
        return text, filename, uptodate

    return FunctionLoader(source)


class WidgetRenderer(Jinja2):
    """Django's Jinja2 renderer, looking in :data:`OWN` before Django's own templates."""

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
        engine.env.loader = _through_includes(engine.env.loader, engine.env)
        return engine
