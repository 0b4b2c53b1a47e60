"""Retention (who is due for anonymisation, preview, anonymise) and the GDPR art. 15 export.

Retention rule
--------------
A household is *due* when, for every member, the five-year follow-up has
ended (``rules.dates.follow_up_end`` of the member's own settlement date)
and the retention period (Setting ``retention_years``, default 5, set by an
administrator) has passed since then. Households without a settlement date
are never due. Already anonymised households are not listed again.

Anonymisation removes identities and free text and keeps what the reports
need: settlement date, municipality, legal basis, country, role, birth year,
gender, languages, status history (codes and dates), programmes, placements
(type, dates, outcome), tenancies (unit, dates) and moving-away data. It runs
in one transaction and writes one audit row per household listing the
fields cleared (values never logged).

Anonymisation removes the identity everywhere the program keeps it:
* the audit rows of every anonymised record (the household, its people and
  every row that hangs on them) are redacted in the same transaction: who
  did what and when stays, the values are replaced (``audit.redact_for_anonymisation``);
* the connection runs with ``PRAGMA secure_delete`` and the file is rebuilt
  with ``VACUUM`` and its WAL truncated afterwards, so the old values do not
  linger in free pages or the write-ahead log;
* backups expire (``db.rotation``: automatic ones by the 7/4/12 rotation and at
  most ``MAX_AGE_DAYS``, manual and pre-migration ones after
  ``KEEP_OTHER_DAYS``). The preview says until when the backups that exist
  now still hold the data.
The audit log itself is kept as long as the database (the accountability
record); sensitive values are masked in it from the start.

Access request (art. 15): ``export_person`` returns all stored data about
one person as a JSON-ready dict, including who has read or changed the
record. The printable household summary (PDF) comes from ``documents/``
(printing issue); this module supplies the machine-readable part.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from peewee import Model

from ..context import Context
from ..i18n import N_, _, ngettext, short_date
from ..models import (
    AuditEntry, FollowUpItem, Household, Inspection, InspectionPoint, IntroProgramme, Person, Placement,
    PlacementEvaluation, PrintedDocument, Setting, StatusPeriod, Tenancy,
)
from ..rules.dates import add_years, follow_up_end
from . import intro_privacy
from .access import require
from .base import Changes, Errors, audit, get_or_404, parse_int, text, transaction

DEFAULT_RETENTION_YEARS = 5
ANON_PREFIX = "Anonymisert"  # i18n: data (stored in names; marks anonymised households)


# ----- settings -----

def _setting(key: str, default: str = "") -> str:
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row is not None and row.value != "" else default


def retention_years() -> int:
    return int(_setting("retention_years", str(DEFAULT_RETENTION_YEARS)))


def set_retention_years(ctx: Context, *, years: Any) -> Changes:
    """The administrator's retention period after follow-up ends (0–30 years)."""
    require(ctx, "admin.retention")
    errors = Errors()
    n = parse_int(errors, "years", years, required=True, label=_("Retention period (years)"), minimum=0, maximum=30)
    errors.raise_if_any()
    return _save_setting(ctx, "retention_years", str(n))


def backup_folder() -> str:
    """The folder the administrator chose for backups ('' = beside the database)."""
    return _setting("backup_folder", "")


def set_backup_folder(ctx: Context, *, folder: str) -> Changes:
    require(ctx, "admin.backup")
    errors = Errors()
    value = text(errors, "folder", folder, label=_("Folder"), max_length=1000)
    errors.raise_if_any()
    changes = _save_setting(ctx, "backup_folder", value)
    key_file = getattr(ctx.db, "key_file", None)
    if key_file is not None:  # so a damaged encrypted database still finds its backups
        from ..db.crypto import KeyFile
        with KeyFile.locked(key_file) as keys:
            keys.backup_folder = value
    return changes


def _save_setting(ctx: Context, key: str, value: str) -> Changes:
    changes = Changes()
    with transaction(ctx):
        row, created = Setting.get_or_create(key=key, defaults={"value": value})
        old = None if created else row.value
        if not created and row.value != value:
            row.value = value
            row.save()
        if created or old != value:
            audit(ctx, "create" if created else "update", "setting", row.id, {key: (old, value)}, changes)
    return changes


