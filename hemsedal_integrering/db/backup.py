"""Backups with SQLite's online backup API, restore, and the integrity check.

Rules
-----
* A backup is written to ``<target>.part`` and renamed only when complete; a
  full disk removes the part file and raises ``DiskFull`` (nothing half-written).
  Backup files, their key-file copies and new backup folders are owner-only.
* An encrypted database gives an encrypted backup (same data key) with the key
  file copied beside it. Checking a backup opens it read-only.
* ``restore_from`` never turns an encrypted database into a plain one, keeps
  the current file as ``<name>.before-restore``, carries the audit rows written
  after the backup over into the restored file (the accountability record is
  not rolled back with the data) and adds a row «restored from … by … at …».
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..errors import DatabaseError
from ..i18n import N_, _


def _connect(path: Path, key: bytes | None, *, read_only: bool = False, immutable: bool = False):
    """sqlite3 for plain files; sqlcipher3 with the raw key for encrypted ones.

    ``immutable`` (for checking a backup, which nobody writes): read-only without locks or
    ``-wal``/``-shm`` files, so checking leaves the backup folder exactly as it was.
    """
    if key is None:
        if read_only or immutable:
            flags = "mode=ro&immutable=1" if immutable else "mode=ro"
            from .crypto import sqlite_uri
            return sqlite3.connect(sqlite_uri(path, flags), uri=True)
        return sqlite3.connect(str(path))
    from .crypto import sqlcipher_connect
    return sqlcipher_connect(path, key, read_only=read_only or immutable, immutable=immutable)


#: Translate with ``_()`` where it is shown.
ENCRYPTED_HINT = N_("The file is encrypted and can only be read after logging in. Use «backup-info» or "
                    "«restore-backup» with --user, or the Backups window in the program.")


def _refuse_encrypted_without_key(path: Path, key: bytes | None) -> None:
    from .crypto import is_encrypted_file, key_file_path
    if key is None and is_encrypted_file(path) and key_file_path(path).exists():
        raise DatabaseError(_("The file is encrypted and can only be read after logging in. Use «backup-info» or "
                              "«restore-backup» with --user, or the Backups window in the program. "
                              "Nothing has been changed."))


def _refuse_folder(path: Path) -> None:
    if path.is_dir():
        raise DatabaseError(_("{path} is a folder, not a database or backup file. Nothing has been changed.").format(
            path=path))


def backup_to(db_path: Path, target: Path, key: bytes | None = None, *, copy_keys: bool = True) -> Path:
    """Copy a consistent snapshot of ``db_path`` to ``target`` (even while it is in use).

    With ``key`` the database is SQLCipher-encrypted and so is the copy (same
    data key); the key file is copied beside it as ``<target>.keys`` so the
    backup opens with the passwords valid at the time of the backup.
    """
    from ..safe_files import disk_full, is_disk_full
    _refuse_encrypted_without_key(db_path, key)
    if target.is_dir():
        raise DatabaseError(_("{path} is a folder. Give a file name for the backup, or use the folder as --to "
                              "without a file name.").format(path=target))
    paths.ensure_private_dir(target.parent)
    tmp = target.with_suffix(target.suffix + ".part")
    tmp.unlink(missing_ok=True)
    try:
        src = _connect(db_path, key)
        try:
            dst = _connect(tmp, key)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")  # a copy needs no WAL: reading it creates no files
            finally:
                dst.close()
        finally:
            src.close()
        paths.make_private(tmp)
        tmp.replace(target)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if is_disk_full(exc):
            raise disk_full(target) from exc
        raise
    if key is not None and copy_keys:
        keys = Path(str(db_path) + ".keys")
        if keys.exists():
            _copy_private(keys, Path(str(target) + ".keys"))
    return target


def _copy_private(source: Path, target: Path) -> None:
    """Copy a small file through a temp file (whole or not at all), owner-only."""
    from ..safe_files import write_output
    write_output(target, source.read_bytes())


def timestamped_backup(db_path: Path, backup_dir: Path, label: str, now: dt.datetime | None = None,
                       key: bytes | None = None) -> Path:
    """A backup named ``<stem>-<label>-<YYYYmmdd-HHMMSS>.sqlite3`` in ``backup_dir``."""
    now = now or dt.datetime.now()
    name = paths.safe_filename(f"{db_path.stem}-{label}-{now:%Y%m%d-%H%M%S}.sqlite3")  # no ':' or reserved names
    return backup_to(db_path, backup_dir / name, key)


@dataclass(frozen=True)
class IntegrityReport:
    """The result of ``PRAGMA integrity_check`` and ``foreign_key_check``."""

    ok: bool
    problems: list[str]


def check_file(path: Path, key: bytes | None = None, *, immutable: bool = False) -> IntegrityReport:
    """Run SQLite's integrity and foreign-key checks on a closed or open file (opened read-only;
    ``immutable`` for a backup: no lock, no ``-wal``/``-shm`` created)."""
    if not path.exists():
        raise DatabaseError(_("Cannot find the database file {path}.").format(path=path))
    _refuse_folder(path)
    from .crypto import is_encrypted_file, key_file_path
    if key is None and is_encrypted_file(path) and key_file_path(path).exists():
        return IntegrityReport(False, [_(ENCRYPTED_HINT)])
    try:
        con = _connect(path, key, read_only=True, immutable=immutable)
    except Exception as exc:  # sqlite3 / sqlcipher3: cannot open
        return IntegrityReport(False, [_("The file cannot be read as a database: {error}").format(error=exc)])
    try:
        try:
            rows = [r[0] for r in con.execute("PRAGMA integrity_check")]
            fk = con.execute("PRAGMA foreign_key_check").fetchall()
        except Exception as exc:  # sqlite3 / sqlcipher3 DatabaseError: not a database (or wrong key)
            return IntegrityReport(False, [_("The file cannot be read as a database: {error}").format(error=exc)])
    finally:
        con.close()
    problems = [r for r in rows if r != "ok"]
    problems += [_("Broken reference in table {table}, row {row} → {parent}").format(table=t, row=rid, parent=parent)
                 for t, rid, parent, _fk in fk]
    return IntegrityReport(not problems, problems)


def _audit_tail(db_path: Path, key: bytes | None, after_id: int) -> tuple[list[str], list[tuple]] | None:
    """Audit rows of the current file with id > ``after_id`` (None if the file cannot be read)."""
    try:
        con = _connect(db_path, key, read_only=True)
        try:
            cur = con.execute("SELECT * FROM audit_entry WHERE id > ? ORDER BY id", (after_id,))
            return [d[0] for d in cur.description], cur.fetchall()
        finally:
            con.close()
    except Exception:  # a damaged current file: its tail cannot be carried over
        return None


def _carry_over_audit(db_path: Path, restored: Path, key: bytes | None, *, source: Path, restored_by: str,
                      now: dt.datetime) -> None:
    """Append the current file's later audit rows and a «restored from … by … at …» row to ``restored``."""
    con = _connect(restored, key)
    try:
        columns = [r[1] for r in con.execute('PRAGMA table_info("audit_entry")')]
        if not columns:
            return
        last_id = con.execute("SELECT coalesce(max(id), 0) FROM audit_entry").fetchone()[0]
        tail = _audit_tail(db_path, key, last_id) if db_path.exists() else ([], [])
        con.execute("BEGIN IMMEDIATE")
        carried = 0
        if tail is not None:
            names, rows = tail
            common = [c for c in names if c in columns]
            picks = [names.index(c) for c in common]
            marks = ", ".join("?" * len(common))
            quoted = ", ".join(f'"{c}"' for c in common)
            users = {r[0] for r in con.execute('SELECT id FROM "user"')}
            user_col = common.index("user_id") if "user_id" in common else None
            for row in rows:
                values = [row[i] for i in picks]
                if user_col is not None and values[user_col] not in users:
                    values[user_col] = None  # a user created after the backup: the row keeps the user name
                con.execute(f'INSERT INTO audit_entry ({quoted}) VALUES ({marks})', values)
                carried += 1
        user_row = con.execute('SELECT id FROM "user" WHERE username = ?', (restored_by,)).fetchone()
        changes = {"restored_from": [None, source.name], "restored_by": [None, restored_by],
                   "restored_at": [None, now.isoformat(sep=" ")],
                   "audit_rows_kept": [None, carried if tail is not None else "ukjent (skadet fil)"]}  # i18n: data
        entry = {"created_at": now, "at": now, "user_id": user_row[0] if user_row else None,
                 "username": restored_by, "action": "restore", "entity": "database", "entity_id": None,
                 "changes": json.dumps(changes, ensure_ascii=False)}
        names = [c for c in entry if c in columns]
        con.execute(f'INSERT INTO audit_entry ({", ".join(names)}) VALUES ({", ".join("?" * len(names))})',
                    [v.isoformat(sep=" ") if isinstance(v := entry[c], dt.datetime) else v for c in names])
        con.execute("COMMIT")
    finally:
        con.close()


