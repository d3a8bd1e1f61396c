from __future__ import annotations

from django import forms


class MailAccountForm(forms.Form):
    """Connect an IMAP mailbox. The password is checked by logging in, stored encrypted,
    and never rendered again (``render_value=False``)."""

    host = forms.CharField(max_length=255, help_text="e.g. imap.fastmail.com")
    port = forms.IntegerField(min_value=1, max_value=65535, initial=993)
    use_ssl = forms.BooleanField(required=False, initial=True, label="SSL/TLS")
    username = forms.CharField(max_length=255)
    password = forms.CharField(
        widget=forms.PasswordInput(render_value=False),
        help_text="an app password where your provider offers one",
    )
    folder = forms.CharField(max_length=255, initial="INBOX")


class TeamMailAccountForm(MailAccountForm):
    opening = forms.ModelChoiceField(
        queryset=None, required=False, help_text="where mail from unknown senders goes"
    )

    def __init__(self, *args, openings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opening"].queryset = openings


class SmtpAccountForm(forms.Form):
    """One's own outgoing server. Leave the password empty to keep the stored one."""

    from_email = forms.EmailField(label="Send as", help_text="your own address")
    host = forms.CharField(max_length=255, help_text="e.g. smtp.fastmail.com")
    port = forms.IntegerField(min_value=1, max_value=65535, initial=587)
    security = forms.ChoiceField(
        choices=[
            ("starttls", "STARTTLS"),
            ("ssl", "SSL/TLS"),
            ("none", "none (local servers only)"),
        ]
    )
    username = forms.CharField(max_length=255, required=False)
    password = forms.CharField(widget=forms.PasswordInput(render_value=False), required=False)

    def __init__(self, *args, **kwargs) -> None:
        # shown under the mailbox form, which asks for a host, port, user name and password
        # too: its own ids (``id_smtp_host``) so that each label names its own field
        kwargs.setdefault("auto_id", "id_smtp_%s")
        super().__init__(*args, **kwargs)


class OAuthConnectForm(forms.Form):
    """What a "Connect Gmail" (or other provider) button sends before the provider's
    sign-in page: the address only where the provider does not tell it, whether drafts go
    out through the same mailbox (job seekers), the default opening (teams)."""

    address = forms.EmailField(
        label="Your address",
        help_text="e.g. ann@example.org (this provider does not tell us which address it is)",
    )
    send_too = forms.BooleanField(
        required=False, initial=True, label="Also send my drafts from this address"
    )
    opening = forms.ModelChoiceField(
        queryset=None, required=False, help_text="where mail from unknown senders goes"
    )

    def __init__(self, *args, provider, openings=None, **kwargs):
        super().__init__(*args, prefix=provider.key, **kwargs)
        self.provider = provider
        if not provider.asks_address:
            del self.fields["address"]
        if openings is None:
            del self.fields["opening"]
        else:
            self.fields["opening"].queryset = openings
        if openings is not None or not provider.can_send:
            del self.fields["send_too"]