# ----- who is due -----

@dataclass(frozen=True)
class RetentionCandidate:
    """A household whose retention period has passed (what the administrator sees)."""

    household_id: int
    name: str
    settlement_date: dt.date
    members: int
    follow_up_ended: dt.date
    due_since: dt.date


def _is_anonymised(h: Household) -> bool:
    return h.name.startswith(ANON_PREFIX)


def due_for_anonymisation(ctx: Context) -> list[RetentionCandidate]:
    """Households due for anonymisation on ``ctx.today()``, longest overdue first."""
    require(ctx, "admin.retention")
    years = retention_years()
    today = ctx.today()
    # Cheap SQL prefilter: settled more than 5 + years ago; members' own arrival checked below.
    limit = dt.date(today.year - 5 - years, today.month, min(today.day, 28))
    out: list[RetentionCandidate] = []
    query = (Household.select().where(Household.settlement_date.is_null(False)
                                      & (Household.settlement_date <= limit)
                                      & ~Household.name.startswith(ANON_PREFIX))
             .order_by(Household.settlement_date))
    for h in query:
        settled = h.settlement_date
        if settled is None:  # (the query asks for a settlement date)
            continue
        members = list(Person.select().where(Person.household == h))
        starts = [m.arrival_date or settled for m in members] or [settled]
        ended = max(follow_up_end(s) for s in starts)
        due = add_years(ended, years) + dt.timedelta(days=1)
        if due <= today:
            out.append(RetentionCandidate(h.id, h.name, settled, len(members), ended, due))
    return sorted(out, key=lambda c: c.due_since)


# ----- what anonymisation does -----

#: (model, field, replacement) for free text and identities; the household/person filters are below.
_PERSON_CLEAR = {"first_name": None, "last_name": None, "national_id": None, "duf_number": None,
                 "phone": "", "email": "", "health_note": "", "case_note": "", "birth_date": None}
_HOUSEHOLD_CLEAR = {"name": None, "case_reference": "", "contact_phone": "", "address_note": "", "notes": ""}


@dataclass(frozen=True)
class AnonymisationPreview:
    """What anonymising one household will remove (no values shown)."""

    household_id: int
    name: str
    persons: list[str]
    cleared: dict[str, int]  # "Table.field" -> number of non-empty values that will be removed
    backups_until: dt.date | None = None  # the last day an existing backup still holds the data

    def lines(self) -> list[str]:
        n_persons = len(self.persons)
        out = [ngettext("{household} ({n} person: {names})", "{household} ({n} persons: {names})", n_persons)
               .format(household=self.name, n=n_persons, names=", ".join(self.persons))]
        out += ["  " + ngettext("{field}: {n} value will be removed", "{field}: {n} values will be removed", n)
                .format(field=_(FIELD_LABELS[k]) if k in FIELD_LABELS else k, n=n)
                for k, n in sorted(self.cleared.items()) if n]
        if self.backups_until is not None:
            out.append("  " + _("Backups taken before now still hold these data until {date}; they are then "
                                "deleted automatically.").format(date=short_date(self.backups_until)))
        return out


