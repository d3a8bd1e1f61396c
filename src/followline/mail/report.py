"""Triage output: JSON Lines (one record per line) or a table with one row per candidate."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

import orjson

from followline.classify import MessageKind

if TYPE_CHECKING:  # rich is imported when a table is printed: --json starts faster without it
    from rich.console import Console

_VERDICT_STYLE = {
    "appropriate": "green",
    "premature": "yellow",
    "excessive": "bold red",
    "harassing": "bold white on red",
}
_KIND_HEADERS = {
    MessageKind.THANK_YOU: "thank-you",
    MessageKind.STATUS_INQUIRY: "status",
    MessageKind.SCHEDULING: "scheduling",
    MessageKind.APPLICATION: "application",
    MessageKind.WITHDRAWAL: "withdrawal",
    MessageKind.OTHER: "other",
}
_RANK = {"appropriate": 0, "premature": 1, "excessive": 2, "harassing": 3}


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[bytes]) -> None:
    """One record per line, UTF-8 (``orjson``: about ten times faster than ``json``)."""
    for record in records:
        out.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))


def _reason_text(reason: dict[str, Any] | None, prefix: str = "") -> str:
    if not reason:
        return ""
    text = f"{prefix}[bold]{reason['rule']}[/]"
    if reason.get("detail"):
        text += f" ({reason['detail']})"
    return text + f"\n[dim]“{reason['says']}”[/]"


def _mail_text(kinds: dict[str, int]) -> str:
    """Messages by kind, most first: "2 thanks, 1 status"."""
    parts = sorted(
        ((n, _KIND_HEADERS[MessageKind(kind)]) for kind, n in kinds.items() if n),
        key=lambda item: (-item[0], item[1]),
    )
    return ", ".join(f"{n} {label}" for n, label in parts)


def _row(record: dict[str, Any]) -> tuple[str, ...]:
    standing = record["standing"]
    style = _VERDICT_STYLE.get(standing, "")
    who = record["name"] or record["candidate"]
    if record["name"]:
        who += f"\n[dim]{record['candidate']}[/]"
    calls = record["calls"]
    return (
        who,
        _mail_text(record["kinds"]),
        f"{calls['total']} ({calls['voicemail']})" if calls["total"] else "",
        str(record["duplicates"] or ""),
        str(record["spam"] or ""),
        f"[{style}]{standing}[/]",
        _reason_text(record["deciding_reason"])
        or _reason_text(record["next"]["reason"], prefix="no contact to judge; next: "),
    )


def print_table(records: Iterable[dict[str, Any]], console: Console) -> None:
    """Consume the records; print the candidates' table (worst standing first, then the
    most contacts), the unreadable messages and the summary."""
    from rich.table import Table  # noqa: PLC0415 (start-up: rich only for the table)

    table = Table(title="Triage: one row per candidate, worst first", title_justify="left")
    table.add_column("Candidate", ratio=2)
    table.add_column("Mail by kind", ratio=2)
    for header in ("Calls (vm)", "Dupes", "Spam"):
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column("Standing", no_wrap=True)
    table.add_column("Deciding reason", ratio=4)
    errors: list[dict[str, Any]] = []
    summary: dict[str, Any] = {}
    rows: list[tuple[int, int, tuple[str, ...]]] = []
    for record in records:
        kind = record["type"]
        if kind == "error":
            errors.append(record)
        elif kind == "summary":
            summary = record
        elif kind == "candidate":
            rank = _RANK.get(record["standing"], 0)
            rows.append((-rank, -len(record["contacts"]), _row(record)))
    for _, _, row in sorted(rows, key=lambda item: item[:2]):
        table.add_row(*row)
    if table.row_count:
        console.print(table)
    for error in errors[:20]:
        console.print(f"[red]unreadable[/] #{error['id']} {error['source']}: {error['error']}")
    if len(errors) > 20:
        console.print(f"[red]… and {len(errors) - 20} more unreadable messages[/]")
    if summary:
        _print_summary(summary, console)


def _print_summary(summary: dict[str, Any], console: Console) -> None:
    standings = ", ".join(f"{n} {name}" for name, n in sorted(summary["standings"].items()))
    console.print(
        f"{summary['messages']} messages ({summary['errors']} unreadable, {summary['spam']} spam,"
        f" {summary['duplicates']} duplicates collapsed, {summary['undated']} undated) from"
        f" {summary['senders']} senders; {summary['calls']} calls"
        f" ({summary['calls_matched']} matched to a mail address)."
    )
    console.print(
        f"{summary['candidates']} candidates under policy {summary['policy']}"
        + (f": {standings}." if standings else ".")
    )
    console.print(f"Timing rules {summary['timing_rules']}.", markup=False)
