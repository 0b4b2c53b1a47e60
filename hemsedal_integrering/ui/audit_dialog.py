"""Administrator: view, filter and export the audit log (read only — the program cannot change it).

Lines read like a case history (``queries.audit_view``): who, what was done,
to which record by name, and each field as «Etikett: gammel → ny» with
sensitive values hidden. The selected line is shown in full below the list.
Export writes the stored log unchanged (``services.audit.export``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from pathlib import Path

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
    QPushButton, QTableView, QVBoxLayout, QWidget,
)

from ..context import Context
from ..i18n import _, ngettext
from ..queries import audit_view
from ..services import audit
from ..services.access import require
from .row_model import RowTableModel
from .widgets import resize_within_screen

PAGE = 1000


class AuditModel(RowTableModel):
    """Lines of ``queries.audit_view.present`` (filtering and sorting done in SQL)."""

    HEADERS = columns = [_("Time"), _("User"), _("Action"), _("Concerns"), _("Changes")]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[audit_view.AuditLine] = []

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4:
            return "\n".join(c.text() for c in r.changes)
        concerns = f"{r.entity}: {r.subject}" if r.subject else r.entity
        values = [f"{r.at:%d.%m.%Y %H:%M:%S}", r.user, r.action, concerns, r.changes_text()]
        return values[index.column()]


class AuditDialog(QDialog):
    """Filters (period, user, type, id), the matching lines, and export to CSV or Excel."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        require(ctx, "admin.audit")
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Log of reads and changes"))
        today = ctx.today()
        self.since = QDateEdit(QDate(today.year, today.month, 1))
        self.until = QDateEdit(QDate(today.year, today.month, today.day))
        for w in (self.since, self.until):
            w.setCalendarPopup(True)
            w.setDisplayFormat("dd.MM.yyyy")
        self.user = QComboBox()
        self.user.addItem(_("All users"), None)
        for name in audit.usernames(ctx):
            self.user.addItem(name, name)
        self.entity = QComboBox()
        self.entity.addItem(_("All types"), None)
        for code, label in audit_view.entity_choices():
            self.entity.addItem(label, code)
        self.entity_id = QLineEdit()
        self.entity_id.setPlaceholderText("id")
        self.entity_id.setMaximumWidth(80)
        search = QPushButton(_("&Show"))
        search.setDefault(True)
        search.clicked.connect(self.reload)
        filters = QHBoxLayout()
        fields: list[tuple[str, QWidget]] = [(_("&From:"), self.since), (_("&To:"), self.until),
                                             (_("&User:"), self.user), (_("T&ype:"), self.entity), ("", self.entity_id)]
        for label, widget in fields:
            if label:
                lab = QLabel(label)
                lab.setBuddy(widget)
                filters.addWidget(lab)
            filters.addWidget(widget)
        filters.addWidget(search)
        filters.addStretch(1)
        self.model = AuditModel()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setWordWrap(False)
        # columns fitted to the first 100 lines: fitting all of a page of 1,000 held the window ~0.3 s
        self.view.horizontalHeader().setResizeContentsPrecision(100)
        self.detail = QLabel()
        self.detail.setObjectName("audit_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setStyleSheet("background: #f6f8fa; padding: 6px; border: 1px solid #dde3ea;")
        self.detail.setMinimumHeight(60)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self.show_line())
        self.status = QLabel()
        export = QPushButton(_("&Export …"))
        export.clicked.connect(self.export)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(export)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        bottom.addWidget(close)
        note = QLabel(_("Sensitive values (national identity numbers, health and case notes) are hidden in the log. "
                        "The log cannot be changed or deleted in the program. The export holds the stored lines."))
        note.setStyleSheet("color: #555;")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.detail)
        layout.addWidget(note)
        layout.addLayout(bottom)
        resize_within_screen(self, 1100, 640)
        self.reload()

    def filters(self) -> dict[str, Any]:
        s, u = self.since.date(), self.until.date()
        text = self.entity_id.text().strip()
        return dict(since=dt.date(s.year(), s.month(), s.day()), until=dt.date(u.year(), u.month(), u.day()),
                    username=self.user.currentData(), entity=self.entity.currentData(),
                    entity_id=int(text) if text.isdigit() else None)

    def reload(self) -> None:
        f = self.filters()
        rows = audit_view.present(self.ctx, audit.query(self.ctx, limit=PAGE, **f))
        total = audit.count(self.ctx, **f)
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        for col, most in ((1, 220), (3, 300)):
            self.view.setColumnWidth(col, min(most, self.view.columnWidth(col)))
        if rows:
            self.view.selectRow(0)
        self.show_line()
        if total > PAGE:
            self.status.setText(_("{n} lines (showing the {page} newest; export for all)").format(n=total, page=PAGE))
        else:
            self.status.setText(ngettext("{n} line", "{n} lines", total).format(n=total))

    def show_line(self) -> None:
        """The selected line in full: one field per line, «gammel → ny»."""
        idx = self.view.currentIndex()
        if not idx.isValid() or idx.row() >= len(self.model.rows):
            self.detail.setText(_("Choose a line to see it in full."))
            return
        r = self.model.rows[idx.row()]
        head = f"{r.at:%d.%m.%Y %H:%M} · {r.user} · {r.action} · {r.entity}{': ' + r.subject if r.subject else ''}"
        self.detail.setText("\n".join([head, *(c.text() for c in r.changes)]))

    def export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Export the log"), str(Path.home() / "logg.xlsx"),
                                                    _("Excel (*.xlsx);;CSV (*.csv)"))
        if not path:
            return
        n = audit.export(self.ctx, Path(path), **self.filters())
        QMessageBox.information(self, _("Export"), ngettext("{n} log line is saved in {path}.",
                                                            "{n} log lines are saved in {path}.", n)
                                .format(n=n, path=path))
        self.reload()
