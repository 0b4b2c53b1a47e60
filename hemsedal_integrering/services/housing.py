"""Housing units, landlords, leases and tenancies (moving households in and out)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import vocab
from ..context import Context
from ..errors import ValidationError
from ..i18n import _, ngettext, short_date
from ..models import Household, HousingUnit, Landlord, Lease, Municipality, Tenancy
from ..rules.dates import overlaps
from .access import require
from . import moving_tasks, unit_letting
from .followup_bulk import close_dwelling_item
from .base import (
    MAX_LONG_TEXT,
    Changes,
    Errors,
    audit,
    choice,
    create_audited,
    get_or_404,
    parse_date,
    parse_float,
    parse_int,
    reject_unknown,
    save_audited,
    text,
    transaction,
)

MAX_DEPOSIT_MONTHS = 6  # husleieloven § 3-5: deposit at most six months' rent

_UNIT_FIELDS = ("municipality", "address", "postal_code", "place", "ownership", "size_m2", "bedrooms", "capacity",
                "heating", "has_wood_stove", "has_garden", "snow_clearing_by", "lawn_mowing_by", "notes")


def _clean_unit(errors: Errors, v: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "municipality" in v:
        m = Municipality.get_or_none(Municipality.code == v["municipality"])
        if m is None:
            errors.add("municipality", _("Choose a municipality (Hemsedal or Gol)."))
        out["municipality"] = m
    if "address" in v:
        out["address"] = text(errors, "address", v["address"], required=True, label=_("Address"))
    if "postal_code" in v:
        out["postal_code"] = text(errors, "postal_code", v["postal_code"], label=_("Postal code"), max_length=10)
        if out["postal_code"] and not (out["postal_code"].isdigit() and len(out["postal_code"]) == 4):
            errors.add("postal_code", _("The postal code must have four digits."))
    if "place" in v:
        out["place"] = text(errors, "place", v["place"], label=_("Place"))
    if "ownership" in v:
        out["ownership"] = choice(errors, "ownership", v["ownership"], vocab.OWNERSHIP, label=_("Ownership"))
    if "size_m2" in v:
        out["size_m2"] = parse_float(errors, "size_m2", v["size_m2"], label=_("Size"), minimum=5, maximum=1000)
    if "bedrooms" in v:
        out["bedrooms"] = parse_int(errors, "bedrooms", v["bedrooms"], required=True, label=_("Number of bedrooms"),
                                    minimum=0, maximum=20)
    if "capacity" in v:
        out["capacity"] = parse_int(errors, "capacity", v["capacity"], required=True,
                                    label=_("Capacity (number of households)"), minimum=1, maximum=20)
    if "heating" in v:
        out["heating"] = choice(errors, "heating", v["heating"], vocab.HEATING, label=_("Heating"))
    for flag in ("has_wood_stove", "has_garden"):
        if flag in v:
            out[flag] = bool(v[flag])
    for duty, label in (("snow_clearing_by", _("Snow clearing")), ("lawn_mowing_by", _("Lawn mowing"))):
        if duty in v:
            out[duty] = choice(errors, duty, v[duty], vocab.DUTY_BY, label=label)
    if "notes" in v:
        out["notes"] = text(errors, "notes", v["notes"], label=_("Note"), max_length=MAX_LONG_TEXT)
    return out


def create_unit(ctx: Context, *, municipality: str, address: str, ownership: str, bedrooms: Any = 1,
                capacity: Any = 1, postal_code: str = "", place: str = "", size_m2: Any = None,
                heating: str = "electric", has_wood_stove: bool = False, has_garden: bool = False,
                snow_clearing_by: str = "tenant", lawn_mowing_by: str = "none", notes: str = "") -> Changes:
    """Register a dwelling (municipal, or private and then leased from a landlord)."""
    require(ctx, "housing.write")
    values = dict(municipality=municipality, address=address, ownership=ownership, bedrooms=bedrooms,
                  capacity=capacity, postal_code=postal_code, place=place, size_m2=size_m2, heating=heating,
                  has_wood_stove=has_wood_stove, has_garden=has_garden, snow_clearing_by=snow_clearing_by,
                  lawn_mowing_by=lawn_mowing_by, notes=notes)
    errors = Errors()
    clean = _clean_unit(errors, values)
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        create_audited(ctx, HousingUnit, clean, changes)
    return changes


def update_unit(ctx: Context, *, unit_id: int, **values: Any) -> Changes:
    """Edit a unit. Capacity cannot go below the number of households living there now."""
    require(ctx, "housing.write")
    unit = get_or_404(HousingUnit, unit_id, _("the housing unit"))
    reject_unknown(values, _UNIT_FIELDS, "unit")
    errors = Errors()
    clean = _clean_unit(errors, values)
    if clean.get("capacity"):
        living = _open_tenancies_on(unit, ctx.today()).count()
        if clean["capacity"] < living:
            errors.add("capacity", ngettext(
                "{count} household lives in the unit now; the capacity cannot be lower.",
                "{count} households live in the unit now; the capacity cannot be lower.", living).format(count=living))
    if clean.get("ownership") == "municipal" and unit.ownership == "private" and \
            Lease.select().where(Lease.unit == unit).exists():
        errors.add("ownership", _("The unit has leases with a private landlord and cannot be made municipal."))
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        save_audited(ctx, unit, clean, changes)
    return changes


def set_unit_active(ctx: Context, *, unit_id: int, active: bool) -> Changes:
    """Archive (or reactivate) a unit. Refused while a household lives there."""
    require(ctx, "housing.write")
    unit = get_or_404(HousingUnit, unit_id, _("the housing unit"))
    if not active and Tenancy.select().where((Tenancy.unit == unit) & Tenancy.end_date.is_null()).exists():
        raise ValidationError(_("Someone lives in the unit. Move the household out before the unit is archived."))
    changes = Changes()
    with transaction(ctx):
        if unit.active != active:
            unit.active = active
            unit.save()
            audit(ctx, "update", "housing_unit", unit.id, {"active": (not active, active)}, changes)
    return changes


def delete_unit(ctx: Context, *, unit_id: int) -> Changes:
    """Delete a unit registered by mistake; refused once it has leases or tenancies (archive instead)."""
    require(ctx, "housing.write")
    unit = get_or_404(HousingUnit, unit_id, _("the housing unit"))
    if (Tenancy.select().where(Tenancy.unit == unit).exists() or Lease.select().where(Lease.unit == unit).exists()
            or unit_letting.has_lettings(unit.id)):
        raise ValidationError(_("The unit has tenancies or leases and cannot be deleted. Archive it instead."))
    changes = Changes()
    with transaction(ctx):
        audit(ctx, "delete", "housing_unit", unit.id, {"address": (unit.address, None)}, changes)
        unit.delete_instance()
    return changes


# ----- landlords -----

def _clean_landlord(errors: Errors, v: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "name" in v:
        out["name"] = text(errors, "name", v["name"], required=True, label=_("Name"))
    if "org_nr" in v:
        out["org_nr"] = text(errors, "org_nr", v["org_nr"], label=_("Organisation number"),
                             max_length=20).replace(" ", "")
        if out["org_nr"]:
            from stdnum.no import orgnr
            if not orgnr.is_valid(out["org_nr"]):
                errors.add("org_nr", _("The organisation number is not valid (9 digits with a check digit)."))
    for name, label in (("phone", _("Phone")), ("email", _("Email")), ("address", _("Address"))):
        if name in v:
            out[name] = text(errors, name, v[name], label=label)
    if "notes" in v:
        out["notes"] = text(errors, "notes", v["notes"], label=_("Note"), max_length=MAX_LONG_TEXT)
    return out


def create_landlord(ctx: Context, *, name: str, org_nr: str = "", phone: str = "", email: str = "",
                    address: str = "", notes: str = "") -> Changes:
    """Register a private landlord."""
    require(ctx, "housing.write")
    errors = Errors()
    clean = _clean_landlord(errors, dict(name=name, org_nr=org_nr, phone=phone, email=email, address=address,
                                         notes=notes))
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        create_audited(ctx, Landlord, clean, changes)
    return changes


def update_landlord(ctx: Context, *, landlord_id: int, **values: Any) -> Changes:
    """Edit a landlord's name and contact details."""
    require(ctx, "housing.write")
    row = get_or_404(Landlord, landlord_id, _("the landlord"))
    errors = Errors()
    clean = _clean_landlord(errors, values)
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        save_audited(ctx, row, clean, changes)
    return changes


