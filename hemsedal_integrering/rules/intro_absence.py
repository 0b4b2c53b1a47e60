"""Absence from the introduction programme: IMDi's rules as pure functions.

Sources (checked with the search tool): integreringsloven § 17 (fravær og
permisjoner) and § 21 (reduction for absence), integreringsforskriften kap. 3
(IMDi's "Juridisk veileder til integreringsforskriften", kap. 3: "dager" means
working days), and IMDi's participant page "Permisjon, ferie og fravær":

* Own sickness: a self-certification (egenmelding) covers at most 3 days; it can
  be used only after the participant has been in the programme for at least
  eight weeks; at most 4 self-certifications in the last 12 months; falling ill
  again within 16 calendar days after the last self-certification makes the
  earlier period count with the new one. Longer sickness needs a doctor's note.
* Child's sickness: 10 working days in the last 12 months, 15 with care for
  more than two children; 20 and 30 when alone with the care. Self-certification
  for a sick child can be used from the first day.
* The child's age (``child_within_age``): IMDi says the programme's absence rules
  "tilsvarer reglene som gjelder i arbeidslivet" (IMDi, "Fravær og permisjoner
  etter integreringsloven"); working life's rule is folketrygdloven § 9-5: to and
  including the calendar year the child turns 12, and to and including the year
  it turns 18 when the child is chronically ill or disabled (found via Virke's and
  Compendia's pages citing § 9-5 andre ledd). The wording of integreringsforskriften
  itself on the child's age was NOT found by the search: the limit follows working
  life as IMDi describes it, and the refusal message says so.
* Absence that is not sickness, welfare leave granted or holiday is unexcused
  and reduces the introduction benefit (§ 21).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ..i18n import N_, _, short_date
from .dates import add_months

ABSENCE_TYPES = {
    "own_sick_self": N_("Own sickness, self-certification"),
    "own_sick_doctor": N_("Own sickness, doctor's note"),
    "child_sick": N_("Child's sickness"),
    "welfare": N_("Welfare leave granted"),
    "holiday": N_("Holiday"),
    "unexcused": N_("Unexcused absence"),
}
#: Types that keep the benefit (everything but unexcused).
EXCUSED = frozenset(ABSENCE_TYPES) - {"unexcused"}

SELF_CERT_MAX_DAYS = 3
SELF_CERT_MAX_PER_12_MONTHS = 4
SELF_CERT_AFTER = dt.timedelta(weeks=8)
SELF_CERT_JOIN_DAYS = 16


@dataclass(frozen=True)
class Spell:
    """Consecutive days of one absence type (first and last day, working days counted)."""

    first: dt.date
    last: dt.date

    @property
    def working_days(self) -> int:
        return working_days(self.first, self.last)


def working_days(first: dt.date, last: dt.date) -> int:
    """Monday–Friday days from ``first`` to ``last``, both included."""
    n = 0
    day = first
    while day <= last:
        if day.weekday() < 5:
            n += 1
        day += dt.timedelta(days=1)
    return n


def self_certification_problem(programme_start: dt.date, spell: Spell, earlier: list[Spell]) -> str | None:
    """Why a self-certification cannot cover ``spell`` (None = it can).

    ``earlier`` = the participant's earlier self-certified spells (any order).
    """
    if spell.first < programme_start + SELF_CERT_AFTER:
        return _("Self-certification can only be used after eight weeks in the programme "
                 "(from {day}). A doctor's note is needed.").format(day=short_date(programme_start + SELF_CERT_AFTER))
    days = spell.working_days
    joined = [s for s in earlier if s.last < spell.first and (spell.first - s.last).days <= SELF_CERT_JOIN_DAYS]
    if joined:
        days += max(joined, key=lambda s: s.last).working_days
    if days > SELF_CERT_MAX_DAYS:
        return _("A self-certification covers at most {n} days (an earlier period within 16 days counts with it). "
                 "A doctor's note is needed.").format(n=SELF_CERT_MAX_DAYS)
    window_start = add_months(spell.first, -12)
    used = sum(1 for s in earlier if window_start < s.first < spell.first)
    if used >= SELF_CERT_MAX_PER_12_MONTHS:
        return _("At most {n} self-certifications in 12 months; this would be number {k}. "
                 "A doctor's note is needed.").format(n=SELF_CERT_MAX_PER_12_MONTHS, k=used + 1)
    return None


CHILD_AGE_LIMIT = 12  # to and including the calendar year the child turns 12 (folketrygdloven § 9-5)
CHILD_AGE_LIMIT_CHRONIC = 18  # chronically ill or disabled child: to and including the year it turns 18


def child_within_age(birth_date: dt.date | None, day: dt.date, *, chronic: bool = False) -> bool:
    """Whether a child born ``birth_date`` can give child's-sickness days on ``day``.

    To and including the calendar year the child turns 12 (18 when chronically ill
    or disabled). A child registered without a birth date counts (the household
    lists it as a child; register the date). A child not yet born does not.
    """
    if birth_date is None:
        return True
    if birth_date > day:
        return False
    return day.year - birth_date.year <= (CHILD_AGE_LIMIT_CHRONIC if chronic else CHILD_AGE_LIMIT)


def children_within_age(birth_dates: list[dt.date | None], day: dt.date, *, chronic: bool = False) -> int:
    """How many of the children count on ``day`` (see ``child_within_age``)."""
    return sum(1 for b in birth_dates if child_within_age(b, day, chronic=chronic))


def child_sickness_days_allowed(children: int, *, alone: bool) -> int:
    """Working days a year for a sick child: 10, or 15 with more than two children; doubled when alone."""
    if children <= 0:
        return 0
    days = 15 if children > 2 else 10
    return days * 2 if alone else days


def child_sickness_problem(day: dt.date, earlier_days: list[dt.date], *, children: int, alone: bool) -> str | None:
    """Why ``day`` cannot be child's sickness (None = within the allowance of the last 12 months).

    ``children`` = the children within the age limit on ``day`` (``children_within_age``).
    """
    if children <= 0:
        return _("No child in the household is within the age limit on {day}: to and including the year the "
                 "child turns 12, or 18 for a chronically ill or disabled child (the rule of working life, "
                 "folketrygdloven § 9-5, which IMDi says the programme follows).").format(day=short_date(day))
    allowed = child_sickness_days_allowed(children, alone=alone)
    window_start = add_months(day, -12)
    used = sum(1 for d in set(earlier_days) if window_start < d < day and d.weekday() < 5)
    if used + 1 > allowed:
        return _("The days for a sick child are used up: {used} of {allowed} in the last 12 months.").format(
            used=used, allowed=allowed)
    return None


def spells(days: list[dt.date]) -> list[Spell]:
    """Group days into spells: days joined when only a weekend lies between them."""
    out: list[Spell] = []
    for day in sorted(set(days)):
        if out:
            gap = working_days(out[-1].last + dt.timedelta(days=1), day - dt.timedelta(days=1))
            if gap == 0:
                out[-1] = Spell(out[-1].first, day)
                continue
        out.append(Spell(day, day))
    return out


def hours_of(hours: Decimal | None, full_day: Decimal = Decimal("7.5")) -> Decimal:
    """Hours of one registered absence: the part-day hours, or a full day."""
    return full_day if hours is None else hours
