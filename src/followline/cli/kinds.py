"""``followline kinds``: train the classifier's models; export the users' corrections."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from followline.cli.errors import fail
from followline.cli.web import setup_django

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "classify" / "models"
MODELS = ("job", "candidate", "employer", "spam")


@click.group()
def kinds() -> None:
    """The learned message kinds: train the models, export corrections, read stored
    contacts again.

    \b
    Examples:
      followline kinds train                       # all four models, from a checkout
      followline kinds train --only candidate --corrections corrections.jsonl
      followline kinds export-corrections > corrections.jsonl
      followline kinds reread --dry-run            # what new models would change
    """


@kinds.command()
@click.option(
    "--labels",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=Path("bench/data/enron-labels.tsv"),
    show_default=True,
    help="The hand labels of Enron-Spam (path, sha256, label, forwarded).",
)
@click.option(
    "--enron",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path(".cache/corpora/enron-spam"),
    show_default=True,
    help="Enron-Spam unpacked (./test does it: scripts/test-setup.d/20-mail-corpora.sh).",
)
@click.option(
    "--spamassassin-labels",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=Path("bench/data/kind-labels.tsv"),
    show_default=True,
)
@click.option(
    "--spamassassin",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path(".cache/corpora/spam-assassin/data"),
    show_default=True,
)
@click.option(
    "--written",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    multiple=True,
    help="Examples written for the rare kinds, trained on and never scored (repeatable; "
    "default: bench/data/written-examples*.jsonl).",
)
@click.option(
    "--corrections",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    multiple=True,
    help="Corrections from `followline kinds export-corrections` (repeatable).",
)
@click.option(
    "--only",
    type=click.Choice(MODELS),
    multiple=True,
    help="Train only these models (repeatable; default: all).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_OUT,
    show_default="the package's models",
    help="Where the model files are written.",
)
def train(
    labels: Path,
    enron: Path,
    spamassassin_labels: Path,
    spamassassin: Path,
    written: tuple[Path, ...],
    corrections: tuple[Path, ...],
    only: tuple[str, ...],
    out: Path,
) -> None:
    """Train the models (deterministic: the same inputs give the same files).

    Needs scikit-learn: pip install 'followline[train]'.
    """
    try:
        from followline.learning import pipeline  # noqa: PLC0415 (scikit-learn: an optional extra)
    except ImportError as exc:  # scikit-learn is an optional extra
        fail(f"training needs scikit-learn ({exc}); pip install 'followline[train]'")
    written = written or tuple(sorted(Path("bench/data").glob("written-examples*.jsonl")))
    inputs = pipeline.Inputs(
        labels, enron, spamassassin_labels, spamassassin, tuple(written), tuple(corrections)
    )
    out.mkdir(parents=True, exist_ok=True)
    for name in only or MODELS:
        started = time.perf_counter()
        try:
            data, summary = pipeline.train_model(name, inputs)
        except pipeline.ExampleError as exc:
            fail(str(exc))
        (out / f"{name}.json").write_bytes(data)
        took = time.perf_counter() - started
        click.echo(f"{name}: {summary} -> {out / (name + '.json')} ({took:.0f} s)", err=True)


@kinds.command("export-corrections")
def export_corrections() -> None:
    """Write the kinds users corrected in the web app as JSON Lines (side, label, text,
    subject), for `followline kinds train --corrections`."""
    setup_django()
    from followline.web.core.corrections import export_jsonl  # noqa: PLC0415 (after Django's setup)

    count = export_jsonl(sys.stdout.buffer)
    click.echo(f"{count} corrections", err=True)


@kinds.command()
@click.option("--dry-run", is_flag=True, help="Count what would change; change nothing.")
def reread(dry_run: bool) -> None:
    """Read the kinds the classifier gave stored contacts again, with the models installed
    now, and re-judge every application and candidate with a contact read differently.

    Run it after an upgrade that brings new models or a new way of reading mail. Kinds a
    person chose or corrected, and spam, are left as they are.

    \b
    Examples:
      followline kinds reread --dry-run
      followline kinds reread
    """
    setup_django()
    from django.utils import timezone  # noqa: PLC0415 (after Django's setup)

    from followline.web.home import reread as contacts  # noqa: PLC0415

    with click.progressbar(length=contacts.count(), label="Reading", file=sys.stderr) as bar:
        result = contacts.reread(timezone.now(), dry_run=dry_run, progress=bar.update)
    rejudged = ", ".join(_count(n, parent) for parent, n in result.rejudged.items())
    click.echo(
        f"{_count(result.read, 'contact')} read, {result.changed} read differently; "
        f"{'would re-judge' if dry_run else 're-judged'} {rejudged}"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
