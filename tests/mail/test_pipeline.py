"""End to end through the pipeline: grouping, duplicates, calls, interviews, the line."""

from dataclasses import replace

from followline.mail.pipeline import triage

from .conftest import letter, mbox

ANN = "Ann Lee <ann.lee@example.com>"
THANKS = (
    "Thank you for the interview on Monday. I enjoyed meeting the team and learning about"
    " the migration project; my five years of data work fit it well."
)
STATUS = "I am following up on my application: is there any update on the decision?"
SIGNATURE = "\n\n-- \nAnn Lee\n(312) 555-0142"


def run(tmp_path, options, messages, calls=None, interviews=None):
    box = tmp_path / "inbox.mbox"
    box.write_bytes(mbox(*messages))
    if calls is not None:
        (tmp_path / "calls.csv").write_text("time,number,duration,voicemail\n" + calls)
        options = replace(options, calls=tmp_path / "calls.csv")
    if interviews is not None:
        (tmp_path / "iv.csv").write_text("candidate,interview,decision_within_days\n" + interviews)
        options = replace(options, interviews=tmp_path / "iv.csv")
    records = list(triage([str(box)], options))
    by_type: dict[str, list[dict]] = {}
    for record in records:
        by_type.setdefault(record["type"], []).append(record)
    return by_type


def test_grouping_duplicates_calls_and_the_line(tmp_path, options):
    out = run(
        tmp_path,
        options,
        [
            letter(
                ANN, THANKS + SIGNATURE, subject="Thank you", date="Mon, 02 Nov 2026 17:00 -0600"
            ),
            letter(
                "ANN.LEE+jobs@Example.com",
                THANKS + " Thanks again!",
                subject="Thank you",
                date="Tue, 03 Nov 2026 09:00 -0600",
            ),
            letter(ANN, STATUS, subject="Status", date="Thu, 05 Nov 2026 09:00 -0600"),
            letter(
                "bob@example.com",
                "Attached is my resume for the analyst position.",
                subject="Application",
                date="Mon, 02 Nov 2026 08:00 -0600",
            ),
            letter(
                "promo@spam.example",
                "Make money fast! Click here to order now. To be"
                " removed from our list reply REMOVE.",
                subject="FREE CASH NOW!!!",
            ),
        ],
        calls="2026-11-06T09:00:00-06:00,312-555-0142,0:10,no\n"
        "2026-11-06T11:00:00-06:00,(312) 555-0142,0:05,no\n"
        "2026-11-06T15:00:00-06:00,+13125550142,0:30,yes\n"
        "2026-11-06T16:00:00-06:00,+1 415 555 0100,1:00,yes\n",
    )
    messages = out["message"]
    assert [m["kind"] for m in messages] == [
        "thank_you",
        "thank_you",
        "status_inquiry",
        "application",
        "other",
    ]
    assert [m["spam"] for m in messages] == [False, False, False, False, True]
    assert messages[1]["duplicate_of"] == 1  # re-sent, lightly edited
    assert messages[1]["candidate"] == "ann.lee@example.com"  # case and plus-tag
    assert all(m["evidence"] for m in messages)

    ann, bob, stranger = out["candidate"]
    assert ann["candidate"] == "ann.lee@example.com" and ann["phones"] == ["+13125550142"]
    assert ann["kinds"] == {"status_inquiry": 1, "thank_you": 2}
    assert ann["calls"] == {"total": 3, "voicemail": 1} and ann["duplicates"] == 1
    assert ann["standing"] == "harassing"
    verdicts = [
        (c["channel"], c["verdict"], {r["rule"] for r in c["reasons"]}) for c in ann["contacts"]
    ]
    assert verdicts[1][:2] == ("email", "excessive") and "duplicate-letter" in verdicts[1][2]
    assert verdicts[-1][:2] == ("phone", "harassing") and "call-burst" in verdicts[-1][2]
    assert bob["standing"] == "appropriate" and bob["kinds"] == {"application": 1}
    assert stranger["candidate"] == "+14155550100" and stranger["calls"]["total"] == 1
    summary = out["summary"][0]
    assert summary["candidates"] == 3 and summary["senders"] == 4  # the spammer is no candidate
    assert summary["calls"] == 4 and summary["calls_matched"] == 3
    assert summary["spam"] == 1 and summary["duplicates"] == 1
    assert summary["timing_rules"].startswith("skipped")
    assert all(not c["timing_rules"] for c in out["candidate"])


def test_interviews_turn_timing_rules_on(tmp_path, options):
    out = run(
        tmp_path,
        options,
        [
            letter(ANN, THANKS, subject="Thank you", date="Mon, 02 Nov 2026 17:00 -0600"),
            letter(ANN, STATUS, subject="Status", date="Thu, 05 Nov 2026 09:00 -0600"),
        ],
        interviews="ann.lee@example.com,2026-11-02T10:00:00-06:00,10\n",
    )
    (ann,) = out["candidate"]
    assert ann["timing_rules"] is True
    assert [c["verdict"] for c in ann["contacts"]] == ["appropriate", "premature"]
    assert "before" in ann["contacts"][1]["reasons"][0]["detail"]
    assert out["summary"][0]["timing_rules"].startswith("applied")


def test_unreadable_message_is_reported_not_fatal(tmp_path, options, monkeypatch):
    import followline.mail.analyse as analyse

    real = analyse.parse_message

    def flaky(data):
        if b"poison" in data:
            raise RuntimeError("cannot read this one")
        return real(data)

    monkeypatch.setattr(analyse, "parse_message", flaky)
    out = run(tmp_path, options, [letter(ANN, "poison"), letter(ANN, STATUS)])
    (error,) = out["error"]
    assert error["id"] == 1 and error["source"].endswith("inbox.mbox@0")
    assert "cannot read this one" in error["error"]
    assert len(out["message"]) == 1 and out["summary"][0]["errors"] == 1


def test_workers_give_the_same_records(tmp_path, options):
    messages = [letter(f"p{i % 7}@x.example", f"{STATUS} Note {i}.") for i in range(300)]
    one = run(tmp_path, options, messages)
    two = run(tmp_path, replace(options, workers=2), messages)
    assert one == two


def test_triage_reads_every_sender_but_a_spammer_as_job_mail(tmp_path, options):
    # Read without context, the job model doubts this thank-you (``followline classify``
    # calls it not_job); triage judges its sender as a candidate, so it is job mail.
    body = "I wanted to thank you and Stinson for lunch last week. It was great to learn more."
    out = run(tmp_path, options, [letter(ANN, body, subject="lunch")])
    (message,) = out["message"]
    assert message["kind"] == "thank_you" and not message["unsure"]
    assert out["candidate"][0]["kinds"] == {"thank_you": 1}
