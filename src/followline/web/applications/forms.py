"""Forms of the candidate workspace."""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.utils import timezone as djtz

from followline.web.applications.models import Application
from followline.web.core import wording
from followline.web.core.forms import LocalDateTimeField, ZoneField, for_new_record

# asked only when the application is new: enough for a first plan in one form
FIRST_RUN = ("applied_on", "interview_at", "decision_within_days")


class ApplicationForm(forms.ModelForm):
    """An application; a new one also takes when you applied, the interview if there was
    one, and what they said about their decision, so that the first plan is a real one."""

    applied_on = forms.DateField(
        label="Applied on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day you sent it: the first follow-up is counted from it.",
    )
    interview_at = LocalDateTimeField(
        label="Interview (if you had one)",
        required=False,
        help_text="Date and time, in the time zone below.",
    )
    decision_within_days = forms.IntegerField(
        label="They decide within (days)",
        min_value=0,
        max_value=365,
        required=False,
        help_text="What they said at the interview: “we'll let you know within 10 days”.",
    )
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
        if self.instance.pk:
            for name in FIRST_RUN:  # milestones are edited on the application's page
                del self.fields[name]
        else:
            for_new_record(self.fields["timezone"])
            self.fields["applied_on"].initial = djtz.localdate()
            self.order_fields(["company", "role", *FIRST_RUN])

    def add_milestones(self, app: Application) -> None:
        """The new application's first milestones, those given: applied (noon that day, or
        now when that is later) and the interview; each logged (and judged) by the model."""
        zone = wording.zone(app.timezone)
        now = djtz.now()
        if applied_on := self.cleaned_data.get("applied_on"):
            applied = datetime.combine(applied_on, time(12), zone)
            app.log_milestone(now, type="applied", at=min(applied, now))
        if interview := self.cleaned_data.get("interview_at"):
            app.log_milestone(
                now,
                type="interview",
                at=interview.replace(tzinfo=None).replace(tzinfo=zone),
                decision_within_days=self.cleaned_data.get("decision_within_days"),
            )
