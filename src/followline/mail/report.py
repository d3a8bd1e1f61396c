"""Triage output: JSON Lines (one record per line) or a table with one row per candidate."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from rich.console import Console
from rich.table import Table

from followline.classify import MessageKind

_VERDICT_STYLE = {
    "appropriate": "green",
    "premature": "yellow",
    "excessive": "bold red",
    "harassing": "bold white on red",
}
_KIND_HEADERS = {
    MessageKind.THANK_YOU: "Thanks",
    MessageKind.STATUS_INQUIRY: "Status",
    MessageKind.SCHEDULING: "Sched",
    MessageKind.APPLICATION: "Apply",
    MessageKind.WITHDRAWAL: "Withdr",
    MessageKind.OTHER: "Other",
}


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> None:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")


def _reason_text(reason: dict[str, Any] | None) -> str:
    if not reason:
        return ""
    text = f"[bold]{reason['rule']}[/]"
    if reason.get("detail"):
        text += f" ({reason['detail']})"
    return text + f"\n[dim]“{reason['says']}”[/]"


def print_table(records: Iterable[dict[str, Any]], console: Console) -> None:
    """Consume the records; print the candidates' table, errors and the summary."""
    table = Table(title="Triage: one row per candidate", title_justify="left")
    table.add_column("Candidate", ratio=2)
    for header in _KIND_HEADERS.values():
        table.add_column(header, justify="right", no_wrap=True)
    for header in ("Calls (vm)", "Dupes", "Spam"):
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column("Standing", no_wrap=True)
    table.add_column("Deciding reason", ratio=3)
    errors: list[dict[str, Any]] = []
    summary: dict[str, Any] = {}
    for record in records:
        kind = record["type"]
        if kind == "error":
            errors.append(record)
        elif kind == "summary":
            summary = record
        elif kind == "candidate":
            kinds = record["kinds"]
            standing = record["standing"]
            style = _VERDICT_STYLE.get(standing, "")
            who = record["name"] or record["candidate"]
            if record["name"]:
                who += f"\n[dim]{record['candidate']}[/]"
            calls = record["calls"]
            table.add_row(
                who,
                *(str(kinds.get(k.value, 0) or "") for k in _KIND_HEADERS),
                f"{calls['total']} ({calls['voicemail']})" if calls["total"] else "",
                str(record["duplicates"] or ""),
                str(record["spam"] or ""),
                f"[{style}]{standing}[/]",
                _reason_text(record["deciding_reason"]),
            )
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
