"""The command line: thin wrappers that parse arguments and call the library.

Each command lives in a module of its own and is registered on :data:`main` here by name
only: its module is imported when the command runs (or when ``--help`` lists it), so
``followline triage`` does not pay for importing the judge commands and vice versa.
"""

from __future__ import annotations

import importlib

import click

from followline import __version__


class LazyGroup(click.Group):
    """A click group whose commands are ``"module:attribute"`` paths, imported on first use
    (the pattern from click's documentation, "Lazily Loading Subcommands")."""

    def __init__(self, *args: object, lazy: dict[str, str] | None = None, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy: dict[str, str] = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, _, attribute = self.lazy[cmd_name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="followline")
def main() -> None:
    """followline: where persistence ends and peskiness begins.

    \b
    Examples:
      followline serve --demo
      followline judge examples/after-interview.json
      followline judge examples/after-interview.json --json
      followline triage examples/triage/inbox.mbox --calls examples/triage/calls.csv
      followline policy show two-email
    """


def _register() -> None:
    # Names only: each module is imported when its command is used.
    assert isinstance(main, LazyGroup)
    main.lazy.update(
        {
            "judge": "followline.cli.judge:judge",
            "policy": "followline.cli.judge:policy",
            "triage": "followline.cli.triage:triage",
            "classify": "followline.cli.classify:classify",
            "kinds": "followline.cli.kinds:kinds",
            "serve": "followline.cli.web:serve",
            "serve-process": "followline.cli.web:serve_process",
            "manage": "followline.cli.web:manage",
            "worker": "followline.cli.worker:worker",
        }
    )


_register()
