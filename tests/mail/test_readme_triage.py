"""The README's triage section must match the real command: its example output, the fields
it documents for every record type, and the options it names."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

import followline.mail.analyse as analyse
from followline.cli import main
from followline.mail.pipeline import triage_raw
from followline.mail.sources import RawMessage

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "docs" / "triage.md"  # the triage reference, linked from the README


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("# Triage:")
    end = text.find("\n# ", start + 1)
    return text[start : end if end != -1 else None]


def _block(marker: str, language: str) -> str:
    match = re.search(rf"<!-- {marker} -->\s*```{language}\n(.*?)\n```", _section(), re.DOTALL)
    assert match, f"README's triage section has no ```{language} block after <!-- {marker} -->"
    return match.group(1)


def _table(record_type: str) -> dict[str, str]:
    match = re.search(
        rf"<!-- triage-fields {record_type} -->\s*\| field \| meaning \|\n\| --- \| --- \|\n"
        r"((?:\|.*\|\n)+)",
        _section(),
    )
    assert match, f"README documents no fields for {record_type!r} records"
    rows = {}
    for line in match.group(1).splitlines():
        name, meaning = line.strip("|").split("|", 1)
        rows[name.strip().strip("`")] = meaning.strip()
    return rows


@pytest.fixture
def readme_run(monkeypatch) -> list[dict]:
    monkeypatch.chdir(ROOT)
    argv = shlex.split(_block("triage-command", "sh"))
    assert argv[:2] == ["followline", "triage"]
    result = CliRunner().invoke(main, argv[1:])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_readme_output_is_the_real_output(readme_run):
    documented = [json.loads(line) for line in _block("triage-output", "json").splitlines()]
    assert readme_run == documented


def test_every_field_of_every_record_is_documented(readme_run, monkeypatch, options):
    by_type: dict[str, dict] = {}
    for record in readme_run:
        by_type.setdefault(record["type"], record)
    monkeypatch.setattr(analyse, "parse_message", lambda data: 1 / 0)
    by_type["error"] = next(triage_raw([RawMessage("x.eml", b"broken")], options))
    assert set(by_type) == {"message", "error", "candidate", "summary"}
    for record_type, record in by_type.items():
        assert set(_table(record_type)) == set(record), record_type
    contact_fields = set(re.findall(r"`(\w+)`", _table("candidate")["contacts"]))
    assert contact_fields == set(by_type["candidate"]["contacts"][0])
    next_fields = set(re.findall(r"`(\w+)`", _table("candidate")["next"]))
    assert next_fields == set(by_type["candidate"]["next"])


def test_every_option_is_documented():
    result = CliRunner().invoke(main, ["triage", "--help"])
    options = set(re.findall(r"(--[a-z-]+)", result.output)) - {"--help"}
    assert options
    section = _section()
    assert {o for o in options if o not in section} == set()
