"""Form pieces shared by both workspaces: logging a milestone or a contact."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Self, cast

from django import forms
from django.utils import timezone as djtz
from django.utils.html import format_html, format_html_join

from followline.classify import Side, predict
from followline.web.core import wording
from followline.web.core.models import (
    CANDIDATE_KINDS,
    EMPLOYER_KINDS,
    Channel,
    ContactKind,
    MilestoneType,
    Party,
    prediction_fields,
)
from followline.web.core.zones import zone_names

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.DateTimeField):
    """An ``<input type=datetime-local>`` read in the zone given to the form."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("input_formats", [LOCAL_INPUT, "%Y-%m-%d %H:%M", "%Y-%m-%d"])
        super().__init__(*args, **kwargs)

    def clean(self, value):
        """A date from 1970 to a year from now (anything else is a typo, and breaks sums)."""
        cleaned = super().clean(value)
        if cleaned is not None:
            naive = cleaned.replace(tzinfo=None)
            if naive.year < 1970:
                raise forms.ValidationError("Give a date from 1970 on.")
            if naive > djtz.now().replace(tzinfo=None) + timedelta(days=366):
                raise forms.ValidationError("Give a date less than a year from now.")
        return cleaned


class ZoneInput(forms.TextInput):
    """A text input with the zones as suggestions (``<datalist>``): type "chic" to find
    America/Chicago."""

    def __init__(self) -> None:
        super().__init__({"autocomplete": "off", "spellcheck": "false", "list": "zone-names"})

    def render(self, name, value, attrs=None, renderer=None):
        options = format_html_join("", '<option value="{}">', ((z,) for z in zone_names()))
        datalist = format_html('<datalist id="zone-names">{}</datalist>', options)
        return super().render(name, value, attrs, renderer) + datalist


