"""Forms of the employer workspace. The follow-up policy is validated by the engine."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from followline.line.errors import InputError
from followline.web.core import line_adapter
from followline.web.core.forms import ZoneField, for_new_record
from followline.web.employers.models import Candidate, ImportJob, Opening, Team

PRESETS = [
    ("two-email", "Two emails: a thank-you, then one status inquiry"),
    ("one-and-done", "One and done: a single follow-up, please"),
]
# the policy values an employer may edit, with their labels (names as in policy TOML)
EDITABLE = {
    "budget": "Follow-ups allowed per interview",
    "thank_you_within_days": "Thank-you welcome within (days after the interview)",
    "status_wait_days": "Status inquiry welcome after (days, when no date was promised)",
    "call_burst_count": "Calls within a day that count as harassing",
}


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name"]

    def save(self, commit: bool = True) -> Team:
        team = super().save(commit=False)
        base = slugify(team.name)[:50] or "team"
        slug, n = base, 1
        while Team.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        team.slug = slug
        if commit:
            team.save()
        return team


class TeamRenameForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name"]


class MemberForm(forms.Form):
    email = forms.EmailField(
        help_text="They must have signed up and confirmed this address already."
    )

    def clean_email(self) -> str:
        """Only a confirmed address: signing up first with someone else's gains nothing."""
        email = self.cleaned_data["email"]
        users = get_user_model().objects.filter(
            email__iexact=email, confirmed_email__email__iexact=email
        )
        if not users.exists():
            raise forms.ValidationError(
                "Nobody with that address has signed up yet (and confirmed it)."
            )
        self.user = users.first()
        return email


class OpeningForm(forms.ModelForm):
    """An opening with its promise and its follow-up line (a preset, optionally edited)."""

    timezone = ZoneField(
        label="Time zone",
        help_text="Where the team works: promised dates are shown in this zone. "
        "Type a city to find it.",
    )
    preset = forms.ChoiceField(choices=PRESETS, label="Follow-up line")
    customise = forms.BooleanField(required=False, label="Adjust the preset's numbers")

    class Meta:
        model = Opening
        fields = ["title", "location", "promise_days", "timezone"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            for_new_record(self.fields["timezone"])
        spec: dict = self.instance.policy if self.instance.pk else {"preset": "two-email"}
        self.fields["preset"].initial = spec.get("preset", "two-email")
        custom = spec.get("custom") or {}
        self.fields["customise"].initial = bool(custom)
        base = line_adapter.policy_of({"preset": self.fields["preset"].initial})
        for name, label in EDITABLE.items():
            self.fields[name] = forms.IntegerField(
                label=label, required=False, initial=custom.get(name, getattr(base, name))
            )

    def clean(self) -> dict:
        data = super().clean()
        spec: dict = {"preset": data.get("preset") or "two-email"}
        if data.get("customise"):
            spec["custom"] = {k: data[k] for k in EDITABLE if data.get(k) is not None}
        try:
            self.policy = line_adapter.policy_of(spec)
        except InputError as exc:
            field = exc.field if getattr(exc, "field", None) in EDITABLE else None
            self.add_error(field, f"The line does not accept this: {exc}")
        except ValueError as exc:
            self.add_error(None, f"The line does not accept this: {exc}")
        self.instance.policy = spec
        return data


class CandidateForm(forms.ModelForm):
    class Meta:
        model = Candidate
        fields = ["name", "email", "phone"]


class CandidatesField(forms.ModelMultipleChoiceField):
    """Refuses a key no database column can hold (SQLite raised OverflowError: a 500)."""

    def _check_values(self, value):
        for key in value or ():
            text = str(key).strip()
            if text.lstrip("-").isdigit() and abs(int(text)) >= 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text[:20]},
                )
        return super()._check_values(value)


class StatusUpdateForm(forms.Form):
    subject = forms.CharField(max_length=300, initial="An update on your application")
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        initial=(
            "Thank you for your patience. We have not decided yet and expect to within "
            "the next week. We will write again as soon as we know."
        ),
    )
    decision_within_days = forms.IntegerField(
        label="Next update within (days)",
        min_value=1,
        max_value=90,
        initial=7,
        help_text="Your new promise to these candidates.",
    )
    candidates = CandidatesField(
        queryset=Candidate.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, queryset=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if queryset is not None:
            self.fields["candidates"].queryset = queryset


class ImportForm(forms.ModelForm):
    class Meta:
        model = ImportJob
        fields = ["kind", "upload"]
        labels = {"upload": "File"}
