"""Read side of the follow-up plan: the task overview, the overdue count, a household's timeline.

Filtering and sorting run in SQL; rows are plain dataclasses (no Qt).
Grouping (``rules.followup.bucket``): overdue (before today), this week
(today … Sunday), within 30 days, later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from peewee import JOIN, Case, fn

from .. import vocab
from ..context import Context
from ..models import FollowUpItem, Household, Municipality, Person, User
from ..rules import followup as rules
from ..rules.dates import add_years, follow_up_end, follow_up_year
from ..services.access import require


@dataclass
class TaskRow:
    """One open item in the overview."""

    id: int
    household_id: int
    household_name: str
    municipality: str
    person_name: str
    title: str
    responsible: str
    due_date: dt.date
    original_due_date: dt.date | None
    status: str
    follow_up_year: int
    source: str
    assigned_to: str
    reason: str
    bucket: str

    @property
    def responsible_label(self) -> str:
        return rules.RESPONSIBLE.get(self.responsible, self.responsible)


def _open_items(ctx: Context, *, responsible: str | None = None, municipality: str | None = None,
                assigned_to: int | None = None, search: str = ""):
    q = (FollowUpItem.select(FollowUpItem, Household.name.alias("household_name"),
                             Municipality.name.alias("municipality_name"), Person.first_name, Person.last_name,
                             User.full_name)
         .join(Household, on=(FollowUpItem.household == Household.id))
         .join(Municipality, on=(Household.municipality == Municipality.id))
         .switch(FollowUpItem).join(Person, JOIN.LEFT_OUTER, on=(FollowUpItem.person == Person.id))
         .switch(FollowUpItem).join(User, JOIN.LEFT_OUTER, on=(FollowUpItem.assigned_to == User.id))
         .where(FollowUpItem.status.in_(rules.OPEN_STATUSES)))
    if responsible:
        q = q.where(FollowUpItem.responsible == responsible)
    if municipality:
        q = q.where(Municipality.code == municipality)
    if assigned_to == 0:
        q = q.where(FollowUpItem.assigned_to.is_null())
    elif assigned_to is not None:
        q = q.where(FollowUpItem.assigned_to == assigned_to)
    if search.strip():
        like = f"%{search.strip()}%"
        q = q.where(FollowUpItem.title ** like | Household.name ** like | Person.first_name ** like
                    | Person.last_name ** like)
    return q


def list_tasks(ctx: Context, *, responsible: str | None = None, municipality: str | None = None,
               assigned_to: int | None = None, search: str = "", horizon_days: int = 30,
               include_later: bool = False, limit: int = 5000) -> list[TaskRow]:
    """Open items that are overdue or due within ``horizon_days`` (all, with ``include_later``), by due date.

    ``assigned_to`` 0 means "nobody assigned".
    """
    require(ctx, "followup.read")
    today = ctx.today()
    q = _open_items(ctx, responsible=responsible, municipality=municipality, assigned_to=assigned_to, search=search)
    if not include_later:
        q = q.where(FollowUpItem.due_date <= today + dt.timedelta(days=horizon_days))
    q = q.order_by(FollowUpItem.due_date, Household.name, FollowUpItem.id).limit(limit)
    # the columns shown, as tuples: building a full FollowUpItem per row was ~80 % of the time
    q = q.select(FollowUpItem.id, FollowUpItem.household, Household.name, Municipality.name, Person.first_name,
                 Person.last_name, FollowUpItem.title, FollowUpItem.responsible, FollowUpItem.due_date,
                 FollowUpItem.original_due_date, FollowUpItem.status, FollowUpItem.follow_up_year,
                 FollowUpItem.source, User.full_name, FollowUpItem.reason).tuples()
    out = []
    for (item_id, household_id, household_name, municipality_name, first, last, title, responsible, due, original,
         status, year, source, assigned, reason) in q:
        out.append(TaskRow(
            id=item_id, household_id=household_id, household_name=household_name,
            municipality=vocab.short_municipality(municipality_name), person_name=f"{first or ''} {last or ''}".strip(),
            title=title, responsible=responsible, due_date=due, original_due_date=original, status=status,
            follow_up_year=year, source=source, assigned_to=assigned or "", reason=reason,
            bucket=rules.bucket(due, today, horizon_days=horizon_days)))
    return out


def count_tasks(ctx: Context, *, responsible: str | None = None, municipality: str | None = None,
                assigned_to: int | None = None, search: str = "", horizon_days: int = 30,
                include_later: bool = False) -> dict[str, int]:
    """``group_counts`` of every item ``list_tasks`` would give without its row limit, counted in SQL.

    The list stops at ``limit`` rows (5,000): at 300,000 persons the overview holds more, and
    counting the rows shown would say "Forfalt: 5000" whatever the true number.
    """
    require(ctx, "followup.read")
    q = _open_items(ctx, responsible=responsible, municipality=municipality, assigned_to=assigned_to, search=search)
    return bucket_counts(q, ctx.today(), horizon_days=horizon_days, include_later=include_later)


def bucket_counts(q, today: dt.date, *, horizon_days: int, include_later: bool) -> dict[str, int]:
    """How many items of the query ``q`` fall in each bucket (``rules.bucket``), in one SQL row."""
    due = FollowUpItem.due_date
    week_end = rules.week_end(today)
    horizon = today + dt.timedelta(days=horizon_days)
    if not include_later:
        q = q.where(due <= horizon)
    conditions = {  # rules.bucket's tests in its order, each excluding the ones before it
        "overdue": due < today,
        "week": (due >= today) & (due <= week_end),
        "month": (due >= today) & (due > week_end) & (due <= horizon),
        "later": (due >= today) & (due > week_end) & (due > horizon),
    }
    row = q.select(*[fn.COALESCE(fn.SUM(Case(None, [(cond, 1)], 0)), 0) for cond in conditions.values()]).tuples()
    values = next(iter(row))
    return {key: int(n) for key, n in zip(conditions, values, strict=True)}


def group_counts(rows: list[TaskRow]) -> dict[str, int]:
    """How many rows fall in each bucket (overdue, week, month, later)."""
    counts = {key: 0 for key in rules.BUCKETS}
    for r in rows:
        counts[r.bucket] += 1
    return counts


def overdue_count(ctx: Context, *, municipality: str | None = None, assigned_to: int | None = None) -> int:
    """Open items due before today (the start page card). 0 for users without follow-up access."""
    from ..services.access import can
    if not can(ctx, "followup.read"):
        return 0
    # a lean count (no joins to names): the start page runs it whenever it refreshes
    q = FollowUpItem.select(fn.COUNT(FollowUpItem.id)).where(
        FollowUpItem.status.in_(rules.OPEN_STATUSES) & (FollowUpItem.due_date < ctx.today()))
    if municipality:
        q = q.join(Household, on=(FollowUpItem.household == Household.id)).join(
            Municipality, on=(Household.municipality == Municipality.id)).where(Municipality.code == municipality)
    if assigned_to == 0:
        q = q.where(FollowUpItem.assigned_to.is_null())
    elif assigned_to is not None:
        q = q.where(FollowUpItem.assigned_to == assigned_to)
    return int(q.scalar() or 0)


def officers(ctx: Context) -> list[tuple[int, str]]:
    """Active users who can be assigned tasks: (id, name)."""
    rows = User.select().where((User.active == True) & (User.role == "officer")).order_by(User.full_name)  # noqa: E712
    return [(u.id, u.full_name) for u in rows]


# ----- the per-household timeline -----

@dataclass
class TimelineItem:
    id: int
    title: str
    person_name: str
    responsible: str
    due_date: dt.date
    original_due_date: dt.date | None
    status: str
    state: str  # done | open | overdue | closed (not relevant / moved)
    done_date: dt.date | None
    note: str
    reason: str
    source: str


@dataclass
class TimelineYear:
    year: int  # 0 = before arrival
    start: dt.date | None
    end: dt.date | None
    items: list[TimelineItem] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for i in self.items if i.state == state)


@dataclass
class Timeline:
    household_id: int
    household_name: str
    settlement_date: dt.date | None
    current_year: int | None  # 0 before arrival, None after year 5
    follow_up_end: dt.date | None
    years: list[TimelineYear]


def household_timeline(ctx: Context, *, household_id: int) -> Timeline:
    """Years 0 (before arrival) to 5 with each item's state on today."""
    require(ctx, "followup.read")
    today = ctx.today()
    household = Household.get_by_id(household_id)
    s = household.settlement_date
    years = [TimelineYear(0, None, s - dt.timedelta(days=1) if s else None)]
    for y in range(1, 6):
        start = add_years(s, y - 1) if s else None
        end = add_years(s, y) - dt.timedelta(days=1) if s else None
        years.append(TimelineYear(y, start, end))
    q = (FollowUpItem.select(FollowUpItem, Person.first_name, Person.last_name)
         .join(Person, JOIN.LEFT_OUTER, on=(FollowUpItem.person == Person.id))
         .where(FollowUpItem.household == household_id)
         .order_by(FollowUpItem.due_date, FollowUpItem.id))
    for item in q.objects():
        if item.status == "done":
            state = "done"
        elif item.status in rules.OPEN_STATUSES:
            state = "overdue" if item.due_date < today else "open"
        else:
            state = "closed"
        year = min(max(item.follow_up_year, 0), 5)
        years[year].items.append(TimelineItem(
            id=item.id, title=item.title,  # first_name, last_name: the joined person's (objects())
            person_name=f"{getattr(item, 'first_name', '') or ''} {getattr(item, 'last_name', '') or ''}".strip(),
            responsible=item.responsible, due_date=item.due_date, original_due_date=item.original_due_date,
            status=item.status, state=state, done_date=item.done_date, note=item.note, reason=item.reason,
            source=item.source))
    return Timeline(household_id=household.id, household_name=household.name, settlement_date=s,
                    current_year=follow_up_year(s, today) if s else 0,
                    follow_up_end=follow_up_end(s) if s else None, years=years)
