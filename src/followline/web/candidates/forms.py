"""Forms of the candidate workspace."""

from __future__ import annotations

from django import forms

from followline.web.candidates.models import Application
from followline.web.core.forms import ZoneField, for_new_record


class ApplicationForm(forms.ModelForm):
    timezone = ZoneField(
        label="Time zone",
        help_text="Where the employer is: dates in your plan are shown in this zone. "
        "Type a city to find it.",
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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            for_new_record(self.fields["timezone"])
