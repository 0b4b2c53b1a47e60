"""Demo: the municipal units not let to refugees in March 2025 are let to others.

The action plan (seed): Hemsedal owns 11 units; in March 2025 six were let to
refugees and the other five to other groups (e.g. employees), not empty.
Each Hemsedal municipal unit without a refugee household on 15.03.2025 gets a
letting to others from the day after the previous tenancy ended (at the
earliest 01.08.2024) until the day before the next refugee household moves
in (open-ended when none does). Deterministic: no random numbers.
"""

from __future__ import annotations

import datetime as dt

from ..context import Context
from ..models import HousingUnit, Municipality, Tenancy
from ..services import unit_letting

MARCH_2025 = dt.date(2025, 3, 15)
EARLIEST = dt.date(2024, 8, 1)
NOTES = ["Ansatt, helse og omsorg", "Ansatt, Hemsedal skule", "Lærling, teknisk drift", "Sesongansatt, kommunen",
         "Utleid til lege i turnus"]


def let_to_others_demo(ctx: Context) -> int:
    """Let the Hemsedal municipal units that were vacant in March 2025 to others; return how many."""
    units = (HousingUnit.select().join(Municipality)
             .where((HousingUnit.ownership == "municipal") & (Municipality.code == "hemsedal") & HousingUnit.active)
             .order_by(HousingUnit.id))
    n = 0
    for unit in units:
        tenancies = list(Tenancy.select().where(Tenancy.unit == unit.id).order_by(Tenancy.start_date))
        if any(t.start_date <= MARCH_2025 and (t.end_date is None or t.end_date >= MARCH_2025) for t in tenancies):
            continue
        before = [t.end_date for t in tenancies if t.end_date is not None and t.end_date < MARCH_2025]
        after = [t.start_date for t in tenancies if t.start_date > MARCH_2025]
        start = max([EARLIEST] + [d + dt.timedelta(days=1) for d in before])
        end = min(after) - dt.timedelta(days=1) if after else None
        group = "other" if NOTES[n % len(NOTES)].startswith("Utleid") else "employees"
        unit_letting.let_to_others(ctx, unit_id=unit.id, start_date=start, end_date=end, tenant_group=group,
                                   note=NOTES[n % len(NOTES)])
        n += 1
    return n
