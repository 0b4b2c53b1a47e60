"""Forms for housing: units, moving in and out, landlords, leases."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from .. import vocab
from ..context import Context
from ..models import HousingUnit, Landlord, Lease, Municipality, Tenancy
from ..queries import pickers
from ..services import housing
from ..services.base import Changes
from .bus import ChangeBus
from .forms import FormDialog


def _municipalities() -> dict[str, str]:
    return {m.code: m.name.replace(" kommune", "") for m in Municipality.select().order_by(Municipality.id)}


def unit_options(ownership: str | None = None) -> dict[int, str]:
    q = HousingUnit.select().where(HousingUnit.active).order_by(HousingUnit.address)
    if ownership:
        q = q.where(HousingUnit.ownership == ownership)
    return {u.id: f"{u.address}, {u.place}" if u.place else u.address for u in q}


class UnitDialog(FormDialog):
    """Create (``create_unit``) or edit (``update_unit``) a dwelling."""

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None = None, unit_id: int | None = None):
        u = HousingUnit.get_by_id(unit_id) if unit_id else None
        super().__init__(ctx, bus, f"Bolig: {u.address}" if u else "Ny bolig", parent, columns=2)
        self.unit_id = unit_id
        self.add_text("address", "Adresse", value=u.address if u else "")
        self.add_text("postal_code", "Postnummer", value=u.postal_code if u else "")
        self.add_text("place", "Sted", value=u.place if u else "", placeholder="f.eks. Trøim, Ulsåk")
        self.add_choice("municipality", "Kommune", _municipalities(), value=u.municipality.code if u else None,
                        empty="Velg kommune")
        self.add_choice("ownership", "Eierform", vocab.OWNERSHIP, value=u.ownership if u else "municipal")
        self.add_text("size_m2", "Størrelse (m²)", value="" if not u or u.size_m2 is None else f"{u.size_m2:g}")
        self.add_text("bedrooms", "Soverom", value=u.bedrooms if u else 1)
        self.add_text("capacity", "Kapasitet (husstander)", value=u.capacity if u else 1)
        self.add_choice("heating", "Oppvarming", vocab.HEATING, column=1, value=u.heating if u else "electric")
        self.add_check("has_wood_stove", "", column=1, value=u.has_wood_stove if u else False, text="Vedovn")
        self.add_check("has_garden", "", column=1, value=u.has_garden if u else False, text="Hage / plen")
        self.add_choice("snow_clearing_by", "Snømåking", vocab.DUTY_BY, column=1,
                        value=u.snow_clearing_by if u else "tenant")
        self.add_choice("lawn_mowing_by", "Plenklipping", vocab.DUTY_BY, column=1,
                        value=u.lawn_mowing_by if u else "none")
        self.add_multiline("notes", "Notat", column=1, value=u.notes if u else "", height=60)

    def submit(self) -> Changes:
        v = self.values()
        if self.unit_id:
            return housing.update_unit(self.ctx, unit_id=self.unit_id, **v)
        return housing.create_unit(self.ctx, **v)


class MoveInDialog(FormDialog):
    """Let a household move into a unit (``move_in``); capacity and leases are checked by the service."""

    aliases = {"household": "household_id", "unit": "unit_id"}

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None = None, *,
                 household_id: int | None = None, unit_id: int | None = None) -> None:
        super().__init__(ctx, bus, "Flytt inn i bolig", parent)
        # Pickers search in SQL as the user types: nothing is loaded for every household up front.
        self.add_picker("household_id", "Husstand", pickers.HOUSEHOLDS_HERE, value=household_id,
                        placeholder="Skriv husstandens navn …")
        self.add_picker("unit_id", "Bolig", pickers.ACTIVE_UNITS, value=unit_id, placeholder="Skriv adresse eller sted …")
        self.add_date("start_date", "Innflyttingsdato", value=ctx.today())
        self.add_date("end_date", "Avtalt utflytting", hint="Tom = inntil videre")
        self.add_text("monthly_rent", "Husleie per måned (kr)")
        self.add_multiline("notes", "Notat", height=50)

    def submit(self) -> Changes:
        return housing.move_in(self.ctx, **self.values())


class MoveOutDialog(FormDialog):
    """End a tenancy (``move_out``): the household's last day in the unit."""

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None, tenancy_id: int) -> None:
        t = Tenancy.get_by_id(tenancy_id)
        super().__init__(ctx, bus, f"Flytt ut: {t.household.name}", parent,
                         intro=f"Fra {t.unit.address}. Siste dag i boligen:")
        self.tenancy_id = tenancy_id
        self.add_date("end_date", "Utflyttingsdato", value=ctx.today())

    def submit(self) -> Changes:
        return housing.move_out(self.ctx, tenancy_id=self.tenancy_id, end_date=self.value("end_date"))


