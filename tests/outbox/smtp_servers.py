"""Real SMTP servers on loopback (aiosmtpd) that record, delay, or refuse on purpose."""

from __future__ import annotations

import asyncio
import email
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.policy import default

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RecordingHandler:
    """Accepts mail and records it; ``temp_failures`` first DATA replies are 451,
    ``refuse_rcpt`` makes every RCPT a 550, ``delay`` slows every DATA (seconds)."""

    def __init__(self, *, delay: float = 0.0, temp_failures: int = 0, refuse_rcpt: bool = False):
        self.delay = delay
        self.temp_failures = temp_failures
        self.refuse_rcpt = refuse_rcpt
        self.lock = threading.Lock()
        self.received: list[email.message.EmailMessage] = []
        self.envelopes: list[list[str]] = []
        self.times: list[float] = []  # time.monotonic() of every accepted message
        self.rejected = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_rcpt:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            if self.temp_failures > 0:
                self.temp_failures -= 1
                self.rejected += 1
                return "451 4.3.0 Try again later"
            self.received.append(email.message_from_bytes(envelope.content, policy=default))
            self.envelopes.append(list(envelope.rcpt_tos))
            self.times.append(time.monotonic())
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        with self.lock:
            return [str(m["Message-ID"]) for m in self.received]


@contextmanager
def smtp_server(handler: RecordingHandler) -> Iterator[tuple[RecordingHandler, int]]:
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()
