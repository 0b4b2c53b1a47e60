"""Shared machinery for services: transactions, audit log, validation, parsing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, overload

from peewee import DoesNotExist, Model

from ..context import Context
from ..errors import Conflict, NotFound, PermissionDenied, StaleRecord, ValidationError
from ..i18n import _
from ..ids import (HouseholdId, InspectionId, LandlordId, LeaseId, PersonId, PlacementId, ProgrammeId, TenancyId,
                   UnitId, UserId, WorkplaceId)
from ..models import AuditEntry
from ..models.base import BaseModel
from .rows import insert_instance as insert_instance  # re-exported: services import it from here
from .rows import insert_rows

#: Fields whose values are never written in clear text to the audit log.
SENSITIVE_FIELDS = frozenset({"national_id", "duf_number", "health_note", "case_note", "notes", "password_hash",
                              "health_limits"})


@dataclass
class Changes:
    """What a service call created, updated or deleted: entity kind → ids.

    The GUI refreshes exactly these rows instead of reloading everything.
    """

    created: dict[str, set[int]] = field(default_factory=dict)
    updated: dict[str, set[int]] = field(default_factory=dict)
    deleted: dict[str, set[int]] = field(default_factory=dict)

    def add(self, bucket: str, entity: str, entity_id: int) -> None:
        getattr(self, bucket).setdefault(entity, set()).add(int(entity_id))

    def merge(self, other: "Changes") -> "Changes":
        for bucket in ("created", "updated", "deleted"):
            for entity, ids in getattr(other, bucket).items():
                getattr(self, bucket).setdefault(entity, set()).update(ids)
        return self

    def ids(self, entity: str) -> set[int]:
        """Every id of ``entity`` touched in any way."""
        return set().union(*(getattr(self, b).get(entity, set()) for b in ("created", "updated", "deleted")))

    @overload
    def first_created(self, entity: Literal["household"]) -> HouseholdId: ...
    @overload
    def first_created(self, entity: Literal["person"]) -> PersonId: ...
    @overload
    def first_created(self, entity: Literal["housing_unit"]) -> UnitId: ...
    @overload
    def first_created(self, entity: Literal["landlord"]) -> LandlordId: ...
    @overload
    def first_created(self, entity: Literal["lease"]) -> LeaseId: ...
    @overload
    def first_created(self, entity: Literal["tenancy"]) -> TenancyId: ...
    @overload
    def first_created(self, entity: Literal["workplace"]) -> WorkplaceId: ...
    @overload
    def first_created(self, entity: Literal["placement"]) -> PlacementId: ...
    @overload
    def first_created(self, entity: Literal["inspection"]) -> InspectionId: ...
    @overload
    def first_created(self, entity: Literal["intro_programme"]) -> ProgrammeId: ...
    @overload
    def first_created(self, entity: Literal["user"]) -> UserId: ...
    @overload
    def first_created(self, entity: str) -> int: ...

    def first_created(self, entity: str) -> int:
        """The id of the first ``entity`` row this change created (typed for the main entities)."""
        return min(self.created[entity])

    def entities(self) -> set[str]:
        return set(self.created) | set(self.updated) | set(self.deleted)


@contextmanager
def transaction(ctx: Context) -> Iterator[None]:
    """One atomic unit of work; any exception rolls everything back.

    A database opened read-only because another workstation holds the write
    lock (``db.lock``) carries ``read_only_reason``: every write is refused
    here with that message, before anything is touched.
    """
    from ..db.lock import check_writer
    check_writer(ctx.db)  # a writer that lost its lock becomes read-only here, before anything is written
    reason = getattr(ctx.db, "read_only_reason", None)
    if reason:
        raise PermissionDenied(reason)
    try:
        with ctx.db.atomic():
            yield
    except StaleRecord as exc:
        raise conflict_for(exc) from exc
    except Exception as exc:
        _raise_if_server_lost(ctx, exc)
        _raise_real_cause(exc)
        raise


def _raise_if_server_lost(ctx: Context, exc: Exception) -> None:
    """Server mode: a lost connection becomes ``ServerUnavailable`` (nothing saved, "Prøv igjen"); the broken
    connection is dropped so the next call connects again."""
    if getattr(ctx.db, "server_url", None) is None:
        return
    from ..db.postgres import connection_lost, reset_connection, unavailable
    if connection_lost(ctx.db, exc):
        reset_connection(ctx.db)
        raise unavailable(ctx.db) from exc


def _who(entry: Any) -> str:
    from ..models import User
    user = User.get_or_none(User.id == entry.user_id) if entry.user_id else None
    return f"{user.full_name} ({entry.username})" if user is not None and user.full_name else entry.username


RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})  # serialization failure, deadlock detected (PostgreSQL)


def is_retryable(exc: BaseException) -> bool:
    """A server's serialization failure or deadlock: the transaction was rolled back whole, so running the same
    service call again is safe."""
    seen: BaseException | None = exc
    while seen is not None:
        if getattr(seen, "sqlstate", None) in RETRYABLE_SQLSTATES:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def retrying(call: Any, *, attempts: int = 3) -> Any:
    """Run ``call()`` (one service call = one transaction) again after a serialization failure or deadlock."""
    for attempt in range(attempts):
        try:
            return call()
        except Exception as exc:
            if attempt + 1 >= attempts or not is_retryable(exc):
                raise
    raise AssertionError("unreachable")


def conflict_for(exc: StaleRecord) -> Conflict:
    """The Norwegian refusal of a stale save, naming who changed the record last and when (audit log)."""
    last = (AuditEntry.select(AuditEntry.username, AuditEntry.user, AuditEntry.at)
            .where((AuditEntry.entity == exc.table) & (AuditEntry.entity_id == exc.row_id)
                   & (AuditEntry.action != "read"))
            .order_by(AuditEntry.id.desc()).first())
    if last is not None:
        from ..i18n import clock_time, short_date
        at = last.at if isinstance(last.at, dt.datetime) else dt.datetime.fromisoformat(str(last.at))
        message = _("Not saved: {user} changed this record on {day} at {time}, after you opened it. "
                    "Reload it to see the changes, then make yours again.").format(
            user=_who(last), day=short_date(at.date()), time=clock_time(at))
    else:
        message = _("Not saved: someone else changed this record after you opened it. "
                    "Reload it to see the changes, then make yours again.")
    return Conflict(message, table=exc.table, row_id=exc.row_id)


def _raise_real_cause(exc: Exception) -> None:
    """SQLite rolls a transaction back by itself on some errors (a full disk); peewee's own ROLLBACK then
    fails with «cannot rollback - no transaction is active», hiding the cause. Raise the cause instead,
    and a full disk as ``DiskFull`` (a Norwegian message)."""
    from ..safe_files import disk_full, is_disk_full
    cause: BaseException = exc
    if "no transaction is active" in str(exc) and exc.__context__ is not None:
        cause = exc.__context__
    if is_disk_full(cause):
        raise disk_full() from cause
    if cause is not exc:
        raise cause


def entity_name(model: type[Model] | Model) -> str:
    return model._meta.table_name


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Model):
        return value.get_id()
    if isinstance(value, Decimal):
        return str(value)
    return value


def mask(field_name: str, value: Any) -> Any:
    if field_name in SENSITIVE_FIELDS and value not in (None, ""):
        return "***"
    return _jsonable(value)


_AUDIT_FIELDS = (AuditEntry.at, AuditEntry.user, AuditEntry.username, AuditEntry.action, AuditEntry.entity,
                 AuditEntry.entity_id, AuditEntry.changes)


def audit(
    ctx: Context,
    action: str,
    entity: str,
    entity_id: int | None,
    changes: dict[str, tuple[Any, Any]] | None = None,
    changes_out: Changes | None = None,
) -> None:
    """Append an audit row (masked values) and, if given, record the change.

    Inside ``audit_batch`` the row is written with the block's other audit rows at its end.
    """
    user = ctx.user
    payload = {k: [mask(k, old), mask(k, new)] for k, (old, new) in (changes or {}).items()}
    row = (ctx.now(), getattr(user, "id", None), getattr(user, "username", "system"), action, entity, entity_id,
           json.dumps(payload, ensure_ascii=False) if payload else "")
    pending = _pending_audit.get()
    if pending is not None:
        pending.append(row)
    else:  # not AuditEntry.create: several rows per write, this is ~3x cheaper
        insert_rows(AuditEntry, _AUDIT_FIELDS, [row])
    if changes_out is not None and entity_id is not None:
        bucket = {"create": "created", "delete": "deleted"}.get(action, "updated")
        changes_out.add(bucket, entity, entity_id)


#: The audit rows of the innermost ``audit_batch`` block of this thread, not yet written.
_pending_audit: ContextVar[list[tuple[Any, ...]] | None] = ContextVar("pending_audit", default=None)


@contextmanager
def audit_batch() -> Iterator[None]:
    """Write the audit rows of the block in one statement when it ends (use inside ``transaction``).

    The same rows in the same order (and so the same ids) as one insert per ``audit`` call; only for
    a block that does not read the audit log itself. A nested block leaves the writing to the outer one.
    """
    if _pending_audit.get() is not None:
        yield
        return
    rows: list[tuple[Any, ...]] = []
    token = _pending_audit.set(rows)
    try:
        yield
    finally:
        _pending_audit.reset(token)
    insert_rows(AuditEntry, _AUDIT_FIELDS, rows)  # not reached when the block raised


def apply_fields(instance: Model, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set attributes and return {field: (old, new)} for those that really changed."""
    diff: dict[str, tuple[Any, Any]] = {}
    for name, new in values.items():
        old = instance.__data__.get(name)  # raw value: a foreign key's id, not the row
        new_cmp = new.get_id() if isinstance(new, Model) else new
        if old != new_cmp:
            diff[name] = (old, new_cmp)
            setattr(instance, name, new)
    return diff


