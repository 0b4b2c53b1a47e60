"""Households and persons: register, settle, edit, status history, moving away."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any, Iterable, Mapping

from .. import vocab
from ..context import Context
from ..errors import ValidationError
from ..i18n import _, short_date
from ..models import Household, Municipality, Person, Placement, StatusPeriod, Tenancy
from ..rules.identity import check_duf_number, check_national_id
from . import hooks
from .access import require
from .base import (
    MAX_LONG_TEXT,
    Changes,
    Errors,
    apply_fields,
    audit,
    choice,
    get_or_404,
    insert_instance,
    insert_rows,
    parse_date,
    text,
    transaction,
)


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


def _municipality(errors: Errors, code: Any) -> int | None:
    """The id of the municipality with ``code`` (only the id: reading the whole row cost 2x the query)."""
    if not code:
        errors.add("municipality", _("Choose a municipality (Hemsedal or Gol)."))
        return None
    m = Municipality.select(Municipality.id).where(Municipality.code == code).scalar()
    if m is None:
        errors.add("municipality", _("Unknown municipality «{code}».").format(code=code))
    return m


def _unique_number(errors: Errors, field_name: str, raw: Any, check: Any, exclude_id: int | None,
                   clash_message: str) -> str | None:
    """A validated identity number (compact form) that no other person has; None if blank."""
    if not raw or not str(raw).strip():
        return None
    result = check(str(raw))
    if not result.ok:
        errors.add(field_name, result.message or "")
        return None
    column = getattr(Person, field_name)
    clash = Person.select(Person.id).where(column == result.number)
    if exclude_id is not None:
        clash = clash.where(Person.id != exclude_id)
    if clash.exists():
        errors.add(field_name, clash_message)
    return result.number


def _clean_person(errors: Errors, p: PersonInput, *, today: dt.date, exclude_id: int | None = None) -> dict[str, Any]:
    """Validate one person's fields; return the values to store."""
    out: dict[str, Any] = {}
    out["first_name"] = text(errors, "first_name", p.first_name, required=True, label=_("First name"))
    out["last_name"] = text(errors, "last_name", p.last_name, required=True, label=_("Last name"))
    out["role"] = choice(errors, "role", p.role, vocab.ROLES_IN_HOUSEHOLD, label=_("Role"))
    birth = parse_date(errors, "birth_date", p.birth_date, label=_("Date of birth"))
    if birth and birth > today:
        errors.add("birth_date", _("The date of birth cannot be in the future."))
    out["birth_date"] = birth
    out["national_id"] = _unique_number(errors, "national_id", p.national_id, check_national_id, exclude_id,
                                        _("There is already a person with this number."))
    out["duf_number"] = _unique_number(errors, "duf_number", p.duf_number, check_duf_number, exclude_id,
                                       _("There is already a person with this DUF number."))
    out["gender"] = choice(errors, "gender", p.gender, vocab.GENDERS, required=False, label=_("Gender"))
    out["country"] = choice(errors, "country", p.country, vocab.COUNTRIES, required=False, label=_("Country of origin"))
    langs = [code.strip() for code in str(p.languages or "").split(",") if code.strip()]
    bad = [code for code in langs if code not in vocab.LANGUAGES]
    if bad:
        errors.add("languages", _("Unknown language: {codes}.").format(codes=", ".join(bad)))
    out["languages"] = ",".join(langs)
    out["interpreter_language"] = choice(errors, "interpreter_language", p.interpreter_language, vocab.LANGUAGES,
                                         required=False, label=_("Interpreter language"))
    out["legal_basis"] = choice(errors, "legal_basis", p.legal_basis, vocab.LEGAL_BASES, required=False,
                                label=_("Legal basis for residence"))
    out["phone"] = text(errors, "phone", p.phone, label=_("Phone"), max_length=30)
    if out["phone"] and not all(ch.isdigit() or ch in "+ -()" for ch in out["phone"]):
        errors.add("phone", _("The phone number can only contain digits, spaces and +."))
    out["email"] = text(errors, "email", p.email, label=_("Email"), max_length=120)
    if out["email"] and ("@" not in out["email"] or " " in out["email"]):
        errors.add("email", _("The email address does not look right."))
    out["arrival_date"] = parse_date(errors, "arrival_date", p.arrival_date, label=_("Arrival date"))
    out["born_in_norway"] = bool(p.born_in_norway)
    out["unaccompanied_minor"] = bool(p.unaccompanied_minor)
    if out["unaccompanied_minor"] and out["born_in_norway"]:
        errors.add("unaccompanied_minor", _("A child born in Norway cannot be an unaccompanied minor."))
    if birth and out["arrival_date"] and out["arrival_date"] < birth:
        errors.add("arrival_date", _("The arrival date cannot be before the date of birth."))
    out["health_note"] = text(errors, "health_note", p.health_note, label=_("Health note"), max_length=MAX_LONG_TEXT)
    out["case_note"] = text(errors, "case_note", p.case_note, label=_("Case note"), max_length=MAX_LONG_TEXT)
    return out


