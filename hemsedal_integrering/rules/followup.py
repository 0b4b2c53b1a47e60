"""Follow-up plan expansion: from template items and household facts to dated duties.

Pure functions, no I/O. The rules, stated once:

* Every date counts from the *person's* settlement date (a member reunited
  later counts from their own arrival date); household items count from the
  household's settlement date.
* ``offset_months`` is added first (clamped at the month's end: 31 January
  + 1 month = 28/29 February), then ``offset_days`` (may be negative = before
  arrival).
* A ``repeat_yearly`` item recurs in follow-up years 1–5 (twelve-month periods
  from settlement, see ``rules.dates.follow_up_year``); within each year the
  ``times_per_year`` occurrences are spread evenly (2 → every six months).
  Occurrences after the end of follow-up are dropped.
* Age groups are judged on the occurrence's due date (never before the
  settlement date): school child 6–15 (grades 1–10), youth 16–17 (the action
  plan's combination programme at Gol upper secondary school), kindergarten
  child 1–5, child 0–5. So a child's kindergarten meetings stop when the child
  turns six.
* The introduction programme groups follow ``rules.introduction.eligibility``
  on the person's settlement date (integreringsloven §§ 8–9, 26–28, kap. 6A):
  ``programme`` (either), ``programme_duty`` (right and duty, 18–55),
  ``programme_right`` (collective protection: right, no duty), ``norwegian`` (Norwegian and social studies,
  18–67). Programme items stop when no programme can still run
  (``introduction.programme_window_end``): no yearly plan review for five years
  after a 6–12-month programme.
* A person born in Norway after settlement only gets the child items (no
  reception, screening or status items for a newborn).
* ``legal_bases`` empty = every legal basis; otherwise the person's (or
  household's) legal basis must be in the list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ..i18n import _, ngettext, pgettext
from . import introduction
from .dates import add_months, age_on, follow_up_end, follow_up_year

APPLIES_TO = {
    "household": _("The household"),
    "adult": _("Adults"),
    "programme": _("Right to the introduction programme (18–55 years)"),
    "programme_duty": _("Right and duty to the introduction programme (18–55 years)"),
    "programme_right": _("Right to the introduction programme, collective protection (18–55 years)"),
    "norwegian": _("Right to Norwegian and social studies (18–67 years)"),
    "youth_16_17": _("Youth 16–17 years (combination programme)"),
    "school_child": _("School children (6–15 years)"),
    "kindergarten_child": _("Kindergarten children (1–5 years)"),
    "child_0_5": _("Children 0–5 years"),
    "everyone": _("All persons"),
}

RESPONSIBLE = {
    "integration": _("The integration service"),
    "school": _("School"),
    "kindergarten": _("Kindergarten"),
    "health_centre": _("Health centre"),
    "gp": _("GP"),
    "nav": _("Nav"),
    "career_centre": _("Career centre"),
    "adult_education": _("Adult education"),
    "housing": _("Housing office / property"),
}

STATUSES = {
    "open": pgettext("task state", "Open"),
    "postponed": pgettext("task state", "Postponed"),
    "done": pgettext("task state", "Done"),
    "not_relevant": pgettext("task state", "Not relevant"),
    "moved": pgettext("task state", "Moved"),
}
#: The responsibility the housing office (eiendom / boligkontor) carries.
HOUSING_RESPONSIBLE = "housing"


def is_housing_task(responsible: str, source: str) -> bool:
    """The housing office's own task: one it is responsible for ("Bolig skaffet", "Bolig
    møblert", moving in and out) or any measure decided at a housing inspection."""
    return responsible == HOUSING_RESPONSIBLE or source == "inspection"


#: Statuses that still need work (shown in the task overview).
OPEN_STATUSES = ("open", "postponed")

SOURCES = {"template": _("Follow-up plan"), "inspection": _("Housing inspection"), "manual": _("Manual")}

CHILD_ONLY = frozenset({"school_child", "kindergarten_child", "child_0_5"})
#: Groups whose membership does not depend on the date (``in_group``).
_DATELESS_GROUPS = frozenset({"household", "everyone", "adult"})
PROGRAMME_GROUPS = frozenset({"programme", "programme_duty", "programme_right", "norwegian"})


@dataclass(frozen=True)
class TemplateSpec:
    """The parts of a template item that generation needs."""

    key: str
    title: str
    applies_to: str
    responsible: str
    offset_days: int = 0
    offset_months: int = 0
    repeat_yearly: bool = False
    times_per_year: int = 1
    legal_bases: str = ""
    version: int = 1
    sort_order: int = 0


