"""The abuse suite: each finding of issue 11 as a test that failed before its fix.

The web personas and settings are those of tests/web (imported here); tests that were about
a server process run one (:mod:`tests.abuse.site`).
"""

from __future__ import annotations

import pytest

from tests.web.conftest import (  # noqa: F401  (fixtures)
    _test_settings,
    application,
    candidate,
    make_user,
    opening,
    outsider,
    owner,
    team,
    teammate,
)


@pytest.fixture
def site_dir(tmp_path):
    return tmp_path / "site"
