"""``followline serve`` and ``followline manage``: the web app from the command line."""

from __future__ import annotations

import os
import signal
import sys

import click

from followline.cli.supervise import Supervisor

SETTINGS = "followline.web.settings"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django  # noqa: PLC0415 (start-up: Django only for web commands)
    from django.conf import settings  # noqa: PLC0415 (start-up: Django only for web commands)

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)  # SQLite and uploads live there
    django.setup()


@click.command()
@click.option("--demo", is_flag=True, help="Load a demo employer and candidate (idempotent).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to bind.")
@click.option("--threads", default=8, show_default=True, type=int, help="Server threads.")
@click.option("--no-worker", is_flag=True, help="Do not start the background worker.")
def serve(demo: bool, host: str, port: int, threads: int, no_worker: bool) -> None:
    """Apply migrations, then run the site and its background worker.

    Data lives in FOLLOWLINE_DATA_DIR (default ./data, SQLite), or in PostgreSQL when
    DATABASE_URL is set. The site is served by waitress, static files by WhiteNoise; the
    background worker (outbox, queued tasks, promise keeper, reminders, inbox sync;
    see `followline worker`) runs as a child process: restarted (with back-off) when it
    dies, stopped with the server.

    \b
    Examples:
      followline serve --demo
      DATABASE_URL=postgres://followline@127.0.0.1/followline followline serve --port 8080
    """
    if demo:  # so that a demo can use a mail server on this machine (e.g. Mailpit)
        os.environ.setdefault("FOLLOWLINE_MAIL_ALLOW_LOCAL", "1")
    setup_django()
    # start-up: Django only for web commands
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from waitress import serve as waitress_serve  # noqa: PLC0415

    call_command("migrate", interactive=False, verbosity=0)
    click.echo("followline: database ready")
    # hashed, compressed copies for WhiteNoise, which reads them when the app is loaded
    call_command("collectstatic", interactive=False, verbosity=0)
    # start-up: Django only for web commands (after collectstatic: WhiteNoise reads it)
    from followline.web.wsgi import application  # noqa: PLC0415

    if demo:
        # start-up: Django only for web commands
        from followline.web.home import demo as demo_data  # noqa: PLC0415

        for line in demo_data.load():
            click.echo(f"  {line}")
    worker = None
    if not no_worker:  # restarted when it dies; it stops when serve dies (cli/supervise.py)
        worker = Supervisor(
            [sys.executable, "-m", "django", "followline_worker"],
            env={**os.environ, "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]},
            say=click.echo,
        )
        worker.start()
    click.echo(f"followline: open http://{host}:{port}/  (Ctrl-C stops)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # so the worker is stopped too
    try:
        waitress_serve(
            application,
            host=host,
            port=port,
            threads=threads,
            ident="followline",
            # bodies far past the upload limit are refused before they are read
            max_request_body_size=settings.FOLLOWLINE_IMPORT_MAX_BYTES + 10 * 1024 * 1024,
        )
    finally:
        if worker is not None:
            worker.stop()


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command against followline's settings.

    \b
    Examples:
      followline manage migrate
      followline manage createsuperuser
      followline manage followline_worker --once
    """
    setup_django()
    # start-up: Django only for web commands
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    execute_from_command_line(["followline manage", *args])
