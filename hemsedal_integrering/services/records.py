"""Permission-checked reads of a person's record (the only core read path to sensitive fields).

Rule: ``read_person_record`` returns a ``PersonRecord``. Users with
``persons.read_sensitive`` (officer, admin) get everything; users with only
``persons.read_contact`` (housing staff) get names, role, household and
contact data — identity numbers, health and case notes, legal basis, country,
status history and programmes are ``None``/empty and ``restricted`` is True.
Anyone else gets ``PermissionDenied``. Every call writes a ``read`` row in the
audit log naming the fields returned. ``household_contacts`` is the housing
staff's list of tenants (names and phone numbers) for a household.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..context import Context
from ..errors import NotFound, PermissionDenied
from ..i18n import _
from ..models import Household, IntroProgramme, Person, StatusPeriod
from .access import can
from .audit import log_read
from .base import get_or_404

CONTACT_FIELDS = ("id", "household_id", "household_name", "first_name", "last_name", "role", "phone", "email",
                  "moved_out_date")
SENSITIVE_FIELDS = ("birth_date", "national_id", "duf_number", "gender", "country", "languages",
                    "interpreter_language", "legal_basis", "arrival_date", "moved_to", "move_reason",
                    "health_note", "case_note", "statuses", "programmes")


@dataclass(frozen=True)
class StatusRow:
    status: str
    start_date: dt.date
    end_date: dt.date | None
    note: str


@dataclass(frozen=True)
class ProgrammeRow:
    start_date: dt.date
    planned_end_date: dt.date | None
    actual_end_date: dt.date | None
    end_reason: str


@dataclass(frozen=True)
class PersonRecord:
    """A person as the acting user may see them (``restricted``: sensitive parts left out)."""

    id: int
    household_id: int
    household_name: str
    first_name: str
    last_name: str
    role: str
    phone: str
    email: str
    moved_out_date: dt.date | None
    restricted: bool
    birth_date: dt.date | None = None
    national_id: str | None = None
    duf_number: str | None = None
    gender: str | None = None
    country: str | None = None
    languages: str | None = None
    interpreter_language: str | None = None
    legal_basis: str | None = None
    arrival_date: dt.date | None = None
    moved_to: str | None = None
    move_reason: str | None = None
    health_note: str | None = None
    case_note: str | None = None
    statuses: list[StatusRow] = field(default_factory=list)
    programmes: list[ProgrammeRow] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def _require_some_read(ctx: Context) -> bool:
    """True for full access, False for contact-only; PermissionDenied otherwise."""
    if can(ctx, "persons.read_sensitive"):
        return True
    if can(ctx, "persons.read_contact") or can(ctx, "persons.read"):
        return False
    raise PermissionDenied(_("You do not have access to personal data about the participants."))


def read_person_record(ctx: Context, *, person_id: int) -> PersonRecord:
    """The person's record for the acting user's role; the opening is audit-logged."""
    full = _require_some_read(ctx)
    p: Person = get_or_404(Person, person_id, _("the person"))
    h: Household = p.household
    base: dict[str, Any] = dict(id=p.id, household_id=h.id, household_name=h.name, first_name=p.first_name,
                                last_name=p.last_name, role=p.role, phone=p.phone, email=p.email,
                                moved_out_date=p.moved_out_date)
    if not full:
        log_read(ctx, "person", p.id, list(CONTACT_FIELDS))
        return PersonRecord(restricted=True, **base)
    statuses = [StatusRow(s.status, s.start_date, s.end_date, s.note) for s in
                StatusPeriod.select().where(StatusPeriod.person == p).order_by(StatusPeriod.start_date)]
    programmes = [ProgrammeRow(r.start_date, r.planned_end_date, r.actual_end_date, r.end_reason) for r in
                  IntroProgramme.select().where(IntroProgramme.person == p).order_by(IntroProgramme.start_date)]
    log_read(ctx, "person", p.id, list(CONTACT_FIELDS + SENSITIVE_FIELDS))
    return PersonRecord(
        restricted=False, birth_date=p.birth_date, national_id=p.national_id, duf_number=p.duf_number,
        gender=p.gender, country=p.country, languages=p.languages, interpreter_language=p.interpreter_language,
        legal_basis=p.legal_basis, arrival_date=p.arrival_date, moved_to=p.moved_to, move_reason=p.move_reason,
        health_note=p.health_note, case_note=p.case_note, statuses=statuses, programmes=programmes, **base)


@dataclass(frozen=True)
class TenantContact:
    """What housing staff may know about a tenant."""

    person_id: int
    first_name: str
    last_name: str
    role: str
    phone: str
    email: str


def household_contacts(ctx: Context, *, household_id: int) -> list[TenantContact]:
    """Names and contact data of a household's current members (housing staff and officers)."""
    _require_some_read(ctx)
    # Only the household's id: on a server a housing login may not read the household's other columns.
    h = Household.select(Household.id).where(Household.id == household_id).first()
    if h is None:
        raise NotFound(_("Could not find {what} with id {id}.").format(what=_("the household"), id=household_id))
    rows = (Person.select(Person.id, Person.first_name, Person.last_name, Person.role, Person.phone, Person.email)
            .where((Person.household == h) & Person.moved_out_date.is_null())
            .order_by(Person.role, Person.first_name))
    return [TenantContact(r.id, r.first_name, r.last_name, r.role, r.phone, r.email) for r in rows]
