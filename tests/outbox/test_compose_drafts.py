"""Drafts: built-in templates, per-user/per-team overrides, escaping, header injection."""

from __future__ import annotations

import email
from datetime import UTC, datetime
from email.policy import default

import pytest

from followline.compose import (
    DraftKind,
    DraftTemplateError,
    build_message,
    example_context,
    format_address,
    render_draft,
    validate_source,
)


class DictStore:
    """A template store as the web app would keep it, here in a dict."""

    def __init__(self, data: dict[tuple[str, int, str, str], str]):
        self.data = data

    def get(self, kind: str, part: str, *, scope: str, owner_id: int) -> str | None:
        return self.data.get((scope, owner_id, kind, part))


@pytest.mark.parametrize("kind", list(DraftKind))
def test_every_builtin_draft_renders_all_parts(kind):
    draft = render_draft(kind, example_context(kind))
    assert draft.subject and "\n" not in draft.subject
    assert draft.text.strip()
    assert draft.html.strip().startswith("<p>")


def test_thank_you_carries_the_one_sentence_on_fit():
    ctx = example_context("thank_you") | {"fit": "My five years of laminated doughs fit."}
    draft = render_draft("thank_you", ctx)
    assert "My five years of laminated doughs fit." in draft.text
    assert "[One sentence" not in draft.text
    # Without a fit sentence the draft asks for one instead of inventing it.
    assert "[One sentence" in render_draft("thank_you", example_context("thank_you")).text


def test_user_override_beats_team_override_beats_builtin():
    store = DictStore(
        {
            ("team", 7, "rejection", "subject"): "Team: {{ role }}",
            ("user", 3, "rejection", "subject"): "User: {{ role }}",
            ("team", 7, "rejection", "text"): "Team text for {{ candidate_name }}",
        }
    )
    ctx = example_context("rejection")
    both = render_draft("rejection", ctx, store=store, user_id=3, team_id=7)
    assert both.subject == "User: Pastry chef"
    assert both.text == "Team text for Ann Lee"  # the user did not override the text
    assert "not to move forward" in both.html  # nobody overrode the HTML: built-in
    team_only = render_draft("rejection", ctx, store=store, user_id=4, team_id=7)
    assert team_only.subject == "Team: Pastry chef"
    nobody = render_draft("rejection", ctx, store=store, user_id=4, team_id=8)
    assert nobody.subject == "Your application for Pastry chef at Acme Bakery"


def test_html_is_escaped_and_text_is_not():
    ctx = example_context("employer_update") | {"candidate_name": "<script>x</script> & Co"}
    draft = render_draft("employer_update", ctx)
    assert "<script>" not in draft.html and "&lt;script&gt;" in draft.html
    assert "<script>x</script> & Co" in draft.text


def test_user_templates_are_sandboxed_and_validated():
    with pytest.raises(DraftTemplateError):
        validate_source("{{ ''.__class__.__mro__[1].__subclasses__() }}", "rejection", "text")
    with pytest.raises(DraftTemplateError):
        validate_source("Dear {{ candidate_nam }}", "rejection", "text")  # typo: undefined
    with pytest.raises(DraftTemplateError):
        validate_source("{% if %}", "rejection", "text")
    validate_source("Dear {{ candidate_name }}", "rejection", "text")


def test_crlf_in_subject_template_output_is_one_line():
    store = DictStore({("user", 1, "thank_you", "subject"): "Hi\r\nBcc: {{ company }}"})
    draft = render_draft("thank_you", example_context("thank_you"), store=store, user_id=1)
    assert draft.subject == "Hi Bcc: Acme Bakery"


def test_header_injection_through_name_and_subject_never_becomes_a_header():
    ctx = example_context("status_inquiry") | {"role": "Baker\r\nBcc: victim@example.org"}
    draft = render_draft("status_inquiry", ctx)
    msg = build_message(
        draft,
        from_addr=format_address("Ann\r\nBcc: evil@example.org", "ann@example.com"),
        to=[format_address("Ms Cole\nCc: evil2@example.org", "cole@acme.example")],
        date=datetime(2026, 11, 9, 15, tzinfo=UTC),
    )
    parsed = email.message_from_bytes(msg.as_bytes(), policy=default)
    assert parsed["Bcc"] is None and parsed["Cc"] is None
    assert parsed["To"].addresses[0].addr_spec == "cole@acme.example"
    assert len(parsed["To"].addresses) == 1
    assert parsed["From"].addresses[0].addr_spec == "ann@example.com"
    assert parsed["Subject"] == "Baker Bcc: victim@example.org position: checking in"
    assert parsed.get_body(("plain",)).get_content().startswith("Dear Ms Cole")
    assert parsed.get_body(("html",)) is not None


@pytest.mark.parametrize("bad", ["a@b@c", "x\r\n@evil.org", "no-at-sign", "a@b, c@d", "<a@b>"])
def test_format_address_refuses_anything_but_one_address(bad):
    with pytest.raises(ValueError):
        format_address("Ann", bad)