#: What the administrator reads in the preview instead of table.field names. The keys are the
#: codes written to the audit log (data); the labels are translated where they are shown.
FIELD_LABELS = {
    "Husstand.name": N_("Household: name"),  # i18n: data (key)
    "Husstand.case_reference": N_("Household: case number"),  # i18n: data (key)
    "Husstand.contact_phone": N_("Household: phone"),  # i18n: data (key)
    "Husstand.address_note": N_("Household: address note"),  # i18n: data (key)
    "Husstand.notes": N_("Household: case notes"),  # i18n: data (key)
    "Person.first_name": N_("Person: first name"),
    "Person.last_name": N_("Person: last name"),
    "Person.national_id": N_("Person: national identity number/D number"),
    "Person.duf_number": N_("Person: DUF number"),
    "Person.phone": N_("Person: phone"),
    "Person.email": N_("Person: email"),
    "Person.health_note": N_("Person: health note"),
    "Person.case_note": N_("Person: case note"),
    "Person.birth_date (året beholdes)": N_("Person: date of birth (the year is kept)"),  # i18n: data (key)
    "Statusperiode.merknad": N_("Status period: note"),  # i18n: data (key)
    "Praksis.merknad": N_("Practice placement: note"),  # i18n: data (key)
    "Evaluering.tekst": N_("Placement evaluation: text"),
    "Oppfølging.merknad": N_("Follow-up item: note and reason"),  # i18n: data (key)
    "Leieforhold.merknad": N_("Tenancy: note"),  # i18n: data (key)
    "Tilsyn.merknad": N_("Inspection: remarks"),  # i18n: data (key)
    "Tilsynspunkt.merknad": N_("Inspection point: note"),  # i18n: data (key)
    "Utskrift.mottaker": N_("Printout: recipient, title and edited letter text"),
    "Kartlegging.fritekst": N_("Competence mapping: free text"),  # i18n: data (key)
    "Planrevisjon.begrunnelse": N_("Plan revision: reason"),  # i18n: data (key)
    "Programperiode.begrunnelse": N_("Programme period: reason"),  # i18n: data (key)
    "Fravær.merknad": N_("Absence: note"),  # i18n: data (key)
    "Tilskudd.merknad": N_("Grant: note"),  # i18n: data (key)
}


def _free_text_targets(h: Household) -> list[tuple[str, type[Model], Any, dict[str, Any]]]:
    """Free-text fields tied to the household's people: (label, model, where, new values)."""
    from ..models import Absence, CompetenceMapping, IntegrationPlan, PersonGrant, PlanRevision, ProgrammePeriod
    persons = Person.select(Person.id).where(Person.household == h)
    placements = Placement.select(Placement.id).where(Placement.person.in_(persons))
    programmes = IntroProgramme.select(IntroProgramme.id).where(IntroProgramme.person.in_(persons))
    plans = IntegrationPlan.select(IntegrationPlan.id).where(IntegrationPlan.programme.in_(programmes))
    tenancies = Tenancy.select(Tenancy.id).where(Tenancy.household == h)
    inspections = Inspection.select(Inspection.id).where(Inspection.tenancy.in_(tenancies))
    # The first items are codes written to the audit log (the FIELD_LABELS keys), not texts.
    return [
        ("Statusperiode.merknad", StatusPeriod, StatusPeriod.person.in_(persons), {"note": ""}),  # i18n: data
        ("Praksis.merknad", Placement, Placement.person.in_(persons), {"notes": ""}),  # i18n: data
        ("Evaluering.tekst", PlacementEvaluation, PlacementEvaluation.placement.in_(placements), {"text": ""}),
        ("Oppfølging.merknad", FollowUpItem, FollowUpItem.household == h, {"note": "", "reason": ""}),  # i18n: data
        ("Leieforhold.merknad", Tenancy, Tenancy.household == h, {"notes": ""}),  # i18n: data
        ("Tilsyn.merknad", Inspection, Inspection.tenancy.in_(tenancies), {"remarks": ""}),  # i18n: data
        ("Tilsynspunkt.merknad", InspectionPoint,  # i18n: data
         InspectionPoint.inspection.in_(inspections), {"remark": ""}),
        ("Utskrift.mottaker", PrintedDocument, (PrintedDocument.household == h)
         | PrintedDocument.person.in_(persons),
         {"recipient": "", "title": "(anonymisert)", "edited_body": ""}),  # i18n: data
        ("Kartlegging.fritekst", CompetenceMapping, CompetenceMapping.person.in_(persons),  # i18n: data
         {"education_documents": "", "work_experience": "", "health_limits": "", "goals": ""}),
        ("Planrevisjon.begrunnelse", PlanRevision, PlanRevision.plan.in_(plans), {"reason": ""}),  # i18n: data
        ("Programperiode.begrunnelse", ProgrammePeriod,  # i18n: data
         ProgrammePeriod.programme.in_(programmes), {"reason": ""}),
        ("Fravær.merknad", Absence, Absence.programme.in_(programmes), {"note": ""}),  # i18n: data
        ("Tilskudd.merknad", PersonGrant, PersonGrant.person.in_(persons), {"note": ""}),  # i18n: data
    ]