def get_or_404(model: type[Model], record_id: int, what: str) -> Any:
    """Fetch by id or raise NotFound with a message naming ``what`` (a translated noun: ``_("the person")``)."""
    try:
        return model.get_by_id(int(record_id))
    except (DoesNotExist, TypeError, ValueError, OverflowError):  # model.DoesNotExist is one
        raise NotFound(_("Could not find {what} with id {id}.").format(what=what, id=record_id)) from None


class Errors:
    """Collects field → message and raises them together, so the user sees every
    problem of a form at once."""

    def __init__(self, prefix: str = "") -> None:
        self.errors: dict[str, str] = {}
        self.prefix = prefix

    def add(self, field_name: str, message: str) -> None:
        self.errors.setdefault(self.prefix + field_name, message)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def has(self, field_name: str) -> bool:
        """Whether ``field_name`` (under this collector's prefix) already has a message."""
        return self.prefix + field_name in self.errors

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


# ----- parsing helpers: accept typed values or the text a form field holds -----

MAX_TEXT = 200
MAX_LONG_TEXT = 20_000


def text(errors: Errors, field_name: str, value: Any, *, required: bool = False, label: str | None = None,
         max_length: int = MAX_TEXT) -> str:
    """Trimmed text; checks presence, length and control characters."""
    label = label or _("The field")
    s = "" if value is None else str(value).strip()
    if required and not s:
        errors.add(field_name, _("{label} must be filled in.").format(label=label))
    elif len(s) > max_length:
        errors.add(field_name, _("{label} can have at most {maximum} characters (has {count}).").format(
            label=label, maximum=max_length, count=len(s)))
    elif any(ord(ch) < 32 and ch not in "\n\t" for ch in s) or "\x00" in s:
        errors.add(field_name, _("{label} contains invalid characters.").format(label=label))
    return s


