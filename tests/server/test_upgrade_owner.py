"""Schema upgrades on the server need the owner of the database (issue 17): a login that is not the owner, opening a
server whose schema is older than the program, is told in Norwegian what the IT partner runs, and nothing changes;
``server-upgrade`` run by the owner brings it up and renews the groups' privileges."""

from __future__ import annotations

import os
import uuid

import pytest

from hemsedal_integrering.cli import main
from hemsedal_integrering.context import Context
from hemsedal_integrering.db import postgres
from hemsedal_integrering.db.migrations import SCHEMA_VERSION
from hemsedal_integrering.errors import DatabaseError
from hemsedal_integrering.services import accounts
from hemsedal_integrering.services.auth import LoginFailed
from hemsedal_integrering.services.server_login import login_server
from hemsedal_integrering.services.setup import ensure_municipalities

PASSWORD = "passord-123456"


@pytest.fixture
def older_server(pg_url, monkeypatch):
    """A server database built by a program one schema version older, with roles and an officer login role."""
    with monkeypatch.context() as older:
        older.setattr(postgres, "SCHEMA_VERSION", SCHEMA_VERSION - 1)
        db = postgres.open_server(pg_url)
    assert postgres.current_version(db) == SCHEMA_VERSION - 1
    postgres.apply_roles(db)
    ctx = Context(db=db)
    ensure_municipalities(ctx)
    name = f"kari_{uuid.uuid4().hex[:8]}"
    accounts.create_user(ctx, username=name, full_name="Kari", role="officer", password=PASSWORD)
    db.close()
    yield pg_url, name
    import psycopg
    with psycopg.connect(os.environ["HEMSEDAL_TEST_PG"], autocommit=True) as owner:
        owner.execute(f'DROP ROLE IF EXISTS "{name}"')


def test_a_login_that_is_not_the_owner_is_told_what_the_it_partner_runs_and_nothing_changes(older_server):
    url, name = older_server
    with pytest.raises((LoginFailed, DatabaseError)) as refused:
        login_server(url, name, PASSWORD)
    message = str(refused.value)
    assert isinstance(refused.value, postgres.UpgradeNeedsOwner)
    assert "IT-partneren" in message and "hemsedal-integrering server-upgrade --db postgresql://postgres@" in message
    assert f"versjon {SCHEMA_VERSION - 1}" in message and "Ingenting er endret" in message
    db = postgres.open_server(url, migrate=False)
    try:
        assert postgres.current_version(db) == SCHEMA_VERSION - 1
    finally:
        db.close()


def test_the_owner_upgrades_with_server_upgrade_and_the_login_then_works(older_server, capsys):
    url, name = older_server
    assert main(["--db", url, "server-upgrade"]) == 0
    assert f"versjon {SCHEMA_VERSION}" in capsys.readouterr().out
    session = login_server(url, name, PASSWORD)
    try:
        # The privileges were renewed: the officer reads what the last step added.
        session.db.execute_sql("SELECT * FROM person LIMIT 1")
    finally:
        session.close()
