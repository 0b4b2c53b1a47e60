"""Encryption at rest: SQLCipher with a random data key and per-user wrapped copies.

Key design
----------
* One random 256-bit **data key** encrypts the whole database (SQLCipher raw
  key, so opening needs no slow PBKDF2 of its own).
* The data key never lies on disk in clear. The **key file** beside the
  database (``<db>.keys``, JSON) holds one *slot* per user: the data key
  encrypted with AES-256-GCM under a key derived from the user's password by
  argon2id (random salt per slot). The user name is the GCM associated data,
  so a slot cannot be moved to another user.
* A **recovery slot** wraps the same data key under a random recovery key
  shown once at set-up (to print and lock away).
* Adding a user or changing a password only rewrites slots. Deactivating a
  user or the administrator's «change encryption key» re-encrypts the
  database with a new data key (``rekey``) and rewraps every remaining slot,
  so an old copy of the key file no longer opens the live database.
* Failed unlock attempts are counted per user name in the key file (the
  database cannot be opened to record them), which drives the slow-down in
  ``services.auth``.

The key file is changed only under an operating-system lock, written to a
unique temp file and swapped in atomically (``db.keyfile``). Losing it without
the recovery key makes the data unrecoverable — the backups therefore copy
the key file beside each backup.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from peewee import SqliteDatabase

from ..errors import DatabaseError
from ..i18n import _

SQLITE_MAGIC = b"SQLite format 3\x00"
RECOVERY_SLOT = "*recovery*"
#: argon2id parameters for new slots (RFC 9106 second recommendation scaled
#: for an office PC: ~0.1 s). Stored per slot so they can be raised later.
KDF_DEFAULTS = {"t": 3, "m": 65536, "p": 2}


def key_file_path(db_path: Path) -> Path:
    return Path(str(db_path) + ".keys")


def is_encrypted_file(path: Path) -> bool:
    """A non-empty file that does not start with SQLite's plain header."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except FileNotFoundError:
        return False
    return len(head) == 16 and head != SQLITE_MAGIC


def new_data_key() -> bytes:
    return secrets.token_bytes(32)


def new_recovery_key() -> str:
    """A recovery key to print: 32 random bytes as eight groups of base32 (A-Z, 2-7)."""
    raw = base64.b32encode(secrets.token_bytes(25)).decode("ascii")  # 40 characters
    return "-".join(raw[i:i + 5] for i in range(0, 40, 5))