def parse_date(errors: Errors, field_name: str, value: Any, *, required: bool = False,
               label: str | None = None) -> dt.date | None:
    """A date from a ``date``, ISO text (2025-03-01) or Norwegian text (1.3.2025 / 01.03.2025)."""
    label = label or _("The date")
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.add(field_name, _("{label} must be filled in.").format(label=label))
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    iso = len(s) == 10 and s.isascii() and s[4] == s[7] == "-" and (s[:4] + s[5:7] + s[8:]).isdigit()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"):
        try:  # 2025-03-01 without strptime (5x dearer): the same date, or the same ValueError
            d = dt.date(int(s[:4]), int(s[5:7]), int(s[8:])) if iso and fmt == "%Y-%m-%d" else dt.datetime.strptime(
                s, fmt).date()
        except ValueError:
            continue
        if not (1900 <= d.year <= 2100):
            break
        return d
    errors.add(field_name, _("{label} must be a valid date (dd.mm.yyyy).").format(label=label))
    return None


def parse_int(errors: Errors, field_name: str, value: Any, *, required: bool = False, label: str | None = None,
              minimum: int | None = None, maximum: int | None = None) -> int | None:
    """A whole number from int or text (spaces and 'kr' allowed: '12 500 kr')."""
    label = label or _("The number")
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.add(field_name, _("{label} must be filled in.").format(label=label))
        return None
    if isinstance(value, bool):
        errors.add(field_name, _("{label} must be a whole number.").format(label=label))
        return None
    if isinstance(value, int):
        n = value
    else:
        s = str(value).replace("kr", "").replace("\u00a0", "").replace(" ", "").strip().rstrip(",-").rstrip(".")
        try:
            n = int(s)
        except ValueError:
            errors.add(field_name, _("{label} must be a whole number.").format(label=label))
            return None
    if minimum is not None and n < minimum:
        errors.add(field_name, _("{label} cannot be less than {minimum}.").format(label=label, minimum=minimum))
        return None
    if maximum is not None and n > maximum:
        errors.add(field_name, _("{label} cannot be greater than {maximum}.").format(label=label, maximum=maximum))
        return None
    return n


