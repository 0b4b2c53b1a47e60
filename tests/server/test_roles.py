"""Roles enforced by the server (issue 17): hand-written SQL as a housing login cannot read sensitive columns,
and no role can change the audit log."""

from __future__ import annotations

import uuid

import pytest

from hemsedal_integrering.db.postgres import apply_roles
from hemsedal_integrering.services import people


@pytest.fixture
def logins(pg_ctx, pg_url):
    """A housing and an admin login role on the test database; connect as them with plain psycopg."""
    import psycopg
    from urllib.parse import urlsplit
    people.register_household(pg_ctx, municipality="hemsedal", name="Familien Haddad", settlement_date="2025-03-01",
                              legal_basis="asylum", members=[dict(first_name="Ahmad", last_name="Haddad",
                                                                  role="adult", birth_date="1985-04-02",
                                                                  national_id="15108695088")])
    apply_roles(pg_ctx.db)
    suffix = uuid.uuid4().hex[:8]
    names = {"housing": f"bolig_{suffix}", "admin": f"admin_{suffix}"}
    for group, name in names.items():
        pg_ctx.db.execute_sql(f'CREATE ROLE "{name}" LOGIN IN ROLE integrering_{group}')
    parts = urlsplit(pg_url)
    base = parts.query.replace("user=postgres", "").strip("&")

    def connect(group):
        return psycopg.connect(f"postgresql:///{parts.path.lstrip('/')}?{base}&user={names[group]}", autocommit=True)
    yield connect
    for name in names.values():
        pg_ctx.db.execute_sql(f'DROP OWNED BY "{name}"')
        pg_ctx.db.execute_sql(f'DROP ROLE "{name}"')


@pytest.mark.parametrize("sql", [
    "SELECT national_id FROM person", "SELECT health_note FROM person", "SELECT case_note FROM person",
    "SELECT legal_basis FROM person", "SELECT legal_basis FROM household", "SELECT notes FROM household",
    "SELECT search_text FROM person", "SELECT * FROM person", "SELECT * FROM status_period",
    "SELECT * FROM intro_programme", 'SELECT password_hash FROM "user"',
])
def test_housing_cannot_read_sensitive_columns_with_hand_written_sql(logins, sql):
    import psycopg
    with logins("housing") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(sql)


def test_housing_reads_names_and_contact_data(logins):
    with logins("housing") as conn:
        assert conn.execute("SELECT first_name, last_name, phone FROM person").fetchall() == [("Ahmad", "Haddad", "")]
        conn.execute("INSERT INTO audit_entry (created_at, at, username, action, entity, changes) "
                     "VALUES (now(), now(), 'bolig', 'read', 'person', '')")


@pytest.mark.parametrize("group", ["housing", "admin"])
@pytest.mark.parametrize("sql", ["UPDATE audit_entry SET username = 'x'", "DELETE FROM audit_entry",
                                 "TRUNCATE audit_entry"])
def test_no_role_can_change_the_audit_log(logins, group, sql):
    import psycopg
    with logins(group) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(sql)


def test_the_owner_is_stopped_by_the_trigger(pg_ctx):
    import peewee
    people.register_household(pg_ctx, municipality="gol", name="X", settlement_date="2025-03-01",
                              legal_basis="asylum", members=[dict(first_name="A", last_name="B", role="adult",
                                                                  birth_date="1980-01-01")])
    with pytest.raises(peewee.DatabaseError, match="append-only"), pg_ctx.db.atomic():
        pg_ctx.db.execute_sql("DELETE FROM audit_entry")
