"""Tilsyn: tenancy inspections per housing unit, for integration officers and housing staff.

Needs only ``inspections.read`` and shows no sensitive personal data (unit,
household name, follow-up year, inspections). Units that should have an
inspection this season are marked. Plan, record and cancel go through
``services.inspections``. The blank checklist's data for printing is
``services.inspections.checklist_for`` / ``checklist_for_inspection``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter,
                               QTableView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..i18n import _, ngettext
from ..queries import housing as housing_read
from ..reports import inspections as read
from ..rules import checklist as rules
from ..services import inspections
from ..services.access import can
from .searchable_area import RowTableModel, SearchableArea, current_of, select_first
from .inspection_detail import InspectionDetailDialog
from .inspection_dialogs import PlanInspectionDialog, RecordInspectionDialog
from .task_dialogs import ActionDialog, fmt_date

UNIT_COLUMNS = [_("Address"), _("Place"), _("Municipality"), _("Household"), _("Year"), _("Last inspection"),
                _("Next planned"), _("Inspection")]
DUE_BG = QColor("#fff1e0")
DUE_FG = QColor("#8a4b00")


def _printing():
    """The printing engineer's ``ui.letter_menu`` when it is installed, else None (buttons hidden)."""
    try:
        from . import letter_menu
    except ImportError:
        return None
    return letter_menu if hasattr(letter_menu, "open_document") else None


def _printing_available() -> bool:
    """Whether ``ui.letter_menu`` is installed, without importing it (it loads reportlab: ~0.5 s
    that the area's first show paid just to decide whether to show two buttons)."""
    import importlib.util
    return importlib.util.find_spec(".letter_menu", __package__) is not None


class UnitTableModel(RowTableModel):
    """Rows of ``reports.inspections.UnitInspectionRow``."""

    columns = UNIT_COLUMNS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[read.UnitInspectionRow] = []
        self.let_to_others: set[int] = set()  # units let to others than refugees today (not vacant)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if r.tenancy_id is None:
                state = _("Let to others") if r.unit_id in self.let_to_others else _("Vacant")
            elif r.due:
                state = _("Due for inspection this season")
            elif r.next_planned:
                state = _("Planned")
            elif r.follow_up_year is None:
                state = _("After year 5")
            else:
                state = _("Done this season")
            year = "" if r.follow_up_year is None else str(r.follow_up_year)
            return [r.address, r.place, r.municipality, r.household_name, year, fmt_date(r.last_done),
                    fmt_date(r.next_planned), state][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and r.due:
            return QBrush(DUE_BG)
        if role == Qt.ItemDataRole.ForegroundRole and r.due and index.column() == 7:
            return QBrush(DUE_FG)
        return None


class InspectionsArea(SearchableArea):
    """Tilsyn (side-bar): units with due/done inspections; plan, record, cancel."""

    title = _("Inspections")
    key = "inspections"
    permission = "inspections.read"
    refresh_on = ("inspection", "tenancy", "housing_unit")

    def __init__(self, ctx, bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        lay = self.begin_layout(_("Housing inspection"))
        filters = QHBoxLayout()
        self.make_search(_("Search by address or place (Ctrl+F)"))
        self.only_due = QCheckBox(_("Only dwellings due for inspection"))
        filters.addWidget(self.search, 1)
        filters.addWidget(self.only_due)
        lay.addLayout(filters)

        split = QSplitter(Qt.Orientation.Vertical)
        self.model = UnitTableModel(self)
        self.units = QTableView()
        self.units.setModel(self.model)
        self.units.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.units.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.units.verticalHeader().hide()
        for col, width in enumerate((190, 90, 80, 190, 40, 95, 150, 210)):
            self.units.setColumnWidth(col, width)
        self.units.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        split.addWidget(self.units)
        lower = QWidget()
        low = QVBoxLayout(lower)
        low.setContentsMargins(0, 6, 0, 0)
        self.unit_label = QLabel(_("Choose a housing unit."))
        self.unit_label.setStyleSheet("font-weight: 600;")
        low.addWidget(self.unit_label)
        self.tenants_label = QLabel()
        self.tenants_label.setWordWrap(True)
        self.tenants_label.setStyleSheet("color: #333;")
        self.tenants_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        low.addWidget(self.tenants_label)
        self.history = QTableWidget(0, 5)
        self.history.setHorizontalHeaderLabels([_("Date"), _("Status"), _("Year"), _("Season"), _("Summary")])
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.history.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.history.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.history.setToolTip(_("Double-click or press Enter to open the inspection."))
        for col, width in enumerate((150, 100, 40, 80)):
            self.history.setColumnWidth(col, width)
        # Enter and double-click (Qt's "activated") open the inspection as a record to read.
        self.history.activated.connect(lambda _i: self.open_inspection())
        low.addWidget(self.history, 1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(_("Open…"))
        self.open_button.clicked.connect(self.open_inspection)
        self.plan_button = QPushButton(_("Plan inspection…"))
        self.record_button = QPushButton(_("Record inspection…"))
        self.cancel_button = QPushButton(_("Call off…"))
        self.plan_button.clicked.connect(self.plan)
        self.record_button.clicked.connect(self.record)
        self.cancel_button.clicked.connect(self.cancel)
        self.notice_button = QPushButton(_("Notice letter…"))
        self.print_button = QPushButton(_("Print checklist… (Ctrl+P)"))
        self.notice_button.clicked.connect(self.print_notice)
        self.print_button.clicked.connect(self.print_current)
        for b in (self.open_button, self.plan_button, self.record_button, self.cancel_button, self.notice_button,
                  self.print_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        low.addLayout(buttons)
        split.addWidget(lower)
        split.setSizes([380, 260])
        lay.addWidget(split, 1)

        self.writable = can(ctx, "inspections.write")
        self.wire_refresh(checks=(self.only_due,))
        self.units.selectionModel().currentRowChanged.connect(lambda *_a: self.show_unit())
        self.history.itemSelectionChanged.connect(self._update_buttons)
        self.refresh()

    # ----- data -----
    def query(self) -> dict[str, Any] | None:
        if not can(self.ctx, "inspections.read"):
            return None
        return dict(only_due=self.only_due.isChecked(), search=self.search.text())

    def read_rows(self, query: dict[str, Any] | None) -> tuple[list[read.UnitInspectionRow], set[int]] | None:
        """The units, and which of them are let to others today."""
        if query is None:
            return None
        from ..services.unit_letting import let_to_others_on
        return read.units_overview(self.ctx, **query), let_to_others_on(self.ctx.today())

    def show_rows(self, found: tuple[list[read.UnitInspectionRow], set[int]] | None, query: Any) -> None:
        if found is None:
            self.summary.setText(_("You do not have access to housing inspections."))
            return
        current = self.current_unit()
        rows, self.model.let_to_others = found
        self.model.set_rows(rows)
        start, end = rules.season_period(self.ctx.today())
        season = rules.SEASONS[rules.inspection_season(self.ctx.today())].lower()
        due = sum(1 for r in rows if r.due)
        self.summary.setText(ngettext(
            "{n} occupied dwelling is due for inspection this season ({season} {start}–{end}). "
            "One inspection per season in follow-up years 1–5.",
            "{n} occupied dwellings are due for inspection this season ({season} {start}–{end}). "
            "One inspection per season in follow-up years 1–5.", due)
            .format(n=due, season=season, start=fmt_date(start), end=fmt_date(end)))
        if current is not None:
            self.select_unit(current.unit_id)
        self.show_unit()

    def current_unit(self) -> read.UnitInspectionRow | None:
        return current_of(self.units, self.model.rows)

    def select_unit(self, unit_id: int) -> bool:
        return select_first(self.units, self.model.rows, lambda r: r.unit_id == unit_id)

    def show_unit(self) -> None:
        r = self.current_unit()
        self.history.setRowCount(0)
        self.history_rows: list[read.InspectionRow] = []
        if r is None or r.tenancy_id is None:
            self.tenants_label.setText("")
            self.unit_label.setText(
                _("Choose an occupied dwelling.") if r is None
                else _("{address}: let to others").format(address=r.address) if r.unit_id in self.model.let_to_others
                else _("{address}: vacant").format(address=r.address))
            self._update_buttons()
            return
        self.unit_label.setText(f"{r.address}, {r.place} – {r.household_name}")
        self.tenants_label.setText(self._tenants_line(r.tenancy_id))
        self.history_rows = read.inspections_for_tenancy(self.ctx, tenancy_id=r.tenancy_id)
        for i, row in enumerate(self.history_rows):
            self.history.insertRow(i)
            when = fmt_date(row.performed_date) if row.performed_date else fmt_date(row.planned_at)
            values = [when, rules.INSPECTION_STATUSES.get(row.status, row.status), str(row.follow_up_year),
                      rules.SEASONS.get(row.season, row.season), row.summary]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 4:
                    item.setToolTip(value)
                if row.status == "planned":
                    item.setForeground(QBrush(QColor("#1f4e79")))
                self.history.setItem(i, col, item)
        if self.history_rows:
            self.history.selectRow(0)
        self._update_buttons()

    def _tenants_line(self, tenancy_id: int) -> str:
        """'Leietakere: Grace Mwamba, tlf. 900 00 000, grace@… · …' (names and contact data only)."""
        from ..services import records
        if not (can(self.ctx, "persons.read_contact") or can(self.ctx, "persons.read")):
            return ""
        household_id = housing_read.tenancy_household(self.ctx, tenancy_id)
        if household_id is None:
            return ""
        parts = []
        for p in records.household_contacts(self.ctx, household_id=household_id):
            if p.role != "adult" and not (p.phone or p.email):
                continue
            bits = [f"{p.first_name} {p.last_name}"]
            if p.phone:
                bits.append(_("phone {phone}").format(phone=p.phone))
            if p.email:
                bits.append(p.email)
            parts.append(", ".join(bits))
        return _("Tenants: {list}").format(list=" · ".join(parts)) if parts else ""

    def current_inspection(self) -> read.InspectionRow | None:
        row = self.history.currentRow()
        rows = getattr(self, "history_rows", [])
        return rows[row] if 0 <= row < len(rows) else None

    def _update_buttons(self) -> None:
        unit = self.current_unit()
        insp = self.current_inspection()
        occupied = unit is not None and unit.tenancy_id is not None
        planned = insp is not None and insp.status == "planned"
        self.open_button.setEnabled(insp is not None)
        self.plan_button.setEnabled(self.writable and occupied)
        # A planned visit is recorded as planned; otherwise an unplanned visit is planned and recorded at once.
        self.record_button.setEnabled(self.writable and occupied)
        self.record_button.setText(_("Record inspection…") if planned else _("Record unplanned inspection…"))
        self.cancel_button.setEnabled(self.writable and planned)
        printing = _printing_available()
        self.notice_button.setVisible(printing)
        self.print_button.setVisible(printing)
        self.notice_button.setEnabled(planned)
        self.print_button.setEnabled(occupied)
        done = insp is not None and insp.status == "done"
        self.print_button.setText(_("Print the filled-in checklist… (Ctrl+P)") if done
                                  else _("Print checklist… (Ctrl+P)"))
        if not self.writable:
            from ..services.access import read_only_reason
            why = read_only_reason(self.ctx) or _("Your role can read inspections but not plan or record them.")
            for b in (self.plan_button, self.record_button, self.cancel_button):
                b.setToolTip(why)

    # ----- printing (the printing module renders; this area only says what) -----
    def print_current(self) -> None:
        """Ctrl+P: the filled-in checklist of the selected done inspection, the blank one of a
        selected planned inspection, else the blank one of the tenancy today."""
        letters = _printing()
        unit = self.current_unit()
        if letters is None or unit is None or unit.tenancy_id is None:
            return
        insp = self.current_inspection()
        ids = {"tenancy_id": unit.tenancy_id,
               "inspection_id": insp.id if insp is not None and insp.status in ("planned", "done") else None}
        letters.open_document(self, self.ctx, self.bus, "inspection_checklist", ids)

    def print_notice(self) -> None:
        """The notice letter to the tenant for the selected planned inspection (husleieloven § 5-6)."""
        letters = _printing()
        insp = self.current_inspection()
        if letters is None or insp is None or insp.status != "planned":
            return
        letters.open_document(self, self.ctx, self.bus, "inspection_notice", {"inspection_id": insp.id})

    # ----- actions -----
    def plan(self) -> PlanInspectionDialog | None:
        r = self.current_unit()
        if r is None or r.tenancy_id is None:
            return None
        dialog = PlanInspectionDialog(self, self.ctx, self.bus, tenancy_id=r.tenancy_id, address=r.address,
                                      household=r.household_name)
        dialog.open()
        return dialog

    def open_inspection(self) -> InspectionDetailDialog | None:
        """The selected inspection as a record: every point's result and remark, the measures and their tasks."""
        insp = self.current_inspection()
        if insp is None:
            return None
        dialog = InspectionDetailDialog(self, self.ctx, self.bus, inspection_id=insp.id)
        dialog.open()
        return dialog

    def record(self) -> RecordInspectionDialog | None:
        """Record the selected planned visit, or (none selected) an unplanned visit made today."""
        unit = self.current_unit()
        insp = self.current_inspection()
        if insp is not None and insp.status == "planned":
            dialog = RecordInspectionDialog(self, self.ctx, self.bus, inspection_id=insp.id)
        elif unit is not None and unit.tenancy_id is not None:
            dialog = RecordInspectionDialog(self, self.ctx, self.bus, tenancy_id=unit.tenancy_id)
        else:
            return None
        dialog.open()
        return dialog

    def cancel(self) -> ActionDialog | None:
        insp = self.current_inspection()
        if insp is None or insp.status != "planned":
            return None
        dialog = ActionDialog(self, self.bus, title=_("Call off the inspection"),
                              intro=_("Inspection {date}").format(date=fmt_date(insp.planned_at)),
                              text_label=_("Justification"), ok_text=_("Call off the inspection"),
                              submit=lambda _d, t: inspections.cancel_inspection(self.ctx, inspection_id=insp.id,
                                                                                 reason=t))
        dialog.open()
        return dialog
