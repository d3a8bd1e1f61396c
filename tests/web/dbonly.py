"""A pytest plugin for ./test's second pass: keep only the tests that touch the database.

``./test`` runs the whole suite on SQLite, then again with ``DATABASE_URL`` pointing at
PostgreSQL and ``-p tests.web.dbonly``, which deselects every test that neither asks for a
database through pytest-django (the ``django_db`` mark, or the ``db`` /
``transactional_db`` / ``live_server`` fixtures, directly or through other fixtures) nor
carries the ``database`` mark (tests that reach the database another way, e.g. through a
server process they start). So every team's database tests run on both, and nothing else
runs twice.
"""

from __future__ import annotations

import pytest

DB_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def touches_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") or item.get_closest_marker("database"):
        return True
    return bool(DB_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    keep = [item for item in items if touches_database(item)]
    dropped = [item for item in items if not touches_database(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