# ----- leases -----

def _lease_end(lease: Lease) -> dt.date | None:
    return lease.terminated_date or lease.end_date


def _clean_lease(errors: Errors, v: dict[str, Any], *, unit: HousingUnit | None, lease_id: int | None) -> dict:
    out: dict[str, Any] = {}
    out["monthly_rent"] = parse_int(errors, "monthly_rent", v.get("monthly_rent"), required=True,
                                    label=_("Monthly rent"), minimum=0, maximum=200_000)
    out["deposit"] = parse_int(errors, "deposit", v.get("deposit") or 0, label=_("Deposit"), minimum=0) or 0
    out["guarantee"] = choice(errors, "guarantee", v.get("guarantee") or "deposit", vocab.GUARANTEES,
                              label=_("Security"))
    out["start_date"] = parse_date(errors, "start_date", v.get("start_date"), required=True, label=_("Start date"))
    out["end_date"] = parse_date(errors, "end_date", v.get("end_date"), label=_("End date"))
    out["notice_months"] = parse_int(errors, "notice_months", v.get("notice_months", 3), required=True,
                                     label=_("Notice period"), minimum=0, maximum=24)
    out["rent_adjustment_date"] = parse_date(errors, "rent_adjustment_date", v.get("rent_adjustment_date"),
                                             label=_("Date of rent adjustment"))
    out["notes"] = text(errors, "notes", v.get("notes", ""), label=_("Note"), max_length=MAX_LONG_TEXT)
    rent, deposit = out["monthly_rent"], out["deposit"]
    if rent is not None and deposit and deposit > MAX_DEPOSIT_MONTHS * rent:
        errors.add("deposit", _("The deposit can be at most six months' rent ({amount} kr).").format(
            amount=f"{MAX_DEPOSIT_MONTHS * rent:,}".replace(",", "\u00a0")))
    start, end = out["start_date"], out["end_date"]
    if start and end and end < start:
        errors.add("end_date", _("The end date cannot be before the start date."))
    if unit is not None and start:
        others = Lease.select().where(Lease.unit == unit)
        if lease_id is not None:
            others = others.where(Lease.id != lease_id)
        for other in others:
            if overlaps(start, end, other.start_date, _lease_end(other)):
                errors.add("start_date", _("The unit already has a lease in the period (from {date}).").format(
                    date=short_date(other.start_date)))
                break
    return out


