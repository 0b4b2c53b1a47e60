"""Taking the write lock again after opening read-only ("Prøv igjen" in the GUI).

A second workstation opens the database read-only while another holds the
write lock (``db.lock``). When the holder has closed the program, the user
can try again without logging out: ``retry_write`` takes the lock through
the lock's public API, clears ``db.read_only_reason`` (which
``services.base.transaction`` and ``access.can`` look at) and says so. If the
lock is still held, the message names the current holder.
"""

from __future__ import annotations

from ..db import lock
from ..i18n import _


def holder_message(session) -> str:
    """Who holds the database now, as the read-only banner says it."""
    holder = lock.read_lock(session.db_path)
    if holder is None:
        return _("The database was opened for reading only.")
    return lock.read_only_message(holder)


def retry_write(session) -> bool:
    """Try to become the writer; True when the session may now save."""
    if not session.read_only:
        return True
    user = session.user
    name = f"{user.full_name} ({user.username})" if user is not None else None
    writer, holder = lock.acquire(session.db_path, user=name)
    if writer is None:
        session.holder = holder
        session.message = lock.read_only_message(holder) if holder else _("The database is open for reading only.")
        session.db.read_only_reason = session.message
        return False
    lock.attach(session.db, writer)  # checked before each write; a later loss makes it read-only again
    session.writer_lock = writer
    session.holder = None
    session.read_only = False
    session.message = ""
    session.db.read_only_reason = None
    return True
