"""Backups from the window go through a service: the right is checked and an audit row says who took which copy
(issue 17); the consistency check finds broken rules of the program on SQLite (server: tests/server)."""

from __future__ import annotations

import datetime as dt

import pytest

from hemsedal_integrering.errors import PermissionDenied, ValidationError
from hemsedal_integrering.models import AuditEntry, StatusPeriod, User
from hemsedal_integrering.services import accounts, auth, backups, consistency, people

PASSWORD = "et-langt-passord"


@pytest.fixture
def admin(tmp_path):
    session, _key = auth.create_first_admin(tmp_path / "b.sqlite3", username="sjef", full_name="Sjef Sjefsen",
                                            password=PASSWORD, encrypt=False)
    yield session
    session.close()


def test_backup_now_checks_the_right_and_writes_an_audit_row(admin, tmp_path):
    result = backups.backup_now(admin, folder=tmp_path / "kopier")
    assert result.logged and result.path.exists() and result.path.parent == tmp_path / "kopier"
    row = AuditEntry.select().where(AuditEntry.action == "backup").order_by(AuditEntry.id.desc()).first()
    assert row is not None and row.username == "sjef" and str(result.path) in row.changes


def test_an_officer_may_not_take_a_backup(admin, tmp_path):
    accounts.create_user(admin.ctx, username="ola", full_name="Ola", role="officer", password=PASSWORD)
    officer = admin.ctx.as_user(User.get(User.username == "ola"))
    session = auth.Session(db_path=admin.db_path, ctx=officer)
    with pytest.raises(PermissionDenied):
        backups.backup_now(session, folder=tmp_path / "kopier")
    assert not (tmp_path / "kopier").exists()


def test_pg_dump_is_refused_for_a_file_and_a_missing_tool_is_named(admin, tmp_path, monkeypatch):
    with pytest.raises(ValidationError, match="fil"):
        backups.dump_server(admin, target=tmp_path / "x.dump")
    monkeypatch.setattr(backups.shutil, "which", lambda name: None)
    monkeypatch.setattr(backups, "_candidates", lambda: [])
    assert backups.find_pg_dump() is None


def test_the_consistency_check_finds_an_overlapping_status_and_says_which(ctx):
    hid = people.register_household(ctx, municipality="hemsedal", name="Familien Ali", legal_basis="asylum",
                                    settlement_date=dt.date(2026, 1, 10), members=[
                                        dict(first_name="Ali", last_name="Ali", role="adult",
                                             birth_date=dt.date(1990, 1, 1))]).first_created("household")
    assert consistency.check(ctx) == []
    from hemsedal_integrering.models import Person
    person = Person.get(Person.household == hid)
    StatusPeriod.insert(created_at=dt.datetime(2026, 1, 1), person=person.id, status="introduction",
                        start_date=dt.date(2026, 2, 1), end_date=None, note="").execute()
    StatusPeriod.insert(created_at=dt.datetime(2026, 1, 1), person=person.id, status="work",
                        start_date=dt.date(2026, 3, 1), end_date=None, note="").execute()
    found = consistency.check(ctx)
    rules = {f.rule for f in found}
    assert {"status_overlap", "status_open"} <= rules
    assert any(str(person.id) in line for line in consistency.report_lines(found))
