"""Read side of tenancy inspections for housing staff: due and done per unit.

Needs only ``inspections.read`` and shows no sensitive personal data: the
unit, the household's name (who lives where), follow-up year and the
inspections. Due rule (``rules.checklist.season_period``): a tenancy in
follow-up years 1–5 should have one inspection per season half-year; it is
due when none is done or planned in the current one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import vocab
from ..context import Context
from ..models import Household, HousingUnit, Inspection, InspectionPoint, Municipality, Tenancy
from ..rules import checklist as rules
from ..rules.dates import follow_up_year
from ..services.access import require


@dataclass
class UnitInspectionRow:
    unit_id: int
    address: str
    place: str
    municipality: str
    tenancy_id: int | None
    household_name: str
    follow_up_year: int | None
    last_done: dt.date | None
    next_planned: dt.datetime | None
    due: bool
    done_count: int


@dataclass
class InspectionRow:
    id: int
    tenancy_id: int
    planned_at: dt.datetime
    performed_date: dt.date | None
    status: str
    follow_up_year: int
    season: str
    follow_up_points: int
    remarks: str


def units_overview(ctx: Context, *, municipality: str | None = None, only_due: bool = False,
                   search: str = "") -> list[UnitInspectionRow]:
    """One row per active unit with its current tenancy (if any) and inspection state on today."""
    require(ctx, "inspections.read")
    today = ctx.today()
    period_start, period_end = rules.season_period(today)
    q = (HousingUnit.select(HousingUnit, Municipality.name.alias("municipality_name"))
         .join(Municipality, on=(HousingUnit.municipality == Municipality.id))
         .where(HousingUnit.active == True))  # noqa: E712
    if municipality:
        q = q.where(Municipality.code == municipality)
    if search.strip():
        q = q.where(HousingUnit.address ** f"%{search.strip()}%" | HousingUnit.place ** f"%{search.strip()}%")
    out = []
    for unit in q.order_by(HousingUnit.address).objects():
        tenancy = (Tenancy.select(Tenancy, Household).join(Household)
                   .where((Tenancy.unit == unit.id) & (Tenancy.start_date <= today)
                          & (Tenancy.end_date.is_null() | (Tenancy.end_date >= today)))
                   .order_by(Tenancy.start_date.desc()).first())
        row = UnitInspectionRow(unit_id=unit.id, address=unit.address, place=unit.place,
                                municipality=vocab.short_municipality(unit.municipality_name), tenancy_id=None,
                                household_name="", follow_up_year=None, last_done=None, next_planned=None,
                                due=False, done_count=0)
        if tenancy is not None:
            hh = tenancy.household
            row.tenancy_id = tenancy.id
            row.household_name = hh.name
            row.follow_up_year = follow_up_year(hh.settlement_date, today) if hh.settlement_date else None
            insp = Inspection.select().where(Inspection.tenancy == tenancy.id)
            done = insp.where(Inspection.status == "done").order_by(Inspection.performed_date.desc())
            row.done_count = done.count()
            last = done.first()
            row.last_done = last.performed_date if last else None
            nxt = insp.where(Inspection.status == "planned").order_by(Inspection.planned_at).first()
            row.next_planned = nxt.planned_at if nxt else None
            in_period = any(
                period_start <= (i.performed_date or i.planned_at.date()) <= period_end
                for i in insp.where(Inspection.status != "cancelled"))
            row.due = bool(row.follow_up_year and row.follow_up_year >= 1 and not in_period)
        if only_due and not row.due:
            continue
        out.append(row)
    return out


def inspections_for_tenancy(ctx: Context, *, tenancy_id: int) -> list[InspectionRow]:
    """A tenancy's inspections, newest first, with the number of points that need follow-up."""
    require(ctx, "inspections.read")
    rows = []
    for i in Inspection.select().where(Inspection.tenancy == tenancy_id).order_by(Inspection.planned_at.desc()):
        n = InspectionPoint.select().where((InspectionPoint.inspection == i.id)
                                           & (InspectionPoint.result == "follow_up")).count()
        rows.append(InspectionRow(id=i.id, tenancy_id=tenancy_id, planned_at=i.planned_at,
                                  performed_date=i.performed_date, status=i.status, follow_up_year=i.follow_up_year,
                                  season=i.season, follow_up_points=n, remarks=i.remarks))
    return rows


def due_count(ctx: Context) -> int:
    """How many occupied units need an inspection this season (for a start-page card).

    One SQL query (the start page opens with the program): a unit counts when a
    household living there today is in follow-up years 1–5 and has no
    inspection done or planned in the current season half-year — the same rule
    as ``units_overview``'s ``due`` column.
    """
    from ..rules.dates import add_years
    from ..services.access import can
    if not can(ctx, "inspections.read"):
        return 0
    today = ctx.today()
    period_start, period_end = rules.season_period(today)
    sql = (
        "SELECT count(DISTINCT u.id) FROM housing_unit u "
        "JOIN tenancy t ON t.unit_id = u.id JOIN household h ON h.id = t.household_id "
        "WHERE u.active AND t.start_date <= ? AND (t.end_date IS NULL OR t.end_date >= ?) "
        "AND h.settlement_date <= ? AND h.settlement_date > ? "
        "AND NOT EXISTS (SELECT 1 FROM inspection i WHERE i.tenancy_id = t.id AND i.status != 'cancelled' "
        "AND coalesce(i.performed_date, date(i.planned_at)) BETWEEN ? AND ?)"
    )
    params = [today, today, today, add_years(today, -5), period_start, period_end]
    return int(ctx.db.execute_sql(sql, [p.isoformat() for p in params]).fetchone()[0])