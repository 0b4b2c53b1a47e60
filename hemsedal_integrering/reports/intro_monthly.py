"""Monthly lists of the introduction programme: unexcused absence and the benefit basis.

Rules (stated once):

* A participant belongs to a month when the programme started on or before
  the month's last day and has not ended before its first day.
* Absence hours: a part-day registration counts its hours, a whole day 7.5
  hours (full time is 37.5 hours a week, IMDi).
* Benefit basis (integreringsloven § 20): 2 G a year; under 25 (age on the
  month's first day) two thirds, or a third when living with one or both
  parents (IMDi, "Introduksjonsstønad"; not registered = no amount, never a
  guess). G in force on the month's first day from the administrator's table.
  A month the programme only partly covers counts 1/30 of the monthly amount
  per calendar day (at most 30; Prop. 89 L (2019–2020) punkt 9.1, the older
  act's rule); days of a stop (stans) are not paid. The deduction for
  unexcused absence is 1/1850 of the yearly amount per hour (§ 21; the older
  act's figure, not confirmed for integreringsloven — the list says so). A
  deduction of half the payment or more and at least 1/12 G needs an
  enkeltvedtak (IMDi): the list marks it. The program prepares the basis;
  payroll pays.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .. import vocab
from ..context import Context
from ..i18n import _, long_date, ngettext
from ..models import Absence, Household, IntroProgramme, Municipality, Person, ProgrammePeriod
from ..rules import intro_absence as arules
from ..rules import introduction as rules
from ..rules.dates import age_on
from ..services.intro_absence import base_amount_table
from .common import Column, ReportResult, Table, check_access, check_municipality, municipality_label


@dataclass
class MonthRow:
    """One participant in one month."""

    programme_id: int
    person_id: int
    name: str
    municipality: str
    birth_date: dt.date | None
    start: dt.date
    end: dt.date | None
    excused_hours: Decimal
    unexcused_hours: Decimal
    unexcused_days: int
    paid_days: int  # calendar days of the month inside the programme, minus stop days (at most 30)
    lives_with_parents: bool | None = None
    young: bool = False
    missing: str = ""  # "" | "g" | "lives_with_parents": why there is no amount
    decision_needed: bool = False  # the deduction needs an enkeltvedtak (IMDi)
    g: Decimal | None = None
    yearly: Decimal | None = None
    full: Decimal | None = None
    deduction: Decimal | None = None
    result: Decimal | None = None


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def month_rows(ctx: Context, *, year: int, month: int, municipality: str | None = None) -> list[MonthRow]:
    """Every participant of the month with absence hours and the benefit basis."""
    check_access(ctx)
    code = check_municipality(municipality)
    first, last = month_bounds(year, month)
    end = IntroProgramme.actual_end_date
    q = (IntroProgramme.select(IntroProgramme, Person, Household, Municipality)
         .join(Person).join(Household).join(Municipality)
         .where((IntroProgramme.start_date <= last) & (end.is_null() | (end >= first))))
    if code:
        q = q.where(Municipality.code == code)
    programmes = list(q.order_by(Person.last_name, Person.first_name))
    ids = [p.id for p in programmes]
    absences: dict[int, list[Absence]] = {}
    for a in Absence.select().where(Absence.programme.in_(ids) & Absence.day.between(first, last)):
        absences.setdefault(a.programme_id, []).append(a)
    stops: dict[int, list[ProgrammePeriod]] = {}
    for s in ProgrammePeriod.select().where(ProgrammePeriod.programme.in_(ids) & (ProgrammePeriod.kind == "stop")):
        stops.setdefault(s.programme_id, []).append(s)
    table = base_amount_table()
    out = []
    for p in programmes:
        person = p.person
        rows = absences.get(p.id, [])
        unexc = [a for a in rows if a.kind == "unexcused"]
        hours = lambda items: sum((arules.hours_of(Decimal(a.hours) if a.hours is not None else None)  # noqa: E731
                                   for a in items), Decimal(0))
        lo, hi = max(first, p.start_date), min(last, p.actual_end_date or last)
        covered = {lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1)}
        for s in stops.get(p.id, []):
            covered -= {d for d in covered if s.start_date <= d <= (s.end_date or dt.date.max)}
        row = MonthRow(programme_id=p.id, person_id=person.id, name=person.full_name,
                       municipality=vocab.short_municipality(person.household.municipality.name),
                       birth_date=person.birth_date,
                       start=p.start_date, end=p.actual_end_date or p.planned_end_date,
                       excused_hours=hours([a for a in rows if a.kind != "unexcused"]),
                       unexcused_hours=hours(unexc), unexcused_days=len(unexc), paid_days=min(30, len(covered)),
                       lives_with_parents=p.lives_with_parents)
        _benefit(row, table, first, last)
        out.append(row)
    return out


def _benefit(row: MonthRow, table: list[tuple[dt.date, Decimal]], first: dt.date, last: dt.date) -> None:
    row.young = row.birth_date is not None and age_on(row.birth_date, first) < rules.YOUNG_AGE
    try:
        row.g = rules.g_on(table, first)
    except LookupError:
        row.missing = "g"
        return
    try:
        row.yearly = rules.yearly_benefit(row.g, row.birth_date, first, lives_with_parents=row.lives_with_parents)
    except rules.MissingFact:
        row.missing = "lives_with_parents"
        return
    monthly = rules.monthly_benefit(row.yearly)
    whole_month = row.paid_days >= min(30, (last - first).days + 1)
    row.full = monthly if whole_month else (monthly * row.paid_days / 30).quantize(Decimal("0.01"), ROUND_HALF_UP)
    row.deduction = min(row.full, rules.deduction(row.yearly, row.unexcused_hours))
    row.result = row.full - row.deduction
    row.decision_needed = rules.needs_deduction_decision(row.full, row.deduction, row.g)


def _young(row: MonthRow) -> str:
    if not row.young:
        return ""
    if row.lives_with_parents is None:
        return _("Yes (parents?)")
    return _("Yes, with parents") if row.lives_with_parents else _("Yes")


def _kr(v: Decimal | None) -> int | None:
    return None if v is None else int(v.quantize(Decimal(1), ROUND_HALF_UP))


def _subtitle(year: int, month: int, code: str | None) -> str:
    return _("{month}, {municipality}").format(
        month=long_date(dt.date(year, month, 1)).split(" ", 1)[-1], municipality=municipality_label(code))


def absence_summary(ctx: Context, *, year: int, month: int, municipality: str | None = None) -> ReportResult:
    """Unexcused absence per participant in a month: the basis for deductions (printable, to Excel)."""
    rows = month_rows(ctx, year=year, month=month, municipality=municipality)
    code = check_municipality(municipality)
    table = Table("absence", _("Absence per participant"), [
        Column(_("Participant"), "text", 28), Column(_("Municipality"), "text", 12),
        Column(_("Unexcused days"), "int"), Column(_("Unexcused hours"), "float"),
        Column(_("Other absence, hours"), "float")],
        [[r.name, r.municipality, r.unexcused_days, float(r.unexcused_hours), float(r.excused_hours)] for r in rows])
    total = sum((r.unexcused_hours for r in rows), Decimal(0))
    return ReportResult(
        name="intro_absence", title=_("Unexcused absence in the introduction programme"),
        subtitle=_subtitle(year, month, code),
        definition=[_("Unexcused absence reduces the introduction benefit (integreringsloven § 21). A whole day "
                      "counts 7.5 hours."),
                    _("Own and children's sickness, granted welfare leave and holidays are not unexcused.")],
        tables=[table], headline=[(_("Participants"), str(len(rows))),
                                  (_("Unexcused hours"), f"{float(total):.1f}".replace(".", ","))])


def benefit_list(ctx: Context, *, year: int, month: int, municipality: str | None = None) -> ReportResult:
    """The monthly basis list for the introduction benefit: full amount, deduction and result per participant."""
    rows = month_rows(ctx, year=year, month=month, municipality=municipality)
    code = check_municipality(municipality)
    missing = [r for r in rows if r.missing == "g"]
    no_parents = [r for r in rows if r.missing == "lives_with_parents"]
    notes = []
    if missing:
        notes.append(_("G is missing for this month: add it in the G table before payroll."))
    if no_parents:
        notes.append(ngettext("{n} participant under 25 has no amount: register whether they live with a parent "
                              "(a third or two thirds of 2 G).",
                              "{n} participants under 25 have no amount: register whether they live with a parent "
                              "(a third or two thirds of 2 G).", len(no_parents)).format(n=len(no_parents)))
    table = Table("benefit", _("Introduction benefit basis"), [
        Column(_("Participant"), "text", 28), Column(_("Municipality"), "text", 12),
        Column(_("Under 25"), "text", 12), Column(_("Days"), "int"), Column(_("Full amount"), "money"),
        Column(_("Unexcused hours"), "float"), Column(_("Deduction"), "money"), Column(_("Basis"), "money"),
        Column(_("Decision on deduction"), "text", 10)],
        [[r.name, r.municipality, _young(r), r.paid_days, _kr(r.full),
          float(r.unexcused_hours), _kr(r.deduction), _kr(r.result), _("Needed") if r.decision_needed else ""]
         for r in rows],
        note=" ".join(notes))
    g = rules.g_on(base_amount_table(), month_bounds(year, month)[0]) if not missing and rows else None
    return ReportResult(
        name="intro_benefit", title=_("Introduction benefit basis"), subtitle=_subtitle(year, month, code),
        definition=[_("2 G a year; under 25 two thirds, or a third when living with one or both parents "
                      "(integreringsloven § 20, IMDi); G from the administrator's table. A part month counts 1/30 "
                      "per day; stop days are not paid."),
                    _("Deduction: 1/1850 of the yearly amount per unexcused hour (§ 21). The program prepares the "
                      "basis; payroll pays."),
                    _(rules.DEDUCTION_NOTE),
                    _("A deduction of half the payment or more, and at least 1/12 G, needs an individual decision "
                      "(enkeltvedtak) before it is made (IMDi).")],
        tables=[table],
        headline=[(_("Participants"), str(len(rows))),
                  (_("G used"), f"{g:,.0f}".replace(",", " ") if g is not None else _("missing"))])
