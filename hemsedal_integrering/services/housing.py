"""Housing units, landlords, leases and tenancies (moving households in and out)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import vocab
from ..context import Context
from ..errors import ValidationError
from ..ids import HouseholdId, LandlordId, UnitId
from ..i18n import N_, _, ngettext, short_date
from ..models import Household, HousingUnit, Landlord, Lease, Tenancy
from ..rules.dates import overlaps
from .access import require
from . import moving_tasks, unit_letting
from .followup_bulk import close_dwelling_item
from .base import Changes, Errors, get_or_404, text
from .entity import (Entity, Scope, choice_field, create_entity, date_field, delete_row, end_day, end_not_before_start,
                     flag_field, float_field, int_field, lookup, municipality_field, note_field, save_fields,
                     set_active, text_field, update_entity)

MAX_DEPOSIT_MONTHS = 6  # husleieloven § 3-5: deposit at most six months' rent


def _four_digits(errors: Errors, name: str, value: str, scope: Scope) -> None:
    if not (value.isdigit() and len(value) == 4):
        errors.add(name, _("The postal code must have four digits."))


UNIT = Entity(HousingUnit, N_("the housing unit"), "housing.write", (
    municipality_field(),
    text_field("address", N_("Address"), required=True),
    text_field("postal_code", N_("Postal code"), max_length=10, check=_four_digits),
    text_field("place", N_("Place")),
    choice_field("ownership", N_("Ownership"), vocab.OWNERSHIP),
    float_field("size_m2", N_("Size"), minimum=5, maximum=1000),
    int_field("bedrooms", N_("Number of bedrooms"), required=True, minimum=0, maximum=20),
    int_field("capacity", N_("Capacity (number of households)"), required=True, minimum=1, maximum=20),
    choice_field("heating", N_("Heating"), vocab.HEATING),
    flag_field("has_wood_stove", N_("Wood stove")),
    flag_field("has_garden", N_("Garden")),
    choice_field("snow_clearing_by", N_("Snow clearing"), vocab.DUTY_BY),
    choice_field("lawn_mowing_by", N_("Lawn mowing"), vocab.DUTY_BY),
    note_field(),
))


def create_unit(ctx: Context, *, municipality: str, address: str, ownership: str, bedrooms: Any = 1,
                capacity: Any = 1, postal_code: str = "", place: str = "", size_m2: Any = None,
                heating: str = "electric", has_wood_stove: bool = False, has_garden: bool = False,
                snow_clearing_by: str = "tenant", lawn_mowing_by: str = "none", notes: str = "") -> Changes:
    """Register a dwelling (municipal, or private and then leased from a landlord)."""
    return create_entity(ctx, UNIT, dict(
        municipality=municipality, address=address, ownership=ownership, bedrooms=bedrooms, capacity=capacity,
        postal_code=postal_code, place=place, size_m2=size_m2, heating=heating, has_wood_stove=has_wood_stove,
        has_garden=has_garden, snow_clearing_by=snow_clearing_by, lawn_mowing_by=lawn_mowing_by, notes=notes))


def _unit_still_fits(errors: Errors, clean: dict[str, Any], scope: Scope) -> None:
    """Capacity not below the households living there now; a leased private unit stays private."""
    unit = scope.row
    if clean.get("capacity"):
        living = _open_tenancies_on(unit, scope.today).count()
        if clean["capacity"] < living:
            errors.add("capacity", ngettext(
                "{count} household lives in the unit now; the capacity cannot be lower.",
                "{count} households live in the unit now; the capacity cannot be lower.", living).format(count=living))
    if clean.get("ownership") == "municipal" and unit.ownership == "private" and \
            Lease.select().where(Lease.unit == unit).exists():
        errors.add("ownership", _("The unit has leases with a private landlord and cannot be made municipal."))


def update_unit(ctx: Context, *, unit_id: int, **values: Any) -> Changes:
    """Edit a unit. Capacity cannot go below the number of households living there now."""
    return update_entity(ctx, UNIT, unit_id, values, check=_unit_still_fits)


def set_unit_active(ctx: Context, *, unit_id: int, active: bool) -> Changes:
    """Archive (or reactivate) a unit. Refused while a household lives there."""
    def refuse(unit: HousingUnit) -> str | None:
        if Tenancy.select().where((Tenancy.unit == unit) & Tenancy.end_date.is_null()).exists():
            return _("Someone lives in the unit. Move the household out before the unit is archived.")
        return None
    return set_active(ctx, UNIT, unit_id, active, refuse=refuse)


def delete_unit(ctx: Context, *, unit_id: int) -> Changes:
    """Delete a unit registered by mistake; refused once it has leases or tenancies (archive instead)."""
    require(ctx, "housing.write")
    unit = get_or_404(HousingUnit, unit_id, _("the housing unit"))
    if (Tenancy.select().where(Tenancy.unit == unit).exists() or Lease.select().where(Lease.unit == unit).exists()
            or unit_letting.has_lettings(unit.id)):
        raise ValidationError(_("The unit has tenancies or leases and cannot be deleted. Archive it instead."))
    return delete_row(ctx, unit, {"address": unit.address})


# ----- landlords -----

def _org_nr(errors: Errors, name: str, value: Any, **options: Any) -> str:
    return text(errors, name, value, **options).replace(" ", "")


def _valid_org_nr(errors: Errors, name: str, value: str, scope: Scope) -> None:
    from stdnum.no import orgnr
    if not orgnr.is_valid(value):
        errors.add(name, _("The organisation number is not valid (9 digits with a check digit)."))


LANDLORD = Entity(Landlord, N_("the landlord"), "housing.write", (
    text_field("name", N_("Name"), required=True),
    text_field("org_nr", N_("Organisation number"), max_length=20, parser=_org_nr, check=_valid_org_nr),
    text_field("phone", N_("Phone")),
    text_field("email", N_("Email")),
    text_field("address", N_("Address")),
    note_field(),
))


def create_landlord(ctx: Context, *, name: str, org_nr: str = "", phone: str = "", email: str = "",
                    address: str = "", notes: str = "") -> Changes:
    """Register a private landlord."""
    return create_entity(ctx, LANDLORD, dict(name=name, org_nr=org_nr, phone=phone, email=email, address=address,
                                             notes=notes))


def update_landlord(ctx: Context, *, landlord_id: int, **values: Any) -> Changes:
    """Edit a landlord's name and contact details."""
    return update_entity(ctx, LANDLORD, landlord_id, values)


