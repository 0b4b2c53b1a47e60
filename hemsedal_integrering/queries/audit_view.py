"""The audit log as a case history: Norwegian field labels, "gammel → ny", names instead of ids.

Presentation only: ``services.audit`` stores and exports the log unchanged;
this module turns its rows into what an administrator reads in the log
dialog. Rules:

* A field's label comes from ``FIELD_LABELS`` (the raw name when unknown,
  with underscores as spaces).
* Values: ISO dates read dd.mm.åååå, times «kl. tt:mm», True/False «Ja/Nei»,
  codes their Norwegian label (status, legal basis, role …), nothing «–».
* Sensitive fields (identity numbers, health and case notes, notes, password)
  always read «(skjult)», whatever the row holds — the service masks them when
  writing already; this keeps older or hand-made rows safe too.
* An id that points at a record (the line's own entity, or a field such as
  ``unit``/``household``/``done_by``) is shown by name when the viewer may see
  that kind of record (``persons.read`` for persons and households, …); else
  as «#id». Names are looked up in one query per kind for a page of lines.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from .. import vocab
from ..context import Context
from ..i18n import _, pgettext
from ..services import audit
from ..services.access import can

MASKED = {"national_id", "duf_number", "health_note", "case_note", "notes", "password_hash", "health_limits",
          "search_text"}

FIELD_LABELS: dict[str, str] = {
    "first_name": _("First name"), "last_name": _("Last name"), "full_name": _("Name"), "name": _("Name"),
    "role": _("Role"), "birth_date": _("Date of birth"), "national_id": _("National identity number"),
    "duf_number": _("DUF number"), "gender": _("Gender"), "country": _("Country of origin"),
    "languages": _("Languages"), "interpreter_language": _("Interpreter language"),
    "legal_basis": _("Legal basis"), "arrival_date": _("Arrival date"), "settlement_date": _("Settlement date"),
    "moved_out_date": _("Moved away"), "moved_to": _("Moved to"), "move_reason": _("Reason for moving"),
    "health_note": _("Health note"), "case_note": _("Case note"), "notes": _("Notes"), "note": _("Note"),
    "phone": _("Phone"), "email": _("Email"), "contact_phone": _("Contact phone"), "contact_email": _("Contact e-mail"),
    "contact_name": _("Contact person"), "case_reference": _("Case reference"), "address_note": _("Address note"),
    "municipality": _("Municipality"), "household": _("Household"), "person": _("Person"), "unit": _("Housing unit"),
    "landlord": _("Landlord"), "address": _("Address"), "postal_code": _("Postal code"), "place": _("Place"),
    "ownership": _("Ownership"), "bedrooms": _("Bedrooms"), "capacity": _("Capacity"), "size_m2": _("Size (m²)"),
    "heating": _("Heating"), "has_wood_stove": _("Wood stove"), "has_garden": _("Garden"),
    "snow_clearing_by": _("Snow clearing"), "lawn_mowing_by": _("Lawn mowing"), "active": _("In use"),
    "monthly_rent": _("Monthly rent"), "deposit": _("Deposit"), "guarantee": _("Security"),
    "start_date": _("From"), "end_date": _("To"), "terminated_date": _("Terminated as of"),
    "notice_months": _("Notice period (months)"), "rent_adjustment_date": _("Rent adjustment"),
    "tenant_group": _("Let to"), "title": _("Title"), "responsible": _("Responsible"), "due_date": _("Deadline"),
    "original_due_date": _("Original deadline"), "status": _("Status"), "done_date": _("Date done"),
    "done_by": _("Done by"), "assigned_to": _("Case officer"), "reason": _("Justification"),
    "source": _("Source"), "follow_up_year": _("Follow-up year"), "planned_at": _("Time of the inspection"),
    "notice_sent_date": _("Tenant notified"), "short_notice": _("Short notice confirmed"),
    "performed_date": _("Date of the inspection"), "inspector": _("Inspector"), "season": _("Season"),
    "remarks": _("Remarks"), "remark": _("Remark"), "result": _("Result"), "unplanned": _("Unplanned visit"),
    "employer": _("Employer"), "department": _("Department"), "sector": _("Sector"),
    "is_municipal": _("Municipal workplace"), "workplace": _("Workplace"), "type": _("Type"),
    "supervisor_name": _("Supervisor"), "supervisor_phone": _("Supervisor's phone"),
    "hours_per_week": _("Hours per week"), "nav_measure": _("Nav measure"), "outcome": _("Outcome"),
    "ended": _("Ended"), "placement": _("Practice placement"), "rating": _("Rating"), "evaluator": _("Evaluator"),
    "planned_end_date": _("Planned end"), "actual_end_date": _("Actual end"), "end_reason": _("End reason"),
    "username": _("User name"), "password_hash": _("Password"), "read_only": _("Read only"),
    "key": _("Key"), "category": _("Category"), "text": _("Text"), "years": _("Years"), "sort_order": _("Order"),
    "amount": _("Amount"), "year": _("Year"), "grant_year": _("Grant year"), "kind": _("Kind"),
    "rows": _("Rows"), "file": _("File"), "date": _("Date"), "day": _("Day"), "tenancy": _("Tenancy"),
    "unaccompanied_minor": _("Unaccompanied minor"), "born_in_norway": _("Born in Norway"),
    "description": _("Description"), "applies_to": _("Applies to"), "value": _("Value"), "entity": _("Type"),
    "entity_id": _("Id"), "output": _("Output"), "recipient": _("Recipient"), "printed": _("Printed"),
}

#: Fields whose value is the id of a record of this kind.
REFERENCES = {"unit": "housing_unit", "household": "household", "person": "person", "landlord": "landlord",
              "inspector": "user", "assigned_to": "user", "done_by": "user", "user": "user",
              "municipality": "municipality", "workplace": "workplace", "placement": "placement",
              "tenancy": "tenancy", "inspection": "inspection", "programme": "intro_programme"}

#: What the viewer needs to see a record's name.
NAME_PERMISSIONS = {"person": "persons.read", "household": "persons.read", "status_period": "persons.read",
                    "intro_programme": "persons.read", "placement": "placements.read",
                    "placement_evaluation": "placements.read", "follow_up_item": "followup.read"}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?")


@functools.lru_cache(maxsize=64)
def _code_tables(entity: str) -> dict[str, dict[str, str]]:
    from ..rules import checklist, followup
    status = {"follow_up_item": followup.STATUSES, "inspection": checklist.INSPECTION_STATUSES,
              "status_period": vocab.STATUSES}.get(entity, {})
    role = vocab.USER_ROLES if entity == "user" else vocab.ROLES_IN_HOUSEHOLD
    return {"status": status, "role": role, "legal_basis": vocab.LEGAL_BASES, "gender": vocab.GENDERS,
            "ownership": vocab.OWNERSHIP, "responsible": followup.RESPONSIBLE, "tenant_group": vocab.TENANT_GROUPS,
            "season": checklist.SEASONS, "result": checklist.RESULTS, "move_reason": vocab.MOVE_REASONS,
            "source": followup.SOURCES, "heating": getattr(vocab, "HEATING", {}),
            "guarantee": getattr(vocab, "GUARANTEES", {}), "snow_clearing_by": getattr(vocab, "DUTY_BY", {}),
            "lawn_mowing_by": getattr(vocab, "DUTY_BY", {}), "type": getattr(vocab, "PLACEMENT_TYPES", {})}


#: Kinds of record the log names that ``services.audit.ENTITY_LABELS`` has no label for.
EXTRA_ENTITY_LABELS = {"other_letting": _("Let to others"), "checklist_template_item": _("Checklist point"),
                       "follow_up_template_item": pgettext("audit type", "Follow-up template item"),
                       "competence_mapping": _("Competence mapping"), "integration_plan": _("Integration plan"),
                       "absence": _("Absence")}


def entity_label(code: str) -> str:
    return str(audit.ENTITY_LABELS.get(code) or EXTRA_ENTITY_LABELS.get(code) or code.replace("_", " ").capitalize())


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name) or name.replace("_", " ").capitalize()


@dataclass
class FieldChange:
    label: str
    old: str | None  # None: the line has no old value (created, opened)
    new: str

    def text(self) -> str:
        if self.old is None:
            return f"{self.label}: {self.new}"
        return f"{self.label}: {self.old} → {self.new}"


@dataclass
class AuditLine:
    """One log line as the administrator reads it."""

    id: int
    at: dt.datetime
    user: str
    action: str
    entity: str  # label
    subject: str  # the record's name, or #id
    changes: list[FieldChange] = field(default_factory=list)
    kind: str = ""  # the stored entity code ("person", "inspection" …)
    action_code: str = ""  # the stored action ("create", "update" …)

    def changes_text(self) -> str:
        return "; ".join(c.text() for c in self.changes)


class _Names:
    """Names of records by (kind, id), looked up per kind in one query, respecting what the viewer may see."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.wanted: dict[str, set[int]] = {}
        self.found: dict[tuple[str, int], str] = {}

    def want(self, kind: str, value: Any) -> None:
        if isinstance(value, int) and not isinstance(value, bool):
            self.wanted.setdefault(kind, set()).add(value)

    def may_see(self, kind: str) -> bool:
        needed = NAME_PERMISSIONS.get(kind)
        return needed is None or can(self.ctx, needed)

    def load(self) -> None:
        for kind, ids in self.wanted.items():
            if not ids or not self.may_see(kind):
                continue
            for rid, name in _lookup(kind, sorted(ids)).items():
                self.found[(kind, rid)] = name

    def name(self, kind: str, rid: Any) -> str:
        if rid is None:
            return ""
        return self.found.get((kind, rid)) or f"#{rid}"


