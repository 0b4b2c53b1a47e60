"""Bulk inserts for services: many rows in one statement, the SQL text built once per shape.

``insert_rows`` and ``insert_instance`` are re-exported by ``services.base`` (import them from
there); they write inside ``base.transaction`` like every service write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from peewee import CharField, Field, ForeignKeyField, IntegerField, Model, TextField

from ..models.base import primary_key

_M = TypeVar("_M", bound=Model)

_PLAIN_FIELDS = frozenset({CharField, TextField, IntegerField, ForeignKeyField})  # exact types, no subclasses
_PLAIN_TYPES = frozenset({str, int, type(None)})


@dataclass(frozen=True)
class _Plan:
    """What an insert of one model with one list of fields needs, worked out once."""

    head: str  # INSERT INTO "t" ("a", "b", ...) VALUES
    row_marks: str  # (?, ?, ...)
    tail: str  # RETURNING "id"
    size: int  # rows per statement
    defaults: tuple[Field, ...]  # fields left out that have a default, in column order after the given ones
    plain: tuple[bool, ...]  # per given field: a str/int/None is stored as it is
    convert: tuple[Callable[[Any], Any], ...]  # per given field: its db_value


#: Plans by (model, the database's parameter mark and quotes, field names): the SQL of a bulk insert
#: is the same every time (the same for every database of one kind).
_plans: dict[tuple[type[Model], str, str, tuple[str, ...]], _Plan] = {}


def _plan(model: type[Model], given: Sequence[Field], chunk: int) -> _Plan:
    db = model._meta.database
    key = (model, db.param, db.quote, tuple(f.name for f in given))
    plan = _plans.get(key)
    if plan is None:
        named = set(key[3])  # by name: a peewee Field's == builds an expression, so `in` is always true
        defaults = tuple(f for f in model._meta.sorted_fields
                         if f.name not in named and not f.primary_key and f.default is not None)
        quote = db.quote
        names = ", ".join(quote[0] + f.column_name + quote[1] for f in (*given, *defaults))
        table = quote[0] + model._meta.table_name + quote[1]
        pk = quote[0] + primary_key(model).column_name + quote[1]
        width = len(given) + len(defaults)
        plan = _Plan(head=f"INSERT INTO {table} ({names}) VALUES ",
                     row_marks="(" + ", ".join([db.param] * width) + ")", tail=f" RETURNING {pk}",
                     size=max(1, 999 // width),  # SQLite's historic limit of 999 bound values
                     defaults=defaults, plain=tuple(type(f) in _PLAIN_FIELDS for f in given),
                     convert=tuple(f.db_value for f in given))
        _plans[key] = plan
    if chunk and chunk != plan.size:
        plan = _Plan(plan.head, plan.row_marks, plan.tail, chunk, plan.defaults, plan.plain, plan.convert)
    return plan


def insert_rows(model: type[Model], fields: Sequence[Field], rows: Sequence[Sequence[Any]], *,
                chunk: int = 0) -> list[int]:
    """Insert many rows of ``model`` (values in ``fields`` order) and return their new ids, in row order.

    For bulk writes inside ``transaction`` (follow-up generation, imports, audit rows): one multi-row
    ``INSERT ... RETURNING id`` per chunk, with the SQL text built once per model and field list, not
    by peewee per value (which cost ~20 µs per value). Values go through each field's ``db_value``
    and fields left out get the model's defaults (``created_at`` ...), as ``Model.create`` does.
    RETURNING needs SQLite 3.35+ (every supported Python ships newer) or PostgreSQL.
    """
    if not rows:
        return []
    plan = _plan(model, fields, chunk)
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
    """Insert a new, unsaved model instance (as ``instance.save(force_insert=True)``) and set its id.

    ~4x cheaper than peewee's ``Model.create`` for wide rows, as ``insert_rows`` is.
    """
    meta = type(instance)._meta
    pk = primary_key(type(instance)).name
    data = {k: v for k, v in instance.__data__.items() if k != pk}
    (new_id,) = insert_rows(type(instance), [meta.fields[k] for k in data], [tuple(data.values())])
    setattr(instance, pk, new_id)
    instance._dirty.clear()  # type: ignore[attr-defined]  # peewee's own record of unsaved fields
    return instance
