"""Report 5: practice placements per year, by sector and type, municipal vs private, outcomes.

- Active in a year: the placement's period overlaps the year (an open end
  counts as ongoing).
- Completed in a year: the placement has ended and its end date is in the year.
- Sector, type and municipal/private breakdowns count placements active in
  the span; outcomes count placements completed in the span; "led to work"
  is permanent or temporary job.
- Flyktningeløftet: every municipal department (workplace marked municipal)
  with its number of placements active in the span, including those with none,
  so the council sees which departments take part.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from .. import vocab
from ..context import Context
from ..i18n import _, pgettext
from ..models import Household, Municipality, Person, Placement, Workplace
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
    required_date,
    share,
)

WORK_OUTCOMES = frozenset({"permanent_job", "temporary_job"})


@dataclass
class PlacementsReport:
    year_from: int
    year_to: int
    municipality: str | None
    per_year: list[tuple[int, int, int]]  # (year, active, completed)
    by_sector: list[tuple[str, int]]
    by_type: list[tuple[str, int]]
    municipal: int
    private: int
    outcomes: list[tuple[str, int]]
    led_to_work: int
    completed: int
    departments: list[tuple[str, str, int]]  # (municipality, department, placements)


def _d(v) -> dt.date | None:
    if v is None or isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v)[:10])


def placements_report(ctx: Context, *, year_from: int, year_to: int,
                      municipality: str | None = None) -> PlacementsReport:
    """Placements of persons in ``municipality`` (the person's household's), years in the span."""
    check_access(ctx)
    municipality = check_municipality(municipality)
    check_span(year_from, year_to)
    first, last = dt.date(year_from, 1, 1), dt.date(year_to, 12, 31)
    q = (Placement.select(Placement.start_date, Placement.end_date, Placement.ended, Placement.outcome,
                          Placement.type, Workplace.sector, Workplace.is_municipal, Workplace.id)
         .join(Workplace).switch(Placement).join(Person).join(Household).join(Municipality)
         .where((Placement.start_date <= last) & (Placement.end_date.is_null() | (Placement.end_date >= first))))
    if municipality:
        q = q.where(Municipality.code == municipality)
    years = {y: [0, 0] for y in range(year_from, year_to + 1)}
    sectors: Counter[str] = Counter()
    types: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    per_workplace: Counter[int] = Counter()
    municipal = private = 0
    for start, end, ended, outcome, kind, sector, is_municipal, wid in q.tuples():
        start, end = required_date(start), _d(end)
        for y in years:
            if start.year <= y and (end is None or end.year >= y):
                years[y][0] += 1
        sectors[sector] += 1
        types[kind] += 1
        per_workplace[wid] += 1
        if is_municipal:
            municipal += 1
        else:
            private += 1
        if ended and end is not None and end.year in years:
            years[end.year][1] += 1
            outcomes[outcome or "ended_no_job"] += 1
    wq = (Workplace.select(Workplace.id, Workplace.department, Workplace.employer, Municipality.code)
          .join(Municipality).where(Workplace.is_municipal & Workplace.active))
    if municipality:
        wq = wq.where(Municipality.code == municipality)
    departments = sorted(((vocab.MUNICIPALITIES.get(code, code), dept or employer, per_workplace[wid])
                          for wid, dept, employer, code in wq.tuples()), key=lambda r: (r[0], -r[2], r[1]))
    completed = sum(outcomes.values())
    return PlacementsReport(
        year_from=year_from, year_to=year_to, municipality=municipality,
        per_year=[(y, a, c) for y, (a, c) in years.items()],
        # most first, ties by name: not by the order rows came from the database (it differs per backend)
        by_sector=sorted(((vocab.label(vocab.SECTORS, k), n) for k, n in sectors.items()), key=lambda r: (-r[1], r[0])),
        by_type=sorted(((vocab.label(vocab.PLACEMENT_TYPES, k), n) for k, n in types.items()),
                       key=lambda r: (-r[1], r[0])),
        municipal=municipal, private=private,
        outcomes=[(vocab.PLACEMENT_OUTCOMES[k], outcomes[k]) for k in vocab.PLACEMENT_OUTCOMES],
        led_to_work=sum(outcomes[k] for k in WORK_OUTCOMES), completed=completed, departments=departments)


def to_result(rep: PlacementsReport) -> ReportResult:
    span = f"{rep.year_from}–{rep.year_to}"
    total = rep.municipal + rep.private

    def pairs(pairs: list[tuple[str, int]], base: int) -> list[list]:
        return [[k, n, share(n, base)] for k, n in pairs]

    per_year = _("Practice placements per year {span}").format(span=span)
    count_cols = [Column("", "text", 34), Column(_("Practice placements")), Column(_("Share"), "percent")]
    tables = [
        Table("years", per_year,
              [Column(_("Year"), "year", 8), Column(_("Active in the year")), Column(_("Ended in the year"))],
              [list(r) for r in rep.per_year]),
        Table("municipal", _("Municipal and private workplaces"), count_cols,
              pairs([(_("Municipal (flyktningeløftet)"), rep.municipal),
                     (pgettext("plural", "Private"), rep.private)], total)),
        Table("sector", _("By sector"), count_cols, pairs(rep.by_sector, total)),
        Table("type", _("By type"), count_cols, pairs(rep.by_type, total)),
        Table("outcomes", _("Outcome of ended practice placements {span}").format(span=span), count_cols,
              pairs(rep.outcomes, rep.completed) + [[_("Led to work (permanent or temporary)"), rep.led_to_work,
                                                     share(rep.led_to_work, rep.completed)]]),
        Table("departments", _("Flyktningeløftet: municipal departments"),
              [Column(_("Municipality"), "text", 12), Column(_("Department"), "text", 36),
               Column(_("Practice placements"))],
              [list(d) for d in rep.departments]),
    ]
    charts = [Chart("years", per_year, "bar", [str(y) for y, _a, _c in rep.per_year],
                    [(pgettext("plural", "Active"), [float(a) for _y, a, _c in rep.per_year]),
                     (_("Ended"), [float(c) for _y, _a, c in rep.per_year])]),
              Chart("sector", _("Practice placements by sector"), "pie", [k for k, _n in rep.by_sector],
                    [(_("Practice placements"), [float(n) for _k, n in rep.by_sector])])]
    return ReportResult(
        name="placements", title=_("Practice placements"),
        subtitle=f"{municipality_label(rep.municipality)}, {span}",
        definition=[_("Active in the year: the practice period overlaps the year. Ended: the practice has ended "
                      "with an end date in the year. Sector, type and municipal/private cover practice placements "
                      "active in the period. «Led to work» is the outcomes permanent job and temporary job. "
                      "Flyktningeløftet shows all active municipal departments, also those without practice "
                      "placements in the period.")],
        tables=tables, charts=charts,
        headline=[(_("Practice placements active {span}").format(span=span), fmt.number(total)),
                  (_("Municipal / private"), f"{rep.municipal} / {rep.private}"),
                  (_("Ended, led to work"), _("{counted} of {total} ({percent})").format(
                      counted=rep.led_to_work, total=rep.completed,
                      percent=fmt.percent(share(rep.led_to_work, rep.completed))))])