class LandlordDialog(FormDialog):
    """Create or edit a private landlord."""

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None = None,
                 landlord_id: int | None = None) -> None:
        row = Landlord.get_by_id(landlord_id) if landlord_id else None
        super().__init__(ctx, bus, f"Utleier: {row.name}" if row else "Ny utleier", parent)
        self.landlord_id = landlord_id
        self.add_text("name", "Navn", value=row.name if row else "")
        self.add_text("org_nr", "Org.nr.", value=row.org_nr if row else "", hint="Tomt for privatperson")
        self.add_text("phone", "Telefon", value=row.phone if row else "")
        self.add_text("email", "E-post", value=row.email if row else "")
        self.add_text("address", "Adresse", value=row.address if row else "")
        self.add_multiline("notes", "Notat", value=row.notes if row else "", height=50)

    def submit(self) -> Changes:
        if self.landlord_id:
            return housing.update_landlord(self.ctx, landlord_id=self.landlord_id, **self.values())
        return housing.create_landlord(self.ctx, **self.values())


class LeaseDialog(FormDialog):
    """Create (``create_lease``) or edit (``update_lease``) the lease of a private unit."""

    aliases = {"unit": "unit_id", "landlord": "landlord_id"}

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None = None,
                 lease_id: int | None = None) -> None:
        lease = Lease.get_by_id(lease_id) if lease_id else None
        super().__init__(ctx, bus, "Endre leieavtale" if lease else "Ny leieavtale", parent, columns=2,
                         intro="Depositum kan være høyst seks måneders leie (husleieloven § 3-5).")
        self.lease_id = lease_id
        if lease is None:
            self.add_choice("unit_id", "Bolig", unit_options("private"), empty="Velg privat bolig")
            self.add_choice("landlord_id", "Utleier",
                            {ll.id: ll.name for ll in Landlord.select().order_by(Landlord.name)}, empty="Velg utleier")
        self.add_text("monthly_rent", "Månedsleie (kr)", value=lease.monthly_rent if lease else "")
        self.add_choice("guarantee", "Sikkerhet", vocab.GUARANTEES, value=lease.guarantee if lease else "deposit")
        self.add_text("deposit", "Depositum (kr)", value=lease.deposit if lease else 0)
        self.add_date("start_date", "Fra", column=1, value=lease.start_date if lease else None)
        self.add_date("end_date", "Til", column=1, value=lease.end_date if lease else None,
                      hint="Tom = tidsubestemt")
        self.add_text("notice_months", "Oppsigelsestid (måneder)", column=1, value=lease.notice_months if lease else 3)
        self.add_date("rent_adjustment_date", "Leieregulering", column=1,
                      value=lease.rent_adjustment_date if lease else None)
        self.add_multiline("notes", "Notat", column=1, value=lease.notes if lease else "", height=50)

    def submit(self) -> Changes:
        v = self.values()
        if self.lease_id:
            return housing.update_lease(self.ctx, lease_id=self.lease_id, **v)
        return housing.create_lease(self.ctx, **v)


class EndLeaseDialog(FormDialog):
    """Terminate a lease early (``end_lease``)."""

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None, lease_id: int) -> None:
        lease = Lease.get_by_id(lease_id)
        super().__init__(ctx, bus, "Si opp leieavtale", parent,
                         intro=f"{lease.unit.address}, utleier {lease.landlord.name}. "
                               f"Oppsigelsestid: {lease.notice_months} måneder.")
        self.lease_id = lease_id
        self.add_date("end_date", "Siste dag")

    def submit(self) -> Changes:
        return housing.end_lease(self.ctx, lease_id=self.lease_id, end_date=self.value("end_date"))
