"""Households and persons: register, settle, edit, status history, moving away."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields
from typing import Any, Iterable, Mapping, Protocol

from .. import vocab
from ..context import Context
from ..errors import ValidationError
from ..i18n import N_, _, short_date
from ..models import Household, Person, Placement, StatusPeriod, Tenancy
from ..rules.identity import check_duf_number, check_national_id
from . import hooks
from .access import require
from .base import (Changes, Errors, apply_fields, audit, audit_batch, choice, get_or_404, insert_instance, insert_rows,
                   parse_date, text, transaction)
from .entity import (Entity, FieldRule, Scope, audit_created, choice_field, create_entity, date_field, delete_row,
                     flag_field, municipality_field, note_field, text_field, update_entity)


@dataclass
class PersonInput:
    """The fields of a person as a form or the command line supplies them (text or typed)."""

    first_name: str = ""
    last_name: str = ""
    role: str = "adult"
    birth_date: Any = None
    national_id: str = ""
    duf_number: str = ""
    gender: str | None = None
    country: str | None = None
    languages: str = ""
    interpreter_language: str | None = None
    legal_basis: str | None = None
    phone: str = ""
    email: str = ""
    arrival_date: Any = None
    born_in_norway: bool = False
    unaccompanied_minor: bool = False  # the status UDI/IMDi gave at settlement (integration grant)
    health_note: str = ""
    case_note: str = ""

    @classmethod
    def of(cls, value: "PersonInput | Mapping[str, Any]") -> "PersonInput":
        if isinstance(value, PersonInput):
            return value
        known = {f.name for f in fields(cls)}
        unknown = set(value) - known
        if unknown:
            raise TypeError(f"unknown person fields: {sorted(unknown)}")
        return cls(**value)


def _identity_number(check: Any) -> Any:
    """A parser for an identity number: its compact form when valid, None (and the rule's message) when not."""
    def parse(errors: Errors, field_name: str, value: Any, *, required: bool = False, label: str = "") -> str | None:
        if not value or not str(value).strip():
            return None
        result = check(str(value))
        if not result.ok:
            errors.add(field_name, result.message or "")
            return None
        return result.number
    return parse


def _unique(clash_message: str) -> Any:
    """A check that no other person has this number."""
    def check(errors: Errors, field_name: str, value: str, scope: Scope) -> None:
        clash = Person.select(Person.id).where(getattr(Person, field_name) == value)
        if scope.row_id is not None:
            clash = clash.where(Person.id != scope.row_id)
        if clash.exists():
            errors.add(field_name, _(clash_message))
    return check


def _languages(errors: Errors, field_name: str, value: Any, *, required: bool = False, label: str = "") -> str:
    """Language codes joined by commas; unknown codes are named."""
    langs = [code.strip() for code in str(value or "").split(",") if code.strip()]
    bad = [code for code in langs if code not in vocab.LANGUAGES]
    if bad:
        errors.add(field_name, _("Unknown language: {codes}.").format(codes=", ".join(bad)))
    return ",".join(langs)


def _not_in_future(errors: Errors, field_name: str, value: dt.date, scope: Scope) -> None:
    if value > scope.today:
        errors.add(field_name, _("The date of birth cannot be in the future."))


def _phone_characters(errors: Errors, field_name: str, value: str, scope: Scope) -> None:
    if not all(ch.isdigit() or ch in "+ -()" for ch in value):
        errors.add(field_name, _("The phone number can only contain digits, spaces and +."))


def _email_shape(errors: Errors, field_name: str, value: str, scope: Scope) -> None:
    if "@" not in value or " " in value:
        errors.add(field_name, _("The email address does not look right."))


PERSON = Entity(Person, N_("the person"), "persons.write", (
    text_field("first_name", N_("First name"), required=True),
    text_field("last_name", N_("Last name"), required=True),
    choice_field("role", N_("Role"), vocab.ROLES_IN_HOUSEHOLD),
    date_field("birth_date", N_("Date of birth"), check=_not_in_future),
    FieldRule("national_id", N_("National ID / D number"), _identity_number(check_national_id),
              check=_unique(N_("There is already a person with this number."))),
    FieldRule("duf_number", N_("DUF number"), _identity_number(check_duf_number),
              check=_unique(N_("There is already a person with this DUF number."))),
    choice_field("gender", N_("Gender"), vocab.GENDERS, required=False),
    choice_field("country", N_("Country of origin"), vocab.COUNTRIES, required=False),
    FieldRule("languages", N_("Languages"), _languages),
    choice_field("interpreter_language", N_("Interpreter language"), vocab.LANGUAGES, required=False),
    choice_field("legal_basis", N_("Legal basis for residence"), vocab.LEGAL_BASES, required=False),
    text_field("phone", N_("Phone"), max_length=30, check=_phone_characters),
    text_field("email", N_("Email"), max_length=120, check=_email_shape),
    date_field("arrival_date", N_("Arrival date")),
    flag_field("born_in_norway", N_("Born in Norway")),
    flag_field("unaccompanied_minor", N_("Unaccompanied minor")),  # the status UDI/IMDi gave at settlement
    note_field("health_note", N_("Health note")),
    note_field("case_note", N_("Case note")),
))


def _person_rules(errors: Errors, clean: dict[str, Any], scope: Scope) -> None:
    """The rules across a person's fields."""
    if clean["unaccompanied_minor"] and clean["born_in_norway"]:
        errors.add("unaccompanied_minor", _("A child born in Norway cannot be an unaccompanied minor."))
    birth, arrival = clean["birth_date"], clean["arrival_date"]
    if birth and arrival and arrival < birth:
        errors.add("arrival_date", _("The arrival date cannot be before the date of birth."))


def _clean_person(errors: Errors, p: PersonInput, scope: Scope) -> dict[str, Any]:
    """Validate one person's fields; return the values to store."""
    data = PERSON.validate(errors, vars(p), scope)  # read only: no copy (asdict) needed
    _person_rules(errors, data, scope)
    return data


HOUSEHOLD = Entity(Household, N_("the household"), "persons.write", (
    municipality_field(),
    text_field("name", N_("Name of the household"), required=True),
    date_field("settlement_date", N_("Settlement date")),
    choice_field("legal_basis", N_("Legal basis for residence"), vocab.LEGAL_BASES),
    text_field("case_reference", N_("Case number"), max_length=40),
    text_field("contact_phone", N_("Phone"), max_length=30),
    text_field("address_note", N_("Address"), max_length=200),
    note_field(),
))


def register_household(
    ctx: Context,
    *,
    municipality: str,
    name: str,
    legal_basis: str,
    members: Iterable[PersonInput | Mapping[str, Any]],
    settlement_date: Any = None,
    case_reference: str = "",
    contact_phone: str = "",
    address_note: str = "",
    notes: str = "",
    done_before: Any = None,
) -> Changes:
    """Register a household and its members in one go.

    Needs at least one adult. The settlement date may be set later (``settle``)
    for a household that is expected but has not arrived.

    Back-registration: with ``done_before`` (a day not after today), every
    duty of the new plan due before that day is marked done "registrert i
    ettertid" (``followup_bulk.close_done_before``); later duties stay open.

    The fields follow ``HOUSEHOLD`` and ``PERSON``; what is particular here is
    that the members are checked together (one adult, no number twice) and
    written in bulk, and the follow-up plan is made (``hooks``).
    """
    require(ctx, HOUSEHOLD.permission)
    errors = Errors()
    scope = Scope(ctx)
    values = HOUSEHOLD.validate(errors, {
        "municipality": municipality, "name": name, "settlement_date": settlement_date,
        "legal_basis": legal_basis, "case_reference": case_reference, "contact_phone": contact_phone,
        "address_note": address_note, "notes": notes,
    }, scope)
    member_list = [PersonInput.of(m) for m in members]
    cleaned = []
    seen_ids: set[str] = set()
    for i, member in enumerate(member_list):
        sub = Errors(prefix=f"members[{i}].")
        data = _clean_person(sub, member, scope)
        for key in ("national_id", "duf_number"):
            if data.get(key):
                if data[key] in seen_ids:
                    sub.add(key, _("The same number is given for two persons."))
                seen_ids.add(data[key])
        errors.errors.update(sub.errors)
        cleaned.append(data)
    if not member_list:
        errors.add("members", _("The household must have at least one person."))
    elif not any(d["role"] == "adult" for d in cleaned):
        errors.add("members", _("The household must have at least one adult."))
    back_day = _done_before(errors, done_before, values.get("settlement_date"), ctx.today())
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx), audit_batch():  # nothing here reads the log: its rows go in one statement
        household = insert_instance(Household(**values))
        audit_created(ctx, HOUSEHOLD, household.id, values, changes)
        columns = [Person.household] + [getattr(Person, k) for k in cleaned[0]]  # every member: the same keys
        person_ids = insert_rows(Person, columns, [(household.id, *data.values()) for data in cleaned])
        for person_id, data in zip(person_ids, cleaned, strict=True):
            audit_created(ctx, PERSON, person_id, data, changes)
        written = [Person(id=person_id, household=household.id, **data)  # the plan needs them: not read back
                   for person_id, data in zip(person_ids, cleaned, strict=True)]
        hooks.household_changed(ctx, household, changes, members=written)
        if back_day is not None:
            hooks.back_register(ctx, household, back_day, changes)
    return changes


