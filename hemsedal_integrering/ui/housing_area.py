"""Boliger (units, who lives where, moving in and out) and Leieavtaler (landlords and leases)."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from .. import vocab
from ..models import HousingUnit, Landlord, Lease, Tenancy
from ..queries import lists, overview
from ..rules.dates import add_months
from ..services import housing
from . import fmt
from .area import Area
from .forms import confirm, run_action
from .housing_dialogs import EndLeaseDialog, LandlordDialog, LeaseDialog, MoveInDialog, MoveOutDialog, UnitDialog
from .list_model import Column
from .list_panel import MUNICIPALITY_OPTIONS, Action, FilterDef, ListPanel, facts, grid

VACANT = QColor("#fff4d6")
ARCHIVED = QColor("#eeeeee")
ENDING = QColor("#fde2c8")
ENDED = QColor("#eeeeee")



class UnitsPanel(ListPanel):
    """Housing units with current occupants; vacant units stand out."""

    spec = lists.UNITS
    columns = [
        Column("address", "Adresse", width=200),
        Column("place", "Sted"),
        Column("municipality", "Kommune", fmt.municipality),
        Column("ownership", "Eierform", lambda v: fmt.code(vocab.OWNERSHIP, v)),
        Column("bedrooms", "Soverom", align_right=True),
        Column("living", "Belegg", lambda v: "Ledig" if not v else "Utleid"),
        Column("occupants", "Beboere", lambda v: v or "—"),
    ]
    noun = ("bolig", "boliger")
    search_hint = "Søk på adresse, sted, beboer eller utleier (Ctrl+F)"
    entities = frozenset({"housing_unit", "tenancy", "lease", "household"})

    def filter_defs(self) -> list[FilterDef]:
        return [
            FilterDef("municipality", "Kommune", MUNICIPALITY_OPTIONS),
            FilterDef("ownership", "Eierform", {None: "Kommunale og innleide", "municipal": "Kommunale",
                                                "private": "Innleide (private)"}),
            FilterDef("occupancy", "Belegg", {None: "Ledige og utleide", "vacant": "Bare ledige",
                                              "occupied": "Bare utleide"}),
            FilterDef("active", "Arkiv", {"yes": "I bruk", "no": "Arkiverte"}, "yes"),
        ]

    def actions(self) -> list[Action]:
        return [
            Action("new_unit", "Ny bolig …", lambda _: self.new_item(), needs_selection=False),
            Action("edit_unit", "Endre …", self.open_item),
            Action("move_in", "Flytt inn husstand …", self.move_in),
            Action("print", "Skriv ut …", self.print_item),
            Action("archive", "Arkiver", self.archive),
            Action("delete_unit", "Slett …", self.delete),
        ]

    def highlight(self, row: dict[str, Any]) -> QColor | None:
        if not row.get("active"):
            return ARCHIVED
        return VACANT if not row.get("living") else None

    def update_summary(self) -> None:
        m_occ, m_total = overview.units_occupancy(self.ctx, "municipal")
        p_occ, p_total = overview.units_occupancy(self.ctx, "private")
        self.summary.setText(f"{m_occ} av {m_total} kommunale boliger er utleid i dag · "
                             f"{p_occ} av {p_total} innleide boliger er i bruk · ledige boliger er markert gult")
        self.summary.show()

    def new_item(self) -> None:
        dlg = UnitDialog(self.ctx, self.bus, self)
        if dlg.exec() and dlg.changes and dlg.changes.created.get("housing_unit"):
            self.select_id(min(dlg.changes.created["housing_unit"]))

    def open_item(self, record_id: int | None) -> None:
        if record_id is not None:
            UnitDialog(self.ctx, self.bus, self, record_id).exec()

    def print_ids(self, record_id: int) -> dict[str, int | None]:
        t = _current_tenancy(record_id, self.ctx.today())
        return {"tenancy_id": t.id, "household_id": t.household_id} if t else {}

    def move_in(self, record_id: int | None) -> None:
        if record_id is not None:
            MoveInDialog(self.ctx, self.bus, self, unit_id=record_id).exec()

    def archive(self, record_id: int | None) -> None:
        if record_id is None:
            return
        u = HousingUnit.get_by_id(record_id)
        if u.active:
            if confirm(self, "Arkiver bolig", f"Arkivere {u.address}? Historikken tas vare på.", yes="Arkiver"):
                run_action(self, self.bus, lambda: housing.set_unit_active(self.ctx, unit_id=record_id, active=False))
        else:
            run_action(self, self.bus, lambda: housing.set_unit_active(self.ctx, unit_id=record_id, active=True))

    def delete(self, record_id: int | None) -> None:
        """Delete a unit registered by mistake; the service refuses (with its reason) once it has history."""
        if record_id is None:
            return
        u = HousingUnit.get_by_id(record_id)
        if confirm(self, "Slett bolig", f"Slette {u.address}? Bruk dette bare for feilregistreringer."):
            run_action(self, self.bus, lambda: housing.delete_unit(self.ctx, unit_id=record_id))

    def enable_actions(self, record_id: int) -> None:
        u = HousingUnit.get_by_id(record_id)
        self.buttons["archive"].setText("Arkiver" if u.active else "Ta i bruk igjen")
        self.buttons["move_in"].setEnabled(bool(u.active))

    def link_clicked(self, url) -> None:
        kind, _, value = url.toString().partition(":")
        if kind == "move-out":
            MoveOutDialog(self.ctx, self.bus, self, int(value)).exec()

    def detail_html(self, record_id: int) -> str:
        u = HousingUnit.get_or_none(HousingUnit.id == record_id)
        if u is None:
            return "<p class='muted'>Boligen finnes ikke lenger.</p>"
        today = self.ctx.today()
        out = [f"<h2>{escape(u.address)}</h2>"]
        if not u.active:
            out.append("<p class='muted'>Arkivert.</p>")
        tenancies = list(u.tenancies.order_by(Tenancy.start_date.desc()))
        now = [t for t in tenancies if t.start_date <= today and (t.end_date is None or t.end_date >= today)]
        out.append(f"<p class='{'ok' if now else 'warn'}'>{'Utleid' if now else 'Ledig'} "
                   f"({len(now)} av {u.capacity} husstand{'er' if u.capacity != 1 else ''})</p>")
        out.append(facts([
            ("Sted", escape(f"{u.postal_code} {u.place}".strip())),
            ("Kommune", fmt.municipality(u.municipality.name)),
            ("Eierform", vocab.label(vocab.OWNERSHIP, u.ownership)),
            ("Størrelse", f"{fmt.number(u.size_m2)} m²" if u.size_m2 else ""),
            ("Soverom", u.bedrooms),
            ("Oppvarming", vocab.label(vocab.HEATING, u.heating) + (", vedovn" if u.has_wood_stove else "")),
            ("Snømåking", vocab.label(vocab.DUTY_BY, u.snow_clearing_by)),
            ("Plenklipping", vocab.label(vocab.DUTY_BY, u.lawn_mowing_by)),
            ("Notat", escape(u.notes)),
        ]))
        out.append("<h3>Bor her nå</h3>")
        out.append(grid(["Husstand", "Fra", "Husleie", ""],
                        [[escape(t.household.name), fmt.date(t.start_date), fmt.kroner(t.monthly_rent),
                          f"<a href='move-out:{t.id}'>Flytt ut …</a>"] for t in now], "Ingen bor her nå."))
        out.append("<h3>Historikk</h3>")
        out.append(grid(["Husstand", "Fra", "Til"],
                        [[escape(t.household.name), fmt.date(t.start_date), fmt.date(t.end_date) or "—"]
                         for t in tenancies if t not in now], "Ingen tidligere leieforhold."))
        if u.ownership == "private":
            out.append("<h3>Leieavtale med utleier</h3>")
            out.append(grid(["Utleier", "Månedsleie", "Fra", "Til"],
                            [[escape(le.landlord.name), fmt.kroner(le.monthly_rent), fmt.date(le.start_date),
                              fmt.date(le.terminated_date or le.end_date) or "tidsubestemt"]
                             for le in u.leases.order_by(Lease.start_date.desc())], "Ingen leieavtale."))
        return "".join(out)


def _current_tenancy(unit_id: int, today):
    return (Tenancy.select().where((Tenancy.unit == unit_id) & (Tenancy.start_date <= today) &
                                   (Tenancy.end_date.is_null() | (Tenancy.end_date >= today)))
            .order_by(Tenancy.start_date.desc()).first())


class HousingArea(Area):
    """Boliger."""

    title = "Boliger"
    key = "housing"
    permission = "housing.read"

    def __init__(self, ctx, bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        lay = QVBoxLayout(self)
        self.panel = UnitsPanel(ctx, bus, self)
        lay.addWidget(self.panel)

    def activated(self) -> None:
        self.panel.update_summary()

    def set_filters(self, filters: dict) -> None:
        self.panel.set_filters(filters)

    def focus_search(self) -> None:
        self.panel.search.setFocus()
        self.panel.search.selectAll()

    def new_item(self) -> None:
        self.panel.new_item()

    def print_current(self) -> None:
        self.panel.print_item(self.panel.current_id())


class LeasesPanel(ListPanel):
    """The service's leases of private units; those ending within three months stand out."""

    spec = lists.LEASES
    columns = [
        Column("address", "Bolig", width=170),
        Column("landlord", "Utleier", width=190),
        Column("monthly_rent", "Månedsleie", fmt.kroner, align_right=True, width=95),
        Column("guarantee", "Sikkerhet", lambda v: fmt.code(vocab.GUARANTEES, v), width=115),
        Column("deposit", "Depositum", fmt.kroner, align_right=True, width=95),
        Column("start_date", "Fra", fmt.date, width=90),
        Column("end_date", "Til", lambda v: fmt.date(v) or "tidsubestemt", width=95),
        Column("notice_months", "Oppsigelse", lambda v: f"{v} mnd."),
    ]
    noun = ("leieavtale", "leieavtaler")
    search_hint = "Søk på adresse eller utleier (Ctrl+F)"
    entities = frozenset({"lease", "landlord", "housing_unit"})

    def filter_defs(self) -> list[FilterDef]:
        return [
            FilterDef("municipality", "Kommune", MUNICIPALITY_OPTIONS),
            FilterDef("state", "Status", {"current": "Gjeldende", "ending": "Utløper innen 3 måneder",
                                          "future": "Starter senere", "ended": "Avsluttet", None: "Alle"}, "current"),
        ]

    def actions(self) -> list[Action]:
        return [
            Action("new_lease", "Ny leieavtale …", lambda _: self.new_item(), needs_selection=False),
            Action("new_landlord", "Ny utleier …", lambda _: LandlordDialog(self.ctx, self.bus, self).exec(),
                   needs_selection=False),
            Action("edit_lease", "Endre …", self.open_item),
            Action("end_lease", "Si opp …", self.end_lease),
        ]

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
        self.summary.setText(f"{fmt.plural(n, 'leieavtale utløper', 'leieavtaler utløper')} innen tre måneder "
                             "(markert oransje)" if n else "Ingen leieavtaler utløper de neste tre månedene.")
        self.summary.show()

    def new_item(self) -> None:
        dlg = LeaseDialog(self.ctx, self.bus, self)
        if dlg.exec() and dlg.changes and dlg.changes.created.get("lease"):
            self.select_id(min(dlg.changes.created["lease"]))

    def open_item(self, record_id: int | None) -> None:
        if record_id is not None:
            LeaseDialog(self.ctx, self.bus, self, record_id).exec()

    def end_lease(self, record_id: int | None) -> None:
        if record_id is not None:
            EndLeaseDialog(self.ctx, self.bus, self, record_id).exec()

    def link_clicked(self, url) -> None:
        kind, _, value = url.toString().partition(":")
        if kind == "landlord":
            LandlordDialog(self.ctx, self.bus, self, int(value)).exec()

    def detail_html(self, record_id: int) -> str:
        le = Lease.get_or_none(Lease.id == record_id)
        if le is None:
            return "<p class='muted'>Leieavtalen finnes ikke lenger.</p>"
        ll: Landlord = le.landlord
        end = le.terminated_date or le.end_date
        today = self.ctx.today()
        out = [f"<h2>{escape(le.unit.address)}</h2>"]
        if end and today <= end <= add_months(today, 3):
            out.append(f"<p class='warn'>Utløper {fmt.date(end)} – husk å forlenge eller finne ny bolig.</p>")
        elif end and end < today:
            out.append(f"<p class='muted'>Avsluttet {fmt.date(end)}.</p>")
        out.append(facts([
            ("Månedsleie", fmt.kroner(le.monthly_rent)),
            ("Sikkerhet", vocab.label(vocab.GUARANTEES, le.guarantee)),
            ("Depositum", fmt.kroner(le.deposit) if le.deposit else ""),
            ("Periode", f"{fmt.date(le.start_date)} – {fmt.date(le.end_date) or 'tidsubestemt'}"),
            ("Sagt opp til", fmt.date(le.terminated_date)),
            ("Oppsigelsestid", f"{le.notice_months} måneder"),
            ("Leieregulering", fmt.date(le.rent_adjustment_date)),
            ("Notat", escape(le.notes)),
        ]))
        out.append("<h3>Utleier</h3>")
        out.append(facts([("Navn", f"<a href='landlord:{ll.id}'>{escape(ll.name)}</a>"), ("Org.nr.", ll.org_nr),
                          ("Telefon", escape(ll.phone)), ("E-post", escape(ll.email)),
                          ("Adresse", escape(ll.address))]))
        others = [[escape(o.unit.address), fmt.kroner(o.monthly_rent), fmt.date(o.start_date),
                   fmt.date(o.terminated_date or o.end_date) or "tidsubestemt"]
                  for o in ll.leases.order_by(Lease.start_date.desc()) if o.id != le.id]
        if others:
            out.append("<h3>Andre avtaler med samme utleier</h3>")
            out.append(grid(["Bolig", "Leie", "Fra", "Til"], others))
        return "".join(out)


