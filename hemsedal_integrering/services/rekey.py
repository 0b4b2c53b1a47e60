"""Re-keying: a new data key for the live encrypted database (issue 11 point 5).

Deactivating a user, or the administrator's «Bytt krypteringsnøkkel»,
re-encrypts the live database with a new random data key (SQLCipher
``PRAGMA rekey``) and seals the new key to every remaining slot of the key
file (``KeyFile.reseal``; no passwords needed). An old copy of the key file —
for example the one beside a backup, or one a deactivated user kept — then
only opens the *old* data key, which no longer opens the live database. Old
backups keep their old key (and the key file copied beside them).

Crash safety: (1) the key file gets the new key sealed, the old one kept as
``sealed_prev``; (2) the database is re-encrypted in one step; (3) the
previous keys are dropped. A crash between (1) and (3) leaves logins working
(``auth`` tries the previous key when the new one does not open the file).

Slots of the old format (made before issue 11 and not yet upgraded by a
login) cannot be resealed without their password: those users are listed
and must get a new password from the administrator. An old-format recovery
slot is replaced by a new recovery key, returned once.

This limits, but cannot remove, what a serverless single file allows: any
user with a valid password can still decrypt the current file outside the
program (see the README's threat model).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from ..context import Context
from ..db import crypto
from ..errors import ValidationError
from ..i18n import _
from ..models import User
from .access import require
from .base import audit, transaction


@dataclass
class RekeyResult:
    """What the administrator must be told after a re-keying."""

    users_needing_password: list[str] = field(default_factory=list)
    new_recovery_key: str | None = None


def change_encryption_key(ctx: Context, *, remove_username: str | None = None) -> RekeyResult:
    """Re-encrypt the live database with a new data key; optionally drop ``remove_username``'s slot first."""
    require(ctx, "admin.users")
    db = ctx.db
    if not isinstance(db, crypto.EncryptedDatabase) or db.key_file is None:
        raise ValidationError({"": _("The database is not encrypted, so it has no key to change.")})
    key_file = db.key_file
    with transaction(ctx):  # refuses on a read-only workstation; the row is re-encrypted with the rest
        audit(ctx, "rekey", "database", None, {"removed_user": (None, remove_username)} if remove_username else {})
    new_key = crypto.new_data_key()
    result = RekeyResult()
    ids = {crypto.slot_id(u.username): u.username for u in User.select(User.username).where(User.active == True)}  # noqa: E712
    with crypto.KeyFile.locked(key_file) as keys:
        before = copy.deepcopy(keys.slots)
        if remove_username:
            keys.remove_user(remove_username)
        removed = keys.reseal(new_key)
        result.users_needing_password = sorted(ids[sid] for sid in removed if sid in ids)
        if crypto.RECOVERY_SLOT in removed:
            result.new_recovery_key = crypto.new_recovery_key()
            keys.set_recovery(result.new_recovery_key, new_key)
    try:
        db.execute_sql(f"PRAGMA rekey = {crypto.sql_key(new_key)}")
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # no frame under the old key stays in the WAL
    except BaseException:
        with crypto.KeyFile.locked(key_file) as keys:  # the file still has the old key: put the slots back
            keys.slots = before
            if remove_username:
                keys.remove_user(remove_username)
        raise
    db.data_key = new_key  # new connections (and backups) use the new key
    with crypto.KeyFile.locked(key_file) as keys:
        keys.drop_previous()
    return result


def after_deactivation(ctx: Context, username: str) -> bool:
    """Re-key after ``username`` was deactivated (their slot is already gone); True if it was done.

    Done only when every remaining slot can be resealed without a password;
    otherwise (old-format slots, which would need new passwords or a new
    recovery key that nobody is shown here) the administrator's explicit
    «Bytt krypteringsnøkkel» does it and shows what is needed.
    """
    key_file = getattr(ctx.db, "key_file", None)
    if getattr(ctx.db, "data_key", None) is None or key_file is None:
        return False
    if not all("pub" in slot for slot in crypto.KeyFile.load(key_file).slots.values()):
        return False
    change_encryption_key(ctx, remove_username=username)
    return True
