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
from ..queries import placement_lists, records
from ..queries import placements as read
from ..services import placements
from ..services.base import Changes
from . import fmt
from .forms import confirm, run_action
from .list_model import Column
from .list_panel import MUNICIPALITY_OPTIONS, Action, FilterDef, ListPanel, facts, grid, opens, period
from .panel_area import PanelArea
from .placement_dialogs import EndPlacementDialog, EvaluationDialog, PlacementDialog, WorkplaceDialog

ENDED = QColor("#f1f1f1")
NONE_OFFERED = QColor("#fff4d6")


class PlacementsPanel(ListPanel):
    """Practice placements with type, period, hours and outcome."""

    write_permission = "placements.write"
    spec = placement_lists.PLACEMENTS
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

    def panel_actions(self) -> list[Action]:
        return [
            self.new_action("new_placement", _("Start work placement …")),
            Action("add_evaluation", _("New evaluation …"), self.add_evaluation),
            Action("end_placement", _("End work placement …"), self.end_placement),
            self.print_action(),
        ]

    def count_text(self, n: int) -> str:
        return ngettext("{n} practice placement", "{n} practice placements", n).format(n=n)

    def print_ids(self, record_id: int) -> dict[str, int | None]:
        pl = read.placement_detail(self.ctx, record_id)
        if pl is None:
            records.require(self.ctx, "placement", record_id)  # gone: DoesNotExist, as before
            return {}
        return {"placement_id": record_id, "person_id": pl.placement.person_id, "household_id": pl.household_id}

    def highlight(self, row: dict[str, Any]) -> QColor | None:
        return ENDED if row.get("ended") else None

    def new_item(self) -> None:
        self.create_then_select(PlacementDialog(self.ctx, self.bus, self), "placement")

    add_evaluation = opens(lambda p, rid: EvaluationDialog(p.ctx, p.bus, p, rid))
    open_item = add_evaluation  # Enter on a placement: the next evaluation
    end_placement = opens(lambda p, rid: EndPlacementDialog(p.ctx, p.bus, p, rid))

    def enable_actions(self, record_id: int) -> None:
        self.buttons["end_placement"].setEnabled(not records.require(self.ctx, "placement", record_id).ended)

    def detail_html(self, record_id: int) -> str:
        detail = read.placement_detail(self.ctx, record_id)
        if detail is None:
            return "<p class='muted'>{}</p>".format(_("The practice placement no longer exists."))
        pl = detail.placement
        out = [f"<h2>{escape(detail.person_name)}</h2>",
               f"<p>{escape(detail.workplace_name)}</p>"]
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
                         for e in detail.evaluations],
                        _("No evaluations yet.")))
        return "".join(out)


class WorkplacesPanel(ListPanel):
    """Workplaces (municipal departments and businesses)."""

    write_permission = "placements.write"
    spec = placement_lists.WORKPLACES
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

    def panel_actions(self) -> list[Action]:
        return [
            self.new_action("new_workplace", _("New workplace …")),
            Action("edit_workplace", _("Edit …"), self.open_item),
            Action("start_here", _("Start work placement here …"), self.start_here),
            Action("archive_workplace", _("Archive"), self.archive),
        ]

    def count_text(self, n: int) -> str:
        return ngettext("{n} workplace", "{n} workplaces", n).format(n=n)

    def new_item(self) -> None:
        self.create_then_select(WorkplaceDialog(self.ctx, self.bus, self), "workplace")

    open_item = opens(lambda p, rid: WorkplaceDialog(p.ctx, p.bus, p, rid))
    start_here = opens(lambda p, rid: PlacementDialog(p.ctx, p.bus, p, workplace_id=rid))

    def archive(self, record_id: int | None) -> None:
        if record_id is None:
            return
        w = records.require(self.ctx, "workplace", record_id)
        if w.active and not confirm(self, _("Archive workplace"), _("Archive {name}?").format(name=w.display_name),
                                    yes=_("Archive")):
            return
        run_action(self, self.bus,
                   lambda: placements.set_workplace_active(self.ctx, workplace_id=record_id, active=not w.active))

    def enable_actions(self, record_id: int) -> None:
        w = records.require(self.ctx, "workplace", record_id)
        self.buttons["archive_workplace"].setText(_("Archive") if w.active else _("Bring back into use"))
        self.buttons["start_here"].setEnabled(bool(w.active))

    def detail_html(self, record_id: int) -> str:
        detail = read.workplace_detail(self.ctx, record_id)
        if detail is None:
            return "<p class='muted'>{}</p>".format(_("The workplace no longer exists."))
        w = detail.workplace
        out = [f"<h2>{escape(w.display_name)}</h2>"]
        out.append(facts([
            (_("Municipal"), _("Yes, {municipality}").format(municipality=fmt.municipality(detail.municipality_name))
             if w.is_municipal and w.municipality_id else (_("Yes") if w.is_municipal else _("No"))),
            (_("Sector"), vocab.label(vocab.SECTORS, w.sector)),
            (_("Address"), escape(w.address)),
            (_("Contact person"), escape(w.contact_name)),
            (_("Phone"), escape(w.contact_phone)),
            (_("Email"), escape(w.contact_email)),
            (_("Note"), escape(w.notes)),
        ]))
        out.append("<h3>{}</h3>".format(_("Work placements here")))
        out.append(grid([_("Participant"), _("Period"), _("Type and outcome")],
                        [[escape(p.person_name), period(p.start_date, p.end_date),
                          f"{vocab.label(vocab.PLACEMENT_TYPES, p.type)}: "
                          + (vocab.label(vocab.PLACEMENT_OUTCOMES, p.outcome).lower() if p.ended else _("ongoing"))]
                         for p in detail.placements],
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
        rows = placement_lists.flyktningeloftet(self.ctx.db, year, self.ctx.today())
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


class PlacementsArea(PanelArea):
    """Arbeidsplasser og praksis: three tabs."""

    title = _("Workplaces and work placements")
    key = "placements"
    permission = "placements.read"

    def __init__(self, ctx, bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        lay = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.placements = self.panel = PlacementsPanel(ctx, bus)
        self.workplaces = WorkplacesPanel(ctx, bus)
        self.loftet = LoftetPanel(ctx, bus)
        self.tabs.addTab(self.placements, _("Practice placements"))
        self.tabs.addTab(self.workplaces, _("Workplaces"))
        self.tabs.addTab(self.loftet, _("Flyktningeløftet"))
        lay.addWidget(self.tabs)

    def activated(self) -> None:
        super().activated()
        self.loftet.refresh()
