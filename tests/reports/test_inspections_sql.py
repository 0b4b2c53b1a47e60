"""The inspections overview in two queries: the same rows as the per-unit version, whatever the number of units."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from hemsedal_integrering.context import Context, fixed_clock
from hemsedal_integrering.models import Household, HousingUnit, Inspection, Municipality, Tenancy
from hemsedal_integrering.reports import inspections as new
from hemsedal_integrering.services.setup import ensure_municipalities

from .legacy import inspections as old
from .query_count import count_queries

D = dt.date
DAYS = [D(2026, 11, 23), D(2026, 4, 30), D(2026, 5, 1), D(2025, 3, 1), D(2027, 6, 1)]
VARIANTS = [{}, {"only_due": True}, {"municipality": "gol"}, {"search": "veg"}, {"search": "ULSÅK"}]


def build_units(ctx, n: int) -> None:
    """``n`` units with every case: vacant, ended, future and overlapping tenancies (a tie on the start
    date), inspections done, planned (late on the period's last day), cancelled, before and after."""
    munis = [m.id for m in Municipality.select()]
    for i in range(n):
        unit = HousingUnit.create(municipality=munis[i % 2], address=f"{'Trøimsvegen' if i % 3 else 'Ulsåk'} {i}",
                                  place="Ulsåk" if i % 4 == 0 else "Trøim", ownership="municipal",
                                  active=i % 11 != 5)
        if i % 7 == 6:
            continue  # vacant
        settled = D(2019, 1, 1) + dt.timedelta(days=97 * i % 2900)
        hh = Household.create(municipality=munis[i % 2], name=f"Familien {i}", settlement_date=settled,
                              legal_basis="asylum")
        start = settled + dt.timedelta(days=i % 40)
        end = None if i % 5 else start + dt.timedelta(days=400 + 30 * i % 900)
        t = Tenancy.create(unit=unit, household=hh, start_date=start, end_date=end)
        if i % 6 == 0:  # a second household in the same unit, same start date (a tie) or later
            other = Household.create(municipality=munis[0], name=f"Familien {i}b", settlement_date=None,
                                     legal_basis="family")
            Tenancy.create(unit=unit, household=other, start_date=start if i % 12 == 0 else start + dt.timedelta(30))
        if i % 8 == 3:
            Tenancy.create(unit=unit, household=hh, start_date=D(2030, 1, 1))  # future
        for k in range(i % 5):
            day = D(2024, 11, 1) + dt.timedelta(days=(53 * (i + k)) % 1100)
            status = ("done", "planned", "cancelled", "done")[(i + k) % 4]
            Inspection.create(tenancy=t, planned_at=dt.datetime(day.year, day.month, day.day, 9 + k),
                              performed_date=day if status == "done" else None, status=status)
        if i % 9 == 1:  # planned late on the last day of a season half-year
            Inspection.create(tenancy=t, planned_at=dt.datetime(2026, 4, 30, 23, 30), status="planned")
        if i % 10 == 2:  # done on the first day of one
            Inspection.create(tenancy=t, planned_at=dt.datetime(2026, 5, 1, 8), performed_date=D(2026, 5, 1),
                              status="done")


def rows(result) -> list[dict]:
    return [dataclasses.asdict(r) for r in result]


@pytest.mark.parametrize("today", DAYS)
def test_units_overview_same_as_before(ctx, today):
    build_units(ctx, 60)
    day_ctx = Context(db=ctx.db, clock=fixed_clock(today))
    for kw in VARIANTS:
        assert rows(new.units_overview(day_ctx, **kw)) == rows(old.units_overview(day_ctx, **kw)), kw
    assert any(r.due for r in new.units_overview(day_ctx)) or today.year == 2027


def test_units_overview_same_as_before_on_demo_data(demo_ctx):
    for today in DAYS:
        day_ctx = Context(db=demo_ctx.db, clock=fixed_clock(today))
        for kw in VARIANTS:
            assert rows(new.units_overview(day_ctx, **kw)) == rows(old.units_overview(day_ctx, **kw))


@pytest.mark.parametrize("n", [10, 120])
def test_units_overview_is_two_queries_whatever_the_number_of_units(ctx, n):
    build_units(ctx, n)
    with count_queries(ctx.db) as queries:
        result = new.units_overview(ctx)
    assert len(result) > n // 2
    assert len(queries) <= 2, queries


def test_the_old_version_was_n_plus_one(ctx):
    """Shows that the counter sees the difference (the test above can fail)."""
    build_units(ctx, 30)
    with count_queries(ctx.db) as queries:
        old.units_overview(ctx)
    assert len(queries) > 30


@pytest.fixture(autouse=True)
def _municipalities(request):
    if "ctx" in request.fixturenames:
        ensure_municipalities(request.getfixturevalue("ctx"))
