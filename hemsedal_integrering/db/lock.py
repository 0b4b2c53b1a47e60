"""Single writer per database file: a lock file beside it naming host, user and time.

Rule: the first workstation to open the file for writing creates
``<db>.lock`` atomically (``O_CREAT | O_EXCL``, which also works on SMB
shares). A second opener finds the lock and opens the database read-only,
with a message naming who holds it. The holder refreshes ``heartbeat``
while it runs (``WriterLock.touch``); a lock whose heartbeat is older than
``STALE_AFTER`` (the holder crashed or lost the network) is stale and may be
taken over — on the same host only if its process is gone.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _, short_date

STALE_AFTER = dt.timedelta(minutes=10)


def lock_path(db_path: Path) -> Path:
    return Path(str(db_path) + ".lock")


@dataclass(frozen=True)
class LockInfo:
    """Who holds the write lock."""

    host: str
    user: str
    pid: int
    since: dt.datetime
    heartbeat: dt.datetime

    def describe(self) -> str:
        return _("{user} on the machine {host} (since {date} at {time})").format(
            user=self.user, host=self.host, date=short_date(self.since.date()), time=f"{self.since:%H:%M}")


def read_lock(db_path: Path) -> LockInfo | None:
    """The current lock, or None when there is none (an unreadable lock counts as held by «ukjent»)."""
    try:
        data = json.loads(lock_path(db_path).read_text(encoding="utf-8"))
        return LockInfo(host=data["host"], user=data["user"], pid=int(data["pid"]),
                        since=dt.datetime.fromisoformat(data["since"]),
                        heartbeat=dt.datetime.fromisoformat(data["heartbeat"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError):
        now = dt.datetime.now()
        unknown = _("unknown")
        return LockInfo(host=unknown, user=unknown, pid=0, since=now, heartbeat=now)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def is_stale(info: LockInfo, now: dt.datetime) -> bool:
    """Stale when the heartbeat is old, or the holder on this host has died."""
    if now - info.heartbeat > STALE_AFTER:
        return True
    return info.host == socket.gethostname() and info.pid != 0 and not _process_alive(info.pid)


class WriterLock:
    """The write lock held by this process (release it on close)."""

    def __init__(self, db_path: Path, info: LockInfo) -> None:
        self.db_path = db_path
        self.info = info

    def _write(self, info: LockInfo, *, exclusive: bool) -> None:
        payload = json.dumps({"host": info.host, "user": info.user, "pid": info.pid,
                              "since": info.since.isoformat(), "heartbeat": info.heartbeat.isoformat()})
        path = lock_path(self.db_path)
        if exclusive:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
        else:
            tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
            tmp.write_text(payload, encoding="utf-8")
            os.replace(tmp, path)

    def touch(self, now: dt.datetime | None = None) -> None:
        """Refresh the heartbeat (the GUI calls this every minute)."""
        now = now or dt.datetime.now()
        current = read_lock(self.db_path)
        if current is None or (current.host, current.pid) != (self.info.host, self.info.pid):
            return  # taken over after we were considered stale: do not fight over it
        self.info = LockInfo(self.info.host, self.info.user, self.info.pid, self.info.since, now)
        self._write(self.info, exclusive=False)

    def release(self) -> None:
        current = read_lock(self.db_path)
        if current is not None and (current.host, current.pid) == (self.info.host, self.info.pid):
            lock_path(self.db_path).unlink(missing_ok=True)


def acquire(db_path: Path, *, user: str | None = None,
            now: dt.datetime | None = None) -> tuple[WriterLock | None, LockInfo | None]:
    """Try to become the writer: (our lock, None) or (None, the holder's info).

    A stale lock is removed and taken over once.
    """
    now = (now or dt.datetime.now()).replace(microsecond=0)
    info = LockInfo(host=socket.gethostname(), user=user or getpass.getuser(), pid=os.getpid(),
                    since=now, heartbeat=now)
    lock = WriterLock(db_path, info)
    for _attempt in range(2):
        try:
            lock._write(info, exclusive=True)
            return lock, None
        except FileExistsError:
            holder = read_lock(db_path)
            if holder is None:
                continue
            if is_stale(holder, now):
                lock_path(db_path).unlink(missing_ok=True)
                continue
            return None, holder
    return None, read_lock(db_path)


def read_only_message(holder: LockInfo) -> str:
    """What the second workstation is told."""
    return _("The database is in use by {holder}. You can read, but not save changes, "
             "until the other has closed the program.").format(holder=holder.describe())
