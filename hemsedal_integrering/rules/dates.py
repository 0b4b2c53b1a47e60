"""Date arithmetic for the follow-up years and seasons."""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache


@lru_cache(maxsize=65_536)  # follow-up planning asks the same few (date, months) per member: ~240 calls a household
def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def add_years(day: dt.date, years: int) -> dt.date:
    """Same date ``years`` later; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def follow_up_year(settlement: dt.date, on: dt.date) -> int | None:
    """Follow-up year 1–5 counted in twelve-month periods from the settlement date.

    0 before settlement; None after the fifth year has ended.
    (Grants count calendar years instead: see ``grant_year``.)
    """
    if on < settlement:
        return 0
    for year in range(1, 6):
        if on < add_years(settlement, year):
            return year
    return None


def follow_up_end(settlement: dt.date) -> dt.date:
    """The last day of follow-up: the day before the fifth anniversary."""
    return add_years(settlement, 5) - dt.timedelta(days=1)


def grant_year(settlement: dt.date, calendar_year: int) -> int | None:
    """Integration grant year: the settlement's calendar year is year 1, then 2–5.

    None outside years 1–5.
    """
    n = calendar_year - settlement.year + 1
    return n if 1 <= n <= 5 else None


def age_on(birth: dt.date, on: dt.date) -> int:
    """Whole years of age on a date."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def season(on: dt.date) -> str:
    """'winter' for November–April (snow, frost in Hallingdal), else 'summer'."""
    return "winter" if on.month in (11, 12, 1, 2, 3, 4) else "summer"


def overlaps(a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None) -> bool:
    """Whether two date ranges overlap; an end of None is open; ends are inclusive."""
    a_end_ = a_end or dt.date.max
    b_end_ = b_end or dt.date.max
    return a_start <= b_end_ and b_start <= a_end_
