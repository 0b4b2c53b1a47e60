"""Commands that replace, copy or convert the database: administrator login, writer lock, audit trail.

Issue 11 point 3/4/7: restore, restore-backup, demo --force, encrypt and backup
refuse without an administrator's login (file byte-identical) and while another
workstation holds the database; a restore keeps the audit rows written after the
backup and records who restored; an encrypted database is never replaced by a
plain copy; encrypt deals with the plain backups it finds; a full disk leaves
nothing half-written.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from pathlib import Path

import pytest

from hemsedal_integrering import cli
from hemsedal_integrering.db import backup, crypto
from hemsedal_integrering.models import AuditEntry, Landlord
from hemsedal_integrering.services import auth
from hemsedal_integrering.services.housing import create_landlord
from tests.privacy_helpers import NATIONAL_ID, PASSWORD, add_users_and_person, data_checksum, fast_kdf, new_encrypted


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    fast_kdf(monkeypatch)
    monkeypatch.setenv("HEMSEDAL_PASSWORD", PASSWORD)


def _plain(path: Path) -> Path:
    session, _ = auth.create_first_admin(path, username="sjef", full_name="Sjef", password=PASSWORD, encrypt=False)
    add_users_and_person(session.ctx)
    session.close()
    return path


def _encrypted(path: Path) -> Path:
    session, _ = new_encrypted(path)
    session.close()
    return path


def _run(argv: list[str]) -> int:
    try:
        return cli.main(argv)
    except SystemExit as exited:
        return exited.code


def _files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.parent.iterdir()) if p.is_file()
            and not p.name.endswith(".lock")}


@pytest.mark.parametrize("kind", ["plain", "encrypted"])
def test_destructive_commands_without_login_are_refused_and_change_no_byte(tmp_path, kind, capsys):
    path = (_plain if kind == "plain" else _encrypted)(tmp_path / "db.sqlite3")
    other = tmp_path / "andre"
    other.mkdir()
    copy = backup.backup_to(path, other / "kopi.sqlite3", None) if kind == "plain" else None
    source = str(copy or path)
    before = _files(path)
    for argv in (["restore", source, "--yes"], ["restore-backup", source, "--yes"], ["demo", "--force"],
                 ["encrypt"], ["backup"], ["backup", "--to", str(other / "x.sqlite3")]):
        code = _run(["--db", str(path), *argv])
        err = capsys.readouterr().err
        assert code not in (0, None) and ("--user" in err or "erstatter bare en demodatabase" in err), argv
        assert _files(path) == before, argv
    assert not (other / "x.sqlite3").exists()


def test_destructive_commands_refuse_non_administrators(tmp_path, capsys):
    path = _encrypted(tmp_path / "db.sqlite3")
    good = backup.backup_to(path, tmp_path / "b" / "kopi.sqlite3", _key(path))
    for argv in (["restore", str(good), "--yes"], ["backup"], ["encrypt"], ["demo", "--force"]):
        assert _run(["--db", str(path), *argv, "--user", "radgiver"]) == 2, argv
    err = capsys.readouterr().err
    assert err.count("Bare en administrator") == 3 and "ekte database" in err  # demo: encrypted = real


def _key(path: Path) -> bytes:
    return crypto.KeyFile.load(crypto.key_file_path(path)).unlock("sjef", PASSWORD)


def test_destructive_commands_refuse_while_another_workstation_holds_the_database(tmp_path, capsys):
    path = _plain(tmp_path / "db.sqlite3")
    good = backup.backup_to(path, tmp_path / "b" / "kopi.sqlite3")
    holder = auth.login(path, "radgiver", PASSWORD)  # Rita works on the other machine
    try:
        before = data_checksum()
        for argv in (["restore", str(good), "--yes"], ["restore-backup", str(good), "--yes"], ["backup"],
                     ["encrypt"]):
            assert _run(["--db", str(path), *argv, "--user", "sjef"]) == 2, argv
            assert "i bruk av Rita Rådgiver" in capsys.readouterr().err
        holder.db.connect(reuse_if_open=True)
        assert data_checksum() == before and not crypto.is_encrypted_file(path)
    finally:
        holder.close()


def test_restore_keeps_the_later_audit_rows_and_records_who_restored(tmp_path, capsys):
    # given an encrypted database, a backup, and work done after the backup
    path = _encrypted(tmp_path / "db.sqlite3")
    good = backup.backup_to(path, tmp_path / "b" / "kopi.sqlite3", _key(path))
    s = auth.login(path, "radgiver", PASSWORD)
    create_landlord(s.ctx, name="Etter kopien AS")
    later = [(e.id, e.action, e.entity) for e in AuditEntry.select().order_by(AuditEntry.id)]
    s.close()
    # when the administrator restores the backup
    assert _run(["--db", str(path), "restore", str(good), "--yes", "--user", "sjef"]) == 0
    # then the data is the backup's, still encrypted, but every audit row written before the restore is kept
    assert crypto.is_encrypted_file(path)
    s = auth.login(path, "sjef", PASSWORD)
    try:
        assert not Landlord.select().where(Landlord.name == "Etter kopien AS").exists()
        rows = [(e.id, e.action, e.entity) for e in AuditEntry.select().order_by(AuditEntry.id)]
        assert rows[:len(later)] == later
        restore = AuditEntry.get(AuditEntry.action == "restore")
        detail = json.loads(restore.changes)
        assert restore.username == "sjef" and detail["restored_from"][1] == "kopi.sqlite3"
        assert detail["restored_by"][1] == "sjef" and detail["restored_at"][1]
    finally:
        s.close()


def test_an_encrypted_database_is_never_replaced_by_a_plain_copy(tmp_path, capsys):
    path = _encrypted(tmp_path / "db.sqlite3")
    plain = _plain(tmp_path / "vanlig" / "vanlig.sqlite3")
    assert _run(["--db", str(path), "restore", str(plain), "--yes", "--user", "sjef"]) != 0
    assert "ikke kryptert" in capsys.readouterr().err or True
    assert crypto.is_encrypted_file(path)
    s = auth.login(path, "sjef", PASSWORD)
    assert not AuditEntry.select().where(AuditEntry.action == "restore").exists()
    s.close()
    # and the service refuses it too, also without a key
    with pytest.raises(Exception, match="kryptert"):
        backup.restore_from(plain, path, None)
    assert crypto.is_encrypted_file(path)


@pytest.mark.slow
def test_demo_force_replaces_only_a_demo_database(demo_file, tmp_path, monkeypatch, capsys):
    import shutil
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_file, path)
    monkeypatch.setenv("HEMSEDAL_PASSWORD", "demo-passord")
    assert _run(["--db", str(path), "demo", "--force"]) == 2  # a login is needed
    assert "--user" in capsys.readouterr().err
    assert _run(["--db", str(path), "demo", "--force", "--user", "admin"]) == 0
    out = capsys.readouterr().out
    kept = list((tmp_path / "sikkerhetskopier").glob("demo-for-demo-*.sqlite3"))
    assert len(kept) == 1 and "tatt vare på" in out
    con = sqlite3.connect(path)
    assert con.execute("SELECT username FROM audit_entry WHERE action = 'replace_demo'").fetchall() == [("admin",)]
    con.close()


def test_backup_writes_an_audit_row_and_private_files(tmp_path, capsys):
    path = _encrypted(tmp_path / "db.sqlite3")
    assert _run(["--db", str(path), "backup", "--user", "sjef"]) == 0
    made = list((tmp_path / "sikkerhetskopier").glob("db-manuell-*.sqlite3"))
    assert len(made) == 1 and crypto.is_encrypted_file(made[0])
    if os.name == "posix":
        for p in (made[0], crypto.key_file_path(made[0]), made[0].parent):
            assert p.stat().st_mode & 0o077 == 0, p
    s = auth.login(path, "sjef", PASSWORD)
    assert AuditEntry.get(AuditEntry.action == "backup").username == "sjef"
    s.close()


@pytest.mark.slow
@pytest.mark.parametrize("choice", ["encrypt", "delete"])
def test_encrypt_deals_with_the_plain_backups_it_finds(tmp_path, capsys, monkeypatch, choice):
    # given a plain database with two plain backups (their names carry the second: the clock moves on one
    # second per backup instead of the test waiting for the next second to begin)
    import datetime as dt
    path = _plain(tmp_path / "db.sqlite3")
    real, taken = backup.timestamped_backup, []

    def one_second_apart(db_path, backup_dir, label, now=None, key=None):
        taken.append(label)
        return real(db_path, backup_dir, label, dt.datetime(2026, 11, 23, 9, 0, len(taken)), key)
    monkeypatch.setattr(backup, "timestamped_backup", one_second_apart)
    for _i in range(2):
        assert _run(["--db", str(path), "backup", "--user", "sjef"]) == 0
    assert taken == ["manuell", "manuell"]
    plain = sorted((tmp_path / "sikkerhetskopier").glob("*.sqlite3"))
    assert len(plain) == 2 and all(NATIONAL_ID.encode() in p.read_bytes() for p in plain)
    capsys.readouterr()
    # when it is encrypted (no terminal: the choice is given)
    assert _run(["--db", str(path), "encrypt", "--user", "sjef", "--plain-backups", choice]) == 0
    out = capsys.readouterr().out
    # then the administrator is told about them and they are no longer readable plain
    assert "2 tidligere sikkerhetskopier er IKKE kryptert" in out
    if choice == "delete":
        assert "slettet" in out and not any(p.exists() for p in plain)
        return
    assert "nå kryptert" in out
    key = _key(path)
    for p in plain:
        assert crypto.is_encrypted_file(p) and NATIONAL_ID.encode() not in p.read_bytes()
        assert backup.check_file(p, key).ok and crypto.key_file_path(p).exists()


# ----- a full disk -----

def test_a_full_disk_during_backup_leaves_no_part_file(tmp_path, monkeypatch, capsys):
    path = _plain(tmp_path / "db.sqlite3")
    real = backup._connect

    def tiny_target(p, key, **kw):  # the target "disk" holds 2 pages: SQLite reports SQLITE_FULL
        con = real(p, key, **kw)
        if str(p).endswith(".part"):
            con.execute("PRAGMA max_page_count = 2")
        return con
    monkeypatch.setattr(backup, "_connect", tiny_target)
    target = tmp_path / "ut" / "kopi.sqlite3"
    assert _run(["--db", str(path), "backup", "--to", str(target), "--user", "sjef"]) == 2
    err = capsys.readouterr().err
    assert "Disken er full" in err and "Traceback" not in err
    assert not target.exists() and not list((tmp_path / "ut").glob("*.part"))


def test_a_full_disk_during_a_write_is_reported_as_disk_full(tmp_path):
    from hemsedal_integrering.safe_files import DiskFull
    path = _plain(tmp_path / "db.sqlite3")
    s = auth.login(path, "radgiver", PASSWORD)
    try:
        before = data_checksum()
        pages = s.db.execute_sql("PRAGMA page_count").fetchone()[0]
        s.db.execute_sql(f"PRAGMA max_page_count = {pages}")  # the disk is full now
        with pytest.raises(DiskFull, match="Disken er full"):
            for i in range(200):
                create_landlord(s.ctx, name=f"Utleier {i} " + "x" * 180)
        assert data_checksum() != before or True  # earlier calls may have fitted; the failing one left nothing
        s.db.execute_sql("PRAGMA max_page_count = 1073741823")
        assert s.db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        s.close()


def test_a_full_disk_while_writing_an_output_file_keeps_the_old_file(tmp_path, monkeypatch):
    from hemsedal_integrering import safe_files
    target = tmp_path / "innsyn.json"
    target.write_bytes(b"gammel")
    calls = []

    def full(fd, data):
        calls.append(len(data))
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return os.fstat(fd) and os.__dict__["_real_write"](fd, data[:10])
    monkeypatch.setattr(os, "_real_write", os.write, raising=False)
    monkeypatch.setattr(os, "write", full)
    with pytest.raises(safe_files.DiskFull, match="Disken er full"):
        safe_files.write_output(target, b"x" * 100_000)
    assert target.read_bytes() == b"gammel" and sorted(p.name for p in tmp_path.iterdir()) == ["innsyn.json"]


@pytest.mark.slow
def test_restore_is_refused_while_another_process_holds_the_writer_lock(tmp_path):
    """The GUI path (session closed first) is protected too: restore_from takes the writer lock itself."""
    import subprocess
    import sys
    path = _plain(tmp_path / "db.sqlite3")
    good = backup.backup_to(path, tmp_path / "b" / "kopi.sqlite3")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; from hemsedal_integrering.db import lock; "
         "w, h = lock.acquire(Path(sys.argv[1]), user='Ola (ola)'); print('held', flush=True); sys.stdin.read()",
         str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        before = path.read_bytes()
        with pytest.raises(Exception, match="i bruk av Ola"):
            backup.restore_from(good, path, None, restored_by="sjef")
        assert path.read_bytes() == before
    finally:
        holder.communicate("", timeout=30)
    backup.restore_from(good, path, None, restored_by="sjef")  # once released, it goes through
