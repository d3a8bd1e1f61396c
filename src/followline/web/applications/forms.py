"""Forms of the candidate workspace."""

from __future__ import annotations

from zoneinfo import available_timezones

from django import forms

from followline.web.applications.models import Application


def _zones() -> list[tuple[str, str]]:
    return [(z, z) for z in sorted(available_timezones()) if "/" in z or z == "UTC"]


class ApplicationForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        choices=_zones, initial="UTC", help_text="Dates in your plan are shown in this zone."
    )

    class Meta:
        model = Application
        fields = [
            "company",
            "role",
            "contact_name",
            "contact_email",
            "address",
            "phone",
            "policy",
            "timezone",
        ]
