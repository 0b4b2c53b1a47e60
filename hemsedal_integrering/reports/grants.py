"""Report 6: integration grant overview (integreringstilskudd) for a span of calendar years.

Rules (defaults the municipality should check against IMDi's yearly circular):

- Grant year: the settlement's calendar year is year 1, then years 2–5
  (``rules.dates.grant_year``). The grant period ends 31 December of the fifth
  grant year.
- Year 1 belongs to the municipality that settled the person. Years 2–5 are
  expected only while the person lives in the municipality on 1 January of
  that calendar year.
- Category of the yearly grant: a child (under 18 at settlement) is 'child',
  or 'unaccompanied_minor' when the household has no adult; an adult alone in
  the household is 'single_adult', else 'adult_family'.
- One-time grants in year 1: 'elderly_once' for persons 60 or older at
  settlement, 'kindergarten_once' for children aged 0–5 at settlement.
- Amounts come only from ``GrantRate`` rows (calendar year, category, grant
  year; grant year 0 for one-time grants). A missing rate gives no amount and
  is counted, so the user sees what to enter. Nothing is hard-coded.
- Persons born in Norway get no integration grant.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from .. import vocab
from ..context import Context
from ..i18n import _, ngettext
from ..models import GrantRate, Person
from ..rules.dates import age_on, grant_year
from . import fmt
from .kpi import year_label
from .common import (
    Chart,
    Column,
    ReportResult,
    Table,
    check_access,
    check_municipality,
    check_span,
    municipality_label,
    person_rows,
)


@dataclass
class PersonGrant:
    person_id: int
    name: str
    municipality: str
    settled: dt.date
    category: str
    one_time: str | None
    period_ends: dt.date
    years: dict[int, int | None]  # calendar year -> grant year 1–5 (None: no grant that year)
    amounts: dict[int, int | None]  # calendar year -> expected amount (None: a rate is missing)


@dataclass
class YearTotal:
    year: int
    persons: list[int]  # persons in grant year 1..5 (index 0 = year 1)
    one_time: int
    amount: int
    missing_rates: int


@dataclass
class GrantsReport:
    year_from: int
    year_to: int
    municipality: str | None
    persons: list[PersonGrant]
    totals: list[YearTotal]
    rates_used: list[tuple[int, str, int, int]]  # (year, category, grant year, amount)
    missing: list[tuple[int, str, int]]  # (year, category, grant year) without a rate


def category_of(age_at_settlement: int | None, role: str, adults_in_household: int,
                household_size: int) -> str:
    """The yearly grant category (see the module's rules)."""
    minor = age_at_settlement < 18 if age_at_settlement is not None else role == "child"
    if minor:
        return "child" if adults_in_household else "unaccompanied_minor"
    return "single_adult" if household_size <= 1 else "adult_family"


def one_time_of(age_at_settlement: int | None) -> str | None:
    if age_at_settlement is None:
        return None
    if age_at_settlement >= 60:
        return "elderly_once"
    if age_at_settlement <= 5:
        return "kindergarten_once"
    return None


def grant_overview(ctx: Context, *, year_from: int, year_to: int, municipality: str | None = None) -> GrantsReport:
    """Each person's grant year per calendar year and the expected grant from the rates table."""
    check_access(ctx)
    municipality = check_municipality(municipality)
    check_span(year_from, year_to)
    rates = {(y, c, g): a for y, c, g, a in GrantRate.select(GrantRate.year, GrantRate.category, GrantRate.grant_year,
                                                               GrantRate.amount).tuples()}
    rows = [r for r in person_rows(municipality, settled_until=dt.date(year_to, 12, 31))
            if r.settled.year + 4 >= year_from]
    adults: dict[int, int] = defaultdict(int)
    for r in rows:
        age = age_on(r.birth_date, r.settled) if r.birth_date else None
        if (age is not None and age >= 18) or (age is None and r.role == "adult"):
            adults[r.household_id] += 1
    names = dict(Person.select(Person.id, Person.first_name.concat(" ").concat(Person.last_name)).tuples())
    used: set[tuple[int, str, int]] = set()
    missing: set[tuple[int, str, int]] = set()
    totals = {y: YearTotal(y, [0] * 5, 0, 0, 0) for y in range(year_from, year_to + 1)}
    persons = []
    for r in rows:
        age = age_on(r.birth_date, r.settled) if r.birth_date else None
        cat = category_of(age, r.role, adults[r.household_id], r.household_size)
        once = one_time_of(age)
        years: dict[int, int | None] = {}
        amounts: dict[int, int | None] = {}
        for y in totals:
            g = grant_year(r.settled, y)
            if g is not None and g > 1 and not r.lives_on(dt.date(y, 1, 1)):
                g = None
            years[y] = g
            if g is None:
                amounts[y] = 0
                continue
            keys = [(y, cat, g)] + ([(y, once, 0)] if once and g == 1 else [])
            total: int | None = 0
            for key in keys:
                if key in rates:
                    used.add(key)
                    total = None if total is None else total + rates[key]
                else:
                    missing.add(key)
                    total = None
            amounts[y] = total
            t = totals[y]
            t.persons[g - 1] += 1
            t.one_time += bool(once and g == 1)
            if total is None:
                t.missing_rates += 1
            else:
                t.amount += total
        if any(v is not None for v in years.values()):
            persons.append(PersonGrant(r.id, names.get(r.id, ""), r.municipality, r.settled, cat, once,
                                       dt.date(r.settled.year + 4, 12, 31), years, amounts))
    persons.sort(key=lambda p: (p.settled, p.name))
    return GrantsReport(year_from=year_from, year_to=year_to, municipality=municipality, persons=persons,
                        totals=list(totals.values()),
                        rates_used=sorted((y, c, g, rates[(y, c, g)]) for y, c, g in used),
                        missing=sorted(missing))


def to_result(rep: GrantsReport) -> ReportResult:
    span = f"{rep.year_from}–{rep.year_to}"
    cats = vocab.GRANT_CATEGORIES
    year_cols = [Column(str(y), "int", 7) for y in range(rep.year_from, rep.year_to + 1)]
    person_rows_ = [[p.name, vocab.MUNICIPALITIES.get(p.municipality, p.municipality), p.settled, cats[p.category],
                     cats.get(p.one_time, "") if p.one_time else "", *[p.years[y] for y in sorted(p.years)],
                     p.period_ends] for p in rep.persons]
    no_rate = _("Persons without a rate")
    tables = [
        Table("totals", _("Expected integration grant per year {span}").format(span=span),
              [Column(_("Year"), "year", 8), *[Column(year_label(n), "int", 7) for n in range(1, 6)],
               Column(_("One-time grant")), Column(_("Expected grant"), "money", 18),
               Column(no_rate, "int", 16)],
              [[t.year, *t.persons, t.one_time, None if t.missing_rates and t.missing_rates == sum(t.persons)
                else t.amount, t.missing_rates] for t in rep.totals]),
        Table("persons", _("Grant year per person (1–5)"),
              [Column(_("Name"), "text", 28), Column(_("Municipality"), "text", 10), Column(_("Settled"), "date", 12),
               Column(_("Category"), "text", 18), Column(_("One-time grant"), "text", 22), *year_cols,
               Column(_("Grant up to and including"), "date", 14)], person_rows_),
        Table("rates", _("Rates used"), [Column(_("Year"), "year", 8), Column(_("Category"), "text", 36),
                                         Column(_("Grant year")), Column(_("Amount"), "money", 14)],
              [[y, cats.get(c, c), g, a] for y, c, g, a in rep.rates_used]),
        Table("missing", _("Missing rates (enter them under Rates for the integration grant)"),
              [Column(_("Year"), "year", 8), Column(_("Category"), "text", 36), Column(_("Grant year"))],
              [[y, cats.get(c, c), g] for y, c, g in rep.missing]),
    ]
    charts = [Chart("totals", _("Persons by grant year {span}").format(span=span), "bar",
                    [str(t.year) for t in rep.totals],
                    [(year_label(n), [float(t.persons[n - 1]) for t in rep.totals]) for n in range(1, 6)])]
    return ReportResult(
        name="grants", title=_("Integration grant"),
        subtitle=f"{municipality_label(rep.municipality)}, {span}",
        definition=[
            _("Grant year: the year of settlement (calendar year) is year 1, then years 2–5. The grant is counted up "
              "to and including 31.12. in year 5. Years 2–5 are counted only when the person lives in the "
              "municipality on 1 January. Persons born in Norway get no integration grant."),
            _("The amounts come only from the rates table the administrator enters (year, category, grant year). "
              "If a rate is missing, the amount is not in the sum, and the person is counted under «{column}».")
            .format(column=no_rate),
        ],
        tables=tables, charts=charts,
        headline=[(_("Persons with a grant {span}").format(span=span), fmt.number(len(rep.persons))),
                  *[(_("Expected {year}").format(year=t.year), _expected(t)) for t in rep.totals[:3]]])


def _expected(t: YearTotal) -> str:
    """The expected grant as text; says plainly when rates are missing."""
    if not t.missing_rates:
        return fmt.money(t.amount)
    if t.missing_rates == sum(t.persons):
        return _("unknown – no rates entered")
    return ngettext("at least {amount} (rates missing for {n} person)",
                    "at least {amount} (rates missing for {n} persons)", t.missing_rates).format(
        amount=fmt.money(t.amount), n=t.missing_rates)
