"""Outbound connections to mail servers that users name: only to public addresses, briefly,
a few at a time.

A user's SMTP or IMAP server is a host and port typed into a form, and the server connects
to it (to check the login, then from the worker to send and to read mail). Unchecked, that
is a way into the operator's network (``127.0.0.1:5432``, ``169.254.169.254``, ``10.0.0.5``)
and a port scanner whose answers are the error messages. So:

* :func:`check_host` resolves the name and refuses loopback, private, link-local, reserved,
  multicast and unspecified addresses, and ports other than the mail ports
  (:data:`MAIL_PORTS`), unless the operator allows local mail servers
  (``FOLLOWLINE_MAIL_ALLOW_LOCAL=1``; the tests and ``serve --demo`` do);
* :func:`check_slot` bounds how many checks run at once in one process
  (``FOLLOWLINE_MAIL_CHECKS``, default 2), so checks cannot take every server thread; a
  check that finds no free slot is told at once to try again;
* :func:`check_timeout` is the time-out of a check's connection
  (``FOLLOWLINE_MAIL_CHECK_TIMEOUT``, default 10 s);
* the views show one generic message whatever went wrong and log the details.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

log = logging.getLogger("followline.netguard")

MAIL_PORTS = frozenset({25, 143, 465, 587, 993, 2525})

_slots_lock = threading.Lock()
_slots: tuple[int, threading.BoundedSemaphore] | None = None


class HostNotAllowed(OSError):
    """The host is not one the server may connect to (the message says why)."""


class ChecksBusy(Exception):
    """Every check slot is taken: try again shortly."""


def allow_local() -> bool:
    return bool(getattr(settings, "FOLLOWLINE_MAIL_ALLOW_LOCAL", False))


def check_timeout() -> float:
    return float(getattr(settings, "FOLLOWLINE_MAIL_CHECK_TIMEOUT", 10))


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_host(host: str, port: int) -> None:
    """Raise :class:`HostNotAllowed` unless ``host:port`` is a public mail server (or the
    operator allows local ones). Resolves the name: every address it has must be public."""
    if allow_local():
        return
    if port not in MAIL_PORTS:
        raise HostNotAllowed(
            f"port {port} is not a mail port (use one of "
            f"{', '.join(str(p) for p in sorted(MAIL_PORTS))})"
        )
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise HostNotAllowed(f"{host} is not a known host name") from exc
    addresses = {str(info[4][0]) for info in infos}
    if not addresses or not all(_public(a) for a in addresses):
        raise HostNotAllowed(
            f"{host} is a local or private address; followline connects only to mail "
            "servers on the internet"
        )


def _semaphore() -> threading.BoundedSemaphore:
    global _slots
    size = int(getattr(settings, "FOLLOWLINE_MAIL_CHECKS", 2))
    with _slots_lock:
        if _slots is None or _slots[0] != size:
            _slots = (size, threading.BoundedSemaphore(size))
        return _slots[1]


@contextmanager
def check_slot(wait: float = 0.0) -> Iterator[None]:
    """Hold one of the few check slots; raises :class:`ChecksBusy` when none frees up."""
    slots = _semaphore()
    if not (slots.acquire(timeout=wait) if wait > 0 else slots.acquire(blocking=False)):
        raise ChecksBusy("too many mail server checks at the moment")
    try:
        yield
    finally:
        slots.release()
