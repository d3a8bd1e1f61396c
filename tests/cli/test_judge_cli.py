"""`followline judge` and `followline policy` as a user runs them: exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from followline.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.json")) + sorted((ROOT / "examples").glob("*.yaml"))


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_judges_in_both_formats(path: Path) -> None:
    table = invoke("judge", str(path))
    assert table.exit_code == 0, table.output
    assert "Next:" in table.output and "Standing:" in table.output
    as_json = invoke("judge", str(path), "--json")
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.output)["next"]["action"] in {"thank_you", "status_inquiry", "none"}


def test_after_interview_example_says_the_next_step_in_plain_words() -> None:
    result = invoke("judge", str(ROOT / "examples/after-interview.json"))
    assert "Next: your status inquiry, by email, from Thu 12 Nov 10:00." in result.output


def test_call_storm_is_harassing() -> None:
    result = invoke("judge", str(ROOT / "examples/call-storm.yaml"), "--json")
    data = json.loads(result.output)
    assert data["standing"] == "harassing"
    assert "call-burst" in [r["rule"] for r in data["contacts"][3]["reasons"]]


def test_policy_option_overrides_the_file() -> None:
    result = invoke(
        "judge", str(ROOT / "examples/call-storm.yaml"), "--json", "--policy", "one-and-done"
    )
    assert json.loads(result.output)["policy"] == "one-and-done"


def test_now_option_changes_the_answer() -> None:
    path = str(ROOT / "examples/after-interview.json")
    early = json.loads(invoke("judge", path, "--json", "--now", "2026-11-02T12:00:00-06:00").output)
    assert early["next"]["action"] == "thank_you"


BAD = [
    ("{not json", "invalid JSON at line 1"),
    ("a: [unclosed", "neither JSON nor valid YAML"),
    ('{"contacts": [], "colour": 1}', "colour: unknown field"),
    (
        '{"contacts": [{"at": "2026-11-02T10:00:00"}]}',
        "contacts[0].at: 2026-11-02T10:00:00 has no UTC offset",
    ),
    ('{"policy": "three-email"}', "unknown preset 'three-email'"),
    (
        '{"milestones": [{"type": "interview", "at": "2026-11-02T10:00:00Z", "decision_within_days": -3}]}',
        "milestones[0].decision_within_days: must not be negative",
    ),
    (
        '{"contacts": [{"at": "2026-11-02T10:00:00Z", "from": "recruiter"}]}',
        "contacts[0].from: 'recruiter' is not one of: candidate, employer",
    ),
    (
        '{"contacts": [{"at": "yesterday", "from": "candidate"}]}',
        "contacts[0].at: 'yesterday' is not an ISO 8601",
    ),
    ('{"timezone": "Mars/Olympus"}', "timezone: unknown time zone 'Mars/Olympus'"),
    ('{"policy": {"budget": -1}}', "policy.budget: must be at least 0"),
    ("[1, 2]", "the document must be an object"),
]


@pytest.mark.parametrize(("document", "message"), BAD)
def test_bad_input_is_one_clear_line_and_exit_2(document: str, message: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "followline", "judge", "-"],
        input=document,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert message in lines[0]


def test_missing_file_is_a_clear_error() -> None:
    result = invoke("judge", "no-such-file.json")
    assert result.exit_code == 2
    assert "no-such-file.json: no such file" in result.output


def test_policy_show_round_trips_through_check(tmp_path: Path) -> None:
    shown = invoke("policy", "show", "one-and-done")
    assert shown.exit_code == 0
    path = tmp_path / "mine.toml"
    path.write_text(shown.output)
    checked = invoke("policy", "check", str(path))
    assert checked.exit_code == 0, checked.output
    assert "Up to 1 follow-up per interview" in checked.output


def test_policy_check_explains_business_days() -> None:
    checked = invoke("policy", "check", str(ROOT / "examples/policies/acme-business-days.toml"))
    assert checked.exit_code == 0
    assert "public holidays of US" in checked.output


def test_policy_check_rejects_bad_values(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('budget = "two"\n')
    checked = invoke("policy", "check", str(path))
    assert checked.exit_code == 2
    assert "policy.budget: must be a whole number" in checked.output


def test_policy_check_rejects_unknown_country(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('business_days = true\nholidays_country = "XX"\n')
    checked = invoke("policy", "check", str(path))
    assert checked.exit_code == 2
    assert "no public-holiday calendar for 'XX'" in checked.output
