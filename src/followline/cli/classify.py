"""``followline classify``: what each message of a mailbox is, with confidence and evidence."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
import orjson

from followline.classify import Side
from followline.cli.errors import fail
from followline.cli.progress import reading
from followline.mail.analyse import read
from followline.mail.parse import parse_message
from followline.mail.sources import iter_sources


@click.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option(
    "--side",
    type=click.Choice([side.value for side in Side]),
    default=Side.CANDIDATE.value,
    show_default=True,
    help="Who wrote the messages: candidates (the hiring desk's inbox) or employers.",
)
@click.option(
    "--job-mail",
    is_flag=True,
    help="Every message that is not spam is job mail (a folder of a job search, a hiring "
    "inbox): read its kind without asking first whether it is job mail, as triage and the "
    "web app do. Without it, mail that does not look like job mail is not_job.",
)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines instead of text lines.")
@click.option("--progress", "show_progress", is_flag=True, help="A progress bar on stderr.")
def classify(
    sources: tuple[str, ...], side: str, job_mail: bool, as_json: bool, show_progress: bool
) -> None:
    """One line per message: kind, confidence, unsure, spam, evidence, Message-ID, where.

    SOURCE is read as by `followline triage`: an mbox (- for stdin), a Maildir, a
    directory of .eml/.txt/.msg files and mboxes, or one message file (Outlook .msg
    too); a file that is not mail is an error line naming it. Below the model's confidence
    threshold a message is marked unsure (with its likeliest kind) instead of guessed.

    \b
    Examples:
      followline classify inbox.mbox
      followline classify ~/Maildir/cur --side employer --json | jq .kind
      followline classify replies.mbox --side employer --job-mail
      followline classify big.mbox --progress > kinds.txt
    """
    for source in sources:
        if source != "-" and not Path(source).exists():
            fail(f"{source}: no such mailbox, directory or file")
    out = sys.stdout.buffer
    try:
        with reading("classify", sources, show_progress) as advance:
            for raw in iter_sources(sources):
                out.write(_line(raw.location, raw.data, Side(side), job_mail, as_json, raw.error))
                if advance is not None:
                    advance(raw.size)
            out.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _line(
    location: str,
    data: bytes,
    side: Side,
    job_mail: bool,
    as_json: bool,
    error: str | None = None,
) -> bytes:
    if error is not None:  # a file that is not mail (the sources say why)
        return _error_line(location, error, as_json)
    try:
        parsed = parse_message(data)
        classification, _ = read(parsed, side, job_mail=job_mail)
    except Exception as exc:  # a message that cannot be read is reported, never fatal
        return _error_line(location, f"{type(exc).__name__}: {exc}", as_json)
    record: dict[str, object] = {
        "location": location,
        "message_id": parsed.message_id,
        "from": parsed.from_addr,
        "subject": parsed.subject,
        "side": side.value,
        "kind": classification.label,
        "confidence": classification.confidence,
        "unsure": classification.unsure,
        "spam": classification.spam,
        "evidence": list(classification.evidence),
    }
    if as_json:
        return orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)
    flags = " SPAM" if classification.spam else ""
    return (
        f"{location}\t{classification.label}\t{classification.confidence:.2f}{flags}\t"
        f"{parsed.subject[:60]}\t{classification.evidence[0]}\n"
    ).encode()


def _error_line(location: str, error: str, as_json: bool) -> bytes:
    if as_json:
        return orjson.dumps(
            {"location": location, "error": error}, option=orjson.OPT_APPEND_NEWLINE
        )
    return f"{location}\terror: {error}\n".encode()
