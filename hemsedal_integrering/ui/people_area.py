"""Husstander og personer: the person list, person detail, household and status forms."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from .. import vocab
from ..i18n import _, ngettext
from ..queries import lists, records
from ..queries import people as read
from ..rules.identity import format_national_id
from ..services.records import read_person_record
from ..services import people as people_service
from ..services.access import can
from . import fmt
from .forms import confirm, run_action
from .households_panel import HouseholdsPanel, PeopleListPanel, settlement_year_options
from .housing_dialogs import MoveInDialog, MoveOutDialog
from .list_model import Column
from .list_panel import (LEGAL_BASIS_OPTIONS, MUNICIPALITY_OPTIONS, Action, FilterDef, ListPanel, facts, grid, opens,
                         period)
from .panel_area import PanelArea
from .people_dialogs import HouseholdDialog, MoveAwayDialog, PersonDialog, ProgrammeDialog, StatusDialog
from .placement_dialogs import PlacementDialog
from .widgets import resize_within_screen



def _h3(text: str) -> str:
    return f"<h3>{escape(text)}</h3>"


def _muni(v: Any) -> str:
    return fmt.municipality(v)


def show_timeline(parent: QWidget, ctx, bus, household_id: int) -> None:
    """The household's follow-up plan (years 1–5) in a dialog of its own."""
    from PySide6.QtWidgets import QDialog, QDialogButtonBox

    from .followup_timeline import FollowupTimeline
    dialog = QDialog(parent)
    dialog.setWindowTitle(_("Follow-up plan – {household}").format(
        household=records.require(ctx, "household", household_id).name))
    lay = QVBoxLayout(dialog)
    timeline = FollowupTimeline(ctx, bus, dialog)
    timeline.set_household(household_id)
    lay.addWidget(timeline)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
    buttons.rejected.connect(dialog.reject)
    lay.addWidget(buttons)
    resize_within_screen(dialog, 1100, 700)
    dialog.exec()


class PersonsPanel(PeopleListPanel):
    """All persons; search over name, identity numbers, phone, household and address."""

    spec = lists.PERSONS
    columns = [
        Column("name", _("Name"), width=190),
        Column("birth_date", _("Born"), fmt.date),
        Column("role", _("Role"), lambda v: fmt.code(vocab.ROLES_IN_HOUSEHOLD, v)),
        Column("household", _("Household"), width=170),
        Column("municipality", _("Municipality"), _muni),
        Column("settled", _("Settled"), fmt.date),
        Column("legal_basis", _("Legal basis"), lambda v: fmt.code(vocab.LEGAL_BASES, v)),
        Column("phone", _("Phone")),
        Column("moved_out_date", _("Moved"), fmt.date),
    ]
    search_hint = _("Search by name, national identity number, phone or address (Ctrl+F)")
    entities = frozenset({"person", "household", "status_period", "tenancy", "placement", "intro_programme"})
    list_entities = frozenset({"person", "household"})

    def filter_defs(self) -> list[FilterDef]:
        years = settlement_year_options(self.ctx.db)
        return [
            FilterDef("municipality", _("Municipality"), MUNICIPALITY_OPTIONS),
            FilterDef("state", _("Status"), {"active": _("Lives in the municipality"),
                                             "followed": _("Followed up (settled in the last 5 years)"),
                                             "moved": _("Moved"), None: _("All")}, "active"),
            FilterDef("year", _("Year of settlement"), years),
            FilterDef("legal_basis", _("Legal basis for residence"), LEGAL_BASIS_OPTIONS),
        ]

    def panel_actions(self) -> list[Action]:
        return [
            self.new_action("new_household", _("New household …")),
            Action("open_household", _("Open household …"), self.open_item),
            Action("add_status", _("New status …"), self.add_status),
            Action("move_in", _("Move into housing …"), self.move_in),
            Action("start_placement", _("Start work placement …"), self.start_placement),
            Action("move_away", _("Register moving away …"), self.move_away),
            self.print_action(),
        ]

    def count_text(self, n: int) -> str:
        return ngettext("{n} person", "{n} persons", n).format(n=n)

    # ----- actions -----

    def new_item(self) -> None:
        self.create_then_select(HouseholdDialog(self.ctx, self.bus, self), "person", clear_search=True)

    open_item = opens(lambda p, rid: HouseholdDialog(p.ctx, p.bus, p, household_id=read.household_of(p.ctx, rid)))
    add_status = opens(lambda p, rid: StatusDialog(p.ctx, p.bus, p, rid))
    move_in = opens(lambda p, rid: MoveInDialog(p.ctx, p.bus, p, household_id=read.household_of(p.ctx, rid)))
    start_placement = opens(lambda p, rid: PlacementDialog(p.ctx, p.bus, p, person_id=rid))
    move_away = opens(lambda p, rid: MoveAwayDialog(p.ctx, p.bus, p, read.household_of(p.ctx, rid), person_id=rid))

    def print_ids(self, record_id: int) -> dict[str, int | None]:
        household_id = read.household_of(self.ctx, record_id)
        home = read.home_of(self.ctx, household_id, self.ctx.today())
        return {"person_id": record_id, "household_id": household_id, "tenancy_id": home.tenancy_id if home else None}

    def link_clicked(self, url) -> None:
        kind, _sep, value = url.toString().partition(":")
        if kind == "person":
            if not self.select_id(int(value)):
                self.search.clear()
                self.filter_boxes["state"].setCurrentIndex(self.filter_boxes["state"].findData(None))
                self.select_id(int(value))
        elif kind == "timeline":
            show_timeline(self, self.ctx, self.bus, int(value))
        elif kind in ("show-notes", "hide-notes"):
            self.notes_shown_for = int(value) if kind == "show-notes" else None
            self.show_detail()
        elif kind == "edit-person":
            PersonDialog(self.ctx, self.bus, self, mode="edit", person_id=int(value)).exec()
        elif kind == "move-out":
            MoveOutDialog(self.ctx, self.bus, self, int(value)).exec()
        elif kind == "delete-status":
            row = records.fetch(self.ctx, "status_period", int(value))
            if row and confirm(self, _("Delete status"),
                               _("Delete the status «{status}» from {date}? Use this for registration errors.")
                               .format(status=vocab.label(vocab.STATUSES, row.status),
                                       date=fmt.date(row.start_date))):
                run_action(self, self.bus, lambda: people_service.delete_status(self.ctx, status_id=int(value)))
        elif kind == "programme":
            person_id, _sep, programme = value.partition(":")
            ProgrammeDialog(self.ctx, self.bus, self, int(person_id), int(programme) if programme else None).exec()

    def enable_actions(self, record_id: int) -> None:
        if getattr(self, "notes_shown_for", None) not in (None, record_id):
            self.notes_shown_for = None  # another person chosen: the notes are hidden again
        here = records.require(self.ctx, "person", record_id).moved_out_date is None
        for name in ("add_status", "move_in", "start_placement", "move_away"):
            self.buttons[name].setEnabled(here)

    # ----- detail -----

    def detail_html(self, record_id: int) -> str:
        if records.fetch(self.ctx, "person", record_id) is None:
            return "<p class='muted'>" + _("The person no longer exists.") + "</p>"
        read_person_record(self.ctx, person_id=record_id)  # permission check + the audit log's read entry
        detail = read.person_detail(self.ctx, record_id)
        if detail is None:
            return "<p class='muted'>" + _("The person no longer exists.") + "</p>"
        p = detail.person
        h = detail.household.household
        settled = detail.settled
        out = [f"<h2>{escape(p.full_name)}</h2>"]
        if p.moved_out_date:
            out.append("<p class='warn'>" + _("Moved {date} to {place} ({reason}).").format(
                date=fmt.date(p.moved_out_date), place=escape(p.moved_to),
                reason=escape(vocab.label(vocab.MOVE_REASONS, p.move_reason))) + "</p>")
        out.append(facts([
            (_("Date of birth"), fmt.date(p.birth_date)),
            (_("National ID / D number"), format_national_id(p.national_id)),
            (_("DUF number"), p.duf_number or ""),
            (_("Role"), vocab.label(vocab.ROLES_IN_HOUSEHOLD, p.role)),
            (_("Gender"), vocab.label(vocab.GENDERS, p.gender)),
            (_("Country of origin"), vocab.label(vocab.COUNTRIES, p.country)),
            (_("Household"), f"{escape(h.name)} ({fmt.municipality(detail.household.municipality_name)})"),
            (_("Settled"), fmt.date(settled) or _("Not settled yet")),
            (_("Legal basis"), vocab.label(vocab.LEGAL_BASES, p.legal_basis or h.legal_basis)),
            (_("Languages"), fmt.languages(p.languages)),
            (_("Interpreter"), vocab.label(vocab.LANGUAGES, p.interpreter_language) if p.interpreter_language
             else _("Needs no interpreter")),
            (_("Phone"), escape(p.phone)),
            (_("Email"), escape(p.email)),
        ]))
        out.append(f"<p><a href='edit-person:{p.id}'>" + _("Edit personal details …") + "</a> · "
                   f"<a href='timeline:{h.id}'>" + _("Follow-up plan years 1–5 …") + "</a></p>")
        out.append(_h3(_("Housing")))
        t = detail.household.home
        if t:
            kind = _("municipal housing") if t.ownership == "municipal" else _("rented housing")
            out.append("<p>" + _("{address}, {place} ({kind}) – from {date}").format(
                address=escape(t.address), place=escape(t.place), kind=kind, date=fmt.date(t.start_date))
                + f" · <a href='move-out:{t.tenancy_id}'>" + _("Move out …") + "</a></p>")
        else:
            out.append("<p class='muted'>" + _("No housing from the service today.") + f" {escape(h.address_note)}</p>")
        out.append(_h3(_("The household")))
        members = []
        for m in detail.household.members:
            name = escape(m.full_name) if m.id == p.id else f"<a href='person:{m.id}'>{escape(m.full_name)}</a>"
            members.append([name, vocab.label(vocab.ROLES_IN_HOUSEHOLD, m.role), fmt.date(m.birth_date),
                            _("moved {date}").format(date=fmt.date(m.moved_out_date)) if m.moved_out_date else ""])
        out.append(grid([_("Name"), _("Role"), _("Born"), ""], members))
        out.append(_h3(_("Status history")))
        # The delete link goes last with the remark: a column of its own was squeezed to "Slet/t" (issue 15).
        statuses = [[vocab.label(vocab.STATUSES, s.status), period(s.start_date, s.end_date, _("ongoing")),
                     " ".join(x for x in (escape(s.note), f"<a href='delete-status:{s.id}'>" + _("Delete") + "</a>")
                              if x)]
                    for s in detail.statuses]
        out.append(grid([_("Status"), _("Period"), _("Remark")], statuses, _("No status registered.")))
        if p.role == "adult":
            out.append(_h3(_("Introduction programme")))
            progs = [[fmt.date(r.start_date), fmt.date(r.planned_end_date), fmt.date(r.actual_end_date),
                      f"<a href='programme:{p.id}:{r.id}'>" + _("Edit") + f"</a> {escape(r.end_reason)}"]
                     for r in detail.programmes]
            out.append(grid([_("Start"), _("Planned end"), _("Actual end"), ""], progs, _("Not registered.")))
            out.append(f"<p><a href='programme:{p.id}:'>" + _("Register introduction programme …") + "</a></p>")
            out.append(_intro_facts(self.ctx, p.id))
        out.append(_h3(_("Work placement")))
        rows = [[period(pl.start_date, pl.end_date),
                 f"{escape(pl.workplace)} – {vocab.label(vocab.PLACEMENT_TYPES, pl.type).lower()}: "
                 + (vocab.label(vocab.PLACEMENT_OUTCOMES, pl.outcome).lower() if pl.ended
                    else "<span class='ok'>" + _("ongoing") + "</span>")]
                for pl in detail.placements]
        out.append(grid([_("Period"), _("Workplace, type and outcome")], rows, _("No work placement.")))
        out.append(_h3(_("Printed letters and forms (the household)")))
        printed = [[fmt.date(d.printed_at.date()), escape(d.title), escape(d.recipient),
                    escape(d.printed_by)]
                   for d in detail.printed]
        out.append(grid([_("Date"), _("Document"), _("To"), _("Printed by")], printed, _("No printouts registered.")))
        if can(self.ctx, "persons.read_sensitive") and (p.health_note or p.case_note):
            out.append(_h3(_("Notes")))
            # Not in plain view on selection (a screen others may see): shown on request, hidden again
            # when another person is chosen (issue 15).
            if getattr(self, "notes_shown_for", None) == p.id:
                out.append(facts([(_("Health"), escape(p.health_note)), (_("Case"), escape(p.case_note))]))
                out.append("<p><a href='hide-notes:{}'>{}</a></p>".format(p.id, _("Hide the notes")))
            else:
                out.append("<p><a href='show-notes:{}'>{}</a> <span class='muted'>{}</span></p>".format(
                    p.id, _("Show health and case notes"), _("(hidden while the person is selected)")))
        return "".join(out)


def _intro_facts(ctx, person_id: int) -> str:
    """Eligibility (age on the permit date, else the settlement date) and the best Norwegian results
    (the Introduksjonsprogram area has the rest)."""
    from ..rules import intro_codes
    from ..rules import introduction as irules
    found = read.intro_facts(ctx, person_id)
    rows = []
    if found.programme is not None and found.norwegian is not None:
        rows += [(_("Introduction programme"), escape(" ".join([_(irules.ELIGIBILITY[found.programme]),
                                                                 *found.notes]))),
                 (_("Norwegian and social studies"), escape(_(irules.ELIGIBILITY[found.norwegian])))]
    levels = found.levels
    shown = [f"{_(intro_codes.SKILLS[k])} {v}" for k, v in levels.items() if k in intro_codes.SKILLS]
    if "social_studies" in levels:
        shown.append(_("Social studies: {result}").format(
            result=_(intro_codes.SOCIAL_STUDIES_RESULTS.get(levels["social_studies"], ""))))
    if shown:
        rows.append((_("Best test results"), escape(", ".join(shown))))
    return facts(rows) if rows else ""


class PeopleArea(PanelArea):
    """Husstander og personer: two lists on tabs, persons (``panel``) and households."""

    title = _("Households and persons")
    key = "people"
    permission = "persons.read"
    tabs: QTabWidget

    def __init__(self, ctx, bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        lay = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("people_tabs")
        self.tabs.setDocumentMode(True)
        self.panel = PersonsPanel(ctx, bus, self)
        self.tabs.addTab(self.panel, _("Persons"))
        # The households list is built when its tab is first shown: opening the window
        # then runs one list query, not two.
        self._households: HouseholdsPanel | None = None
        self._households_page = QWidget()
        self._households_layout = QVBoxLayout(self._households_page)
        self._households_layout.setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self._households_page, _("Households"))
        self.tabs.currentChanged.connect(self._tab_changed)
        lay.addWidget(self.tabs)

    @property
    def households(self) -> HouseholdsPanel:
        if self._households is None:
            self._households = HouseholdsPanel(self.ctx, self.bus, self._households_page)
            self._households_layout.addWidget(self._households)
        return self._households

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self._households_page:
            self.households  # noqa: B018 - built on first show
        self.focus_search()

    def shown_panel(self) -> ListPanel:
        return self.households if self.tabs.currentWidget() is self._households_page else self.panel

    def show_households(self, on: bool = True) -> None:
        self.tabs.setCurrentWidget(self._households_page if on else self.panel)
