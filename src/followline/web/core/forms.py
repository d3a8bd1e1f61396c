"""Form pieces shared by both workspaces: logging a milestone or a contact."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone as djtz

from followline.web.core import wording
from followline.web.core.models import (
    CANDIDATE_KINDS,
    EMPLOYER_KINDS,
    Channel,
    ContactKind,
    MilestoneType,
    Party,
)

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.DateTimeField):
    """An ``<input type=datetime-local>`` read in the zone given to the form."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("input_formats", [LOCAL_INPUT, "%Y-%m-%d %H:%M", "%Y-%m-%d"])
        super().__init__(*args, **kwargs)


class ZonedForm(forms.Form):
    """Reads ``datetime-local`` inputs in ``tz`` (the application's or opening's zone)."""

    def __init__(self, *args, tz: str = "UTC", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tz = wording.zone(tz)
        for field in self.fields.values():
            if isinstance(field, LocalDateTimeField):
                field.widget.attrs.setdefault("class", "dt")

    def local(self, value: datetime) -> datetime:
        naive = value.replace(tzinfo=None)
        return naive.replace(tzinfo=self.tz)


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
        return data

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["at"] = self.local(data["at"])
        data["kind"] = data.get("kind") or ""
        return data


def now_local_input(tz: str) -> str:
    """The current time as a ``datetime-local`` value in ``tz`` (form default)."""
    return djtz.now().astimezone(wording.zone(tz)).strftime(LOCAL_INPUT)
