"""Shared fixtures: a fresh temporary database per test, a fixed 'today'."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from hemsedal_integrering.context import Context, fixed_clock
from hemsedal_integrering.db import open_database
from hemsedal_integrering.services.setup import ensure_municipalities

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


def _pg_with_db(url: str, name: str) -> str:
    from urllib.parse import urlsplit
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/{name}" + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def pg_url():
    """The URL of a new, empty PostgreSQL database (dropped afterwards); skips without HEMSEDAL_TEST_PG."""
    server = os.environ.get("HEMSEDAL_TEST_PG", "")
    if not server:
        pytest.skip("HEMSEDAL_TEST_PG not set (no PostgreSQL server for tests)")
    import uuid

    import psycopg
    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield _pg_with_db(server, name)
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def ctx(db_path: Path, request):
    """A system context on a new database with Hemsedal and Gol, today = 23.11.2026.

    With ``HEMSEDAL_TEST_CTX=postgresql`` (and ``HEMSEDAL_TEST_PG``) the database is a new PostgreSQL
    database instead of a file: the same tests then run on the server (issue 17).
    """
    if os.environ.get("HEMSEDAL_TEST_CTX") == "postgresql" and os.environ.get("HEMSEDAL_TEST_PG"):
        db = open_database(request.getfixturevalue("pg_url"))
    else:
        db = open_database(db_path)
    context = Context(db=db, clock=fixed_clock(TODAY))
    ensure_municipalities(context)
    yield context
    db.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """The demo database, built once per test session (read-only use!)."""
    from hemsedal_integrering.demo import fill_demo_data
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db = open_database(path)
    context = Context(db=db, clock=fixed_clock(TODAY))
    fill_demo_data(context)
    db.close()
    return path


@pytest.fixture
def demo_ctx(demo_file: Path, tmp_path: Path):
    """A private copy of the demo database (tests may write to it)."""
    import shutil
    copy = tmp_path / "demo-copy.sqlite3"
    shutil.copy(demo_file, copy)
    db = open_database(copy)
    context = Context(db=db, clock=fixed_clock(TODAY))
    yield context
    db.close()


@pytest.fixture
def world(ctx):
    """The printing tests' small printable world on ``ctx`` (see tests/printing_world.py)."""
    from tests.printing_world import make_world
    return make_world(ctx)
