"""Prepared SQL for the statements peewee builds most often: a row by its id, the INSERT of new rows
and the versioned UPDATE of a saved one.

peewee builds the SQL text of every query from its node tree, every time: reading one row by id
cost ~10x what SQLite took to run it, and the demo build (and so every test run) made ~25,000 such
small queries. Here the text is built once per shape (model, columns, the database's parameter mark
and quotes – the same for every database of one kind) and only the values change; the values go
through each field's ``db_value``, and a row read by id is built the way peewee's cursor wrapper builds
it (the column mapping it resolved for the first row is kept), so what is stored and what is read is
exactly what peewee's own path gives (``tests/db/test_prepared.py`` compares the two; the versioned
UPDATE's text is checked against peewee's the first time each shape is seen). Works on SQLite (3.35+
for RETURNING) and PostgreSQL alike.

``BaseModel.get_by_id`` / ``get`` (by primary key, also a foreign key's lazy load), ``BaseModel.save``
(insert, versioned update) and ``services.base.insert_rows`` use this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Callable, TypeVar, cast

from peewee import CharField, Field, ForeignKeyField, IntegerField, Model, Node, TextField

from .base import primary_key

_M = TypeVar("_M", bound=Model)

#: Prepared statements by shape; None: this shape is left to peewee (its SQL did not match ours).
_cache: dict[tuple[Any, ...], Any] = {}


def _key(kind: str, model: type[Model], *rest: Any) -> tuple[Any, ...]:
    db = model._meta.database
    return (kind, model, db.param, db.quote, *rest)


# ----- a row by its primary key -----

@dataclass
class _Get:
    sql: str
    tail: tuple[Any, ...]  # the LIMIT/OFFSET values after the id
    query: Any  # the select whose cursor wrapper builds the row (it is only read)
    #: How peewee's cursor wrapper turned a row into the model's fields (worked out on the first row).
    columns: list[str] | None = None
    plain: list[int] | None = None  # indexes of values taken as they are
    converted: list[tuple[int, Callable[[Any], Any]]] | None = None  # (index, python_value)


def get_by_pk(model: type[_M], pk: Any) -> _M:
    """``model.get(model.id == pk)``: the row, or ``model.DoesNotExist``."""
    pk_field = primary_key(model)
    key = _key("get", model)
    plan = _cache.get(key)
    if plan is None or pk is None:  # (None: "IS NULL", another statement)
        query = model.select().where(pk_field == pk).paginate(1, 1)  # what Model.get builds
        if pk is None:
            return query.get()
        sql, params = query.sql()
        if not params or params[0] != pk_field.db_value(pk) or any(isinstance(p, Node) for p in params):
            return query.get()  # not the shape expected: peewee's own way (not seen so far)
        plan = _cache[key] = _Get(sql, tuple(params[1:]), model.select().paginate(1, 1))
    value = pk_field.db_value(pk)
    cursor = model._meta.database.execute_sql(plan.sql, (value, *plan.tail))
    if plan.columns is None:  # the first row: peewee's wrapper resolves the columns, and we keep how
        wrapper = plan.query._get_cursor_wrapper(cursor)
        try:
            row = wrapper[0]
        except IndexError:
            row = None
        else:
            plan.columns, plan.plain = list(wrapper.unique_columns), list(wrapper.no_convert)
            plan.converted = [(i, wrapper.converters[i]) for i in wrapper.convert]
    else:  # ModelObjectCursorWrapper.process_row without resolving the columns again
        raw = cursor.fetchone()
        cursor.close()
        row = None
        if raw is not None:
            columns = plan.columns
            data = {columns[i]: raw[i] for i in plan.plain or ()}
            for i, convert in plan.converted or ():
                data[columns[i]] = convert(raw[i])
            row = model(__no_default__=1, **data)
            cast(Any, row)._dirty.clear()
    if row is None:
        raise cast(Any, model).DoesNotExist(f"{model} instance matching query does not exist:\nSQL: {plan.sql}\n"
                                            f"Params: {[value, *plan.tail]}")
    return row


def is_pk_lookup(model: type[Model], query: tuple[Any, ...], filters: dict[str, Any]) -> bool:
    """Whether ``Model.get(*query, **filters)`` asks for one row by its primary key (``Model.id == 5``)."""
    if filters or len(query) != 1:
        return False
    expr = query[0]
    return (getattr(expr, "op", None) == "=" and getattr(expr, "lhs", None) is model._meta.primary_key
            and not isinstance(getattr(expr, "rhs", None), Node) and getattr(expr, "rhs", None) is not None)


# ----- inserts -----

_PLAIN_FIELDS = frozenset({CharField, TextField, IntegerField, ForeignKeyField})  # exact types, no subclasses
_PLAIN_TYPES = frozenset({str, int, type(None)})


@dataclass(frozen=True)
class _Insert:
    """What an insert of one model with one list of fields needs, worked out once."""

    head: str  # INSERT INTO "t" ("a", "b", ...) VALUES
    row_marks: str  # (?, ?, ...)
    tail: str  # RETURNING "id"
    size: int  # rows per statement
    defaults: tuple[Field, ...]  # fields left out that have a default, in column order after the given ones
    plain: tuple[bool, ...]  # per given field: a str/int/None is stored as it is
    convert: tuple[Callable[[Any], Any], ...]  # per given field: its db_value


def _insert_plan(model: type[Model], given: Sequence[Field], chunk: int) -> _Insert:
    key = _key("insert", model, tuple(f.name for f in given))
    plan = _cache.get(key)
    if plan is None:
        db = model._meta.database
        named = set(key[-1])  # by name: a peewee Field's == builds an expression, so `in` is always true
        defaults = tuple(f for f in model._meta.sorted_fields
                         if f.name not in named and not f.primary_key and f.default is not None)
        quote = db.quote
        names = ", ".join(quote[0] + f.column_name + quote[1] for f in (*given, *defaults))
        table = quote[0] + model._meta.table_name + quote[1]
        pk = quote[0] + primary_key(model).column_name + quote[1]
        width = len(given) + len(defaults)
        plan = _cache[key] = _Insert(
            head=f"INSERT INTO {table} ({names}) VALUES ", row_marks="(" + ", ".join([db.param] * width) + ")",
            tail=f" RETURNING {pk}", size=max(1, 999 // width),  # SQLite's historic limit of 999 bound values
            defaults=defaults, plain=tuple(type(f) in _PLAIN_FIELDS for f in given),
            convert=tuple(f.db_value for f in given))
    if chunk and chunk != plan.size:
        plan = _Insert(plan.head, plan.row_marks, plan.tail, chunk, plan.defaults, plan.plain, plan.convert)
    return plan


def insert_rows(model: type[Model], fields: Sequence[Field], rows: Sequence[Sequence[Any]], *,
                chunk: int = 0) -> list[int]:
    """Insert many rows of ``model`` (values in ``fields`` order) and return their new ids, in row order.

    One multi-row ``INSERT ... RETURNING id`` per chunk. Values go through each field's ``db_value``
    and fields left out get the model's defaults (``created_at`` ...), as ``Model.create`` does.
    """
    if not rows:
        return []
    plan = _insert_plan(model, fields, chunk)
    # Defaults once per call (a created_at of the same second for every row), converted once.
    fixed = [f.db_value(f.default() if callable(f.default) else f.default) for f in plan.defaults]
    plain, convert, size = plan.plain, plan.convert, plan.size
    execute = model._meta.database.execute_sql
    ids: list[int] = []
    for start in range(0, len(rows), size):
        part = rows[start:start + size]
        params: list[Any] = []
        for row in part:
            params.extend([v if is_plain and type(v) in _PLAIN_TYPES else conv(v)
                           for is_plain, conv, v in zip(plain, convert, row, strict=True)])
            params.extend(fixed)
        sql = plan.head + ", ".join([plan.row_marks] * len(part)) + plan.tail
        ids.extend(r[0] for r in execute(sql, params).fetchall())
    return ids


def insert_instance(instance: _M) -> _M:
    """Insert a new, unsaved model instance (as ``instance.save(force_insert=True)``) and set its id."""
    meta = type(instance)._meta
    pk = primary_key(type(instance)).name
    data = {k: v for k, v in instance.__data__.items() if k != pk}
    (new_id,) = insert_rows(type(instance), [meta.fields[k] for k in data], [tuple(data.values())])
    setattr(instance, pk, new_id)
    instance._dirty.clear()  # type: ignore[attr-defined]  # peewee's own record of unsaved fields
    return instance


# ----- the versioned update of a saved row -----



def update_where_version(model: type[Model], data: dict[Field, Any], pk: Any, expected: int) -> int:
    """``UPDATE t SET <data> WHERE id = pk AND row_version = expected``; the number of rows changed.

    ``data`` holds plain values (a value that is a peewee expression is left to peewee's own UPDATE).
    """
    meta = model._meta
    version = meta.fields["row_version"]
    pk_field = primary_key(model)
    condition = (pk_field == pk) & (version == expected)
    if any(isinstance(v, Node) for v in data.values()):
        return model.update_without_version(data).where(condition).execute()  # type: ignore[attr-defined]
    key = _key("update", model, tuple(f.name for f in data))
    sql = _cache.get(key, False)
    db = meta.database
    # peewee writes the SET clause in field order (Field._sort_key), each value through its db_value
    ordered = sorted(data, key=lambda f: cast(Any, f)._sort_key)
    params = [f.db_value(data[f]) for f in ordered] + [pk_field.db_value(pk), version.db_value(expected)]
    if sql is False:  # the first of this shape: peewee builds it, and it must be ours with the same values
        query = model.update_without_version(data).where(condition)  # type: ignore[attr-defined]
        sql, peewee_params = query.sql()
        _cache[key] = sql if list(peewee_params) == params else None
        return db.rows_affected(db.execute_sql(sql, peewee_params))
    if sql is None:
        return model.update_without_version(data).where(condition).execute()  # type: ignore[attr-defined]
    return db.rows_affected(db.execute_sql(sql, params))