class LandlordsPanel(ListPanel):
    """The private landlords the service rents from."""

    spec = lists.LANDLORDS
    columns = [
        Column("name", "Utleier", width=220),
        Column("org_nr", "Org.nr."),
        Column("phone", "Telefon"),
        Column("email", "E-post"),
        Column("leases", "Avtaler", align_right=True),
    ]
    noun = ("utleier", "utleiere")
    search_hint = "Søk på navn, org.nr., telefon eller adresse (Ctrl+F)"
    entities = frozenset({"landlord", "lease"})

    def actions(self) -> list[Action]:
        return [
            Action("new_landlord", "Ny utleier …", lambda _: self.new_item(), needs_selection=False),
            Action("edit_landlord", "Endre …", self.open_item),
        ]

    def new_item(self) -> None:
        dlg = LandlordDialog(self.ctx, self.bus, self)
        if dlg.exec() and dlg.changes and dlg.changes.created.get("landlord"):
            self.select_id(min(dlg.changes.created["landlord"]))

    def open_item(self, record_id: int | None) -> None:
        if record_id is not None:
            LandlordDialog(self.ctx, self.bus, self, record_id).exec()

    def detail_html(self, record_id: int) -> str:
        ll = Landlord.get_or_none(Landlord.id == record_id)
        if ll is None:
            return "<p class='muted'>Utleieren finnes ikke lenger.</p>"
        out = [f"<h2>{escape(ll.name)}</h2>", facts([
            ("Org.nr.", ll.org_nr), ("Telefon", escape(ll.phone)), ("E-post", escape(ll.email)),
            ("Adresse", escape(ll.address)), ("Notat", escape(ll.notes))])]
        out.append("<h3>Leieavtaler</h3>")
        out.append(grid(["Bolig", "Månedsleie", "Fra", "Til"],
                        [[escape(le.unit.address), fmt.kroner(le.monthly_rent), fmt.date(le.start_date),
                          fmt.date(le.terminated_date or le.end_date) or "tidsubestemt"]
                         for le in ll.leases.order_by(Lease.start_date.desc())], "Ingen leieavtaler."))
        return "".join(out)


class LeasesArea(Area):
    """Leieavtaler: leases and landlords (two tabs)."""

    title = "Leieavtaler"
    key = "leases"
    permission = "housing.read"

    def __init__(self, ctx, bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        lay = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.panel = LeasesPanel(ctx, bus)
        self.landlords = LandlordsPanel(ctx, bus)
        self.tabs.addTab(self.panel, "Leieavtaler")
        self.tabs.addTab(self.landlords, "Utleiere")
        lay.addWidget(self.tabs)

    def _current(self) -> ListPanel:
        return self.tabs.currentWidget()  # type: ignore[return-value]

    def activated(self) -> None:
        self.panel.update_summary()

    def set_filters(self, filters: dict) -> None:
        self.tabs.setCurrentWidget(self.panel)
        self.panel.set_filters(filters)

    def focus_search(self) -> None:
        self._current().search.setFocus()
        self._current().search.selectAll()

    def new_item(self) -> None:
        self._current().new_item()