def create_lease(ctx: Context, *, unit_id: int, landlord_id: int, monthly_rent: Any, start_date: Any,
                 end_date: Any = None, deposit: Any = 0, guarantee: str = "deposit", notice_months: Any = 3,
                 rent_adjustment_date: Any = None, notes: str = "") -> Changes:
    """Record the service's lease of a private unit from a landlord.

    Rules: only private units; no two leases of one unit overlap; deposit at
    most six months' rent; no negative amounts; end not before start.
    """
    require(ctx, "housing.write")
    errors = Errors()
    unit = HousingUnit.get_or_none(HousingUnit.id == unit_id)
    landlord = Landlord.get_or_none(Landlord.id == landlord_id)
    if unit is None:
        errors.add("unit", _("Choose a housing unit."))
    elif unit.ownership != "private":
        errors.add("unit", _("Only private units have a lease with a landlord. This unit is municipal."))
    if landlord is None:
        errors.add("landlord", _("Choose a landlord."))
    clean = _clean_lease(errors, dict(monthly_rent=monthly_rent, start_date=start_date, end_date=end_date,
                                      deposit=deposit, guarantee=guarantee, notice_months=notice_months,
                                      rent_adjustment_date=rent_adjustment_date, notes=notes),
                         unit=unit, lease_id=None)
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        create_audited(ctx, Lease, clean, changes, unit=unit, landlord=landlord)
    return changes


def update_lease(ctx: Context, *, lease_id: int, **values: Any) -> Changes:
    """Edit a lease's terms (rent, deposit, period, notice, regulation date, notes)."""
    require(ctx, "housing.write")
    lease = get_or_404(Lease, lease_id, _("the lease"))
    current = {k: getattr(lease, k) for k in ("monthly_rent", "deposit", "guarantee", "start_date", "end_date",
                                               "notice_months", "rent_adjustment_date", "notes")}
    reject_unknown(values, current, "lease")
    errors = Errors()
    clean = _clean_lease(errors, {**current, **values}, unit=lease.unit, lease_id=lease.id)
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        save_audited(ctx, lease, clean, changes)
    return changes


