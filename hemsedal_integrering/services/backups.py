"""Backups as the administrator takes them from the window: a file copy, or ``pg_dump`` on a server (issue 17).

* ``backup_now(session, folder=…)``: a copy of the database file (SQLite's online backup API, encrypted
  like the file) in the backup folder — only with the right ``admin.backup``, with an audit row saying
  who took which copy. A read-only workstation may take the copy; the audit row then cannot be written
  and the result says so.
* On a server the backups are the server's (the IT partner's routine). ``dump_server(session, target=…)``
  runs ``pg_dump`` (custom format, restorable with ``pg_restore``) to a file the administrator chose, when
  the tool is installed (``find_pg_dump``: PATH, then the usual install folders on Windows, macOS and
  Linux); the connection's password goes to ``pg_dump`` in its environment only, never to a file.
* ``list_backups`` / ``describe`` for the dialog (the window never calls ``db`` itself).
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DatabaseError, PermissionDenied, ValidationError
from ..i18n import _
from .access import require
from .maintenance import record_backup

MANUAL_LABEL = "manuell"  # i18n: data (part of the backup file names)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    logged: bool
    note: str = ""


def is_server(session: Any) -> bool:
    return getattr(session, "db_path", None) is None


def folder_for(session: Any, configured: str) -> Path:
    from .auth import backup_dir_for
    return backup_dir_for(session.db_path, configured)


def backup_now(session: Any, *, folder: Path) -> BackupResult:
    """Copy the database file into ``folder`` (administrator) and audit it; refused on a server."""
    if session.read_only:
        _require_reader(session)
    else:
        require(session.ctx, "admin.backup")
    if is_server(session):
        raise ValidationError(_("The database is on a server: its backups are the server's. Use «Save a copy "
                                "with pg_dump» instead."))
    from ..db import backup
    target = backup.timestamped_backup(session.db_path, Path(folder), MANUAL_LABEL,
                                       key=getattr(session.db, "data_key", None))
    try:
        record_backup(session.ctx, target=target)  # who took which copy, in the audit log
    except PermissionDenied as exc:  # a read-only workstation: the copy exists, but cannot be logged here
        return BackupResult(target, False, str(exc))
    return BackupResult(target, True)


def _require_reader(session: Any) -> None:
    """On a read-only workstation the write permission is refused by design: check the role only."""
    user = session.ctx.user
    if user is not None and not user.has_role("admin"):
        raise PermissionDenied(_("Only an administrator can take backups."))


def list_backups(session: Any, folder: Path) -> list[Any]:
    from ..db import rotation
    if is_server(session):
        return []
    return rotation.list_backups(Path(folder), session.db_path.stem)


def describe(session: Any, path: Path) -> Any:
    from ..db import rotation
    return rotation.describe(Path(path), getattr(session.db, "data_key", None))


def backup_kind(label: str) -> str:
    from ..db import rotation
    return {rotation.AUTO_LABEL: _("daily"), MANUAL_LABEL: _("manual")}.get(label, label)


# ----- server: pg_dump -----

def _candidates() -> list[str]:
    """The usual install folders of pg_dump (newest version first), for when it is not on PATH."""
    if sys.platform == "win32":
        roots = [os.environ.get("ProgramFiles", r"C:\Program Files"),
                 os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)")]
        patterns = [os.path.join(r, "PostgreSQL", "*", "bin", "pg_dump.exe") for r in roots if r]
    elif sys.platform == "darwin":
        patterns = ["/Applications/Postgres.app/Contents/Versions/*/bin/pg_dump", "/opt/homebrew/opt/libpq/bin/pg_dump",
                    "/usr/local/opt/libpq/bin/pg_dump", "/opt/homebrew/bin/pg_dump", "/usr/local/bin/pg_dump"]
    else:
        patterns = ["/usr/lib/postgresql/*/bin/pg_dump", "/usr/pgsql-*/bin/pg_dump", "/usr/local/pgsql/bin/pg_dump"]
    found: list[str] = []
    for pattern in patterns:
        found += sorted(glob.glob(pattern), key=_version_key, reverse=True)
    return found


def _version_key(path: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path))


def find_pg_dump() -> str | None:
    """The pg_dump program: ``PATH`` first, then the usual install folders; None when not installed."""
    on_path = shutil.which("pg_dump")
    if on_path:
        return on_path
    return next((c for c in _candidates() if os.access(c, os.X_OK)), None)


def dump_server(session: Any, *, target: Path, pg_dump: str | None = None) -> BackupResult:
    """Run ``pg_dump`` for the connected server database into ``target`` (administrator), and audit it."""
    require(session.ctx, "admin.backup")
    if not is_server(session):
        raise ValidationError(_("pg_dump is for a database on a server; this database is a file."))
    program = pg_dump or find_pg_dump()
    if program is None:
        raise ValidationError(_("The program pg_dump was not found on this machine. Install the PostgreSQL "
                                "client tools (the same version as the server or newer), or ask the IT partner "
                                "for the server's backup."))
    conn: Any = session.db.connection()
    info = conn.info
    env = dict(os.environ)
    env.update({"PGHOST": info.host or "", "PGPORT": str(info.port or ""), "PGDATABASE": info.dbname,
                "PGUSER": info.user})
    params = info.get_parameters()
    if "sslmode" in params:
        env["PGSSLMODE"] = params["sslmode"]
    if info.password:
        env["PGPASSWORD"] = info.password  # to the child's environment only, never to disk
    target = Path(target)
    partial = target.with_name(target.name + ".part")
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console window pops up
    try:
        # --enable-row-security: the users table has row-level security (db/postgres_roles.sql) and pg_dump refuses
        # such a table otherwise when the login is not its owner; an administrator's policy shows every row.
        done = subprocess.run([program, "--format=custom", "--no-password", "--enable-row-security",
                               f"--file={partial}"], env=env,
                              capture_output=True, text=True, timeout=3600, creationflags=flags, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(_("pg_dump could not be run: {error}").format(error=exc)) from exc
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        raise DatabaseError(_("pg_dump failed: {error}").format(error=(done.stderr or "").strip()[-800:]))
    from ..paths import make_private
    os.replace(partial, target)
    make_private(target)  # the copy holds everything: the owner's alone
    record_backup(session.ctx, target=target)
    return BackupResult(target, True)
