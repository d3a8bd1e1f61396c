"""Every environment variable the settings read, and every followline setting, is documented
in docs/configuration.md (datasette's rule: the docs fail the build when they drift)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from followline.web import settings as site

DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def _documented() -> set[str]:
    return set(re.findall(r"`([A-Z][A-Z0-9_]+)`", DOC.read_text(encoding="utf-8")))


def test_every_environment_variable_is_documented():
    missing = site.ENVIRONMENT.names - _documented()
    assert not missing, f"document these in docs/configuration.md: {sorted(missing)}"


def test_every_followline_setting_is_documented():
    ours = {name for name in vars(site) if name.startswith(("FOLLOWLINE_", "OUTBOX_"))}
    missing = ours - _documented()
    assert ours and not missing, f"document these in docs/configuration.md: {sorted(missing)}"


def test_a_malformed_value_names_its_variable():
    env = site.Environment({"EMAIL_PORT": "twenty-five", "DEBUG": "maybe"})
    with pytest.raises(ValueError, match="EMAIL_PORT"):
        env.integer("EMAIL_PORT", 25)
    with pytest.raises(ValueError, match="DEBUG"):
        env.flag("DEBUG")
    assert env.items("ALLOWED_HOSTS", " a, ,b ") == ["a", "b"] and env.names == {
        "EMAIL_PORT",
        "DEBUG",
        "ALLOWED_HOSTS",
    }
