"""Frozen copy (issue 16) of reports/intro_report.py before its queries moved to SQL.

Report: the introduction programme on a date, by municipality.

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

from hemsedal_integrering import vocab
from hemsedal_integrering.context import Context
from hemsedal_integrering.i18n import _
from hemsedal_integrering.models import (Absence, Household, IntegrationPlan, IntroProgramme, LanguageTest,
                                         Municipality, Person)
from hemsedal_integrering.models import ProgrammePeriod
from hemsedal_integrering.rules import intro_codes as codes
from hemsedal_integrering.rules import introduction as rules
from hemsedal_integrering.rules.dates import add_months, add_years
from hemsedal_integrering.reports.common import (Column, ReportResult, Table, check_access,
                                                 check_municipality, date_value, municipality_label,
                     share)
from .kpi import NATIONAL_STATUSES, statuses_on

TIME_BUCKETS = [(6, _("Under 6 months")), (12, _("6–11 months")), (24, _("1–2 years")), (36, _("2–3 years")),
                (10**6, _("3 years or more"))]
DAY_HOURS = Decimal("7.5")


def _months(start: dt.date, day: dt.date) -> int:
    n = (day.year - start.year) * 12 + day.month - start.month
    return n - (1 if add_months(start, n) > day else 0)


def _columns(codes_: list[str]) -> list[Column]:
    return [Column(_("Group"), "text", 34)] + [Column(vocab.MUNICIPALITIES[c], "int") for c in codes_] + [
        Column(_("Total"), "int")]


def programme_report(ctx: Context, *, date: dt.date, municipality: str | None = None) -> ReportResult:
    """Participants now, by end goal, by time in programme, absence rate, results one year after, Norwegian level."""
    check_access(ctx)
    code = check_municipality(municipality)
    muni = [code] if code else list(vocab.MUNICIPALITIES)
    q = (IntroProgramme.select(IntroProgramme, Person, Household, Municipality)
         .join(Person).join(Household).join(Municipality).where(Municipality.code.in_(muni)))
    programmes = list(q)
    where = {p.id: p.person.household.municipality.code for p in programmes}
    plans = {pl.programme_id: pl for pl in IntegrationPlan.select().where(
        IntegrationPlan.programme.in_(list(where)))} if where else {}
    periods = defaultdict(list)
    for per in ProgrammePeriod.select().where(ProgrammePeriod.programme.in_(list(where)) &
                                              ProgrammePeriod.kind.in_(["leave", "stop"])) if where else []:
        periods[per.programme_id].append((date_value(per.start_date), date_value(per.end_date)))

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
    goals = [(plans[p.id].end_goal if p.id in plans else "", where[p.id]) for p in now]
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
    planned: Counter = Counter()
    for p in programmes:
        lo, hi = max(first, p.start_date), min(date, p.actual_end_date or date)
        day = lo
        while day <= hi:
            if day.weekday() < 5 and not paused(p.id, day):
                planned[where[p.id]] += DAY_HOURS
            day += dt.timedelta(days=1)
    absent: Counter = Counter()
    unexcused: Counter = Counter()
    if where:
        for a in Absence.select().where(Absence.programme.in_(list(where)) & Absence.day.between(first, date)):
            hours = DAY_HOURS if a.hours is None else Decimal(a.hours)
            absent[where[a.programme_id]] += hours
            if a.kind == "unexcused":
                unexcused[where[a.programme_id]] += hours
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
    for p in ended:
        measured = add_years(p.actual_end_date, 1)
        moved = p.person.moved_out_date
        if moved is not None and moved <= measured:
            continue
        base[where[p.id]] += 1
        counted[where[p.id]] += statuses_on([p.person_id], measured).get(p.person_id) in NATIONAL_STATUSES
    result_rows = [[_("Ended in the period"), *[base[m] for m in muni], sum(base.values())],
                   [_("In work or education one year after"), *[counted[m] for m in muni], sum(counted.values())]]
    result_table = Table("results", _("Results one year after ending"), _columns(muni), result_rows,
                         note=_("Programmes that ended {first}–{last}; share in work or education: {share}.").format(
                             first=first_end.strftime("%d.%m.%Y"), last=last_end.strftime("%d.%m.%Y"),
                             share=_percent(share(sum(counted.values()), sum(base.values())))))
    ended_by_result = Counter((p.result or "", where[p.id]) for p in programmes
                              if p.actual_end_date and first <= p.actual_end_date <= date)
    res_table = Table("ended", _("Ended in the last twelve months, by result"), _columns(muni), counts(
        list(ended_by_result.elements()), list(codes.RESULTS) + [""],
        {k: _(v) for k, v in codes.RESULTS.items()} | {"": _("Unknown")}), total_row=True)
    # Norwegian level (best oral level on or before the date)
    people_here = {p.person_id: where[p.id] for p in programmes}
    best: dict[int, str] = {}
    order = list(codes.NORWEGIAN_LEVELS)
    if people_here:
        for t in LanguageTest.select().where(LanguageTest.person.in_(list(people_here)) & (LanguageTest.subject ==
                                             "norwegian") & (LanguageTest.skill == "oral") &
                                             (LanguageTest.test_date <= date)):
            if t.person_id not in best or order.index(t.level) > order.index(best[t.person_id]):
                best[t.person_id] = t.level
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


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"
