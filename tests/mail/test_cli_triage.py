import json
import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from followline.cli import main

from .conftest import letter, mbox


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", text)


ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "triage"
NOW = ["--now", "2026-11-07T12:00:00-06:00"]


def test_table_names_each_candidate_with_standing_and_reason():
    result = CliRunner().invoke(
        main,
        ["triage", str(EXAMPLES / "inbox.mbox"), "--calls", str(EXAMPLES / "calls.csv"), *NOW],
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Ann Lee" in out and "Bob Diaz" in out and "Best Deals" not in out
    assert out.index("Ann Lee") < out.index("Bob Diaz")  # worst standing first
    assert "2 thank-you, 1 status" in out
    assert "harassing" in out and "follow-up-budget" in out
    assert "5 messages (0 unreadable, 1 spam, 1 duplicates collapsed" in out
    assert "Timing rules skipped: no --interviews CSV" in out


def test_stdin_mbox_with_progress_bar_on_stderr_and_records_on_stdout():
    data = mbox(*(letter(f"p{i}@x.example", "Any update on my application?") for i in range(40)))
    process = subprocess.run(
        [sys.executable, "-m", "followline", "triage", "-", "--json", "--progress", *NOW],
        input=data,
        capture_output=True,
        check=True,
        env={"TTY_COMPATIBLE": "1", "COLUMNS": "100", "PATH": "/usr/bin:/bin"},
    )
    records = [json.loads(line) for line in process.stdout.splitlines()]
    assert [r["type"] for r in records] == ["message"] * 40 + ["candidate"] * 40 + ["summary"]
    assert records[0]["source"] == "-@0" and records[0]["kind"] == "status_inquiry"
    assert b"triage" in process.stderr and b"\x1b[" in process.stderr  # the bar, drawn


def test_progress_bar_for_files_keeps_the_table_on_stdout(tmp_path):
    box = tmp_path / "in.mbox"
    box.write_bytes(mbox(*(letter(f"p{i}@x.example", "Any news?") for i in range(50))))
    process = subprocess.run(
        [sys.executable, "-m", "followline", "triage", str(box), "--progress", *NOW],
        capture_output=True,
        text=True,
        check=True,
        env={"TTY_COMPATIBLE": "1", "COLUMNS": "120", "PATH": "/usr/bin:/bin"},
    )
    stdout, stderr = _plain(process.stdout), _plain(process.stderr)
    assert "50 messages" in stdout and "50 messages" not in stderr
    assert "triage" in stderr


def test_bad_input_is_a_clear_error(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(main, ["triage", str(tmp_path / "nope.mbox")])
    assert missing.exit_code == 2 and "no such mailbox" in missing.output
    box = tmp_path / "in.mbox"
    box.write_bytes(mbox(letter("a@x.example", "hi")))
    calls = tmp_path / "calls.csv"
    calls.write_text("time,number,duration,voicemail\nsoon,555,1,no\n")
    bad = runner.invoke(main, ["triage", str(box), "--calls", str(calls)])
    assert bad.exit_code == 2 and "calls.csv:2: not an ISO 8601 time" in bad.output
    policy = runner.invoke(main, ["triage", str(box), "--policy", "no-such-preset"])
    assert policy.exit_code == 2


def test_commands_load_on_use_and_help_lists_them_all():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in ("judge", "policy", "triage"):
        assert re.search(rf"^\s+{name}\s", result.output, re.M), result.output
    probe = (
        "import sys\n"
        "from followline.cli import main\n"
        "main(['triage', '-', '--json'], standalone_mode=False)\n"
        "assert 'followline.cli.judge' not in sys.modules, 'judge loaded for triage'\n"
        "assert 'followline.cli.triage' in sys.modules\n"
    )
    process = subprocess.run(
        [sys.executable, "-c", probe], input=b"", capture_output=True, check=False
    )
    assert process.returncode == 0, process.stderr.decode()


def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path):
    """``followline triage BIG --json | head -1``: exit 0, nothing on stderr, no workers
    left behind (in both output modes)."""
    box = tmp_path / "big.mbox"
    box.write_bytes(mbox(*(letter(f"p{i}@x.example", f"Any news, {i}?") for i in range(3000))))
    for mode in (["--json"], [], ["--json"], []):
        command = [sys.executable, "-m", "followline", "triage", str(box), *mode, *NOW]
        reader = subprocess.Popen(
            ["head", "-c", "300"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        writer = subprocess.run(command, stdout=reader.stdin, stderr=subprocess.PIPE, timeout=120)
        reader.stdin.close()
        assert len(reader.stdout.read()) == 300
        reader.wait()
        assert (writer.returncode, writer.stderr) == (0, b""), mode
