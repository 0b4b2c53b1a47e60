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

from .. import vocab
from ..context import Context
from ..rules.dates import age_on, follow_up_year
from . import fmt
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

AGE_GROUPS = [(0, 5, "0–5 år"), (6, 15, "6–15 år"), (16, 17, "16–17 år"), (18, 29, "18–29 år"),
              (30, 44, "30–44 år"), (45, 66, "45–66 år"), (67, 200, "67 år og eldre")]


def age_group(birth: dt.date | None, day: dt.date) -> str:
    if birth is None:
        return "Ukjent alder"
    age = age_on(birth, day)
    for low, high, label in AGE_GROUPS:
        if low <= age <= high:
            return label
    return "Ukjent alder"


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
        country[vocab.label(vocab.COUNTRIES, r.country) or "Ukjent"] += 1
        basis[vocab.label(vocab.LEGAL_BASES, r.legal_basis) or "Ikke oppgitt"] += 1
        ages[age_group(r.birth_date, date)] += 1
        munis[vocab.MUNICIPALITIES.get(r.municipality, r.municipality)] += 1
        years[f"År {fy}"] += 1

    def ordered(c: Counter[str], order: list[str] | None = None) -> list[tuple[str, int]]:
        if order:
            return [(k, c[k]) for k in order if c[k]] + [(k, n) for k, n in c.items() if k not in order]
        return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))

    return PopulationReport(
        date=date, municipality=municipality, living=living, followed=followed,
        households_followed=len(households), born_in_norway=born,
        by_country=ordered(country), by_legal_basis=ordered(basis, list(vocab.LEGAL_BASES.values())),
        by_age=ordered(ages, [g[2] for g in AGE_GROUPS] + ["Ukjent alder"]),
        by_municipality=ordered(munis, list(vocab.MUNICIPALITIES.values())),
        by_year=[(f"År {n}", years[f"År {n}"]) for n in range(1, 6)])


def to_result(rep: PopulationReport) -> ReportResult:
    def table(key: str, title: str, head: str, pairs: list[tuple[str, int]]) -> Table:
        rows = [[k, n, share(n, rep.followed)] for k, n in pairs] + [["Sum", rep.followed, share(rep.followed,
                                                                                                 rep.followed)]]
        return Table(key, title, [Column(head, "text", 30), Column("Personer"), Column("Andel", "percent")], rows)

    summary = Table("summary", "Oversikt", [Column("Mål", "text", 52), Column("Antall")], [
        ["Bosatte flyktninger som bor i kommunen", rep.living],
        ["  av disse i oppfølging (år 1–5)", rep.followed],
        ["  bosatt for mer enn fem år siden", rep.living - rep.followed],
        ["Husstander i oppfølging", rep.households_followed],
        ["Barn født i Norge i husstandene (ikke med over)", rep.born_in_norway],
    ])
    tables = [summary,
              table("by_country", "Etter opprinnelsesland", "Land", rep.by_country),
              table("by_legal_basis", "Etter grunnlag for opphold", "Grunnlag", rep.by_legal_basis),
              table("by_age", "Etter aldersgruppe", "Alder", rep.by_age),
              table("by_municipality", "Etter kommune", "Kommune", rep.by_municipality),
              table("by_year", "Etter oppfølgingsår", "Oppfølgingsår", rep.by_year)]
    charts = [Chart("countries", "Personer i oppfølging etter land", "pie", [k for k, _ in rep.by_country],
                    [("Personer", [float(n) for _, n in rep.by_country])]),
              Chart("years", "Personer i oppfølging etter oppfølgingsår", "bar", [k for k, _ in rep.by_year],
                    [("Personer", [float(n) for _, n in rep.by_year])])]
    return ReportResult(
        name="population", title="Bosatte flyktninger",
        subtitle=f"{municipality_label(rep.municipality)}, per {fmt.date(rep.date)}",
        definition=["Bosatte flyktninger som bor i kommunen på datoen (bosatt på eller før datoen og ikke flyttet "
                    "ut). I oppfølging: innenfor de fem første årene regnet i tolvmånedersperioder fra "
                    "bosettingsdatoen (år 1 = de første tolv månedene). Fordelingene gjelder personene i oppfølging. "
                    "Grunnlag for opphold er personens eget, ellers husstandens."],
        tables=tables, charts=charts,
        headline=[("Bosatte flyktninger i kommunen", fmt.number(rep.living)),
                  ("I oppfølging (år 1–5)", fmt.number(rep.followed)),
                  ("Husstander i oppfølging", fmt.number(rep.households_followed))])