def _done_before(errors: Errors, value: Any, settlement: dt.date | None, today: dt.date) -> dt.date | None:
    """The back-registration day (None when not asked for); needs a settlement date."""
    from .followup_bulk import check_done_before
    day = check_done_before(errors, value, today=today)
    if day is not None and settlement is None:
        errors.add("done_before", _("Give the settlement date when earlier tasks are registered as done."))
    return day


def update_household(ctx: Context, *, household_id: int, done_before: Any = None, **values: Any) -> Changes:
    """Edit household fields (municipality, name, settlement date, legal basis, contact, notes).

    ``done_before`` back-registers as in ``register_household`` (e.g. when a
    settlement date in the past is set for the first time).
    """
    back_day: list[dt.date | None] = []

    def check(errors: Errors, clean: dict[str, Any], scope: Scope) -> None:
        household = scope.row
        new_settlement = clean.get("settlement_date", household.settlement_date)
        if new_settlement is not None and "settlement_date" in clean:
            first_tenancy = (Tenancy.select().where(Tenancy.household == household)
                             .order_by(Tenancy.start_date).first())
            if first_tenancy and first_tenancy.start_date < new_settlement - dt.timedelta(days=31):
                errors.add("settlement_date",
                           _("The household has a tenancy that starts more than a month before this date."))
        back_day.append(_done_before(errors, done_before, new_settlement, scope.today))

    def after(household: Household, diff: dict[str, Any], changes: Changes) -> None:
        if diff:
            hooks.household_changed(ctx, household, changes)
        if back_day[0] is not None:
            hooks.back_register(ctx, household, back_day[0], changes)
    return update_entity(ctx, HOUSEHOLD, household_id, values, check=check, after=after)