@dataclass(frozen=True)
class Member:
    """A household member as generation sees them (``settlement`` = the person's own start)."""

    person_id: int
    role: str
    birth_date: dt.date | None
    settlement: dt.date
    legal_basis: str | None
    born_in_norway: bool = False
    permit_date: dt.date | None = None  # residence permit granted: § 8 judges the programme age on it


class PlannedItem(NamedTuple):
    """One dated duty that the template asks for. ``(person_id, key, occurrence)`` is its identity.

    A named tuple, not a frozen dataclass: a household's ~50 are made for every registration, and a
    frozen dataclass sets each field through ``object.__setattr__``.
    """

    person_id: int | None
    key: str
    occurrence: int
    title: str
    responsible: str
    due_date: dt.date
    follow_up_year: int
    version: int

    @property
    def identity(self) -> tuple[int | None, str, int]:
        return (self.person_id, self.key, self.occurrence)


def due_dates(settlement: dt.date, spec: TemplateSpec) -> list[tuple[int, dt.date]]:
    """(occurrence, due date) pairs of one template item for one start date.

    One-off items give [(0, date)]. Yearly items give up to 5 × times_per_year
    dates, numbered from 0, inside the follow-up period.
    """
    if not spec.repeat_yearly:
        return [(0, add_months(settlement, spec.offset_months) + dt.timedelta(days=spec.offset_days))]
    times = max(1, int(spec.times_per_year))
    end = follow_up_end(settlement)
    out: list[tuple[int, dt.date]] = []
    for year in range(5):
        for k in range(times):
            months = 12 * year + spec.offset_months + (12 * k) // times
            due = add_months(settlement, months) + dt.timedelta(days=spec.offset_days)
            if settlement <= due <= end:
                out.append((year * times + k, due))
    return out


def item_year(settlement: dt.date, due: dt.date) -> int:
    """Follow-up year of a due date: 0 before arrival, 1–5, and 5 for the last days after it."""
    year = follow_up_year(settlement, due)
    return 5 if year is None else year


def in_group(applies_to: str, member: Member | None, on: dt.date, basis: str | None = None, *,
             memo: dict | None = None) -> bool:
    """Whether a member (None = the household itself) belongs to ``applies_to`` on a date.

    ``basis`` is the member's legal basis (their own, else the household's). ``memo``: a dict kept
    over one household's plan, so a member's programme eligibility (which does not depend on the
    date) is worked out once, not once per occurrence.
    """
    if applies_to == "household":
        return member is None
    if member is None:
        return False
    if member.born_in_norway and applies_to not in CHILD_ONLY:
        return False
    if applies_to == "everyone":
        return True
    if applies_to == "adult":
        return member.role == "adult"
    if applies_to in PROGRAMME_GROUPS:
        if memo is None:
            verdict = _programme_verdict(applies_to, member, basis)
        else:
            key = (applies_to, id(member), basis)
            verdict = memo[key] if key in memo else memo.setdefault(key, _programme_verdict(applies_to, member, basis))
        return verdict if isinstance(verdict, bool) else on <= verdict
    if applies_to == "youth_16_17":
        if member.birth_date is None:
            return False
        return 16 <= age_on(member.birth_date, max(on, member.settlement)) <= 17
    if member.role != "child" or member.birth_date is None:
        return False
    age = age_on(member.birth_date, max(on, member.settlement))
    if applies_to == "school_child":
        return 6 <= age <= 15
    if applies_to == "kindergarten_child":
        return 1 <= age <= 5
    if applies_to == "child_0_5":
        return 0 <= age <= 5
    return False


def _programme_verdict(applies_to: str, member: Member, basis: str | None) -> bool | dt.date:
    """A programme group's answer for a member: yes or no, or the last day it is yes (the programme window)."""
    elig = introduction.eligibility(member.birth_date, basis, member.permit_date or member.settlement,
                                    adult=member.role == "adult")
    if applies_to == "norwegian":
        return elig.norwegian != introduction.NONE
    wanted = {"programme": (introduction.RIGHT_AND_DUTY, introduction.RIGHT),
              "programme_duty": (introduction.RIGHT_AND_DUTY,), "programme_right": (introduction.RIGHT,)}[applies_to]
    if elig.programme not in wanted:
        return False
    window_end = introduction.programme_window_end(member.settlement, elig)
    return False if window_end is None else window_end