#: Free text of records that hang on a household that is not about the person (template texts) or is
#: kept for statistics (codes): the anonymisation leaves these, and a test checks that every other text
#: column of such a record is cleared by ``_free_text_targets`` (new tables must be added there).
NOT_PERSONAL_TEXT = {"inspection_point.text", "competence_mapping.languages", "follow_up_item.title",
                     "placement.supervisor_name", "placement.supervisor_phone"}


def preview_anonymisation(ctx: Context, *, household_ids: list[int]) -> list[AnonymisationPreview]:
    """Per household: member names and how many stored values of each kind will be removed."""
    require(ctx, "admin.retention")
    out = []
    for hid in household_ids:
        h = get_or_404(Household, hid, _("the household"))
        members = list(Person.select().where(Person.household == h))
        cleared: dict[str, int] = {}
        for f in _HOUSEHOLD_CLEAR:
            cleared[f"Husstand.{f}"] = int(bool(getattr(h, f)))  # i18n: data
        for f in _PERSON_CLEAR:
            label = "Person.birth_date (året beholdes)" if f == "birth_date" else f"Person.{f}"  # i18n: data
            cleared[label] = sum(1 for m in members if getattr(m, f) not in (None, ""))
        for label, model, where, values in _free_text_targets(h):
            cond = where & (getattr(model, next(iter(values))) != "")
            cleared[label] = model.select().where(cond).count()
        out.append(AnonymisationPreview(h.id, h.name, [m.full_name for m in members], cleared,
                                        backups_hold_data_until(ctx)))
    return out


def backups_hold_data_until(ctx: Context) -> dt.date | None:
    """The last day on which a backup existing now (in the backup folder or beside the file) is kept."""
    from ..db import rotation
    from .auth import backup_dir_for
    database = str(getattr(ctx.db, "database", ""))
    if not database or database == ":memory:":
        return None
    from pathlib import Path
    path = Path(database)
    return rotation.held_until(path, backup_dir_for(path, backup_folder()))


def _related_ids(household: Household) -> dict[str, set[int]]:
    """Every record that hangs on the household or its people (following foreign keys), by table name."""
    from ..models import ALL_MODELS
    members = Person.select(Person.id).where(Person.household == household)
    found: dict[str, set[int]] = {"household": {household.id}, "person": {p.id for p in members}}
    grew = True
    while grew:
        grew = False
        for model in ALL_MODELS:
            table = model._meta.table_name
            for fk in model._meta.refs:
                parent = fk.rel_model._meta.table_name
                if parent == table or not found.get(parent):
                    continue
                ids = {r[0] for r in model.select(model._meta.primary_key).where(fk.in_(sorted(found[parent])))
                       .tuples()}
                new = ids - found.get(table, set())
                if new:
                    found.setdefault(table, set()).update(new)
                    grew = True
    return found


def _wipe_free_pages(ctx: Context) -> bool:
    """Rebuild the file (VACUUM) and truncate the WAL so removed values leave no trace; False if it had to wait.

    Another workstation reading at this moment can keep the old pages alive: then
    ``secure_delete`` (set before the change) has still zeroed the freed cells.
    """
    try:
        ctx.db.execute_sql("VACUUM")
        ctx.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return True
    except Exception:  # busy (another reader): the data change itself is committed
        return False


