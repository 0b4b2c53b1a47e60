"""The key file beside an encrypted database (``<db>.keys``): slots, failure counters, backup folder.

Concurrency rule
----------------
Several workstations (and several logins on one machine) change the same
key file: a failed login counts a failure, an administrator sets a password,
a deactivation removes a slot. Every change is a read-modify-write done
*inside* an operating-system lock (portalocker: ``fcntl.flock`` on POSIX,
``msvcrt.locking`` on Windows) on the sidecar file ``<db>.keys.lock``::

    with KeyFile.locked(path) as keys:   # lock, then load the current file
        keys.set_user(...)               # change it
                                         # saved (unique temp file + os.replace) before the lock is released

Nobody ever writes a copy loaded earlier, so no change made meanwhile by
another process is lost. Readers (``KeyFile.load``) need no lock: the file is
always replaced atomically. The lock file itself is never deleted (deleting
a lock file lets two processes lock two different files).

Validation
----------
``load`` checks the whole structure (JSON object of this format, base64
fields of the right length, argon2 parameters within bounds, counters) and
raises ``KeyFileDamaged`` with its own message, so a damaged or foreign key
file is never reported as a damaged database and never crashes.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DatabaseError
from ..i18n import _
from .. import paths
from .crypto import RECOVERY_SLOT, normalise_recovery_key, seal, slot_id, unwrap_key, unwrap_keys, wrap_key

FORMAT = "hemsedal-integrering-keys"
VERSION = 2  # 2: slots with a key pair (re-keying without passwords); 1-files still load
LOCK_TIMEOUT_SECONDS = 20
#: argon2 bounds accepted from a key file (t passes, m KiB, p lanes): a hostile file cannot ask for 1 TB.
KDF_BOUNDS = {"t": (1, 16), "m": (8, 1_048_576), "p": (1, 16)}
#: Failure counters of names not tried for this long are dropped when the file is written (an attacker
#: trying many names cannot grow the file without bound).
FORGET_FAILURES_AFTER = dt.timedelta(days=1)

_in_process = threading.Lock()  # flock already excludes threads; this also covers platforms where it would not


class KeyFileDamaged(DatabaseError):
    """The key file exists but is not a valid key file of this program (own message, not «database damaged»)."""


def lock_file_path(key_file: Path) -> Path:
    return Path(str(key_file) + ".lock")


def _damaged(path: Path, reason: str) -> KeyFileDamaged:
    return KeyFileDamaged(
        _("The key file {name} is damaged or is not a key file of this program ({reason}). Put back a good copy "
          "(there is one beside every backup) or use the recovery key. Nothing has been changed.").format(
            name=path.name, reason=reason))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _check_b64(value: Any, lengths: range) -> bool:
    if not isinstance(value, str):
        return False
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return False
    return len(raw) in lengths


def _check_int(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _slot_problem(slot: Any) -> str | None:
    if not isinstance(slot, dict):
        return _("a key slot is not an object")
    kdf = slot.get("kdf")
    if not isinstance(kdf, dict) or set(kdf) != set(KDF_BOUNDS) or not all(
            _check_int(kdf[k], *KDF_BOUNDS[k]) for k in KDF_BOUNDS) or kdf["m"] < 8 * kdf["p"]:
        return _("a key slot has invalid key derivation values")
    if not (_check_b64(slot.get("salt"), range(16, 65)) and _check_b64(slot.get("nonce"), range(12, 13))
            and _check_b64(slot.get("wrapped"), range(48, 49))):
        return _("a key slot has invalid encoded values")
    if "pub" in slot and not (_check_b64(slot["pub"], range(32, 33)) and _check_b64(slot.get("sealed"), range(92, 93))
                              and ("sealed_prev" not in slot or _check_b64(slot["sealed_prev"], range(92, 93)))):
        return _("a key slot has invalid encoded values")
    return None


def _failure_problem(state: Any) -> str | None:
    if not isinstance(state, dict) or not _check_int(state.get("count", 0), 0, 10**9):
        return _("a failure counter is invalid")
    last = state.get("last")
    if last is not None:
        try:
            if not isinstance(last, str) or dt.datetime.fromisoformat(last).tzinfo is not None:
                raise ValueError
        except ValueError:
            return _("a failure time is invalid")
    return None


def validate(path: Path, data: Any) -> None:
    """Raise ``KeyFileDamaged`` unless ``data`` (parsed JSON) is a well-formed key file."""
    if not isinstance(data, dict):
        raise _damaged(path, _("not a key file object"))
    if data.get("format") != FORMAT:
        raise _damaged(path, _("unknown format"))
    version = data.get("version", VERSION)
    if not _check_int(version, 1, 10**6):
        raise _damaged(path, _("invalid version"))
    if version > VERSION:
        raise _damaged(path, _("made by a newer version of the program"))
    slots = data.get("slots")
    if not isinstance(slots, dict) or not slots:
        raise _damaged(path, _("it has no key slots"))
    for slot in slots.values():
        problem = _slot_problem(slot)
        if problem:
            raise _damaged(path, problem)
    failures = data.get("failures", {})
    if not isinstance(failures, dict):
        raise _damaged(path, _("a failure counter is invalid"))
    for state in failures.values():
        problem = _failure_problem(state)
        if problem:
            raise _damaged(path, problem)
    if not isinstance(data.get("backup_folder", ""), str):
        raise _damaged(path, _("the backup folder is invalid"))


def _replace(tmp: str, target: Path) -> None:
    """``os.replace`` with a short retry: on Windows a reader holding the file open blocks the rename briefly."""
    for attempt in range(100):
        try:
            os.replace(tmp, target)
            return
        except PermissionError:
            if attempt == 99:
                raise
            time.sleep(0.05)


@dataclass
class KeyFile:
    """The slots, failure counters and the backup folder kept beside an encrypted database.

    ``backup_folder`` is duplicated here (it is also a Setting) so a damaged
    database can still be matched with its backups on the network share.
    """

    path: Path
    slots: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: dict[str, dict[str, Any]] = field(default_factory=dict)
    backup_folder: str = ""

    @classmethod
    def load(cls, path: Path) -> "KeyFile":
        path = Path(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise DatabaseError(
                _("The key file {name} is missing beside the encrypted database. Put it back "
                  "(it is also beside every backup). Nothing has been changed.").format(name=path.name)) from None
        except OSError as exc:
            raise KeyFileDamaged(_("The key file {name} cannot be read: {error}. Nothing has been changed.").format(
                name=path.name, error=exc.strerror or exc)) from exc
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise _damaged(path, _("not readable as a key file")) from None
        validate(path, data)
        return cls(path=path, slots=data["slots"], failures=data.get("failures", {}),
                   backup_folder=data.get("backup_folder", ""))

    @classmethod
    @contextmanager
    def locked(cls, path: Path, *, new: bool = False) -> Iterator["KeyFile"]:
        """Lock, load the current file (or start an empty one if ``new``), yield it, save it if changed.

        Nothing is saved when the block raises. Raises ``DatabaseError`` when
        the lock cannot be had within ``LOCK_TIMEOUT_SECONDS``.
        """
        import portalocker
        path = Path(path)
        lock_path = lock_file_path(path)
        with _in_process:
            try:
                lock = portalocker.Lock(str(lock_path), mode="a", timeout=LOCK_TIMEOUT_SECONDS, check_interval=0.02,
                                        flags=portalocker.LockFlags.EXCLUSIVE | portalocker.LockFlags.NON_BLOCKING)
                lock.acquire()
            except portalocker.exceptions.LockException:
                raise DatabaseError(_("The key file {name} is being changed by another workstation. Try again in a "
                                      "moment. Nothing has been changed.").format(name=path.name)) from None
            except OSError as exc:
                raise DatabaseError(_("The key file {name} cannot be locked: {error}. Nothing has been changed.")
                                    .format(name=path.name, error=exc.strerror or exc)) from exc
            try:
                paths.make_private(lock_path)
                if new:
                    keys = cls(path=path)
                    before = None
                else:
                    keys = cls.load(path)
                    before = json.dumps(keys._payload(), sort_keys=True)
                yield keys
                if json.dumps(keys._payload(), sort_keys=True) != before:
                    keys._write()
            finally:
                lock.release()

    def _payload(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "slots": self.slots, "failures": self.failures,
                "backup_folder": self.backup_folder}

    def _write(self) -> None:
        """Unique temp file in the same folder, fsync, atomic replace (call only inside ``locked``)."""
        self._forget_old_failures()
        fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self._payload(), fh, indent=1, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            _replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        paths.make_private(self.path)

    def _forget_old_failures(self) -> None:
        if len(self.failures) <= 50:
            return
        limit = dt.datetime.now() - FORGET_FAILURES_AFTER
        for sid, state in list(self.failures.items()):
            last = state.get("last")
            if last and dt.datetime.fromisoformat(last) < limit:
                del self.failures[sid]

    # -- slots --
    def set_user(self, username: str, password: str, data_key: bytes) -> None:
        self.slots[slot_id(username)] = wrap_key(data_key, password, username.lower())

    def remove_user(self, username: str) -> None:
        self.slots.pop(slot_id(username), None)

    def set_recovery(self, recovery_key: str, data_key: bytes) -> None:
        self.slots[RECOVERY_SLOT] = wrap_key(data_key, normalise_recovery_key(recovery_key), RECOVERY_SLOT)

    def unlock(self, username: str, password: str) -> bytes | None:
        slot = self.slots.get(slot_id(username))
        return unwrap_key(slot, password, username.lower()) if slot else None

    def reseal(self, new_key: bytes) -> list[str]:
        """Seal ``new_key`` to every format-2 slot, keeping the current one as ``sealed_prev`` until
        ``drop_previous``; format-1 slots cannot be resealed without a password and are removed.
        Returns the slot ids removed."""
        removed = []
        for sid, slot in list(self.slots.items()):
            if "pub" not in slot:
                removed.append(sid)
                del self.slots[sid]
                continue
            slot["sealed_prev"] = slot["sealed"]
            slot["sealed"] = seal(new_key, base64.b64decode(slot["pub"]), sid)
        return removed

    def drop_previous(self) -> None:
        for slot in self.slots.values():
            slot.pop("sealed_prev", None)

    def unlock_all(self, username: str, password: str) -> list[bytes]:
        """Every data key the password opens (the current one first; see ``crypto.unwrap_keys``)."""
        slot = self.slots.get(slot_id(username))
        return unwrap_keys(slot, password, username.lower()) if slot else []

    def is_old_format(self, username: str) -> bool:
        slot = self.slots.get(slot_id(username))
        return slot is not None and "pub" not in slot

    def unlock_recovery(self, recovery_key: str) -> bytes | None:
        slot = self.slots.get(RECOVERY_SLOT)
        return unwrap_key(slot, normalise_recovery_key(recovery_key), RECOVERY_SLOT) if slot else None

    # -- failed attempts (change them only inside ``locked``) --
    def failure_state(self, username: str) -> tuple[int, dt.datetime | None]:
        state = self.failures.get(slot_id(username), {})
        last = state.get("last")
        return int(state.get("count", 0)), dt.datetime.fromisoformat(last) if last else None

    def count_failure(self, username: str, now: dt.datetime) -> int:
        count, _last = self.failure_state(username)
        self.failures[slot_id(username)] = {"count": count + 1, "last": now.isoformat()}
        return count + 1

    def clear_failures(self, username: str) -> None:
        self.failures.pop(slot_id(username), None)
