"""The pages' template environment: Jinja2, with Django's ``url`` and ``static`` and the filters
the pages use.

Why Jinja2 and not Django's template language: it compiles each template to Python once, and
a page renders in a fraction of the time (Django's engine was ~40% of a request's CPU under
load, ``bench/README.md``, "Load"). The templates live in each app's ``jinja2/`` folder;
``settings.TEMPLATES`` tries this engine first, Django's second (the plain-text mails in
``templates/``).

What differs from Django's language, for whoever writes a page: methods are called with
``()`` (``obj.get_absolute_url()``, ``page.has_next()``), filters take their argument in
brackets (``c.at|when(app.timezone)``), ``{{ url('name', arg) }}`` and ``{{ static('path') }}``
are functions, ``{{ field(f) }}`` is one form field (``core/_field.html``; see :func:`field`),
``{{ csrf_input }}`` is the hidden field, ``{% include "x" with a=b %}`` is
``{% with a=b %}{% include "x" %}{% endwith %}``, and ``loop.first`` stands for
``forloop.first``. Undefined names render as nothing and are ``none``, as in Django.
"""

from __future__ import annotations

import functools
from typing import Any

from django.forms import BoundField
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.timezone import template_localtime
from jinja2 import ChainableUndefined, Environment, Undefined, pass_environment
from markupsafe import Markup

from followline.web.core import filters


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """``{{ url('candidates:detail', app.pk) }}``: Django's ``reverse``, remembered per
    process (a page asks ~16 and reversing is a tenth of a page's work; the answer depends
    only on the arguments, the URL configuration and the script prefix, all in the key)."""
    return _reverse(name, args, tuple(sorted(kwargs.items())), get_urlconf(), get_script_prefix())


@functools.lru_cache(maxsize=8192)
def _reverse(name: str, args: tuple, kwargs: tuple, urlconf: str | None, prefix: str) -> str:
    return reverse(name, args=args or None, kwargs=dict(kwargs) or None, urlconf=urlconf)


def csrf_once(request: HttpRequest) -> dict[str, Any]:
    """A context processor: the CSRF token masked once per page, as Django's own engine does
    (its ``csrf`` processor). The Jinja2 backend's ``csrf_input`` masks it again at each use,
    a random string per form: an application page has a form per contact."""
    token = SimpleLazyObject(lambda: get_token(request))
    return {
        "csrf_token": token,
        "csrf_input": SimpleLazyObject(lambda: csrf_input_field(token)),
    }


def csrf_input_field(token: object) -> str:
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


@pass_environment
def field(env: Environment, f: BoundField) -> Markup:
    """``{{ field(f) }}``: one form field, as ``core/_field.html`` renders it (label, widget,
    help, errors).

    The two logging forms sit empty on every application and candidate page, and their
    fields were a tenth of all the pages' CPU (``bench/README.md``, "Load"). Those empty
    forms are shared (:meth:`~followline.web.core.forms.ZonedForm.empty`) and keep their
    fields' HTML (``field_html``): rendered once per form. Every other form, and any form
    bound to posted data (with its errors), is rendered every time."""
    kept = getattr(f.form, "field_html", None)
    html = None if kept is None else kept.get(f.name)
    if html is None:
        html = Markup(env.get_template(FIELD_TEMPLATE).render(f=f))
        if kept is not None:
            kept[f.name] = html
    return html


FIELD_TEMPLATE = "core/_field.html"


def local_date(value: Any, arg: str | None = None) -> str:
    """``{{ week|date("D j M") }}``: Django's ``date`` filter on the time in the active zone, as
    Django's engine hands it over (its filter says ``expects_localtime``)."""
    return defaultfilters.date(template_localtime(value), arg)


def environment(**options: Any) -> Environment:
    options.setdefault("undefined", ChainableUndefined)
    options["keep_trailing_newline"] = True  # as Django's engine does
    env = Environment(**options)
    env.globals.update(url=url, static=static, field=field)
    # as in Django, a name the view did not give is None: {% if rows is not none %}
    env.tests["none"] = lambda value: value is None or isinstance(value, Undefined)
    env.filters.update(
        # Django's, with Django's meaning
        pluralize=defaultfilters.pluralize,
        capfirst=defaultfilters.capfirst,
        truncatechars=defaultfilters.truncatechars,
        stringformat=defaultfilters.stringformat,
        date=local_date,
        # the pages' own
        when=filters.when,
        day=filters.day,
        badge=filters.badge,
        sic=filters.sic,
        detail=filters.detail,
        kind_label=filters.kind_label,
        reading_label=filters.reading_label,
        correction_choices=filters.correction_choices,
        channel_label=filters.channel_label,
        overdue=filters.overdue,
    )
    return env
