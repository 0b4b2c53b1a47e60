"""The peewee base model.

Models are declared without a database; ``db.connection.open_database`` binds
them to the database it opens (``Database.bind``). One process works on one
database at a time, so the binding is carried by the context that opened it
rather than by a module-level singleton.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from peewee import AutoField, DateTimeField, Field, Model, ModelSelect

_Id = TypeVar("_Id", bound=int)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def id_field(kind: Callable[[int], _Id]) -> AutoField[_Id]:
    """The same ``id`` column as every table's, typed with the entity's id type (``ids.PersonId`` …)."""
    return cast("AutoField[_Id]", AutoField())


def primary_key(model: type[Model]) -> Field[Any]:
    """The primary-key field of ``model`` (every table here has one; peewee's types allow ``False``)."""
    field = model._meta.primary_key
    if not isinstance(field, Field):
        raise TypeError(f"{model.__name__} has no primary key")
    return field


if TYPE_CHECKING:
    # peewee's stubs type ``.tuples()`` and ``.dicts()`` as yielding model objects; these say what they yield.
    _M = TypeVar("_M", bound=Model)

    class TupleQuery(ModelSelect[Any]):
        def __iter__(self) -> Iterator[tuple[Any, ...]]: ...
        def get(self, database: Any = None) -> tuple[Any, ...]: ...

    class DictQuery(ModelSelect[Any]):
        def __iter__(self) -> Iterator[dict[str, Any]]: ...
        def get(self, database: Any = None) -> dict[str, Any]: ...

    class Query(ModelSelect[_M]):
        def select(self, *fields_or_models: Any) -> Query[_M]: ...
        def tuples(self, as_tuple: bool = True) -> TupleQuery: ...  # type: ignore[override]
        def dicts(self, as_dict: bool = True) -> DictQuery: ...  # type: ignore[override]


class BaseModel(Model):
    """Common base: every table has an ``id`` and ``created_at``; names are snake_case."""

    id: AutoField[Any] = AutoField()  # what peewee adds by itself; the main entities type theirs (id_field)
    created_at = DateTimeField(default=_now)

    class Meta:
        database = None
        legacy_table_names = False

    if TYPE_CHECKING:
        @classmethod
        def select(cls, *fields: Any) -> Query[Self]: ...

    def save(self, force_insert: bool = False, only=None):
        """An update of a versioned row checks and bumps ``row_version`` (``models.versioning``).

        A new row is inserted through ``models.prepared`` (the SQL text built once per column list).
        """
        meta = self._meta
        if not force_insert and "row_version" in meta.fields and self.get_id() is not None:
            from .versioning import save_versioned
            return save_versioned(self, only)
        me = cast(Any, self)  # peewee's own bookkeeping (_pk, _dirty) is not in its stubs
        if (only is None and meta.auto_increment and not meta.composite_key and me._pk is None
                and (force_insert or not meta.only_save_dirty)):
            from .prepared import insert_rows
            pk_name = primary_key(type(self)).name
            field_dict = self.__data__.copy()
            me._populate_unsaved_relations(field_dict)
            field_dict.pop(pk_name, None)
            (me._pk,) = insert_rows(type(self), [meta.fields[k] for k in field_dict], [tuple(field_dict.values())])
            me._dirty.discard(pk_name)  # as peewee: the new id is not an unsaved change
            me._dirty -= set(field_dict)
            return 1
        return super().save(force_insert=force_insert, only=only)

    @classmethod
    def get(cls, *query, **filters):
        """As peewee's; a lookup by primary key (also a foreign key's lazy load) runs prepared SQL."""
        from .prepared import get_by_pk, is_pk_lookup
        if len(query) == 1 and not filters and type(query[0]) is int and cls._meta.auto_increment:
            return get_by_pk(cls, query[0])
        if is_pk_lookup(cls, query, filters):
            return get_by_pk(cls, query[0].rhs)
        return super().get(*query, **filters)

    @classmethod
    def get_by_id(cls, pk):
        from .prepared import get_by_pk
        return get_by_pk(cls, pk)

    @classmethod
    def update(cls, *args, **kwargs):
        """Every UPDATE query on a versioned table bumps ``row_version``, so forms opened before it are stale."""
        query = super().update(*args, **kwargs)
        version = cls._meta.fields.get("row_version")
        assignments = cast(Any, query)._update  # peewee keeps the SET clause there
        if version is not None and version not in assignments:
            assignments[version] = version + 1
        return query

    @classmethod
    def update_without_version(cls, *args, **kwargs):
        """The plain UPDATE (``save_versioned`` sets the version itself)."""
        return super().update(*args, **kwargs)
