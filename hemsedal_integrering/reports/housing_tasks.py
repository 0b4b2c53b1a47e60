"""The housing office's task list: open tasks it is responsible for and every inspection measure.

Needs ``followup.read_housing`` (housing staff) or ``followup.read``. Rows are
``reports.tasks.TaskRow`` so the task table shows them the same way; nothing
sensitive is read (household name, the person's name, the task). Which tasks
belong to the housing office is ``rules.followup.is_housing_task``.
"""

from __future__ import annotations

import datetime as dt

from peewee import JOIN, fn

from .. import vocab
from ..context import Context
from ..errors import PermissionDenied
from ..i18n import _
from ..models import FollowUpItem, Household, Municipality, Person, User
from ..rules import followup as rules
from ..services.access import can
from .tasks import TaskRow, bucket_counts


def _require(ctx: Context) -> None:
    if not (can(ctx, "followup.read_housing") or can(ctx, "followup.read")):
        raise PermissionDenied(_("You do not have access to the follow-up plans."))


def _housing_items(search: str = "", municipality: str | None = None):
    q = (FollowUpItem.select(FollowUpItem, Household.name.alias("household_name"),
                             Municipality.name.alias("municipality_name"), Person.first_name, Person.last_name,
                             User.full_name)
         .join(Household, on=(FollowUpItem.household == Household.id))
         .join(Municipality, on=(Household.municipality == Municipality.id))
         .switch(FollowUpItem).join(Person, JOIN.LEFT_OUTER, on=(FollowUpItem.person == Person.id))
         .switch(FollowUpItem).join(User, JOIN.LEFT_OUTER, on=(FollowUpItem.assigned_to == User.id))
         .where(FollowUpItem.status.in_(rules.OPEN_STATUSES)
                & ((FollowUpItem.responsible == rules.HOUSING_RESPONSIBLE) | (FollowUpItem.source == "inspection"))))
    if municipality:
        q = q.where(Municipality.code == municipality)
    if search.strip():
        like = f"%{search.strip()}%"
        q = q.where(FollowUpItem.title ** like | Household.name ** like)
    return q


def list_housing_tasks(ctx: Context, *, search: str = "", municipality: str | None = None,
                       horizon_days: int = 30, include_later: bool = False, limit: int = 5000) -> list[TaskRow]:
    """The housing office's open tasks, overdue first, then by deadline (later ones with ``include_later``)."""
    _require(ctx)
    today = ctx.today()
    q = _housing_items(search, municipality)
    if not include_later:
        q = q.where(FollowUpItem.due_date <= today + dt.timedelta(days=horizon_days))
    q = q.order_by(FollowUpItem.due_date, Household.name, FollowUpItem.id).limit(limit)
    out = []
    for item in q.objects():
        out.append(TaskRow(
            id=item.id, household_id=item.household_id, household_name=item.household_name,
            municipality=vocab.short_municipality(item.municipality_name),
            person_name=f"{item.first_name or ''} {item.last_name or ''}".strip(), title=item.title,
            responsible=item.responsible, due_date=item.due_date, original_due_date=item.original_due_date,
            status=item.status, follow_up_year=item.follow_up_year, source=item.source,
            assigned_to=item.full_name or "", reason=item.reason,
            bucket=rules.bucket(item.due_date, today, horizon_days=horizon_days)))
    return out


def count_housing_tasks(ctx: Context, *, search: str = "", municipality: str | None = None,
                        horizon_days: int = 30, include_later: bool = False) -> dict[str, int]:
    """The buckets of every task ``list_housing_tasks`` would give without its row limit (counted in SQL)."""
    _require(ctx)
    return bucket_counts(_housing_items(search, municipality), ctx.today(), horizon_days=horizon_days,
                         include_later=include_later)


def overdue_housing_count(ctx: Context) -> int:
    """Open housing-office tasks due before today (0 without access)."""
    if not (can(ctx, "followup.read_housing") or can(ctx, "followup.read")):
        return 0
    return int(FollowUpItem.select(fn.COUNT(FollowUpItem.id)).where(  # lean: the start page counts it
        FollowUpItem.status.in_(rules.OPEN_STATUSES) & (FollowUpItem.due_date < ctx.today())
        & ((FollowUpItem.responsible == rules.HOUSING_RESPONSIBLE) | (FollowUpItem.source == "inspection"))).scalar()
        or 0)
