"""Optimistic concurrency: every editable row carries ``row_version``; an update based on an old one is refused.

Rule (issue 17): a save names the version its data was read at. ``BaseModel.save`` on an existing
row of a versioned model runs ``UPDATE … SET …, row_version = row_version + 1 WHERE id = ? AND
row_version = ?``; when no row matches, someone else saved in between and ``StaleRecord`` is raised
(the service's transaction rolls back, so nothing is changed). Every ``Model.update()`` query on a
versioned model bumps the version too, so bulk writes also make older forms stale.

The version a save is checked against is the row's own (read inside the same transaction), unless the
caller declares what its form loaded with ``expect_versions({("person", 12): 3})`` around the service
call — that is how a form opened minutes ago (or on another workstation) is caught. Works the same on
SQLite and PostgreSQL (plain SQL, no locks held while a form is open).
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from peewee import IntegerField

from ..errors import StaleRecord

#: Tables whose rows are edited through forms or services (not the append-only audit log).
VERSIONED_TABLES = frozenset({
    "user", "municipality", "household", "person", "status_period", "intro_programme",
    "landlord", "housing_unit", "lease", "tenancy", "other_letting",
    "workplace", "placement", "placement_evaluation",
    "follow_up_template_item", "follow_up_item",
    "checklist_template_item", "inspection", "inspection_point",
    "grant_rate", "person_grant",
    "competence_mapping", "integration_plan", "plan_measure", "programme_period", "absence", "language_test",
    "printed_document",  # not "setting": system counters (login failures) rewrite it on every login
})

_expected: contextvars.ContextVar[Mapping[tuple[str, int], int] | None] = contextvars.ContextVar(
    "hemsedal_expected_versions", default=None)


@contextmanager
def expect_versions(versions: Mapping[tuple[str, int], int]) -> Iterator[None]:
    """Within this block, a save of (table, id) must find the row still at the given version."""
    token = _expected.set(dict(versions))
    try:
        yield
    finally:
        _expected.reset(token)


def expected_version(table: str, row_id: int, own: int) -> int:
    """The version a save of this row is checked against: the form's if declared, else the row's own."""
    declared = _expected.get()
    if declared:
        return int(declared.get((table, int(row_id)), own))
    return own


def add_version_fields(models: list) -> None:
    """Give each versioned model its ``row_version`` column (declared here once, not in each model)."""
    for model in models:
        if model._meta.table_name in VERSIONED_TABLES and "row_version" not in model._meta.fields:
            model._meta.add_field("row_version", IntegerField(default=1))


def is_versioned(model) -> bool:
    return "row_version" in model._meta.fields


def save_versioned(instance, only=None) -> int:
    """UPDATE an existing row of a versioned model; raise ``StaleRecord`` if its version moved on."""
    model = type(instance)
    meta = model._meta
    pk = instance.get_id()
    own = instance.__data__.get("row_version") or 1
    expected = expected_version(meta.table_name, pk, own)
    if only:
        names = [f if isinstance(f, str) else f.name for f in only]
    else:
        names = [n for n in meta.fields if n != meta.primary_key.name]
    data = {meta.fields[n]: instance.__data__.get(n) for n in names if n != "row_version" and n in instance.__data__}
    data[meta.fields["row_version"]] = expected + 1
    from .prepared import update_where_version
    rows = update_where_version(model, data, pk, expected)
    if rows == 0:
        current = model.select(meta.fields["row_version"]).where(meta.primary_key == pk).scalar()
        raise StaleRecord(meta.table_name, int(pk), expected, current)
    instance.__data__["row_version"] = expected + 1
    instance._dirty.clear()
    return rows
