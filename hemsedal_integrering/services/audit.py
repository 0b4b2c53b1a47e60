"""The audit log: read-logging, queries for the administrator, and export.

Rules
-----
* Rows are only ever inserted (``services.base.audit`` for writes,
  ``log_read`` for the opening of a person's full record). Nothing in the
  program deletes them. The one exception to "never updated" is
  ``redact_for_anonymisation``: when households are anonymised, the rows
  about their people and records keep who did what and when, but the
  values in ``changes`` are replaced by «(anonymisert)» — otherwise the log
  would undo the anonymisation. A test scans the source to keep it so.
* Retention: the log is kept as long as the database (it is the
  accountability record); anonymisation redacts it as above.
* Sensitive values are masked when written (``base.SENSITIVE_FIELDS``), so
  viewing and exporting show the stored text as is.
* Only administrators (``admin.audit``) view and export; every export is
  itself logged.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..context import Context
from ..i18n import _, pgettext
from ..models import AuditEntry
from .access import require
from .base import audit

ACTION_LABELS = {
    "create": pgettext("audit action", "Created"), "update": pgettext("audit action", "Changed"),
    "delete": pgettext("audit action", "Deleted"), "read": pgettext("audit action", "Opened"),
    "login": pgettext("audit action", "Login"), "login_failed": pgettext("audit action", "Failed login"),
    "export": pgettext("audit action", "Export"), "anonymise": pgettext("audit action", "Anonymised"),
    "back_register": pgettext("audit action", "Registered after the fact"),
    "import": pgettext("audit action", "Import"),
    "backup": pgettext("audit action", "Backup"), "restore": pgettext("audit action", "Restored"),
    "encrypt": pgettext("audit action", "Encrypted"), "replace_demo": pgettext("audit action", "Demo data replaced"),
    "rekey": pgettext("audit action", "New encryption key"),
}

ENTITY_LABELS = {
    "person": _("Person"), "household": _("Household"), "user": _("User"), "status_period": _("Status period"),
    "intro_programme": _("Introduction programme"), "housing_unit": _("Housing unit"), "landlord": _("Landlord"),
    "lease": _("Lease"), "tenancy": _("Tenancy"), "workplace": _("Workplace"), "placement": _("Practice placement"),
    "placement_evaluation": _("Evaluation"), "follow_up_item": _("Follow-up item"), "inspection": _("Inspection"),
    "inspection_point": _("Inspection point"), "municipality": _("Municipality"), "setting": _("Setting"),
    "audit_entry": _("Log"), "grant_rate": _("Grant rate"), "printed_document": _("Printout"),
    "import": _("Import"),
    "database": _("Database"),
}


REDACTED = "(anonymisert)"  # i18n: data (stored in the log in place of a removed value)


def _redacted(changes: str) -> str:
    """``changes`` with every value replaced (field names, and None for "no value", are kept)."""
    try:
        data = json.loads(changes)
    except ValueError:
        return json.dumps({"": [None, REDACTED]}, ensure_ascii=False)
    if not isinstance(data, dict):
        return json.dumps({"": [None, REDACTED]}, ensure_ascii=False)
    out = {}
    for name, pair in data.items():
        pair = pair if isinstance(pair, list) else [None, pair]
        out[name] = [None if v is None else REDACTED for v in pair]
    return json.dumps(out, ensure_ascii=False)


def server_mode(db) -> bool:  # a peewee database
    from peewee import PostgresqlDatabase
    return isinstance(db, PostgresqlDatabase)


def redact_for_anonymisation(ctx: Context, entities: dict[str, set[int]]) -> int:
    """Replace the values in the audit rows of ``entities`` (entity name → ids); return the rows changed.

    Called only by ``privacy.anonymise_households`` inside its transaction.
    Who, what, when, the entity and its id stay; only ``changes`` is redacted.
    """
    require(ctx, "admin.retention")
    changed = 0
    for entity, id_set in entities.items():
        ids = sorted(id_set)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows = (AuditEntry.select(AuditEntry.id, AuditEntry.changes)
                    .where((AuditEntry.entity == entity) & AuditEntry.entity_id.in_(chunk)
                           & (AuditEntry.changes != "")))
            for row in rows:
                new = _redacted(row.changes)
                if new != row.changes:
                    # The one sanctioned update of the log (see the module text): values only.
                    if server_mode(AuditEntry._meta.database):  # the trigger lets only this function through
                        from ..db.postgres import redact_audit_row
                        redact_audit_row(AuditEntry._meta.database, row.id, new)
                    else:
                        AuditEntry.update(changes=new).where(AuditEntry.id == row.id).execute()  # audit-redaction
                    changed += 1
    return changed


def log_read(ctx: Context, entity: str, entity_id: int, fields: list[str] | None = None) -> None:
    """Record that the acting user opened ``entity`` ``entity_id`` (its full record).

    Written even on a read-only workstation: it is an insert of its own, not
    a service write, so the second workstation's reading is accountable too.
    """
    payload = {"fields": [None, ",".join(fields)]} if fields else {}
    with ctx.db.atomic():
        AuditEntry.create(at=ctx.now(), user=getattr(ctx.user, "id", None),
                          username=getattr(ctx.user, "username", "system"), action="read", entity=entity,
                          entity_id=entity_id, changes=json.dumps(payload, ensure_ascii=False) if payload else "")


@dataclass(frozen=True)
class AuditRow:
    """One log line as the administrator sees it."""

    id: int
    at: dt.datetime
    username: str
    action: str
    entity: str
    entity_id: int | None
    changes: dict[str, list[object]]

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def entity_label(self) -> str:
        return ENTITY_LABELS.get(self.entity, self.entity)

    def changes_text(self) -> str:
        """'field: old → new; …' for display and export."""
        parts = []
        for name, pair in self.changes.items():
            old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            if name == "fields":
                parts.append(_("fields: {fields}").format(fields=str(new).replace(",", ", ")))
            elif old is None:
                parts.append(f"{name}: {'' if new is None else new}")
            else:
                parts.append(f"{name}: {old} → {'' if new is None else new}")
        return "; ".join(parts)


def _where(*, since: dt.date | None, until: dt.date | None, username: str | None, entity: str | None,
           entity_id: int | None, action: str | None):
    cond = AuditEntry.id > 0
    if since:
        cond &= AuditEntry.at >= dt.datetime.combine(since, dt.time.min)
    if until:
        cond &= AuditEntry.at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min)
    if username:
        cond &= AuditEntry.username == username.strip().lower()
    if entity:
        cond &= AuditEntry.entity == entity
    if entity_id is not None:
        cond &= AuditEntry.entity_id == int(entity_id)
    if action:
        cond &= AuditEntry.action == action
    return cond


def _row(e: AuditEntry) -> AuditRow:
    try:
        changes = json.loads(e.changes) if e.changes else {}
    except ValueError:
        changes = {"": [None, e.changes]}
    return AuditRow(e.id, e.at, e.username, e.action, e.entity, e.entity_id, changes)


def query(ctx: Context, *, since: dt.date | None = None, until: dt.date | None = None, username: str | None = None,
          entity: str | None = None, entity_id: int | None = None, action: str | None = None,
          limit: int = 500, offset: int = 0) -> list[AuditRow]:
    """Log lines matching the filters, newest first (filtering and paging in SQL)."""
    require(ctx, "admin.audit")
    q = (AuditEntry.select().where(_where(since=since, until=until, username=username, entity=entity,
                                          entity_id=entity_id, action=action))
         .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit).offset(offset))
    return [_row(e) for e in q]


def count(ctx: Context, **filters: Any) -> int:
    require(ctx, "admin.audit")
    return AuditEntry.select().where(_where(**{k: filters.get(k) for k in (
        "since", "until", "username", "entity", "entity_id", "action")})).count()


def usernames(ctx: Context) -> list[str]:
    """Every user name that occurs in the log (for the filter box)."""
    require(ctx, "admin.audit")
    return [r.username for r in AuditEntry.select(AuditEntry.username).distinct().order_by(AuditEntry.username)]


HEADER = [_("Time"), _("User"), _("Action"), _("Type"), _("Id"), _("Changes (sensitive values masked)")]


def export(ctx: Context, path: Path, **filters: Any) -> int:
    """Write the matching lines to ``path`` (.csv with ; for Excel in Norway, or .xlsx); return the count."""
    require(ctx, "admin.audit")
    path = Path(path)
    rows = [_row(e) for e in AuditEntry.select().where(_where(**{k: filters.get(k) for k in (
        "since", "until", "username", "entity", "entity_id", "action")})).order_by(AuditEntry.at, AuditEntry.id)]
    table = [[f"{r.at:%Y-%m-%d %H:%M:%S}", r.username, r.action_label, r.entity_label,
              "" if r.entity_id is None else r.entity_id, r.changes_text()] for r in rows]
    import io
    from ..safe_files import check_output_path, write_output
    check_output_path(path)
    buffer = io.BytesIO()
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook
        wb = Workbook()
        ws = wb.active
        ws.title = _("Log")
        ws.append(HEADER)
        for line in table:
            ws.append(line)
        for col, width in zip("ABCDEF", (20, 16, 20, 16, 8, 80), strict=True):
            ws.column_dimensions[col].width = width
        wb.save(buffer)
    else:
        text = io.TextIOWrapper(buffer, encoding="utf-8-sig", newline="")
        writer = csv.writer(text, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(table)
        text.flush()
        text.detach()
    write_output(path, buffer.getvalue())  # whole or nothing (a full disk leaves no half file)
    with ctx.db.atomic():
        audit(ctx, "export", "audit_entry", None, {"rows": (None, len(rows)), "file": (None, path.name)})
    return len(rows)