# ----- leases -----

def _lease_end(lease: Lease) -> dt.date | None:
    return lease.terminated_date or lease.end_date


LEASE = Entity(Lease, N_("the lease"), "housing.write", (
    int_field("monthly_rent", N_("Monthly rent"), required=True, minimum=0, maximum=200_000),
    int_field("deposit", N_("Deposit"), minimum=0, blank=0),
    choice_field("guarantee", N_("Security"), vocab.GUARANTEES, blank="deposit"),
    date_field("start_date", N_("Start date"), required=True),
    date_field("end_date", N_("End date")),
    int_field("notice_months", N_("Notice period"), required=True, minimum=0, maximum=24),
    date_field("rent_adjustment_date", N_("Date of rent adjustment")),
    note_field(),
))


def _lease_rules(unit: HousingUnit | None) -> Any:
    """Deposit at most six months' rent, end not before start, no overlap with another lease of ``unit``."""
    def check(errors: Errors, clean: dict[str, Any], scope: Scope) -> None:
        rent, deposit = clean["monthly_rent"], clean["deposit"]
        if rent is not None and deposit and deposit > MAX_DEPOSIT_MONTHS * rent:
            errors.add("deposit", _("The deposit can be at most six months' rent ({amount} kr).").format(
                amount=f"{MAX_DEPOSIT_MONTHS * rent:,}".replace(",", "\u00a0")))
        end_not_before_start(errors, clean)
        start, end = clean["start_date"], clean["end_date"]
        if unit is not None and start:
            others = Lease.select().where(Lease.unit == unit)
            if scope.row_id is not None:
                others = others.where(Lease.id != scope.row_id)
            for other in others:
                if overlaps(start, end, other.start_date, _lease_end(other)):
                    errors.add("start_date", _("The unit already has a lease in the period (from {date}).").format(
                        date=short_date(other.start_date)))
                    break
    return check


def create_lease(ctx: Context, *, unit_id: UnitId, landlord_id: LandlordId, monthly_rent: Any, start_date: Any,
                 end_date: Any = None, deposit: Any = 0, guarantee: str = "deposit", notice_months: Any = 3,
                 rent_adjustment_date: Any = None, notes: str = "") -> Changes:
    """Record the service's lease of a private unit from a landlord.

    Rules: only private units; no two leases of one unit overlap; deposit at
    most six months' rent; no negative amounts; end not before start.
    """
    require(ctx, LEASE.permission)
    errors = Errors()
    unit = lookup(errors, "unit", HousingUnit, unit_id, _("Choose a housing unit."))
    if unit is not None and unit.ownership != "private":
        errors.add("unit", _("Only private units have a lease with a landlord. This unit is municipal."))
    landlord = lookup(errors, "landlord", Landlord, landlord_id, _("Choose a landlord."))
    return create_entity(ctx, LEASE, dict(
        monthly_rent=monthly_rent, start_date=start_date, end_date=end_date, deposit=deposit, guarantee=guarantee,
        notice_months=notice_months, rent_adjustment_date=rent_adjustment_date, notes=notes),
        extra=dict(unit=unit, landlord=landlord), errors=errors, check=_lease_rules(unit))


