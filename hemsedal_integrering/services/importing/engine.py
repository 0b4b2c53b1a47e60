"""Run an import: every row through the services, in one transaction, previewed or saved.

Contracts:

* The preview (``dry_run=True``) runs exactly the same service calls as the
  real import inside a transaction that is rolled back: what the preview
  accepts, the import saves; what it rejects carries the service's own
  Norwegian reason.
* ``mode="all"``: all or nothing — one rejected row and nothing is saved.
  ``mode="each"``: each household (for the other kinds: each row) is saved
  on its own; a rejected household leaves no trace (a savepoint rolls it
  back) and the rest are saved.
* Cancelling (``cancelled()`` answering True) stops between two groups and
  rolls everything back: nothing is ever saved halfway.
* A saved import writes one audit row (action "import": file, sheet, kind,
  mode and counts) besides the services' own rows, and remembers the column
  mapping for next time.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from ...context import Context
from ...errors import PermissionDenied, ValidationError
from ...i18n import _
from ..access import require
from ..base import Changes, Errors, audit
from ..followup_bulk import check_done_before
from .fields import KIND_PERMISSIONS, KINDS, field_specs, remember_mapping
from .households import HouseholdRows
from .other_rows import LeaseRows, PlacementRows, UnitRows
from .readers import Table
from .rows import ADDED, DUPLICATE, NEW, NOT_SAVED, REJECTED, RowData, RowOutcome, map_row



class RowHandler(Protocol):
    """How one kind of sheet is imported: rows grouped into what is saved together, then each group saved."""

    def groups(self, rows: list[RowData]) -> list[list[RowData]]: ...
    def apply(self, ctx: Context, group: list[RowData], state: dict[str, Any]) -> list[RowOutcome]: ...


HANDLERS: dict[str, Callable[[], RowHandler]] = {
    "households": HouseholdRows, "units": UnitRows, "leases": LeaseRows, "placements": PlacementRows}
MODES = ("all", "each")
#: Fields that must be mapped to a column (one of each inner tuple).
REQUIRED: dict[str, list[tuple[str, ...]]] = {
    "households": [("full_name", "last_name"), ("full_name", "first_name")],
    "units": [("address",)],
    "leases": [("address",), ("landlord", "landlord_org_nr"), ("monthly_rent",), ("start_date",)],
    "placements": [("national_id", "duf_number", "full_name", "last_name"), ("employer",), ("start_date",)],
}
#: Fields a run may give one value for, used where a row leaves them blank.
DEFAULTABLE = {"households": ("municipality", "legal_basis"), "units": ("municipality", "ownership"),
               "leases": ("municipality", "guarantee"), "placements": ("type", "sector")}


@dataclass
class ImportOptions:
    """The user's choices for one run."""

    kind: str
    mode: str = "all"
    done_before: Any = None  # households: back-register duties due before this day (None = none)
    defaults: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportResult:
    """Every row's outcome, and whether anything was saved."""

    outcomes: list[RowOutcome]
    saved: bool
    cancelled: bool = False
    changes: Changes = field(default_factory=Changes)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(o.status for o in self.outcomes)
        return {s: found.get(s, 0) for s in (NEW, ADDED, DUPLICATE, REJECTED, NOT_SAVED)}

    @property
    def rejected(self) -> list[RowOutcome]:
        return [o for o in self.outcomes if o.status == REJECTED]


def check_mapping(kind: str, mapping: dict[int, str]) -> None:
    """Refuse a mapping that lacks a column the kind cannot do without (a message naming it)."""
    specs = field_specs(kind)
    chosen = set(mapping.values())
    errors: list[str] = []
    for options in REQUIRED[kind]:
        if not chosen & set(options):
            names = " / ".join(specs[o].label for o in options)
            errors.append(_("Choose the column for {field}.").format(field=names))
    doubled = [name for name, n in Counter(v for v in mapping.values() if v).items() if n > 1]
    for name in doubled:
        errors.append(_("{field} is chosen for more than one column.").format(field=specs[name].label))
    if errors:
        raise ValidationError({"mapping": " ".join(errors)})


