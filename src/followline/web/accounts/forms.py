"""Sign-up: a username, an email address (for password resets) and a password; password
reset mail through the outbox. Neither form tells who has an account: a sign-up with an
address that already has one succeeds without it (its owner is told by mail), and a reset
answers the same whether or not the address is known (and is rate-limited)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.template import loader

from followline.web.accounts import confirm
from followline.web.core import ratelimit, zones
from followline.web.core.forms import ZoneField, for_new_record
from followline.web.outbox.enqueue import enqueue_mail
from followline.web.outbox.tasks import send_soon


def zone_field(**kwargs) -> ZoneField:
    return ZoneField(
        label="Your time zone",
        help_text="Times of mail, notifications and imports are shown in it, and new "
        "applications start in it. Type a city to find it, e.g. Chicago or Berlin.",
        **kwargs,
    )


class SignUpForm(UserCreationForm):
    email = forms.EmailField(help_text="For password resets; never shown to anyone.")
    timezone = zone_field(required=False)

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for_new_record(self.fields["timezone"])  # the browser's own zone, filled by app.js

    def clean_email(self) -> str:
        return self.cleaned_data["email"].lower()

    def save(self, commit: bool = True):
        """The account; when another account has the address, this one gets none and the
        address's owner hears of the attempt (the form answers the same either way)."""
        user = super().save(commit=False)
        taken = get_user_model().objects.filter(email__iexact=user.email).exists()
        if taken:
            address, user.email = user.email, ""
        if commit:
            user.save()
            if zone := self.cleaned_data.get("timezone"):
                zones.set_account_zone(user, zone)
            confirm.send_confirmation(user)  # nothing when the address was taken
            if taken:
                enqueue_mail(
                    address,
                    "Someone tried to sign up with your address",
                    loader.render_to_string(
                        "registration/signup_taken_email.txt", {"username": user.username}
                    ),
                    purpose="signup_taken",
                )
                send_soon.enqueue()
        return user


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, its mail queued in the outbox and rate-limited (per client
    address and per e-mail address); over the limit it sends nothing and answers the same."""

    def save(self, *args, request=None, **kwargs) -> None:
        email = self.cleaned_data["email"].lower()
        ip = ratelimit.client_address(request) if request is not None else "-"
        if ratelimit.allow("reset-ip", ip) and ratelimit.allow("reset-email", email):
            super().save(*args, request=request, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else ""
        )
        enqueue_mail(to_email, subject, body, html, purpose="password_reset")
        send_soon.enqueue()


class AccountForm(forms.Form):
    """The account page: the person's own time zone."""

    timezone = zone_field()