def settle(ctx: Context, *, household_id: int, settlement_date: Any) -> Changes:
    """Record the household's arrival (bosettingsdato): years 1–5 count from it."""
    errors = Errors()
    day = parse_date(errors, "settlement_date", settlement_date, required=True, label=_("Settlement date"))
    errors.raise_if_any()
    return update_household(ctx, household_id=household_id, settlement_date=day)


def add_person(ctx: Context, *, household_id: int, person: PersonInput | Mapping[str, Any]) -> Changes:
    """Add a member (a child born, a family member reunited) to a household."""
    require(ctx, PERSON.permission)
    household = get_or_404(Household, household_id, _("the household"))
    errors = Errors()
    if household.moved_out_date is not None:
        errors.add("", _("The household has moved away from the municipality. Register a new household instead."))
    return create_entity(ctx, PERSON, asdict(PersonInput.of(person)), extra={"household": household}, errors=errors,
                         check=_person_rules,
                         after=lambda row, changes: hooks.household_changed(ctx, household, changes))


def update_person(ctx: Context, *, person_id: int, **values: Any) -> Changes:
    """Edit a person's fields; values not given stay as they are (and are checked with the new ones)."""
    def check(errors: Errors, clean: dict[str, Any], scope: Scope) -> None:
        _person_rules(errors, clean, scope)
        person = scope.row
        if clean.get("role") == "child" and person.role == "adult":
            others = Person.select().where((Person.household == person.household_id) & (Person.id != person.id)
                                           & (Person.role == "adult")).exists()
            if not others:
                errors.add("role", _("The household must have at least one adult."))

    def after(person: Person, diff: dict[str, Any], changes: Changes) -> None:
        if diff:
            hooks.household_changed(ctx, person.household, changes)
    return update_entity(ctx, PERSON, person_id, values, validate_with=PERSON.names, check=check, after=after)