def parse_float(errors: Errors, field_name: str, value: Any, *, required: bool = False, label: str | None = None,
                minimum: float | None = None, maximum: float | None = None) -> float | None:
    """A decimal number from float or text with decimal comma ('18,5')."""
    label = label or _("The number")
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.add(field_name, _("{label} must be filled in.").format(label=label))
        return None
    try:
        n = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else float(
            str(value).replace(" ", "").replace(",", "."))
    except ValueError:
        errors.add(field_name, _("{label} must be a number.").format(label=label))
        return None
    if n != n or n in (float("inf"), float("-inf")):
        errors.add(field_name, _("{label} must be a number.").format(label=label))
        return None
    if minimum is not None and n < minimum:
        errors.add(field_name, _("{label} cannot be less than {minimum}.").format(label=label, minimum=f"{minimum:g}"))
        return None
    if maximum is not None and n > maximum:
        errors.add(field_name, _("{label} cannot be greater than {maximum}.").format(label=label,
                                                                                    maximum=f"{maximum:g}"))
        return None
    return n


def choice(errors: Errors, field_name: str, value: Any, options: dict[str, str], *, required: bool = True,
           label: str | None = None) -> str | None:
    """A code that must be one of ``options`` (a vocab table)."""
    label = label or _("The choice")
    if value in (None, ""):
        if required:
            errors.add(field_name, _("{label} must be chosen.").format(label=label))
        return None
    if value not in options:
        errors.add(field_name, _("{label}: invalid value «{value}».").format(label=label, value=value))
        return None
    return str(value)


# ----- the common shape of a write -----

def create_audited(ctx: Context, model: type[BaseModel], values: dict[str, Any], changes: Changes,
                   **extra: Any) -> Any:
    """Insert a row of ``model`` and audit every value (call inside ``transaction``)."""
    row = model.create(**values, **extra)
    audited = {**{k: (None, v) for k, v in extra.items()}, **{k: (None, v) for k, v in values.items()}}
    audit(ctx, "create", entity_name(model), row.id, audited, changes)
    return row


def save_audited(ctx: Context, row: Model, values: dict[str, Any], changes: Changes) -> dict[str, tuple[Any, Any]]:
    """Apply ``values`` to ``row``; save and audit only what really changed (inside ``transaction``)."""
    diff = apply_fields(row, values)
    if diff:
        row.save()
        audit(ctx, "update", entity_name(row), row.get_id(), diff, changes)
    return diff


def reject_unknown(values: dict[str, Any], allowed: Any, what: str) -> None:
    """A programming error (not user input): an update named a field the use case does not edit."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"unknown {what} fields: {sorted(unknown)}")
