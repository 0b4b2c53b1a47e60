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

    def save(self, force_insert: bool = False, only=None):  # type: ignore[override]
        """An update of a versioned row checks and bumps ``row_version`` (``models.versioning``)."""
        if not force_insert and "row_version" in self._meta.fields and self.get_id() is not None:
            from .versioning import save_versioned
            return save_versioned(self, only)
        return super().save(force_insert=force_insert, only=only)

    @classmethod
    def update(cls, *args, **kwargs):  # type: ignore[override]
        """Every UPDATE query on a versioned table bumps ``row_version``, so forms opened before it are stale."""
        query = super().update(*args, **kwargs)
        version = cls._meta.fields.get("row_version")
        if version is not None and version not in query._update:
            query._update[version] = version + 1
        return query

    @classmethod
    def update_without_version(cls, *args, **kwargs):
        """The plain UPDATE (``save_versioned`` sets the version itself)."""
        return super().update(*args, **kwargs)