def remove_person(ctx: Context, *, person_id: int) -> Changes:
    """Delete a person registered by mistake.

    Refused once the person has history (status, placements, follow-up done):
    record moving away instead, so the history stays true.
    """
    require(ctx, "persons.write")
    person = get_or_404(Person, person_id, _("the person"))
    reasons = []
    if StatusPeriod.select().where(StatusPeriod.person == person).exists():
        reasons.append(_("status history"))
    if Placement.select().where(Placement.person == person).exists():
        reasons.append(_("work placements"))
    if hooks.person_has_history(person):
        reasons.append(_("completed follow-up"))
    if reasons:
        raise ValidationError(
            _("{name} has {history} and cannot be deleted. Record moving away instead.").format(
                name=person.full_name, history=", ".join(reasons)))
    if person.role == "adult" and not Person.select().where(
            (Person.household == person.household_id) & (Person.id != person.id) & (Person.role == "adult")).exists():
        raise ValidationError(_("The household must have at least one adult. The only adult cannot be deleted."))
    household = person.household
    return delete_row(ctx, person, {"name": person.full_name},
                      before=lambda changes: hooks.person_deleting(ctx, person, changes),
                      after=lambda changes: hooks.household_changed(ctx, household, changes))


def record_moving_away(
    ctx: Context,
    *,
    household_id: int,
    date: Any,
    moved_to: str,
    reason: str,
    person_ids: Iterable[int] | None = None,
) -> Changes:
    """Record that a whole household (``person_ids`` None) or some members moved away.

    On that date the movers' open placements end and their open status
    periods close; when nobody is left, the household's open tenancy ends too
    and the household is marked as moved. Refused when a tenancy, placement
    or status starts after the date (fix those first).
    """
    require(ctx, "persons.write")
    household = get_or_404(Household, household_id, _("the household"))
    errors = Errors()
    day = parse_date(errors, "date", date, required=True, label=_("Moving date"))
    dest = text(errors, "moved_to", moved_to, required=True, label=_("New municipality"))
    why = choice(errors, "reason", reason, vocab.MOVE_REASONS, label=_("Reason"))
    present = [p for p in household.members.order_by(Person.id) if p.moved_out_date is None]
    if person_ids is None:
        movers = present
    else:
        wanted = {int(i) for i in person_ids}
        movers = [p for p in present if p.id in wanted]
        if len(movers) != len(wanted):
            errors.add("person_ids", _("Some of the persons do not belong to the household or have already moved."))
    if not movers:
        errors.add("person_ids", _("No persons to record moving away for."))
    whole = len(movers) == len(present)
    if day:
        if day > ctx.today() + dt.timedelta(days=366):
            errors.add("date", _("The moving date cannot be more than one year ahead."))
        if household.settlement_date and day < household.settlement_date:
            errors.add("date", _("The moving date cannot be before the settlement date ({date}).").format(
                date=short_date(household.settlement_date)))
        for p in movers:
            late = Placement.select().where((Placement.person == p) & (Placement.start_date > day))
            if late.exists():
                errors.add("date", _("{name} has a work placement that starts after the moving date.").format(
                    name=p.full_name))
            late_s = StatusPeriod.select().where((StatusPeriod.person == p) & (StatusPeriod.start_date > day))
            if late_s.exists():
                errors.add("date", _("{name} has a status that starts after the moving date.").format(name=p.full_name))
        if whole:
            late_t = Tenancy.select().where((Tenancy.household == household) & (Tenancy.start_date > day))
            if late_t.exists():
                errors.add("date", _("The household has a tenancy that starts after the moving date."))
    errors.raise_if_any()
    assert day is not None  # required: raise_if_any has refused it missing
    changes = Changes()
    with transaction(ctx):
        for p in movers:
            diff = apply_fields(p, {"moved_out_date": day, "moved_to": dest, "move_reason": why})
            p.save()
            audit(ctx, "update", "person", p.id, diff, changes)
            for pl in Placement.select().where((Placement.person == p) & (Placement.ended == False)):  # noqa: E712
                old_end = pl.end_date
                pl.end_date = day if pl.end_date is None or pl.end_date > day else pl.end_date
                pl.ended = True
                pl.outcome = pl.outcome or "aborted"
                pl.save()
                audit(ctx, "update", "placement", pl.id, {"end_date": (old_end, pl.end_date), "ended": (False, True)},
                      changes)
            for st in StatusPeriod.select().where((StatusPeriod.person == p) & (StatusPeriod.end_date.is_null())):
                st.end_date = day
                st.save()
                audit(ctx, "update", "status_period", st.id, {"end_date": (None, day)}, changes)
            hooks.person_moved(ctx, p, day, changes)
        if whole:
            diff = apply_fields(household, {"moved_out_date": day, "moved_to": dest, "move_reason": why})
            household.save()
            audit(ctx, "update", "household", household.id, diff, changes)
            for t in Tenancy.select().where((Tenancy.household == household) & (Tenancy.end_date.is_null())):
                t.end_date = day
                t.save()
                audit(ctx, "update", "tenancy", t.id, {"end_date": (None, day)}, changes)
    return changes