def _lookup(kind: str, ids: list[int]) -> dict[int, str]:
    from .. import models as m
    out: dict[int, str] = {}
    if kind == "person":
        for p in m.Person.select(m.Person.id, m.Person.first_name, m.Person.last_name).where(m.Person.id.in_(ids)):
            out[p.id] = f"{p.first_name} {p.last_name}".strip()
    elif kind == "household":
        out = {h.id: h.name for h in m.Household.select(m.Household.id, m.Household.name)
               .where(m.Household.id.in_(ids))}
    elif kind == "user":
        out = {u.id: f"{u.full_name} ({u.username})" for u in m.User.select().where(m.User.id.in_(ids))}
    elif kind == "housing_unit":
        out = {u.id: u.address for u in m.HousingUnit.select(m.HousingUnit.id, m.HousingUnit.address)
               .where(m.HousingUnit.id.in_(ids))}
    elif kind == "landlord":
        out = {x.id: x.name for x in m.Landlord.select().where(m.Landlord.id.in_(ids))}
    elif kind == "municipality":
        out = {x.id: vocab.short_municipality(x.name)
               for x in m.Municipality.select().where(m.Municipality.id.in_(ids))}
    elif kind == "workplace":
        out = {x.id: " – ".join(p for p in (x.employer, x.department) if p)
               for x in m.Workplace.select().where(m.Workplace.id.in_(ids))}
    elif kind in ("tenancy", "lease", "other_letting"):
        model: Any = {"tenancy": m.Tenancy, "lease": m.Lease, "other_letting": m.OtherLetting}[kind]
        q = model.select(model.id, m.HousingUnit.address).join(m.HousingUnit, on=(model.unit == m.HousingUnit.id))
        if kind == "tenancy":
            q = q.select_extend(m.Household.name).join(m.Household, on=(m.Tenancy.household == m.Household.id))
        for row in q.where(model.id.in_(ids)).dicts():
            out[row["id"]] = f"{row['name']}, {row['address']}" if kind == "tenancy" else row["address"]
    elif kind == "inspection":
        visits = (m.Inspection.select(m.Inspection.id, m.Inspection.performed_date, m.Inspection.planned_at,
                                      m.HousingUnit.address)
                  .join(m.Tenancy, on=(m.Inspection.tenancy == m.Tenancy.id))
                  .join(m.HousingUnit, on=(m.Tenancy.unit == m.HousingUnit.id)).where(m.Inspection.id.in_(ids)))
        for row in visits.dicts():
            day = row["performed_date"] or row["planned_at"]
            out[row["id"]] = f"{row['address']} {_value(day.isoformat()[:10] if day else None)}".strip()
    elif kind == "follow_up_item":
        tasks = (m.FollowUpItem.select(m.FollowUpItem.id, m.FollowUpItem.title, m.Household.name)
                 .join(m.Household, on=(m.FollowUpItem.household == m.Household.id))
                 .where(m.FollowUpItem.id.in_(ids)))
        out = {row["id"]: f"{row['title']} ({row['name']})" for row in tasks.dicts()}
    elif kind in ("status_period", "intro_programme", "placement"):
        model = {"status_period": m.StatusPeriod, "intro_programme": m.IntroProgramme,
                 "placement": m.Placement}[kind]
        q = (model.select(model.id, m.Person.first_name, m.Person.last_name)
             .join(m.Person, on=(model.person == m.Person.id)))
        if kind == "placement":
            q = q.select_extend(m.Workplace.employer).join(m.Workplace, on=(m.Placement.workplace == m.Workplace.id))
        for row in q.where(model.id.in_(ids)).dicts():
            name = f"{row['first_name']} {row['last_name']}".strip()
            out[row["id"]] = f"{name} – {row['employer']}" if kind == "placement" else name
    elif kind == "checklist_template_item":
        out = {x.id: x.text for x in m.ChecklistTemplateItem.select().where(m.ChecklistTemplateItem.id.in_(ids))}
    elif kind == "follow_up_template_item":
        out = {x.id: x.title for x in m.FollowUpTemplateItem.select().where(m.FollowUpTemplateItem.id.in_(ids))}
    return out


