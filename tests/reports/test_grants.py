"""Integration grant overview by hand, with rates entered through the service."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering.models import Person
from hemsedal_integrering.reports import grants as report
from hemsedal_integrering.services import grants, people

from .conftest import adult, child, settle


def test_grant_years_categories_and_amounts(ctx):
    # given: a single adult settled 2022 who moves away 30.06.2025; a family (two adults, a 3-year-old) settled 2025
    [single] = settle(ctx, settled=dt.date(2022, 6, 1), members=[adult("Solo", "1990-01-01")])
    settle(ctx, settled=dt.date(2025, 3, 1), members=[adult("Mor", "1960-01-01"), adult("Far", "1966-06-01", "M"),
                                                             child("Lille", "2022-01-01")])
    people.record_moving_away(ctx, household_id=Person.get_by_id(single).household_id, date="2025-06-30",
                              moved_to="Oslo", reason="rent")
    # and rates for 2025 (example amounts typed by the test, not real rates); one missing (kindergarten once)
    for cat, g, amount in (("single_adult", 4, 90000), ("adult_family", 1, 200000), ("child", 1, 180000),
                           ("elderly_once", 0, 170000)):
        grants.set_rate(ctx, year=2025, category=cat, grant_year=g, amount=amount)
    # when
    rep = report.grant_overview(ctx, year_from=2025, year_to=2026)
    # then
    by_name = {p.name.split()[0]: p for p in rep.persons}
    assert by_name["Solo"].years == {2025: 4, 2026: None}  # lived there 01.01.2025, not 01.01.2026
    assert by_name["Solo"].period_ends == dt.date(2026, 12, 31)
    assert by_name["Mor"].category == "adult_family" and by_name["Mor"].one_time == "elderly_once"
    assert by_name["Far"].one_time is None  # 58 at settlement
    assert by_name["Lille"].category == "child" and by_name["Lille"].one_time == "kindergarten_once"
    assert by_name["Mor"].amounts[2025] == 370000
    assert by_name["Lille"].amounts[2025] is None  # the kindergarten rate is missing
    t2025 = rep.totals[0]
    assert t2025.persons == [3, 0, 0, 1, 0]
    assert t2025.amount == 90000 + 370000 + 200000  # Lille left out: a rate is missing
    assert t2025.missing_rates == 1
    assert (2025, "kindergarten_once", 0) in rep.missing
    assert rep.totals[1].persons == [0, 3, 0, 0, 0]
