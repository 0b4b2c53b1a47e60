"""The database file as the GUI sees it: where it is by default, opening it, whether it is encrypted.

The GUI opens the file the user chose and asks a few questions about it; it never calls
``db`` itself (issue 18: ``ui/`` reads through ``queries/`` and writes through
``services/``). The data key of an encrypted database stays inside the database object:
``data_key`` hands it on to the services that need it (backups, plain copies), never to a widget.
"""

from __future__ import annotations

from pathlib import Path

from peewee import Database

from ..context import Context
from ..db import default_database_path, open_database


def default_path() -> Path:
    """Where the database lives when the user has chosen nothing (the user's data folder)."""
    return default_database_path()


def open_session_database(path: Path) -> Context:
    """Open (create, upgrade) the database at ``path`` and make sure the municipalities exist.

    Raises ``errors.DatabaseError`` with a message for the user when the file cannot be opened.
    """
    from .setup import ensure_municipalities
    ctx = Context(db=open_database(path))
    ensure_municipalities(ctx)
    return ctx


def open_plain(path: Path) -> Database:
    """Open (create, upgrade) the database at ``path`` without anything else (the self-test's demo file)."""
    return open_database(path)


def data_key(db: Database) -> bytes | None:
    """The data key an encrypted database was opened with; None for a plain database."""
    return getattr(db, "data_key", None)


def is_encrypted(ctx: Context) -> bool:
    """Whether the session's database is encrypted (only then is there a key to change)."""
    return data_key(ctx.db) is not None
