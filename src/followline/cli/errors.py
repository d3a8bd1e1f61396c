"""One clear line on stderr and exit code 2 for bad input: never a traceback."""

from __future__ import annotations

from typing import NoReturn

import click

EXIT_BAD_INPUT = 2


def fail(message: str) -> NoReturn:
    click.echo(f"followline: error: {message}", err=True)
    raise SystemExit(EXIT_BAD_INPUT)
