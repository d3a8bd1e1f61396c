"""``followline triage``: a thin wrapper over :mod:`followline.mail.pipeline`."""

from __future__ import annotations

import os
import sys
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from followline.cli.documents import read_policy
from followline.cli.errors import fail
from followline.cli.progress import reading
from followline.line import InputError
from followline.mail.csvinputs import CsvError
from followline.mail.pipeline import TriageOptions
from followline.mail.pipeline import triage as run_triage
from followline.mail.report import print_table, write_jsonl

if TYPE_CHECKING:  # rich loads only for a table
    from rich.console import Console


@click.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option(
    "--calls",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="CSV",
    help="Call log: time, number, duration, voicemail.",
)
@click.option(
    "--interviews",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="CSV",
    help="Interviews: candidate, interview, decision_within_days[, phone, applied].",
)
@click.option(
    "--policy",
    "policy_spec",
    metavar="NAME|FILE",
    default="two-email",
    show_default=True,
    help="A preset (two-email, one-and-done) or a policy file.",
)
@click.option("--json", "as_json", is_flag=True, help="Write JSON Lines instead of a table.")
@click.option("--progress", "show_progress", is_flag=True, help="A progress bar on stderr.")
@click.option("--now", "now_text", metavar="ISO", help="Judge as of this instant (default: now).")
@click.option(
    "--timezone",
    "zone_name",
    default="UTC",
    show_default=True,
    help="Zone for CSV times without a UTC offset.",
)
@click.option(
    "--region",
    default="US",
    show_default=True,
    help="Country for phone numbers written without +country code.",
)
@click.option(
    "--workers",
    type=click.IntRange(0, 16),
    default=0,
    help="Processes that read mail (default: one per CPU, at most 4).",
)
def triage(
    sources: tuple[str, ...],
    calls: Path | None,
    interviews: Path | None,
    policy_spec: str,
    as_json: bool,
    show_progress: bool,
    now_text: str | None,
    zone_name: str,
    region: str,
    workers: int,
) -> None:
    """Triage inbound follow-ups: one line per candidate, judged by the line.

    SOURCE is an mbox file, a Maildir, a directory of .eml/.txt/.msg message files (or a
    .zip of one), one message file, or - for an mbox on stdin. Spam is flagged, re-sent
    letters are collapsed onto their first copy, and every candidate's mail and calls are
    judged.

    \b
    Examples:
      followline triage inbox.mbox
      followline triage ~/Maildir --calls calls.csv --interviews interviews.csv
      followline triage exported/*.eml --policy one-and-done --json > triage.jsonl
      cat inbox.mbox | followline triage - --progress
    """
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        fail(f"--timezone: unknown time zone {zone_name!r}")
    policy = read_policy(policy_spec)
    now = _now(now_text, zone)
    for source in sources:
        if source != "-" and not Path(source).exists():
            fail(f"{source}: no such mailbox, directory or file")
    options = TriageOptions(policy, now, calls, interviews, zone, region, workers)
    try:
        with (
            reading("triage", sources, show_progress) as advance,
            # Closed on every way out (a closed pipe, an error): that stops the worker
            # pool at once rather than at interpreter exit, where a pool still feeding its
            # workers can hang.
            closing(run_triage(sources, options, progress=advance)) as records,  # type: ignore[type-var]
        ):
            if as_json:
                write_jsonl(records, sys.stdout.buffer)
            else:
                print_table(records, _console())
    except (CsvError, InputError) as exc:
        fail(str(exc))
    except BrokenPipeError:
        # The reader stopped early (``| head``): it has what it wanted. Stop quietly, and
        # keep Python from complaining again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _now(text: str | None, zone: ZoneInfo) -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        fail(f"--now: {text!r} is not an ISO 8601 date-time")
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _console() -> Console:
    """The table's console: 140 columns when stdout is no terminal; a closed pipe is left
    to the command (rich itself would exit with status 1)."""
    from rich.console import Console  # noqa: PLC0415 (start-up: rich only for a table or bar)

    class TableConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    console = TableConsole()
    return console if console.is_terminal else TableConsole(width=140)
