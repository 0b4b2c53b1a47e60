"""Declared entity fields and the one way to create or update a row.

An ``Entity`` is a small table of ``FieldRule``s (name, label, parser, required, limits) bound to a
model, the permission its writes need and the noun its «not found» message uses. ``create_entity``
and ``update_entity`` are the whole skeleton of a write:

1. the permission (``access.require``);
2. unknown fields refused (a programming error, not user input: ``TypeError``);
3. every field parsed and checked, *all* problems collected into one ``ValidationError``
   (field -> Norwegian message) before the database is touched;
4. in one transaction: apply, save (a save based on an old ``row_version`` is refused as
   ``Conflict`` by ``models.versioning`` and ``base.transaction``), one audit row (sensitive values
   masked: ``base.SENSITIVE_FIELDS`` and rules marked ``sensitive``);
5. the ``Changes`` returned.

What a use case adds – a rule across fields, a lookup in other tables, a hook after the save – it
passes in as ``check`` and ``after``; that is the hand-written part of a service.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from peewee import Model

from ..context import Context
from ..i18n import N_, _
from ..models import Municipality
from .access import require
from .base import (
    MAX_LONG_TEXT,
    MAX_TEXT,
    Changes,
    Errors,
    apply_fields,
    audit,
    choice,
    entity_name,
    get_or_404,
    parse_date,
    parse_float,
    parse_int,
    save_audited,
    text,
    transaction,
)

#: A parser: ``(errors, field_name, value, *, required, label, **options) -> value`` (see ``base.text``).
Parser = Callable[..., Any]


@dataclass(frozen=True)
class Scope:
    """What a field or entity check may look at: the context (today, the database) and, on an update,
    the row as it was read (None on a create)."""

    ctx: Context | None
    row: Any = None

    @property
    def today(self) -> dt.date:
        if self.ctx is None:
            raise RuntimeError("this check needs a context (today)")
        return self.ctx.today()

    @property
    def row_id(self) -> int | None:
        return None if self.row is None else int(self.row.get_id())


#: One more rule on a parsed, non-blank value that passed its parser: ``(errors, field_name, value, scope)``.
FieldCheck = Callable[[Errors, str, Any, Scope], None]
#: A rule across fields (or against other tables), run after every field: ``(errors, clean_values, scope)``.
EntityCheck = Callable[[Errors, dict[str, Any], Scope], None]


@dataclass(frozen=True)
class FieldRule:
    """How one field of a form becomes a stored value, and what makes it wrong.

    ``label`` is the English text marked with ``N_()``; it is translated when a message is made,
    so the rule tables can be built at import time. ``blank`` is what an empty input stands for
    (None: the parser decides). ``sensitive`` masks the value in the audit log.
    """

    name: str
    label: str
    parser: Parser = text
    required: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)
    blank: Any = None
    check: FieldCheck | None = None
    sensitive: bool = False

    def parse(self, errors: Errors, value: Any, scope: Scope) -> Any:
        if self.blank is not None and not value:
            value = self.blank
        out = self.parser(errors, self.name, value, required=self.required, label=_(self.label), **self.options)
        if self.blank is not None and out is None:
            out = self.blank
        if self.check is not None and out not in (None, "") and not errors.has(self.name):
            self.check(errors, self.name, out, scope)
        return out


@dataclass(frozen=True)
class Entity:
    """The declared fields of one kind of row and what writing it needs."""

    model: type[Model]
    what: str  # N_("the housing unit"): the noun of the «could not find» message
    permission: str
    fields: tuple[FieldRule, ...]

    @property
    def table(self) -> str:
        return entity_name(self.model)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.fields)

    def rule(self, name: str) -> FieldRule:
        for r in self.fields:
            if r.name == name:
                return r
        raise KeyError(name)

    def reject_unknown(self, values: Mapping[str, Any]) -> None:
        """A programming error (not user input): a call named a field this entity does not have."""
        unknown = set(values) - set(self.names)
        if unknown:
            raise TypeError(f"unknown {self.table} fields: {sorted(unknown)}")

    def validate(self, errors: Errors, values: Mapping[str, Any], scope: Scope, *,
                 only_given: bool = False) -> dict[str, Any]:
        """Parse every field (in table order; with ``only_given`` just those in ``values``) into ``errors``.

        A field missing from ``values`` is parsed as empty, so a required one is reported.
        """
        return {r.name: r.parse(errors, values.get(r.name), scope)
                for r in self.fields if not only_given or r.name in values}

    def audited(self, pairs: Mapping[str, tuple[Any, Any]]) -> dict[str, tuple[Any, Any]]:
        """``pairs`` (field -> (old, new)) with the values of ``sensitive`` rules masked."""
        secret = {r.name for r in self.fields if r.sensitive}
        return {k: (_masked(pair[0]), _masked(pair[1])) if k in secret else pair for k, pair in pairs.items()}


def _masked(value: Any) -> Any:
    return value if value in (None, "") else "***"


def audit_created(ctx: Context, entity: Entity, row_id: int, values: Mapping[str, Any], changes: Changes) -> None:
    """The audit row of a new ``entity`` row holding ``values`` (inside ``transaction``)."""
    audit(ctx, "create", entity.table, row_id, entity.audited({k: (None, v) for k, v in values.items()}), changes)


def create_entity(
    ctx: Context,
    entity: Entity,
    values: Mapping[str, Any],
    *,
    extra: Mapping[str, Any] | None = None,
    errors: Errors | None = None,
    check: EntityCheck | None = None,
    after: Callable[[Any, Changes], None] | None = None,
) -> Changes:
    """Validate ``values`` against every rule of ``entity``, insert the row and audit it.

    ``extra`` holds values the caller resolved itself (a unit, a landlord: already checked), stored
    and audited with the rest. ``errors`` may carry problems the caller found first (they are
    reported together with the fields'). ``after(row, changes)`` runs inside the transaction.
    """
    require(ctx, entity.permission)
    entity.reject_unknown(values)
    errors = Errors() if errors is None else errors
    scope = Scope(ctx)
    clean = entity.validate(errors, values, scope)
    if check is not None:
        check(errors, clean, scope)
    errors.raise_if_any()
    stored = {**(extra or {}), **clean}
    changes = Changes()
    with transaction(ctx):
        row = entity.model.create(**stored)
        audit_created(ctx, entity, row.get_id(), stored, changes)
        if after is not None:
            after(row, changes)
    return changes


def update_entity(
    ctx: Context,
    entity: Entity,
    row_id: int | Model,
    values: Mapping[str, Any],
    *,
    validate_with: Iterable[str] = (),
    check: EntityCheck | None = None,
    after: Callable[[Any, dict[str, tuple[Any, Any]], Changes], None] | None = None,
) -> Changes:
    """Validate the fields in ``values``, apply those that really change, save and audit them.

    ``validate_with`` names fields not given whose stored values are validated too (a rule across
    fields – end not before start – needs both sides); they are not written. The save is refused
    as ``Conflict`` when someone else saved the row after the form loaded it (``row_version``).
    ``after(row, diff, changes)`` runs inside the transaction, also when nothing changed.
    ``row_id`` may be the row itself, when the caller found it by another key (a template's key).
    """
    require(ctx, entity.permission)
    row = row_id if isinstance(row_id, Model) else get_or_404(entity.model, row_id, _(entity.what))
    entity.reject_unknown(values)
    errors = Errors()
    scope = Scope(ctx, row)
    merged = {**{k: getattr(row, k) for k in validate_with}, **values}
    clean = entity.validate(errors, merged, scope, only_given=True)
    if check is not None:
        check(errors, clean, scope)
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        diff = save_entity(ctx, entity, row, {k: v for k, v in clean.items() if k in values}, changes)
        if after is not None:
            after(row, diff, changes)
    return changes


def save_entity(ctx: Context, entity: Entity, row: Any, values: Mapping[str, Any],
                changes: Changes) -> dict[str, tuple[Any, Any]]:
    """Apply ``values`` to ``row``; save and audit only what really changed (inside ``transaction``)."""
    diff = apply_fields(row, dict(values))
    if diff:
        row.save()
        audit(ctx, "update", entity.table, row.get_id(), entity.audited(diff), changes)
    return diff


def save_fields(ctx: Context, row: Any, values: Mapping[str, Any], *, entity: Entity | None = None,
                after: Callable[[Any, Changes], None] | None = None) -> Changes:
    """One checked change of a few fields of ``row`` (ending a lease, moving out): apply, save, audit what
    changed, ``after(row, changes)`` – all in one transaction. The caller has validated ``values``."""
    changes = Changes()
    with transaction(ctx):
        if entity is not None:
            save_entity(ctx, entity, row, values, changes)
        else:
            save_audited(ctx, row, dict(values), changes)
        if after is not None:
            after(row, changes)
    return changes


def delete_row(ctx: Context, row: Any, audited: Mapping[str, Any], *,
               before: Callable[[Changes], None] | None = None,
               after: Callable[[Changes], None] | None = None) -> Changes:
    """Delete ``row`` (the caller has checked it may go) with its audit row (``audited``: field -> the value
    that goes), ``before`` and ``after`` the delete, all in one transaction."""
    changes = Changes()
    with transaction(ctx):
        if before is not None:
            before(changes)
        audit(ctx, "delete", entity_name(row), row.get_id(), {k: (v, None) for k, v in audited.items()}, changes)
        row.delete_instance()
        if after is not None:
            after(changes)
    return changes


def set_active(ctx: Context, entity: Entity, row_id: int, active: bool, *,
               refuse: Callable[[Any], str | None] | None = None) -> Changes:
    """Archive (``active`` False) or reactivate a row; ``refuse(row)`` may name why archiving is not allowed."""
    from ..errors import ValidationError
    require(ctx, entity.permission)
    row = get_or_404(entity.model, row_id, _(entity.what))
    reason = refuse(row) if refuse is not None and not active else None
    if reason:
        raise ValidationError(reason)
    return save_fields(ctx, row, {"active": bool(active)}, entity=entity)


# ----- parsers and rule constructors the entity tables use -----

def flag(errors: Errors, field_name: str, value: Any, *, required: bool = False, label: str = "") -> bool:
    """A yes/no value (never an error)."""
    return bool(value)


def municipality_code(errors: Errors, field_name: str, value: Any, *, required: bool = True,
                      label: str = "") -> int | None:
    """The id of the municipality with code ``value`` (only the id: reading the whole row cost 2x the query)."""
    if not value:
        if required:
            errors.add(field_name, _("Choose a municipality (Hemsedal or Gol)."))
        return None
    db = Municipality._meta.database  # prepared SQL: peewee built this query for every household registered
    row = db.execute_sql(f'SELECT "id" FROM "municipality" WHERE "code" = {db.param} LIMIT 1',
                         (Municipality.code.db_value(value),)).fetchone()
    found = None if row is None else row[0]
    if found is None:
        errors.add(field_name, _("Unknown municipality «{code}».").format(code=value))
    return found


def text_field(name: str, label: str, *, required: bool = False, max_length: int = MAX_TEXT,
               check: FieldCheck | None = None, parser: Parser = text, sensitive: bool = False) -> FieldRule:
    return FieldRule(name, label, parser, required, {"max_length": max_length}, check=check, sensitive=sensitive)


def note_field(name: str = "notes", label: str = N_("Note"), *, max_length: int = MAX_LONG_TEXT) -> FieldRule:
    return text_field(name, label, max_length=max_length)


def date_field(name: str, label: str, *, required: bool = False, check: FieldCheck | None = None) -> FieldRule:
    return FieldRule(name, label, parse_date, required, check=check)


def int_field(name: str, label: str, *, required: bool = False, minimum: int | None = None,
              maximum: int | None = None, blank: Any = None) -> FieldRule:
    return FieldRule(name, label, parse_int, required, {"minimum": minimum, "maximum": maximum}, blank=blank)


def float_field(name: str, label: str, *, required: bool = False, minimum: float | None = None,
                maximum: float | None = None) -> FieldRule:
    return FieldRule(name, label, parse_float, required, {"minimum": minimum, "maximum": maximum})


def choice_field(name: str, label: str, options: Mapping[str, str], *, required: bool = True,
                 blank: Any = None) -> FieldRule:
    return FieldRule(name, label, choice, required, {"options": options}, blank=blank)


def flag_field(name: str, label: str = "") -> FieldRule:
    return FieldRule(name, label, flag)


def municipality_field(*, required: bool = True) -> FieldRule:
    return FieldRule("municipality", N_("Municipality"), municipality_code, required)


def end_not_before_start(errors: Errors, clean: Mapping[str, Any], message: str | None = None) -> None:
    """The common rule across a period's two dates (``start_date``, ``end_date``)."""
    start, end = clean.get("start_date"), clean.get("end_date")
    if start and end and end < start:
        errors.add("end_date", message or _("The end date cannot be before the start date."))


def end_day(errors: Errors, row: Any, value: Any, *, label: str, before_start: str,
            field_name: str = "end_date") -> dt.date | None:
    """The day a period of ``row`` ends (required), not before the row's ``start_date`` (``before_start``)."""
    day = parse_date(errors, field_name, value, required=True, label=label)
    if day and day < row.start_date:
        errors.add(field_name, before_start)
    return day


def lookup(errors: Errors, field_name: str, model: Any, row_id: Any, message: str) -> Any:
    """The row ``row_id`` of ``model`` a form picked, or None and ``message`` on ``field_name``.

    ``model`` may be a select of some columns (a server login that may read only those, issue 17)."""
    if isinstance(model, type):
        table: Any = model
        row = table.get_or_none(table._meta.primary_key == row_id)
    else:
        row = model.where(model.model._meta.primary_key == row_id).first()
    if row is None:
        errors.add(field_name, message)
    return row