def anonymise_households(ctx: Context, *, household_ids: list[int]) -> Changes:
    """Anonymise the given households (must all be due); one transaction, one audit row each."""
    require(ctx, "admin.retention")
    due = {c.household_id for c in due_for_anonymisation(ctx)}
    errors = Errors()
    if not household_ids:
        errors.add("", _("Select at least one household."))
    for hid in household_ids:
        if int(hid) not in due:
            errors.add("", _("Household {id} is not due for anonymisation (follow-up or retention period "
                             "is not over).").format(id=hid))
    errors.raise_if_any()
    changes = Changes()
    from .audit import server_mode
    if not server_mode(ctx.db):  # SQLite only; on a server, freed space is the server's (VACUUM by the IT partner)
        ctx.db.execute_sql("PRAGMA secure_delete = ON")  # freed cells are zeroed, not left readable in the file
    with transaction(ctx):
        for hid in household_ids:
            h = Household.get_by_id(int(hid))
            from .audit import redact_for_anonymisation
            redact_for_anonymisation(ctx, _related_ids(h))
            fields: list[str] = []
            for f, value in _HOUSEHOLD_CLEAR.items():
                if getattr(h, f):
                    fields.append(f"household.{f}")
                setattr(h, f, f"{ANON_PREFIX} husstand {h.id}" if f == "name" else value)  # i18n: data
            h.save()
            for m in Person.select().where(Person.household == h):
                for f in _PERSON_CLEAR:
                    if getattr(m, f) not in (None, ""):
                        fields.append(f"person.{f}")
                m.first_name, m.last_name = ANON_PREFIX, f"person {m.id}"
                if m.birth_date is not None:
                    m.birth_date = dt.date(m.birth_date.year, 7, 1)  # keep the birth year for age statistics
                for f in ("national_id", "duf_number"):
                    setattr(m, f, None)
                for f in ("phone", "email", "health_note", "case_note"):
                    setattr(m, f, "")
                m.save()
                changes.add("updated", "person", m.id)
            for label, model, where, values in _free_text_targets(h):
                n = model.update(**values).where(where).execute()
                if n:
                    fields.append(label)
            audit(ctx, "anonymise", "household", h.id,
                  {"cleared": (None, ", ".join(sorted(set(fields))))}, changes)
    _wipe_free_pages(ctx)
    return changes


# ----- access request (GDPR art. 15) -----

def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _row(instance: Model, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: _plain(v) for k, v in instance.__data__.items() if k not in skip}


def export_person(ctx: Context, *, person_id: int) -> dict[str, Any]:
    """Everything stored about one person, JSON-ready; the export is audit-logged.

    Needs full read access (``persons.read_sensitive``): housing staff cannot
    export. Use ``json.dumps(result, ensure_ascii=False, indent=2)`` to save.
    """
    require(ctx, "persons.read_sensitive")
    p: Person = get_or_404(Person, person_id, _("the person"))
    h: Household = p.household
    placements = list(Placement.select().where(Placement.person == p))
    data = {
        "format": "hemsedal-integrering innsyn (personvernforordningen art. 15)",  # i18n: data (format id)
        "exported_at": ctx.now().isoformat(),
        "exported_by": getattr(ctx.user, "username", "system"),
        "person": _row(p, skip=("search_text",)),  # a copy of fields exported anyway
        "household": _row(h),
        "status_history": [_row(s) for s in StatusPeriod.select().where(StatusPeriod.person == p)],
        "introduction_programmes": [_row(r) for r in IntroProgramme.select().where(IntroProgramme.person == p)],
        "introduction_programme_details": intro_privacy.export(p),
        "placements": [{**_row(pl), "workplace": f"{pl.workplace.employer} {pl.workplace.department}".strip(),
                        "evaluations": [_row(e) for e in pl.evaluations]} for pl in placements],
        "follow_up": [_row(i) for i in FollowUpItem.select().where(
            (FollowUpItem.person == p) | ((FollowUpItem.household == h) & FollowUpItem.person.is_null()))],
        "tenancies": [{**_row(t), "address": t.unit.address} for t in Tenancy.select().where(Tenancy.household == h)],
        "printed_documents": [_row(d) for d in PrintedDocument.select().where(
            (PrintedDocument.person == p) | (PrintedDocument.household == h))],
        "access_log": [{"at": _plain(e.at), "user": e.username, "action": e.action,
                        "fields": json.loads(e.changes) if e.changes else {}}
                       for e in AuditEntry.select().where((AuditEntry.entity == "person")
                                                          & (AuditEntry.entity_id == p.id)).order_by(AuditEntry.at)],
        "household_summary_pdf": _("Printed from the household (Household summary) in the program."),
    }
    with ctx.db.atomic():
        audit(ctx, "export", "person", p.id, {"kind": (None, "innsyn art. 15")})  # i18n: data (audit value)
    return data
