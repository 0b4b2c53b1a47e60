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

    spec = lists.PLACEMENTS
    columns = [
        Column("person", "Deltaker", width=170),
        Column("workplace", "Arbeidsplass", width=240),
        Column("type", "Type", lambda v: fmt.code(vocab.PLACEMENT_TYPES, v), width=130),
        Column("start_date", "Fra", fmt.date),
        Column("end_date", "Til", fmt.date),
        Column("hours_per_week", "Timer/uke", fmt.number, align_right=True),
        Column("outcome", "Resultat", lambda v: fmt.code(vocab.PLACEMENT_OUTCOMES, v) if v else "Pågår"),
    ]
    noun = ("praksisplass", "praksisplasser")
    sort_descending = True
    search_hint = "Søk på deltaker, arbeidsplass eller arbeidsleder (Ctrl+F)"
    entities = frozenset({"placement", "placement_evaluation", "workplace", "person"})
    list_entities = frozenset({"placement", "workplace", "person"})

    def filter_defs(self) -> list[FilterDef]:
        return [
            FilterDef("state", "Status", {"active": "Pågående", "ended": "Avsluttede", None: "Alle"}, "active"),
            FilterDef("type", "Type", {None: "Alle typer"} | vocab.PLACEMENT_TYPES),
            FilterDef("municipality", "Kommune", MUNICIPALITY_OPTIONS),
        ]

    def actions(self) -> list[Action]:
        return [
            Action("new_placement", "Start praksis …", lambda _: self.new_item(), needs_selection=False),
            Action("add_evaluation", "Ny evaluering …", self.add_evaluation),
            Action("end_placement", "Avslutt praksis …", self.end_placement),
            Action("print", "Skriv ut …", self.print_item),
        ]

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
            return "<p class='muted'>Praksisplassen finnes ikke lenger.</p>"
        out = [f"<h2>{escape(pl.person.full_name)}</h2>",
               f"<p>{escape(pl.workplace.display_name)}</p>"]
        out.append("<p class='ok'>Pågår</p>" if not pl.ended else
                   f"<p>Avsluttet: <b>{vocab.label(vocab.PLACEMENT_OUTCOMES, pl.outcome)}</b></p>")
        out.append(facts([
            ("Type", vocab.label(vocab.PLACEMENT_TYPES, pl.type)),
            ("Periode", f"{fmt.date(pl.start_date)} – {fmt.date(pl.end_date)}"),
            ("Timer per uke", fmt.number(pl.hours_per_week)),
            ("Arbeidsleder", escape(f"{pl.supervisor_name} {pl.supervisor_phone}".strip())),
            ("Nav-tiltak", escape(pl.nav_measure)),
            ("Notat", escape(pl.notes)),
        ]))
        out.append("<h3>Evalueringer</h3>")
        out.append(grid(["Dato", "Vurdering", "Evaluering"],
                        [[fmt.date(e.date), f"{e.rating} av 5" if e.rating else "",
                          escape(e.text) + (f" <span class='muted'>({escape(e.evaluator)})</span>" if e.evaluator
                                            else "")]
                         for e in pl.evaluations.order_by(PlacementEvaluation.date.desc())],
                        "Ingen evalueringer ennå."))
        return "".join(out)


class WorkplacesPanel(ListPanel):
    """Workplaces (municipal departments and businesses)."""

    spec = lists.WORKPLACES
    columns = [
        Column("employer", "Arbeidsgiver", width=200),
        Column("department", "Avdeling", width=180),
        Column("is_municipal", "Kommunal", lambda v: "Ja" if v else "Nei"),
        Column("sector", "Sektor", lambda v: fmt.code(vocab.SECTORS, v)),
        Column("contact", "Kontaktperson"),
        Column("active_placements", "Pågående praksis", align_right=True),
    ]
    noun = ("arbeidsplass", "arbeidsplasser")
    search_hint = "Søk på arbeidsgiver, avdeling eller kontaktperson (Ctrl+F)"
    entities = frozenset({"workplace", "placement"})

    def filter_defs(self) -> list[FilterDef]:
        return [
            FilterDef("kind", "Type", {None: "Kommunale og private", "municipal": "Kommunale avdelinger",
                                       "private": "Private"}),
            FilterDef("active", "Arkiv", {"yes": "I bruk", "no": "Arkiverte"}, "yes"),
        ]

    def actions(self) -> list[Action]:
        return [
            Action("new_workplace", "Ny arbeidsplass …", lambda _: self.new_item(), needs_selection=False),
            Action("edit_workplace", "Endre …", self.open_item),
            Action("start_here", "Start praksis her …", self.start_here),
            Action("archive_workplace", "Arkiver", self.archive),
        ]

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
        if w.active and not confirm(self, "Arkiver arbeidsplass", f"Arkivere {w.display_name}?", yes="Arkiver"):
            return
        run_action(self, self.bus,
                   lambda: placements.set_workplace_active(self.ctx, workplace_id=record_id, active=not w.active))

    def enable_actions(self, record_id: int) -> None:
        w = Workplace.get_by_id(record_id)
        self.buttons["archive_workplace"].setText("Arkiver" if w.active else "Ta i bruk igjen")
        self.buttons["start_here"].setEnabled(bool(w.active))

    def detail_html(self, record_id: int) -> str:
        w = Workplace.get_or_none(Workplace.id == record_id)
        if w is None:
            return "<p class='muted'>Arbeidsplassen finnes ikke lenger.</p>"
        out = [f"<h2>{escape(w.display_name)}</h2>"]
        out.append(facts([
            ("Kommunal", f"Ja, {fmt.municipality(w.municipality.name)}" if w.is_municipal and w.municipality_id
             else ("Ja" if w.is_municipal else "Nei")),
            ("Sektor", vocab.label(vocab.SECTORS, w.sector)),
            ("Adresse", escape(w.address)),
            ("Kontaktperson", escape(w.contact_name)),
            ("Telefon", escape(w.contact_phone)),
            ("E-post", escape(w.contact_email)),
            ("Notat", escape(w.notes)),
        ]))
        out.append("<h3>Praksis her</h3>")
        out.append(grid(["Deltaker", "Periode", "Type og resultat"],
                        [[escape(p.person.full_name), period(p.start_date, p.end_date),
                          f"{vocab.label(vocab.PLACEMENT_TYPES, p.type)}: "
                          + (vocab.label(vocab.PLACEMENT_OUTCOMES, p.outcome).lower() if p.ended else "pågår")]
                         for p in w.placements.order_by(Placement.start_date.desc())], "Ingen praksis ennå."))
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
        self.table.setHorizontalHeaderLabels(["Avdeling", "Kommune", "Sektor", "Praksisplasser i år",
                                              "Pågår nå"])
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
        self.heading.setText(
            f"<b>Flyktningeløftet {year}</b>: {offering} av {len(rows)} kommunale avdelinger har hatt "
            f"praksisplass i år. Avdelinger uten praksisplass er markert gult.")
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

    title = "Arbeidsplasser og praksis"
    key = "placements"
    permission = "placements.read"

    def __init__(self, ctx, bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        lay = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.placements = PlacementsPanel(ctx, bus)
        self.workplaces = WorkplacesPanel(ctx, bus)
        self.loftet = LoftetPanel(ctx, bus)
        self.tabs.addTab(self.placements, "Praksisplasser")
        self.tabs.addTab(self.workplaces, "Arbeidsplasser")
        self.tabs.addTab(self.loftet, "Flyktningeløftet")
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
