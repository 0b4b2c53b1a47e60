"""Report 3: the population on a date (default today).

Counts refugees living in the municipality on the date (settled on or
before it, not moved away), split into those followed (follow-up years 1–5,
twelve-month years from the settlement date) and those settled more than
five years ago. Breakdowns of the followed persons by country of origin,
legal basis (the person's own, else the household's), age group,
municipality and follow-up year. Children born in Norway are shown as one
extra line, not in the breakdowns.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from peewee import Case, fn

from .. import vocab
from ..context import Context
from ..i18n import N_, _
from ..models import Household, Municipality, Person
from ..rules.dates import add_years, age_on
from . import fmt
from .kpi import year_label
from .common import (
    Chart,
    Column,
    ReportResult,
    Table,
    birth_bounds,
    check_access,
    check_municipality,
    first_day,
    municipality_label,
    settlement_sql,
    share,
)

AGE_GROUPS = [(0, 5, N_("0–5 years")), (6, 15, N_("6–15 years")), (16, 17, N_("16–17 years")),
              (18, 29, N_("18–29 years")), (30, 44, N_("30–44 years")), (45, 66, N_("45–66 years")),
              (67, 200, N_("67 years and older"))]


def age_group(birth: dt.date | None, day: dt.date) -> str:
    if birth is None:
        return _("Unknown age")
    age = age_on(birth, day)
    for low, high, label in AGE_GROUPS:
        if low <= age <= high:
            return _(label)
    return _("Unknown age")


@dataclass
class PopulationReport:
    date: dt.date
    municipality: str | None
    living: int  # refugees living in the municipality
    followed: int  # of them in follow-up years 1–5
    households_followed: int
    born_in_norway: int
    by_country: list[tuple[str, int]]
    by_legal_basis: list[tuple[str, int]]
    by_age: list[tuple[str, int]]
    by_municipality: list[tuple[str, int]]
    by_year: list[tuple[str, int]]


def population(ctx: Context, *, date: dt.date, municipality: str | None = None) -> PopulationReport:
    """Who lives here on ``date`` and is followed, broken down five ways.

    Counted in SQL: one grouped query (follow-up year and age group as CASEs on date bounds
    computed with the rules' own functions) and one for the households; Python names the groups.
    """
    check_access(ctx)
    municipality = check_municipality(municipality)
    settled = settlement_sql()
    # follow-up year n (``follow_up_year``): add_years(settled, n - 1) <= date < add_years(settled, n)
    def within(n: int) -> Callable[[dt.date], bool]:
        return lambda s: add_years(s, n) > date

    year_of = Case(None, [(settled >= first_day(within(n), add_years(date, -n)), n) for n in range(1, 6)], 0)
    age_of = Case(None, [(Person.birth_date.between(*birth_bounds(date, low, high)), i)
                         for i, (low, high, _label) in enumerate(AGE_GROUPS)], -1)
    basis = fn.COALESCE(Person.legal_basis, Household.legal_basis)
    where = (settled.is_null(False) & (settled <= date)
             & (Person.moved_out_date.is_null() | (Person.moved_out_date > date)))
    if municipality:
        where &= Municipality.code == municipality
    base = Person.select().join(Household).join(Municipality)
    grouped = (base.select(Person.born_in_norway, year_of, Person.country, basis, age_of, Municipality.code,
                           fn.COUNT(Person.id), fn.MIN(Person.id))
               .where(where)
               .group_by(Person.born_in_norway, year_of, Person.country, basis, age_of, Municipality.code)
               .tuples())
    country: Counter[str] = Counter()
    basis_count: Counter[str] = Counter()
    ages: Counter[str] = Counter()
    munis: Counter[str] = Counter()
    years: Counter[str] = Counter()
    living = followed = born = 0
    # groups in the order of their first person, so labels outside a fixed order keep the order they had
    for is_born, fy, code_country, code_basis, age_index, code, n, _first in sorted(grouped, key=lambda g: g[-1]):
        if is_born:
            born += n
            continue
        living += n
        if not fy:
            continue
        followed += n
        country[vocab.label(vocab.COUNTRIES, code_country) or _("Unknown")] += n
        basis_count[vocab.label(vocab.LEGAL_BASES, code_basis) or _("Not stated")] += n
        ages[_(AGE_GROUPS[age_index][2]) if age_index >= 0 else _("Unknown age")] += n
        munis[vocab.MUNICIPALITIES.get(code, code)] += n
        years[year_label(fy)] += n
    households = (base.select(fn.COUNT(fn.DISTINCT(Person.household)))
                  .where(where & (Person.born_in_norway == False) & (year_of > 0)).scalar())  # noqa: E712

    def ordered(c: Counter[str], order: list[str] | None = None) -> list[tuple[str, int]]:
        if order:
            return [(k, c[k]) for k in order if c[k]] + [(k, n) for k, n in c.items() if k not in order]
        return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))

    return PopulationReport(
        date=date, municipality=municipality, living=living, followed=followed,
        households_followed=int(households or 0), born_in_norway=born,
        by_country=ordered(country), by_legal_basis=ordered(basis_count, list(vocab.LEGAL_BASES.values())),
        by_age=ordered(ages, [_(g[2]) for g in AGE_GROUPS] + [_("Unknown age")]),
        by_municipality=ordered(munis, list(vocab.MUNICIPALITIES.values())),
        by_year=[(year_label(n), years[year_label(n)]) for n in range(1, 6)])


def to_result(rep: PopulationReport) -> ReportResult:
    def table(key: str, title: str, head: str, pairs: list[tuple[str, int]]) -> Table:
        rows = [[k, n, share(n, rep.followed)] for k, n in pairs] + [[_("Sum"), rep.followed,
                                                                     share(rep.followed, rep.followed)]]
        return Table(key, title, [Column(head, "text", 30), Column(_("Persons")), Column(_("Share"), "percent")],
                     rows, total_row=True)

    followed = _("In follow-up (years 1–5)")
    households = _("Households in follow-up")
    summary = Table("summary", _("Overview"), [Column(_("Measure"), "text", 52), Column(_("Number"))], [
        [_("Settled refugees who live in the municipality"), rep.living],
        ["  " + _("of these in follow-up (years 1–5)"), rep.followed],
        ["  " + _("settled more than five years ago"), rep.living - rep.followed],
        [households, rep.households_followed],
        [_("Children born in Norway in the households (not included above)"), rep.born_in_norway],
    ])
    tables = [summary,
              table("by_country", _("By country of origin"), _("Country"), rep.by_country),
              table("by_legal_basis", _("By basis for residence"), _("Legal basis"), rep.by_legal_basis),
              table("by_age", _("By age group"), _("Age"), rep.by_age),
              table("by_municipality", _("By municipality"), _("Municipality"), rep.by_municipality),
              table("by_year", _("By follow-up year"), _("Follow-up year"), rep.by_year)]
    charts = [Chart("countries", _("Persons in follow-up by country"), "pie", [k for k, _n in rep.by_country],
                    [(_("Persons"), [float(n) for _k, n in rep.by_country])]),
              Chart("years", _("Persons in follow-up by follow-up year"), "bar", [k for k, _n in rep.by_year],
                    [(_("Persons"), [float(n) for _k, n in rep.by_year])])]
    return ReportResult(
        name="population", title=_("Settled refugees"),
        subtitle=_("{municipality}, on {date}").format(municipality=municipality_label(rep.municipality),
                                                       date=fmt.date(rep.date)),
        definition=[_("Settled refugees who live in the municipality on the date (settled on or before the date and "
                      "not moved away). In follow-up: within the first five years counted in twelve-month periods "
                      "from the settlement date (year 1 = the first twelve months). The breakdowns cover the persons "
                      "in follow-up. The basis for residence is the person's own, otherwise the household's.")],
        tables=tables, charts=charts,
        headline=[(_("Settled refugees in the municipality"), fmt.number(rep.living)),
                  (followed, fmt.number(rep.followed)),
                  (households, fmt.number(rep.households_followed))])