def prepare_rows(ctx: Context, table: Table, mapping: dict[int, str], options: ImportOptions) -> list[RowData]:
    """Map and convert every row; blank defaults filled in from the options."""
    specs = field_specs(options.kind)
    today = ctx.today()
    defaults = {k: v for k, v in options.defaults.items() if k in DEFAULTABLE[options.kind] and v not in (None, "")}
    rows = []
    for number, cells in table.rows:
        row = map_row(number, cells, mapping, specs, today=today)
        for name, value in defaults.items():
            if row.values.get(name) in (None, ""):
                row.values[name] = value
        rows.append(row)
    return rows


def run_import(ctx: Context, *, table: Table, mapping: dict[int, str], options: ImportOptions, dry_run: bool,
               progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> ImportResult:
    """Import (or with ``dry_run`` preview) ``table`` as ``options.kind``; see the module's contracts."""
    if options.kind not in KINDS:
        raise ValueError(f"unknown import kind {options.kind!r}")
    require(ctx, KIND_PERMISSIONS[options.kind])
    errors = Errors()
    if options.mode not in MODES:
        raise ValueError(f"unknown import mode {options.mode!r}")
    done_before = check_done_before(errors, options.done_before, today=ctx.today()) \
        if options.kind == "households" else None
    errors.raise_if_any()
    check_mapping(options.kind, mapping)
    reason = getattr(ctx.db, "read_only_reason", None)
    if reason:
        raise PermissionDenied(reason)
    handler = HANDLERS[options.kind]()
    groups = handler.groups(prepare_rows(ctx, table, mapping, options))
    total = sum(len(g) for g in groups)
    state: dict[str, Any] = {"done_before": done_before,
                             "columns": {name: table.headers[i] for i, name in mapping.items() if name}}
    outcomes: list[RowOutcome] = []
    stopped = False
    changes = Changes()
    with ctx.db.atomic() as run:
        done = 0
        for group in groups:
            if cancelled is not None and cancelled():
                stopped = True
                break
            state["changes"] = Changes()
            with ctx.db.atomic() as savepoint:
                result = handler.apply(ctx, group, state)
                bad = [o for o in result if o.status == REJECTED]
                if bad:
                    savepoint.rollback()
                    rows = ", ".join(str(o.number) for o in bad)
                    for o in result:
                        if o.status in (NEW, ADDED):
                            o.status = NOT_SAVED
                            o.message = _("Not saved: row {rows} in the same household was rejected.").format(
                                rows=rows)
                else:
                    changes.merge(state["changes"])
            outcomes.extend(result)
            done += len(group)
            if progress is not None:
                progress(done, total)
        failed = any(o.status == REJECTED for o in outcomes)
        keep = not dry_run and not stopped and not (options.mode == "all" and failed)
        if not keep:
            run.rollback()
            changes = Changes()
            if not dry_run and not stopped:
                for o in outcomes:
                    if o.status in (NEW, ADDED):
                        o.status = NOT_SAVED
                        o.message = _("Not saved: the import is all or nothing, and rows were rejected.")
        else:
            remember_mapping(ctx, options.kind, table.headers, mapping, changes)
            counts = Counter(o.status for o in outcomes)
            audit(ctx, "import", "import", None, {
                "file": (None, table.source), "sheet": (None, table.sheet), "kind": (None, options.kind),
                "mode": (None, options.mode), "rows": (None, len(outcomes)), "new": (None, counts[NEW]),
                "added": (None, counts[ADDED]), "already_registered": (None, counts[DUPLICATE]),
                "rejected": (None, counts[REJECTED]),
                "done_before": (None, done_before.isoformat() if isinstance(done_before, dt.date) else None)})
    return ImportResult(outcomes=sorted(outcomes, key=lambda o: o.number), saved=keep, cancelled=stopped,
                        changes=changes)
