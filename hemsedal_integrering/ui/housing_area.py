"""Boliger (units, who lives where, moving in and out) and Leieavtaler (landlords and leases)."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from .. import vocab
from ..queries import housing as read
from ..queries import lists, overview, records
from ..i18n import _, ngettext, pgettext
from ..rules.dates import add_months
from ..services import housing
from . import fmt
from .forms import confirm, run_action
from .housing_dialogs import EndLeaseDialog, LandlordDialog, LeaseDialog, MoveInDialog, MoveOutDialog, UnitDialog
from .letting_dialogs import EndLettingDialog, LetToOthersDialog
from .list_model import Column
from .list_panel import MUNICIPALITY_OPTIONS, Action, FilterDef, ListPanel, facts, grid, opens
from .panel_area import PanelArea

VACANT = QColor("#fff4d6")
ARCHIVED = QColor("#eeeeee")
ENDING = QColor("#fde2c8")
ENDED = QColor("#eeeeee")



class UnitsPanel(ListPanel):
    """Housing units with current occupants; vacant units stand out."""

    write_permission = "housing.write"
    spec = lists.UNITS
    columns = [
        Column("address", _("Address"), width=200),
        Column("place", _("Place")),
        Column("municipality", _("Municipality"), fmt.municipality),
        Column("ownership", _("Ownership"), lambda v: fmt.code(vocab.OWNERSHIP, v)),
        Column("state", _("Occupancy"), lambda v: vocab.label(vocab.UNIT_STATES_SHORT, v), width=130),
        Column("bedrooms", _("Bedrooms"), align_right=True, width=75),
        Column("occupants", _("Occupants"), lambda v: v or "—"),
    ]
    search_hint = _("Search by address, place, occupant or landlord (Ctrl+F)")
    entities = frozenset({"housing_unit", "tenancy", "lease", "household"})

    def filter_defs(self) -> list[FilterDef]:
        return [
            FilterDef("municipality", _("Municipality"), MUNICIPALITY_OPTIONS),
            FilterDef("ownership", _("Ownership"), {None: _("Municipal and leased units"),
                                                    "municipal": _("Municipal units"),
                                                    "private": _("Leased (private)")}),
            FilterDef("occupancy", _("Occupancy"), {None: _("All occupancy states"), "vacant": _("Vacant only"),
                                                    "occupied": _("Let to refugees"),
                                                    "others": _("Let to others")}),
            FilterDef("active", _("Archive status"), {"yes": _("In use"), "no": _("Archived")}, "yes"),
        ]

    def panel_actions(self) -> list[Action]:
        return [
            self.new_action("new_unit", _("New housing unit …")),
            Action("edit_unit", _("Edit …"), self.open_item),
            Action("move_in", _("Move a household in …"), self.move_in),
            Action("let_others", _("Let to others …"), self.let_to_others),
            self.print_action(),
            Action("archive", _("Archive"), self.archive),
            Action("delete_unit", _("Delete …"), self.delete),
        ]

    def count_text(self, n: int) -> str:
        return ngettext("{n} housing unit", "{n} housing units", n).format(n=n)

    def highlight(self, row: dict[str, Any]) -> QColor | None:
        if not row.get("active"):
            return ARCHIVED
        return VACANT if row.get("state") == "vacant" else None

    def update_summary(self) -> None:
        m_ref, m_others, m_total = overview.municipal_unit_states(self.ctx)
        p_occ, p_total = overview.units_occupancy(self.ctx, "private")
        self.summary.setText(_("Municipal units today: {refugees} of {total} let to refugees, {others} let to others, "
                               "{vacant} vacant · {leased_used} of {leased_total} leased units are in use · "
                               "vacant units are marked yellow").format(
            refugees=m_ref, others=m_others, vacant=m_total - m_ref - m_others, total=m_total, leased_used=p_occ,
            leased_total=p_total))
        self.summary.show()

    def new_item(self) -> None:
        self.create_then_select(UnitDialog(self.ctx, self.bus, self), "housing_unit")

    open_item = opens(lambda p, rid: UnitDialog(p.ctx, p.bus, p, rid))
    move_in = opens(lambda p, rid: MoveInDialog(p.ctx, p.bus, p, unit_id=rid))
    let_to_others = opens(lambda p, rid: LetToOthersDialog(p.ctx, p.bus, p, unit_id=rid))

    def print_ids(self, record_id: int) -> dict[str, int | None]:
        t = read.current_tenancy(self.ctx, record_id, self.ctx.today())
        return {"tenancy_id": t.id, "household_id": t.household_id} if t else {}

    def archive(self, record_id: int | None) -> None:
        if record_id is None:
            return
        u = records.require(self.ctx, "housing_unit", record_id)
        if u.active:
            if confirm(self, _("Archive housing unit"),
                       _("Archive {address}? The history is kept.").format(address=u.address), yes=_("Archive")):
                run_action(self, self.bus, lambda: housing.set_unit_active(self.ctx, unit_id=record_id, active=False))
        else:
            run_action(self, self.bus, lambda: housing.set_unit_active(self.ctx, unit_id=record_id, active=True))

    def delete(self, record_id: int | None) -> None:
        """Delete a unit registered by mistake; the service refuses (with its reason) once it has history."""
        if record_id is None:
            return
        u = records.require(self.ctx, "housing_unit", record_id)
        if confirm(self, _("Delete housing unit"),
                   _("Delete {address}? Use this only for units registered by mistake.").format(address=u.address)):
            run_action(self, self.bus, lambda: housing.delete_unit(self.ctx, unit_id=record_id))

    def enable_actions(self, record_id: int) -> None:
        u = records.require(self.ctx, "housing_unit", record_id)
        self.buttons["archive"].setText(_("Archive") if u.active else _("Bring back into use"))
        self.buttons["move_in"].setEnabled(bool(u.active))
        letting_now = read.letting_on(self.ctx, u.id, self.ctx.today())
        municipal = u.ownership == "municipal"
        self.buttons["let_others"].setEnabled(bool(u.active) and municipal and letting_now is None)
        self.buttons["let_others"].setToolTip(
            "" if municipal and letting_now is None else
            _("Only municipal units can be let to others.") if not municipal else
            _("The unit is let to others now; end that letting in the details first."))

    def link_clicked(self, url) -> None:
        kind, _sep, value = url.toString().partition(":")
        if kind == "move-out":
            MoveOutDialog(self.ctx, self.bus, self, int(value)).exec()
        elif kind == "end-letting":
            EndLettingDialog(self.ctx, self.bus, self, letting_id=int(value)).exec()

    def detail_html(self, record_id: int) -> str:
        detail = read.unit_detail(self.ctx, record_id)
        if detail is None:
            return "<p class='muted'>{}</p>".format(_("The housing unit no longer exists."))
        u = detail.unit
        today = self.ctx.today()
        writable = self.may("move_in")  # links that change data only when the user may (issue 15)
        out = [f"<h2>{escape(u.address)}</h2>"]
        if not u.active:
            out.append("<p class='muted'>{}</p>".format(_("Archived.")))
        tenancies = detail.tenancies
        now = [t for t in tenancies if t.start_date <= today and (t.end_date is None or t.end_date >= today)]
        letting = read.letting_on(self.ctx, u.id, today) if not now else None
        if letting is not None:
            state = _("Let to others: {group}").format(group=vocab.label(vocab.TENANT_GROUPS, letting.tenant_group))
        elif now:
            state = ngettext("Rented out ({occupied} of {capacity} household)",
                             "Rented out ({occupied} of {capacity} households)", u.capacity)
        else:
            state = ngettext("Vacant ({occupied} of {capacity} household)",
                             "Vacant ({occupied} of {capacity} households)", u.capacity)
        out.append(f"<p class='{'ok' if now or letting else 'warn'}'>"
                   f"{escape(state.format(occupied=len(now), capacity=u.capacity))}</p>")

        out.append(facts([
            (_("Place"), escape(f"{u.postal_code} {u.place}".strip())),
            (_("Municipality"), fmt.municipality(detail.municipality_name)),
            (_("Ownership"), vocab.label(vocab.OWNERSHIP, u.ownership)),
            (_("Size"), f"{fmt.number(u.size_m2)} m²" if u.size_m2 else ""),
            (_("Bedrooms"), u.bedrooms),
            (_("Heating"), _("{heating}, wood stove").format(heating=vocab.label(vocab.HEATING, u.heating))
             if u.has_wood_stove else vocab.label(vocab.HEATING, u.heating)),
            (_("Snow clearing"), vocab.label(vocab.DUTY_BY, u.snow_clearing_by)),
            (_("Lawn mowing"), vocab.label(vocab.DUTY_BY, u.lawn_mowing_by)),
            (_("Note"), escape(u.notes)),
        ]))
        out.append("<h3>{}</h3>".format(_("Living here now")))
        out.append(grid([_("Household"), _("From"), _("Rent"), ""],
                        [[escape(t.household_name), fmt.date(t.start_date), fmt.kroner(t.monthly_rent),
                          "<a href='move-out:{}'>{}</a>".format(t.id, _("Move out …")) if writable else ""]
                         for t in now],
                        _("Nobody lives here now.")))
        out.append(tenant_contacts_html(self.ctx, [t.household_id for t in now]))
        out.append("<h3>{}</h3>".format(_("History")))
        out.append(grid([_("Household"), _("From"), _("To")],
                        [[escape(t.household_name), fmt.date(t.start_date), fmt.date(t.end_date) or "—"]
                         for t in tenancies if t not in now], _("No earlier tenancies.")))
        lettings = detail.lettings
        if lettings:
            out.append("<h3>{}</h3>".format(_("Let to others")))
            out.append(grid([_("Let to"), _("From"), _("To"), _("Note"), ""],
                            [[escape(vocab.label(vocab.TENANT_GROUPS, o.tenant_group)), fmt.date(o.start_date),
                              fmt.date(o.end_date) or "—", escape(o.note),
                              "" if (o.end_date and o.end_date < today) or not writable else
                              "<a href='end-letting:{}'>{}</a>".format(o.id, _("End …"))] for o in lettings]))
        if u.ownership == "private":
            out.append("<h3>{}</h3>".format(_("Lease with the landlord")))
            out.append(grid([_("Landlord"), _("Monthly rent"), _("From"), _("To")],
                            [[escape(le.landlord_name), fmt.kroner(le.monthly_rent), fmt.date(le.start_date),
                              fmt.date(le.terminated_date or le.end_date) or _("open-ended")]
                             for le in detail.leases], _("No lease.")))
        return "".join(out)


def tenant_contacts_html(ctx, household_ids: list[int]) -> str:
    """The tenants' names with phone and e-mail (housing staff may see these; nothing sensitive)."""
    from ..services import records
    from ..services.access import can
    if not household_ids or not (can(ctx, "persons.read_contact") or can(ctx, "persons.read")):
        return ""
    rows = []
    for hid in household_ids:
        for p in records.household_contacts(ctx, household_id=hid):
            rows.append([escape(f"{p.first_name} {p.last_name}"), escape(vocab.label(vocab.ROLES_IN_HOUSEHOLD, p.role)),
                         escape(p.phone) or "—", escape(p.email) or "—"])
    return "<h3>{}</h3>".format(_("Tenants")) + grid([_("Name"), _("Role"), _("Phone"), _("Email")], rows,
                                                     _("No tenants registered."))


