"""Date helpers: month arithmetic, follow-up and grant years, seasons."""

import datetime as dt

from hemsedal_integrering.rules.dates import (
    add_months,
    add_years,
    age_on,
    follow_up_end,
    follow_up_year,
    grant_year,
    overlaps,
    season,
)

D = dt.date


def test_add_months_clamps_to_month_end_including_leap_years():
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2024, 11, 30), 3) == D(2025, 2, 28)
    assert add_months(D(2025, 3, 15), -3) == D(2024, 12, 15)


def test_add_years_from_29_february():
    assert add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert add_years(D(2024, 2, 29), 4) == D(2028, 2, 29)


def test_follow_up_year_counts_twelve_month_periods():
    settled = D(2023, 6, 15)
    assert follow_up_year(settled, D(2023, 6, 14)) == 0
    assert follow_up_year(settled, settled) == 1
    assert follow_up_year(settled, D(2024, 6, 14)) == 1
    assert follow_up_year(settled, D(2024, 6, 15)) == 2
    assert follow_up_year(settled, D(2028, 6, 14)) == 5
    assert follow_up_year(settled, D(2028, 6, 15)) is None
    assert follow_up_end(settled) == D(2028, 6, 14)


def test_grant_year_counts_calendar_years():
    settled = D(2022, 12, 20)
    assert grant_year(settled, 2022) == 1
    assert grant_year(settled, 2023) == 2
    assert grant_year(settled, 2026) == 5
    assert grant_year(settled, 2027) is None
    assert grant_year(settled, 2021) is None


def test_age_and_season_and_overlap():
    assert age_on(D(2008, 11, 24), D(2026, 11, 23)) == 17
    assert age_on(D(2008, 11, 23), D(2026, 11, 23)) == 18
    assert season(D(2026, 1, 10)) == "winter" and season(D(2026, 7, 1)) == "summer"
    assert overlaps(D(2025, 1, 1), None, D(2030, 1, 1), D(2030, 2, 1))
    assert not overlaps(D(2025, 1, 1), D(2025, 1, 31), D(2025, 2, 1), None)
