"""Errors that cross layers. Messages meant for the user are Norwegian (bokmål)."""

from __future__ import annotations


class ValidationError(Exception):
    """Bad input for a use case: a mapping from field name to a Norwegian message.

    Raised by services before anything is written; the transaction is rolled
    back, so nothing is ever half-saved. The GUI shows each message next to
    the field with the same name; ``""`` is used for form-level messages.
    """

    def __init__(self, errors: dict[str, str] | str, field: str = "") -> None:
        if isinstance(errors, str):
            errors = {field: errors}
        self.errors: dict[str, str] = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in self.errors.items()))


class PermissionDenied(Exception):
    """The acting user's role does not allow this use case (message in Norwegian)."""


class NotFound(Exception):
    """A record asked for by id does not exist (message in Norwegian)."""


class DatabaseError(Exception):
    """The database cannot be opened or upgraded; the message says why in Norwegian
    and that nothing was changed."""


class DatabaseTooNew(DatabaseError):
    """The file was written by a newer version of the program."""


class StaleRecord(Exception):
    """A save based on an old version of a row: someone else saved it in between (issue 17).

    Raised by the model layer with the table, id and versions; ``services.base.transaction`` turns
    it into a ``Conflict`` whose message names who changed the row and when (from the audit log).
    """

    def __init__(self, table: str, row_id: int, expected: int, current: int | None) -> None:
        self.table, self.row_id, self.expected, self.current = table, row_id, expected, current
        super().__init__(f"{table} {row_id}: saved from version {expected}, the row is at {current}")


class Conflict(Exception):
    """A refused save because the record changed since the form loaded it (message in Norwegian).

    ``table``/``row_id`` name the record, so a form can offer to reload it.
    """

    def __init__(self, message: str, *, table: str = "", row_id: int | None = None) -> None:
        self.table, self.row_id = table, row_id
        super().__init__(message)


class ServerUnavailable(DatabaseError):
    """The database server cannot be reached (server mode, issue 17): nothing was saved; the user may
    try again ("Prøv igjen") without losing what the open form holds (message in Norwegian)."""
