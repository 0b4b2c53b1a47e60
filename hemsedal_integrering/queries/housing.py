"""What the housing views and forms show: units, tenancies, leases, landlords, lettings to others.

Plain values only (``Record`` snapshots and small dataclasses); the names a view shows
beside an id (the household of a tenancy, the address of a lease) are joined here, so the
GUI never follows a model relation itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable, cast

from peewee import Expression

from ..context import Context
from ..models import Household, HousingUnit, Landlord, Lease, Municipality, OtherLetting, Tenancy
from .records import Record, as_record


@dataclass(frozen=True)
class TenancyLine:
    """A household's stay in a unit, with the household's name."""

    id: int
    household_id: int
    household_name: str
    start_date: dt.date
    end_date: dt.date | None
    monthly_rent: int | None


@dataclass(frozen=True)
class LeaseLine:
    """A lease with the unit's address and the landlord's name."""

    id: int
    unit_address: str
    landlord_id: int
    landlord_name: str
    monthly_rent: int
    start_date: dt.date
    end_date: dt.date | None
    terminated_date: dt.date | None


@dataclass(frozen=True)
class UnitDetail:
    """A unit with its municipality's name, every tenancy (newest first), lettings and leases."""

    unit: Record
    municipality_name: str
    municipality_code: str
    tenancies: list[TenancyLine]
    lettings: list[Record]
    leases: list[LeaseLine]


@dataclass(frozen=True)
class LeaseDetail:
    """A lease, its unit's address, its landlord and the landlord's other leases (newest first)."""

    lease: Record
    unit_address: str
    landlord: Record
    others: list[LeaseLine]


@dataclass(frozen=True)
class LandlordDetail:
    """A landlord and their leases (newest first)."""

    landlord: Record
    leases: list[LeaseLine]


def _tenancy_lines(ctx: Context, q: Any) -> list[TenancyLine]:  # q: a Tenancy select, filtered and ordered
    rows = (q.select(Tenancy.id, Tenancy.household, Household.name, Tenancy.start_date, Tenancy.end_date,
                     Tenancy.monthly_rent).join(Household).tuples().bind(ctx.db))
    return [TenancyLine(*row) for row in cast(Iterable[tuple[Any, ...]], rows)]


def _lease_lines(ctx: Context, where: Expression) -> list[LeaseLine]:
    q = (Lease.select(Lease.id, HousingUnit.address, Landlord.id, Landlord.name, Lease.monthly_rent, Lease.start_date,
                      Lease.end_date, Lease.terminated_date)
         .join(HousingUnit, on=(Lease.unit == HousingUnit.id))
         .switch(Lease).join(Landlord, on=(Lease.landlord == Landlord.id))
         .where(where).order_by(Lease.start_date.desc()).tuples().bind(ctx.db))
    return [LeaseLine(*row) for row in q]


def unit_detail(ctx: Context, unit_id: int) -> UnitDetail | None:
    """Everything the unit's detail pane and form show, or None when the unit is gone."""
    u = HousingUnit.select().where(HousingUnit.id == unit_id).bind(ctx.db).first()
    if u is None:
        return None
    name, code = Municipality.select(Municipality.name, Municipality.code).where(
        Municipality.id == u.municipality_id).tuples().bind(ctx.db).first() or ("", "")
    tenancies = _tenancy_lines(ctx, Tenancy.select().where(Tenancy.unit == unit_id)
                               .order_by(Tenancy.start_date.desc()))
    lettings = [as_record(o) for o in OtherLetting.select().where(OtherLetting.unit == unit_id)
                .order_by(OtherLetting.start_date.desc()).bind(ctx.db)]
    return UnitDetail(as_record(u), name, code, tenancies, lettings, _lease_lines(ctx, Lease.unit == unit_id))


def lease_detail(ctx: Context, lease_id: int) -> LeaseDetail | None:
    """The lease's detail pane, or None when the lease is gone."""
    le = Lease.select().where(Lease.id == lease_id).bind(ctx.db).first()
    if le is None:
        return None
    address = HousingUnit.select(HousingUnit.address).where(HousingUnit.id == le.unit_id).scalar(ctx.db) or ""
    landlord = Landlord.select().where(Landlord.id == le.landlord_id).bind(ctx.db).get()
    others = [o for o in _lease_lines(ctx, Lease.landlord == le.landlord_id) if o.id != le.id]
    return LeaseDetail(as_record(le), address, as_record(landlord), others)


