"""Encryption at rest: SQLCipher with a random data key and per-user wrapped copies.

Key design
----------
* One random 256-bit **data key** encrypts the whole database (SQLCipher raw
  key, so opening needs no slow PBKDF2 of its own).
* The data key never lies on disk in clear. The **key file** beside the
  database (``<db>.keys``, JSON) holds one *slot* per user. Format 2 (since
  issue 11): each slot has an X25519 key pair; the private key is encrypted
  with AES-256-GCM under a key derived from the user's password by argon2id
  (random salt per slot), the public key is stored, and the data key is
  *sealed* to it (ephemeral ECDH + HKDF + AES-GCM). The user name is the
  associated data, so a slot cannot be moved to another user. Format 1
  slots (the data key wrapped directly) still open and are upgraded at the
  user's next login.
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
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
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
    return cleaned.translate(str.maketrans("018", "OIB"))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def _kek(secret: str, salt: bytes, kdf: dict[str, int]) -> bytes:
    return hash_secret_raw(secret.encode("utf-8"), salt, time_cost=kdf["t"], memory_cost=kdf["m"],
                           parallelism=kdf["p"], hash_len=32, type=Type.ID)


def _sealing_key(shared: bytes, eph_pub: bytes, pub: bytes, name: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=eph_pub + pub,
                info=b"hemsedal-integrering data key:" + name.encode("utf-8")).derive(shared)


def seal(data_key: bytes, pub: bytes, name: str) -> str:
    """``data_key`` (bound to ``name``, the slot id) encrypted to the slot's X25519 public key
    (ephemeral ECDH + HKDF + AES-GCM): base64 of ephemeral public key (32) + nonce (12) + ciphertext (48).
    Needs no password: this is what re-keying uses."""
    eph = X25519PrivateKey.generate()
    eph_pub = eph.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    key = _sealing_key(eph.exchange(X25519PublicKey.from_public_bytes(pub)), eph_pub, pub, name)
    nonce = secrets.token_bytes(12)
    return _b64(eph_pub + nonce + AESGCM(key).encrypt(nonce, data_key, name.encode("utf-8")))


def _unseal(private: bytes, sealed: str, name: str) -> bytes:
    raw = _unb64(sealed)
    eph_pub, nonce, ciphertext = raw[:32], raw[32:44], raw[44:]
    priv = X25519PrivateKey.from_private_bytes(private)
    pub = priv.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    key = _sealing_key(priv.exchange(X25519PublicKey.from_public_bytes(eph_pub)), eph_pub, pub, name)
    return AESGCM(key).decrypt(nonce, ciphertext, name.encode("utf-8"))


def wrap_key(data_key: bytes, secret: str, name: str, kdf: dict[str, int] | None = None) -> dict[str, Any]:
    """One slot (format 2): a new X25519 key pair whose private key is wrapped under AES-GCM with an argon2id
    key from ``secret``; its public key (``pub``) and ``data_key`` sealed to it (``sealed``).

    Re-keying reseals a new data key to every ``pub`` without anyone's password; an old copy of the slot
    only ever unseals the old data key.
    """
    kdf = dict(kdf or KDF_DEFAULTS)
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    priv = X25519PrivateKey.generate()
    private = priv.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    pub = priv.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    wrapped = AESGCM(_kek(secret, salt, kdf)).encrypt(nonce, private, name.encode("utf-8"))
    return {"kdf": kdf, "salt": _b64(salt), "nonce": _b64(nonce), "wrapped": _b64(wrapped), "pub": _b64(pub),
            "sealed": seal(data_key, pub, slot_id(name))}


def unwrap_keys(slot: dict[str, Any], secret: str, name: str) -> list[bytes]:
    """The data key(s) ``secret`` opens in ``slot`` — [] if it is wrong (or the slot was tampered with).

    Format 1 slots (``wrapped`` is the data key itself) give one key. Format 2 give the sealed key, and
    during an interrupted re-keying also the previous one (``sealed_prev``), newest first.
    """
    try:
        kek = _kek(secret, _unb64(slot["salt"]), slot["kdf"])
        inner = AESGCM(kek).decrypt(_unb64(slot["nonce"]), _unb64(slot["wrapped"]), name.encode("utf-8"))
        if "pub" not in slot:
            return [inner]
        return [_unseal(inner, slot[k], slot_id(name)) for k in ("sealed", "sealed_prev") if slot.get(k)]
    except (InvalidTag, KeyError, TypeError, ValueError):
        return []


def unwrap_key(slot: dict[str, Any], secret: str, name: str) -> bytes | None:
    """The current data key, or None if ``secret`` is wrong (or the slot was tampered with)."""
    keys = unwrap_keys(slot, secret, name)
    return keys[0] if keys else None


def key_opens(path: Path, data_key: bytes) -> bool:
    """Whether ``data_key`` opens the encrypted file ``path`` (read-only, cheap)."""
    try:
        conn = sqlcipher_connect(path, data_key, read_only=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return True
        finally:
            conn.close()
    except Exception:  # sqlcipher3: "file is not a database"
        return False


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

    def _connect(self):  # peewee's signature
        from sqlcipher3 import dbapi2 as sqlcipher
        conn = sqlcipher.connect(self.database, isolation_level=None, check_same_thread=False,
                                 **{k: v for k, v in self.connect_params.items() if k != "check_same_thread"})
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")  # errors reach the user as messages, not stderr noise
            conn.execute(f"PRAGMA key = {sql_key(self.data_key)}")
            self._add_conn_hooks(conn)  # type: ignore[attr-defined]  # SqliteDatabase's, missing from peewee's stubs
        except Exception:
            conn.close()
            raise
        return conn


def sqlite_uri(path: Path, flags: str) -> str:
    """An SQLite ``file:`` URI with an empty authority for ``path`` on any platform.

    ``/tmp/a b#1`` → ``file:///tmp/a%20b%231?…``, ``C:\\x`` → ``file:///C:/x?…`` and a UNC path
    ``\\\\server\\share\\x`` → ``file:////server/share/x?…`` (``Path.as_uri`` would make the server an
    authority, which SQLite refuses).
    """
    from urllib.parse import quote
    text = str(Path(path).resolve())
    if os.name == "nt":
        text = text.replace("\\", "/")
    if not text.startswith("/"):
        text = "/" + text
    return "file://" + quote(text, safe="/:") + "?" + flags


def sqlcipher_connect(path: Path, data_key: bytes | None, *, read_only: bool = False, immutable: bool = False):
    """A raw DB-API connection (sqlcipher3) keyed with ``data_key`` (or plain if None).

    ``read_only`` opens the file with ``mode=ro`` (checking a backup must never write to it);
    ``immutable`` also takes no locks and creates no ``-wal``/``-shm`` (only for files nobody writes).
    """
    from sqlcipher3 import dbapi2 as sqlcipher
    if read_only or immutable:
        flags = "mode=ro&immutable=1" if immutable else "mode=ro"
        conn = sqlcipher.connect(sqlite_uri(path, flags), uri=True, isolation_level=None)
    else:
        conn = sqlcipher.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    if data_key is not None:
        conn.execute(f"PRAGMA key = {sql_key(data_key)}")
    return conn


def rekey_file(path: Path, old_key: bytes, new_key: bytes) -> None:
    """Re-encrypt every page of the closed file ``path`` from ``old_key`` to ``new_key``
    (SQLCipher ``PRAGMA rekey``)."""
    conn = sqlcipher_connect(path, old_key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # fails here if old_key is wrong
        conn.execute(f"PRAGMA rekey = {sql_key(new_key)}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


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
