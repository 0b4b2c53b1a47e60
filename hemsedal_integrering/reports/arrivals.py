"""Report 2: arrivals and departures per calendar year for a span of years.

Per year: persons settled (settlement date in the year, not born in Norway),
persons who moved away (moving day in the year, refugees only), children
born in Norway into the households, and net = settled + born − moved away.
Moved away by reason covers the span. The cohort measure: of the persons
settled in the span's last three years, how many had moved away before
1 January of the year after the span (the action plan: 74 settled 2022–2024,
20 moved). Countries of origin of those settled in the span, most first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from dataclasses import dataclass

from peewee import Case, fn

from .. import vocab
from ..context import Context
from ..i18n import _
from ..models import Household, Municipality, Person
from . import fmt
from .common import (
    Chart,
    Column,
    ReportResult,
    Table,
    check_access,
    check_municipality,
    check_span,
    municipality_label,
    settlement_sql,
    share,
)


@dataclass
class YearRow:
    year: int
    settled: int
    moved: int
    born: int

    @property
    def net(self) -> int:
        return self.settled + self.born - self.moved


@dataclass
class ArrivalsReport:
    year_from: int
    year_to: int
    municipality: str | None
    years: list[YearRow]
    moved_by_reason: dict[str, int]
    countries: list[tuple[str, int]]  # (country code, settled in span), most first
    cohort_from: int
    cohort_settled: int
    cohort_moved: int
    living_at_end: int  # refugees living in the municipality on 1 January after the span

    @property
    def total_settled(self) -> int:
        return sum(y.settled for y in self.years)

    @property
    def total_moved(self) -> int:
        return sum(y.moved for y in self.years)

    @property
    def cohort_share(self) -> float | None:
        return share(self.cohort_moved, self.cohort_settled)


def year_case(expr, year_from: int, year_to: int) -> Case:
    """SQL: the calendar year of the date ``expr`` when it lies in the span, else NULL (portable:
    comparisons with each year's first and last day instead of a dialect's year function)."""
    return Case(None, [(expr.between(dt.date(y, 1, 1), dt.date(y, 12, 31)), y) for y in range(year_from, year_to + 1)])


def arrivals_departures(ctx: Context, *, year_from: int, year_to: int,
                        municipality: str | None = None) -> ArrivalsReport:
    """Count arrivals, departures and births per year in [year_from, year_to] (counted in SQL)."""
    check_access(ctx)
    municipality = check_municipality(municipality)
    check_span(year_from, year_to)
    settled = settlement_sql()
    where = settled.is_null(False)
    if municipality:
        where &= Municipality.code == municipality
    refugee = Person.born_in_norway == False  # noqa: E712
    base = Person.select().join(Household).join(Municipality)
    years = {y: YearRow(y, 0, 0, 0) for y in range(year_from, year_to + 1)}
    countries: Counter[str] = Counter()
    in_year = year_case(settled, year_from, year_to)
    for born, year, country, n in (base.select(Person.born_in_norway, in_year, Person.country, fn.COUNT(Person.id))
                                   .where(where & in_year.is_null(False))
                                   .group_by(Person.born_in_norway, in_year, Person.country).tuples()):
        if born:
            years[year].born += n
        else:
            years[year].settled += n
            countries[country or "XX"] += n
    reasons: Counter[str] = Counter()
    moved_in = year_case(Person.moved_out_date, year_from, year_to)
    for year, reason, n in (base.select(moved_in, Person.move_reason, fn.COUNT(Person.id))
                            .where(where & refugee & moved_in.is_null(False))
                            .group_by(moved_in, Person.move_reason).tuples()):
        years[year].moved += n
        reasons[reason or "other"] += n
    cohort_from = max(year_from, year_to - 2)
    after = dt.date(year_to + 1, 1, 1)
    in_cohort = settled.between(dt.date(cohort_from, 1, 1), dt.date(year_to, 12, 31))
    lives_after = (settled <= after) & (Person.moved_out_date.is_null() | (Person.moved_out_date > after))
    cohort_settled, cohort_moved, living = (
        base.select(fn.SUM(Case(None, [(in_cohort, 1)], 0)),
                    fn.SUM(Case(None, [(in_cohort & (Person.moved_out_date < after), 1)], 0)),
                    fn.SUM(Case(None, [(lives_after, 1)], 0)))
        .where(where & refugee).tuples().get())
    order = sorted(countries.items(), key=lambda kv: (-kv[1], vocab.label(vocab.COUNTRIES, kv[0])))
    return ArrivalsReport(year_from=year_from, year_to=year_to, municipality=municipality,
                          years=list(years.values()), moved_by_reason=dict(reasons), countries=order,
                          cohort_from=cohort_from, cohort_settled=int(cohort_settled or 0),
                          cohort_moved=int(cohort_moved or 0), living_at_end=int(living or 0))


def to_result(rep: ArrivalsReport) -> ReportResult:
    span = f"{rep.year_from}–{rep.year_to}"
    cohort = f"{rep.cohort_from}–{rep.year_to}"
    after = dt.date(rep.year_to + 1, 1, 1)
    year_rows: list[list[Any]] = [[y.year, y.settled, y.moved, y.born, y.net] for y in rep.years]
    year_rows.append([_("Sum"), rep.total_settled, rep.total_moved, sum(y.born for y in rep.years),
                      sum(y.net for y in rep.years)])
    reason_rows = [[label, rep.moved_by_reason.get(code, 0), share(rep.moved_by_reason.get(code, 0), rep.total_moved)]
                   for code, label in vocab.MOVE_REASONS.items()]
    country_rows = [[vocab.label(vocab.COUNTRIES, c), n, share(n, rep.total_settled)] for c, n in rep.countries]
    settled_moved = _("Settled and moved away per year {span}").format(span=span)
    settled_in = _("Settled {span}").format(span=cohort)
    moved_before = _("Of these moved away before {date}").format(date=fmt.date(after))
    tables = [
        Table("years", settled_moved,
              [Column(_("Year"), "year", 8), Column(_("Settled")), Column(_("Moved out")),
               Column(_("Born in Norway")), Column(_("Net"))], year_rows, total_row=True),
        Table("cohort", _("Settled {span} and moved away before {date}").format(span=cohort, date=fmt.date(after)),
              [Column(_("Measure"), "text", 40), Column(_("Number")), Column(_("Share"), "percent")],
              [[settled_in, rep.cohort_settled, None],
               [moved_before, rep.cohort_moved, rep.cohort_share],
               [_("Settled refugees in the municipality {date}").format(date=fmt.date(after)), rep.living_at_end,
                None]]),
        Table("reasons", _("Moving away by reason {span}").format(span=span),
              [Column(_("Reason"), "text", 40), Column(_("Persons")), Column(_("Share"), "percent")], reason_rows),
        Table("countries", _("Settled {span} by country of origin").format(span=span),
              [Column(_("Country"), "text", 24), Column(_("Persons")), Column(_("Share"), "percent")], country_rows),
    ]
    labels = [str(y.year) for y in rep.years]
    top = rep.countries[:6]
    rest = sum(n for _c, n in rep.countries[6:])
    pie_cats = [vocab.label(vocab.COUNTRIES, c) for c, _n in top] + ([_("Others")] if rest else [])
    pie_vals = [float(n) for _c, n in top] + ([float(rest)] if rest else [])
    charts = [
        Chart("years", settled_moved, "bar", labels,
              [(_("Settled"), [float(y.settled) for y in rep.years]),
               (_("Moved out"), [float(y.moved) for y in rep.years])]),
        Chart("countries", _("Settled {span} by country").format(span=span), "pie", pie_cats,
              [(_("Persons"), pie_vals)]),
    ]
    return ReportResult(
        name="arrivals", title=_("Settlement and moving away"),
        subtitle=f"{municipality_label(rep.municipality)}, {span}",
        definition=[
            _("Settled: persons with a settlement date in the year (their own arrival date for family "
              "reunification). Persons born in Norway are counted separately and are not settled refugees. Moved "
              "away: persons with a moving-out date in the year. Net = settled + born − moved away."),
            _("The share who moved away covers persons settled in the last three years ({span}) who had moved away "
              "before {date}. A person who moves away and comes back is registered again and counted as a new "
              "settlement.").format(span=cohort, date=fmt.date(after)),
        ],
        tables=tables, charts=charts,
        headline=[(_("Settled {span}").format(span=span), fmt.number(rep.total_settled)),
                  (settled_in, fmt.number(rep.cohort_settled)),
                  (moved_before, f"{fmt.number(rep.cohort_moved)} ({fmt.percent(rep.cohort_share)})"),
                  (_("Settled refugees {date}").format(date=fmt.date(after)), fmt.number(rep.living_at_end))])
