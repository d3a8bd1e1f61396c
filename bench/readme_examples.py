"""Rewrite the README's generated examples from the real commands (after retraining).

Run:  .venv/bin/python bench/readme_examples.py

Two blocks: the README's `followline classify` example (the lines after its ``$`` command
line) and the JSON output in ``docs/triage.md`` (after ``<!-- triage-output -->``). Tests
check both stay true (tests/mail/test_kind_model.py, tests/mail/test_readme_triage.py).
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
TRIAGE = ROOT / "docs" / "triage.md"
CLASSIFY = "$ followline classify examples/triage/inbox.mbox\n"


def run(command: str) -> str:
    argv = [sys.executable, "-m", "followline", *shlex.split(command)[1:]]
    return subprocess.run(argv, cwd=ROOT, capture_output=True, check=True, text=True).stdout


def main() -> None:
    text = README.read_text(encoding="utf-8")
    start = text.index(CLASSIFY) + len(CLASSIFY)
    end = text.index("```", start)
    README.write_text(text[:start] + run(CLASSIFY[2:].strip()) + text[end:], encoding="utf-8")
    text = TRIAGE.read_text(encoding="utf-8")
    section = text.index("# Triage:")
    command = re.search(r"<!-- triage-command -->\s*```sh\n(.*?)\n```", text[section:], re.S)
    assert command is not None
    block = re.search(r"<!-- triage-output -->\s*```json\n(.*?)\n```", text[section:], re.S)
    assert block is not None
    a, b = section + block.start(1), section + block.end(1)
    TRIAGE.write_text(text[:a] + run(command.group(1)).rstrip("\n") + text[b:], encoding="utf-8")


if __name__ == "__main__":
    main()
