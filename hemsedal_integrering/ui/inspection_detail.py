"""A finished (or planned, or cancelled) inspection as a record to read afterwards.

Every checklist point with its result and remark, the overall remarks, and the
measures decided with the tasks they became (deadline, responsible, state).
Read-only; "Skriv ut utfylt sjekkliste" prints the same record for the file
through the printing module. Needs only ``inspections.read``: no sensitive
personal data is shown (unit, household name, the inspection).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ..i18n import _
from ..reports import inspections as read
from ..rules import checklist as rules
from .bus import ChangeBus
from .task_dialogs import fmt_date
from .widgets import resize_within_screen

RESULT_COLOURS = {"ok": QColor("#1e6b2e"), "follow_up": QColor("#a34700"), "not_relevant": QColor("#555555")}
CATEGORY_BG = QColor("#eef2f7")


def _item(text: str, *, tooltip: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tooltip and text:
        item.setToolTip(text)
    return item


class InspectionDetailDialog(QDialog):
    """Read an inspection: head facts, each point's result and remark, remarks, measures and their tasks."""

    def __init__(self, parent: QWidget | None, ctx, bus: ChangeBus | None, *, inspection_id: int) -> None:
        super().__init__(parent)
        self.ctx, self.bus = ctx, bus
        self.detail = d = read.inspection_detail(ctx, inspection_id=inspection_id)
        self.setWindowTitle(_("Housing inspection {date}").format(date=fmt_date(d.performed_date or d.planned_at)))
        lay = QVBoxLayout(self)
        head = QLabel(_("<b>{address}</b>, {place} · {household}").format(
            address=d.address, place=d.place, household=d.household_name))
        head.setWordWrap(True)
        lay.addWidget(head)
        facts = [_("Status: {status}").format(status=d.status),
                 _("Follow-up year {year}, {season}").format(year=d.follow_up_year, season=d.season.lower())]
        if d.performed_date:
            facts.append(_("Performed {date}").format(date=fmt_date(d.performed_date)))
        else:
            facts.append(_("Planned {date}").format(date=fmt_date(d.planned_at)))
        if d.notice_sent_date:
            facts.append(_("Tenant notified {date}").format(date=fmt_date(d.notice_sent_date)))
        if d.inspector:
            facts.append(_("Inspector: {name}").format(name=d.inspector))
        self.facts = QLabel(" · ".join(facts))
        self.facts.setWordWrap(True)
        lay.addWidget(self.facts)

        self.points = QTableWidget(0, 3)
        self.points.setHorizontalHeaderLabels([_("Point"), _("Result"), _("Remark")])
        self.points.verticalHeader().hide()
        self.points.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.points.setWordWrap(True)
        hdr = self.points.horizontalHeader()
        hdr.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        hdr.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        hdr.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        category = None
        for cat, text, result, remark in d.points:
            if cat != category:
                category = cat
                row = self.points.rowCount()
                self.points.insertRow(row)
                item = _item(cat or _("Other"), tooltip=False)
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                item.setBackground(QBrush(CATEGORY_BG))
                self.points.setItem(row, 0, item)
                self.points.setSpan(row, 0, 1, 3)
            row = self.points.rowCount()
            self.points.insertRow(row)
            self.points.setItem(row, 0, _item(text))
            res = _item(str(rules.RESULTS.get(result, "")) if result else _("Not recorded"), tooltip=False)
            if result in RESULT_COLOURS:
                res.setForeground(QBrush(RESULT_COLOURS[result]))
            if result == "follow_up":
                font = res.font()
                font.setBold(True)
                res.setFont(font)
            self.points.setItem(row, 1, res)
            self.points.setItem(row, 2, _item(remark))
        self.points.resizeRowsToContents()
        lay.addWidget(self.points, 1)

        lay.addWidget(QLabel(_("<b>Remarks on the whole inspection</b>")))
        self.remarks = QLabel(d.remarks or _("No remarks."))
        self.remarks.setWordWrap(True)
        self.remarks.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.remarks)

        lay.addWidget(QLabel(_("<b>Measures and their tasks</b>")))
        self.measures = QTableWidget(0, 4)
        self.measures.setHorizontalHeaderLabels([_("Measure"), _("Deadline"), _("Responsible"), _("Task state")])
        self.measures.verticalHeader().hide()
        self.measures.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        mh = self.measures.horizontalHeader()
        mh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            mh.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for m in d.measures:
            row = self.measures.rowCount()
            self.measures.insertRow(row)
            state = m.status if not m.done_date else _("{state} {date}").format(state=m.status,
                                                                               date=fmt_date(m.done_date))
            for col, value in enumerate((m.title, fmt_date(m.due_date), m.responsible, state)):
                self.measures.setItem(row, col, _item(value))
        self.no_measures = QLabel(_("No measures were decided at this inspection."))
        self.no_measures.setStyleSheet("color: #555;")
        self.measures.setVisible(bool(d.measures))
        self.no_measures.setVisible(not d.measures)
        self.measures.setFixedHeight(min(160, 34 + 30 * max(1, len(d.measures))))
        lay.addWidget(self.measures)
        lay.addWidget(self.no_measures)

        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        box.rejected.connect(self.reject)
        self.print_button = QPushButton(_("Print the filled-in checklist… (Ctrl+P)") if d.status_code == "done"
                                        else _("Print checklist… (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_record)
        box.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_record)
        lay.addWidget(box)
        resize_within_screen(self, 980, 720)

    def print_record(self) -> None:
        """The checklist of this inspection for the file, with results when it is done."""
        from .inspections_area import _printing
        letters = _printing()
        if letters is None:
            return
        letters.open_document(self, self.ctx, self.bus, "inspection_checklist",
                              {"inspection_id": self.detail.id, "tenancy_id": None})
