"""Whole-file maintenance shared by the command line and the GUI: audit rows, plain copies after encryption.

* ``record_backup`` / ``record_encryption``: the audit row for a backup taken
  or an encryption started by an administrator (the restore writes its own
  row into the restored file, ``db.backup.restore_from``).
* ``plain_copies`` finds unencrypted copies of a database that has just been
  encrypted (backups in its backup folder, ``<db>.before-restore``);
  ``secure_plain_copies`` encrypts them with the database's key (the key
  file copied beside each) or deletes them. Encrypting the database alone
  would leave every earlier backup readable by anyone (issue 11 point 4).
"""

from __future__ import annotations

from pathlib import Path

from ..context import Context
from .access import require
from .base import audit, transaction

PLAIN_COPY_CHOICES = ("encrypt", "delete", "keep")


def record_backup(ctx: Context, *, target: Path) -> None:
    require(ctx, "admin.backup")
    with transaction(ctx):
        audit(ctx, "backup", "database", None, {"file": (None, str(target))})


def record_encryption(ctx: Context) -> None:
    """Written into the plain file just before it is converted, so the encrypted file carries it."""
    require(ctx, "admin.users")
    with transaction(ctx):
        audit(ctx, "encrypt", "database", None, {"encrypted_by": (None, getattr(ctx.user, "username", ""))})


def plain_copies(db_path: Path, folder: Path) -> list[Path]:
    """Unencrypted copies of the database: backups in ``folder`` and ``<db>.before-restore`` beside it."""
    from ..db import crypto, rotation
    found = [b.path for b in rotation.list_backups(folder, db_path.stem)]
    found += [p for p in (db_path.with_name(db_path.name + ".before-restore"),) if p.exists()]
    plain = []
    for p in found:
        try:
            with open(p, "rb") as fh:
                if fh.read(16) == crypto.SQLITE_MAGIC:
                    plain.append(p)
        except OSError:
            continue
    return plain


def secure_plain_copies(plain: list[Path], choice: str, db_path: Path, data_key: bytes) -> None:
    """``encrypt`` (with ``data_key``; the key file copied beside each), ``delete`` or ``keep`` each copy."""
    from ..db import crypto
    from ..db.backup import _copy_private
    if choice not in PLAIN_COPY_CHOICES:
        raise ValueError(choice)
    for p in plain:
        if choice == "delete":
            for suffix in ("", "-wal", "-shm"):
                Path(str(p) + suffix).unlink(missing_ok=True)
        elif choice == "encrypt":
            tmp = p.with_name(p.name + ".encrypting")
            try:
                crypto.export_encrypted(p, tmp, data_key)
                tmp.replace(p)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
            for suffix in ("-wal", "-shm"):
                Path(str(p) + suffix).unlink(missing_ok=True)
            _copy_private(crypto.key_file_path(db_path), crypto.key_file_path(p))


def restore_backup(backup_path: Path, db_path: Path, data_key: bytes | None, *, restored_by: str = "system") -> None:
    """Put ``backup_path`` back as ``db_path`` (checked first; the damaged file kept beside it) — the window's
    way to ``db.backup.restore_from``, which writes the restore's own audit row into the restored file."""
    from ..db import backup
    backup.restore_from(Path(backup_path), db_path, data_key, restored_by=restored_by)


def encrypt_file(db_path: Path, *, username: str, password: str) -> str:
    """Convert a plain database file to SQLCipher (the administrator's password wraps the new data key);
    returns the recovery key to show once (``db.crypto.convert_to_encrypted``)."""
    from ..db import crypto
    return crypto.convert_to_encrypted(db_path, username=username, password=password)


def unlock_data_key(db_path: Path, *, username: str, password: str) -> bytes:
    """The data key of a file just encrypted, unlocked with the administrator's password from its key file
    (DatabaseError when it does not open: only a key file changed meanwhile gets there)."""
    from ..db import crypto
    from ..errors import DatabaseError
    from ..i18n import _
    key = crypto.KeyFile.load(crypto.key_file_path(db_path)).unlock(username, password)
    if key is None:
        raise DatabaseError(_("The new key file does not open with your password, so the unencrypted backups "
                              "are left as they were. The database itself is encrypted."))
    return key
