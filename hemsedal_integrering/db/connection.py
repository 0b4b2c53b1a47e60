"""Open the SQLite database: pragmas, model binding, schema upgrade.

WAL journaling is used on a local disk (readers never block the writer and
a crash leaves the file consistent); on a network share, where WAL's shared
memory does not work, the rollback journal is used instead.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PureWindowsPath

from peewee import SqliteDatabase

from .. import paths
from ..errors import DatabaseError
from ..i18n import _
from ..models import ALL_MODELS
from . import migrations

PRAGMAS = {
    "foreign_keys": 1,
    "busy_timeout": 10_000,
    "synchronous": "NORMAL",
    # 8 MB of pages per connection (was 32): the page cache counts towards the memory of a big
    # list and every background worker opens its own connection; lists read in one pass (issue 16)
    "cache_size": -8_000,
    # Temporary files (statement journals, sorts) in memory, as the SQLCipher build does by default
    # (TEMP_STORE=2) for encrypted files: a follow-up plan's multi-row insert spilled its statement
    # journal to a new file under /var/tmp for every household registered (~0.7 ms of system time).
    "temp_store": "MEMORY",
    # Copy the WAL back into the file every 16,000 pages (64 MB) instead of 1,000: a household's
    # follow-up plan dirties ~150 scattered index pages (template_key, due_date, status+due_date),
    # many the same as the previous household's, and a checkpoint writes each page once however
    # often it changed. register_household at 10,000 households (bench/bench_writes.py, CPU):
    # 1,000 pages ~360/s, 4,000 387/s, 10,000 408/s, 16,000 415-419/s. The WAL file keeps its
    # largest size while the program is open and is removed when the last connection closes.
    "wal_autocheckpoint": 16_000,
}


def default_database_path() -> Path:
    """``<user data folder>/integrering.sqlite3`` (``paths.data_dir``)."""
    return paths.data_dir() / "integrering.sqlite3"


#: ``GetDriveTypeW`` results (winbase.h).
DRIVE_REMOTE = 4
#: Linux/BSD file systems that live on another machine (``/proc/self/mounts`` type column).
NETWORK_FS_TYPES = {"cifs", "smb3", "smbfs", "nfs", "nfs4", "afs", "ncpfs", "9p", "fuse.sshfs", "davfs", "ceph",
                    "glusterfs", "lustre"}


def windows_drive_type(root: str) -> int:
    """``GetDriveTypeW`` for a drive root such as ``H:\\`` (Windows only)."""
    if sys.platform != "win32":
        raise OSError("GetDriveTypeW exists only on Windows")
    import ctypes
    return int(ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))


def _mount_type(path: Path) -> str:
    """The file system type of the mount that holds ``path`` (Linux; "" when unknown)."""
    try:
        lines = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    target = os.path.realpath(path)
    best, kind = "", ""
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount = fields[1].replace("\\040", " ")
        inside = target == mount or target.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, kind = mount, fields[2]
    return kind


def is_network_path(path: Path) -> bool:
    """Whether ``path`` is on another machine: WAL must not be used there.

    A UNC path (``\\\\server\\share``), on Windows a mapped network drive
    (``GetDriveTypeW`` says ``DRIVE_REMOTE``), on Linux a network file system
    mount (CIFS/SMB, NFS …).
    """
    text = str(path)
    if text.startswith("\\\\") or text.startswith("//"):
        return True
    if sys.platform == "win32":
        drive = PureWindowsPath(text).drive or PureWindowsPath(os.getcwd()).drive  # relative: the working folder's
        if drive.startswith("\\\\"):
            return True  # a relative path inside a UNC working folder
        if len(drive) == 2 and drive[1] == ":":
            try:
                return windows_drive_type(drive + "\\") == DRIVE_REMOTE
            except (AttributeError, OSError):
                return False
        return False
    if sys.platform.startswith("linux"):
        return _mount_type(Path(text).parent if not Path(text).exists() else Path(text)) in NETWORK_FS_TYPES
    return False


def open_database(
    path: str | os.PathLike[str],
    *,
    create: bool = True,
    migrate: bool = True,
    backup_dir: Path | None = None,
    key: bytes | None = None,
    read_only: bool = False,
) -> SqliteDatabase:
    """Open (and by default create and upgrade) the database at ``path``.

    Raises ``DatabaseError`` with a (translated) message when the file cannot be
    opened, is not a database of this program, or was written by a newer
    version; in those cases the file is left untouched.

    ``key`` (32 bytes) opens an SQLCipher-encrypted file (see ``db.crypto``);
    without it an encrypted file is refused with a message asking for a
    login. ``read_only`` sets ``PRAGMA query_only`` (the second workstation,
    see ``db.lock``): every write then fails instead of racing the holder.
    """
    from .postgres import is_server_url
    if is_server_url(path):  # server mode (issue 17): a PostgreSQL URL instead of a file
        from .postgres import open_server
        return open_server(str(path), migrate=migrate)  # type: ignore[return-value]
    p = Path(path)
    if str(path) != ":memory:":
        if not p.exists() and not create:
            raise DatabaseError(_("Cannot find the database file {path}.").format(path=p))
        paths.ensure_private_dir(p.parent)
    new_file = str(path) != ":memory:" and not p.exists()
    journal = "delete" if is_network_path(p) or str(path) == ":memory:" else "wal"
    pragmas = {**PRAGMAS, "journal_mode": journal}
    if key is not None:
        from .crypto import EncryptedDatabase, key_file_path
        db: SqliteDatabase = EncryptedDatabase(str(path), data_key=key, key_file=key_file_path(p),
                                               pragmas=pragmas)
    else:
        from .crypto import is_encrypted_file, key_file_path
        if str(path) != ":memory:" and is_encrypted_file(p):
            if key_file_path(p).exists():
                raise DatabaseError(_("{name} is encrypted and can only be opened after logging in. "
                                      "The file has not been changed.").format(name=p.name))
            raise DatabaseError(_("Could not open {path} as a database: the file is not an SQLite database "
                                  "(or encrypted without a key file). The file has not been changed.").format(path=p))
        db = SqliteDatabase(str(path), pragmas=pragmas)
    try:
        db.connect()
        db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception as exc:  # sqlite raises DatabaseError for a non-database file
        db.close()
        raise DatabaseError(
            _("Could not open {path} as a database: {error}. The file has not been changed.").format(path=p, error=exc)
        ) from exc
    if new_file:
        paths.make_private(p)  # a new database is the owner's alone (POSIX; Windows: the profile's ACL)
    db.bind(ALL_MODELS, bind_refs=False, bind_backrefs=False)
    if migrate:
        try:
            migrations.upgrade(db, path=None if str(path) == ":memory:" else p, backup_dir=backup_dir)
        except Exception:
            db.close()
            raise
    if read_only:
        db.execute_sql("PRAGMA query_only = ON")
    return db
