"""Report: the introduction programme on a date, by municipality.

Definitions (stated once, shown with the report):

* **Participant on D**: the programme started on or before D and has not
  ended before D (``actual_end_date`` empty or on/after D). On leave or stopped
  on D: a leave/stop period covers D.
* **End goal**: the integration plan's end goal (none = "no plan yet").
* **Time in the programme**: whole months from the start to D.
* **Absence rate**: in the twelve months up to D, registered absence hours
  (a whole day 7.5 hours) divided by the programme's weekday hours
  (7.5 a weekday inside the programme, leave and stop days left out).
* **Results one year after ending**: programmes that ended in the twelve
  months up to one year before D, counted when the status one year after the
  end is work or education — the same rule as the national 70 % measure in
  the KPI report (``kpi._national``); persons who moved away before are left out.
* **Norwegian level**: the best oral level each person has reached (tests on or before D).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from typing import NamedTuple

from .. import vocab
from ..context import Context
from ..i18n import _
from ..models import (Absence, Household, IntegrationPlan, IntroProgramme, LanguageTest, Municipality, Person,
                      ProgrammePeriod, StatusPeriod)
from ..rules import intro_codes as codes
from ..rules import introduction as rules
from ..rules.dates import add_months, add_years
from .common import (Column, ReportResult, Table, check_access, check_municipality, date_value, municipality_label,
                     required_date, share)
from .kpi import NATIONAL_STATUSES

TIME_BUCKETS = [(6, _("Under 6 months")), (12, _("6–11 months")), (24, _("1–2 years")), (36, _("2–3 years")),
                (10**6, _("3 years or more"))]
DAY_HOURS = Decimal("7.5")


def _months(start: dt.date, day: dt.date) -> int:
    n = (day.year - start.year) * 12 + day.month - start.month
    return n - (1 if add_months(start, n) > day else 0)


def _weekdays(first: dt.date, last: dt.date) -> int:
    """Monday–Friday days from ``first`` to ``last``, both included (0 when ``last`` is before)."""
    if last < first:
        return 0
    weeks, rest = divmod((last - first).days + 1, 7)
    start = first.weekday()
    return weeks * 5 + sum(1 for k in range(rest) if (start + k) % 7 < 5)


def _programme_weekdays(lo: dt.date, hi: dt.date, paused: list[tuple[dt.date, dt.date | None]]) -> int:
    """Weekdays from ``lo`` to ``hi`` outside every (start, end or open) leave/stop period:
    counted, not walked day by day (at 100,000 persons the walk took most of 30 s)."""
    total = _weekdays(lo, hi)
    covered: list[tuple[dt.date, dt.date]] = []
    for a, b in sorted((max(a, lo), min(b or dt.date.max, hi)) for a, b in paused):
        if a > b:
            continue
        if covered and a <= covered[-1][1] + dt.timedelta(days=1):
            covered[-1] = (covered[-1][0], max(covered[-1][1], b))
        else:
            covered.append((a, b))
    return total - sum(_weekdays(a, b) for a, b in covered)


def _programmes_in(muni: list[str]):
    """A query joining programmes to the municipality their person's household belongs to."""
    return (IntroProgramme.select().join(Person).join(Household).join(Municipality)
            .where(Municipality.code.in_(muni)))


def _columns(codes_: list[str]) -> list[Column]:
    return [Column(_("Group"), "text", 34)] + [Column(vocab.MUNICIPALITIES[c], "int") for c in codes_] + [
        Column(_("Total"), "int")]


