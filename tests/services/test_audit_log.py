"""The audit log: admin views and exports it; nothing in the program edits or deletes it."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from openpyxl import load_workbook

import hemsedal_integrering
from hemsedal_integrering.models import AuditEntry, User
from hemsedal_integrering.services import audit, records
from hemsedal_integrering.services.accounts import create_user
from hemsedal_integrering.services.people import update_person
from tests.privacy_helpers import HEALTH, PASSWORD, add_users_and_person, fast_kdf


def _admin(ctx):
    create_user(ctx, username="sjef", full_name="Sjef", role="admin", password=PASSWORD)
    return ctx.as_user(User.get(User.username == "sjef"))


def test_admin_filters_and_exports_csv_and_xlsx(ctx, tmp_path, monkeypatch):
    fast_kdf(monkeypatch)
    pid = add_users_and_person(ctx)
    officer = ctx.as_user(User.get(User.username == "radgiver"))
    update_person(officer, person_id=pid, health_note="Ny merknad", phone="400 00 000")
    records.read_person_record(officer, person_id=pid)
    admin = _admin(ctx)
    # when the admin filters on the officer and on the person
    rows = audit.query(admin, username="radgiver", entity="person", entity_id=pid)
    # then the read and the update are there, newest first, with the health note masked
    assert [r.action for r in rows] == ["read", "update"]
    assert "health_note: *** → ***" in rows[1].changes_text() and "400 00 000" in rows[1].changes_text()
    assert audit.count(admin, username="radgiver") == 2
    assert audit.query(admin, since=dt.date(2030, 1, 1)) == []
    # and exports contain the same lines, without the sensitive value
    n = audit.export(admin, tmp_path / "logg.csv", username="radgiver")
    with open(tmp_path / "logg.csv", encoding="utf-8-sig") as fh:
        lines = list(csv.reader(fh, delimiter=";"))
    assert n == 2 and lines[0][0] == "Tidspunkt" and len(lines) == 3
    assert "Ny merknad" not in (tmp_path / "logg.csv").read_text(encoding="utf-8-sig")
    assert audit.export(admin, tmp_path / "logg.xlsx") >= 5
    ws = load_workbook(tmp_path / "logg.xlsx").active
    assert ws["A1"].value == "Tidspunkt" and ws.max_row >= 6
    # and the exports were themselves logged
    assert AuditEntry.select().where(AuditEntry.action == "export").count() == 2
    assert HEALTH not in "".join(e.changes for e in AuditEntry.select())


def test_no_code_in_the_program_updates_or_deletes_audit_rows():
    # given every source file of the program
    root = Path(hemsedal_integrering.__file__).parent
    forbidden = re.compile(
        r"AuditEntry\s*\.\s*(update|delete|delete_by_id|replace|insert_many|truncate_table|drop_table)\b"
        r"|(UPDATE|DELETE\s+FROM)\s+\"?audit_entry"
        r"|\.delete_instance\(", re.IGNORECASE)
    offenders = []
    for path in root.rglob("*.py"):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if forbidden.search(line) and "AuditEntry" in line or re.search(r"(UPDATE|DELETE\s+FROM)\s+\"?audit_entry",
                                                                               line, re.IGNORECASE):
                offenders.append(f"{path.relative_to(root)}:{no}: {line.strip()}")
    # then none touches existing audit rows, except the one sanctioned redaction at anonymisation
    # (services/audit.redact_for_anonymisation: values only; who, what and when are kept)
    sanctioned = [o for o in offenders if o.startswith(str(Path("services") / "audit.py")) and "# audit-redaction" in o
                  and "AuditEntry.update(changes=" in o]
    assert len(sanctioned) == 1
    assert [o for o in offenders if o not in sanctioned] == []
    # and the audit service offers no function to change rows
    assert not [name for name in dir(audit) if re.match(r"(delete|update|edit|purge|remove)", name)]
