"""Every error a command raises ends as a (translated) message on stderr and an exit code, never a traceback."""

from __future__ import annotations

import sys

from ..errors import DatabaseError, NotFound, PermissionDenied, ValidationError
from ..i18n import _


def _is_database_error(exc: BaseException) -> bool:
    """sqlite3, sqlcipher3 (its own class tree) and peewee errors."""
    import sqlite3

    import peewee
    return isinstance(exc, (sqlite3.Error, peewee.PeeweeException)) or type(exc).__module__.startswith("sqlcipher3")


def report_error(exc: BaseException) -> int:
    """Print ``exc`` as a Norwegian message on stderr and return the exit code (never a traceback).

    2: bad input, refused, not found, damaged file, disk full; 130: interrupted; 1: anything unexpected
    (the message then says so). ``SystemExit`` passes through (argparse's own errors).
    """
    from ..safe_files import describe_os_error, disk_full, is_disk_full
    if isinstance(exc, SystemExit):
        raise exc
    if isinstance(exc, KeyboardInterrupt):
        print(_("Cancelled."), file=sys.stderr)
        return 130
    if isinstance(exc, ValidationError):
        for field, message in exc.errors.items():
            if field:
                print(_("Error in {field}: {message}").format(field=field, message=message), file=sys.stderr)
            else:
                print(_("Error: {message}").format(message=message), file=sys.stderr)
        return 2
    if isinstance(exc, (DatabaseError, NotFound, PermissionDenied)):
        message = str(exc)
    elif is_disk_full(exc):
        message = str(disk_full())
    elif isinstance(exc, OSError):
        message = describe_os_error(exc)
    elif _is_database_error(exc):
        message = _("The database reported an error: {error}. The change has not been saved.").format(error=exc)
    elif isinstance(exc, (OverflowError, ValueError)):
        message = _("A value is outside what the program can handle ({error}). Nothing has been changed.").format(
            error=exc)
    else:
        print(_("Unexpected error ({kind}: {error}). Report it to the administrator.").format(
            kind=type(exc).__name__, error=exc), file=sys.stderr)
        return 1
    print(_("Error: {message}").format(message=message), file=sys.stderr)
    return 2
