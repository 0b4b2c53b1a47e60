"""Checklist selection by follow-up year and season, and the one-week notice rule."""

from __future__ import annotations

import datetime as dt

from hemsedal_integrering.rules.checklist import (PointSpec, inspection_year, notice_warning, parse_years,
                                                  season_period, select_points)

D = dt.date
POINTS = [
    PointSpec("smoke", "Brann", "Røykvarsler", parse_years("1,2,3,4,5"), "all", 10),
    PointSpec("snow", "Vinter", "Snømåking", parse_years(""), "winter", 20),
    PointSpec("lawn", "Sommer", "Plenklipping", parse_years([1, 2, 3, 4, 5]), "summer", 30),
    PointSpec("bostotte", "Økonomi", "Bostøtte", parse_years("3,4,5"), "all", 40),
]


def keys(points):
    return [p.key for p in points]


def test_year_one_winter_has_snow_not_lawn_nor_bostotte():
    assert keys(select_points(POINTS, 1, "winter")) == ["smoke", "snow"]


def test_year_four_summer_has_lawn_and_bostotte():
    assert keys(select_points(POINTS, 4, "summer")) == ["smoke", "lawn", "bostotte"]


def test_inspection_year_counts_from_settlement():
    assert inspection_year(D(2024, 3, 1), D(2026, 11, 23)) == 3
    assert inspection_year(D(2020, 3, 1), D(2026, 11, 23)) == 5  # after year 5: year 5's list
    assert inspection_year(None, D(2026, 11, 23)) == 1


def test_one_week_notice():
    today = D(2026, 11, 23)
    assert notice_warning(D(2026, 11, 30), today, today) is None  # exactly 7 days: fine
    warning = notice_warning(D(2026, 11, 29), today, today)
    assert warning and "§ 5-6" in warning and "6 dagers" in warning
    assert notice_warning(D(2026, 12, 10), None, today) is None
    assert "etter" in notice_warning(D(2026, 11, 20), D(2026, 11, 21), today)


def test_season_period_spans_the_new_year():
    assert season_period(D(2026, 11, 23)) == (D(2026, 11, 1), D(2027, 4, 30))
    assert season_period(D(2027, 2, 1)) == (D(2026, 11, 1), D(2027, 4, 30))
    assert season_period(D(2027, 7, 1)) == (D(2027, 5, 1), D(2027, 10, 31))
