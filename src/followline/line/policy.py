"""Follow-up policies: the two presets from the seed, and custom ones from data (TOML/JSON).

A custom policy is a mapping of :class:`~followline.line.types.Policy` fields; it may name a
preset in ``extends`` and override only what differs::

    extends = "two-email"
    name = "acme"
    status_wait_days = 10
    business_days = true
    holidays_country = "US"
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from followline.line.errors import InputError
from followline.line.types import Policy

TWO_EMAIL = Policy(
    name="two-email",
    budget=2,
    description=(
        "Elizabeth's two-email follow-up system: one short thank-you soon after the interview,"
        " one status inquiry a week after it (or after the stated decision date)."
    ),
)
ONE_AND_DONE = Policy(
    name="one-and-done",
    budget=1,
    description='Marie\'s line: "No more than one, please." One follow-up per interview.',
)

PRESETS: dict[str, Policy] = {p.name: p for p in (TWO_EMAIL, ONE_AND_DONE)}
DEFAULT_POLICY = TWO_EMAIL.name

_FIELDS = {f.name: f for f in dataclasses.fields(Policy)}
_INT_FIELDS = {
    "budget": 0,
    "thank_you_within_days": 0,
    "thank_you_advised_hours": 0,
    "status_wait_days": 0,
    "response_window_days": 0,
    "call_burst_count": 2,
    "call_burst_hours": 1,
}
_MAX_DAYS = 366


def get_policy(name: str) -> Policy:
    """A preset by name; :class:`InputError` naming the known presets otherwise."""
    try:
        return PRESETS[name]
    except KeyError:
        known = ", ".join(sorted(PRESETS))
        raise InputError("policy", f"unknown preset {name!r} (known: {known})") from None


def load_policy(data: Mapping[str, Any] | str, *, field: str = "policy") -> Policy:
    """A policy from a preset name or from a mapping of fields (validated, nothing guessed)."""
    if isinstance(data, str):
        return get_policy(data)
    if not isinstance(data, Mapping):
        raise InputError(field, "must be a preset name or an object of policy fields")
    values = dict(data)
    base = get_policy(values.pop("extends", DEFAULT_POLICY)) if "extends" in data else TWO_EMAIL
    unknown = sorted(set(values) - set(_FIELDS))
    if unknown:
        raise InputError(
            f"{field}.{unknown[0]}", f"unknown policy field (known: {', '.join(_FIELDS)})"
        )
    for key, value in values.items():
        _check_value(f"{field}.{key}", key, value)
    if "name" not in values:
        values["name"] = "custom"
    return dataclasses.replace(base, **values)


def _check_value(path: str, key: str, value: Any) -> None:
    if key in _INT_FIELDS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(path, f"must be a whole number, not {value!r}")
        low = _INT_FIELDS[key]
        if value < low:
            raise InputError(path, f"must be at least {low}, not {value}")
        if key.endswith("_days") and value > _MAX_DAYS:
            raise InputError(path, f"must be at most {_MAX_DAYS} days, not {value}")
    elif key == "duplicate_similarity":
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
            raise InputError(path, f"must be a number above 0 and at most 1, not {value!r}")
    elif key == "business_days":
        if not isinstance(value, bool):
            raise InputError(path, f"must be true or false, not {value!r}")
    elif key in {"holidays_country", "holidays_subdivision"}:
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise InputError(
                path, f"must be a country/subdivision code such as 'US', not {value!r}"
            )
    elif key in {"name", "description"} and not isinstance(value, str):
        raise InputError(path, f"must be text, not {value!r}")
    if key == "name" and not str(value).strip():
        raise InputError(path, "must not be empty")


def policy_to_mapping(policy: Policy) -> dict[str, Any]:
    """The policy's fields, ready to write as TOML or JSON (``None`` values left out)."""
    return {k: v for k, v in dataclasses.asdict(policy).items() if v is not None}
