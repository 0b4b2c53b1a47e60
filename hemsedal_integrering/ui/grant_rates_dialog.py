"""The administrator's table of integration grant rates (integreringstilskudd).

Lists the rates, and lets an administrator add or change one (year,
category, grant year, amount) or delete the selected one. Every write goes
through ``services.grants``; validation messages appear under the form, and
the change is announced on the bus so open reports recompute.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import vocab
from ..context import Context
from ..errors import NotFound, PermissionDenied, ValidationError
from ..i18n import _
from ..reports import fmt
from ..services import grants
from ..services.access import can
from .bus import ChangeBus
from .widgets import resize_within_screen

class GrantRatesDialog(QDialog):
    """Maintain the rates table. Read-only for users without 'admin.rates'."""

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bus = bus
        self.setWindowTitle(_("Integration grant rates"))
        resize_within_screen(self, 660, 700)
        editable = can(ctx, "admin.rates")

        intro = QLabel(_("The rates change every year: copy them from IMDi's circular for the year. As in the "
                         "circular, the categories differ in grant year 1 only; years 2–5 have one rate each. "
                         "One-time grants and the special grant for unaccompanied minors have grant year 0. The "
                         "program has no amounts of its own. A spreadsheet with the columns År, Kategori, "
                         "Tilskuddsår and Beløp can be imported."))
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Year"), _("Category"), _("Grant year"), _("Amount")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(ctx.today().year)
        self.category_box = QComboBox()
        for code, label in vocab.GRANT_CATEGORIES.items():
            self.category_box.addItem(label, code)
        self.grant_year_spin = QSpinBox()
        self.grant_year_spin.setRange(0, 5)
        self.grant_year_spin.setValue(1)
        self.amount_edit = QLineEdit()
        self.amount_edit.setPlaceholderText(_("e.g. 250 000"))
        self.errors = QLabel()
        self.errors.setStyleSheet("color: #a02020;")
        self.errors.setWordWrap(True)
        self.save_button = QPushButton(_("&Save rate"))
        self.delete_button = QPushButton(_("&Delete the chosen rate"))
        self.import_button = QPushButton(_("&Import from a spreadsheet …"))
        form = QFormLayout()
        form.addRow(_("&Year:"), self.year_spin)
        form.addRow(_("&Category:"), self.category_box)
        form.addRow(_("&Grant year:"), self.grant_year_spin)
        form.addRow(_("&Amount (NOK):"), self.amount_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        close = QDialogButtonBox()
        close.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        if editable:
            layout.addLayout(form)
            layout.addWidget(self.errors)
            layout.addLayout(buttons)
        # a grant IMDi granted for one person after application (disability or behavioural problems)
        from ..queries import pickers
        from .picker import RecordPicker
        self.person_pick = RecordPicker(ctx.db, pickers.PLACEMENT_PERSONS, self)
        self.person_year = QSpinBox()
        self.person_year.setRange(2000, 2100)
        self.person_year.setValue(ctx.today().year)
        self.person_amount = QLineEdit()
        self.person_amount.setPlaceholderText(_("the amount granted"))
        self.person_note = QLineEdit()
        self.person_note.setPlaceholderText(_("e.g. IMDi's decision and date"))
        self.person_save = QPushButton(_("Save the &granted amount"))
        person_form = QFormLayout()
        person_form.addRow(_("&Person:"), self.person_pick)
        person_form.addRow(_("Y&ear:"), self.person_year)
        person_form.addRow(_("A&mount (NOK):"), self.person_amount)
        person_form.addRow(_("N&ote:"), self.person_note)
        person_form.addRow("", self.person_save)
        heading = QLabel("<b>" + _("Grant for persons with disabilities or behavioural problems (granted)") + "</b>")
        if editable:
            layout.addWidget(heading)
            layout.addLayout(person_form)
        self.person_save.clicked.connect(lambda: self.save_person_grant())
        layout.addWidget(close)
        for w in (self.year_spin, self.category_box, self.grant_year_spin, self.amount_edit, self.save_button,
                  self.delete_button, self.import_button):
            w.setVisible(editable)

        self.category_box.currentIndexChanged.connect(self._category_chosen)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(lambda: self.import_file())
        self.table.itemSelectionChanged.connect(self._row_chosen)
        self._category_chosen()
        self.reload()

    def reload(self) -> None:
        rows = grants.list_rates(self.ctx)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            values = [str(r.year), vocab.GRANT_CATEGORIES.get(r.category, r.category),
                      str(r.grant_year) if r.grant_year else _("One-time"), fmt.money(r.amount)]
            for j, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                if j != 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()

    def _category_chosen(self) -> None:
        """Only the grant years the chosen kind has: 1 for the year-1 categories, 2–5 for the
        general rate, 0 for one-time grants and the special grant."""
        code = self.category_box.currentData()
        low, high = (0, 0) if code in vocab.ONE_TIME_GRANT_CATEGORIES else \
            (1, 1) if code in vocab.YEAR_ONE_GRANT_CATEGORIES else (2, 5)
        self.grant_year_spin.setRange(low, high)

    def import_file(self, path: str | None = None) -> bool:
        """Import the rates of a spreadsheet; every bad row is named and nothing is saved then."""
        if path is None:
            from PySide6.QtWidgets import QFileDialog
            path, _filter = QFileDialog.getOpenFileName(self, _("Import rates"), "", _("Excel files (*.xlsx)"))
            if not path:
                return False
        try:
            changes = grants.import_rates(self.ctx, path=path)
        except (ValidationError, PermissionDenied) as exc:
            self.errors.setText("\n".join(exc.errors.values()) if isinstance(exc, ValidationError) else str(exc))
            return False
        self.errors.clear()
        self.reload()
        self.bus.publish(changes)
        return True

    def _row_chosen(self) -> None:
        rate_id = self.selected_id()
        if rate_id is None:
            return
        rate = next((r for r in grants.list_rates(self.ctx) if r.id == rate_id), None)
        if rate is None:
            return
        self.year_spin.setValue(rate.year)
        self.category_box.setCurrentIndex(self.category_box.findData(rate.category))
        self._category_chosen()
        self.grant_year_spin.setValue(rate.grant_year)
        self.amount_edit.setText(fmt.number(rate.amount))

    def selected_id(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def save(self) -> bool:
        """Save the form as a rate; show every validation message at once."""
        try:
            changes = grants.set_rate(self.ctx, year=self.year_spin.value(), category=self.category_box.currentData(),
                                      grant_year=self.grant_year_spin.value(), amount=self.amount_edit.text())
        except ValidationError as exc:
            self.errors.setText("\n".join(exc.errors.values()))  # the messages name their field
            return False
        except PermissionDenied as exc:
            self.errors.setText(str(exc))
            return False
        self.errors.clear()
        self.amount_edit.clear()
        self.reload()
        self.bus.publish(changes)
        return True

    def save_person_grant(self) -> bool:
        """Record the amount IMDi granted for the chosen person and year."""
        person_id = self.person_pick.value()
        if person_id is None:
            self.errors.setText(_("Choose the person the grant is for."))
            return False
        try:
            changes = grants.set_person_grant(self.ctx, person_id=person_id, year=self.person_year.value(),
                                              amount=self.person_amount.text(), note=self.person_note.text())
        except ValidationError as exc:
            self.errors.setText("\n".join(exc.errors.values()))
            return False
        except (PermissionDenied, NotFound) as exc:
            self.errors.setText(str(exc))
            return False
        self.errors.clear()
        self.person_amount.clear()
        self.bus.publish(changes)
        return True

    def delete_selected(self) -> bool:
        rate_id = self.selected_id()
        if rate_id is None:
            self.errors.setText(_("Choose the rate to delete in the table."))
            return False
        try:
            changes = grants.delete_rate(self.ctx, rate_id=rate_id)
        except (PermissionDenied, NotFound) as exc:
            self.errors.setText(str(exc))
            return False
        self.errors.clear()
        self.reload()
        self.bus.publish(changes)
        return True
