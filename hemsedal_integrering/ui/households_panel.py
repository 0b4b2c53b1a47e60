"""Husstander og personer, the households tab: one row per household, searched in SQL."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtGui import QColor

from .. import vocab
from ..models import Household, Person, Tenancy
from ..queries import lists
from . import fmt
from .housing_dialogs import MoveInDialog
from .list_model import Column
from .list_panel import LEGAL_BASIS_OPTIONS, MUNICIPALITY_OPTIONS, Action, FilterDef, ListPanel, facts, grid
from .people_dialogs import HouseholdDialog, MoveAwayDialog

MOVED = QColor("#f1f1f1")


def settlement_year_options(db) -> dict[Any, str]:
    """The year filter's choices: every year a household was settled in, newest first."""
    return {None: "Alle år"} | {y: f"Bosatt {y}" for y in lists.settlement_years(db)}


class HouseholdsPanel(ListPanel):
    """All households; search over the household's name and case reference and its
    members' names, identity numbers, phones and current address."""

    spec = lists.HOUSEHOLDS
    columns = [
        Column("name", "Husstand", width=220),
        Column("municipality", "Kommune", fmt.municipality),
        Column("settled", "Bosatt", fmt.date),
        Column("members", "Personer", align_right=True),
        Column("home", "Bor nå", width=180),
        Column("legal_basis", "Grunnlag", lambda v: fmt.code(vocab.LEGAL_BASES, v)),
        Column("moved_out_date", "Flyttet", fmt.date),
    ]
    noun = ("husstand", "husstander")
    search_hint = "Søk på husstand, medlemmenes navn, fødselsnummer, telefon eller adresse (Ctrl+F)"
    entities = frozenset({"person", "household", "tenancy", "housing_unit"})
    list_entities = frozenset({"person", "household", "tenancy", "housing_unit"})
    filter_entities = frozenset({"household"})

    def filter_defs(self) -> list[FilterDef]:
        return [
            FilterDef("municipality", "Kommune", MUNICIPALITY_OPTIONS),
            FilterDef("state", "Status", {"active": "Bor i kommunen", "moved": "Flyttet", None: "Alle"}, "active"),
            FilterDef("year", "Bosettingsår", settlement_year_options(self.ctx.db)),
            FilterDef("legal_basis", "Grunnlag for opphold", LEGAL_BASIS_OPTIONS),
        ]

    def refreshed_filter_options(self) -> dict[str, dict[Any, str]]:
        return {"year": settlement_year_options(self.ctx.db)}

    def actions(self) -> list[Action]:
        return [
            Action("new_household", "Ny husstand …", lambda _: self.new_item(), needs_selection=False),
            Action("open_household", "Åpne husstand …", self.open_item),
            Action("move_in", "Flytt inn i bolig …", self.move_in),
            Action("move_away", "Registrer utflytting …", self.move_away),
            Action("print", "Skriv ut …", self.print_item),
        ]

    def highlight(self, row: dict[str, Any]) -> QColor | None:
        return MOVED if row.get("moved_out_date") else None

    # ----- actions -----

    def new_item(self) -> None:
        dlg = HouseholdDialog(self.ctx, self.bus, self)
        if dlg.exec() and dlg.changes:
            created = dlg.changes.created.get("household")
            if created:
                self.search.clear()
                self.select_id(min(created))

    def open_item(self, record_id: int | None) -> None:
        if record_id is not None:
            HouseholdDialog(self.ctx, self.bus, self, household_id=record_id).exec()

    def move_in(self, record_id: int | None) -> None:
        if record_id is not None:
            MoveInDialog(self.ctx, self.bus, self, household_id=record_id).exec()

    def move_away(self, record_id: int | None) -> None:
        if record_id is not None:
            MoveAwayDialog(self.ctx, self.bus, self, record_id).exec()

    def enable_actions(self, record_id: int) -> None:
        here = Household.get_by_id(record_id).moved_out_date is None
        for name in ("move_in", "move_away"):
            self.buttons[name].setEnabled(here)

    def print_ids(self, record_id: int) -> dict[str, int | None]:
        return {"household_id": record_id, "tenancy_id": self._tenancy_id(record_id)}

    def _tenancy_id(self, household_id: int) -> int | None:
        today = self.ctx.today()
        t = (Tenancy.select(Tenancy.id).where((Tenancy.household == household_id) & (Tenancy.start_date <= today) &
                                             (Tenancy.end_date.is_null() | (Tenancy.end_date >= today))).first())
        return t.id if t else None

    # ----- detail -----

    def detail_html(self, record_id: int) -> str:
        h = Household.get_or_none(Household.id == record_id)
        if h is None:
            return "<p class='muted'>Husstanden finnes ikke lenger.</p>"
        out = [f"<h2>{escape(h.name)}</h2>"]
        if h.moved_out_date:
            out.append(f"<p class='warn'>Flyttet {fmt.date(h.moved_out_date)} til {escape(h.moved_to)} "
                       f"({escape(vocab.label(vocab.MOVE_REASONS, h.move_reason))}).</p>")
        out.append(facts([
            ("Kommune", fmt.municipality(h.municipality.name)),
            ("Bosatt", fmt.date(h.settlement_date) or "Ikke bosatt ennå"),
            ("Grunnlag", vocab.label(vocab.LEGAL_BASES, h.legal_basis)),
            ("Saksnummer", escape(h.case_reference)),
            ("Telefon", escape(h.contact_phone)),
        ]))
        out.append("<h3>Bolig</h3>")
        tenancy_id = self._tenancy_id(h.id)
        if tenancy_id:
            t = Tenancy.get_by_id(tenancy_id)
            kind = "kommunal bolig" if t.unit.ownership == "municipal" else "innleid bolig"
            out.append(f"<p>{escape(t.unit.address)}, {escape(t.unit.place)} ({kind}) – fra {fmt.date(t.start_date)}</p>")
        else:
            out.append(f"<p class='muted'>Ingen bolig fra tjenesten i dag. {escape(h.address_note)}</p>")
        out.append("<h3>Medlemmer</h3>")
        members = [[escape(m.full_name), vocab.label(vocab.ROLES_IN_HOUSEHOLD, m.role), fmt.date(m.birth_date),
                    f"flyttet {fmt.date(m.moved_out_date)}" if m.moved_out_date else ""]
                   for m in h.members.order_by(Person.role, Person.birth_date)]
        out.append(grid(["Navn", "Rolle", "Født", ""], members, "Ingen medlemmer."))
        return "".join(out)