class StoredPerson(Protocol):
    """What ``person_input_from`` reads: the ``PersonInput`` fields of a stored person, a ``Person`` row or
    the GUI's read-only snapshot of one (``queries.records.Record``); tests keep the two lists equal."""

    @property
    def first_name(self) -> str: ...
    @property
    def last_name(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def birth_date(self) -> dt.date | None: ...
    @property
    def national_id(self) -> str | None: ...
    @property
    def duf_number(self) -> str | None: ...
    @property
    def gender(self) -> str | None: ...
    @property
    def country(self) -> str | None: ...
    @property
    def languages(self) -> str: ...
    @property
    def interpreter_language(self) -> str | None: ...
    @property
    def legal_basis(self) -> str | None: ...
    @property
    def phone(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def arrival_date(self) -> dt.date | None: ...
    @property
    def born_in_norway(self) -> bool: ...
    @property
    def unaccompanied_minor(self) -> bool: ...
    @property
    def health_note(self) -> str: ...
    @property
    def case_note(self) -> str: ...


def person_input_from(person: StoredPerson) -> PersonInput:
    """The current values of a person as a ``PersonInput`` (for editing forms)."""
    return PersonInput(**{f.name: getattr(person, f.name) for f in fields(PersonInput)})


__all__ = [
    "PersonInput",
    "StoredPerson",
    "add_person",
    "add_status",
    "delete_status",
    "person_input_from",
    "record_moving_away",
    "record_programme",
    "register_household",
    "remove_person",
    "settle",
    "update_household",
    "update_person",
]


# Status history and the introduction programme live in services/status.py;
# re-exported here because callers think of them as part of a person.
from .status import add_status, delete_status, record_programme  # noqa: E402
