"""``followline judge`` and ``followline policy``: thin wrappers over :mod:`followline.line`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, tzinfo

import click
import tomli_w
from rich.console import Console
from rich.table import Table

from followline.cli.documents import parse_document, read_policy, read_text
from followline.cli.errors import fail
from followline.holiday_calendar import calendar_for
from followline.line import (
    PRESETS,
    CandidateKind,
    InputError,
    Judgement,
    Timeline,
    describe_policy,
    get_policy,
    judgement_to_dict,
    load_timeline,
    next_step_sentence,
    policy_to_mapping,
    zone_of,
)
from followline.line import (
    judge as judge_timeline,
)
from followline.line.explain import when_words

_VERDICT_STYLE = {
    "appropriate": "green",
    "premature": "yellow",
    "excessive": "bold red",
    "harassing": "bold white on red",
}


def infer_kind(text: str | None) -> CandidateKind:
    """The shared classifier, loaded by the first contact without a kind (~40 ms that a
    fully labelled timeline never pays)."""
    from followline.classify import infer_candidate_kind  # noqa: PLC0415 (start-up time)

    return infer_candidate_kind(text)


@click.command()
@click.argument("file", type=str)
@click.option("--json", "as_json", is_flag=True, help="Write the JSON contract instead of a table.")
@click.option(
    "--policy",
    "policy_spec",
    metavar="NAME|FILE",
    help="A preset (two-email, one-and-done) or a policy file; overrides the file's.",
)
@click.option(
    "--now",
    "now_text",
    metavar="ISO",
    help="Judge as of this instant (default: the file's `now`, else the current time).",
)
def judge(file: str, as_json: bool, policy_spec: str | None, now_text: str | None) -> None:
    """Judge every follow-up in a timeline FILE (JSON or YAML; - for stdin).

    \b
    Examples:
      followline judge examples/after-interview.json
      followline judge examples/after-interview.json --json
      followline judge - --policy one-and-done < timeline.yaml
      followline judge examples/call-storm.yaml --now 2026-11-12T09:00:00-06:00
    """
    data = parse_document(read_text(file), file)
    policy = read_policy(policy_spec) if policy_spec else None
    try:
        parsed = load_timeline(data, policy=policy)
        tz = zone_of(data)
        now = _now(now_text, parsed.now, tz)
        result = judge_timeline(
            parsed.timeline,
            parsed.policy,
            now,
            calendar=calendar_for(parsed.policy),
            infer_kind=infer_kind,
        )
    except InputError as exc:
        fail(f"{file}: {exc}")
    if as_json:
        click.echo(json.dumps(judgement_to_dict(result, tz), indent=2, ensure_ascii=False))
        return
    _print_table(parsed.timeline, result, now, tz)


def _now(text: str | None, given: datetime | None, tz: tzinfo | None) -> datetime:
    if text is None:
        return given or datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InputError("--now", f"{text!r} is not an ISO 8601 date-time") from None
    if moment.tzinfo is None:
        if tz is None:
            raise InputError("--now", "has no UTC offset and the file names no timezone")
        moment = moment.replace(tzinfo=tz)
    return moment


def _print_table(timeline: Timeline, result: Judgement, now: datetime, tz: tzinfo | None) -> None:
    console = Console()
    if not console.is_terminal:
        console = Console(width=120)
    table = Table(title=f"Policy: {result.policy}", title_justify="left")
    for column in ("#", "When", "From", "Kind", "Verdict"):
        table.add_column(column, no_wrap=True)
    table.add_column("Why", ratio=1)
    for judged in sorted(result.contacts, key=lambda c: timeline.contacts[c.index].at):
        contact = timeline.contacts[judged.index]
        verdict = judged.verdict.value if judged.verdict else "—"
        why = judged.reasons[0] if judged.reasons else None
        why_text = ""
        if why:
            why_text = f"[bold]{why.rule}[/]" + (f" ({why.detail})" if why.detail else "")
            why_text += f"\n[dim]“{why.says}”[/]"
        why_text += "".join(f"\n[yellow]⚠ {w.says}[/]" for w in judged.warnings)
        kind = judged.kind.value + ("\n(inferred)" if judged.kind_inferred else "")
        table.add_row(
            str(judged.index),
            when_words(contact.at, tz),
            f"{judged.party.value}\n{contact.channel.value}"
            + (" +vm" if contact.voicemail else ""),
            kind,
            f"[{_VERDICT_STYLE.get(verdict, '')}]{verdict}[/]" if judged.verdict else verdict,
            why_text,
        )
    console.print(table)
    style = _VERDICT_STYLE[result.standing.value]
    console.print(f"Standing: [{style}]{result.standing.value}[/]")
    promise = result.employer
    if promise.closed:
        console.print("Employer: the process has ended.")
    elif promise.due is not None:
        state = "[bold red]overdue[/]" if promise.overdue else "not yet due"
        console.print(f"Employer: owes an answer by {when_words(promise.due, tz)} ({state}).")
    console.print(next_step_sentence(result.next, now, tz), markup=False)


@click.group()
def policy() -> None:
    """Show, copy and check follow-up policies.

    \b
    Examples:
      followline policy show two-email > my-policy.toml
      followline policy check my-policy.toml
    """


@policy.command("show")
@click.argument("name", type=click.Choice(sorted(PRESETS)))
def policy_show(name: str) -> None:
    """Print preset NAME as TOML, to copy and edit."""
    click.echo(f"# followline policy, from the preset {name!r}. Edit, then:")
    click.echo("#   followline policy check THIS_FILE")
    click.echo(tomli_w.dumps(policy_to_mapping(get_policy(name))), nl=False)


@policy.command("check")
@click.argument("file", type=str)
def policy_check(file: str) -> None:
    """Validate a policy FILE (TOML, JSON or YAML) and explain what it allows."""
    checked = read_policy(file)
    try:
        calendar_for(checked)
    except InputError as exc:
        fail(f"{file}: {exc}")
    click.echo(f"{file}: valid.")
    for line in describe_policy(checked):
        click.echo(f"- {line}")
