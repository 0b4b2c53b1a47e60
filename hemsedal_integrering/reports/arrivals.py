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
from dataclasses import dataclass

from .. import vocab
from ..context import Context
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
    person_rows,
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


def arrivals_departures(ctx: Context, *, year_from: int, year_to: int,
                        municipality: str | None = None) -> ArrivalsReport:
    """Count arrivals, departures and births per year in [year_from, year_to]."""
    check_access(ctx)
    municipality = check_municipality(municipality)
    check_span(year_from, year_to)
    rows = person_rows(municipality, include_born=True)
    years = {y: YearRow(y, 0, 0, 0) for y in range(year_from, year_to + 1)}
    reasons: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    cohort_from = max(year_from, year_to - 2)
    cohort_settled = cohort_moved = 0
    after = dt.date(year_to + 1, 1, 1)
    living = 0
    for r in rows:
        if r.born_in_norway:
            if r.settled.year in years:
                years[r.settled.year].born += 1
            continue
        if r.settled.year in years:
            years[r.settled.year].settled += 1
            countries[r.country or "XX"] += 1
        if r.moved_out is not None and r.moved_out.year in years:
            years[r.moved_out.year].moved += 1
            reasons[r.move_reason or "other"] += 1
        if cohort_from <= r.settled.year <= year_to:
            cohort_settled += 1
            cohort_moved += r.moved_out is not None and r.moved_out < after
        living += r.lives_on(after)
    order = sorted(countries.items(), key=lambda kv: (-kv[1], vocab.label(vocab.COUNTRIES, kv[0])))
    return ArrivalsReport(year_from=year_from, year_to=year_to, municipality=municipality,
                          years=list(years.values()), moved_by_reason=dict(reasons), countries=order,
                          cohort_from=cohort_from, cohort_settled=cohort_settled, cohort_moved=cohort_moved,
                          living_at_end=living)


def to_result(rep: ArrivalsReport) -> ReportResult:
    span = f"{rep.year_from}–{rep.year_to}"
    cohort = f"{rep.cohort_from}–{rep.year_to}"
    after = dt.date(rep.year_to + 1, 1, 1)
    year_rows = [[y.year, y.settled, y.moved, y.born, y.net] for y in rep.years]
    year_rows.append(["Sum", rep.total_settled, rep.total_moved, sum(y.born for y in rep.years),
                      sum(y.net for y in rep.years)])
    reason_rows = [[label, rep.moved_by_reason.get(code, 0), share(rep.moved_by_reason.get(code, 0), rep.total_moved)]
                   for code, label in vocab.MOVE_REASONS.items()]
    country_rows = [[vocab.label(vocab.COUNTRIES, c), n, share(n, rep.total_settled)] for c, n in rep.countries]
    tables = [
        Table("years", f"Bosatt og utflyttet per år {span}",
              [Column("År", "year", 8), Column("Bosatt"), Column("Flyttet ut"), Column("Født i Norge"),
               Column("Netto")], year_rows),
        Table("cohort", f"Bosatt {cohort} og flyttet ut før {fmt.date(after)}",
              [Column("Mål", "text", 40), Column("Antall"), Column("Andel", "percent")],
              [[f"Bosatt {cohort}", rep.cohort_settled, None],
               [f"Av disse flyttet ut før {fmt.date(after)}", rep.cohort_moved, rep.cohort_share],
               [f"Bosatte flyktninger i kommunen {fmt.date(after)}", rep.living_at_end, None]]),
        Table("reasons", f"Utflytting etter årsak {span}",
              [Column("Årsak", "text", 40), Column("Personer"), Column("Andel", "percent")], reason_rows),
        Table("countries", f"Bosatt {span} etter opprinnelsesland",
              [Column("Land", "text", 24), Column("Personer"), Column("Andel", "percent")], country_rows),
    ]
    labels = [str(y.year) for y in rep.years]
    top = rep.countries[:6]
    rest = sum(n for _, n in rep.countries[6:])
    pie_cats = [vocab.label(vocab.COUNTRIES, c) for c, _ in top] + (["Andre"] if rest else [])
    pie_vals = [float(n) for _, n in top] + ([float(rest)] if rest else [])
    charts = [
        Chart("years", f"Bosatt og utflyttet per år {span}", "bar", labels,
              [("Bosatt", [float(y.settled) for y in rep.years]), ("Flyttet ut", [float(y.moved) for y in rep.years])]),
        Chart("countries", f"Bosatt {span} etter land", "pie", pie_cats, [("Personer", pie_vals)]),
    ]
    return ReportResult(
        name="arrivals", title="Bosetting og utflytting",
        subtitle=f"{municipality_label(rep.municipality)}, {span}",
        definition=[
            "Bosatt: personer med bosettingsdato i året (egen ankomstdato ved familiegjenforening). Personer født i "
            "Norge telles for seg og er ikke bosatte flyktninger. Flyttet ut: personer med utflyttingsdato i året. "
            "Netto = bosatt + født − flyttet ut.",
            f"Andelen som har flyttet ut gjelder personer bosatt i de tre siste årene ({cohort}) som hadde flyttet ut "
            f"før {fmt.date(after)}. En som flytter ut og kommer tilbake, er registrert på nytt og telles som ny "
            f"bosetting.",
        ],
        tables=tables, charts=charts,
        headline=[(f"Bosatt {span}", fmt.number(rep.total_settled)),
                  (f"Bosatt {cohort}", fmt.number(rep.cohort_settled)),
                  (f"Av disse flyttet ut før {fmt.date(after)}",
                   f"{fmt.number(rep.cohort_moved)} ({fmt.percent(rep.cohort_share)})"),
                  (f"Bosatte flyktninger {fmt.date(after)}", fmt.number(rep.living_at_end))])
