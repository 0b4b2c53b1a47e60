"""Report 6: integration grant overview (integreringstilskudd) for a span of calendar years.

Rules, as IMDi's yearly circular structures the grant (imdi.no/tilskudd/integreringstilskudd;
defaults the municipality checks against the circular for the year in question):

- Grant year: the settlement's calendar year is year 1, then years 2–5
  (``rules.dates.grant_year``). The grant period ends 31 December of the fifth
  grant year.
- Year 1 belongs to the municipality that settled the person. Years 2–5 are
  expected only while the person lives in the municipality on 1 January of
  that calendar year.
- The rate differs by category in grant year 1 only: single adult (an adult
  settled alone), adult, unaccompanied minor, child. Years 2–5 have one rate
  each (category 'general').
- Unaccompanied minor is the status UDI/IMDi gave at settlement
  (``Person.unaccompanied_minor``), not "a household without adults".
- A child born in Norway triggers the grant when born within 6 months after
  the mother's settlement (the circular's target group, "barn født inntil 6
  måneder etter at mor er bosatt"); its grant years follow the mother's
  settlement. The mother is the household's woman adult settled first (or
  the household's settlement when no woman is registered). Other children
  born in Norway trigger no grant.
- One-time grants in year 1: 'elderly_once' for persons 60 or older at
  settlement, 'kindergarten_once' for children aged 0–5 at settlement.
- Separate lines: the special grant for unaccompanied minors (a yearly rate,
  from the settlement year until the year the person turns 20, while living
  here on 1 January after the first year), and the grant for persons with
  disabilities or behavioural problems (applied for; the granted amounts per
  person and year, ``PersonGrant``).
- Amounts come only from ``GrantRate`` rows. A missing rate gives no amount and
  is counted, so the user sees what to enter. Nothing is hard-coded.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from .. import vocab
from ..context import Context
from ..i18n import _
from ..models import GrantRate, Person
from ..models import PersonGrant as GrantedAmount
from ..rules.dates import add_months, age_on, grant_year
from . import fmt
from .kpi import year_label
from .common import (
    Chart,
    Column,
    PersonRow,
    ReportResult,
    Table,
    check_access,
    check_municipality,
    check_span,
    municipality_label,
    person_rows,
)

#: A child born within this many months after the mother's settlement triggers the grant.
BORN_AFTER_MOTHER_MONTHS = 6
#: The special grant for unaccompanied minors is paid until the year the person turns this age.
SPECIAL_GRANT_UNTIL_AGE = 20


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
    special: dict[int, int | None] = field(default_factory=dict)  # year -> special grant (unaccompanied minor)


@dataclass
class YearTotal:
    year: int
    persons: list[int]  # persons in grant year 1..5 (index 0 = year 1)
    one_time: int
    amount: int
    missing_rates: int
    special_persons: int = 0  # unaccompanied minors with the special grant this year
    special_amount: int = 0
    disability_persons: int = 0
    disability_amount: int = 0


@dataclass
class GrantsReport:
    year_from: int
    year_to: int
    municipality: str | None
    persons: list[PersonGrant]
    totals: list[YearTotal]
    rates_used: list[tuple[int, str, int, int]]  # (year, category, grant year, amount)
    missing: list[tuple[int, str, int]]  # (year, category, grant year) without a rate


def category_of(age_at_settlement: int | None, role: str, unaccompanied: bool, household_size: int) -> str:
    """The year-1 grant category (see the module's rules)."""
    minor = age_at_settlement < 18 if age_at_settlement is not None else role == "child"
    if unaccompanied:
        return "unaccompanied_minor"
    if minor:
        return "child"
    return "single_adult" if household_size <= 1 else "adult_family"


def one_time_of(age_at_settlement: int | None) -> str | None:
    if age_at_settlement is None:
        return None
    if age_at_settlement >= 60:
        return "elderly_once"
    if age_at_settlement <= 5:
        return "kindergarten_once"
    return None


def _mothers(rows: list[PersonRow]) -> dict[int, dt.date]:
    """Household id -> the mother's settlement date (see the module's rules)."""
    women: dict[int, dt.date] = {}
    anyone: dict[int, dt.date] = {}
    for r in rows:
        if r.born_in_norway:
            continue
        anyone[r.household_id] = min(anyone.get(r.household_id, r.settled), r.settled)
        if r.gender == "F" and r.role == "adult":
            women[r.household_id] = min(women.get(r.household_id, r.settled), r.settled)
    return anyone | women


def grant_base(rows: list[PersonRow]) -> list[PersonRow]:
    """The persons who trigger the grant, a child born here with the mother's settlement date."""
    mothers = _mothers(rows)
    out = []
    for r in rows:
        if not r.born_in_norway:
            out.append(r)
            continue
        mother = mothers.get(r.household_id)
        if mother and r.birth_date and mother <= r.birth_date <= add_months(mother, BORN_AFTER_MOTHER_MONTHS):
            out.append(PersonRow(**{**r.__dict__, "settled": mother}))
    return out


def grant_overview(ctx: Context, *, year_from: int, year_to: int, municipality: str | None = None) -> GrantsReport:
    """Each person's grant year per calendar year and the expected grant from the rates table."""
    check_access(ctx)
    municipality = check_municipality(municipality)
    check_span(year_from, year_to)
    rates = {(y, c, g): a for y, c, g, a in GrantRate.select(GrantRate.year, GrantRate.category, GrantRate.grant_year,
                                                               GrantRate.amount).tuples()}
    rows = [r for r in grant_base(person_rows(ctx, municipality, settled_until=dt.date(year_to, 12, 31),
                                              include_born=True))
            if r.settled.year + 4 >= year_from or r.birth_date and r.birth_date.year + SPECIAL_GRANT_UNTIL_AGE
            >= year_from]
    ids = [r.id for r in rows]
    unaccompanied = {pid for (pid,) in Person.select(Person.id).where(Person.unaccompanied_minor == True)  # noqa: E712
                     .tuples()}
    disability: dict[tuple[int, int], int] = defaultdict(int)
    for pid, year, amount in (GrantedAmount.select(GrantedAmount.person, GrantedAmount.year, GrantedAmount.amount)
                              .where((GrantedAmount.year >= year_from) & (GrantedAmount.year <= year_to))
                              .tuples()):
        disability[(pid, year)] += amount
    names: dict[int, str] = dict(Person.select(Person.id, Person.first_name.concat(" ").concat(Person.last_name))
                 .where(Person.id.in_(ids)).tuples()) if ids else {}
    used: set[tuple[int, str, int]] = set()
    missing: set[tuple[int, str, int]] = set()
    totals = {y: YearTotal(y, [0] * 5, 0, 0, 0) for y in range(year_from, year_to + 1)}
    persons = []

    def rate(key: tuple[int, str, int]) -> int | None:
        if key in rates:
            used.add(key)
            return rates[key]
        missing.add(key)
        return None

    for r in rows:
        age = age_on(r.birth_date, r.settled) if r.birth_date else None
        alone = r.id in unaccompanied
        cat = category_of(age, r.role, alone, r.household_size)
        once = one_time_of(age)
        years: dict[int, int | None] = {}
        amounts: dict[int, int | None] = {}
        special: dict[int, int | None] = {}
        for y in totals:
            t = totals[y]
            g = grant_year(r.settled, y)
            if g is not None and g > 1 and not r.lives_on(dt.date(y, 1, 1)):
                g = None
            years[y] = g
            if alone and r.birth_date and r.settled.year <= y <= r.birth_date.year + SPECIAL_GRANT_UNTIL_AGE \
                    and (y == r.settled.year or r.lives_on(dt.date(y, 1, 1))):
                amount = special[y] = rate((y, "unaccompanied_special", 0))
                t.special_persons += 1
                if amount is None:
                    t.missing_rates += 1
                else:
                    t.special_amount += amount
            if disability.get((r.id, y)):
                t.disability_persons += 1
                t.disability_amount += disability[(r.id, y)]
            if g is None:
                amounts[y] = 0
                continue
            keys = [(y, cat if g == 1 else "general", g)] + ([(y, once, 0)] if once and g == 1 else [])
            total: int | None = 0
            for key in keys:
                amount = rate(key)
                total = None if total is None or amount is None else total + amount
            amounts[y] = total
            t.persons[g - 1] += 1
            t.one_time += bool(once and g == 1)
            if total is None:
                t.missing_rates += 1
            else:
                t.amount += total
        if any(v is not None for v in years.values()) or special:
            persons.append(PersonGrant(r.id, names.get(r.id, ""), r.municipality, r.settled, cat, once,
                                       dt.date(r.settled.year + 4, 12, 31), years, amounts, special))
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
    no_rate = _("Rates missing (persons)")
    integration = _("Integration grant")
    special = _("Special grant, unaccompanied minors")
    disability = _("Grant for disabilities (granted)")

    def total(t: YearTotal) -> int | None:
        parts = [t.amount, t.special_amount, t.disability_amount]
        return None if t.missing_rates and not any(parts) else sum(parts)

    tables = [
        Table("totals", _("Expected grants per year {span}").format(span=span),
              [Column(_("Year"), "year", 8), *[Column(year_label(n), "int", 7) for n in range(1, 6)],
               Column(_("One-time grants")), Column(integration, "money", 16),
               Column(_("Unaccompanied minors")), Column(special, "money", 16),
               Column(_("Persons with a disability grant")), Column(disability, "money", 16),
               Column(_("Expected in all"), "money", 16), Column(no_rate, "int", 14)],
              [[t.year, *t.persons, t.one_time, None if t.missing_rates and not t.amount else t.amount,
                t.special_persons, t.special_amount, t.disability_persons, t.disability_amount, total(t),
                t.missing_rates] for t in rep.totals]),
        Table("persons", _("Grant year per person (1–5)"),
              [Column(_("Name"), "text", 28), Column(_("Municipality"), "text", 10), Column(_("Settled"), "date", 12),
               Column(_("Year-1 category"), "text", 18), Column(_("One-time grant"), "text", 22), *year_cols,
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
              "municipality on 1 January. As in IMDi's circular, the rate depends on the category (single adult, "
              "adult, unaccompanied minor, child) in year 1 only; years 2–5 have one rate each."),
            _("A child born in Norway is counted when born within 6 months after the mother's settlement, with the "
              "mother's grant years; other children born in Norway trigger no grant. Unaccompanied minor is the "
              "status given at settlement. The special grant for unaccompanied minors is counted every year until "
              "the year the person turns 20; the grant for disabilities or behavioural problems shows the amounts "
              "granted after application."),
            _("The amounts come only from the rates table the administrator enters or imports (year, category, "
              "grant year). If a rate is missing, the amount is not in the sum, and the person is counted under "
              "«{column}».").format(column=no_rate),
        ],
        tables=tables, charts=charts,
        headline=[(_("Persons with a grant {span}").format(span=span), fmt.number(len(rep.persons))),
                  *[(_("Expected {year}").format(year=t.year), _expected(t)) for t in rep.totals[:3]]])


def _expected(t: YearTotal) -> str:
    """The expected grant (all lines) as text; says plainly when rates are missing."""
    amount = t.amount + t.special_amount + t.disability_amount
    if not t.missing_rates:
        return fmt.money(amount)
    if not amount:
        return _("unknown – no rates entered")
    return _("at least {amount} (rates are missing)").format(amount=fmt.money(amount))
