"""Count the SQL statements a piece of code runs (wraps the database's ``execute_sql``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def count_queries(db) -> Iterator[list[str]]:
    """Every statement run on ``db`` inside the block, in order (the list fills as they run)."""
    seen: list[str] = []
    original = db.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        seen.append(sql)
        return original(sql, params, *args, **kwargs)

    db.execute_sql = counting
    try:
        yield seen
    finally:
        del db.execute_sql  # back to the class's method