def restore_from(backup: Path, db_path: Path, key: bytes | None = None, *, restored_by: str = "system",
                 backup_key: bytes | None = None, now: dt.datetime | None = None) -> None:
    """Replace ``db_path`` with the contents of ``backup`` after checking the backup.

    The current file is kept beside it as ``<name>.before-restore`` so a
    mistaken restore can be undone by hand. ``key`` is the current data key;
    ``backup_key`` the backup's when it was taken before a re-keying (the
    restored file is then re-encrypted with ``key``). An encrypted database is
    never replaced by a plain backup. The writer lock is taken for the swap
    (refused while another workstation holds the file).
    """
    now = (now or dt.datetime.now()).replace(microsecond=0)
    _refuse_folder(backup)
    writer = _hold_writer_lock(db_path, restored_by) if db_path.exists() else None
    try:
        _restore(backup, db_path, key, restored_by=restored_by, backup_key=backup_key, now=now)
    finally:
        if writer is not None:
            writer.release()


def _hold_writer_lock(db_path: Path, who: str):  # lock.WriterLock | None
    """Take the writer lock for the restore, or accept that this very process already holds it
    (the command line keeps its login's lock); refuse when another workstation has the file."""
    import os
    import socket

    from . import lock
    mine, holder = lock.acquire(db_path, user=who)
    if mine is not None:
        return mine
    if holder is not None and holder.host == socket.gethostname() and holder.pid == os.getpid():
        return None
    raise DatabaseError(_("The database is in use by {holder}. It is not restored now: their work would be "
                          "lost. Try again when they have closed the program. Nothing has been changed.").format(
        holder=holder.describe() if holder else _("unknown")))