def end_lease(ctx: Context, *, lease_id: int, end_date: Any) -> Changes:
    """End a lease early (oppsigelse). Refused while a household lives in the unit after that date."""
    require(ctx, "housing.write")
    lease = get_or_404(Lease, lease_id, _("the lease"))
    errors = Errors()
    day = parse_date(errors, "end_date", end_date, required=True, label=_("End date"))
    if day and day < lease.start_date:
        errors.add("end_date", _("The end date cannot be before the lease started."))
    if day:
        living = Tenancy.select().where((Tenancy.unit == lease.unit_id) & (
            Tenancy.end_date.is_null() | (Tenancy.end_date > day)) & (Tenancy.start_date <= day))
        if living.exists():
            errors.add("end_date", _("A household lives in the unit after this date. Move the household out first."))
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        old = lease.terminated_date
        lease.terminated_date = day
        lease.save()
        audit(ctx, "update", "lease", lease.id, {"terminated_date": (old, day)}, changes)
    return changes


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


def move_in(ctx: Context, *, household_id: int, unit_id: int, start_date: Any, end_date: Any = None,
            monthly_rent: Any = None, notes: str = "") -> Changes:
    """Let a household live in a unit from ``start_date``.

    Refused when the unit is full for any day of the period (capacity), when
    the household lives elsewhere in the period, before settlement (more
    than a month: a home is readied just before arrival), after moving away,
    for an archived unit, or for a private unit without a lease that day.
    """
    require(ctx, "housing.write")
    errors = Errors()
    household = Household.get_or_none(Household.id == household_id)
    unit = HousingUnit.get_or_none(HousingUnit.id == unit_id)
    if household is None:
        errors.add("household", _("Choose a household."))
    if unit is None:
        errors.add("unit", _("Choose a housing unit."))
    start = parse_date(errors, "start_date", start_date, required=True, label=_("Moving-in date"))
    end = parse_date(errors, "end_date", end_date, label=_("Moving-out date"))
    rent = parse_int(errors, "monthly_rent", monthly_rent, label=_("Rent"), minimum=0, maximum=200_000)
    note = text(errors, "notes", notes, label=_("Note"), max_length=2000)
    if start and end and end < start:
        errors.add("end_date", _("The move-out date cannot be before the move-in date."))
    if household is not None and unit is not None and start:
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
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        t = Tenancy.create(unit=unit, household=household, start_date=start, end_date=end, monthly_rent=rent,
                           notes=note)
        audit(ctx, "create", "tenancy", t.id, {"unit": (None, unit.id), "household": (None, household.id),
                                               "start_date": (None, start), "end_date": (None, end)}, changes)
        close_dwelling_item(ctx, household.id, changes)  # moving in proves "Bolig skaffet" done
        moving_tasks.add_move_in_task(ctx, t, changes)  # the housing office's move-in inspection
    return changes


def move_out(ctx: Context, *, tenancy_id: int, end_date: Any) -> Changes:
    """End a tenancy: the household's last day in the unit."""
    require(ctx, "housing.write")
    t = get_or_404(Tenancy, tenancy_id, _("the tenancy"))
    errors = Errors()
    day = parse_date(errors, "end_date", end_date, required=True, label=_("Moving-out date"))
    if day and day < t.start_date:
        errors.add("end_date", _("The move-out date cannot be before moving in ({date}).").format(
            date=short_date(t.start_date)))
    if day and t.end_date is not None and day > t.end_date:
        later = Tenancy.select().where((Tenancy.household == t.household_id) & (Tenancy.id != t.id) &
                                       (Tenancy.start_date > t.end_date) & (Tenancy.start_date <= day))
        if later.exists():
            errors.add("end_date", _("The household moves into another unit before this date."))
    errors.raise_if_any()
    changes = Changes()
    with transaction(ctx):
        old = t.end_date
        t.end_date = day
        t.save()
        audit(ctx, "update", "tenancy", t.id, {"end_date": (old, day)}, changes)
        moving_tasks.add_move_out_task(ctx, t, changes)  # the housing office's move-out inspection
    return changes
