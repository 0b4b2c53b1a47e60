"""``transfer --replace`` onto a server never switches the audit log's append-only triggers off (issue 17): while the
copy runs, an UPDATE, DELETE or TRUNCATE of the audit log is refused even inside the copying transaction (the
owner's), and afterwards the group roles' privileges are back."""

from __future__ import annotations

import shutil
import uuid

import peewee
import pytest

from hemsedal_integrering.db import open_database, transfer
from hemsedal_integrering.db.postgres import apply_roles

PROBES = ("UPDATE audit_entry SET username = 'x'", "DELETE FROM audit_entry", "TRUNCATE audit_entry")


class _Allowed(Exception):
    """The probe's statement went through (rolled back to its savepoint)."""


def _probe(db) -> list[str]:
    """Each probe statement in a savepoint of the running transaction: the ones that changed a row (rolled back);
    before the audit rows are copied an UPDATE or DELETE has no row to fire the row trigger on."""
    allowed = []
    for sql in PROBES:
        try:
            with db.atomic():
                if db.execute_sql(sql).rowcount > 0:
                    raise _Allowed
        except _Allowed:
            allowed.append(sql)
        except peewee.DatabaseError as exc:
            assert "append-only" in str(exc), exc
    enabled = db.execute_sql("SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'audit_entry'::regclass "
                             "AND NOT tgisinternal ORDER BY tgname").fetchall()
    assert enabled == [("audit_entry_append_only", "O"), ("audit_entry_no_truncate", "O")], enabled
    return allowed


def test_a_replace_keeps_the_audit_log_append_only_throughout_and_gives_the_privileges_back(
        demo_file, tmp_path, pg_url, monkeypatch):
    import psycopg
    source_path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_file, source_path)
    source, target = open_database(source_path), open_database(pg_url)
    transfer.copy_database(source, target)
    apply_roles(target)
    seen: list[list[str]] = []
    plain_rows = transfer._rows

    def rows_and_probe(db, model):
        if db is source and target.in_transaction():  # the copy is running: probe the target's audit log
            if target.execute_sql("SELECT count(*) FROM audit_entry").fetchone()[0]:
                seen.append(_probe(target))
            else:
                _probe(target)  # TRUNCATE refused and the triggers in force even while the new log is empty
        return plain_rows(db, model)
    monkeypatch.setattr(transfer, "_rows", rows_and_probe)
    checks = transfer.copy_database(source, target, replace=True)
    # Probed at each table's copy after the audit rows were in (the old code disabled the trigger: 2 let through).
    assert len(seen) > 10 and all(not allowed for allowed in seen), seen
    assert checks["audit_entry"].rows > 0
    monkeypatch.undo()

    # The groups' privileges are back on the new tables: a housing login still cannot read identity numbers, and
    # an administrator's login cannot change the log.
    from urllib.parse import urlsplit
    parts = urlsplit(pg_url)
    query = parts.query.replace("user=postgres", "").strip("&")
    names = {group: f"{group}_{uuid.uuid4().hex[:8]}" for group in ("housing", "admin")}
    try:
        for group, name in names.items():
            target.execute_sql(f'CREATE ROLE "{name}" LOGIN IN ROLE integrering_{group}')
        with psycopg.connect(f"postgresql:///{parts.path.lstrip('/')}?{query}&user={names['housing']}",
                             autocommit=True) as housing:
            assert housing.execute("SELECT first_name FROM person LIMIT 1").fetchone()
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                housing.execute("SELECT national_id FROM person")
        with psycopg.connect(f"postgresql:///{parts.path.lstrip('/')}?{query}&user={names['admin']}",
                             autocommit=True) as admin:
            for sql in PROBES:
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    admin.execute(sql)
    finally:
        for name in names.values():
            target.execute_sql(f'DROP OWNED BY "{name}"')
            target.execute_sql(f'DROP ROLE "{name}"')
        source.close()
        target.close()
