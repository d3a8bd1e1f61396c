"""The learned kinds and spam models: shipped, safe to load, reproducible, and right on
plain examples of every kind (written for this test, never trained on)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from followline.classify import MODELS, UNSURE, Side, classify, model, predict
from followline.classify.model import LinearModel, ModelError

ROOT = Path(__file__).resolve().parents[2]

CANDIDATE = [
    (
        "thank_you",
        "Thank you for the interview",
        "Dear Ms. Patel,\nThank you for meeting with me this afternoon about the buyer role. "
        "I enjoyed hearing how the team plans the spring range.\nKind regards,\nOwen",
    ),
    (
        "thank_you",
        "",
        "Hi Dan, many thanks for your time on the call today, it was great to learn more "
        "about the warehouse team. Best, Lucy",
    ),
    (
        "status_inquiry",
        "Analyst position",
        "Hello Mr. Grant,\nI interviewed for the analyst position two weeks ago and was "
        "wondering whether the team has reached a decision yet.\nBest regards,\nNina",
    ),
    (
        "status_inquiry",
        "Re: my application",
        "Hi, I sent my resume three weeks ago and wanted to check whether you had a chance "
        "to review it. Is the role still open? Thanks, Omar",
    ),
    (
        "scheduling",
        "Re: interview times",
        "Thursday at 2pm works for me. I will call the number you gave me. Regards, Mia",
    ),
    (
        "application",
        "Application for the line cook job",
        "Hello, I would like to apply for the line cook position advertised on your site. "
        "Please find attached my resume. I have four years of kitchen experience. Tom Reyes",
    ),
    (
        "withdrawal",
        "Withdrawing my application",
        "Dear Karen, I have accepted another offer and would like to withdraw my "
        "application for the engineer role. Thank you for your time. Priya",
    ),
]
EMPLOYER = [
    (
        "rejection",
        "Your application",
        "Dear Sam,\nThank you for interviewing with us. After careful consideration we have "
        "decided to move forward with another candidate. We wish you the best.\nHR team",
    ),
    (
        "offer",
        "Offer",
        "Hi Jo, we are delighted to offer you the position of store manager at a salary of "
        "$52,000. The offer letter is attached; please sign and return it by Friday.",
    ),
    (
        "invitation",
        "Interview",
        "Dear Alex, we would like to invite you for an interview at our office next Tuesday "
        "or Wednesday. Please let us know which day suits you. Regards, Claire",
    ),
    (
        "request",
        "Documents",
        "Hello Ravi, could you please send us copies of your transcripts and the names of "
        "two references before we continue? Thanks, Maria",
    ),
]


def test_every_shipped_model_loads_from_json():
    for name in ("job", "candidate", "employer", "spam"):
        loaded = model(name)
        assert loaded.name == name
        assert loaded.features
        text = (MODELS / f"{name}.json").read_bytes()
        assert orjson.loads(text)["format"] == "followline-linear/2"  # data, not code


def test_a_file_that_is_not_a_model_is_refused(tmp_path):
    pickled = tmp_path / "model.json"
    pickled.write_bytes(b"\x80\x04\x95\x00cos\nsystem\n")  # a pickle: never executed
    with pytest.raises(ModelError):
        LinearModel.load(pickled)
    wrong = tmp_path / "wrong.json"
    wrong.write_bytes(orjson.dumps({"format": "something-else"}))
    with pytest.raises(ModelError, match="not a followline-linear/2 model"):
        LinearModel.load(wrong)


@pytest.mark.parametrize(("label", "subject", "text"), CANDIDATE)
def test_candidate_kinds_of_plain_examples(label, subject, text):
    prediction = predict(text, subject, side=Side.CANDIDATE)
    assert prediction.label == label, prediction.explain()
    assert prediction.evidence


@pytest.mark.parametrize(("label", "subject", "text"), EMPLOYER)
def test_employer_kinds_of_plain_examples(label, subject, text):
    prediction = predict(text, subject, side=Side.EMPLOYER)
    assert prediction.label == label, prediction.explain()


def test_mail_that_is_no_part_of_a_job_search_is_not_job():
    text = (
        "Team, the quarterly gas volume report is attached. Please review the nominations "
        "for the Houston pipeline before Friday's meeting."
    )
    assert predict(text, "Q3 volumes").label in ("not_job", UNSURE)


def test_unsure_below_the_threshold_says_so():
    prediction = predict("ok", "")
    assert prediction.confidence < 1.0
    if prediction.unsure:
        assert prediction.explain().startswith("unsure: perhaps")
        assert str(prediction.candidate_kind) == "other"


def test_spam_is_flagged_with_evidence():
    text = (
        "CLICK HERE to claim your FREE prize!!! Earn extra cash from home, limited time "
        "offer, 100% guaranteed, to be removed reply REMOVE."
    )
    result = classify(text, "YOU HAVE WON $1,000,000!!!")
    assert result.spam
    assert result.evidence[-1].startswith("spam:")
    assert not classify("Thanks for the interview today, Ann.", "Thank you").spam


def _train(name: str, out: Path) -> bytes:
    subprocess.run(
        [sys.executable, "-m", "followline", "kinds", "train", "--only", name, "--out", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return (out / f"{name}.json").read_bytes()


@pytest.mark.slow
def test_training_is_deterministic_and_gives_the_shipped_model(corpora, tmp_path):
    first = _train("employer", tmp_path / "a")
    second = _train("employer", tmp_path / "b")
    assert first == second
    assert first == (MODELS / "employer.json").read_bytes(), (
        "the shipped employer model is not what the labels give: run followline kinds train"
    )


def test_a_pasted_early_status_inquiry_is_judged_premature():
    timeline = {
        "timezone": "America/Chicago",
        "now": "2026-11-05T09:00:00-06:00",
        "milestones": [{"type": "interview", "at": "2026-11-02T10:00:00-06:00"}],
        "contacts": [
            {
                "at": "2026-11-04T10:00:00-06:00",
                "text": "Hello Ms. Grant, I was wondering whether the team has reached a "
                "decision yet? Best regards, Nina",
            }
        ],
    }
    done = subprocess.run(
        [sys.executable, "-m", "followline", "judge", "-", "--json"],
        input=orjson.dumps(timeline),
        capture_output=True,
        check=True,
    )
    contact = orjson.loads(done.stdout)["contacts"][0]
    assert (contact["kind"], contact["kind_inferred"]) == ("status_inquiry", True)
    assert contact["verdict"] == "premature"


def test_classify_command_prints_kind_confidence_and_evidence():
    done = subprocess.run(
        [sys.executable, "-m", "followline", "classify", "examples/triage/inbox.mbox", "--json"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    lines = [orjson.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) >= 5
    for line in lines:
        assert {
            "kind",
            "confidence",
            "unsure",
            "spam",
            "evidence",
            "message_id",
            "location",
        } <= set(line)
        assert 0 <= line["confidence"] <= 1
        assert line["evidence"]


def test_classify_command_reads_job_mail_in_context_when_told(tmp_path):
    # Cold, the job model doubts this short thank-you; with --job-mail it is read as the
    # web app and triage read mail they know to be job mail.
    box = tmp_path / "mine.mbox"
    box.write_bytes(
        b"From a@b Mon Nov  2 10:00:00 2026\nFrom: Ann <ann@example.com>\nSubject: lunch\n\n"
        b"I wanted to thank you and Stinson for lunch last week."
        b" It was great to learn more.\n"
    )
    kinds = []
    for flags in ([], ["--job-mail"]):
        done = subprocess.run(
            [sys.executable, "-m", "followline", "classify", str(box), "--json", *flags],
            capture_output=True,
            check=True,
        )
        kinds.append(orjson.loads(done.stdout)["kind"])
    assert kinds == ["not_job", "thank_you"]


def test_classify_command_draws_its_progress_on_stderr_only():
    command = [sys.executable, "-m", "followline", "classify", "examples/triage/inbox.mbox"]
    env = {"TTY_COMPATIBLE": "1", "COLUMNS": "100", "PATH": "/usr/bin:/bin"}
    plain = subprocess.run(command, cwd=ROOT, capture_output=True, check=True, env=env)
    shown = subprocess.run(
        [*command, "--progress"], cwd=ROOT, capture_output=True, check=True, env=env
    )
    assert shown.stdout == plain.stdout and plain.stderr == b""
    assert b"classify" in shown.stderr and b"\x1b[" in shown.stderr  # the bar, drawn


def test_classify_command_bad_input_is_one_line_and_exit_2(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "followline", "classify", str(tmp_path / "missing.mbox")],
        capture_output=True,
    )
    assert done.returncode == 2
    assert done.stderr.decode().startswith("followline: error:")
    assert done.stderr.count(b"\n") == 1
    side = subprocess.run(
        [
            sys.executable,
            "-m",
            "followline",
            "classify",
            "examples/triage/inbox.mbox",
            "--side",
            "boss",
        ],
        cwd=ROOT,
        capture_output=True,
    )
    assert side.returncode == 2


@pytest.mark.slow
def test_every_corpus_message_is_classified_without_a_crash(corpora):
    from followline.learning.examples import split_enron
    from followline.mail.analyse import read
    from followline.mail.parse import parse_message

    count = 0
    for path in sorted((corpora / "spam-assassin" / "data").glob("*/*.txt")):
        classification, _ = read(parse_message(path.read_bytes()))
        assert classification.label
        count += 1
    for path in sorted((corpora / "enron-spam").glob("enron*/*/*.txt")):
        subject, body = split_enron(path.read_bytes())
        for side in (Side.CANDIDATE, Side.EMPLOYER):
            classify(body, subject, side=side)
        count += 1
    assert count == 6_046 + 33_124


def test_readme_classify_example_is_the_real_output():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ followline classify examples/triage/inbox.mbox\n"
    start = readme.index(command) + len(command)
    shown = readme[start : readme.index("```", start)]
    done = subprocess.run(
        [sys.executable, "-m", "followline", "classify", "examples/triage/inbox.mbox"],
        cwd=ROOT,
        capture_output=True,
        check=True,
        text=True,
    )
    assert shown == done.stdout, "run bench/readme_examples.py after retraining"


def test_corrections_are_read_as_training_examples(tmp_path):
    from followline.learning.examples import ExampleError, read_jsonl

    path = tmp_path / "corrections.jsonl"
    path.write_bytes(
        orjson.dumps(
            {"side": "candidate", "label": "thank_you", "subject": "Re: hi", "text": "Thanks!"}
        )
        + b"\n\n"
        + orjson.dumps(
            {"side": "employer", "label": "offer", "subject": "", "text": "Welcome aboard"}
        )
        + b"\n"
    )
    examples = list(read_jsonl(path, "correction"))
    assert [(e.label, e.text, e.stratum) for e in examples] == [
        ("thank_you", "Thanks!", "correction"),
        ("offer", "Welcome aboard", "correction"),
    ]
    path.write_bytes(b'{"side": "candidate", "label": "bogus", "text": "x"}\n')
    with pytest.raises(ExampleError, match="unknown label 'bogus'"):
        list(read_jsonl(path, "correction"))


def test_the_enron_labels_describe_the_corpus(corpora):
    import csv
    import hashlib

    from followline.learning.examples import ALL_LABELS

    with open(ROOT / "bench" / "data" / "enron-labels.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert len(rows) >= 2000
    assert len({(r["mailbox"], r["file"]) for r in rows}) == len(rows)  # each message once
    for row in rows:
        assert row["label"] in ALL_LABELS | {"not_job"}, row
        assert row["forwarded"] == "-" or row["forwarded"] in ALL_LABELS, row
        data = (corpora / "enron-spam" / row["mailbox"] / row["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"], row["file"]
    strata = {r["stratum"] for r in rows}
    assert strata == {
        "job",
        "job-other",
        "job-extra",
        "enron2-rest",
        "random",
        "spam-lookalike",
        "spam-random",
    }
    # the research manager's whole ham folder is labelled, not a sample of it
    enron2_ham = {f"ham/{p.name}" for p in (corpora / "enron-spam" / "enron2" / "ham").iterdir()}
    assert enron2_ham == {
        r["file"] for r in rows if r["mailbox"] == "enron2" and "/ham/" in f"/{r['file']}"
    }