def programme_report(ctx: Context, *, date: dt.date, municipality: str | None = None) -> ReportResult:
    """Participants now, by end goal, by time in programme, absence rate, results one year after, Norwegian level."""
    check_access(ctx)
    code = check_municipality(municipality)
    muni = [code] if code else list(vocab.MUNICIPALITIES)
    # Plain rows, joined in SQL to the municipality (issue 16: model objects with three joined
    # models and one status query per ended programme took 32 s at 100,000 persons).
    programmes = [_Programme(pid, person, code_, required_date(start), date_value(end), result or "",
                             date_value(moved))
                  for pid, person, code_, start, end, result, moved in _programmes_in(muni).select(
                      IntroProgramme.id, IntroProgramme.person, Municipality.code, IntroProgramme.start_date,
                      IntroProgramme.actual_end_date, IntroProgramme.result, Person.moved_out_date).tuples()]
    where = {p.id: p.municipality for p in programmes}
    plans = dict(_programmes_in(muni).select(IntroProgramme.id, IntegrationPlan.end_goal).switch(IntroProgramme)
                 .join(IntegrationPlan, on=(IntegrationPlan.programme == IntroProgramme.id)).tuples())
    periods: defaultdict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for pid, start, end in (_programmes_in(muni).select(IntroProgramme.id, ProgrammePeriod.start_date,
                                                         ProgrammePeriod.end_date).switch(IntroProgramme)
                            .join(ProgrammePeriod, on=(ProgrammePeriod.programme == IntroProgramme.id))
                            .where(ProgrammePeriod.kind.in_(["leave", "stop"])).tuples()):
        periods[pid].append((required_date(start), date_value(end)))

    def paused(pid: int, day: dt.date) -> bool:
        return any(a <= day <= (b or dt.date.max) for a, b in periods[pid])

    now = [p for p in programmes if p.start_date <= date and (p.actual_end_date is None or p.actual_end_date >= date)]

    def counts(rows: list[tuple[str, str]], order: list[str], labels: dict[str, str]) -> list[list]:
        c = Counter(rows)
        out = []
        for key in order:
            vals = [c[(key, m)] for m in muni]
            if sum(vals):
                out.append([labels[key], *vals, sum(vals)])
        totals = [sum(c[(k, m)] for k in order) for m in muni]
        out.append([_("Total"), *totals, sum(totals)])
        return out

    # participants now
    state = [("on_leave" if paused(p.id, date) else "active", where[p.id]) for p in now]
    now_table = Table("now", _("Participants now"), _columns(muni), counts(
        state, ["active", "on_leave"], {"active": _("In the programme"), "on_leave": _("On leave or stopped")}),
        total_row=True)
    # by end goal
    goal_labels = {k: _(v) for k, v in rules.END_GOALS.items()} | {"": _("No plan yet")}
    goals = [(plans[p.id] if p.id in plans else "", where[p.id]) for p in now]
    goal_table = Table("end_goal", _("Participants by end goal"), _columns(muni),
                       counts(goals, [*rules.END_GOALS, ""], goal_labels), total_row=True)
    # by time in programme
    def bucket(p) -> str:
        months = _months(p.start_date, date)
        return next(str(i) for i, (limit, _label) in enumerate(TIME_BUCKETS) if months < limit)
    times = [(bucket(p), where[p.id]) for p in now]
    time_table = Table("time", _("Participants by time in the programme"), _columns(muni), counts(
        times, [str(i) for i in range(len(TIME_BUCKETS))], {str(i): lbl for i, (_l, lbl) in enumerate(TIME_BUCKETS)}),
        total_row=True)
    # absence rate, twelve months up to the date
    first = add_years(date, -1) + dt.timedelta(days=1)
    planned: defaultdict[str, Decimal] = defaultdict(Decimal)
    for p in programmes:
        lo, hi = max(first, p.start_date), min(date, p.actual_end_date or date)
        planned[where[p.id]] += DAY_HOURS * _programme_weekdays(lo, hi, periods[p.id])
    absent: defaultdict[str, Decimal] = defaultdict(Decimal)
    unexcused: defaultdict[str, Decimal] = defaultdict(Decimal)
    for pid, raw, kind in (_programmes_in(muni).select(IntroProgramme.id, Absence.hours, Absence.kind)
                           .switch(IntroProgramme).join(Absence, on=(Absence.programme == IntroProgramme.id))
                           .where(Absence.day.between(first, date)).tuples()):
        hours = DAY_HOURS if raw is None else Decimal(raw)
        absent[where[pid]] += hours
        if kind == "unexcused":
            unexcused[where[pid]] += hours
    rate_rows = []
    for label, counter in ((_("All absence"), absent), (_("Unexcused absence"), unexcused)):
        vals = [share(float(counter[m]), float(planned[m])) for m in muni]
        rate_rows.append([label, *vals, share(float(sum(counter.values())), float(sum(planned.values())))])
    rate_table = Table("absence", _("Absence rate, last twelve months"),
                       [Column(_("Group"), "text", 34)] + [Column(vocab.MUNICIPALITIES[c], "percent") for c in muni]
                       + [Column(_("Total"), "percent")], rate_rows)
    # results one year after ending
    last_end, first_end = add_years(date, -1), add_years(date, -2) + dt.timedelta(days=1)
    ended = [p for p in programmes if p.actual_end_date and first_end <= p.actual_end_date <= last_end]
    base: Counter = Counter()
    counted: Counter = Counter()
    status_periods = _status_periods(muni, first_end, last_end)
    for p in ended:
        if p.actual_end_date is None:  # (ended: all have one)
            continue
        measured = add_years(p.actual_end_date, 1)
        moved = p.moved_out_date
        if moved is not None and moved <= measured:
            continue
        base[where[p.id]] += 1
        # the status on the day (of overlapping periods the later-starting, then later registered: kpi.statuses_on)
        covering = [(b, sid, st) for b, sid, e, st in status_periods[p.person_id]
                    if b <= measured and (e is None or e >= measured)]
        counted[where[p.id]] += bool(covering) and max(covering)[2] in NATIONAL_STATUSES
    result_rows = [[_("Ended in the period"), *[base[m] for m in muni], sum(base.values())],
                   [_("In work or education one year after"), *[counted[m] for m in muni], sum(counted.values())]]
    result_table = Table("results", _("Results one year after ending"), _columns(muni), result_rows,
                         note=_("Programmes that ended {first}–{last}; share in work or education: {share}.").format(
                             first=first_end.strftime("%d.%m.%Y"), last=last_end.strftime("%d.%m.%Y"),
                             share=_percent(share(sum(counted.values()), sum(base.values())))))
    ended_by_result = Counter((p.result, where[p.id]) for p in programmes
                              if p.actual_end_date and first <= p.actual_end_date <= date)
    res_table = Table("ended", _("Ended in the last twelve months, by result"), _columns(muni), counts(
        list(ended_by_result.elements()), list(codes.RESULTS) + [""],
        {k: _(v) for k, v in codes.RESULTS.items()} | {"": _("Unknown")}), total_row=True)
    # Norwegian level (best oral level on or before the date)
    people_here = {p.person_id: where[p.id] for p in programmes}
    best: dict[int, str] = {}
    order = list(codes.NORWEGIAN_LEVELS)
    tests = (LanguageTest.select(LanguageTest.person, LanguageTest.level)
             .where(LanguageTest.person.in_(_programmes_in(muni).select(IntroProgramme.person))
                    & (LanguageTest.subject == "norwegian") & (LanguageTest.skill == "oral")
                    & (LanguageTest.test_date <= date)).order_by(LanguageTest.id))
    for person_id, level in tests.tuples():
        if person_id not in best or order.index(level) > order.index(best[person_id]):
            best[person_id] = level
    levels = [(lvl, people_here[pid]) for pid, lvl in best.items()]
    level_table = Table("norwegian", _("Best oral Norwegian level (participants with a test)"), _columns(muni),
                        counts(levels, order, {k: _(v) for k, v in codes.NORWEGIAN_LEVELS.items()}), total_row=True)
    return ReportResult(
        name="intro", title=_("Introduction programme"),
        subtitle=_("{date}, {municipality}").format(date=date.strftime("%d.%m.%Y"),
                                                     municipality=municipality_label(code)),
        definition=[_("Participant: the programme has started and not ended on the date. End goal from the "
                      "integration plan."),
                    _("Absence rate: absence hours in the last twelve months divided by 7.5 hours per weekday in "
                      "the programme (leave and stop left out)."),
                    _("Results: programmes that ended in the twelve months up to one year before the date; in work "
                      "or education one year after the end (national target 70 %).")],
        tables=[now_table, goal_table, time_table, rate_table, res_table, result_table, level_table],
        headline=[(_("Participants now"), str(len(now))),
                  (_("In work or education one year after"), _percent(share(sum(counted.values()),
                                                                            sum(base.values()))))])


class _Programme(NamedTuple):
    id: int
    person_id: int
    municipality: str
    start_date: dt.date
    actual_end_date: dt.date | None
    result: str
    moved_out_date: dt.date | None


def _status_periods(muni: list[str], first_end: dt.date, last_end: dt.date):
    """Person id -> [(start, id, end, status)] for the persons whose programme ended from
    ``first_end`` to ``last_end`` (one query; ``kpi._national`` reads them the same way)."""
    ended = (_programmes_in(muni).select(IntroProgramme.person)
             .where(IntroProgramme.actual_end_date.between(first_end, last_end)))
    out: dict[int, list[tuple[dt.date, int, dt.date | None, str]]] = defaultdict(list)
    for pid, begin, sid, end, status in (
            StatusPeriod.select(StatusPeriod.person, StatusPeriod.start_date, StatusPeriod.id, StatusPeriod.end_date,
                                StatusPeriod.status).where(StatusPeriod.person.in_(ended)).tuples()):
        out[pid].append((required_date(begin), sid, date_value(end), status))
    return out


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"
