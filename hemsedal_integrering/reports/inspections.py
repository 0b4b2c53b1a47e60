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

from peewee import JOIN, Case, fn

from .. import vocab
from ..context import Context
from ..i18n import _, ngettext
from ..models import FollowUpItem, Household, HousingUnit, Inspection, InspectionPoint, Municipality, Tenancy
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
    ok_points: int = 0
    not_relevant_points: int = 0
    open_points: int = 0  # no result yet (a planned visit)
    measures: int = 0
    open_measures: int = 0

    @property
    def summary(self) -> str:
        """One line for the list: '12 OK · 1 må følges opp · 2 tiltak (1 åpent)'."""
        if self.status == "cancelled":
            return self.remarks
        if self.status == "planned":
            total = self.ok_points + self.follow_up_points + self.not_relevant_points + self.open_points
            return ngettext("{n} point to go through", "{n} points to go through", total).format(n=total)
        parts = [_("{n} OK").format(n=self.ok_points)]
        if self.follow_up_points:
            parts.append(ngettext("{n} needs follow-up", "{n} need follow-up", self.follow_up_points)
                         .format(n=self.follow_up_points))
        if self.not_relevant_points:
            parts.append(_("{n} not relevant").format(n=self.not_relevant_points))
        if self.measures:
            parts.append(ngettext("{n} measure ({open} open)", "{n} measures ({open} open)", self.measures)
                         .format(n=self.measures, open=self.open_measures))
        line = " · ".join(parts)
        return f"{line} – {self.remarks}" if self.remarks else line


def units_overview(ctx: Context, *, municipality: str | None = None, only_due: bool = False,
                   search: str = "") -> list[UnitInspectionRow]:
    """One row per active unit with its current tenancy (if any) and inspection state on today.

    Two queries whatever the number of units (it was ~7 per occupied unit): the units, and
    each unit's current tenancy (the one that started last) with its inspections counted.
    """
    require(ctx, "inspections.read")
    today = ctx.today()
    period_start, period_end = rules.season_period(today)
    q = (HousingUnit.select(HousingUnit.id, HousingUnit.address, HousingUnit.place,
                            Municipality.name.alias("municipality_name"))
         .join(Municipality, on=(HousingUnit.municipality == Municipality.id))
         .where(HousingUnit.active == True))  # noqa: E712
    if municipality:
        q = q.where(Municipality.code == municipality)
    if search.strip():
        q = q.where(HousingUnit.address ** f"%{search.strip()}%" | HousingUnit.place ** f"%{search.strip()}%")
    current = _current_tenancies(today, period_start, period_end)
    out = []
    for unit_id, address, place, municipality_name in q.order_by(HousingUnit.address).tuples():
        row = UnitInspectionRow(unit_id=unit_id, address=address, place=place,
                                municipality=vocab.short_municipality(municipality_name), tenancy_id=None,
                                household_name="", follow_up_year=None, last_done=None, next_planned=None,
                                due=False, done_count=0)
        tenancy = current.get(unit_id)
        if tenancy is not None:
            tenancy_id, household_name, settled, done_count, last_done, next_planned, in_period = tenancy
            row.tenancy_id = tenancy_id
            row.household_name = household_name
            row.follow_up_year = follow_up_year(settled, today) if settled else None
            row.done_count = done_count
            row.last_done = last_done
            row.next_planned = next_planned
            row.due = bool(row.follow_up_year and row.follow_up_year >= 1 and not in_period)
        if only_due and not row.due:
            continue
        out.append(row)
    return out


def _current_tenancies(today: dt.date, period_start: dt.date, period_end: dt.date) -> dict[int, tuple]:
    """unit id -> (tenancy id, household name, settlement date, inspections done, last done,
    next planned, any inspection done or planned in the season period) for the tenancy living
    there today that started last (ties: the first registered), in one query."""
    live = ((Tenancy.start_date <= today) & (Tenancy.end_date.is_null() | (Tenancy.end_date >= today)))
    rank = fn.ROW_NUMBER().over(partition_by=[Tenancy.unit], order_by=[Tenancy.start_date.desc(), Tenancy.id])
    ranked = (Tenancy.select(Tenancy.id, Tenancy.unit, Tenancy.household, rank.alias("rank"))
              .where(live).cte("ranked"))
    done = Inspection.status == "done"
    # a visit counts for the period by its date done, else its planned day (planned_at < the day after the end)
    in_period = (Inspection.status != "cancelled") & (
        (Inspection.performed_date.is_null(False) & Inspection.performed_date.between(period_start, period_end))
        | (Inspection.performed_date.is_null() & (Inspection.planned_at >= period_start)
           & (Inspection.planned_at < period_end + dt.timedelta(days=1))))
    q = (ranked.select_from(ranked.c.id, ranked.c.unit_id, Household.name, Household.settlement_date,
                            fn.COUNT(Case(None, [(done, 1)])),
                            fn.MAX(Case(None, [(done, Inspection.performed_date)])),
                            fn.MIN(Case(None, [(Inspection.status == "planned", Inspection.planned_at)])),
                            fn.MAX(Case(None, [(in_period, 1)], 0)))
         .join(Household, on=(Household.id == ranked.c.household_id))
         .join(Inspection, JOIN.LEFT_OUTER, on=(Inspection.tenancy == ranked.c.id))
         .where(ranked.c.rank == 1)
         .group_by(ranked.c.id, ranked.c.unit_id, Household.name, Household.settlement_date))
    date_of, datetime_of = Inspection.performed_date.python_value, Inspection.planned_at.python_value
    settled_of = Household.settlement_date.python_value
    return {unit_id: (tenancy_id, name, settled_of(settled), int(n_done), date_of(last) if last else None,
                      datetime_of(nxt) if nxt else None, bool(in_p))
            for tenancy_id, unit_id, name, settled, n_done, last, nxt, in_p in q.tuples()}


