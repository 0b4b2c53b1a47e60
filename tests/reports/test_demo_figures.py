"""The demo database reproduces the action plan's figures through the reports."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering.reports import arrivals, housing, kpi, population, run_report


def test_seed_arrivals_and_departures(demo_ctx):
    rep = arrivals.arrivals_departures(demo_ctx, year_from=2010, year_to=2024, municipality="hemsedal")
    assert rep.total_settled == 178
    assert (rep.cohort_from, rep.cohort_settled, rep.cohort_moved) == (2022, 74, 20)
    assert rep.living_at_end == 77  # refugees living in Hemsedal on 01.01.2025
    assert [c for c, _ in rep.countries[:4]] == ["UA", "CD", "ER", "SY"]


def test_seed_housing_in_march_2025(demo_ctx):
    rep = housing.housing(demo_ctx, date=dt.date(2025, 3, 15), municipality="hemsedal")
    assert (rep.municipal_let, rep.municipal_total) == (6, 11)
    # the other five were let to others (e.g. employees), not vacant (issue 15)
    assert (rep.municipal_others, rep.municipal_vacant) == (5, 0)
    assert not [v for v in rep.vacant if v[1] == "Kommunal"]
    assert rep.private_active_leases == 15


def test_every_report_runs_on_the_demo(demo_ctx):
    for name in ("kpi", "arrivals", "population", "housing", "placements", "grants"):
        result = run_report(demo_ctx, name)
        assert result.tables and result.definition, name
    k = kpi.work_education_kpi(demo_ctx, date=demo_ctx.today(), municipality="hemsedal")
    assert k.base > 20 and 0 < k.counted < k.base
    assert population.population(demo_ctx, date=demo_ctx.today()).followed > 0
