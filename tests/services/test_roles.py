"""Per role: housing staff never get a health note or an identity number (services, record read, CLI)."""

from __future__ import annotations

import json

import pytest

from hemsedal_integrering import cli
from hemsedal_integrering.errors import PermissionDenied
from hemsedal_integrering.models import AuditEntry, User
from hemsedal_integrering.services import audit, privacy, records
from hemsedal_integrering.services.people import add_status, update_person
from tests.privacy_helpers import HEALTH, NATIONAL_ID, PASSWORD, add_users_and_person, fast_kdf, new_encrypted


@pytest.fixture(autouse=True)
def _fast(monkeypatch):
    fast_kdf(monkeypatch)


@pytest.fixture
def people(ctx):
    pid = add_users_and_person(ctx)
    add_status(ctx, person_id=pid, status="intro", start_date="2024-03-01")
    users = {u.username: u for u in User.select()}
    return pid, users


def test_housing_staff_get_names_and_contact_only(ctx, people):
    pid, users = people
    housing = ctx.as_user(users["bolig"])
    record = records.read_person_record(housing, person_id=pid)
    assert record.restricted and record.first_name == "Zainab" and record.phone == "912 34 567"
    assert record.national_id is None and record.health_note is None and record.case_note is None
    assert record.statuses == [] and record.legal_basis is None
    assert HEALTH not in repr(record) and NATIONAL_ID not in repr(record)


def test_officer_gets_the_full_record_and_the_read_is_logged(ctx, people):
    pid, users = people
    officer = ctx.as_user(users["radgiver"])
    record = records.read_person_record(officer, person_id=pid)
    assert not record.restricted and record.national_id == NATIONAL_ID and record.health_note == HEALTH
    assert [s.status for s in record.statuses] == ["intro"]
    row = AuditEntry.select().where(AuditEntry.action == "read").order_by(AuditEntry.id.desc()).get()
    assert (row.username, row.entity, row.entity_id) == ("radgiver", "person", pid)
    assert HEALTH not in row.changes and NATIONAL_ID not in row.changes  # field names only, no values


def test_housing_staff_cannot_write_or_export_person_data(ctx, people):
    pid, users = people
    housing = ctx.as_user(users["bolig"])
    with pytest.raises(PermissionDenied):
        update_person(housing, person_id=pid, health_note="x")
    with pytest.raises(PermissionDenied):
        privacy.export_person(housing, person_id=pid)
    with pytest.raises(PermissionDenied):
        audit.query(housing)
    with pytest.raises(PermissionDenied):
        privacy.due_for_anonymisation(housing)


def test_only_admin_reads_the_audit_log(ctx, people):
    _, users = people
    from hemsedal_integrering.services.accounts import create_user
    create_user(ctx, username="sjef", full_name="Sjef", role="admin", password=PASSWORD)
    admin = User.get(User.username == "sjef")
    assert audit.query(ctx.as_user(admin), entity="user")[0].entity == "user"
    with pytest.raises(PermissionDenied):
        audit.query(ctx.as_user(users["bolig"]))
    with pytest.raises(PermissionDenied):
        audit.query(ctx.as_user(users["radgiver"]))


def test_audit_masks_sensitive_values_on_write(ctx, people):
    pid, users = people
    update_person(ctx.as_user(users["radgiver"]), person_id=pid, health_note="Ny diagnose: diabetes")
    row = AuditEntry.select().where((AuditEntry.entity == "person") & (AuditEntry.action == "update")).get()
    assert json.loads(row.changes)["health_note"] == ["***", "***"]
    assert "diabetes" not in row.changes


def test_command_line_obeys_the_roles(tmp_path, monkeypatch, capsys):
    # given an encrypted database with a sensitive person
    path = tmp_path / "k.sqlite3"
    session, _ = new_encrypted(path)
    pid = 1
    session.close()
    monkeypatch.setenv("HEMSEDAL_PASSWORD", PASSWORD)
    # when housing staff ask for the person on the command line
    rc = cli.main(["--db", str(path), "person", str(pid), "--user", "bolig"])
    out = capsys.readouterr().out
    # then they see the name but no identity number or health note
    assert rc == 0 and "Zainab" in out and NATIONAL_ID not in out and HEALTH not in out
    # and cannot export the person (no access to personal data) or read the log (administrators only),
    # and neither refusal shows the identity number
    assert cli.main(["--db", str(path), "export-person", str(pid), "--user", "bolig"]) == 2
    export = capsys.readouterr()
    assert NATIONAL_ID not in export.out + export.err
    assert "ikke tilgang" in export.err
    assert cli.main(["--db", str(path), "audit", "--user", "bolig"]) == 2
    log = capsys.readouterr()
    assert NATIONAL_ID not in log.out + log.err
    assert "Bare en administrator" in log.err
    # while the officer sees everything
    assert cli.main(["--db", str(path), "person", str(pid), "--user", "radgiver"]) == 0
    out = capsys.readouterr().out
    assert NATIONAL_ID in out and HEALTH in out
    # and a wrong password on the command line is a clear refusal
    monkeypatch.setenv("HEMSEDAL_PASSWORD", "feil-passord-xx")
    assert cli.main(["--db", str(path), "person", str(pid), "--user", "radgiver"]) == 2
    assert "Feil brukernavn eller passord" in capsys.readouterr().err
