"""Report 4: housing on a date — municipal units let, private leases, vacancies, rent.

- A unit is let on day D when a tenancy covers D (start ≤ D ≤ end, open end).
- Total units: active (not archived) units of that ownership.
- A private lease is active on D when it started and neither its end date nor
  an early termination lies before D; it ends within 3 months when that end
  falls in (D, D + 3 months].
- Vacant: active units with no tenancy on D (private ones only while leased).
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
from ..models import HousingUnit, Landlord, Lease, Municipality, Tenancy
from ..rules.dates import add_months
from . import fmt
from .common import Chart, Column, ReportResult, Table, check_access, check_municipality, municipality_label, share

MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "desember"]


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


def housing(ctx: Context, *, date: dt.date, municipality: str | None = None) -> HousingReport:
    """Housing figures on ``date``."""
    check_access(ctx)
    municipality = check_municipality(municipality)
    m_let, m_total = occupancy_count(date, "municipal", municipality)
    p_let, _ = occupancy_count(date, "private", municipality)
    private_units = _units("private", municipality)
    leases = Lease.select().where(Lease.unit.in_(private_units) & _lease_active(date))
    active_private_ids = {lease.unit_id for lease in leases}
    let_ids = {t for (t,) in Tenancy.select(Tenancy.unit).where(
        (Tenancy.start_date <= date) & (Tenancy.end_date.is_null() | (Tenancy.end_date >= date))).tuples()}
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
    ending.sort(key=lambda r: r.ends)
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
                         rent_by_month=rent)


def to_result(rep: HousingReport) -> ReportResult:
    tables = [
        Table("summary", "Boliger", [Column("Mål", "text", 48), Column("Antall"), Column("Av totalt"),
                                     Column("Andel", "percent")], [
            ["Kommunale boliger utleid til flyktninger", rep.municipal_let, rep.municipal_total,
             share(rep.municipal_let, rep.municipal_total)],
            ["Private leieavtaler (innleid) aktive", rep.private_active_leases, None, None],
            ["Innleide boliger med husstand", rep.private_let, rep.private_active_leases,
             share(rep.private_let, rep.private_active_leases)],
            ["Ledige boliger (kommunale og innleide)", len(rep.vacant), None, None],
        ]),
        Table("vacant", "Ledige boliger på datoen", [Column("Adresse", "text", 34), Column("Eierform", "text", 18)],
              [list(v) for v in rep.vacant]),
        Table("ending", "Leieavtaler som slutter innen 3 måneder",
              [Column("Adresse", "text", 30), Column("Utleier", "text", 30), Column("Månedsleie", "money", 14),
               Column("Slutter", "date", 12)],
              [[r.address, r.landlord, r.monthly_rent, r.ends] for r in rep.ending_soon]),
        Table("rent", f"Husleie per måned {rep.date.year}",
              [Column("Måned", "month", 16), Column("Betalt til utleiere", "money", 20),
               Column("Husleie fra husstander", "money", 22)],
              [[first, paid, received] for first, paid, received in rep.rent_by_month]),
    ]
    charts = [Chart("units", "Kommunale boliger", "bar", ["Utleid", "Ledig"],
                    [("Boliger", [float(rep.municipal_let), float(rep.municipal_total - rep.municipal_let)])]),
              Chart("rent", f"Husleie til utleiere per måned {rep.date.year}", "bar",
                    [MONTHS[d.month - 1][:3] for d, _, _ in rep.rent_by_month],
                    [("Kroner", [float(p) for _, p, _ in rep.rent_by_month])])]
    return ReportResult(
        name="housing", title="Boliger",
        subtitle=f"{municipality_label(rep.municipality)}, per {fmt.date(rep.date)}",
        definition=["Utleid: boligen har en husstand på datoen. Totalt: aktive (ikke arkiverte) boliger. Private "
                    "leieavtaler er tjenestens avtaler med private utleiere; en avtale er aktiv fra startdato til "
                    "sluttdato eller oppsigelse. Husleie per måned: summen for avtaler og leieforhold som gjelder den "
                    "første dagen i måneden."],
        tables=tables, charts=charts,
        headline=[("Kommunale boliger utleid", f"{rep.municipal_let} av {rep.municipal_total}"),
                  ("Private leieavtaler", fmt.number(rep.private_active_leases)),
                  ("Ledige boliger", fmt.number(len(rep.vacant))),
                  ("Avtaler som slutter innen 3 mnd.", fmt.number(len(rep.ending_soon)))])
