"""Open the SQLite database: pragmas, model binding, schema upgrade.

WAL journaling is used on a local disk (readers never block the writer and
a crash leaves the file consistent); on a network share, where WAL's shared
memory does not work, the rollback journal is used instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from peewee import SqliteDatabase

from .. import APP_SLUG
from ..errors import DatabaseError
from ..i18n import _
from ..models import ALL_MODELS
from . import migrations

PRAGMAS = {
    "foreign_keys": 1,
    "busy_timeout": 10_000,
    "synchronous": "NORMAL",
    "cache_size": -32_000,
}


def default_database_path() -> Path:
    """``<user data folder>/hemsedal-integrering/integrering.sqlite3`` (platformdirs)."""
    return Path(platformdirs.user_data_dir(APP_SLUG, appauthor=False)) / "integrering.sqlite3"


def is_network_path(path: Path) -> bool:
    """A UNC path or a Windows mapped drive that is not local: WAL must not be used there."""
    text = str(path)
    return text.startswith("\\\\") or text.startswith("//")


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
    p = Path(path)
    if str(path) != ":memory:":
        if not p.exists() and not create:
            raise DatabaseError(_("Cannot find the database file {path}.").format(path=p))
        p.parent.mkdir(parents=True, exist_ok=True)
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
