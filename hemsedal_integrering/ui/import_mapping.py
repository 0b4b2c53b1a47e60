"""The import wizard's third page: which field each column holds, and the run's options.

A mixin of ``ImportDialog`` (it reads ``self.table``, ``self.kind_code()`` and
the dialog's navigation); split out so each module stays readable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QCheckBox, QComboBox, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QRadioButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from .. import vocab
from ..i18n import _
from ..services import importing
from ..services.importing.values import as_text
from . import fmt
from .widgets import error_label

if TYPE_CHECKING:
    from ..context import Context
    _DialogBase = QWidget
else:
    _DialogBase = object

DEFAULT_CHOICES = {"municipality": vocab.MUNICIPALITIES, "legal_basis": vocab.LEGAL_BASES,
                   "ownership": vocab.OWNERSHIP, "guarantee": vocab.GUARANTEES, "type": vocab.PLACEMENT_TYPES,
                   "sector": vocab.SECTORS}


class MappingPage(_DialogBase):
    """Builds and reads the mapping page (see the module docstring)."""

    if TYPE_CHECKING:  # what ImportDialog, the dialog this is a part of, provides
        ctx: Context
        table: importing.Table | None

        def load_sheet(self) -> bool: ...
        def show_error(self, message: str) -> None: ...
        def kind_code(self) -> str: ...
        def go(self, index: int) -> None: ...

    def _mapping_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        info = QLabel(_("Which field does each column hold? The program has guessed from the column names (and from "
                        "your choices last time). Columns set to «Not imported» are skipped."))
        info.setWordWrap(True)
        lay.addWidget(info)
        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setHorizontalHeaderLabels([_("Column in the sheet"), _("Examples"), _("Field")])
        self.mapping_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.mapping_table.setColumnWidth(0, 220)
        self.mapping_table.setColumnWidth(2, 260)
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        lay.addWidget(self.mapping_table, 1)
        self.mapping_error = error_label()
        self.mapping_error.setObjectName("mapping_error")
        lay.addWidget(self.mapping_error)
        options = QFormLayout()
        mode_box = QVBoxLayout()
        self.mode_all = QRadioButton(_("All or nothing: if a row is rejected, nothing is saved"))
        self.mode_each = QRadioButton(_("Each household on its own (other lists: each row): the valid ones are saved"))
        self.mode_all.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.mode_all)
        group.addButton(self.mode_each)
        mode_box.addWidget(self.mode_all)
        mode_box.addWidget(self.mode_each)
        options.addRow(_("Saving"), mode_box)
        back = QHBoxLayout()
        self.back_register = QCheckBox(_("Mark tasks due before this date as done («registered after the fact»)"))
        self.back_register.setChecked(True)
        self.done_before = QLineEdit(fmt.date(self.ctx.today()))
        self.done_before.setAccessibleName(_("Done before"))
        self.done_before.setMaximumWidth(120)
        self.back_register.toggled.connect(self.done_before.setEnabled)
        back.addWidget(self.back_register)
        back.addWidget(self.done_before)
        back.addStretch(1)
        self.back_row = QWidget()
        self.back_row.setLayout(back)
        options.addRow(_("Earlier tasks"), self.back_row)
        self.done_before_error = error_label()
        self.done_before_error.setObjectName("error_done_before")
        options.addRow("", self.done_before_error)
        self.default_boxes: dict[str, QComboBox] = {}
        self.defaults_row = QWidget()
        self.defaults_layout = QHBoxLayout(self.defaults_row)
        self.defaults_layout.setContentsMargins(0, 0, 0, 0)
        options.addRow(_("When a row leaves it blank"), self.defaults_row)
        lay.addLayout(options)
        return page

    # ----- mapping -----

    def to_mapping(self) -> None:
        if self.table is None:
            self.load_sheet()
        table = self.table
        if table is None:
            self.show_error(_("The sheet cannot be read. Choose another sheet."))
            return
        if not table.rows:
            self.show_error(_("The sheet has no rows under the column names."))
            return
        kind = self.kind_code()
        guessed = importing.guess_mapping(kind, table.headers)
        specs = importing.KINDS[kind]
        t = self.mapping_table
        t.setRowCount(len(table.headers))
        self.field_boxes: list[QComboBox] = []
        for i, header in enumerate(table.headers):
            t.setItem(i, 0, QTableWidgetItem(header))
            examples = [as_text(c) for c in table.column(i) if as_text(c)][:3]
            t.setItem(i, 1, QTableWidgetItem(" · ".join(examples)))
            box = QComboBox()
            box.setAccessibleName(_("Field for the column {column}").format(column=header))
            box.addItem(_("Not imported"), "")
            for spec in specs:
                box.addItem(spec.label, spec.name)
            box.setCurrentIndex(max(0, box.findData(guessed.get(i, ""))))
            t.setCellWidget(i, 2, box)
            self.field_boxes.append(box)
        self.back_row.setVisible(kind == "households")
        while self.defaults_layout.count():
            item = self.defaults_layout.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        self.default_boxes = {}
        for name in importing.DEFAULTABLE[kind]:
            box = QComboBox()
            label = importing.field_specs(kind)[name].label
            box.setAccessibleName(label)
            box.addItem(_("{field}: none").format(field=label), None)
            for code, text in DEFAULT_CHOICES[name].items():
                box.addItem(f"{label}: {text}", code)
            self.defaults_layout.addWidget(box)
            self.default_boxes[name] = box
        self.defaults_layout.addStretch(1)
        self.mapping_error.hide()
        self.done_before_error.hide()
        self.go(2)
        if self.field_boxes:
            self.field_boxes[0].setFocus()

    def mapping(self) -> dict[int, str]:
        return {i: box.currentData() for i, box in enumerate(self.field_boxes) if box.currentData()}

    def options(self) -> importing.ImportOptions:
        kind = self.kind_code()
        done = self.done_before.text() if (kind == "households" and self.back_register.isChecked()) else None
        return importing.ImportOptions(kind=kind, mode="all" if self.mode_all.isChecked() else "each",
                                       done_before=done or None,
                                       defaults={k: b.currentData() for k, b in self.default_boxes.items()})