def update_lease(ctx: Context, *, lease_id: int, **values: Any) -> Changes:
    """Edit a lease's terms (rent, deposit, period, notice, regulation date, notes)."""
    def check(errors: Errors, clean: dict[str, Any], scope: Scope) -> None:
        _lease_rules(scope.row.unit)(errors, clean, scope)
    return update_entity(ctx, LEASE, lease_id, values, validate_with=LEASE.names, check=check)


def end_lease(ctx: Context, *, lease_id: int, end_date: Any) -> Changes:
    """End a lease early (oppsigelse). Refused while a household lives in the unit after that date."""
    require(ctx, "housing.write")
    lease = get_or_404(Lease, lease_id, _("the lease"))
    errors = Errors()
    day = end_day(errors, lease, end_date, label=_("End date"),
                  before_start=_("The end date cannot be before the lease started."))
    if day:
        living = Tenancy.select().where((Tenancy.unit == lease.unit_id) & (
            Tenancy.end_date.is_null() | (Tenancy.end_date > day)) & (Tenancy.start_date <= day))
        if living.exists():
            errors.add("end_date", _("A household lives in the unit after this date. Move the household out first."))
    errors.raise_if_any()
    return save_fields(ctx, lease, {"terminated_date": day}, entity=LEASE)


def active_lease_on(unit: HousingUnit, day: dt.date) -> Lease | None:
    """The lease covering ``day`` for a private unit, if any."""
    for lease in Lease.select().where((Lease.unit == unit) & (Lease.start_date <= day)):
        end = _lease_end(lease)
        if end is None or end >= day:
            return lease
    return None


# ----- tenancies -----

def _open_tenancies_on(unit: HousingUnit, day: dt.date):
    return Tenancy.select().where((Tenancy.unit == unit) & (Tenancy.start_date <= day) &
                                  (Tenancy.end_date.is_null() | (Tenancy.end_date >= day)))


TENANCY = Entity(Tenancy, N_("the tenancy"), "housing.write", (
    date_field("start_date", N_("Moving-in date"), required=True),
    date_field("end_date", N_("Moving-out date")),
    int_field("monthly_rent", N_("Rent"), minimum=0, maximum=200_000),
    note_field(max_length=2000),
))


def _room_for(household: Household | None, unit: HousingUnit | None) -> Any:
    """The rules of moving ``household`` into ``unit`` for the period (see ``move_in``)."""
    def check(errors: Errors, clean: dict[str, Any], scope: Scope) -> None:
        end_not_before_start(errors, clean, _("The move-out date cannot be before the move-in date."))
        start, end = clean["start_date"], clean["end_date"]
        if household is None or unit is None or not start:
            return
        if household.moved_out_date and start > household.moved_out_date:
            errors.add("start_date", _("The household moved away from the municipality before this date."))
        if household.settlement_date and start < household.settlement_date - dt.timedelta(days=31):
            errors.add("start_date", _("Moving in cannot be recorded more than a month before the settlement date "
                                       "({date}).").format(date=short_date(household.settlement_date)))
        if not unit.active:
            errors.add("unit", _("The housing unit is archived."))
        if unit.ownership == "private" and active_lease_on(unit, start) is None:
            errors.add("unit", _("The unit has no valid lease with a landlord on the move-in date."))
        unit_letting.check_not_let_to_others(errors, unit, start, end)  # let to employees etc. (issue 15)
        for t in Tenancy.select().where(Tenancy.household == household):
            if overlaps(start, end, t.start_date, t.end_date):
                where = t.unit.address
                errors.add("household", _("The household already lives at {address} in this period. "
                                          "Record moving out from there first.").format(address=where))
                break
        others = [t for t in Tenancy.select().where(Tenancy.unit == unit) if overlaps(start, end, t.start_date,
                                                                                     t.end_date)]
        # The busiest day in the new period: count tenancies overlapping each start day.
        points = [start] + [t.start_date for t in others if t.start_date >= start]
        busiest = max(sum(1 for t in others if overlaps(p, p, t.start_date, t.end_date)) for p in points) \
            if others else 0
        if busiest + 1 > unit.capacity:
            errors.add("unit", ngettext(
                "The unit is full: it has room for {capacity} household and {count} live there in the period.",
                "The unit is full: it has room for {capacity} households and {count} live there in the period.",
                unit.capacity).format(capacity=unit.capacity, count=busiest))
    return check