def landlord_detail(ctx: Context, landlord_id: int) -> LandlordDetail | None:
    """The landlord's detail pane, or None when the landlord is gone."""
    ll = Landlord.select().where(Landlord.id == landlord_id).bind(ctx.db).first()
    if ll is None:
        return None
    return LandlordDetail(as_record(ll), _lease_lines(ctx, Lease.landlord == landlord_id))


def lease_line(ctx: Context, lease_id: int) -> LeaseLine:
    """One lease with its address and landlord (the termination form's intro)."""
    return _lease_lines(ctx, Lease.id == lease_id)[0]


def current_tenancy(ctx: Context, unit_id: int, today: dt.date) -> TenancyLine | None:
    """The newest tenancy of the unit that runs on ``today`` (what printing for a unit is about)."""
    found = _tenancy_lines(ctx, Tenancy.select().where(
        (Tenancy.unit == unit_id) & (Tenancy.start_date <= today)
        & (Tenancy.end_date.is_null() | (Tenancy.end_date >= today))).order_by(Tenancy.start_date.desc()).limit(1))
    return found[0] if found else None


def current_tenancy_of_household(ctx: Context, household_id: int, today: dt.date) -> int | None:
    """The id of the newest tenancy of the household that runs on ``today``."""
    return (Tenancy.select(Tenancy.id).where(
        (Tenancy.household == household_id) & (Tenancy.start_date <= today)
        & (Tenancy.end_date.is_null() | (Tenancy.end_date >= today)))
        .order_by(Tenancy.start_date.desc()).scalar(ctx.db))


def tenancy_household(ctx: Context, tenancy_id: int) -> int | None:
    """The household that holds (or held) the tenancy; None when the tenancy is gone."""
    return Tenancy.select(Tenancy.household).where(Tenancy.id == tenancy_id).scalar(ctx.db)


def tenancy_names(ctx: Context, tenancy_id: int) -> tuple[str, str]:
    """(household name, unit address) of a tenancy (the moving-out form's title)."""
    return (Tenancy.select(Household.name, HousingUnit.address).join(Household).switch(Tenancy)
            .join(HousingUnit).where(Tenancy.id == tenancy_id).tuples().bind(ctx.db).get())


def letting_address(ctx: Context, letting_id: int) -> str:
    """The address of the unit a letting to others is about."""
    found = (OtherLetting.select(HousingUnit.address).join(HousingUnit)
             .where(OtherLetting.id == letting_id).scalar(ctx.db))
    if found is None:
        raise OtherLetting.DoesNotExist(f"other_letting {letting_id} does not exist")  # type: ignore[attr-defined]
    return found


def letting_on(ctx: Context, unit_id: int, day: dt.date) -> Record | None:
    """The unit's letting to others that covers ``day``, if any (``services.unit_letting.let_on``'s rule)."""
    from ..services.unit_letting import let_on
    found = let_on(unit_id, day)
    return as_record(found) if found is not None else None


def unit_options(ctx: Context, ownership: str | None = None) -> dict[int, str]:
    """Units in use, by address ('Address, Place'), optionally of one ownership."""
    q = HousingUnit.select().where(HousingUnit.active).order_by(HousingUnit.address)
    if ownership:
        q = q.where(HousingUnit.ownership == ownership)
    return {u.id: f"{u.address}, {u.place}" if u.place else u.address for u in q.bind(ctx.db)}


def landlord_options(ctx: Context) -> dict[int, str]:
    """Every landlord by name."""
    return dict(Landlord.select(Landlord.id, Landlord.name).order_by(Landlord.name).tuples().bind(ctx.db))


def first_home_date(ctx: Context, household_id: int | None) -> dt.date | None:
    """The settlement date of a household that has never had a home here (its first home is readied
    for the arrival), else None."""
    if not household_id:
        return None
    h = Household.select().where(Household.id == household_id).bind(ctx.db).first()
    if h is None or not h.settlement_date:
        return None
    if Tenancy.select().where(Tenancy.household == household_id).bind(ctx.db).exists():
        return None
    return h.settlement_date