class ZoneField(forms.ChoiceField):
    """An IANA time zone, typed with suggestions (see :func:`for_new_record`)."""

    default_error_messages = {
        "invalid_choice": "“%(value)s” is not a time zone we know: pick one from the list, "
        "e.g. America/Chicago or Europe/Berlin."
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("help_text", "Type a city to find its zone.")
        super().__init__(choices=[(z, z) for z in zone_names()], widget=ZoneInput(), **kwargs)


def for_new_record(field: forms.Field) -> None:
    """Let the browser put its own zone into ``field`` when it is empty or UTC (the model's
    default): a new application or opening starts in the zone its user is in (app.js)."""
    field.widget.attrs["data-browser-zone"] = ""


class ZonedForm(forms.Form):
    """Reads ``datetime-local`` inputs in ``tz`` (the application's or opening's zone)."""

    @classmethod
    def empty(cls, tz: str, initial: dict[str, str]) -> Self:
        """The empty form a page shows: one instance per class, zone and initial values,
        shared by this process's pages (rendering an unbound form changes nothing in it,
        while building one deep-copies every field: ~0.7 ms, twice on every application and
        candidate page). Its fields' HTML is kept on it too (``field_html``, filled by
        ``core.jinja.field``): nothing but its class, zone and initial values shapes it, as
        the subclasses take nothing else and change no field per instance. A form to be
        bound to posted data is built with the constructor, and keeps nothing."""
        key = (cls, tz, tuple(sorted(initial.items())))
        form = _empty_forms.get(key)
        if form is None:
            if len(_empty_forms) >= EMPTY_FORMS_KEPT:  # the initial time moves on: start over
                _empty_forms.clear()
            form = cls(tz=tz, initial=dict(initial))
            form.field_html = {}
            _empty_forms[key] = form
        return cast(Self, form)

    def __init__(self, *args, tz: str = "UTC", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.field_html: dict[str, str] | None = None  # see empty()
        self.tz = wording.zone(tz)
        for field in self.fields.values():
            if isinstance(field, LocalDateTimeField):
                field.widget.attrs.setdefault("class", "dt")

    def local(self, value: datetime) -> datetime:
        naive = value.replace(tzinfo=None)
        return naive.replace(tzinfo=self.tz)


EMPTY_FORMS_KEPT = 256
_empty_forms: dict[tuple, ZonedForm] = {}


class MilestoneForm(ZonedForm):
    """Shown beside a :class:`ContactForm` on one page: its ids are prefixed (``id_milestone_at``)
    so that the two forms' fields never share an id and each label names its own field."""

    type = forms.ChoiceField(choices=MilestoneType.choices, initial=MilestoneType.INTERVIEW)
    at = LocalDateTimeField(label="When")
    decision_within_days = forms.IntegerField(
        label="They decide within (days)",
        min_value=0,
        max_value=365,
        required=False,
        help_text="What they said: “we'll let you know within 10 days”.",
    )
    rounds = forms.IntegerField(
        label="Rounds of interviews", min_value=1, max_value=20, required=False
    )
    start_date = forms.DateField(
        label="Start date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(max_length=200, required=False)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "id_milestone_%s")
        super().__init__(*args, **kwargs)

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["at"] = self.local(data["at"])
        return data


class ContactForm(ZonedForm):
    """A contact as the candidate logs it (``party`` fixed by the view or chosen)."""

    party = forms.ChoiceField(choices=Party.choices, initial=Party.CANDIDATE)
    at = LocalDateTimeField(label="When")
    channel = forms.ChoiceField(choices=Channel.choices, initial=Channel.EMAIL)
    kind = forms.ChoiceField(
        choices=[("", "Work it out from the text"), *ContactKind.choices], required=False
    )
    voicemail = forms.TypedChoiceField(
        label="Voicemail left?",
        choices=[("", "—"), ("yes", "Yes"), ("no", "No")],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        required=False,
    )
    decision_within_days = forms.IntegerField(
        label="They decide within (days)", min_value=0, max_value=365, required=False
    )
    subject = forms.CharField(max_length=300, required=False)
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Paste the message: its kind is worked out from it when “kind” is left empty.",
    )

    def clean(self) -> dict:
        data = super().clean()
        party, kind = data.get("party"), data.get("kind") or ""
        allowed = CANDIDATE_KINDS if party == Party.CANDIDATE else EMPLOYER_KINDS
        if kind and kind not in allowed:
            self.add_error("kind", f"A {party} does not send a “{ContactKind(kind).label}”.")
        if data.get("channel") != Channel.PHONE:
            data["voicemail"] = None
        self.reading: dict = {}
        if not kind and data.get("text") and party in (Party.CANDIDATE, Party.EMPLOYER):
            prediction = predict(
                data["text"], data.get("subject") or "", side=Side(party), job_mail=True
            )
            if prediction.unsure:
                self.add_error(
                    "kind",
                    "We could not tell what this message is (perhaps "
                    f"“{wording.label_words(prediction.guess)}”, "
                    f"{prediction.confidence:.0%} sure). Please choose its kind.",
                )
            else:
                self.reading = prediction_fields(prediction)
        return data

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["at"] = self.local(data["at"])
        data["kind"] = data.get("kind") or ""
        data.update(getattr(self, "reading", {}))
        return data


def now_local_input(tz: str) -> str:
    """The current time as a ``datetime-local`` value in ``tz`` (form default)."""
    return djtz.now().astimezone(wording.zone(tz)).strftime(LOCAL_INPUT)


def logging_forms(
    tz: str,
    milestone_form: MilestoneForm | None = None,
    contact_form: ContactForm | None = None,
    **initial: str,
) -> dict[str, ZonedForm]:
    """A timeline page's two logging forms: as posted (with their errors), else the shared
    empty ones, dated now in ``tz``, with ``initial`` values beside the date."""
    values = {"at": now_local_input(tz), **initial}
    return {
        "milestone_form": milestone_form or MilestoneForm.empty(tz, values),
        "contact_form": contact_form or ContactForm.empty(tz, values),
    }
