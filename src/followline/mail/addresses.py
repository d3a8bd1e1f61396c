"""Who a message or call is from: addresses and phone numbers normalised to candidate keys.

An email address is lower-cased and its plus-tag dropped (``Ann.Lee+jobs@Example.COM`` is
``ann.lee@example.com``); the display name is not part of the key (it changes between mail
clients) but the first one seen is kept for display. Phone numbers are normalised with the
``phonenumbers`` library to E.164 (``+13125550142``), national numbers read in a default
region (``US`` unless told otherwise).

Examples::

    normalise_address("Ann Lee <Ann.Lee+jobs@Example.COM>")  # 'ann.lee@example.com'
    normalise_phone("(312) 555-0142")                        # '+13125550142'
"""

from __future__ import annotations

from email.utils import parseaddr

# ``phonenumbers`` (~25 ms to import) is loaded by the first phone number to read: most
# triage runs read few signatures and no call log.

DEFAULT_REGION = "US"


def normalise_address(address: str) -> str:
    """The candidate key of an address (with or without a display name); '' if none."""
    _, addr = parseaddr(address) if "<" in address else ("", address)
    addr = addr.strip().strip("<>").lower()
    local, at, domain = addr.rpartition("@")
    if not at:
        return addr
    local = local.split("+", 1)[0]
    return f"{local}@{domain}"


def normalise_phone(number: str, region: str = DEFAULT_REGION) -> str | None:
    """E.164 form of a phone number, or ``None`` when it is not a possible number."""
    import phonenumbers  # noqa: PLC0415 (start-up: ~25 ms, first number only)

    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phones_in_text(text: str, region: str = DEFAULT_REGION) -> list[str]:
    """Phone numbers written in a text (a signature), in E.164 form."""
    if not any(c.isdigit() for c in text):
        return []
    import phonenumbers  # noqa: PLC0415 (start-up: ~25 ms, first number only)

    found = []
    for match in phonenumbers.PhoneNumberMatcher(text, region):
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        if e164 not in found:
            found.append(e164)
    return found
