"""Report 1: the work-and-education KPI at a chosen date, and the national measure.

Municipal KPI (the action plan's 50 % target), on day D:

- base: persons (not born in Norway) aged 18–66 on D (age from the birth
  date; a person without a birth date counts if registered as adult),
  followed on D (settled on or before D, D before the fifth anniversary of
  settlement, not moved away on or before D) and settled at least N months
  before D (N is a parameter, shown with the figure);
- counted: those whose status on D is one of ``vocab.KPI_STATUSES``
  (permanent work, education, or both). If two status periods both cover D
  (one ending and the next starting that day), the later-starting one is
  the status on D.

National measure (the 70 % target): persons whose introduction programme
actually ended in the twelve months up to one year before D
(end in (D − 2 years, D − 1 year]); counted when their status on the day one
year after the end is any work or education (permanent or temporary work,
education, both). Persons who moved away before that day are left out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from peewee import JOIN, Case, fn

from .. import vocab
from ..context import Context
from ..errors import ValidationError
from ..i18n import _, ngettext
from ..models import Household, IntroProgramme, Municipality, Person, StatusPeriod
from ..rules.dates import add_months, add_years, age_on
from . import fmt
from .common import (
    Chart,
    Column,
    ReportResult,
    Table,
    birth_bounds,
    check_access,
    check_municipality,
    date_value,
    first_day,
    municipality_label,
    required_date,
    settlement_sql,
    share,
)

MUNICIPAL_TARGET = 0.5
NATIONAL_TARGET = 0.7
NATIONAL_STATUSES = frozenset({"work_permanent", "work_temporary", "education", "work_education"})
DEFAULT_MIN_MONTHS = 12


@dataclass
class Group:
    """One breakdown row: label, base, counted and share."""

    label: str
    base: int
    counted: int

    @property
    def share(self) -> float | None:
        return share(self.counted, self.base)


@dataclass
class KpiReport:
    """The KPI on ``date`` with its base made explicit."""

    date: dt.date
    municipality: str | None
    min_months: int
    base: int
    counted: int
    by_status: dict[str, int]
    by_municipality: list[Group]
    by_gender: list[Group]
    by_years: list[Group]
    national_base: int
    national_counted: int
    national_window: tuple[dt.date, dt.date]
    excluded_short_stay: int = 0  # adults followed but settled less than N months
    person_ids: list[int] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        return share(self.counted, self.base)

    @property
    def national_share(self) -> float | None:
        return share(self.national_counted, self.national_base)


def statuses_on(person_ids: list[int], day: dt.date) -> dict[int, str]:
    """Each person's status on ``day``; of overlapping periods the later-starting wins."""
    out: dict[int, tuple[dt.date, int, str]] = {}
    if not person_ids:
        return {}
    for chunk_start in range(0, len(person_ids), 500):
        chunk = person_ids[chunk_start:chunk_start + 500]
        q = (StatusPeriod.select(StatusPeriod.person, StatusPeriod.start_date, StatusPeriod.id, StatusPeriod.status)
             .where(StatusPeriod.person.in_(chunk) & (StatusPeriod.start_date <= day) &
                    (StatusPeriod.end_date.is_null() | (StatusPeriod.end_date >= day))))
        for pid, start, sid, status in q.tuples():
            key = (start, sid, status)
            if pid not in out or key[:2] > out[pid][:2]:
                out[pid] = key
    return {pid: v[2] for pid, v in out.items()}


def year_label(n: int) -> str:
    """'Year 3': the n-th year since settlement (a breakdown label)."""
    return _("Year {n}").format(n=n)


def years_since_label(settled: dt.date, day: dt.date) -> str:
    whole = age_on(settled, day)
    return year_label(whole + 1)


def status_on_cte(day: dt.date, name: str = "status_on"):
    """A CTE of (person_id, status, rank): rank 1 is the person's status on ``day``
    (of overlapping periods the later-starting wins, then the later registered; as ``statuses_on``)."""
    rank = fn.ROW_NUMBER().over(partition_by=[StatusPeriod.person],
                                order_by=[StatusPeriod.start_date.desc(), StatusPeriod.id.desc()])
    return (StatusPeriod.select(StatusPeriod.person, StatusPeriod.status, rank.alias("rank"))
            .where((StatusPeriod.start_date <= day)
                   & (StatusPeriod.end_date.is_null() | (StatusPeriod.end_date >= day)))
            .cte(name))


def _followed_adults(day: dt.date, municipality: str | None):
    """The WHERE of the KPI's population on ``day``: refugees (not born in Norway) aged 18–66
    (no birth date: registered as adult), settled on or before the day and less than five
    years before it, not moved away. Bounds come from the same date rules as before."""
    settled = settlement_sql()
    five_years = first_day(lambda s: add_years(s, 5) > day, add_years(day, -5))
    earliest_birth, latest_birth = birth_bounds(day, 18, 66)
    cond = (settled.is_null(False) & (settled <= day) & (settled >= five_years)
            & (Person.born_in_norway == False)  # noqa: E712
            & (Person.moved_out_date.is_null() | (Person.moved_out_date > day))
            & ((Person.birth_date.is_null(False) & Person.birth_date.between(earliest_birth, latest_birth))
               | (Person.birth_date.is_null() & (Person.role == "adult"))))
    if municipality:
        cond &= Municipality.code == municipality
    return cond