def basis_allows(spec: TemplateSpec, legal_basis: str | None) -> bool:
    """Whether the item applies under a legal basis ('' in the template = all)."""
    wanted = _bases(spec.legal_bases)
    return not wanted or (legal_basis or "") in wanted


@lru_cache(maxsize=256)
def _bases(legal_bases: str) -> frozenset[str]:
    """A template's comma-separated legal bases as a set (empty = all)."""
    return frozenset(b.strip() for b in legal_bases.split(",") if b.strip())


def plan_items(
    household_settlement: dt.date,
    household_basis: str | None,
    members: list[Member],
    templates: list[TemplateSpec],
) -> list[PlannedItem]:
    """Every dated duty the templates ask for, for one household, sorted by due date.

    The due dates of one template item from one start date, and each member's programme
    eligibility, are worked out once per call (members mostly share the household's start).
    """
    out: list[PlannedItem] = []
    dated: dict[tuple[dt.date, int], list[tuple[int, dt.date, int]]] = {}  # (start, template) -> occurrences
    memo: dict = {}
    household_only: list[Member | None] = [None]
    for index, spec in enumerate(templates):
        targets: list[Member | None] = household_only if spec.applies_to == "household" else list(members)
        for member in targets:
            start = household_settlement if member is None else member.settlement
            basis = household_basis if member is None else (member.legal_basis or household_basis)
            if not basis_allows(spec, basis):
                continue
            occurrences = dated.get((start, index))
            if occurrences is None:
                occurrences = dated[(start, index)] = [(occurrence, due, item_year(start, due))
                                                       for occurrence, due in due_dates(start, spec)]
            person_id = None if member is None else member.person_id
            applies_to = spec.applies_to
            if applies_to in _DATELESS_GROUPS or member is None or (
                    member.born_in_norway and applies_to not in CHILD_ONLY):  # the same answer on every date
                if not occurrences or not in_group(applies_to, member, occurrences[0][1], basis):
                    continue
                out.extend(PlannedItem(person_id, spec.key, occurrence, spec.title, spec.responsible, due, year,
                                       spec.version) for occurrence, due, year in occurrences)
                continue
            for occurrence, due, year in occurrences:
                if not in_group(applies_to, member, due, basis, memo=memo):
                    continue
                out.append(PlannedItem(person_id, spec.key, occurrence, spec.title, spec.responsible, due, year,
                                       spec.version))
    out.sort(key=lambda p: (p.due_date, p.person_id or 0, p.key, p.occurrence))
    return out


def week_end(today: dt.date) -> dt.date:
    """The Sunday of ``today``'s week (Norwegian weeks run Monday–Sunday)."""
    return today + dt.timedelta(days=6 - today.weekday())


def bucket(due: dt.date, today: dt.date, *, horizon_days: int = 30) -> str:
    """Where an open item belongs in the overview.

    'overdue' (due before today), 'week' (today … this Sunday), 'month'
    (after this week, within ``horizon_days`` of today), else 'later'.
    """
    if due < today:
        return "overdue"
    if due <= week_end(today):
        return "week"
    if due <= today + dt.timedelta(days=horizon_days):
        return "month"
    return "later"


BUCKETS = {
    "overdue": pgettext("task state", "Overdue"),
    "week": _("This week"),
    "month": _("Within 30 days"),
    "later": _("Later"),
}


def describe_timing(offset_months: int, offset_days: int, repeat_yearly: bool, times_per_year: int) -> str:
    """When an item is due, in words: '3 mnd. etter bosetting', '14 dager før ankomst', 'hvert år (2 ganger)'."""
    days = ngettext("{n} day", "{n} days", abs(offset_days)).format(n=abs(offset_days))
    if offset_months and offset_days:
        sign = "+" if offset_days > 0 else "−"
        offset = _("{months} mo. {sign}{days}").format(months=abs(offset_months), sign=sign, days=days)
    elif offset_months:
        offset = _("{months} mo.").format(months=abs(offset_months))
    elif offset_days:
        offset = days
    else:
        offset = ""
    total_negative = offset_months < 0 or (offset_months == 0 and offset_days < 0)
    if not offset:
        base = _("the day of arrival")
    elif total_negative:
        base = _("{offset} before arrival").format(offset=offset)
    elif repeat_yearly:
        base = _("{offset} into the year").format(offset=offset)
    else:
        base = _("{offset} after settlement").format(offset=offset)
    if repeat_yearly:
        return ngettext("Every year ({timing})", "{n} times a year ({timing})", times_per_year).format(
            n=times_per_year, timing=base)
    return base
