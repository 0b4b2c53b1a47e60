"""Forms for housing: units, moving in and out, landlords, leases."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from .. import vocab
from ..context import Context
from ..i18n import _, ngettext
from ..queries import housing as read
from ..queries import pickers, records
from ..services import housing
from ..services.base import Changes
from .bus import ChangeBus
from .forms import FormDialog


def _municipalities(ctx: Context) -> dict[str, str]:
    return {code: vocab.short_municipality(name) for code, name in records.municipalities(ctx).items()}


class UnitDialog(FormDialog):
    """Create (``create_unit``) or edit (``update_unit``) a dwelling."""

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None = None, unit_id: int | None = None):
        u = records.require(ctx, "housing_unit", unit_id) if unit_id else None
        title = _("Housing unit: {address}").format(address=u.address) if u else _("New housing unit")
        super().__init__(ctx, bus, title, parent, columns=2)
        self.track(u)  # issue 17: refuse a save based on an older version
        self.unit_id = unit_id
        self.add_text("address", _("Address"), value=u.address if u else "")
        postal = self.add_text("postal_code", _("Postal code"), value=u.postal_code if u else "")
        postal.editingFinished.connect(self.fill_place)
        self.add_text("place", _("Place"), value=u.place if u else "", placeholder=_("e.g. Trøim, Ulsåk"))
        self.add_choice("municipality", _("Municipality"), _municipalities(ctx),
                        value=records.municipality_code(ctx, u.municipality_id) if u else None,
                        empty=_("Choose a municipality"))
        self.add_choice("ownership", _("Ownership"), vocab.OWNERSHIP, value=u.ownership if u else "municipal")
        self.add_text("size_m2", _("Size (m²)"), value="" if not u or u.size_m2 is None else f"{u.size_m2:g}")
        self.add_text("bedrooms", _("Bedrooms"), value=u.bedrooms if u else 1)
        self.add_text("capacity", _("Capacity (households)"), value=u.capacity if u else 1)
        self.add_choice("heating", _("Heating"), vocab.HEATING, column=1, value=u.heating if u else "electric")
        self.add_check("has_wood_stove", "", column=1, value=u.has_wood_stove if u else False, text=_("Wood stove"))
        self.add_check("has_garden", "", column=1, value=u.has_garden if u else False, text=_("Garden / lawn"))
        self.add_choice("snow_clearing_by", _("Snow clearing"), vocab.DUTY_BY, column=1,
                        value=u.snow_clearing_by if u else "tenant")
        self.add_choice("lawn_mowing_by", _("Lawn mowing"), vocab.DUTY_BY, column=1,
                        value=u.lawn_mowing_by if u else "none")
        self.add_multiline("notes", _("Note"), column=1, value=u.notes if u else "", height=60)

    def fill_place(self) -> None:
        """The postal code fills an empty place (``queries.postal.place_for``)."""
        from ..queries.postal import place_for
        if not self.value("place").strip():
            place = place_for(self.ctx, self.value("postal_code"))
            if place:
                self.set_value("place", place)

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
        super().__init__(ctx, bus, _("Move into housing"), parent)
        # Pickers search in SQL as the user types: nothing is loaded for every household up front.
        household = self.add_picker("household_id", _("Household"), pickers.HOUSEHOLDS_HERE, value=household_id,
                                    placeholder=_("Type the household's name …"))
        self.add_picker("unit_id", _("Housing unit"), pickers.ACTIVE_UNITS, value=unit_id,
                        placeholder=_("Type an address or place …"))
        self.add_date("start_date", _("Moving-in date"), value=self.default_start(household_id))
        self.add_date("end_date", _("Agreed moving-out date"), hint=_("Empty = until further notice"))
        self.add_text("monthly_rent", _("Rent per month (kr)"))
        self.add_multiline("notes", _("Note"), height=50)
        household.chosen.connect(lambda hid: self.set_value("start_date", self.default_start(hid)))

    def default_start(self, household_id: int | None):  # a date
        """The settlement date for a household's first home (it is readied for the arrival), else today."""
        return read.first_home_date(self.ctx, household_id) or self.ctx.today()

    def submit(self) -> Changes:
        return housing.move_in(self.ctx, **self.values())


