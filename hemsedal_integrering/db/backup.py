"""Backups with SQLite's online backup API, restore, and the integrity check."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..errors import DatabaseError
from ..i18n import N_, _


def _connect(path: Path, key: bytes | None, *, read_only: bool = False):
    """sqlite3 for plain files; sqlcipher3 with the raw key for encrypted ones."""
    if key is None:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True) if read_only else sqlite3.connect(str(path))
    from .crypto import sqlcipher_connect
    return sqlcipher_connect(path, key)


#: Translate with ``_()`` where it is shown.
ENCRYPTED_HINT = N_("The file is encrypted and can only be read after logging in. Use «backup-info» or "
                    "«restore-backup» with --user, or the Backups window in the program.")


def _refuse_encrypted_without_key(path: Path, key: bytes | None) -> None:
    from .crypto import is_encrypted_file, key_file_path
    if key is None and is_encrypted_file(path) and key_file_path(path).exists():
        raise DatabaseError(_("The file is encrypted and can only be read after logging in. Use «backup-info» or "
                              "«restore-backup» with --user, or the Backups window in the program. "
                              "Nothing has been changed."))


def backup_to(db_path: Path, target: Path, key: bytes | None = None) -> Path:
    """Copy a consistent snapshot of ``db_path`` to ``target`` (even while it is in use).

    With ``key`` the database is SQLCipher-encrypted and so is the copy (same
    data key); the key file is copied beside it as ``<target>.keys`` so the
    backup opens with the passwords valid at the time of the backup.
    """
    _refuse_encrypted_without_key(db_path, key)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".part")
    tmp.unlink(missing_ok=True)
    src = _connect(db_path, key)
    try:
        dst = _connect(tmp, key)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    tmp.replace(target)
    if key is not None:
        import shutil
        keys = Path(str(db_path) + ".keys")
        if keys.exists():
            shutil.copyfile(keys, Path(str(target) + ".keys"))
    return target


def timestamped_backup(db_path: Path, backup_dir: Path, label: str, now: dt.datetime | None = None,
                       key: bytes | None = None) -> Path:
    """A backup named ``<stem>-<label>-<YYYYmmdd-HHMMSS>.sqlite3`` in ``backup_dir``."""
    now = now or dt.datetime.now()
    name = f"{db_path.stem}-{label}-{now:%Y%m%d-%H%M%S}.sqlite3"
    return backup_to(db_path, backup_dir / name, key)


@dataclass(frozen=True)
class IntegrityReport:
    """The result of ``PRAGMA integrity_check`` and ``foreign_key_check``."""

    ok: bool
    problems: list[str]


def check_file(path: Path, key: bytes | None = None) -> IntegrityReport:
    """Run SQLite's integrity and foreign-key checks on a closed or open file."""
    if not path.exists():
        raise DatabaseError(_("Cannot find the database file {path}.").format(path=path))
    from .crypto import is_encrypted_file, key_file_path
    if key is None and is_encrypted_file(path) and key_file_path(path).exists():
        return IntegrityReport(False, [_(ENCRYPTED_HINT)])
    con = _connect(path, key, read_only=True)
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


def restore_from(backup: Path, db_path: Path, key: bytes | None = None) -> None:
    """Replace ``db_path`` with the contents of ``backup`` after checking the backup.

    The current file is kept beside it as ``<name>.before-restore`` so a
    mistaken restore can be undone by hand.
    """
    report = check_file(backup, key)
    if not report.ok:
        raise DatabaseError(
            _("The backup is damaged and was not restored: {problems}").format(problems="; ".join(report.problems[:3]))
        )
    if db_path.exists():
        keep = db_path.with_name(db_path.name + ".before-restore")
        try:
            backup_to(db_path, keep, key)
        except Exception:  # the current file is damaged: keep its raw bytes instead
            import shutil
            shutil.copyfile(db_path, keep)
    # Copy the checked backup beside the database and swap it in atomically, so a
    # damaged current file never has to be read; stale WAL files belong to the old one.
    tmp = db_path.with_name(db_path.name + ".restoring")
    backup_to(backup, tmp, key)
    Path(str(tmp) + ".keys").unlink(missing_ok=True)  # the current key file stays authoritative
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    tmp.replace(db_path)
