"""Move a database between a file and a server (issue 17): ``transfer --from FILE --to postgresql://…`` and back.

Rules: both ends are opened (and a new target built) at the program's schema version; a target that
holds any row is refused unless ``replace=True``. Then a file's rows are deleted first; a server's tables are
dropped and built again from the server ladder inside the copy's one transaction (run by the owner), so the
audit log's append-only triggers are never switched off: the old log goes whole with its table, the new one
is only ever inserted into, and nobody else sees anything before the commit. The group roles' privileges are
given again when the server has the groups. Every table of the models is copied in
dependency order with its ids, the audit log included; values go through each field's conversion
(SQLite's 0/1 and ISO text ↔ PostgreSQL's booleans and dates). Afterwards the row count and a
checksum of every table are computed on both ends, from the values as the program reads them, and
must agree — otherwise the copy is rolled back and ``TransferError`` names the tables. PostgreSQL's
id sequences are moved past the copied ids.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from peewee import Database, PostgresqlDatabase

from ..errors import DatabaseError
from ..i18n import _
from ..models import ALL_MODELS
from ..models.base import primary_key

CHUNK = 500


class TransferError(DatabaseError):
    """The copy was refused or did not verify; the target is unchanged (message in Norwegian)."""


@dataclass(frozen=True)
class TableCheck:
    table: str
    rows: int
    checksum: str


def _canonical(value: Any) -> str:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, float):
        return repr(value)
    return repr(value)


def _columns(model) -> list:
    return list(model._meta.sorted_fields)


def _select_sql(db: Database, model) -> str:
    q = db.quote
    cols = ", ".join(q[0] + f.column_name + q[1] for f in _columns(model))
    pk = q[0] + model._meta.primary_key.column_name + q[1]
    return f"SELECT {cols} FROM {q[0]}{model._meta.table_name}{q[1]} ORDER BY {pk}"


def _rows(db: Database, model):
    fields = _columns(model)
    cursor = db.execute_sql(_select_sql(db, model))
    while True:
        batch = cursor.fetchmany(CHUNK)
        if not batch:
            return
        for raw in batch:
            yield [f.python_value(v) for f, v in zip(fields, raw, strict=True)]


def table_checks(db: Database) -> dict[str, TableCheck]:
    """Row count and SHA-256 of every model table, over the values as the program reads them (in id order)."""
    checks = {}
    for model in ALL_MODELS:
        digest = hashlib.sha256()
        count = 0
        for row in _rows(db, model):
            digest.update(("\x1e".join(_canonical(v) for v in row) + "\n").encode("utf-8"))
            count += 1
        checks[model._meta.table_name] = TableCheck(model._meta.table_name, count, digest.hexdigest())
    return checks


def _is_empty(db: Database) -> bool:
    q = db.quote
    return all(db.execute_sql(f"SELECT 1 FROM {q[0]}{m._meta.table_name}{q[1]} LIMIT 1").fetchone() is None
               for m in ALL_MODELS)


def _rebuild_server(target: PostgresqlDatabase) -> None:
    """Inside the caller's transaction: drop the program's tables (with their triggers, the search view and the
    id sequences) and build them again at the current schema, then the groups' privileges if the server has the
    groups. The append-only triggers stay in force throughout: the audit table is replaced, never opened."""
    from .postgres import GROUP_ROLES, apply_roles, upgrade
    names = [m._meta.table_name for m in ALL_MODELS] + ["schema_meta"]
    target.execute_sql("DROP TABLE IF EXISTS " + ", ".join(f'"{n}"' for n in names) + " CASCADE")
    upgrade(target)
    present = target.execute_sql("SELECT count(*) FROM pg_roles WHERE rolname = ANY(%s)",
                                 (list(GROUP_ROLES),)).fetchone()[0]
    if present == len(GROUP_ROLES):
        apply_roles(target)


def copy_database(source: Database, target: Database, *, replace: bool = False) -> dict[str, TableCheck]:
    """Copy every row of ``source`` into ``target`` (both open at the current schema) and verify it."""
    if not _is_empty(target) and not replace:
        raise TransferError(_("The target database is not empty. Nothing was copied. "
                              "Use --replace to overwrite it."))
    expected = table_checks(source)
    q = target.quote
    server = isinstance(target, PostgresqlDatabase)
    with target.atomic():
        if replace and isinstance(target, PostgresqlDatabase):
            _rebuild_server(target)
        elif replace:
            for model in reversed(ALL_MODELS):
                target.execute_sql(f"DELETE FROM {q[0]}{model._meta.table_name}{q[1]}")
        for model in ALL_MODELS:
            fields = _columns(model)
            names = ", ".join(q[0] + f.column_name + q[1] for f in fields)
            marks = ", ".join([target.param] * len(fields))
            sql = f"INSERT INTO {q[0]}{model._meta.table_name}{q[1]} ({names}) VALUES ({marks})"
            batch: list[list[Any]] = []
            cursor = target.cursor()
            for row in _rows(source, model):
                batch.append([f.db_value(v) for f, v in zip(fields, row, strict=True)])
                if len(batch) >= CHUNK:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
            if server:
                table, pk = model._meta.table_name, primary_key(model).column_name
                target.execute_sql(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{pk}'), "
                    f"COALESCE((SELECT max({q[0]}{pk}{q[1]}) FROM {q[0]}{table}{q[1]}), 0) + 1, false)")
        got = table_checks(target)
        wrong = sorted(t for t in expected if expected[t] != got[t])
        if wrong:
            raise TransferError(_("The copy did not match the original in the tables {tables}. "
                                  "Nothing was copied.").format(tables=", ".join(wrong)))
    return got
