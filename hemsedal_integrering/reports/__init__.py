"""Read-only reports for the council and the service, and their exports.

``REPORTS`` lists every report by its command-line name with its Norwegian
title and whether it takes a date or a span of years. ``run_report`` computes
one and returns the generic ``ReportResult`` that the Excel and PDF exports,
the command line and the Rapporter area share.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from ..context import Context
from ..i18n import _
from . import arrivals, grants, housing, intro_report, kpi, placements, population
from .common import ReportResult


@dataclass(frozen=True)
class ReportSpec:
    """How to run one report: 'date' reports take a day, 'span' reports a range of years."""

    name: str
    title: str
    takes: str  # 'date' | 'span'
    run: Callable[..., ReportResult]


def _kpi(ctx: Context, *, date: dt.date, municipality: str | None, min_months: int | None = None,
         **_: object) -> ReportResult:
    return kpi.to_result(kpi.work_education_kpi(ctx, date=date, municipality=municipality,
                                                min_months=kpi.DEFAULT_MIN_MONTHS if min_months is None
                                                else min_months))


def _arrivals(ctx: Context, *, year_from: int, year_to: int, municipality: str | None, **_: object) -> ReportResult:
    return arrivals.to_result(arrivals.arrivals_departures(ctx, year_from=year_from, year_to=year_to,
                                                           municipality=municipality))


def _population(ctx: Context, *, date: dt.date, municipality: str | None, **_: object) -> ReportResult:
    return population.to_result(population.population(ctx, date=date, municipality=municipality))


def _housing(ctx: Context, *, date: dt.date, municipality: str | None, **_: object) -> ReportResult:
    return housing.to_result(housing.housing(ctx, date=date, municipality=municipality))


def _placements(ctx: Context, *, year_from: int, year_to: int, municipality: str | None,
                **_: object) -> ReportResult:
    return placements.to_result(placements.placements_report(ctx, year_from=year_from, year_to=year_to,
                                                             municipality=municipality))


def _grants(ctx: Context, *, year_from: int, year_to: int, municipality: str | None, **_: object) -> ReportResult:
    return grants.to_result(grants.grant_overview(ctx, year_from=year_from, year_to=year_to,
                                                  municipality=municipality))


def _intro(ctx: Context, *, date: dt.date, municipality: str | None, **_: object) -> ReportResult:
    return intro_report.programme_report(ctx, date=date, municipality=municipality)


REPORTS: dict[str, ReportSpec] = {spec.name: spec for spec in (
    ReportSpec("kpi", _("Work and education (KPI)"), "date", _kpi),
    ReportSpec("arrivals", _("Settlement and moving away per year"), "span", _arrivals),
    ReportSpec("population", _("Settled refugees now"), "date", _population),
    ReportSpec("housing", _("Housing units"), "date", _housing),
    ReportSpec("placements", _("Practice placements"), "span", _placements),
    ReportSpec("intro", _("Introduction programme"), "date", _intro),
    ReportSpec("grants", _("Integration grant"), "span", _grants),
)}


def default_span(name: str, today: dt.date) -> tuple[int, int]:
    """A sensible default span: arrivals since 2010, grants ahead, otherwise the last five years."""
    if name == "arrivals":
        return 2010, today.year
    if name == "grants":
        return today.year, today.year + 4
    return today.year - 4, today.year


def run_report(ctx: Context, name: str, *, date: dt.date | None = None, year_from: int | None = None,
               year_to: int | None = None, municipality: str | None = None,
               min_months: int | None = None) -> ReportResult:
    """Compute report ``name``; a missing date is today, a missing span the report's default."""
    spec = REPORTS[name]
    today = ctx.today()
    if spec.takes == "date":
        return spec.run(ctx, date=date or today, municipality=municipality, min_months=min_months)
    lo, hi = default_span(name, today)
    return spec.run(ctx, year_from=year_from if year_from is not None else lo,
                    year_to=year_to if year_to is not None else hi, municipality=municipality)


__all__ = ["REPORTS", "ReportResult", "ReportSpec", "default_span", "run_report"]
