"""The peewee base model.

Models are declared without a database; ``db.connection.open_database`` binds
them to the database it opens (``Database.bind``). One process works on one
database at a time, so the binding is carried by the context that opened it
rather than by a module-level singleton.
"""

from __future__ import annotations

import datetime as dt

from peewee import DateTimeField, Model


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class BaseModel(Model):
    """Common base: every table has ``created_at``; names are snake_case."""

    created_at = DateTimeField(default=_now)

    class Meta:
        database = None
        legacy_table_names = False
