"""Automatic daily backups with rotation, and what a backup contains.

Rule: at start the program takes one backup per calendar day (label
``daglig``) into the backup folder (Setting ``backup_folder``, default
``sikkerhetskopier`` beside the database). After each backup the folder is
pruned: the newest backup of each of the last 7 days, of each of the last 4
ISO weeks and of each of the last 12 months are kept (a backup may count for
several). No backup is kept forever (anonymised data must not live on in old
copies): any automatic backup older than ``MAX_AGE_DAYS`` and every other
backup (manual, pre-migration ``for-oppgradering``, ``for-demo``, and the
``<db>.before-restore`` copy) older than ``KEEP_OTHER_DAYS`` is deleted by
the same pruning. An encrypted database gives encrypted backups (same data key) with
the key file copied beside each one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _, short_date
from . import backup

DAILY, WEEKLY, MONTHLY = 7, 4, 12
MAX_AGE_DAYS = 400      # the oldest monthly backup is at most ~12 months old; this is the hard cap
KEEP_OTHER_DAYS = 365   # manual, pre-migration and before-restore copies
AUTO_LABEL = "daglig"  # i18n: data (part of the backup file names)
_STAMP = re.compile(r"-(?P<label>[a-z0-9-]+?)-(?P<stamp>\d{8}-\d{6})\.sqlite3$")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    label: str
    taken: dt.datetime


def list_backups(folder: Path, stem: str | None = None) -> list[BackupFile]:
    """Backups in ``folder`` (newest first) recognised by their file name."""
    found: list[BackupFile] = []
    if not folder.is_dir():
        return found
    for p in folder.glob("*.sqlite3"):
        m = _STAMP.search(p.name)
        if not m or (stem and not p.name.startswith(stem + "-")):
            continue
        found.append(BackupFile(p, m["label"], dt.datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S")))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def to_keep(backups: list[BackupFile], *, daily: int = DAILY, weekly: int = WEEKLY,
            monthly: int = MONTHLY) -> set[Path]:
    """The grandfather-father-son selection among automatic backups (newest per period)."""
    auto = sorted((b for b in backups if b.label == AUTO_LABEL), key=lambda b: b.taken, reverse=True)
    keep: set[Path] = set()
    for key_fn, limit in ((lambda d: d.date(), daily),
                          (lambda d: d.isocalendar()[:2], weekly),
                          (lambda d: (d.year, d.month), monthly)):
        seen: list[object] = []
        for b in auto:
            k = key_fn(b.taken)
            if k in seen:
                continue
            if len(seen) >= limit:
                break
            seen.append(k)
            keep.add(b.path)
    return keep


def expires(b: BackupFile) -> dt.datetime:
    """The moment after which ``b`` is deleted at the latest."""
    days = MAX_AGE_DAYS if b.label == AUTO_LABEL else KEEP_OTHER_DAYS
    return b.taken + dt.timedelta(days=days)


def _before_restore(db_path: Path) -> BackupFile | None:
    keep = db_path.with_name(db_path.name + ".before-restore")
    try:
        return BackupFile(keep, "before-restore", dt.datetime.fromtimestamp(keep.stat().st_mtime))
    except OSError:
        return None


def held_until(db_path: Path, folder: Path) -> dt.date | None:
    """The last day an existing backup of ``db_path`` (or its before-restore copy) is still kept, or None."""
    found = list_backups(folder, db_path.stem)
    extra = _before_restore(db_path)
    if extra is not None:
        found.append(extra)
    return max(expires(b) for b in found).date() if found else None


def _delete(path: Path) -> None:
    for suffix in ("", ".keys", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def prune(folder: Path, stem: str, now: dt.datetime | None = None) -> list[Path]:
    """Delete automatic backups the rotation no longer keeps, and every backup past its expiry."""
    now = now or dt.datetime.now()
    backups = list_backups(folder, stem)
    keep = to_keep(backups)
    removed = []
    for b in backups:
        if (b.label == AUTO_LABEL and b.path not in keep) or expires(b) <= now:
            _delete(b.path)
            removed.append(b.path)
    return removed


def daily_backup(db_path: Path, folder: Path, now: dt.datetime, key: bytes | None = None) -> Path | None:
    """Take today's automatic backup unless one exists; then prune. Returns the new file or None."""
    stem = db_path.stem
    if any(b.label == AUTO_LABEL and b.taken.date() == now.date() for b in list_backups(folder, stem)):
        return None
    target = backup.timestamped_backup(db_path, folder, AUTO_LABEL, now, key=key)
    prune(folder, stem, now)
    old = _before_restore(db_path)
    if old is not None and expires(old) <= now:
        _delete(old.path)
    return target


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds, shown before a restore."""

    path: Path
    taken: dt.datetime | None
    ok: bool
    problems: list[str]
    counts: dict[str, int]
    schema_version: int | None

    def lines(self) -> list[str]:
        when = _("{date} at {time}").format(date=short_date(self.taken.date()), time=f"{self.taken:%H:%M}") \
            if self.taken else _("unknown time")
        check = _("Check: OK") if self.ok else _("Check: DAMAGED – {problems}").format(
            problems="; ".join(self.problems[:3]))
        out = [_("Backup: {name}").format(name=self.path.name), _("Taken: {when}").format(when=when), check]
        labels = {"household": _("households"), "person": _("persons"), "housing_unit": _("housing units"),
                  "lease": _("leases"), "placement": _("work placements"), "user": _("users"),
                  "audit_entry": _("log lines")}
        for table, n in self.counts.items():
            out.append(f"  {labels.get(table, table)}: {n}")
        return out


def describe(path: Path, key: bytes | None = None) -> BackupSummary:
    """Integrity and row counts of a backup file (opened read-only and immutable: nothing is written, no
    ``-wal``/``-shm`` file appears beside it)."""
    m = _STAMP.search(path.name)
    taken = dt.datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S") if m else None
    report = backup.check_file(path, key, immutable=True)
    counts: dict[str, int] = {}
    version = None
    if report.ok:
        con = backup._connect(path, key, immutable=True)
        try:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            for t in ("household", "person", "housing_unit", "lease", "placement", "user", "audit_entry"):
                if t in tables:
                    counts[t] = con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
        finally:
            con.close()
    return BackupSummary(path, taken, report.ok, report.problems, counts, version)


def latest_good_backup(folder: Path, stem: str, key: bytes | None = None) -> BackupSummary | None:
    """The newest backup that passes the integrity check (offered when the database is damaged)."""
    for b in list_backups(folder, stem):
        summary = describe(b.path, key)
        if summary.ok:
            return summary
    return None
