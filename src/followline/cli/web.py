"""``followline serve`` and ``followline manage``: the web app from the command line."""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading

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
@click.option(
    "--threads",
    default=8,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Threads per process (mail server checks always leave one free for pages).",
)
@click.option(
    "--processes",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes sharing the port (Python runs one thread at a time per process: "
    "use at least one per CPU core; on SQLite two per core with --threads 2 did best).",
)
@click.option("--no-worker", is_flag=True, help="Do not start the background worker.")
def serve(demo: bool, host: str, port: int, threads: int, processes: int, no_worker: bool) -> None:
    """Apply migrations, then run the site and its background worker.

    Data lives in FOLLOWLINE_DATA_DIR (default ./data, SQLite), or in PostgreSQL when
    DATABASE_URL is set. The site is served by waitress, static files by WhiteNoise; the
    background worker (outbox, queued tasks, promise keeper, reminders, inbox sync;
    see `followline worker`) runs as a child process: restarted (with back-off) when it
    dies, stopped with the server. With --processes N, N server processes share the
    port (each restarted like the worker when it dies, each stopping when serve stops).

    \b
    Examples:
      followline serve --demo
      followline serve --processes 2            # both cores of a 2-core machine
      followline serve --processes 4 --threads 2   # the same on SQLite: fewer threads contend
      DATABASE_URL=postgres://followline@127.0.0.1/followline followline serve --port 8080
    """
    if demo:  # so that a demo can use a mail server on this machine (e.g. Mailpit)
        os.environ.setdefault("FOLLOWLINE_MAIL_ALLOW_LOCAL", "1")
    os.environ["FOLLOWLINE_SERVER_THREADS"] = str(threads)  # settings, and the processes'
    setup_django()
    # start-up: Django only for web commands
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
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # so the children are stopped too
    servers: list[Supervisor] = []
    try:
        if processes == 1:
            click.echo(f"followline: open http://{host}:{port}/  (Ctrl-C stops)")
            waitress_serve(application, host=host, port=port, **server_options(threads))
        else:
            listening = socket.create_server((host, port), backlog=2048)  # kept open here
            servers = _server_processes(listening, threads, processes)
            click.echo(f"followline: open http://{host}:{port}/  (Ctrl-C stops)")
            threading.Event().wait()  # until SIGTERM or Ctrl-C
    finally:
        for child in [*servers, *([worker] if worker is not None else [])]:
            child.stop()


def server_options(threads: int) -> dict:
    """waitress's options, the same in one process or several."""
    from django.conf import settings  # noqa: PLC0415 (start-up: Django only for web commands)

    return {
        "threads": threads,
        "ident": "followline",
        # bodies far past the upload limit are refused before they are read
        "max_request_body_size": settings.FOLLOWLINE_IMPORT_MAX_BYTES + 10 * 1024 * 1024,
    }


def _server_processes(listening: socket.socket, threads: int, processes: int) -> list[Supervisor]:
    """Hand the port bound here to ``processes`` children (``serve-process``), which take
    turns accepting its connections; each is restarted when it dies."""
    from django.db import connections  # noqa: PLC0415 (start-up: Django only for web commands)

    listening.set_inheritable(True)
    connections.close_all()  # the children open their own
    fd = listening.fileno()
    argv = [sys.executable, "-m", "followline", "serve-process", "--fd", str(fd)]
    servers = [
        Supervisor(
            [*argv, "--threads", str(threads)],
            env={**os.environ},
            say=click.echo,
            name=f"server process {i + 1}",
            pass_fds=(fd,),
        )
        for i in range(processes)
    ]
    for server in servers:
        server.start()
    return servers


@click.command(hidden=True)
@click.option("--fd", type=int, required=True, help="The listening socket it inherited.")
@click.option("--threads", default=8, type=int)
@click.option("--parent-pid", type=int, required=True)
def serve_process(fd: int, threads: int, parent_pid: int) -> None:
    """One of `serve --processes`'s server processes: it serves the socket `serve` bound and
    stops when `serve` does."""
    os.environ["FOLLOWLINE_SERVER_THREADS"] = str(threads)
    setup_django()
    # start-up: Django only for web commands
    from waitress import serve as waitress_serve  # noqa: PLC0415

    from followline.web.outbox.lifeline import follow_parent  # noqa: PLC0415
    from followline.web.wsgi import application  # noqa: PLC0415

    follow_parent(parent_pid, lambda: os.kill(os.getpid(), signal.SIGTERM))
    listening = socket.socket(fileno=fd)
    waitress_serve(application, sockets=[listening], **server_options(threads))


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