def normalise_recovery_key(text: str) -> str:
    """Upper case, separators dropped, and digits base32 never uses read as the letters they resemble."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    return cleaned.translate(str.maketrans({"0": "O", "1": "I", "8": "B"}))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def _kek(secret: str, salt: bytes, kdf: dict[str, int]) -> bytes:
    return hash_secret_raw(secret.encode("utf-8"), salt, time_cost=kdf["t"], memory_cost=kdf["m"],
                           parallelism=kdf["p"], hash_len=32, type=Type.ID)


def wrap_key(data_key: bytes, secret: str, name: str, kdf: dict[str, int] | None = None) -> dict[str, Any]:
    """One slot: ``data_key`` under AES-GCM with an argon2id key from ``secret``."""
    kdf = dict(kdf or KDF_DEFAULTS)
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    wrapped = AESGCM(_kek(secret, salt, kdf)).encrypt(nonce, data_key, name.encode("utf-8"))
    return {"kdf": kdf, "salt": _b64(salt), "nonce": _b64(nonce), "wrapped": _b64(wrapped)}


def unwrap_key(slot: dict[str, Any], secret: str, name: str) -> bytes | None:
    """The data key, or None if ``secret`` is wrong (or the slot was tampered with)."""
    try:
        kek = _kek(secret, _unb64(slot["salt"]), slot["kdf"])
        return AESGCM(kek).decrypt(_unb64(slot["nonce"]), _unb64(slot["wrapped"]), name.encode("utf-8"))
    except (InvalidTag, KeyError, TypeError, ValueError):
        return None


_DUMMY_SALT = b"hemsedal-dummy-s"


def spend_kdf(secret: str) -> None:
    """Spend what one unwrap costs (argon2id with the current parameters) and find nothing.

    Used when the typed user name has no slot, so an unknown name takes as
    long to refuse as a known name with a wrong password (no user-name
    discovery by timing).
    """
    _kek(secret, _DUMMY_SALT, KDF_DEFAULTS)


def slot_id(name: str) -> str:
    """Slots and counters are keyed by a hash of the user name, so the key file does not list the users."""
    if name == RECOVERY_SLOT:
        return name
    return "u-" + hashlib.sha256(f"hemsedal-integrering:{name.lower()}".encode("utf-8")).hexdigest()[:32]


def sql_key(data_key: bytes) -> str:
    """The PRAGMA key literal for a raw 256-bit key (no passphrase derivation)."""
    return f"\"x'{data_key.hex()}'\""


class EncryptedDatabase(SqliteDatabase):
    """A peewee SQLite database on SQLCipher (``sqlcipher3``) opened with a raw key.

    ``data_key`` and ``key_file`` stay on the object so the services can
    rewrap slots (new user, new password) and backups stay encrypted.
    """

    def __init__(self, database: str, *, data_key: bytes, key_file: Path | None = None, **kwargs: Any) -> None:
        self.data_key = data_key
        self.key_file = key_file
        super().__init__(database, **kwargs)

    def _connect(self):  # noqa: ANN202 - peewee's signature
        from sqlcipher3 import dbapi2 as sqlcipher
        conn = sqlcipher.connect(self.database, isolation_level=None, check_same_thread=False,
                                 **{k: v for k, v in self.connect_params.items() if k != "check_same_thread"})
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")  # errors reach the user as messages, not stderr noise
            conn.execute(f"PRAGMA key = {sql_key(self.data_key)}")
            self._add_conn_hooks(conn)
        except Exception:
            conn.close()
            raise
        return conn


def sqlcipher_connect(path: Path, data_key: bytes | None):
    """A raw DB-API connection (sqlcipher3) keyed with ``data_key`` (or plain if None)."""
    from sqlcipher3 import dbapi2 as sqlcipher
    conn = sqlcipher.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    if data_key is not None:
        conn.execute(f"PRAGMA key = {sql_key(data_key)}")
    return conn


def export_encrypted(plain_path: Path, target: Path, data_key: bytes) -> None:
    """Write an encrypted copy of the plain database ``plain_path`` to ``target``."""
    target.unlink(missing_ok=True)
    conn = sqlcipher_connect(plain_path, None)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        escaped = str(target).replace("'", "''")
        conn.execute(f"ATTACH DATABASE '{escaped}' AS enc KEY {sql_key(data_key)}")
        conn.execute("SELECT sqlcipher_export('enc')")
        conn.execute(f"PRAGMA enc.user_version = {int(version)}")
        conn.execute("DETACH DATABASE enc")
    finally:
        conn.close()


def convert_to_encrypted(db_path: Path, *, username: str, password: str) -> str:
    """Encrypt an existing plain database in place; return the new recovery key.

    The administrator ``username`` gets the first slot. Other users get
    their slot the next time an administrator sets their password (or on
    their own first login, see ``services.auth``). The plain file is
    replaced only after the encrypted copy has been opened and checked, and
    its WAL files are removed so no plain data stays beside it.
    """
    if is_encrypted_file(db_path):
        raise DatabaseError(_("{name} is already encrypted. Nothing has been changed.").format(name=db_path.name))
    if not db_path.exists():
        raise DatabaseError(_("Cannot find the database file {path}.").format(path=db_path))
    data_key = new_data_key()
    tmp = db_path.with_name(db_path.name + ".encrypting")
    export_encrypted(db_path, tmp, data_key)
    conn = sqlcipher_connect(tmp, data_key)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    if not ok:
        tmp.unlink(missing_ok=True)
        raise DatabaseError(_("The encryption could not be verified. The unencrypted file has not been changed."))
    recovery = new_recovery_key()
    with KeyFile.locked(key_file_path(db_path), new=True) as keys:
        keys.set_user(username, password, data_key)
        keys.set_recovery(recovery, data_key)
    os.replace(tmp, db_path)
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    return recovery


def create_encrypted_key_file(db_path: Path, *, username: str, password: str) -> tuple[bytes, str]:
    """Key material for a new, empty encrypted database: (data key, recovery key)."""
    data_key = new_data_key()
    recovery = new_recovery_key()
    with KeyFile.locked(key_file_path(db_path), new=True) as keys:
        keys.set_user(username, password, data_key)
        keys.set_recovery(recovery, data_key)
    return data_key, recovery


# The key file (slots, counters, locking) lives in its own module; re-exported here for callers.
from .keyfile import KeyFile, KeyFileDamaged  # noqa: E402,F401  (after the names keyfile imports from here)
