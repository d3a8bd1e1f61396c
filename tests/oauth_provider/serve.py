"""Run the loopback OAuth2 provider: ``python -m tests.oauth_provider.serve DATA_DIR [--port N]``.

Binds 127.0.0.1 (port 0: any free port), migrates its SQLite database, writes the port it
serves on to ``DATA_DIR/port`` and serves with waitress until killed, or until the process
that started it is gone. The environment must
hold ``FOLLOWLINE_OAUTH_PROVIDER_CONTROL_SECRET`` (tests/oauth/provider.py sets it).
"""

from __future__ import annotations

import argparse
import os
import socket
import threading
import time
from pathlib import Path


def exit_with_parent() -> None:
    """End this server when the test process that started it is gone (killed pytest)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    exit_with_parent()

    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    os.environ["FOLLOWLINE_OAUTH_PROVIDER_DIR"] = str(args.data_dir.resolve())
    os.environ["FOLLOWLINE_OAUTH_PROVIDER_ISSUER"] = f"{base}/o"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oauth_provider.settings"

    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from waitress import serve

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    app = get_wsgi_application()
    (args.data_dir / "port").write_text(str(port))
    serve(app, sockets=[sock], threads=8, ident="loopback-oauth-provider")


if __name__ == "__main__":
    main()