def measure_key(inspection_id: int) -> str:
    """The ``FollowUpItem.template_key`` of the measures an inspection created."""
    return f"inspection:{inspection_id}"


def _legacy_measures(insp: Inspection) -> list[FollowUpItem]:
    """Measures recorded before they carried ``inspection:<id>``: the household's inspection
    tasks whose note names this visit (the note the recording service wrote)."""
    from ..i18n import short_date
    if insp.status != "done" or insp.performed_date is None:
        return []
    tenancy = insp.tenancy
    note = _("From the housing inspection {date}, {address}").format(date=short_date(insp.performed_date),
                                                                    address=tenancy.unit.address)
    return list(FollowUpItem.select().where((FollowUpItem.household == tenancy.household_id)
                                            & (FollowUpItem.source == "inspection")
                                            & (FollowUpItem.template_key == "") & (FollowUpItem.note == note))
                .order_by(FollowUpItem.due_date, FollowUpItem.id))


def inspections_for_tenancy(ctx: Context, *, tenancy_id: int) -> list[InspectionRow]:
    """A tenancy's inspections, newest first, with point results and measures counted."""
    require(ctx, "inspections.read")
    rows = []
    insps = list(Inspection.select().where(Inspection.tenancy == tenancy_id).order_by(Inspection.planned_at.desc()))
    ids = [i.id for i in insps]
    counts: dict[tuple[int, str | None], int] = {}
    if ids:
        q = (InspectionPoint.select(InspectionPoint.inspection, InspectionPoint.result, fn.COUNT(InspectionPoint.id))
             .where(InspectionPoint.inspection.in_(ids))
             .group_by(InspectionPoint.inspection, InspectionPoint.result).tuples())
        counts = {(iid, res): n for iid, res, n in q}
    measures: dict[str, list[str]] = {}
    if ids:
        for key, status in (FollowUpItem.select(FollowUpItem.template_key, FollowUpItem.status)
                            .where(FollowUpItem.template_key.in_([measure_key(i) for i in ids])).tuples()):
            measures.setdefault(key, []).append(status)
    for i in insps:
        m = measures.get(measure_key(i.id)) or [f.status for f in _legacy_measures(i)]
        rows.append(InspectionRow(id=i.id, tenancy_id=tenancy_id, planned_at=i.planned_at,
                                  performed_date=i.performed_date, status=i.status, follow_up_year=i.follow_up_year,
                                  season=i.season, follow_up_points=counts.get((i.id, "follow_up"), 0),
                                  remarks=i.remarks, ok_points=counts.get((i.id, "ok"), 0),
                                  not_relevant_points=counts.get((i.id, "not_relevant"), 0),
                                  open_points=counts.get((i.id, None), 0), measures=len(m),
                                  open_measures=sum(1 for st in m if st in ("open", "postponed"))))
    return rows


@dataclass
class MeasureRow:
    """A measure decided at an inspection, as the task it became."""

    id: int
    title: str
    due_date: dt.date
    responsible: str  # label
    status: str  # label
    done_date: dt.date | None


@dataclass
class InspectionDetail:
    """Everything recorded about one inspection: the record a user reads afterwards."""

    id: int
    status: str  # label
    status_code: str
    address: str
    place: str
    household_name: str
    follow_up_year: int
    season: str  # label
    planned_at: dt.datetime
    notice_sent_date: dt.date | None
    performed_date: dt.date | None
    inspector: str
    remarks: str
    points: list[tuple[str, str, str | None, str]]  # (category, text, result code, remark)
    measures: list[MeasureRow]


def inspection_detail(ctx: Context, *, inspection_id: int) -> InspectionDetail:
    """The full record of an inspection, its points' results and remarks, and its measures' tasks."""
    from ..rules.followup import RESPONSIBLE, STATUSES
    from ..services.base import get_or_404
    require(ctx, "inspections.read")
    insp = get_or_404(Inspection, inspection_id, _("the inspection"))
    tenancy = insp.tenancy
    unit = tenancy.unit
    points = [(p.category, p.text, p.result, p.remark)
              for p in insp.points.order_by(InspectionPoint.sort_order, InspectionPoint.id)]
    items = (list(FollowUpItem.select().where(FollowUpItem.template_key == measure_key(insp.id))
                  .order_by(FollowUpItem.due_date, FollowUpItem.id)) or _legacy_measures(insp))
    measures = [MeasureRow(id=f.id, title=f.title, due_date=f.due_date,
                           responsible=str(RESPONSIBLE.get(f.responsible, f.responsible)),
                           status=str(STATUSES.get(f.status, f.status)), done_date=f.done_date) for f in items]
    # Only the columns a housing login may read on a server (``insp.inspector``/``tenancy.household`` read them all).
    from ..queries.contact import household, user_name
    inspector = user_name(insp.inspector_id)
    return InspectionDetail(
        id=insp.id, status=str(rules.INSPECTION_STATUSES.get(insp.status, insp.status)), status_code=insp.status,
        address=unit.address, place=" ".join(x for x in (unit.postal_code, unit.place) if x),
        household_name=household(tenancy.household_id).name, follow_up_year=insp.follow_up_year,
        season=str(rules.SEASONS.get(insp.season, insp.season)), planned_at=insp.planned_at,
        notice_sent_date=insp.notice_sent_date, performed_date=insp.performed_date, inspector=inspector,
        remarks=insp.remarks, points=points, measures=measures)


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
