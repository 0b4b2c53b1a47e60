"""Dialogs for tenancy inspections: plan a visit (with the § 5-6 notice warning) and record it.

They collect values and call ``services.inspections``; validation messages
are shown in the dialog, which stays open; nothing is saved half-way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QMessageBox, QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ..errors import NotFound, PermissionDenied, ValidationError
from ..i18n import _, ngettext
from ..rules import checklist as rules
from ..rules.followup import RESPONSIBLE
from ..services import inspections
from ..services.base import Changes
from .bus import ChangeBus
from .task_dialogs import error_label, fmt_date
from .widgets import dialog_buttons, resize_within_screen

ERROR_BG = QColor("#fde8e8")


class _SavingDialog(Protocol):
    def save(self) -> bool: ...
    def reject(self) -> None: ...


def _buttons(dialog: _SavingDialog, ok_text: str) -> QDialogButtonBox:
    box = dialog_buttons(ok_text, dialog.save, dialog.reject)
    return box


class PlanInspectionDialog(QDialog):
    """Date and time of the visit and the day the tenant was notified (default today).

    Less than a week's notice (husleieloven § 5-6) asks the user to confirm.
    ``ask`` is the confirmation (replaceable in tests).
    """

    def __init__(self, parent: QWidget | None, ctx, bus: ChangeBus, *, tenancy_id: int, address: str,
                 household: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Plan a housing inspection"))
        self.ctx, self.bus, self.tenancy_id = ctx, bus, tenancy_id
        self.changes: Changes | None = None
        self.ask = self._ask
        lay = QVBoxLayout(self)
        head = QLabel(f"<b>{address}</b><br>{household}")
        lay.addWidget(head)
        form = QFormLayout()
        lay.addLayout(form)
        default = ctx.today() + dt.timedelta(days=rules.MIN_NOTICE_DAYS + 1)
        self.when = QLineEdit(default.strftime("%d.%m.%Y") + " 10:00")
        self.when.setPlaceholderText(_("dd.mm.yyyy hh:mm"))
        self.notice = QLineEdit(fmt_date(ctx.today()))
        self.notice.setPlaceholderText(_("dd.mm.yyyy"))
        form.addRow(_("Time of the inspection"), self.when)
        self.when_error = error_label()
        form.addRow("", self.when_error)
        form.addRow(_("Tenant notified"), self.notice)
        self.notice_error = error_label()
        form.addRow("", self.notice_error)
        self.preview = QLabel()
        self.preview.setStyleSheet("color: #444;")
        self.preview.setWordWrap(True)
        lay.addWidget(self.preview)
        hint = QLabel(_("Tenancy Act § 5-6: an inspection should normally be notified at least one week ahead."))
        hint.setStyleSheet("color: #555; font-size: 9pt;")
        lay.addWidget(hint)
        self.form_error = error_label()
        lay.addWidget(self.form_error)
        lay.addWidget(_buttons(self, _("Plan")))
        self.when.textChanged.connect(self._update_preview)
        self._update_preview()

    def _update_preview(self) -> None:
        try:
            day = dt.datetime.strptime(self.when.text().strip()[:10], "%d.%m.%Y").date()
            data = inspections.checklist_for(self.ctx, tenancy_id=self.tenancy_id, on=day)
        except (ValueError, ValidationError, PermissionDenied, NotFound):
            self.preview.setText("")
            return
        n = sum(len(g.points) for g in data.groups)
        self.preview.setText(ngettext("Checklist for follow-up year {year}, {season}: {n} point.",
                                      "Checklist for follow-up year {year}, {season}: {n} points.", n)
                             .format(year=data.follow_up_year, season=data.season_label.lower(), n=n))

    def _ask(self, warning: str) -> bool:
        question = _("{warning}\n\nDo you want to plan the inspection anyway?").format(warning=warning)
        answer = QMessageBox.question(self, _("Short notice"), question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def save(self) -> bool:
        for label in (self.when_error, self.notice_error, self.form_error):
            label.hide()
        warning = inspections.notice_warning(self.ctx, planned_at=self.when.text(),
                                             notice_sent_date=self.notice.text())
        confirmed = False
        if warning:
            if not self.ask(warning):
                return False
            confirmed = True
        try:
            self.changes = inspections.plan_inspection(self.ctx, tenancy_id=self.tenancy_id,
                                                       planned_at=self.when.text(),
                                                       notice_sent_date=self.notice.text(),
                                                       short_notice_confirmed=confirmed)
        except ValidationError as exc:
            for field, message in exc.errors.items():
                label = {"planned_at": self.when_error, "notice_sent_date": self.notice_error}.get(
                    field, self.form_error)
                label.setText(message)
                label.show()
            return False
        except (PermissionDenied, NotFound) as exc:
            self.form_error.setText(str(exc))
            self.form_error.show()
            return False
        self.bus.publish(self.changes)
        self.accept()
        return True


class RecordInspectionDialog(QDialog):
    """Each checklist point: OK / Må følges opp / Ikke aktuelt + remark; overall remarks; follow-up actions.

    With ``inspection_id`` it records a planned visit; with ``tenancy_id`` instead it
    plans and records an unplanned visit in one step (the checklist of today's
    follow-up year and season).
    """

    RESULT_CHOICES = [("", _("– choose –")), *rules.RESULTS.items()]

    def __init__(self, parent: QWidget | None, ctx, bus: ChangeBus, *, inspection_id: int | None = None,
                 tenancy_id: int | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.bus, self.inspection_id, self.tenancy_id = ctx, bus, inspection_id, tenancy_id
        self.changes: Changes | None = None
        if inspection_id is not None:
            data = inspections.checklist_for_inspection(ctx, inspection_id=inspection_id)
            self.setWindowTitle(_("Record a housing inspection"))
        else:
            assert tenancy_id is not None  # an unplanned visit is made for a tenancy
            data = inspections.checklist_for(ctx, tenancy_id=tenancy_id, on=ctx.today())
            self.setWindowTitle(_("Record an unplanned housing inspection"))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(_("<b>{address}</b>, {place} · {household} · follow-up year {year} · {season}").format(
            address=data.address, place=data.place, household=data.household_name, year=data.follow_up_year,
            season=data.season_label.lower())))
        top = QFormLayout()
        self.performed = QLineEdit(fmt_date(min(ctx.today(), data.planned_at.date()) if data.planned_at else
                                            ctx.today()))
        top.addRow(_("Date of the inspection"), self.performed)
        lay.addLayout(top)
        self.points = QTableWidget(0, 3)
        self.points.setHorizontalHeaderLabels([_("Point"), _("Result"), _("Remark")])
        self.points.verticalHeader().hide()
        self.points.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.points.setColumnWidth(1, 150)
        self.points.setColumnWidth(2, 260)
        self.point_ids: list[int | str] = []  # InspectionPoint ids, or template keys for an unplanned visit
        self.combos: list[QComboBox] = []
        self.remarks: list[QLineEdit] = []
        for group in data.groups:
            row = self.points.rowCount()
            self.points.insertRow(row)
            head = QTableWidgetItem(group.category)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            head.setBackground(QBrush(QColor("#eef2f7")))
            self.points.setItem(row, 0, head)
            self.points.setSpan(row, 0, 1, 3)
            for p in group.points:
                row = self.points.rowCount()
                self.points.insertRow(row)
                self.points.setItem(row, 0, QTableWidgetItem(p.text))
                combo = QComboBox()
                for code, label in self.RESULT_CHOICES:
                    combo.addItem(label, code)
                combo.setCurrentIndex(max(0, combo.findData(p.result or "")))
                remark = QLineEdit(p.remark)
                remark.setPlaceholderText(_("Remark"))
                self.points.setCellWidget(row, 1, combo)
                self.points.setCellWidget(row, 2, remark)
                point = p.point_id if inspection_id is not None else p.key
                assert point is not None  # a planned inspection's points have their rows
                self.point_ids.append(point)
                self.combos.append(combo)
                self.remarks.append(remark)
        lay.addWidget(self.points, 1)
        all_ok = QPushButton(_("Set the rest to OK"))
        all_ok.clicked.connect(self.rest_ok)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(all_ok)
        row_buttons.addStretch(1)
        lay.addLayout(row_buttons)
        lay.addWidget(QLabel(_("Remarks on the whole inspection")))
        self.overall = QPlainTextEdit(data.remarks)
        self.overall.setFixedHeight(60)
        self.overall.setTabChangesFocus(True)
        lay.addWidget(self.overall)
        lay.addWidget(QLabel(_("Actions to follow up (they become tasks with a due date)")))
        self.action_table = QTableWidget(0, 3)
        self.action_table.setHorizontalHeaderLabels(
            [_("Follow-up action"), _("Due date (dd.mm.yyyy)"), _("Responsible")])
        self.action_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.action_table.setColumnWidth(1, 140)
        self.action_table.setColumnWidth(2, 200)
        self.action_table.verticalHeader().hide()
        self.action_table.setFixedHeight(96)
        lay.addWidget(self.action_table)
        add = QPushButton(_("Add action"))
        add.clicked.connect(lambda: self.add_action())
        add_row = QHBoxLayout()
        add_row.addWidget(add)
        add_row.addStretch(1)
        lay.addLayout(add_row)
        self.error = error_label()
        lay.addWidget(self.error)
        lay.addWidget(_buttons(self, _("Save the inspection")))
        resize_within_screen(self, 900, 760)

    def rest_ok(self) -> None:
        for combo in self.combos:
            if not combo.currentData():
                combo.setCurrentIndex(combo.findData("ok"))

    def set_result(self, index: int, result: str, remark: str = "") -> None:
        self.combos[index].setCurrentIndex(self.combos[index].findData(result))
        self.remarks[index].setText(remark)

    def add_action(self, title: str = "", due: dt.date | None = None, responsible: str = "housing") -> None:
        row = self.action_table.rowCount()
        self.action_table.insertRow(row)
        self.action_table.setItem(row, 0, QTableWidgetItem(title))
        self.action_table.setItem(row, 1, QTableWidgetItem(fmt_date(due or self.ctx.today() + dt.timedelta(days=14))))
        combo = QComboBox()
        for code, label in RESPONSIBLE.items():
            combo.addItem(label, code)
        combo.setCurrentIndex(combo.findData(responsible))
        self.action_table.setCellWidget(row, 2, combo)

    def _action_values(self) -> list[dict]:
        out = []
        for row in range(self.action_table.rowCount()):
            title = (self.action_table.item(row, 0) or QTableWidgetItem("")).text()
            due = (self.action_table.item(row, 1) or QTableWidgetItem("")).text()
            if not title.strip() and not due.strip():
                continue
            responsible = self.action_table.cellWidget(row, 2)
            assert isinstance(responsible, QComboBox)  # every action row gets its combo box (add_action)
            out.append(dict(title=title, due_date=due, responsible=responsible.currentData()))
        return out

    def save(self) -> bool:
        self.error.hide()
        for remark, combo in zip(self.remarks, self.combos, strict=True):
            remark.setStyleSheet("")
            combo.setStyleSheet("")
        # keyed by InspectionPoint id (a planned visit) or template key (an unplanned one)
        results: dict[Any, tuple[str | None, str]] = {pid: (combo.currentData() or None, remark.text())
                   for pid, combo, remark in zip(self.point_ids, self.combos, self.remarks, strict=True)}
        try:
            if self.inspection_id is not None:
                self.changes = inspections.record_inspection(
                    self.ctx, inspection_id=self.inspection_id, performed_date=self.performed.text(),
                    results=results, remarks=self.overall.toPlainText(), actions=self._action_values())
            else:
                assert self.tenancy_id is not None  # (see __init__)
                self.changes = inspections.record_unplanned_inspection(
                    self.ctx, tenancy_id=self.tenancy_id, performed_date=self.performed.text(), results=results,
                    remarks=self.overall.toPlainText(), actions=self._action_values())
        except ValidationError as exc:
            missing = 0
            other = []
            for field, message in exc.errors.items():
                raw = field[len("points["):field.index("]")] if field.startswith("points[") else ""
                pid: int | str = int(raw) if raw.isdigit() else raw
                if raw and pid in self.point_ids:
                    i = self.point_ids.index(pid)
                    if field.endswith(".result"):
                        self.combos[i].setStyleSheet(f"background: {ERROR_BG.name()};")
                        missing += 1
                    else:
                        self.remarks[i].setStyleSheet(f"background: {ERROR_BG.name()};")
                        other.append(message)
                else:
                    other.append(message)
            lines = ([ngettext("{n} point has no result.", "{n} points have no result.", missing).format(n=missing)]
                     if missing else []) + other
            self.error.setText("\n".join([*lines, _("Nothing has been saved.")]))
            self.error.show()
            return False
        except (PermissionDenied, NotFound) as exc:
            self.error.setText(str(exc))
            self.error.show()
            return False
        self.bus.publish(self.changes)
        self.accept()
        return True
