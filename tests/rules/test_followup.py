"""Due-date arithmetic and template expansion (pure rules)."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering.rules.followup import (Member, TemplateSpec, bucket, due_dates, in_group, plan_items,
                                                 week_end)

D = dt.date


def spec(**kw) -> TemplateSpec:
    base = dict(key="k", title="T", applies_to="household", responsible="integration")
    base.update(kw)
    return TemplateSpec(**base)


def test_month_offset_from_31_january_clamps_to_february_end():
    # given a settlement on 31 January, when one month is added, then it is the last day of February
    assert due_dates(D(2026, 1, 31), spec(offset_months=1)) == [(0, D(2026, 2, 28))]
    # and in a leap year it is the 29th
    assert due_dates(D(2028, 1, 31), spec(offset_months=1)) == [(0, D(2028, 2, 29))]


def test_month_end_then_days_and_negative_days_before_arrival():
    assert due_dates(D(2026, 8, 31), spec(offset_months=3)) == [(0, D(2026, 11, 30))]
    assert due_dates(D(2026, 3, 1), spec(offset_days=-14)) == [(0, D(2026, 2, 15))]
    assert due_dates(D(2026, 1, 31), spec(offset_months=1, offset_days=14)) == [(0, D(2026, 3, 14))]


def test_leap_day_settlement_repeats_on_28_february_in_common_years():
    # given settlement on 29 February 2028 and a yearly item at the start of each year
    dates = [d for _, d in due_dates(D(2028, 2, 29), spec(repeat_yearly=True, offset_months=0))]
    # then year 2–4 fall on 28 February, and 2032 (leap) on the 29th
    assert dates == [D(2028, 2, 29), D(2029, 2, 28), D(2030, 2, 28), D(2031, 2, 28), D(2032, 2, 29)]


def test_yearly_repeats_five_times_inside_follow_up():
    got = due_dates(D(2025, 3, 1), spec(repeat_yearly=True, offset_months=12, offset_days=-14))
    assert [o for o, _ in got] == [0, 1, 2, 3, 4]
    assert got[0][1] == D(2026, 2, 15) and got[-1][1] == D(2030, 2, 15)


def test_times_per_year_spreads_evenly_and_stops_at_follow_up_end():
    got = due_dates(D(2025, 1, 31), spec(repeat_yearly=True, times_per_year=2, offset_months=4))
    assert [d for _, d in got][:3] == [D(2025, 5, 31), D(2025, 11, 30), D(2026, 5, 31)]
    assert len(got) == 10
    # an offset that would fall after the fifth year is dropped
    assert len(due_dates(D(2025, 1, 31), spec(repeat_yearly=True, offset_months=12, offset_days=5))) == 4


def test_age_groups_are_judged_on_the_due_date():
    child = Member(person_id=1, role="child", birth_date=D(2021, 6, 1), settlement=D(2025, 1, 1), legal_basis=None)
    assert in_group("kindergarten_child", child, D(2027, 5, 31))  # 5 years old
    assert not in_group("kindergarten_child", child, D(2027, 6, 1))  # turned 6
    assert in_group("school_child", child, D(2027, 6, 1))
    adult = Member(person_id=2, role="adult", birth_date=D(1990, 1, 1), settlement=D(2025, 1, 1), legal_basis=None)
    assert in_group("everyone", adult, D(2025, 1, 1)) and not in_group("household", adult, D(2025, 1, 1))


def test_legal_basis_selects_programme_items():
    templates = [spec(key="duty", applies_to="adult", legal_bases="asylum,family"),
                 spec(key="right", applies_to="adult", legal_bases="collective"),
                 spec(key="all", applies_to="adult")]
    members = [Member(person_id=1, role="adult", birth_date=D(1990, 1, 1), settlement=D(2025, 1, 1),
                      legal_basis=None)]
    assert {p.key for p in plan_items(D(2025, 1, 1), "collective", members, templates)} == {"right", "all"}
    assert {p.key for p in plan_items(D(2025, 1, 1), "asylum", members, templates)} == {"duty", "all"}


def test_overview_buckets():
    today = D(2026, 11, 23)  # a Monday
    assert week_end(today) == D(2026, 11, 29)
    assert bucket(D(2026, 11, 22), today) == "overdue"
    assert bucket(today, today) == "week"
    assert bucket(D(2026, 11, 29), today) == "week"
    assert bucket(D(2026, 11, 30), today) == "month"
    assert bucket(D(2026, 12, 23), today) == "month"
    assert bucket(D(2026, 12, 24), today) == "later"
