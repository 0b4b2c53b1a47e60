"""Husstander og personer, the households tab: one row per household, searched in SQL."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtGui import QColor

from .. import vocab
from ..i18n import _, ngettext
from ..queries import lists, records
from ..queries import people as read
from . import fmt
from .housing_dialogs import MoveInDialog
from .list_model import Column
from .list_panel import LEGAL_BASIS_OPTIONS, MUNICIPALITY_OPTIONS, Action, FilterDef, ListPanel, facts, grid, opens
from .people_dialogs import HouseholdDialog, MoveAwayDialog

MOVED = QColor("#f1f1f1")


def settlement_year_options(db) -> dict[Any, str]:
    """The year filter's choices: every year a household was settled in, newest first."""
    return {None: _("All years")} | {y: _("Settled {year}").format(year=y) for y in lists.settlement_years(db)}


class PeopleListPanel(ListPanel):
    """What the persons and the households lists share: the settlement-year filter follows the data,
    whoever has moved away is greyed, and saving needs ``persons.write``."""

    write_permission = "persons.write"
    filter_entities = frozenset({"household"})

    def refreshed_filter_options(self) -> dict[str, dict[Any, str]]:
        return {"year": settlement_year_options(self.ctx.db)}

    def highlight(self, row: dict[str, Any]) -> QColor | None:
        return MOVED if row.get("moved_out_date") else None


class HouseholdsPanel(PeopleListPanel):
    """All households; search over the household's name and case reference and its
    members' names, identity numbers, phones and current address."""

    spec = lists.HOUSEHOLDS
    columns = [
        Column("name", _("Household"), width=220),
        Column("municipality", _("Municipality"), fmt.municipality),
        Column("settled", _("Settled"), fmt.date),
        Column("members", _("Persons"), align_right=True),
        Column("home", _("Lives at now"), width=180),
        Column("legal_basis", _("Legal basis"), lambda v: fmt.code(vocab.LEGAL_BASES, v)),
        Column("moved_out_date", _("Moved"), fmt.date),
    ]
    search_hint = _("Search by household, the members' names, national identity number, phone or address (Ctrl+F)")
    entities = frozenset({"person", "household", "tenancy", "housing_unit"})
    list_entities = frozenset({"person", "household", "tenancy", "housing_unit"})

    def filter_defs(self) -> list[FilterDef]:
        return [
            FilterDef("municipality", _("Municipality"), MUNICIPALITY_OPTIONS),
            FilterDef("state", _("Status"), {"active": _("Lives in the municipality"), "moved": _("Moved"),
                                             None: _("All")}, "active"),
            FilterDef("year", _("Year of settlement"), settlement_year_options(self.ctx.db)),
            FilterDef("legal_basis", _("Legal basis for residence"), LEGAL_BASIS_OPTIONS),
        ]

    def panel_actions(self) -> list[Action]:
        return [
            self.new_action("new_household", _("New household …")),
            Action("open_household", _("Open household …"), self.open_item),
            Action("move_in", _("Move into housing …"), self.move_in),
            Action("move_away", _("Register moving away …"), self.move_away),
            self.print_action(),
        ]

    def count_text(self, n: int) -> str:
        return ngettext("{n} household", "{n} households", n).format(n=n)

    # ----- actions -----

    def new_item(self) -> None:
        self.create_then_select(HouseholdDialog(self.ctx, self.bus, self), "household", clear_search=True)

    open_item = opens(lambda p, rid: HouseholdDialog(p.ctx, p.bus, p, household_id=rid))
    move_in = opens(lambda p, rid: MoveInDialog(p.ctx, p.bus, p, household_id=rid))
    move_away = opens(lambda p, rid: MoveAwayDialog(p.ctx, p.bus, p, rid))

    def enable_actions(self, record_id: int) -> None:
        here = records.require(self.ctx, "household", record_id).moved_out_date is None
        for name in ("move_in", "move_away"):
            self.buttons[name].setEnabled(here)

    def print_ids(self, record_id: int) -> dict[str, int | None]:
        return {"household_id": record_id, "tenancy_id": self._tenancy_id(record_id)}

    def _tenancy_id(self, household_id: int) -> int | None:
        home = read.home_of(self.ctx, household_id, self.ctx.today())
        return home.tenancy_id if home else None

    # ----- detail -----

    def detail_html(self, record_id: int) -> str:
        detail = read.household_detail(self.ctx, record_id)
        if detail is None:
            return "<p class='muted'>{}</p>".format(_("The household no longer exists."))
        h = detail.household
        out = [f"<h2>{escape(h.name)}</h2>"]
        if h.moved_out_date:
            out.append("<p class='warn'>{}</p>".format(_("Moved {date} to {place} ({reason}).").format(
                date=fmt.date(h.moved_out_date), place=escape(h.moved_to),
                reason=escape(vocab.label(vocab.MOVE_REASONS, h.move_reason)))))
        out.append(facts([
            (_("Municipality"), fmt.municipality(detail.municipality_name)),
            (_("Settled"), fmt.date(h.settlement_date) or _("Not settled yet")),
            (_("Legal basis"), vocab.label(vocab.LEGAL_BASES, h.legal_basis)),
            (_("Case number"), escape(h.case_reference)),
            (_("Phone"), escape(h.contact_phone)),
        ]))
        out.append("<h3>{}</h3>".format(_("Housing")))
        t = detail.home
        if t:
            kind = _("municipal housing") if t.ownership == "municipal" else _("rented housing")
            out.append("<p>{}</p>".format(_("{address}, {place} ({kind}) – from {date}").format(
                address=escape(t.address), place=escape(t.place), kind=kind, date=fmt.date(t.start_date))))
        else:
            out.append("<p class='muted'>{} {}</p>".format(_("No housing from the service today."),
                                                           escape(h.address_note)))
        out.append("<h3>{}</h3>".format(_("Members")))
        members = [[escape(m.full_name), vocab.label(vocab.ROLES_IN_HOUSEHOLD, m.role), fmt.date(m.birth_date),
                    _("moved {date}").format(date=fmt.date(m.moved_out_date)) if m.moved_out_date else ""]
                   for m in detail.members]
        out.append(grid([_("Name"), _("Role"), _("Born"), ""], members, _("No members.")))
        return "".join(out)
