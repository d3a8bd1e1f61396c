"""The command line: thin wrappers that parse arguments and call the library.

Each command lives in a module of its own and is registered on :data:`main` here.
"""

from __future__ import annotations

import click

from followline import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="followline")
def main() -> None:
    """followline: where persistence ends and peskiness begins.

    \b
    Examples:
      followline judge examples/after-interview.json
      followline judge examples/after-interview.json --json
      followline policy show two-email
    """


def _register() -> None:
    # Imported here so that `followline --help` stays fast and modules stay independent.
    from followline.cli import judge as judge_cmd
    from followline.cli import triage as triage_cmd
    from followline.cli import web as web_cmd

    main.add_command(judge_cmd.judge)
    main.add_command(judge_cmd.policy)
    main.add_command(triage_cmd.triage)
    main.add_command(web_cmd.serve)
    main.add_command(web_cmd.manage)

    from followline.cli import worker as worker_cmd

    main.add_command(worker_cmd.worker)


_register()
