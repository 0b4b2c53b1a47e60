"""Single writer per database file: an operating-system lock, plus a note saying who holds it.

Two files beside the database:

``<db>.writer``
    Held with an exclusive OS file lock (``portalocker``: ``LockFileEx``/
    ``msvcrt.locking`` on Windows, ``flock`` elsewhere; both work on SMB
    shares) for as long as the writing process lives. The operating system
    (or the file server, when a workstation's network session dies) releases
    it when the holder ends in any way, crash and power loss included, so a
    lock is never "stale" and nobody has to guess whether a holder is alive.
    No process is probed or signalled.

``<db>.lock``
    JSON naming the holder (host, user, pid, since, heartbeat, a random
    token) so a second workstation can say *who* has the file. It decides
    nothing: an empty, half-written or unreadable note never blocks anyone,
    because only the OS lock does. (On Windows a locked byte range cannot
    even be read by others, which is why the note is a separate file.)

A writer checks that it still holds the lock (``WriterLock.check``): the
services check before every write (``services.base.transaction``) and the
window every few seconds. The lock counts as lost when the lock file was
deleted or replaced, the note was deleted or names someone else, or the
file handle died with the network. The writer then turns read-only at once
and tells its listeners (``WriterLock.on_lost``), which set the database's
``read_only_reason`` and show the user why.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import portalocker

from .. import paths
from ..i18n import _, short_date

#: Only for the holder's description: the heartbeat is refreshed every minute
#: while the holder's window is open (older program versions also read it).
STALE_AFTER = dt.timedelta(minutes=10)


def lock_path(db_path: Path) -> Path:
    """The note naming the holder: ``<db>.lock``."""
    return Path(str(db_path) + ".lock")


def os_lock_path(db_path: Path) -> Path:
    """The file holding the operating-system lock: ``<db>.writer``."""
    return Path(str(db_path) + ".writer")


@dataclass(frozen=True)
class LockInfo:
    """Who holds the write lock (as the note says)."""

    host: str
    user: str
    pid: int
    since: dt.datetime
    heartbeat: dt.datetime
    token: str = ""

    def describe(self) -> str:
        return _("{user} on the machine {host} (since {date} at {time})").format(
            user=self.user, host=self.host, date=short_date(self.since.date()), time=f"{self.since:%H:%M}")


def _unknown() -> LockInfo:
    now = dt.datetime.now().replace(microsecond=0)
    unknown = _("unknown")
    return LockInfo(host=unknown, user=unknown, pid=0, since=now, heartbeat=now)


_UNREADABLE = object()


def _read_note(db_path: Path):  # LockInfo, None (no note) or _UNREADABLE
    try:
        data = json.loads(lock_path(db_path).read_text(encoding="utf-8"))
        return LockInfo(host=str(data["host"]), user=str(data["user"]), pid=int(data["pid"]),
                        since=dt.datetime.fromisoformat(data["since"]),
                        heartbeat=dt.datetime.fromisoformat(data["heartbeat"]), token=str(data.get("token", "")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return _UNREADABLE


def read_lock(db_path: Path) -> LockInfo | None:
    """The note about the current holder; None when there is no note.

    An empty or unreadable note gives a holder «ukjent» (unknown): it only
    describes, it never blocks (see ``acquire``).
    """
    note = _read_note(db_path)
    return _unknown() if note is _UNREADABLE else note


def is_stale(info: LockInfo, now: dt.datetime) -> bool:
    """The note's heartbeat is old: its holder has not refreshed it for ``STALE_AFTER``.

    Descriptive only; whether the lock is free is decided by the OS lock alone.
    """
    return now - info.heartbeat > STALE_AFTER


def _write_note(db_path: Path, info: LockInfo) -> None:
    """Write the note atomically (temp file + replace), readable by the other workstations."""
    payload = json.dumps({"host": info.host, "user": info.user, "pid": info.pid, "since": info.since.isoformat(),
                          "heartbeat": info.heartbeat.isoformat(), "token": info.token})
    path = lock_path(db_path)
    tmp = path.with_name(f"{path.name}.{info.token[:8] or os.getpid()}.tmp")
    tmp.write_text(payload, encoding="utf-8")
    os.replace(tmp, path)


def _write_note_retrying(db_path: Path, info: LockInfo, *, attempts: int = 40) -> None:
    """``_write_note``, retried for ~2 s: on Windows the replace fails while another workstation
    is reading the note at that very moment (it holds it open without delete sharing)."""
    for attempt in range(attempts):
        try:
            _write_note(db_path, info)
            return
        except PermissionError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05)


def _same_file(handle, path: Path) -> bool:  # an open binary file
    """Whether ``path`` still names the file we hold open (and the handle is alive)."""
    try:
        mine = os.fstat(handle.fileno())  # fails when the handle died with the network session
        there = os.stat(path)
    except (OSError, ValueError):
        return False
    if os.name == "nt":
        # Nobody can delete or replace a file we hold open (Python opens without FILE_SHARE_DELETE),
        # and file ids from fstat and stat need not agree on every SMB server: existence is the test.
        return True
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


class WriterLock:
    """The write lock held by this process: keep it for the life of the session, ``release`` on close."""

    def __init__(self, db_path: Path, info: LockInfo, handle) -> None:  # an open binary file
        self.db_path = Path(db_path)
        self.info = info
        self._handle = handle
        self._listeners: list[Callable[[str], None]] = []
        self._mutex = threading.Lock()
        self.lost_reason: str | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None and self.lost_reason is None

    def on_lost(self, listener: Callable[[str], None]) -> None:
        """Call ``listener(message)`` once, the moment the lock is found lost (from ``check``'s thread)."""
        self._listeners.append(listener)
        if self.lost_reason is not None:
            listener(self.lost_reason)

    def check(self) -> bool:
        """True while this process still holds the lock; on loss, go read-only and tell the listeners."""
        with self._mutex:
            if self._handle is None or self.lost_reason is not None:
                return False
            note = _read_note(self.db_path)  # unreadable for a moment (a reader on Windows, the network): no verdict
            if not _same_file(self._handle, os_lock_path(self.db_path)):
                why = _("the lock file beside the database was removed or replaced, or the network connection "
                        "to it was lost")
            elif note is None or (note is not _UNREADABLE and note.token != self.info.token):
                why = (_("the note naming the writer beside the database was removed") if note is None
                       else _("{holder} has taken over the database").format(holder=note.describe()))
            else:
                return True
            self.lost_reason = lost_message(why)
            self._drop_os_lock()
            listeners = list(self._listeners)
        for listener in listeners:
            listener(self.lost_reason)
        return False

    def touch(self, now: dt.datetime | None = None) -> None:
        """Refresh the note's heartbeat (the window does this every minute); checks the lock first."""
        if not self.check():
            return
        now = (now or dt.datetime.now()).replace(microsecond=0)
        self.info = LockInfo(self.info.host, self.info.user, self.info.pid, self.info.since, now, self.info.token)
        try:
            _write_note(self.db_path, self.info)
        except OSError:
            pass  # the share is slow or gone: the next check decides

    def _drop_os_lock(self) -> None:
        handle, self._handle = self._handle, None
        if handle is None:
            return
        try:
            portalocker.unlock(handle)
        except (portalocker.exceptions.LockException, OSError, ValueError):
            pass
        try:
            handle.close()
        except OSError:
            pass

    def release(self) -> None:
        """Give the lock up (closing the program). Files are removed only if they are still ours."""
        with self._mutex:
            if self._handle is None:
                return
            ours = self.lost_reason is None and _same_file(self._handle, os_lock_path(self.db_path))
            note = _read_note(self.db_path)
            if ours and isinstance(note, LockInfo) and note.token == self.info.token:
                lock_path(self.db_path).unlink(missing_ok=True)
            if ours and os.name != "nt":
                os_lock_path(self.db_path).unlink(missing_ok=True)  # still locked by us: no one can be waiting on it
            self._drop_os_lock()
            if ours and os.name == "nt":
                try:  # Windows refuses while another workstation has it open: then it is theirs now
                    os_lock_path(self.db_path).unlink(missing_ok=True)
                except OSError:
                    pass


def _open_and_lock(path: Path):  # an open binary file, or None when someone holds it
    """Open ``path`` (created if missing) and take its exclusive lock without waiting."""
    for _attempt in range(5):
        try:
            handle = open(path, "ab")  # kept open for the life of the lock
        except PermissionError:
            return None  # not ours to open (another user's file on the share): we cannot write either
        try:
            portalocker.lock(handle, portalocker.LockFlags.EXCLUSIVE | portalocker.LockFlags.NON_BLOCKING)
        except portalocker.exceptions.LockException:
            handle.close()
            return None
        except BaseException:
            handle.close()
            raise
        if _same_file(handle, path):
            return handle
        # The previous holder removed the file between our open and our lock: lock the new one.
        portalocker.unlock(handle)
        handle.close()
    return None


def _holder(db_path: Path, wait: float = 1.0) -> LockInfo:
    """The note of whoever holds the lock. A holder that has just won the lock writes its note a
    moment later, so a missing, unreadable or stale note is read again for up to ``wait`` seconds."""
    deadline = time.monotonic() + wait
    while True:
        note = _read_note(db_path)
        fresh = isinstance(note, LockInfo) and not is_stale(note, dt.datetime.now())
        if fresh or time.monotonic() >= deadline:
            return note if isinstance(note, LockInfo) else _unknown()
        time.sleep(0.05)


def acquire(db_path: Path, *, user: str | None = None,
            now: dt.datetime | None = None) -> tuple[WriterLock | None, LockInfo | None]:
    """Try to become the writer: (our lock, None), or (None, who holds it).

    Never waits and never blocks for good: the OS lock is free or it is not.
    A holder without a readable note is described as «ukjent» (unknown).
    """
    db_path = Path(db_path)
    paths.ensure_private_dir(db_path.parent)
    handle = _open_and_lock(os_lock_path(db_path))
    if handle is None:
        return None, _holder(db_path)
    now = (now or dt.datetime.now()).replace(microsecond=0)
    info = LockInfo(host=socket.gethostname(), user=user or getpass.getuser(), pid=os.getpid(),
                    since=now, heartbeat=now, token=secrets.token_hex(16))
    try:
        _write_note_retrying(db_path, info)
    except PermissionError:  # the note cannot be written: do not write the database either
        portalocker.unlock(handle)
        handle.close()
        return None, _unknown()
    except BaseException:
        portalocker.unlock(handle)
        handle.close()
        raise
    return WriterLock(db_path, info, handle), None


def read_only_message(holder: LockInfo) -> str:
    """What the second workstation is told."""
    return _("The database is in use by {holder}. You can read, but not save changes, "
             "until the other has closed the program.").format(holder=holder.describe())


def lost_message(why: str) -> str:
    """What a writer that lost its lock is told (``why`` names the cause)."""
    return _("This workstation can no longer save changes: {why}. What was saved before is kept. "
             "Close the program and open it again to continue.").format(why=why)


def attach(db, writer: WriterLock) -> None:  # a peewee database
    """Let ``services.base.transaction`` check ``writer`` before each write; on loss the database
    gets ``read_only_reason`` (every later write is refused with that message)."""
    db.writer_lock = writer

    def _read_only(message: str) -> None:
        db.read_only_reason = message
    writer.on_lost(_read_only)


def check_writer(db) -> None:  # a peewee database
    """Before a write: if the database's writer lock was lost, this marks the database read-only."""
    writer = getattr(db, "writer_lock", None)
    if writer is not None:
        writer.check()
