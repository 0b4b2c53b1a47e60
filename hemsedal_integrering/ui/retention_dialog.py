"""Administrator: retention period, who is due for anonymisation, preview, anonymise.

Anonymisation is irreversible: the dialog always shows the preview (what will
be removed, per household) and asks for confirmation before calling
``services.privacy.anonymise_households``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QMessageBox, QPlainTextEdit, QPushButton, QSpinBox,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ..context import Context
from ..errors import PermissionDenied, ValidationError
from ..i18n import _, ngettext
from ..services import privacy
from ..services.access import require
from .widgets import resize_within_screen


class RetentionDialog(QDialog):
    """Due households with check boxes; preview; anonymise the checked ones."""

    COLUMNS = ["", _("Household"), _("Settled"), _("Persons"), _("Follow-up ended"), _("Due since")]

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        require(ctx, "admin.retention")
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Deletion and anonymisation"))
        self.years = QSpinBox()
        self.years.setRange(0, 30)
        self.years.setSuffix(_(" years"))
        self.years.setValue(privacy.retention_years())
        save_years = QPushButton(_("&Save retention period"))
        save_years.clicked.connect(self.save_years)
        top = QHBoxLayout()
        label = QLabel(_("&Retention period after the five-year follow-up has ended:"))
        label.setBuddy(self.years)
        top.addWidget(label)
        top.addWidget(self.years)
        top.addWidget(save_years)
        top.addStretch(1)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.preview_text = QPlainTextEdit()
        self.preview_text.setReadOnly(True)
        self.preview_text.setPlaceholderText(_("Choose households and press “Preview” to see what is removed."))
        preview = QPushButton(_("&Preview the chosen"))
        preview.clicked.connect(self.preview)
        self.apply_button = QPushButton(_("&Anonymise the chosen …"))
        self.apply_button.clicked.connect(self.apply)
        all_button = QPushButton(_("Choose &all"))
        all_button.clicked.connect(lambda: self._check_all(True))
        actions = QHBoxLayout()
        for b in (all_button, preview, self.apply_button):
            actions.addWidget(b)
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        explain = QLabel(_("Anonymisation removes names, national identity numbers, D/DUF numbers, contact details "
                           "and all free text (health and case notes, remarks). Year of settlement, country, year "
                           "of birth, status history and placement outcomes are kept for the statistics. Cannot be "
                           "undone."))
        explain.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(explain)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 2)
        layout.addLayout(actions)
        layout.addWidget(self.preview_text, 1)
        layout.addWidget(close)
        resize_within_screen(self, 900, 640)
        self.reload()

    def reload(self) -> None:
        due = privacy.due_for_anonymisation(self.ctx)
        self.summary.setText(ngettext("{n} household is due for anonymisation as of {date}.",
                                      "{n} households are due for anonymisation as of {date}.", len(due))
                             .format(n=len(due), date=f"{self.ctx.today():%d.%m.%Y}"))
        self.table.setRowCount(len(due))
        for r, c in enumerate(due):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Unchecked)
            check.setData(Qt.ItemDataRole.UserRole, c.household_id)
            self.table.setItem(r, 0, check)
            for col, v in enumerate([c.name, f"{c.settlement_date:%d.%m.%Y}", str(c.members),
                                     f"{c.follow_up_ended:%d.%m.%Y}", f"{c.due_since:%d.%m.%Y}"], start=1):
                self.table.setItem(r, col, QTableWidgetItem(v))
        self.table.resizeColumnsToContents()
        self.apply_button.setEnabled(bool(due))

    def _box(self, row: int) -> QTableWidgetItem:
        item = self.table.item(row, 0)
        assert item is not None  # every row gets its check box item when the table is filled
        return item

    def _check_all(self, on: bool) -> None:
        for r in range(self.table.rowCount()):
            self._box(r).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def checked_ids(self) -> list[int]:
        return [self._box(r).data(Qt.ItemDataRole.UserRole) for r in range(self.table.rowCount())
                if self._box(r).checkState() == Qt.CheckState.Checked]

    def save_years(self) -> None:
        try:
            privacy.set_retention_years(self.ctx, years=self.years.value())
        except (ValidationError, PermissionDenied) as exc:
            QMessageBox.warning(self, _("Retention period"), str(exc))
            return
        self.reload()

    def preview(self) -> list[int]:
        ids = self.checked_ids()
        if not ids:
            self.preview_text.setPlainText(_("No households are chosen."))
            return ids
        lines: list[str] = []
        for p in privacy.preview_anonymisation(self.ctx, household_ids=ids):
            lines += p.lines() + [""]
        self.preview_text.setPlainText("\n".join(lines))
        return ids

    def apply(self) -> None:
        ids = self.preview()
        if not ids:
            return
        answer = QMessageBox.question(
            self, _("Anonymise"),
            ngettext("Anonymise {n} household? See the preview below. This cannot be undone.",
                     "Anonymise {n} households? See the preview below. This cannot be undone.", len(ids))
            .format(n=len(ids)), QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            changes = privacy.anonymise_households(self.ctx, household_ids=ids)
        except (ValidationError, PermissionDenied) as exc:
            QMessageBox.warning(self, _("Anonymisation"), str(exc))
            return
        n = len(changes.ids("household"))
        QMessageBox.information(self, _("Anonymisation"), ngettext("{n} household is anonymised.",
                                                                   "{n} households are anonymised.", n).format(n=n))
        self.preview_text.clear()
        self.reload()