class HousingArea(PanelArea):
    """Boliger."""

    title = _("Housing units")
    key = "housing"
    permission = "housing.read"

    def __init__(self, ctx, bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        lay = QVBoxLayout(self)
        self.panel = UnitsPanel(ctx, bus, self)
        lay.addWidget(self.panel)


class LeasesPanel(ListPanel):
    """The service's leases of private units; those ending within three months stand out."""

    write_permission = "housing.write"
    spec = lists.LEASES
    columns = [
        Column("address", _("Housing unit"), width=170),
        Column("landlord", _("Landlord"), width=190),
        Column("monthly_rent", _("Monthly rent"), fmt.kroner, align_right=True, width=95),
        Column("guarantee", _("Security"), lambda v: fmt.code(vocab.GUARANTEES, v), width=115),
        Column("deposit", _("Deposit"), fmt.kroner, align_right=True, width=95),
        Column("start_date", _("From"), fmt.date, width=90),
        Column("end_date", _("To"), lambda v: fmt.date(v) or _("open-ended"), width=95),
        Column("notice_months", _("Notice"), lambda v: _("{months} mo.").format(months=v)),
    ]
    search_hint = _("Search by address or landlord (Ctrl+F)")
    entities = frozenset({"lease", "landlord", "housing_unit"})

    def filter_defs(self) -> list[FilterDef]:
        return [
            FilterDef("municipality", _("Municipality"), MUNICIPALITY_OPTIONS),
            FilterDef("state", _("Status"), {"current": _("Current"), "ending": _("Ending within 3 months"),
                                             "future": _("Starting later"), "ended": _("Ended"), None: _("All")},
                      "current"),
        ]

    def panel_actions(self) -> list[Action]:
        return [
            self.new_action("new_lease", _("New lease …")),
            Action("new_landlord", _("New landlord …"), lambda _r: LandlordDialog(self.ctx, self.bus, self).exec(),
                   needs_selection=False),
            Action("edit_lease", _("Edit …"), self.open_item),
            Action("end_lease", _("Terminate …"), self.end_lease),
        ]

    def count_text(self, n: int) -> str:
        return ngettext("{n} lease", "{n} leases", n).format(n=n)

    def highlight(self, row: dict[str, Any]) -> QColor | None:
        end = row.get("end_date")
        if not end:
            return None
        today = self.ctx.today().isoformat()
        if end < today:
            return ENDED
        return ENDING if end <= add_months(self.ctx.today(), 3).isoformat() else None

    def update_summary(self) -> None:
        n = overview.leases_ending_soon(self.ctx)
        self.summary.setText(ngettext("{n} lease ends within three months (marked orange)",
                                      "{n} leases end within three months (marked orange)", n).format(n=n)
                             if n else _("No leases end in the next three months."))
        self.summary.show()

    def new_item(self) -> None:
        self.create_then_select(LeaseDialog(self.ctx, self.bus, self), "lease")

    open_item = opens(lambda p, rid: LeaseDialog(p.ctx, p.bus, p, rid))
    end_lease = opens(lambda p, rid: EndLeaseDialog(p.ctx, p.bus, p, rid))

    def link_clicked(self, url) -> None:
        kind, _sep, value = url.toString().partition(":")
        if kind == "landlord":
            LandlordDialog(self.ctx, self.bus, self, int(value)).exec()

    def detail_html(self, record_id: int) -> str:
        detail = read.lease_detail(self.ctx, record_id)
        if detail is None:
            return "<p class='muted'>{}</p>".format(_("The lease no longer exists."))
        le, ll = detail.lease, detail.landlord
        end = le.terminated_date or le.end_date
        today = self.ctx.today()
        out = [f"<h2>{escape(detail.unit_address)}</h2>"]
        if end and today <= end <= add_months(today, 3):
            out.append("<p class='warn'>{}</p>".format(
                _("Ends {date} – remember to extend it or find a new home.").format(date=fmt.date(end))))
        elif end and end < today:
            out.append("<p class='muted'>{}</p>".format(_("Ended {date}.").format(date=fmt.date(end))))
        out.append(facts([
            (_("Monthly rent"), fmt.kroner(le.monthly_rent)),
            (_("Security"), vocab.label(vocab.GUARANTEES, le.guarantee)),
            (_("Deposit"), fmt.kroner(le.deposit) if le.deposit else ""),
            (_("Period"), "{} – {}".format(fmt.date(le.start_date), fmt.date(le.end_date) or _("open-ended"))),
            (_("Terminated as of"), fmt.date(le.terminated_date)),
            (_("Notice period"), ngettext("{n} month", "{n} months", le.notice_months).format(n=le.notice_months)),
            (_("Rent adjustment"), fmt.date(le.rent_adjustment_date)),
            (_("Note"), escape(le.notes)),
        ]))
        out.append("<h3>{}</h3>".format(_("Landlord")))
        out.append(facts([(_("Name"), f"<a href='landlord:{ll.id}'>{escape(ll.name)}</a>"),
                          (_("Org. no."), ll.org_nr), (_("Phone"), escape(ll.phone)), (_("Email"), escape(ll.email)),
                          (_("Address"), escape(ll.address))]))
        others = [[escape(o.unit_address), fmt.kroner(o.monthly_rent), fmt.date(o.start_date),
                   fmt.date(o.terminated_date or o.end_date) or _("open-ended")]
                  for o in detail.others]
        if others:
            out.append("<h3>{}</h3>".format(_("Other leases with the same landlord")))
            out.append(grid([_("Housing unit"), pgettext("short column header", "Rent"), _("From"), _("To")], others))
        return "".join(out)


class LandlordsPanel(ListPanel):
    """The private landlords the service rents from."""

    write_permission = "housing.write"
    spec = lists.LANDLORDS
    columns = [
        Column("name", _("Landlord"), width=220),
        Column("org_nr", _("Org. no.")),
        Column("phone", _("Phone")),
        Column("email", _("Email")),
        Column("leases", _("Agreements"), align_right=True),
    ]
    search_hint = _("Search by name, org. no., phone or address (Ctrl+F)")
    entities = frozenset({"landlord", "lease"})

    def panel_actions(self) -> list[Action]:
        return [
            self.new_action("new_landlord", _("New landlord …")),
            Action("edit_landlord", _("Edit …"), self.open_item),
        ]

    def count_text(self, n: int) -> str:
        return ngettext("{n} landlord", "{n} landlords", n).format(n=n)

    def new_item(self) -> None:
        self.create_then_select(LandlordDialog(self.ctx, self.bus, self), "landlord")

    open_item = opens(lambda p, rid: LandlordDialog(p.ctx, p.bus, p, rid))

    def detail_html(self, record_id: int) -> str:
        detail = read.landlord_detail(self.ctx, record_id)
        if detail is None:
            return "<p class='muted'>{}</p>".format(_("The landlord no longer exists."))
        ll = detail.landlord
        out = [f"<h2>{escape(ll.name)}</h2>", facts([
            (_("Org. no."), ll.org_nr), (_("Phone"), escape(ll.phone)), (_("Email"), escape(ll.email)),
            (_("Address"), escape(ll.address)), (_("Note"), escape(ll.notes))])]
        out.append("<h3>{}</h3>".format(_("Leases")))
        out.append(grid([_("Housing unit"), _("Monthly rent"), _("From"), _("To")],
                        [[escape(le.unit_address), fmt.kroner(le.monthly_rent), fmt.date(le.start_date),
                          fmt.date(le.terminated_date or le.end_date) or _("open-ended")]
                         for le in detail.leases], _("No leases.")))
        return "".join(out)


class LeasesArea(PanelArea):
    """Leieavtaler: leases and landlords (two tabs)."""

    title = _("Leases")
    key = "leases"
    permission = "housing.read"

    def __init__(self, ctx, bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        lay = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.panel = LeasesPanel(ctx, bus)
        self.landlords = LandlordsPanel(ctx, bus)
        self.tabs.addTab(self.panel, _("Leases"))
        self.tabs.addTab(self.landlords, _("Landlords"))
        lay.addWidget(self.tabs)