class MoveOutDialog(FormDialog):
    """End a tenancy (``move_out``): the household's last day in the unit."""

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None, tenancy_id: int) -> None:
        household, address = read.tenancy_names(ctx, tenancy_id)
        super().__init__(ctx, bus, _("Move out: {household}").format(household=household), parent,
                         intro=_("From {address}. Last day in the housing unit:").format(address=address))
        self.tenancy_id = tenancy_id
        self.add_date("end_date", _("Moving-out date"), value=ctx.today())

    def submit(self) -> Changes:
        return housing.move_out(self.ctx, tenancy_id=self.tenancy_id, end_date=self.value("end_date"))


class LandlordDialog(FormDialog):
    """Create or edit a private landlord."""

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None = None,
                 landlord_id: int | None = None) -> None:
        row = records.require(ctx, "landlord", landlord_id) if landlord_id else None
        super().__init__(ctx, bus, _("Landlord: {name}").format(name=row.name) if row else _("New landlord"), parent)
        self.landlord_id = landlord_id
        self.add_text("name", _("Name"), value=row.name if row else "")
        self.add_text("org_nr", _("Org. no."), value=row.org_nr if row else "", hint=_("Empty for a private person"))
        self.add_text("phone", _("Phone"), value=row.phone if row else "")
        self.add_text("email", _("Email"), value=row.email if row else "")
        self.add_text("address", _("Address"), value=row.address if row else "")
        self.add_multiline("notes", _("Note"), value=row.notes if row else "", height=50)

    def submit(self) -> Changes:
        if self.landlord_id:
            return housing.update_landlord(self.ctx, landlord_id=self.landlord_id, **self.values())
        return housing.create_landlord(self.ctx, **self.values())


class LeaseDialog(FormDialog):
    """Create (``create_lease``) or edit (``update_lease``) the lease of a private unit."""

    aliases = {"unit": "unit_id", "landlord": "landlord_id"}

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None = None,
                 lease_id: int | None = None) -> None:
        lease = records.require(ctx, "lease", lease_id) if lease_id else None
        super().__init__(ctx, bus, _("Edit lease") if lease else _("New lease"), parent, columns=2,
                         intro=_("The deposit can be at most six months' rent (Tenancy Act § 3-5)."))
        self.lease_id = lease_id
        if lease is None:
            self.add_choice("unit_id", _("Housing unit"), read.unit_options(ctx, "private"),
                            empty=_("Choose a private housing unit"))
            self.add_choice("landlord_id", _("Landlord"), read.landlord_options(ctx), empty=_("Choose a landlord"))
        self.add_text("monthly_rent", _("Monthly rent (kr)"), value=lease.monthly_rent if lease else "")
        self.add_choice("guarantee", _("Security"), vocab.GUARANTEES, value=lease.guarantee if lease else "deposit")
        self.add_text("deposit", _("Deposit (kr)"), value=lease.deposit if lease else 0)
        self.add_date("start_date", _("From"), column=1, value=lease.start_date if lease else None)
        self.add_date("end_date", _("To"), column=1, value=lease.end_date if lease else None,
                      hint=_("Empty = open-ended"))
        self.add_text("notice_months", _("Notice period (months)"), column=1,
                      value=lease.notice_months if lease else 3)
        self.add_date("rent_adjustment_date", _("Rent adjustment"), column=1,
                      value=lease.rent_adjustment_date if lease else None)
        self.add_multiline("notes", _("Note"), column=1, value=lease.notes if lease else "", height=50)

    def submit(self) -> Changes:
        v = self.values()
        if self.lease_id:
            return housing.update_lease(self.ctx, lease_id=self.lease_id, **v)
        return housing.create_lease(self.ctx, **v)


class EndLeaseDialog(FormDialog):
    """Terminate a lease early (``end_lease``)."""

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None, lease_id: int) -> None:
        lease = records.require(ctx, "lease", lease_id)
        line = read.lease_line(ctx, lease_id)
        intro = ngettext("{address}, landlord {landlord}. Notice period: {n} month.",
                         "{address}, landlord {landlord}. Notice period: {n} months.", lease.notice_months)
        super().__init__(ctx, bus, _("Terminate lease"), parent,
                         intro=intro.format(address=line.unit_address, landlord=line.landlord_name,
                                            n=lease.notice_months))
        self.lease_id = lease_id
        self.add_date("end_date", _("Last day"))

    def submit(self) -> Changes:
        return housing.end_lease(self.ctx, lease_id=self.lease_id, end_date=self.value("end_date"))


# What saving these forms needs: a role without it (or a read-only database) opens them for reading.
for _form in (UnitDialog, MoveInDialog, MoveOutDialog, LandlordDialog, LeaseDialog, EndLeaseDialog):
    _form.permission = "housing.write"
