"""Inspection checklist selection and the notice rule. Pure functions, no I/O.

* A checklist point applies when the tenancy's follow-up year is among its
  ``years`` and its season is 'all' or the inspection's season
  (``rules.dates.season``: winter November–April, summer May–October).
* Husleieloven § 5-6: the landlord may enter for inspection after notice in
  reasonable time, normally at least one week. The program *warns* (and asks
  the user to confirm) rather than refuses, because the law says "normally":
  the tenant may agree to a shorter notice, and urgent matters (a water leak,
  a fire risk) justify one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..i18n import _, ngettext, pgettext
from .dates import follow_up_year, season

SEASONS = {"all": _("All year"), "winter": _("Winter"), "summer": _("Summer")}
RESULTS = {"ok": _("OK"), "follow_up": _("Needs follow-up"),
           "not_relevant": _("Not relevant")}
INSPECTION_STATUSES = {"planned": pgettext("inspection status", "Planned"),
                       "done": pgettext("inspection status", "Done"),
                       "cancelled": pgettext("inspection status", "Cancelled")}

#: Husleieloven § 5-6: notice normally at least one week before the visit.
MIN_NOTICE_DAYS = 7


@dataclass(frozen=True)
class PointSpec:
    """A checklist template point as selection sees it."""

    key: str
    category: str
    text: str
    years: frozenset[int]
    season: str = "all"
    sort_order: int = 0


def parse_years(value: str | list[int] | tuple[int, ...]) -> frozenset[int]:
    """'1,2,3' or [1, 2, 3] → {1, 2, 3}; only 1–5 are kept; empty means all five years."""
    if isinstance(value, str):
        parts = [p.strip() for p in value.split(",") if p.strip()]
        numbers = {int(p) for p in parts if p.isdigit()}
    else:
        numbers = {int(p) for p in value}
    numbers = {n for n in numbers if 1 <= n <= 5}
    return frozenset(numbers or {1, 2, 3, 4, 5})


def format_years(years: frozenset[int] | set[int]) -> str:
    return ",".join(str(y) for y in sorted(years))


def select_points(points: list[PointSpec], year: int, season_code: str) -> list[PointSpec]:
    """The points for a follow-up year (1–5; outside → year 5's list) and season, in template order."""
    year = min(max(year, 1), 5)
    chosen = [p for p in points if year in p.years and (p.season == "all" or p.season == season_code)]
    return sorted(chosen, key=lambda p: (p.sort_order, p.key))


def inspection_year(settlement: dt.date | None, on: dt.date) -> int:
    """The follow-up year used for the checklist: 1 before/without settlement, 5 after year 5."""
    if settlement is None:
        return 1
    year = follow_up_year(settlement, on)
    if year is None:
        return 5
    return max(year, 1)


def inspection_season(on: dt.date) -> str:
    return season(on)


def notice_warning(planned: dt.date, notice_sent: dt.date | None, today: dt.date) -> str | None:
    """A warning (translated) when the tenant gets less than a week's notice, else None.

    Without a notice date the notice is assumed to go out today.
    """
    sent = notice_sent or today
    days = (planned - sent).days
    if days >= MIN_NOTICE_DAYS:
        return None
    if days < 0:
        return _("The notice was sent after the inspection date.")
    return ngettext("The tenant gets only {days} day's notice. The Tenancy Act § 5-6: an inspection should "
                    "normally be announced at least one week before. Go on only if the tenant has agreed, "
                    "or the matter is urgent.",
                    "The tenant gets only {days} days' notice. The Tenancy Act § 5-6: an inspection should "
                    "normally be announced at least one week before. Go on only if the tenant has agreed, "
                    "or the matter is urgent.", days).format(days=days)


def season_period(on: dt.date) -> tuple[dt.date, dt.date]:
    """The season half-year containing ``on``: winter 1 Nov – 30 Apr, summer 1 May – 31 Oct.

    The service aims at one inspection per season per tenancy in years 1–5, so
    the housing view marks a tenancy "due" when none is done or planned in it.
    """
    if on.month >= 11:
        return dt.date(on.year, 11, 1), dt.date(on.year + 1, 4, 30)
    if on.month <= 4:
        return dt.date(on.year - 1, 11, 1), dt.date(on.year, 4, 30)
    return dt.date(on.year, 5, 1), dt.date(on.year, 10, 31)
