"""The suite runs on the database DATABASE_URL names (./test: SQLite, then PostgreSQL)."""

from __future__ import annotations

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_database_is_the_one_configured():
    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected


@pytest.mark.django_db
def test_a_query_run_again_is_prepared_on_postgresql(django_user_model):
    """PostgreSQL parses and plans a query once per connection, not on every request
    (``FOLLOWLINE_POSTGRES_PREPARE_AFTER``: server-side binding, prepared the second time)."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's (SQLite caches its own)")
    for name in ["ada", "grace", "ada"]:
        list(django_user_model.objects.filter(username=name))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('FROM "auth_user"' in statement for statement in prepared), prepared
