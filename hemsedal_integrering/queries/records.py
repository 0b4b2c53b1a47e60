"""One stored row as plain values, for the forms and detail panes of the GUI.

The GUI never holds a peewee model instance (issue 18): it would reach the database on
every attribute that follows a relation, outside any query the GUI asked for. A
``Record`` is a snapshot: its columns by name, a foreign key only as ``<name>_id``
(``person.household_id``; ``person.household`` is an error, so a forgotten join fails
loudly instead of querying behind the caller's back), and ``row_version`` for the
optimistic version check of a form (issue 17).
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from peewee import ForeignKeyField, Model

from ..context import Context
from ..models import ALL_MODELS, Municipality

#: table name -> model, for ``fetch`` by the name a form tracked.
_BY_TABLE: dict[str, type[Model]] = {m._meta.table_name: m for m in ALL_MODELS}


class Record:
    """A read-only snapshot of one row: ``table``, ``id`` and the column values by field name."""

    __slots__ = ("table", "id", "values", "_fks")

    def __init__(self, table: str, record_id: int, values: Mapping[str, Any], fks: Iterable[str] = ()) -> None:
        object.__setattr__(self, "table", table)
        object.__setattr__(self, "id", record_id)
        object.__setattr__(self, "values", dict(values))
        object.__setattr__(self, "_fks", frozenset(fks))

    def __getattr__(self, name: str) -> Any:
        values, fks = object.__getattribute__(self, "values"), object.__getattribute__(self, "_fks")
        if name.endswith("_id") and name[:-3] in fks:
            return values[name[:-3]]
        if name in values and name not in fks:
            return values[name]
        if name in fks:
            raise AttributeError(f"{name!r} is a reference: read {name}_id, or join what you need in a query")
        raise AttributeError(name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a Record is read-only: change data through a service")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and (self.table, self.id, self.values) == (other.table, other.id, other.values)

    def __hash__(self) -> int:
        return hash((self.table, self.id))

    def __repr__(self) -> str:
        return f"Record({self.table!r}, {self.id!r})"


#: Names computed from a row's own columns that views show as if they were columns.
DERIVED = ("full_name", "display_name")


def as_record(row: Model) -> Record:
    """The snapshot of a model instance (inside the query layer only), with its ``DERIVED`` names."""
    meta = type(row)._meta
    fks = [f.name for f in meta.sorted_fields if isinstance(f, ForeignKeyField)]
    values = dict(row.__data__)
    for name in DERIVED:
        if isinstance(getattr(type(row), name, None), property):
            values[name] = getattr(row, name)
    return Record(meta.table_name, int(row.get_id()), values, fks)


def fetch(ctx: Context, table: str, record_id: int | None) -> Record | None:
    """The row ``record_id`` of ``table`` ('person', 'housing_unit' …) as it is stored now, or None."""
    if record_id is None:
        return None
    model = _BY_TABLE[table]
    row = model.select().where(model._meta.primary_key == record_id).bind(ctx.db).first()
    return as_record(row) if row is not None else None


def require(ctx: Context, table: str, record_id: int) -> Record:
    """Like ``fetch`` for a row the caller knows exists (an id just taken from a list): a missing row
    raises the model's ``DoesNotExist``, as ``get_by_id`` did."""
    found = fetch(ctx, table, record_id)
    if found is None:
        raise _BY_TABLE[table].DoesNotExist(f"{table} {record_id} does not exist")  # type: ignore[attr-defined]
    return found


def fetch_where(ctx: Context, table: str, order_by: tuple[str, ...] = ("id",), **equal: Any) -> list[Record]:
    """The rows of ``table`` whose columns equal the given values (``household=12``), in ``order_by`` order
    (a leading '-' sorts that column descending)."""
    model = _BY_TABLE[table]
    q = model.select()
    for name, value in equal.items():
        q = q.where(getattr(model, name) == value)
    order = [getattr(model, o[1:]).desc() if o.startswith("-") else getattr(model, o) for o in order_by]
    return [as_record(r) for r in q.order_by(*order).bind(ctx.db)]


def exists(ctx: Context, table: str) -> bool:
    """Whether ``table`` holds any row at all (first-start checks: "nothing registered yet")."""
    model = _BY_TABLE[table]
    return model.select().bind(ctx.db).exists()


def municipalities(ctx: Context) -> dict[str, str]:
    """The municipalities the service covers: code -> stored name ("Hemsedal kommune"), in their order."""
    return dict(Municipality.select(Municipality.code, Municipality.name).order_by(Municipality.id)
                .tuples().bind(ctx.db))


def municipality_code(ctx: Context, municipality_id: int) -> str | None:
    """The code ('hemsedal', 'gol') of a municipality row."""
    return Municipality.select(Municipality.code).where(Municipality.id == municipality_id).scalar(ctx.db)


def municipality_ids(ctx: Context) -> list[int]:
    """Every municipality row's id (a change notice after the setup wizard saved them)."""
    return [mid for (mid,) in Municipality.select(Municipality.id).order_by(Municipality.id).tuples().bind(ctx.db)]


def active_users(ctx: Context) -> list[tuple[str, str, tuple[str, ...]]]:
    """(full name, user name, roles) of every active user, by user name."""
    from ..models import User
    return [(u.full_name, u.username, u.roles) for u in
            User.select().where(User.active == True).order_by(User.username).bind(ctx.db)]  # noqa: E712
