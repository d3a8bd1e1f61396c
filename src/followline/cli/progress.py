"""The progress bar of the commands that read mailboxes (``triage``, ``classify``): on
stderr, so that the records on stdout stay untouched, and gone when the work is done."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING

from followline.mail.sources import source_size

if TYPE_CHECKING:  # rich loads only for a table or a progress bar
    from rich.progress import Progress

Advance = Callable[[int], None]


@contextmanager
def reading(description: str, sources: tuple[str, ...], shown: bool) -> Iterator[Advance | None]:
    """A bar over the sources' bytes (indeterminate when stdin is among them); yields the
    function to call with each message's size, or ``None`` when no bar is ``shown``."""
    if not shown:
        yield None
        return
    bar = _progress_bar()
    bar.start()
    try:
        task = bar.add_task(description, total=source_size(sources))
        yield partial(bar.advance, task)
    finally:
        bar.stop()


def _progress_bar() -> Progress:
    from rich.console import Console  # noqa: PLC0415 (start-up: rich only for a table or bar)
    from rich.progress import (  # noqa: PLC0415 (start-up: rich only for a table or bar)
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
        redirect_stdout=False,  # the records go to stdout untouched
        redirect_stderr=False,
    )