def _value(value: Any, *, name: str = "", entity: str = "", names: _Names | None = None) -> str:
    """A stored value as the user reads it."""
    if name in MASKED and value not in (None, ""):
        return _("(hidden)")
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if name in REFERENCES and names is not None:
        return names.name(REFERENCES[name], value)
    if isinstance(value, str):
        if _DATE.match(value):
            return f"{value[8:10]}.{value[5:7]}.{value[0:4]}"
        if _DATETIME.match(value):
            return _("{date} at {time}").format(date=f"{value[8:10]}.{value[5:7]}.{value[0:4]}", time=value[11:16])
        table = _code_tables(entity).get(name)
        if table and value in table:
            return str(table[value])
        if value == "***":
            return _("(hidden)")
    return str(value)


def present(ctx: Context, rows: list[audit.AuditRow]) -> list[AuditLine]:
    """``services.audit`` rows as lines to read (names looked up for the whole page at once)."""
    names = _Names(ctx)
    for r in rows:
        names.want(r.entity, r.entity_id)
        for fname, pair in r.changes.items():
            if fname in REFERENCES and isinstance(pair, list):
                for v in pair:
                    names.want(REFERENCES[fname], v)
    names.load()
    usernames = {r.username for r in rows}
    from ..models import User
    full = {u.username: u.full_name for u in User.select(User.username, User.full_name)
            .where(User.username.in_(list(usernames)))} if usernames else {}
    out = []
    for r in rows:
        changes: list[FieldChange] = []
        for fname, pair in r.changes.items():
            old, new = (list(pair) + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            if fname == "fields":  # an opened record: which fields were shown
                shown = [field_label(f) for f in str(new or "").split(",") if f and f not in ("id", "household_id")]
                changes.append(FieldChange(_("Fields shown"), None, ", ".join(shown)))
                continue
            label = field_label(fname) if fname else _("Value")
            new_text = _value(new, name=fname, entity=r.entity, names=names)
            if r.action == "update" or old is not None:
                changes.append(FieldChange(label, _value(old, name=fname, entity=r.entity, names=names), new_text))
            else:
                changes.append(FieldChange(label, None, new_text))
        who = full.get(r.username)
        out.append(AuditLine(
            id=r.id, at=r.at, user=f"{who} ({r.username})" if who else r.username, action=r.action_label,
            entity=entity_label(r.entity), subject="" if r.entity_id is None else names.name(r.entity, r.entity_id),
            changes=changes, kind=r.entity, action_code=r.action))
    return out


def entity_choices() -> list[tuple[str, str]]:
    """(code, label) of every kind of record the log names, by label (the dialog's type filter)."""
    labels = {**EXTRA_ENTITY_LABELS, **audit.ENTITY_LABELS}
    return sorted(((code, str(label)) for code, label in labels.items()), key=lambda x: x[1].lower())