def _restore(backup: Path, db_path: Path, key: bytes | None, *, restored_by: str, backup_key: bytes | None,
             now: dt.datetime) -> None:
    from .crypto import is_encrypted_file
    if db_path.exists() and is_encrypted_file(db_path) and key is None:
        raise DatabaseError(_("The database is encrypted: log in to restore it. Nothing has been changed."))
    if key is not None and backup.exists() and not is_encrypted_file(backup):
        raise DatabaseError(_("The backup {name} is not encrypted and would make the encrypted database readable "
                              "to anyone. It is not restored. Nothing has been changed.").format(name=backup.name))
    source_key = backup_key or key
    report = check_file(backup, source_key, immutable=True)
    if not report.ok:
        raise DatabaseError(
            _("The backup is damaged and was not restored: {problems}").format(problems="; ".join(report.problems[:3]))
        )
    if db_path.exists():
        keep = db_path.with_name(db_path.name + ".before-restore")
        try:
            backup_to(db_path, keep, key, copy_keys=False)
        except DatabaseError:
            raise
        except Exception:  # the current file is damaged: keep its raw bytes instead
            _copy_private(db_path, keep)
    # Copy the checked backup beside the database and swap it in atomically, so a
    # damaged current file never has to be read; stale WAL files belong to the old one.
    tmp = db_path.with_name(db_path.name + ".restoring")
    try:
        backup_to(backup, tmp, source_key, copy_keys=False)
        if key is not None and source_key is not None and source_key != key:
            from .crypto import rekey_file
            rekey_file(tmp, source_key, key)
        _carry_over_audit(db_path, tmp, key, source=backup, restored_by=restored_by, now=now)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    tmp.replace(db_path)
