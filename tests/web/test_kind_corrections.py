"""The classifier on the web: a pasted message gets its kind with confidence and evidence, an
unsure one is asked about, and a person's correction changes the verdict at once and is kept
for the next training (exported by ``followline kinds export-corrections``)."""

from __future__ import annotations

import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import orjson
import pytest
from django.urls import reverse
from django.utils import timezone

from followline.classify import model
from followline.web.applications.models import Application
from followline.web.core.corrections import export_jsonl
from followline.web.core.models import KindCorrection

from .conftest import add_application

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")
EARLY_INQUIRY = (
    "Hello Ms. Grant, I was wondering whether the team has reached a decision yet? "
    "Best regards, Nina"
)


def _local(dt):
    return dt.astimezone(CHICAGO).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def logged_in(client, owner):
    client.force_login(owner)
    return client


def _log(client, app: Application, text: str, kind: str = "", party: str = "candidate"):
    return client.post(
        reverse("candidates:add_contact", args=[app.pk]),
        {
            "party": party,
            "at": _local(timezone.now() - timedelta(hours=1)),
            "channel": "email",
            "kind": kind,
            "text": text,
        },
    )


def test_a_pasted_inquiry_is_read_with_confidence_and_evidence(logged_in, owner):
    app = add_application(owner, "Fabrikam", 2, timezone.now(), contacts=1)
    assert _log(logged_in, app, EARLY_INQUIRY).status_code == 302
    contact = app.contacts.order_by("-id").first()
    assert (contact.kind, contact.kind_label) == ("status_inquiry", "status_inquiry")
    assert 0.5 <= contact.kind_confidence <= 1
    assert contact.kind_evidence.startswith("status_inquiry (")
    page = logged_in.get(app.get_absolute_url()).text
    assert "Read from the text: Status inquiry" in page
    assert "Correct the kind" in page
    app.refresh_from_db()
    assert app.standing == "premature"  # two days after the interview, no date stated


def test_correcting_the_kind_changes_the_verdict_and_is_exported(logged_in, owner):
    app = add_application(owner, "Fabrikam", 2, timezone.now(), contacts=1)
    _log(logged_in, app, EARLY_INQUIRY)
    contact = app.contacts.order_by("-id").first()
    r = logged_in.post(
        reverse("candidates:correct_kind", args=[app.pk, contact.pk]), {"label": "other"}
    )
    assert r.status_code == 302
    contact.refresh_from_db()
    assert (contact.kind, contact.kind_corrected) == ("other", True)
    app.refresh_from_db()
    assert app.standing == "appropriate"  # "other" is no status inquiry sent too early
    correction = KindCorrection.objects.get()
    assert (correction.side, correction.label, correction.was) == (
        "candidate",
        "other",
        "status_inquiry",
    )
    out = io.BytesIO()
    assert export_jsonl(out) == 1
    exported = orjson.loads(out.getvalue().splitlines()[0])
    assert exported == {
        "side": "candidate",
        "label": "other",
        "subject": "",
        "text": EARLY_INQUIRY,
    }
    page = logged_in.get(app.get_absolute_url()).text
    assert "Kind corrected" in page


def test_a_correction_with_another_sides_label_is_refused(logged_in, owner):
    app = add_application(owner, "Fabrikam", 2, timezone.now())
    _log(logged_in, app, EARLY_INQUIRY)
    contact = app.contacts.order_by("-id").first()
    r = logged_in.post(
        reverse("candidates:correct_kind", args=[app.pk, contact.pk]), {"label": "offer"}
    )
    assert r.status_code == 400
    assert not KindCorrection.objects.exists()


def test_someone_elses_contact_cannot_be_corrected(client, owner, outsider):
    app = add_application(owner, "Fabrikam", 2, timezone.now())
    client.force_login(owner)
    _log(client, app, EARLY_INQUIRY)
    contact = app.contacts.order_by("-id").first()
    client.force_login(outsider)
    r = client.post(
        reverse("candidates:correct_kind", args=[app.pk, contact.pk]), {"label": "other"}
    )
    assert r.status_code == 404
    assert not KindCorrection.objects.exists()


def test_an_unsure_reading_is_asked_about_not_guessed(logged_in, owner, monkeypatch):
    # Every reading below the threshold: the model's answer stays, only the bar moves.
    monkeypatch.setattr(model("candidate"), "unsure_below", 1.01)
    app = add_application(owner, "Fabrikam", 2, timezone.now())
    before = app.contacts.count()
    vague = "Hi Sam, just checking in."  # no phrase rule names a kind in it
    r = _log(logged_in, app, vague)
    assert r.status_code == 400
    assert "We could not tell what this message is (perhaps “" in r.text
    assert "Please choose its kind." in r.text
    assert app.contacts.count() == before
    assert _log(logged_in, app, vague, kind="status_inquiry").status_code == 302


def test_an_employer_rejection_pasted_ends_the_plan(logged_in, owner):
    app = add_application(owner, "Fabrikam", 2, timezone.now())
    text = (
        "Dear Nina, thank you for interviewing with us. After careful consideration we have "
        "decided to move forward with another candidate. We wish you the best. HR"
    )
    assert _log(logged_in, app, text, party="employer").status_code == 302
    contact = app.contacts.order_by("-id").first()
    assert (contact.kind, contact.kind_label) == ("rejection", "rejection")
    app.refresh_from_db()
    assert app.next_action == "none"


def test_the_employer_corrects_an_imported_kind(client, teammate, candidate):
    contact = candidate.log_contact(
        timezone.now(),
        at=timezone.now() - timedelta(hours=2),
        party="candidate",
        channel="email",
        text=EARLY_INQUIRY,
    )
    assert contact.kind_label == "status_inquiry"
    client.force_login(teammate)
    url = reverse(
        "employers:candidate_kind", args=[candidate.opening.team.slug, candidate.pk, contact.pk]
    )
    assert client.post(url, {"label": "thank_you"}).status_code == 302
    contact.refresh_from_db()
    assert (contact.kind, contact.kind_corrected) == ("thank_you", True)
    assert KindCorrection.objects.get().label == "thank_you"


def test_export_corrections_command_writes_json_lines(logged_in, owner):
    from click.testing import CliRunner

    from followline.cli import main

    app = add_application(owner, "Fabrikam", 2, timezone.now())
    _log(logged_in, app, EARLY_INQUIRY)
    contact = app.contacts.order_by("-id").first()
    logged_in.post(
        reverse("candidates:correct_kind", args=[app.pk, contact.pk]), {"label": "thank_you"}
    )
    result = CliRunner().invoke(main, ["kinds", "export-corrections"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert [orjson.loads(line)["label"] for line in lines] == ["thank_you"]
    assert "1 corrections" in result.stderr