def _recheck_room(t: Tenancy) -> None:
    """Inside move_in's transaction, after the insert: lock the household and the unit (server: another
    officer's move of the same household, or into the same unit, waits or has committed), then check again
    that the household lives nowhere else in the period and the unit is not over capacity (issue 17: the
    load test found two officers' simultaneous moves giving one household two homes). SQLite: one writer."""
    from ..db.postgres import lock_rows
    lock_rows(Household, t.household_id)  # always the household first, then the unit: no lock cycle
    lock_rows(HousingUnit, t.unit_id)
    errors = Errors()
    for other in Tenancy.select().where((Tenancy.household == t.household_id) & (Tenancy.id != t.id)):
        if overlaps(t.start_date, t.end_date, other.start_date, other.end_date):
            errors.add("household", _("The household already lives at {address} in this period. "
                                      "Record moving out from there first.").format(address=other.unit.address))
            break
    unit = HousingUnit.get_by_id(t.unit_id)
    others = [o for o in Tenancy.select().where((Tenancy.unit == t.unit_id) & (Tenancy.id != t.id))
              if overlaps(t.start_date, t.end_date, o.start_date, o.end_date)]
    points = [t.start_date] + [o.start_date for o in others if o.start_date >= t.start_date]
    busiest = max(sum(1 for o in others if overlaps(p, p, o.start_date, o.end_date)) for p in points) if others else 0
    if busiest + 1 > unit.capacity:
        errors.add("unit", ngettext(
            "The unit is full: it has room for {capacity} household and {count} live there in the period.",
            "The unit is full: it has room for {capacity} households and {count} live there in the period.",
            unit.capacity).format(capacity=unit.capacity, count=busiest))
    errors.raise_if_any()


def move_in(ctx: Context, *, household_id: HouseholdId, unit_id: UnitId, start_date: Any, end_date: Any = None,
            monthly_rent: Any = None, notes: str = "") -> Changes:
    """Let a household live in a unit from ``start_date``.

    Refused when the unit is full for any day of the period (capacity), when
    the household lives elsewhere in the period, before settlement (more
    than a month: a home is readied just before arrival), after moving away,
    for an archived unit, or for a private unit without a lease that day.
    """
    require(ctx, TENANCY.permission)
    errors = Errors()
    # Only the household's columns every group may read: a housing login on a server may not read the rest.
    household = lookup(errors, "household", Household.select(
        Household.id, Household.name, Household.municipality, Household.settlement_date, Household.moved_out_date,
        Household.contact_phone, Household.address_note), household_id,
        _("Choose a household."))
    unit = lookup(errors, "unit", HousingUnit, unit_id, _("Choose a housing unit."))

    def after(t: Tenancy, changes: Changes) -> None:
        _recheck_room(t)  # on a server another officer may have moved in at the same moment
        close_dwelling_item(ctx, t.household_id, changes)  # moving in proves "Bolig skaffet" done
        moving_tasks.add_move_in_task(ctx, t, changes)  # the housing office's move-in inspection
    return create_entity(ctx, TENANCY, dict(start_date=start_date, end_date=end_date, monthly_rent=monthly_rent,
                                            notes=notes),
                         extra=dict(unit=unit, household=household), errors=errors, check=_room_for(household, unit),
                         after=after)


def move_out(ctx: Context, *, tenancy_id: int, end_date: Any) -> Changes:
    """End a tenancy: the household's last day in the unit."""
    require(ctx, "housing.write")
    t = get_or_404(Tenancy, tenancy_id, _("the tenancy"))
    errors = Errors()
    day = end_day(errors, t, end_date, label=_("Moving-out date"), before_start=_(
        "The move-out date cannot be before moving in ({date}).").format(date=short_date(t.start_date)))
    if day and t.end_date is not None and day > t.end_date:
        later = Tenancy.select().where((Tenancy.household == t.household_id) & (Tenancy.id != t.id) &
                                       (Tenancy.start_date > t.end_date) & (Tenancy.start_date <= day))
        if later.exists():
            errors.add("end_date", _("The household moves into another unit before this date."))
    errors.raise_if_any()
    return save_fields(ctx, t, {"end_date": day},  # and the housing office's move-out inspection
                       after=lambda row, changes: moving_tasks.add_move_out_task(ctx, row, changes))
