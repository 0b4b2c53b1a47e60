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
from dataclasses import dataclass

from hemsedal_integrering import vocab
from hemsedal_integrering.context import Context
from hemsedal_integrering.i18n import N_, _
from hemsedal_integrering.rules.dates import age_on, follow_up_year
from hemsedal_integrering.reports import fmt
from .kpi import year_label
from .common import (
    Chart,
    Column,
    ReportResult,
    Table,
    check_access,
    check_municipality,
    municipality_label,
    person_rows,
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
    """Who lives here on ``date`` and is followed, broken down five ways."""
    check_access(ctx)
    municipality = check_municipality(municipality)
    country: Counter[str] = Counter()
    basis: Counter[str] = Counter()
    ages: Counter[str] = Counter()
    munis: Counter[str] = Counter()
    years: Counter[str] = Counter()
    households: set[int] = set()
    living = followed = born = 0
    for r in person_rows(municipality, settled_until=date, include_born=True):
        if not r.lives_on(date):
            continue
        if r.born_in_norway:
            born += 1
            continue
        living += 1
        fy = follow_up_year(r.settled, date)
        if not fy:
            continue
        followed += 1
        households.add(r.household_id)
        country[vocab.label(vocab.COUNTRIES, r.country) or _("Unknown")] += 1
        basis[vocab.label(vocab.LEGAL_BASES, r.legal_basis) or _("Not stated")] += 1
        ages[age_group(r.birth_date, date)] += 1
        munis[vocab.MUNICIPALITIES.get(r.municipality, r.municipality)] += 1
        years[year_label(fy)] += 1

    def ordered(c: Counter[str], order: list[str] | None = None) -> list[tuple[str, int]]:
        if order:
            return [(k, c[k]) for k in order if c[k]] + [(k, n) for k, n in c.items() if k not in order]
        return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))

    return PopulationReport(
        date=date, municipality=municipality, living=living, followed=followed,
        households_followed=len(households), born_in_norway=born,
        by_country=ordered(country), by_legal_basis=ordered(basis, list(vocab.LEGAL_BASES.values())),
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
