"""Shared fixtures: a fresh temporary database per test, a fixed 'today'."""

from __future__ import annotations

import datetime as dt
import os
import shutil
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


def pg_clone(server: str, template: str, prefix: str) -> str:
    """A new database on ``server``, a copy of ``template`` (e.g. ``pg_demo_template``); its name."""
    import uuid

    import psycopg
    name = prefix + uuid.uuid4().hex[:12]
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return name


def pg_drop(server: str, name: str, *roles: str) -> None:
    """Drop database ``name`` (and login ``roles``) from ``server``."""
    import psycopg
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for role in roles:
            admin.execute(f'DROP ROLE IF EXISTS "{role}"')


def _run_folder(tmp_path_factory) -> Path:
    """This test run's folder, shared by pytest-xdist's workers (each has its own folder below it)."""
    folder = tmp_path_factory.getbasetemp()
    return folder.parent if os.environ.get("PYTEST_XDIST_WORKER") else folder


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory) -> str:
    """The PostgreSQL server of HEMSEDAL_TEST_PG (skips without it), its group roles in place.

    Roles belong to the whole server, not to a database: the group roles are created here once, one worker
    at a time, with the first statement of postgres_roles.sql, so parallel workers applying the script
    to their own databases never race to create them.
    """
    server = os.environ.get("HEMSEDAL_TEST_PG", "")
    if not server:
        pytest.skip("HEMSEDAL_TEST_PG not set (no PostgreSQL server for tests)")
    import importlib.resources

    import portalocker
    import psycopg
    script = importlib.resources.files("hemsedal_integrering.db").joinpath("postgres_roles.sql")
    create_groups = script.read_text(encoding="utf-8").split(";;\n")[0]
    assert "CREATE ROLE integrering_officer" in create_groups
    with portalocker.Lock(str(_run_folder(tmp_path_factory) / "pg-roles.lock"), timeout=120):
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(create_groups)
    return server


@pytest.fixture
def pg_url(pg_server):
    """The URL of a new, empty PostgreSQL database (dropped afterwards); skips without HEMSEDAL_TEST_PG."""
    server = pg_server
    import uuid

    import psycopg
    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield _pg_with_db(server, name)
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def empty_file(tmp_path_factory) -> Path:
    """A new database with Hemsedal and Gol, built once per test session (copied by ``ctx``, never opened)."""
    path = tmp_path_factory.mktemp("empty") / "empty.sqlite3"
    db = open_database(path)
    ensure_municipalities(Context(db=db, clock=fixed_clock(TODAY)))
    db.close()
    return path


def pytest_collection_modifyitems(config, items) -> None:
    """Modules with slow tests (real processes, rebuilt demos, the wheel) run first; the order is kept otherwise.

    Under ``-n auto`` a long test that starts last keeps one worker busy while the other has finished;
    started first, the short tests fill in around it (issue 18 item 5: suite wall time). Whole modules
    move, so a module-scoped fixture is still set up once.
    """
    slow_modules = {item.module for item in items if item.get_closest_marker("slow") is not None}
    items.sort(key=lambda item: item.module not in slow_modules)  # stable: False (slow module) first


#: Test folders whose ``ctx`` tests run on both backends when a PostgreSQL server is given (issue 17, item 7: "the
#: same service, report and GUI tests"); elsewhere a module opts in with ``pytestmark = pytest.mark.both_backends``,
#: a test opts out with ``@pytest.mark.sqlite_only("why")``.
BOTH_BACKEND_FOLDERS = ("services", "reports", "ui")