def work_education_kpi(ctx: Context, *, date: dt.date, municipality: str | None = None,
                       min_months: int = DEFAULT_MIN_MONTHS) -> KpiReport:
    """Compute the municipal KPI and the national measure on ``date``.

    Filtering and counting run in SQL (one grouped query and one for the base's ids);
    Python only names the groups. The date bounds are computed with the rules' own
    functions (``first_day``), so 29 February and month ends count as before.
    """
    check_access(ctx)
    municipality = check_municipality(municipality)
    if not 0 <= int(min_months) <= 60:
        raise ValidationError({"min_months": _("Length of residence must be between 0 and 60 months.")})
    settled = settlement_sql()
    long_enough = first_day(lambda s: add_months(s, int(min_months)) > date, add_months(date, -int(min_months))) \
        - dt.timedelta(days=1)  # settled on or before this day: lived here at least min_months
    # follow-up year since settlement (age_on(settled, date) + 1), as a CASE on the year boundaries
    def younger_than(n: int) -> Callable[[dt.date], bool]:
        return lambda s: age_on(s, date) < n

    year_of = Case(None, [(settled >= first_day(younger_than(n), add_years(date, -n)), n) for n in range(1, 6)], 6)
    short = Case(None, [(settled > long_enough, 1)], 0)
    st = status_on_cte(date)
    where = _followed_adults(date, municipality)
    base = (Person.select().join(Household).join(Municipality).switch(Person)
            .join(st, JOIN.LEFT_OUTER, on=((st.c.person_id == Person.id) & (st.c.rank == 1))))
    grouped = (base.select(Municipality.code, Person.gender, year_of, fn.COALESCE(st.c.status, "unknown"), short,
                           fn.COUNT(Person.id))
               .where(where).group_by(Municipality.code, Person.gender, year_of, st.c.status, short)
               .with_cte(st).tuples())
    by_status: dict[str, int] = defaultdict(int)
    groups: dict[str, dict[str, list[int]]] = {"m": defaultdict(lambda: [0, 0]), "g": defaultdict(lambda: [0, 0]),
                                               "y": defaultdict(lambda: [0, 0])}
    counted = short_stay = total = 0
    for code, gender, year, status, is_short, n in grouped:
        if is_short:
            short_stay += n
            continue
        total += n
        by_status[status] += n
        hit = n if status in vocab.KPI_STATUSES else 0
        counted += hit
        for key, label in (("m", vocab.MUNICIPALITIES.get(code, code)),
                           ("g", vocab.label(vocab.GENDERS, gender) or _("Not stated")),
                           ("y", year_label(year))):
            groups[key][label][0] += n
            groups[key][label][1] += hit
    ids = [pid for (pid,) in Person.select(Person.id).join(Household).join(Municipality)
           .where(where & (settled <= long_enough)).order_by(Person.id).tuples()]

    def as_groups(key: str, order: list[str] | None = None) -> list[Group]:
        labels = order or sorted(groups[key])
        return [Group(label, *groups[key][label]) for label in labels if label in groups[key]]

    nat_base, nat_counted, window = _national(municipality, date)
    return KpiReport(
        date=date, municipality=municipality, min_months=int(min_months), base=total, counted=counted,
        by_status=dict(by_status),
        by_municipality=as_groups("m", list(vocab.MUNICIPALITIES.values())),
        by_gender=as_groups("g", [*vocab.GENDERS.values(), _("Not stated")]),
        by_years=as_groups("y", [year_label(n) for n in range(1, 6)]),
        national_base=nat_base, national_counted=nat_counted, national_window=window,
        excluded_short_stay=short_stay, person_ids=ids)


def _national(municipality: str | None, date: dt.date) -> tuple[int, int, tuple[dt.date, dt.date]]:
    """(base, counted, (first end date, last end date)) of the national measure.

    Reads only the programme participants whose programme ended in the window (it read
    every person ever registered), then their status periods, in two queries.
    """
    last_end = add_years(date, -1)
    first_end = add_years(date, -2) + dt.timedelta(days=1)
    settled = settlement_sql()
    q = (IntroProgramme.select(IntroProgramme.person, IntroProgramme.actual_end_date, Person.moved_out_date)
         .join(Person).join(Household).join(Municipality)
         .where(IntroProgramme.actual_end_date.between(first_end, last_end) & settled.is_null(False)
                & (Person.born_in_norway == False)))  # noqa: E712
    if municipality:
        q = q.where(Municipality.code == municipality)
    ended = [(pid, required_date(end), date_value(moved)) for pid, end, moved in q.tuples()]
    periods: dict[int, list[tuple[dt.date, int, dt.date | None, str]]] = defaultdict(list)
    person_ids = sorted({pid for pid, _end, _moved in ended})
    for start in range(0, len(person_ids), 500):
        for pid, begin, sid, end, status in (
                StatusPeriod.select(StatusPeriod.person, StatusPeriod.start_date, StatusPeriod.id,
                                    StatusPeriod.end_date, StatusPeriod.status)
                .where(StatusPeriod.person.in_(person_ids[start:start + 500])).tuples()):
            periods[pid].append((required_date(begin), sid, date_value(end), status))
    base = counted = 0
    for pid, end, moved in ended:
        measured = add_years(end, 1)
        if moved is not None and moved <= measured:
            continue
        base += 1
        covering = [(b, sid, st) for b, sid, e, st in periods[pid] if b <= measured and (e is None or e >= measured)]
        counted += bool(covering) and max(covering)[2] in NATIONAL_STATUSES
    return base, counted, (first_end, last_end)


