"""Forms of the candidate workspace."""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone as djtz

from followline.web.applications import resumes
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
    job_url = forms.URLField(
        label="Job ad (link)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="The posting you applied to, e.g. https://jobs.example.com/analyst-42.",
    )
    salary = forms.CharField(
        label="Salary",
        required=False,
        max_length=100,
        help_text="As the ad or they said it: “$60,000–70,000”, “€45k + bonus”, “not said”.",
    )
    resume = forms.FileField(
        label="Résumé sent",
        required=False,
        widget=forms.FileInput(attrs={"accept": resumes.ACCEPT}),
        help_text="The version you sent: PDF, Word, OpenDocument, RTF or text, up to 5 MB. "
        "Only you can download it.",
    )
    remove_resume = forms.BooleanField(label="Remove the résumé kept here", required=False)

    class Meta:
        model = Application
        fields = [
            "company",
            "role",
            "stage",
            "job_url",
            "salary",
            "resume",
            "contact_name",
            "contact_email",
            "address",
            "phone",
            "policy",
            "timezone",
        ]
        help_texts = {
            "stage": "Logging an interview, an offer or a rejection moves it on by itself. "
            "In “Closed” the plan stops: no next step, no reminders.",
        }

    def __init__(self, *args, zone: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._kept_resume = self.instance.resume.name or ""
        limit = resumes.max_bytes() // (1024 * 1024)
        self.fields["resume"].help_text = self.fields["resume"].help_text.replace(
            "5 MB", f"{limit} MB"
        )
        if self.instance.pk:
            for name in FIRST_RUN:  # milestones are edited on the application's page
                del self.fields[name]
            if not self.instance.resume:
                del self.fields["remove_resume"]
            else:
                self.fields["resume"].label = "Replace the résumé"
                self.fields["resume"].help_text = (
                    f"Kept now: {self.instance.resume_name}. " + self.fields["resume"].help_text
                )
        else:
            del self.fields["stage"], self.fields["remove_resume"]
            for_new_record(self.fields["timezone"])
            if zone:  # the account's zone, until the browser says another
                self.fields["timezone"].initial = zone
            self.fields["applied_on"].initial = djtz.localdate()
            self.order_fields(["company", "role", *FIRST_RUN])

    def clean_resume(self):
        upload = self.cleaned_data.get("resume")
        return resumes.check(upload) if isinstance(upload, UploadedFile) else upload

    def save(self, commit: bool = True) -> Application:
        """The application; a new résumé replaces the one kept before (whose file is then
        deleted), and "remove" deletes it."""
        app = super().save(commit=False)
        upload = self.cleaned_data.get("resume")
        replaced = ""
        if isinstance(upload, UploadedFile):
            app.resume_name = (upload.name or "résumé")[:200]
            replaced = self._kept_resume
        elif self.cleaned_data.get("remove_resume"):
            app.resume, app.resume_name = "", ""
            replaced = self._kept_resume
        if commit:
            app.save()
            if replaced:
                app.resume.storage.delete(replaced)
        return app

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
