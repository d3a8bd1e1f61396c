"""Who may receive the worker's mail: only a confirmed address.

Reminders, team digests and any other mail the worker sends to a person's *own* address go
only to an address confirmed from its mailbox (the signed link of
:mod:`followline.web.accounts.confirm`, recorded as ``ConfirmedEmail``, lower-case). The
test is "the account's current address is the one confirmed", so changing the address
makes it unconfirmed again with nothing to reset. Mail people send themselves (drafts to
employers, updates to candidates) and the confirmation and reset mails are not concerned.

The lookups go through the relation's name, so any app can use them without importing the
accounts app (the web house's layers).
"""

from __future__ import annotations

from django.db.models import Q
from django.db.models.functions import Lower


def confirmed_address(prefix: str = "") -> Q:
    """Users (reached through ``prefix``, e.g. ``"owner__"``) whose current, non-empty
    address is their confirmed one: ``Application.objects.filter(confirmed_address("owner__"))``.
    """
    return ~Q(**{f"{prefix}email": ""}) & Q(
        **{f"{prefix}confirmed_email__email": Lower(f"{prefix}email")}
    )
