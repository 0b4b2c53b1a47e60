"""Backups with SQLite's online backup API, restore, and the integrity check."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..errors import DatabaseError


def backup_to(db_path: Path, target: Path) -> Path:
    """Copy a consistent snapshot of ``db_path`` to ``target`` (even while it is in use)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".part")
    src = sqlite3.connect(str(db_path))
    try:
        dst = sqlite3.connect(str(tmp))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    tmp.replace(target)
    return target


def timestamped_backup(db_path: Path, backup_dir: Path, label: str, now: dt.datetime | None = None) -> Path:
    """A backup named ``<stem>-<label>-<YYYYmmdd-HHMMSS>.sqlite3`` in ``backup_dir``."""
    now = now or dt.datetime.now()
    name = f"{db_path.stem}-{label}-{now:%Y%m%d-%H%M%S}.sqlite3"
    return backup_to(db_path, backup_dir / name)


@dataclass(frozen=True)
class IntegrityReport:
    """The result of ``PRAGMA integrity_check`` and ``foreign_key_check``."""

    ok: bool
    problems: list[str]


def check_file(path: Path) -> IntegrityReport:
    """Run SQLite's integrity and foreign-key checks on a closed or open file."""
    if not path.exists():
        raise DatabaseError(f"Finner ikke databasefilen {path}.")
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        try:
            rows = [r[0] for r in con.execute("PRAGMA integrity_check")]
            fk = con.execute("PRAGMA foreign_key_check").fetchall()
        except sqlite3.DatabaseError as exc:
            return IntegrityReport(False, [f"Filen kan ikke leses som database: {exc}"])
    finally:
        con.close()
    problems = [r for r in rows if r != "ok"]
    problems += [f"Brutt referanse i tabell {t}, rad {rid} → {parent}" for t, rid, parent, _ in fk]
    return IntegrityReport(not problems, problems)


def restore_from(backup: Path, db_path: Path) -> None:
    """Replace ``db_path`` with the contents of ``backup`` after checking the backup.

    The current file is kept beside it as ``<name>.before-restore`` so a
    mistaken restore can be undone by hand.
    """
    report = check_file(backup)
    if not report.ok:
        raise DatabaseError(
            "Sikkerhetskopien er skadet og ble ikke lagt tilbake: " + "; ".join(report.problems[:3])
        )
    if db_path.exists():
        backup_to(db_path, db_path.with_name(db_path.name + ".before-restore"))
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(str(db_path))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
