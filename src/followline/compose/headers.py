"""Header values that can never smuggle in another header.

A name or subject typed by a person may contain CR or LF ("Ann\\r\\nBcc: x@evil"). Every
value that goes into a header passes through :func:`single_line` first, and addresses are
built with :class:`email.headerregistry.Address`, which refuses malformed ones.

>>> single_line("Thank you\\r\\nBcc: x@example.com")
'Thank you Bcc: x@example.com'
>>> format_address("Ann\\nBcc: x@example.com", "ann@example.com")
'"Ann Bcc x example.com" <ann@example.com>'
>>> check_address("Ann Lee <ann@example.com>")
'Ann Lee <ann@example.com>'
"""

from __future__ import annotations

from email.headerregistry import Address, HeaderRegistry
from typing import Any

_MAX_HEADER_CHARS = 400
_MAX_NAME_CHARS = 200  # a display name is cut before it is quoted, never the address after
_MAX_ADDRESS_CHARS = 1000
_NO_SPECIALS = str.maketrans({c: " " for c in ',;:<>@"\\()[]'})


def single_line(value: str, *, limit: int = _MAX_HEADER_CHARS) -> str:
    """Collapse all whitespace (CR, LF, tabs, runs of spaces) to single spaces and trim."""
    return " ".join(value.split())[:limit]


def format_address(name: str, addr: str) -> str:
    """``"Display Name" <addr>`` with the name made single-line; raises ValueError on bad addr."""
    addr = addr.strip()
    if any(c in addr for c in '\r\n\t <>,"') or addr.count("@") != 1:
        raise ValueError(f"not a single e-mail address: {addr!r}")
    username, domain = addr.split("@")
    if not username or not domain:
        raise ValueError(f"not a single e-mail address: {addr!r}")
    # Python's header folding can split a long quoted name at a comma into more addresses
    # (3.11), so a display name keeps none of the characters that separate or quote them
    display = single_line(name.translate(_NO_SPECIALS), limit=_MAX_NAME_CHARS)
    return str(Address(display_name=display, username=username, domain=domain))


def check_address(value: str) -> str:
    """One complete address (``addr`` or ``Name <addr>``), made single-line; else ValueError.

    Anything that parses as more or less than exactly one clean mailbox is refused, so a
    crafted string can never add a recipient.
    """
    line = single_line(value, limit=_MAX_ADDRESS_CHARS)
    if len(line) >= _MAX_ADDRESS_CHARS:
        raise ValueError(f"not a single e-mail address: {value[:100]!r}…")
    header: Any = HeaderRegistry()("To", line)  # an AddressHeader
    if header.defects or len(header.addresses) != 1:
        raise ValueError(f"not a single e-mail address: {value!r}")
    address = header.addresses[0]
    if not address.username or not address.domain:
        raise ValueError(f"not a single e-mail address: {value!r}")
    return str(address)
