"""The housing office's moving-in and moving-out tasks (its own part of the day, issue 15).

Rule: when a household moves into a unit, the housing office gets a task
«Innflyttingsbefaring» on the moving-in date (the condition report signed by
the tenant is the basis for settling the deposit, husleieloven § 3-5); when a
tenancy ends, «Utflyttingsbefaring og oppgjør av depositum» on the last day.
Only for moves from a week ago on: registering old moves after the fact
(back-registration, demo data) creates no tasks to do. Called inside the
move's own transaction by ``services.housing``.
"""

from __future__ import annotations

import datetime as dt

from ..context import Context
from ..i18n import _
from ..models import Household, Tenancy
from ..rules.followup import HOUSING_RESPONSIBLE
from .base import Changes
from .followup import _create_item

RECENT = dt.timedelta(days=7)


def _household(tenancy: Tenancy) -> Household:
    """The tenancy's household with only the columns every group may read (a housing login on a server)."""
    return (Household.select(Household.id, Household.settlement_date)
            .where(Household.id == tenancy.household_id).get())


def add_move_in_task(ctx: Context, tenancy: Tenancy, changes: Changes) -> None:
    if tenancy.start_date < ctx.today() - RECENT:
        return
    _create_item(ctx, _household(tenancy), title=_("Move-in inspection: condition report signed by the tenant"),
                 due_date=tenancy.start_date, responsible=HOUSING_RESPONSIBLE, person_id=None, source="manual",
                 note=_("Moving in at {address}").format(address=tenancy.unit.address), changes=changes)


def add_move_out_task(ctx: Context, tenancy: Tenancy, changes: Changes) -> None:
    if tenancy.end_date is None or tenancy.end_date < ctx.today() - RECENT:
        return
    _create_item(ctx, _household(tenancy), title=_("Move-out inspection and settling the deposit"),
                 due_date=tenancy.end_date, responsible=HOUSING_RESPONSIBLE, person_id=None, source="manual",
                 note=_("Moving out of {address}").format(address=tenancy.unit.address), changes=changes)