def _clean_household(errors: Errors, values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "municipality" in values:
        out["municipality"] = _municipality(errors, values["municipality"])
    if "name" in values:
        out["name"] = text(errors, "name", values["name"], required=True, label=_("Name of the household"))
    if "settlement_date" in values:
        out["settlement_date"] = parse_date(errors, "settlement_date", values["settlement_date"],
                                              label=_("Settlement date"))
    if "legal_basis" in values:
        out["legal_basis"] = choice(errors, "legal_basis", values["legal_basis"], vocab.LEGAL_BASES,
                                    label=_("Legal basis for residence"))
    for name, label, max_length in (("case_reference", _("Case number"), 40), ("contact_phone", _("Phone"), 30),
                                    ("address_note", _("Address"), 200), ("notes", _("Note"), MAX_LONG_TEXT)):
        if name in values:
            out[name] = text(errors, name, values[name], label=label, max_length=max_length)
    return out


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
    """
    require(ctx, "persons.write")
    errors = Errors()
    values = _clean_household(errors, {
        "municipality": municipality, "name": name, "settlement_date": settlement_date,
        "legal_basis": legal_basis, "case_reference": case_reference, "contact_phone": contact_phone,
        "address_note": address_note, "notes": notes,
    })
    member_list = [PersonInput.of(m) for m in members]
    cleaned = []
    seen_ids: set[str] = set()
    for i, member in enumerate(member_list):
        sub = Errors(prefix=f"members[{i}].")
        data = _clean_person(sub, member, today=ctx.today())
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
    with transaction(ctx):
        household = insert_instance(Household(**values))
        audit(ctx, "create", "household", household.id, {k: (None, v) for k, v in values.items()}, changes)
        columns = [Person.household] + [getattr(Person, k) for k in cleaned[0]]  # every member: the same keys
        person_ids = insert_rows(Person, columns, [(household.id, *data.values()) for data in cleaned])
        for person_id, data in zip(person_ids, cleaned, strict=True):
            audit(ctx, "create", "person", person_id, {k: (None, v) for k, v in data.items()}, changes)
        hooks.household_changed(ctx, household, changes)
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
    require(ctx, "persons.write")
    household = get_or_404(Household, household_id, _("the household"))
    allowed = {"municipality", "name", "settlement_date", "legal_basis", "case_reference", "contact_phone",
               "address_note", "notes"}
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(f"unknown household fields: {sorted(unknown)}")
    errors = Errors()
    clean = _clean_household(errors, values)
    new_settlement = clean.get("settlement_date", household.settlement_date)
    if new_settlement is not None and "settlement_date" in clean:
        first_tenancy = Tenancy.select().where(Tenancy.household == household).order_by(Tenancy.start_date).first()
        if first_tenancy and first_tenancy.start_date < new_settlement - dt.timedelta(days=31):
            errors.add("settlement_date",
                       _("The household has a tenancy that starts more than a month before this date."))
    back_day = _done_before(errors, done_before, new_settlement, ctx.today())
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        diff = apply_fields(household, clean)
        if diff:
            household.save()
            audit(ctx, "update", "household", household.id, diff, changes)
            hooks.household_changed(ctx, household, changes)
        if back_day is not None:
            hooks.back_register(ctx, household, back_day, changes)
    return changes


def settle(ctx: Context, *, household_id: int, settlement_date: Any) -> Changes:
    """Record the household's arrival (bosettingsdato): years 1–5 count from it."""
    errors = Errors()
    day = parse_date(errors, "settlement_date", settlement_date, required=True, label=_("Settlement date"))
    errors.raise_if_any()
    return update_household(ctx, household_id=household_id, settlement_date=day)


def add_person(ctx: Context, *, household_id: int, person: PersonInput | Mapping[str, Any]) -> Changes:
    """Add a member (a child born, a family member reunited) to a household."""
    require(ctx, "persons.write")
    household = get_or_404(Household, household_id, _("the household"))
    errors = Errors()
    if household.moved_out_date is not None:
        errors.add("", _("The household has moved away from the municipality. Register a new household instead."))
    data = _clean_person(errors, PersonInput.of(person), today=ctx.today())
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        p = Person.create(household=household, **data)
        audit(ctx, "create", "person", p.id, {k: (None, v) for k, v in data.items()}, changes)
        hooks.household_changed(ctx, household, changes)
    return changes


def update_person(ctx: Context, *, person_id: int, **values: Any) -> Changes:
    """Edit a person's fields; values not given stay as they are."""
    require(ctx, "persons.write")
    person = get_or_404(Person, person_id, _("the person"))
    known = {f.name for f in fields(PersonInput)}
    unknown = set(values) - known
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    current = {name: getattr(person, name) for name in known}
    merged = PersonInput(**{**current, **values})
    errors = Errors()
    data = _clean_person(errors, merged, today=ctx.today(), exclude_id=person.id)
    if data.get("role") == "child" and person.role == "adult":
        others = Person.select().where((Person.household == person.household_id) & (Person.id != person.id)
                                       & (Person.role == "adult")).exists()
        if not others:
            errors.add("role", _("The household must have at least one adult."))
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        diff = apply_fields(person, {k: v for k, v in data.items() if k in values})
        if diff:
            person.save()
            audit(ctx, "update", "person", person.id, diff, changes)
            hooks.household_changed(ctx, person.household, changes)
    return changes


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
    changes = Changes()
    with transaction(ctx):
        household = person.household
        hooks.person_deleting(ctx, person, changes)
        audit(ctx, "delete", "person", person.id, {"name": (person.full_name, None)}, changes)
        person.delete_instance()
        hooks.household_changed(ctx, household, changes)
    return changes


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


def person_input_from(person: Person) -> PersonInput:
    """The current values of a person as a ``PersonInput`` (for editing forms)."""
    return PersonInput(**{f.name: getattr(person, f.name) for f in fields(PersonInput)})


__all__ = [
    "PersonInput",
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
