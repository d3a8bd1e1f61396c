"""``followline worker``: run the background worker (outbox, reminders, promises, sync)."""

from __future__ import annotations

import os

import click


@click.command(context_settings={"ignore_unknown_options": True}, add_help_option=False)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def worker(args: tuple[str, ...]) -> None:
    """Run the background worker (`followline worker --help` lists its options).

    \b
    Examples:
      followline worker                            # everything, forever
      followline worker --only outbox --until-idle # send what is queued, then exit
      followline worker --once                     # one pass of every job
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "followline.web.settings")
    import django  # noqa: PLC0415 (start-up: Django only for the worker)

    # start-up: Django only for the worker
    from django.core.management import call_command, execute_from_command_line  # noqa: PLC0415

    django.setup()
    if "-h" in args or "--help" in args:
        execute_from_command_line(["followline", "followline_worker", "--help"])
        return
    call_command("followline_worker", *args)