def definition(rep: KpiReport) -> list[str]:
    return [
        _("Share in permanent work or education on {date}. Base: settled refugees aged 18–66 who are followed up "
          "(settled at most 5 years ago and not moved away) and who have lived in the municipality for at least "
          "{months} months. Counted: status «Work, permanent», «Education» or «Work and education» on the date. "
          "Persons born in Norway are not included. Municipal target: {target}.").format(
            date=fmt.date(rep.date), months=rep.min_months, target=fmt.percent(MUNICIPAL_TARGET, 0)),
        ngettext("{n} adult who is followed up is not in the base because they have lived here for less than "
                 "{months} months.",
                 "{n} adults who are followed up are not in the base because they have lived here for less than "
                 "{months} months.", rep.excluded_short_stay).format(n=rep.excluded_short_stay,
                                                                      months=rep.min_months),
        _("National target ({target}): share in work or education (temporary work included) one year after the "
          "introduction programme ended. Base: programme ended {first}–{last}; persons who moved away before "
          "the time of measurement are not included.").format(
            target=fmt.percent(NATIONAL_TARGET, 0), first=fmt.date(rep.national_window[0]),
            last=fmt.date(rep.national_window[1])),
    ]


def to_result(rep: KpiReport) -> ReportResult:
    group_cols = [Column(_("Group"), "text", 28), Column(_("Base")), Column(_("In permanent work / education")),
                  Column(_("Share"), "percent")]
    total = Group(_("All"), rep.base, rep.counted)

    def rows(groups: list[Group]) -> list[list]:
        return [[g.label, g.base, g.counted, g.share] for g in [*groups, total]]

    status_rows = [[vocab.STATUSES.get(code, code), rep.by_status.get(code, 0),
                    share(rep.by_status.get(code, 0), rep.base)] for code in vocab.STATUSES
                   if rep.by_status.get(code)]
    tables = [
        Table("kpi", _("Key figures"), [Column(_("Indicator"), "text", 44), Column(_("Base")), Column(_("Counted")),
                                        Column(_("Share"), "percent"), Column(_("Target"), "percent")],
              [[_("Permanent work or education (municipal target)"), rep.base, rep.counted, rep.share,
                MUNICIPAL_TARGET],
               [_("Work or education one year after the introduction programme (national target)"),
                rep.national_base, rep.national_counted, rep.national_share, NATIONAL_TARGET]]),
        Table("by_municipality", _("By municipality"), group_cols, rows(rep.by_municipality), total_row=True),
        Table("by_gender", _("By gender"), group_cols, rows(rep.by_gender), total_row=True),
        Table("by_years", _("By length of residence (years since settlement)"), group_cols, rows(rep.by_years),
              total_row=True),
        Table("by_status", _("Status on the date (the base)"), [Column(_("Status"), "text", 36),
                                                                Column(_("Persons")), Column(_("Share"), "percent")],
              status_rows),
    ]
    cats = [g.label for g in rep.by_years] + [_("All")]
    vals = [g.share or 0.0 for g in rep.by_years] + [rep.share or 0.0]
    charts = [Chart("kpi", _("Share in permanent work or education, by length of residence"), "kpi", cats,
                    [(_("Share"), vals)], target=MUNICIPAL_TARGET,
                    target_label=_("Target {percent}").format(percent=fmt.percent(MUNICIPAL_TARGET, 0)))]
    return ReportResult(
        name="kpi", title=_("Work and education"),
        subtitle=_("{municipality}, on {date}").format(municipality=municipality_label(rep.municipality),
                                                       date=fmt.date(rep.date)),
        definition=definition(rep), tables=tables, charts=charts,
        headline=[(_("Share in permanent work or education"), fmt.percent(rep.share)),
                  (_("Base (persons)"), fmt.number(rep.base)),
                  (_("Minimum length of residence"), ngettext("{n} month", "{n} months", rep.min_months).format(
                      n=rep.min_months)),
                  # the measured result next to its target, never the result called "target"
                  (_("In work or education one year after the programme (national target {target})").format(
                      target=fmt.percent(NATIONAL_TARGET, 0)), fmt.percent(rep.national_share))])
