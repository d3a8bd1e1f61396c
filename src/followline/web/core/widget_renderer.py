"""The form renderer: Django's Jinja2 widget templates, with two of them rendered in one
pass (``widgets/django/forms/widgets/``: ``select.html`` writes its options and every
``attrs.html`` inline, ``input.html`` its attributes), so that a select of ten options is one
template render instead of twenty-two. The HTML is Django's to the byte
(tests/web/test_widget_renderer.py compares them); every other widget template is Django's.
"""

from __future__ import annotations

from pathlib import Path

import django.forms
from django.forms.renderers import Jinja2
from django.utils.functional import cached_property

OWN = Path(__file__).parent / "widgets"


class WidgetRenderer(Jinja2):
    """Django's Jinja2 renderer, looking in :data:`OWN` before Django's own templates."""

    @cached_property
    def engine(self):  # type: ignore[override]
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [OWN, Path(django.forms.__file__).parent / self.backend.app_dirname],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )
