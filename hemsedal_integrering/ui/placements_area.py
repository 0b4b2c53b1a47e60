"""Arbeidsplasser og praksis: placements, workplaces and the "flyktningeløftet" view."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import vocab
from ..i18n import _, ngettext, pgettext
from ..models import Placement, PlacementEvaluation, Workplace
from ..queries import lists
from ..services import placements
from ..services.base import Changes
from . import fmt
from .area import Area
from .forms import confirm, run_action
from .list_model import Column
from .list_panel import MUNICIPALITY_OPTIONS, Action, FilterDef, ListPanel, facts, grid, period
from .placement_dialogs import EndPlacementDialog, EvaluationDialog, PlacementDialog, WorkplaceDialog

ENDED = QColor("#f1f1f1")
NONE_OFFERED = QColor("#fff4d6")


class PlacementsPanel(ListPanel):
    """Practice placements with type, period, hours and outcome."""

    write_permission = "placements.write"
    spec = lists.PLACEMENTS
    columns = [
        Column("person", _("Participant"), width=170),
        Column("workplace", _("Workplace"), width=240),
        Column("type", _("Type"), lambda v: fmt.code(vocab.PLACEMENT_TYPES, v), width=130),
        Column("start_date", _("From"), fmt.date),
        Column("end_date", _("To"), fmt.date),
        Column("hours_per_week", _("Hours/week"), fmt.number, align_right=True),
        Column("outcome", _("Outcome"), lambda v: fmt.code(vocab.PLACEMENT_OUTCOMES, v) if v else _("Ongoing")),
    ]
    sort_descending = True
    search_hint = _("Search by participant, workplace or supervisor (Ctrl+F)")
    entities = frozenset({"placement", "placement_evaluation", "workplace", "person"})
    list_entities = frozenset({"placement", "workplace", "person"})

    def filter_defs(self) -> list[FilterDef]:
        return [
            FilterDef("state", _("Status"), {"active": pgettext("placements filter", "Ongoing"),
                                             "ended": pgettext("placements filter", "Ended"), None: _("All")},
                      "active"),
            FilterDef("type", _("Type"), {None: _("All types")} | vocab.PLACEMENT_TYPES),
            FilterDef("municipality", _("Municipality"), MUNICIPALITY_OPTIONS),
        ]

    def actions(self) -> list[Action]:
        return [
            Action("new_placement", _("Start work placement …"), lambda _r: self.new_item(), needs_selection=False),
            Action("add_evaluation", _("New evaluation …"), self.add_evaluation),
            Action("end_placement", _("End work placement …"), self.end_placement),
            Action("print", _("Print …"), self.print_item),
        ]

    def count_text(self, n: int) -> str:
        return ngettext("{n} practice placement", "{n} practice placements", n).format(n=n)

    def print_ids(self, record_id: int) -> dict[str, int | None]:
        pl = Placement.get_by_id(record_id)
        return {"placement_id": pl.id, "person_id": pl.person_id, "household_id": pl.person.household_id}

    def highlight(self, row: dict[str, Any]) -> QColor | None:
        return ENDED if row.get("ended") else None

    def new_item(self) -> None:
        dlg = PlacementDialog(self.ctx, self.bus, self)
        if dlg.exec() and dlg.changes and dlg.changes.created.get("placement"):
            self.select_id(min(dlg.changes.created["placement"]))

    def open_item(self, record_id: int | None) -> None:
        self.add_evaluation(record_id)

    def add_evaluation(self, record_id: int | None) -> None:
        if record_id is not None:
            EvaluationDialog(self.ctx, self.bus, self, record_id).exec()

    def end_placement(self, record_id: int | None) -> None:
        if record_id is not None:
            EndPlacementDialog(self.ctx, self.bus, self, record_id).exec()

    def enable_actions(self, record_id: int) -> None:
        self.buttons["end_placement"].setEnabled(not Placement.get_by_id(record_id).ended)

    def detail_html(self, record_id: int) -> str:
        pl = Placement.get_or_none(Placement.id == record_id)
        if pl is None:
            return "<p class='muted'>{}</p>".format(_("The practice placement no longer exists."))
        out = [f"<h2>{escape(pl.person.full_name)}</h2>",
               f"<p>{escape(pl.workplace.display_name)}</p>"]
        out.append("<p class='ok'>{}</p>".format(_("Ongoing")) if not pl.ended else
                   "<p>{}</p>".format(_("Ended: {outcome}").format(
                       outcome=f"<b>{vocab.label(vocab.PLACEMENT_OUTCOMES, pl.outcome)}</b>")))
        out.append(facts([
            (_("Type"), vocab.label(vocab.PLACEMENT_TYPES, pl.type)),
            (_("Period"), f"{fmt.date(pl.start_date)} – {fmt.date(pl.end_date)}"),
            (_("Hours per week"), fmt.number(pl.hours_per_week)),
            (_("Supervisor"), escape(f"{pl.supervisor_name} {pl.supervisor_phone}".strip())),
            (_("Nav measure"), escape(pl.nav_measure)),
            (_("Note"), escape(pl.notes)),
        ]))
        out.append("<h3>{}</h3>".format(_("Evaluations")))
        out.append(grid([_("Date"), _("Rating"), _("Evaluation")],
                        [[fmt.date(e.date), _("{rating} of 5").format(rating=e.rating) if e.rating else "",
                          escape(e.text) + (f" <span class='muted'>({escape(e.evaluator)})</span>" if e.evaluator
                                            else "")]
                         for e in pl.evaluations.order_by(PlacementEvaluation.date.desc())],
                        _("No evaluations yet.")))
        return "".join(out)


class WorkplacesPanel(ListPanel):
    """Workplaces (municipal departments and businesses)."""

    write_permission = "placements.write"
    spec = lists.WORKPLACES
    columns = [
        Column("employer", _("Employer"), width=200),
        Column("department", _("Department"), width=180),
        Column("is_municipal", _("Municipal"), lambda v: _("Yes") if v else _("No")),
        Column("sector", _("Sector"), lambda v: fmt.code(vocab.SECTORS, v)),
        Column("contact", _("Contact person")),
        Column("active_placements", _("Ongoing placements"), align_right=True),
    ]
    search_hint = _("Search by employer, department or contact person (Ctrl+F)")
    entities = frozenset({"workplace", "placement"})

    def filter_defs(self) -> list[FilterDef]:
        return [
            FilterDef("kind", _("Type"), {None: _("Municipal and private"), "municipal": _("Municipal departments"),
                                          "private": pgettext("plural", "Private")}),
            FilterDef("active", _("Archive status"), {"yes": _("In use"), "no": _("Archived")}, "yes"),
        ]

    def actions(self) -> list[Action]:
        return [
            Action("new_workplace", _("New workplace …"), lambda _r: self.new_item(), needs_selection=False),
            Action("edit_workplace", _("Edit …"), self.open_item),
            Action("start_here", _("Start work placement here …"), self.start_here),
            Action("archive_workplace", _("Archive"), self.archive),
        ]

    def count_text(self, n: int) -> str:
        return ngettext("{n} workplace", "{n} workplaces", n).format(n=n)

    def new_item(self) -> None:
        dlg = WorkplaceDialog(self.ctx, self.bus, self)
        if dlg.exec() and dlg.changes and dlg.changes.created.get("workplace"):
            self.select_id(min(dlg.changes.created["workplace"]))

    def open_item(self, record_id: int | None) -> None:
        if record_id is not None:
            WorkplaceDialog(self.ctx, self.bus, self, record_id).exec()

    def start_here(self, record_id: int | None) -> None:
        if record_id is not None:
            PlacementDialog(self.ctx, self.bus, self, workplace_id=record_id).exec()

    def archive(self, record_id: int | None) -> None:
        if record_id is None:
            return
        w = Workplace.get_by_id(record_id)
        if w.active and not confirm(self, _("Archive workplace"), _("Archive {name}?").format(name=w.display_name),
                                    yes=_("Archive")):
            return
        run_action(self, self.bus,
                   lambda: placements.set_workplace_active(self.ctx, workplace_id=record_id, active=not w.active))

    def enable_actions(self, record_id: int) -> None:
        w = Workplace.get_by_id(record_id)
        self.buttons["archive_workplace"].setText(_("Archive") if w.active else _("Bring back into use"))
        self.buttons["start_here"].setEnabled(bool(w.active))

    def detail_html(self, record_id: int) -> str:
        w = Workplace.get_or_none(Workplace.id == record_id)
        if w is None:
            return "<p class='muted'>{}</p>".format(_("The workplace no longer exists."))
        out = [f"<h2>{escape(w.display_name)}</h2>"]
        out.append(facts([
            (_("Municipal"), _("Yes, {municipality}").format(municipality=fmt.municipality(w.municipality.name))
             if w.is_municipal and w.municipality else (_("Yes") if w.is_municipal else _("No"))),
            (_("Sector"), vocab.label(vocab.SECTORS, w.sector)),
            (_("Address"), escape(w.address)),
            (_("Contact person"), escape(w.contact_name)),
            (_("Phone"), escape(w.contact_phone)),
            (_("Email"), escape(w.contact_email)),
            (_("Note"), escape(w.notes)),
        ]))
        out.append("<h3>{}</h3>".format(_("Work placements here")))
        out.append(grid([_("Participant"), _("Period"), _("Type and outcome")],
                        [[escape(p.person.full_name), period(p.start_date, p.end_date),
                          f"{vocab.label(vocab.PLACEMENT_TYPES, p.type)}: "
                          + (vocab.label(vocab.PLACEMENT_OUTCOMES, p.outcome).lower() if p.ended else _("ongoing"))]
                         for p in w.placements.order_by(Placement.start_date.desc())],
                        _("No work placements yet.")))
        return "".join(out)


class LoftetPanel(QWidget):
    """Flyktningeløftet (council decision 2/2025): municipal departments and the placements
    each has had running this year; departments with none stand out."""

    def __init__(self, ctx, bus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setObjectName("loftet_heading")
        self.heading.setWordWrap(True)
        lay.addWidget(self.heading)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("loftet")
        self.table.setHorizontalHeaderLabels([_("Department"), _("Municipality"), _("Sector"),
                                              _("Practice placements this year"), _("Ongoing now")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        lay.addWidget(self.table, 1)
        bus.changed.connect(self.on_changes)
        self.refresh()

    def on_changes(self, changes: Changes) -> None:
        if changes.entities() & {"placement", "workplace"}:
            self.refresh()

    def refresh(self) -> None:
        year = self.ctx.today().year
        rows = lists.flyktningeloftet(self.ctx.db, year, self.ctx.today())
        offering = sum(1 for r in rows if r.placements)
        self.heading.setText(_(
            "<b>Flyktningeløftet {year}</b>: {offering} of {total} municipal departments have had a practice "
            "placement this year. Departments without a practice placement are marked yellow.").format(
                year=year, offering=offering, total=len(rows)))
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells = [r.name, r.municipality, vocab.label(vocab.SECTORS, r.sector), str(r.placements),
                     str(r.active_now)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if not r.placements:
                    item.setBackground(NONE_OFFERED)
                self.table.setItem(i, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)


class PlacementsArea(Area):
    """Arbeidsplasser og praksis: three tabs."""

    title = _("Workplaces and work placements")
    key = "placements"
    permission = "placements.read"

    def __init__(self, ctx, bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        lay = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.placements = PlacementsPanel(ctx, bus)
        self.workplaces = WorkplacesPanel(ctx, bus)
        self.loftet = LoftetPanel(ctx, bus)
        self.tabs.addTab(self.placements, _("Practice placements"))
        self.tabs.addTab(self.workplaces, _("Workplaces"))
        self.tabs.addTab(self.loftet, _("Flyktningeløftet"))
        lay.addWidget(self.tabs)

    def _panel(self) -> ListPanel | None:
        w = self.tabs.currentWidget()
        return w if isinstance(w, ListPanel) else None

    def activated(self) -> None:
        self.loftet.refresh()

    def set_filters(self, filters: dict) -> None:
        self.tabs.setCurrentWidget(self.placements)
        self.placements.set_filters(filters)

    def focus_search(self) -> None:
        panel = self._panel() or self.placements
        self.tabs.setCurrentWidget(panel)
        panel.search.setFocus()
        panel.search.selectAll()

    def new_item(self) -> None:
        (self._panel() or self.placements).new_item()

    def print_current(self) -> None:
        if self.tabs.currentWidget() is self.placements:
            self.placements.print_item(self.placements.current_id())
