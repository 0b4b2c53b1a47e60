"""Report 4: housing on a date — municipal units let, private leases, vacancies, rent.

- A unit is let to refugees on day D when a tenancy covers D (start ≤ D ≤ end,
  open end); a municipal unit is let to others (e.g. employees) when an
  ``OtherLetting`` covers D; otherwise it is vacant. The three never overlap.
- Total units: active (not archived) units of that ownership.
- A private lease is active on D when it started and neither its end date nor
  an early termination lies before D; it ends within 3 months when that end
  falls in (D, D + 3 months].
- Vacant: active units with no tenancy and no letting to others on D (private
  ones only while leased).
- Rent per month: the sum the service pays landlords for leases active on the
  first day of each month of D's year, and what households pay
  (tenancy rent) for tenancies covering that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from .. import vocab
from ..context import Context
from ..i18n import _, pgettext
from ..models import HousingUnit, Landlord, Lease, Municipality, OtherLetting, Tenancy
from ..rules.dates import add_months
from . import fmt
from .common import Chart, Column, ReportResult, Table, check_access, check_municipality, municipality_label, share

def month_abbreviation(month: int) -> str:
    """'jan', 'feb', …: a month (1–12) short enough for a chart axis."""
    return (pgettext("short month", "Jan"), pgettext("short month", "Feb"), pgettext("short month", "Mar"),
            pgettext("short month", "Apr"), pgettext("short month", "May"), pgettext("short month", "Jun"),
            pgettext("short month", "Jul"), pgettext("short month", "Aug"), pgettext("short month", "Sep"),
            pgettext("short month", "Oct"), pgettext("short month", "Nov"),
            pgettext("short month", "Dec"))[month - 1]


def _units(ownership: str, municipality: str | None):
    q = HousingUnit.select(HousingUnit.id).where((HousingUnit.ownership == ownership) & HousingUnit.active)
    if municipality:
        q = q.where(HousingUnit.municipality.in_(Municipality.select(Municipality.id)
                                                 .where(Municipality.code == municipality)))
    return q


def occupancy_count(day: dt.date, ownership: str = "municipal",
                    municipality: str | None = None) -> tuple[int, int]:
    """(units with at least one household on ``day``, active units) of one ownership (and municipality)."""
    units = _units(ownership, municipality)
    occupied = (Tenancy.select(fn.COUNT(fn.DISTINCT(Tenancy.unit)))
                .where(Tenancy.unit.in_(units) & (Tenancy.start_date <= day) &
                       (Tenancy.end_date.is_null() | (Tenancy.end_date >= day)))
                .scalar())
    return int(occupied or 0), units.count()


def let_to_others_count(day: dt.date, municipality: str | None = None) -> int:
    """Active municipal units let to others than refugees on ``day``."""
    units = _units("municipal", municipality)
    return int(OtherLetting.select(fn.COUNT(fn.DISTINCT(OtherLetting.unit)))
               .where(OtherLetting.unit.in_(units) & (OtherLetting.start_date <= day)
                      & (OtherLetting.end_date.is_null() | (OtherLetting.end_date >= day))).scalar() or 0)


def _lease_active(day: dt.date):
    return ((Lease.start_date <= day) & (Lease.end_date.is_null() | (Lease.end_date >= day)) &
            (Lease.terminated_date.is_null() | (Lease.terminated_date >= day)))


@dataclass
class LeaseRow:
    address: str
    landlord: str
    monthly_rent: int
    ends: dt.date | None


@dataclass
class HousingReport:
    date: dt.date
    municipality: str | None
    municipal_let: int
    municipal_total: int
    private_let: int
    private_active_leases: int
    vacant: list[tuple[str, str]]  # (address, ownership label)
    ending_soon: list[LeaseRow]
    rent_by_month: list[tuple[dt.date, int, int]]  # (first of month, paid to landlords, paid by households)
    municipal_others: int = 0  # municipal units let to others (e.g. employees) on the date

    @property
    def municipal_vacant(self) -> int:
        """Municipal units neither let to refugees nor to others on the date."""
        return max(0, self.municipal_total - self.municipal_let - self.municipal_others)


def housing(ctx: Context, *, date: dt.date, municipality: str | None = None) -> HousingReport:
    """Housing figures on ``date``."""
    check_access(ctx)
    municipality = check_municipality(municipality)
    m_let, m_total = occupancy_count(date, "municipal", municipality)
    p_let, _total = occupancy_count(date, "private", municipality)
    private_units = _units("private", municipality)
    leases = Lease.select().where(Lease.unit.in_(private_units) & _lease_active(date))
    active_private_ids = {lease.unit_id for lease in leases}
    let_ids = {t for (t,) in Tenancy.select(Tenancy.unit).where(
        (Tenancy.start_date <= date) & (Tenancy.end_date.is_null() | (Tenancy.end_date >= date))).tuples()}
    let_ids |= {o for (o,) in OtherLetting.select(OtherLetting.unit).where(
        (OtherLetting.start_date <= date) & (OtherLetting.end_date.is_null() | (OtherLetting.end_date >= date)))
        .tuples()}
    vacant = []
    for u in (HousingUnit.select().where(HousingUnit.id.in_(_units("municipal", municipality)) |
                                         HousingUnit.id.in_(list(active_private_ids) or [0]))
              .order_by(HousingUnit.ownership, HousingUnit.address)):
        if u.id not in let_ids:
            vacant.append((u.address, vocab.label(vocab.OWNERSHIP, u.ownership)))
    horizon = add_months(date, 3)
    ending = []
    for lease in (Lease.select(Lease, HousingUnit, Landlord).join(HousingUnit).switch(Lease).join(Landlord)
                  .where(Lease.unit.in_(private_units) & _lease_active(date))):
        end = lease.terminated_date or lease.end_date
        if end is not None and date < end <= horizon:
            ending.append(LeaseRow(lease.unit.address, lease.landlord.name, lease.monthly_rent, end))
    ending.sort(key=lambda r: r.ends or dt.date.max)  # (every row here has an end)
    rent = []
    for month in range(1, 13):
        first = dt.date(date.year, month, 1)
        paid = (Lease.select(fn.SUM(Lease.monthly_rent)).where(Lease.unit.in_(private_units) & _lease_active(first))
                .scalar()) or 0
        tenancy_units = Tenancy.unit.in_(_units("municipal", municipality)) | Tenancy.unit.in_(private_units)
        received = (Tenancy.select(fn.SUM(Tenancy.monthly_rent))
                    .where(tenancy_units & (Tenancy.start_date <= first) &
                           (Tenancy.end_date.is_null() | (Tenancy.end_date >= first))).scalar()) or 0
        rent.append((first, int(paid), int(received)))
    return HousingReport(date=date, municipality=municipality, municipal_let=m_let, municipal_total=m_total,
                         private_let=p_let, private_active_leases=leases.count(), vacant=vacant, ending_soon=ending,
                         rent_by_month=rent, municipal_others=let_to_others_count(date, municipality))


def to_result(rep: HousingReport) -> ReportResult:
    tables = [
        Table("summary", _("Housing units"), [Column(_("Measure"), "text", 48), Column(_("Number")),
                                        Column(_("Of total")), Column(_("Share"), "percent")], [
            [_("Municipal dwellings let to refugees"), rep.municipal_let, rep.municipal_total,
             share(rep.municipal_let, rep.municipal_total)],
            [_("Municipal dwellings let to others (e.g. employees)"), rep.municipal_others, rep.municipal_total,
             share(rep.municipal_others, rep.municipal_total)],
            [_("Municipal dwellings vacant"), rep.municipal_vacant, rep.municipal_total,
             share(rep.municipal_vacant, rep.municipal_total)],
            [_("Private leases (rented in) active"), rep.private_active_leases, None, None],
            [_("Rented-in dwellings with a household"), rep.private_let, rep.private_active_leases,
             share(rep.private_let, rep.private_active_leases)],
            [_("Vacant dwellings (municipal and rented in)"), len(rep.vacant), None, None],
        ]),
        Table("vacant", _("Vacant dwellings on the date"), [Column(_("Address"), "text", 34),
                                                            Column(_("Ownership"), "text", 18)],
              [list(v) for v in rep.vacant]),
        Table("ending", _("Leases ending within 3 months"),
              [Column(_("Address"), "text", 30), Column(_("Landlord"), "text", 30),
               Column(_("Monthly rent"), "money", 14), Column(_("Ends"), "date", 12)],
              [[r.address, r.landlord, r.monthly_rent, r.ends] for r in rep.ending_soon]),
        Table("rent", _("Rent per month {year}").format(year=rep.date.year),
              [Column(_("Month"), "month", 16), Column(_("Paid to landlords"), "money", 20),
               Column(_("Rent from households"), "money", 22)],
              [[first, paid, received] for first, paid, received in rep.rent_by_month]),
    ]
    charts = [Chart("units", _("Municipal dwellings"), "bar", [_("Let to refugees"), _("Let to others"), _("Vacant")],
                    [(_("Housing units"), [float(rep.municipal_let), float(rep.municipal_others),
                                           float(rep.municipal_vacant)])]),
              Chart("rent", _("Rent to landlords per month {year}").format(year=rep.date.year), "bar",
                    [month_abbreviation(d.month) for d, _paid, _received in rep.rent_by_month],
                    [(_("Kroner"), [float(p) for _d, p, _r in rep.rent_by_month])])]
    return ReportResult(
        name="housing", title=_("Housing units"),
        subtitle=_("{municipality}, on {date}").format(municipality=municipality_label(rep.municipality),
                                                       date=fmt.date(rep.date)),
        definition=[_("Let to refugees: a refugee household lives in the dwelling on the date. Let to others: a "
                      "municipal dwelling let to others, e.g. employees, on the date. Vacant: neither. "
                      "Total: active (not archived) dwellings. "
                      "Private leases are the service's agreements with private landlords; a lease is active from "
                      "its start date until its end date or termination. Rent per month: the sum for leases and "
                      "tenancies that apply on the first day of the month.")],
        tables=tables, charts=charts,
        headline=[(_("Municipal dwellings let to refugees"), _("{let} of {total}").format(
                      let=rep.municipal_let, total=rep.municipal_total)),
                  (_("Let to others"), fmt.number(rep.municipal_others)),
                  (_("Private leases"), fmt.number(rep.private_active_leases)),
                  (_("Vacant dwellings"), fmt.number(len(rep.vacant))),
                  (_("Agreements ending within 3 mo."), fmt.number(len(rep.ending_soon)))])
