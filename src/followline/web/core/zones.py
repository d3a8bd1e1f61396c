"""Time zones of people: the IANA names offered, and each account's own zone.

An account's zone is kept on :class:`~followline.web.core.models.Profile` and cached in the
session (``account_tz``), so showing a page costs no query for it.
"""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from followline.web.core.models import Profile

SESSION_KEY = "account_tz"


@cache
def zone_names() -> tuple[str, ...]:
    """The IANA zones people pick from (``Region/City`` and UTC), sorted."""
    return tuple(sorted(z for z in available_timezones() if "/" in z or z == "UTC"))


def known(name: str | None) -> bool:
    return bool(name) and name in zone_names()


def account_zone(user) -> str:
    """The account's zone, or "" while it is not known."""
    if not getattr(user, "is_authenticated", False):
        return ""
    found = Profile.objects.filter(user=user).values_list("timezone", flat=True).first()
    return found if known(found) else ""


def account_zones(user_ids) -> dict[int, str]:
    """user id -> zone for the accounts among ``user_ids`` whose zone is known."""
    rows = Profile.objects.filter(user_id__in=list(user_ids)).values_list("user_id", "timezone")
    return {uid: tz for uid, tz in rows if known(tz)}


def set_account_zone(user, name: str, session=None) -> None:
    """Store ``name`` (a known zone) as the account's zone, and in ``session`` if given."""
    if not known(name):
        raise ValueError(f"{name!r} is not a time zone")
    Profile.objects.update_or_create(user=user, defaults={"timezone": name})
    if session is not None:
        session[SESSION_KEY] = name
