"""The same services on SQLite and PostgreSQL (issue 17): writes, search text, versions, the audit log."""

from __future__ import annotations

import pytest

from hemsedal_integrering.errors import Conflict
from hemsedal_integrering.models import AuditEntry, Household, Person
from hemsedal_integrering.models.versioning import expect_versions
from hemsedal_integrering.services import people
from hemsedal_integrering.services.accounts import create_user


def _household(ctx) -> int:
    return people.register_household(ctx, municipality="hemsedal", name="Familien Haddad", settlement_date="2025-03-01",
                                      legal_basis="asylum", members=[
                                          dict(first_name="Ahmad", last_name="Haddad", role="adult",
                                               birth_date="1985-04-02"),
                                          dict(first_name="Sara", last_name="Haddad", role="child",
                                               birth_date="2015-01-01")]).first_created("household")


def test_register_and_edit_keep_the_search_text_in_step(backend_ctx):
    hid = _household(backend_ctx)
    pid = Person.select().where(Person.household == hid).order_by(Person.id).first().id
    people.update_person(backend_ctx, person_id=pid, phone="91234567")
    person = Person.get_by_id(pid)
    assert "91234567" in person.search_text and "Familien Haddad" in person.search_text
    people.update_household(backend_ctx, household_id=hid, name="Familien Haddad-Ali")
    assert "Haddad-Ali" in Person.get_by_id(pid).search_text
    assert person.row_version == 2


def test_a_stale_save_is_refused_on_both_backends(backend_ctx):
    create_user(backend_ctx, username="ola", full_name="Ola Nordmann", role="officer", password="passord-ola-12")
    from hemsedal_integrering.models import User
    ola = backend_ctx.as_user(User.get(User.username == "ola"))
    hid = _household(backend_ctx)
    seen = Household.get_by_id(hid).row_version
    people.update_household(ola, household_id=hid, notes="Ola's note")
    before = AuditEntry.select().count()
    with pytest.raises(Conflict) as err, expect_versions({("household", hid): seen}):
        people.update_household(backend_ctx, household_id=hid, notes="from an old form")
    assert "Ola Nordmann" in str(err.value)
    assert Household.get_by_id(hid).notes == "Ola's note"
    assert AuditEntry.select().count() == before


def test_the_audit_log_cannot_be_changed_on_the_server(pg_ctx):
    _household(pg_ctx)
    import peewee
    for sql in ("UPDATE audit_entry SET username = 'x'", "DELETE FROM audit_entry"):
        with pytest.raises(peewee.DatabaseError, match="append-only"), pg_ctx.db.atomic():
            pg_ctx.db.execute_sql(sql)
    assert AuditEntry.select().count() > 0


def test_a_new_server_database_gets_the_current_schema_version(pg_ctx):
    from hemsedal_integrering.db import SCHEMA_VERSION
    from hemsedal_integrering.db.postgres import current_version
    assert current_version(pg_ctx.db) == SCHEMA_VERSION


def test_remote_hosts_require_tls_and_passwords_are_not_in_the_url():
    from hemsedal_integrering.db.postgres import connection_params, redacted
    assert connection_params("postgresql://ola@db.hallingdal.no/integrering")["sslmode"] == "require"
    assert connection_params("postgresql://ola@db.hallingdal.no/x?sslmode=verify-full")["sslmode"] == "verify-full"
    assert "sslmode" not in connection_params("postgresql:///x?host=/tmp/sock")
    assert "hemmelig" not in redacted("postgresql://ola:hemmelig@db.hallingdal.no/x")


def test_only_the_redaction_function_may_change_an_audit_row_and_only_its_values(pg_ctx):
    import peewee
    _household(pg_ctx)
    entry = AuditEntry.select().order_by(AuditEntry.id).first()
    pg_ctx.db.execute_sql("SELECT redact_audit_entry(%s, %s)", (entry.id, '{"x": ["***", "***"]}'))
    assert AuditEntry.get_by_id(entry.id).changes == '{"x": ["***", "***"]}'
    with pytest.raises(peewee.DatabaseError, match="append-only"), pg_ctx.db.atomic():
        pg_ctx.db.execute_sql("SELECT set_config('hemsedal.audit_redaction', 'on', true)")
        pg_ctx.db.execute_sql("UPDATE audit_entry SET username = 'someone else' WHERE id = %s", (entry.id,))
    with pytest.raises(peewee.DatabaseError, match="append-only"), pg_ctx.db.atomic():
        pg_ctx.db.execute_sql("TRUNCATE audit_entry")
