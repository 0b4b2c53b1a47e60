"""PostgreSQL fixtures (issue 17): a fresh server database per test, when HEMSEDAL_TEST_PG names a server.

``.ci/run`` starts a throw-away cluster on a Unix socket and sets
``HEMSEDAL_TEST_PG=postgresql:///postgres?host=/tmp/…&user=postgres``; without it these tests skip.
``backend_ctx`` runs a test on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import os

import pytest

from hemsedal_integrering.context import Context, fixed_clock
from hemsedal_integrering.db import open_database
from hemsedal_integrering.services.setup import ensure_municipalities

TODAY_CLOCK = fixed_clock(__import__("datetime").date(2026, 11, 23))
PG = os.environ.get("HEMSEDAL_TEST_PG", "")


# ``pg_url`` (a new, empty server database per test) lives in tests/conftest.py: ``ctx`` uses it too.


@pytest.fixture
def pg_ctx(pg_url):
    db = open_database(pg_url)
    context = Context(db=db, clock=TODAY_CLOCK)
    ensure_municipalities(context)
    yield context
    db.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_ctx(request, tmp_path):
    """A system context on a new database of each backend."""
    if request.param == "sqlite":
        db = open_database(tmp_path / "test.sqlite3")
        context = Context(db=db, clock=TODAY_CLOCK)
        ensure_municipalities(context)
        yield context
        db.close()
    else:
        yield request.getfixturevalue("pg_ctx")