def pytest_generate_tests(metafunc) -> None:
    """With ``HEMSEDAL_TEST_PG`` (CI starts a server), every ``ctx`` test of the folders above, and of modules
    marked ``both_backends``, runs twice: ``[sqlite]`` and ``[postgresql]``."""
    if "backend" not in metafunc.fixturenames or not os.environ.get("HEMSEDAL_TEST_PG"):
        return
    if os.environ.get("HEMSEDAL_TEST_CTX") or metafunc.definition.get_closest_marker("sqlite_only"):
        return
    parts = Path(str(metafunc.definition.path)).parts
    if any(folder in parts for folder in BOTH_BACKEND_FOLDERS) or metafunc.definition.get_closest_marker(
            "both_backends"):
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request) -> str:
    """The backend of ``ctx``: "sqlite", or "postgresql" in the second run of a parametrised test."""
    if os.environ.get("HEMSEDAL_TEST_CTX") == "postgresql" and os.environ.get("HEMSEDAL_TEST_PG"):
        return "postgresql"
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_template(pg_server) -> str:
    """A server database at the current schema with Hemsedal and Gol, built once per worker: each
    PostgreSQL ``ctx`` is a copy of it (CREATE DATABASE … TEMPLATE), not a schema built again."""
    import uuid

    import psycopg
    name = "tpl_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    db = open_database(_pg_with_db(pg_server, name))
    ensure_municipalities(Context(db=db, clock=fixed_clock(TODAY)))
    db.close()
    yield name
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_ctx_url(pg_server, pg_template):
    """A new server database copied from ``pg_template`` (dropped afterwards)."""
    name = pg_clone(pg_server, pg_template, "t_")
    yield _pg_with_db(pg_server, name)
    pg_drop(pg_server, name)


@pytest.fixture
def ctx(db_path: Path, request, backend):
    """A system context on a new database with Hemsedal and Gol, today = 23.11.2026.

    The file is a copy of ``empty_file``: creating the schema step by step for every test cost ~0.1 s each.
    On PostgreSQL (``backend``: the parametrised second run, or ``HEMSEDAL_TEST_CTX=postgresql`` for every
    ctx test) the database is a copy of a server template database instead (issue 17).
    """
    if backend == "postgresql":
        only = request.node.get_closest_marker("sqlite_only")
        if only is not None:  # HEMSEDAL_TEST_CTX=postgresql sends every ctx test to the server
            pytest.skip(f"SQLite only: {only.args[0] if only.args else ''}")
        db = open_database(request.getfixturevalue("pg_ctx_url"))
    else:
        shutil.copy(request.getfixturevalue("empty_file"), db_path)
        db = open_database(db_path)
    context = Context(db=db, clock=fixed_clock(TODAY))
    ensure_municipalities(context)
    yield context
    db.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """The demo database, built once per test run (read-only use! ``demo_ctx`` gives a private copy).

    Under pytest-xdist the workers share one build: the first to get here builds it, the others wait.
    """
    import portalocker

    from hemsedal_integrering.demo import fill_demo_data
    from tests.privacy_helpers import fast_kdf
    folder = _run_folder(tmp_path_factory)
    path = folder / "demo-built-once.sqlite3"
    with portalocker.Lock(str(folder / "demo-built-once.lock"), timeout=600):
        if not path.exists():
            building = folder / "demo-building.sqlite3"
            db = open_database(building)
            with pytest.MonkeyPatch.context() as patch:  # the demo users' passwords: cheap argon2 (~0.5 s CPU less)
                fast_kdf(patch)
                fill_demo_data(Context(db=db, clock=fixed_clock(TODAY)))
            db.close()
            building.rename(path)
    return path


@pytest.fixture(scope="session")
def pg_demo_template(pg_server, demo_file, tmp_path_factory) -> str:
    """The demo database moved to a server database once per worker (``transfer``): each PostgreSQL
    ``demo_ctx`` is a copy of it (issue 17)."""
    import uuid

    import psycopg

    from hemsedal_integrering.db.transfer import copy_database
    name = "demo_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    copy = tmp_path_factory.mktemp("pgdemo") / "demo.sqlite3"
    shutil.copy(demo_file, copy)
    source, target = open_database(copy), open_database(_pg_with_db(pg_server, name))
    copy_database(source, target)
    source.close()
    target.close()
    yield name
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def demo_ctx(demo_file: Path, tmp_path: Path, request, backend):
    """A private copy of the demo database (tests may write to it); on PostgreSQL (``backend``) a copy of
    ``pg_demo_template``."""
    if backend == "postgresql":
        only = request.node.get_closest_marker("sqlite_only")
        if only is not None:
            pytest.skip(f"SQLite only: {only.args[0] if only.args else ''}")
        server = request.getfixturevalue("pg_server")
        name = pg_clone(server, request.getfixturevalue("pg_demo_template"), "t_")
        db = open_database(_pg_with_db(server, name))
        context = Context(db=db, clock=fixed_clock(TODAY))
        yield context
        db.close()
        pg_drop(server, name)
        return
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
