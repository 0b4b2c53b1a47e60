"""Import from a spreadsheet: a wizard — file → sheet → columns → preview → result.

The dialog only collects choices; every row goes through the services
(``services.importing``): the preview runs the import in a transaction that
is rolled back, so it shows exactly what would be saved and the services'
own reasons for each rejected row. Both the preview and the import run off
the GUI thread with a progress dialog and Avbryt (nothing is saved when
cancelled). The column mapping is remembered in the database for next time.
Keyboard: Enter = Neste, Alt+T = Tilbake, Esc = Avbryt (asks first once
something was chosen).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QMessageBox, QPushButton,
                               QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..context import Context
from ..errors import NotFound, PermissionDenied, ValidationError
from ..i18n import _, ngettext
from ..services import importing
from ..services.access import can
from ..services.importing.templates import FILE_NAMES, template_path
from ..services.importing.values import as_text
from .bus import ChangeBus
from .forms import confirm
from .import_mapping import MappingPage
from .import_worker import ImportRun, OutcomeModel, outcome_view, problems_as_text
from .widgets import error_label, heading, resize_within_screen

PAGES = ("file", "sheet", "mapping", "preview", "result")



def allowed_kinds(ctx: Context) -> list[str]:
    return [k for k in importing.KINDS if can(ctx, importing.KIND_PERMISSIONS[k])]


class ImportDialog(MappingPage, QDialog):
    """The import wizard (see the module docstring)."""

    def __init__(self, ctx: Context, bus: ChangeBus | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.bus = ctx, bus
        self.setWindowTitle(_("Import from a spreadsheet"))
        resize_within_screen(self, 1000, 660)
        self.table: importing.Table | None = None
        self.preview: importing.ImportResult | None = None
        self.import_result: importing.ImportResult | None = None
        self.run: ImportRun | None = None
        outer = QVBoxLayout(self)
        self.title = heading("")
        outer.addWidget(self.title)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.error = error_label()
        self.error.setObjectName("import_error")
        outer.addWidget(self.error)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(_("&Back"))
        self.next_button = QPushButton(_("&Next"))
        self.cancel_button = QPushButton(_("Cancel"))
        self.next_button.setDefault(True)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.cancel_button.clicked.connect(self.ask_cancel)
        buttons.addStretch(1)
        for b in (self.back_button, self.next_button, self.cancel_button):
            buttons.addWidget(b)
        outer.addLayout(buttons)
        for build in (self._file_page, self._sheet_page, self._mapping_page, self._preview_page, self._result_page):
            self.stack.addWidget(build())
        self.go(0)

    # ----- pages -----

    def _file_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        intro = QLabel(_("Bring in the lists the office keeps in Excel (.xlsx) or as CSV. Every row is checked as if "
                         "it were typed in, and you see the result before anything is saved. Importing the same file "
                         "again adds nothing."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("What to import"))
        for kind in allowed_kinds(self.ctx):
            self.kind.addItem(importing.KIND_LABELS[kind], kind)
        form.addRow(_("What to import"), self.kind)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setAccessibleName(_("File"))
        self.path.setPlaceholderText(_("Choose an .xlsx or .csv file"))
        browse = QPushButton(_("Choose &file …"))
        browse.clicked.connect(self.choose_file)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow(_("File"), row)
        lay.addLayout(form)
        tpl = QHBoxLayout()
        hint = QLabel(_("No list yet? Start from the example workbook, fill it in and import it."))
        hint.setWordWrap(True)
        save_template = QPushButton(_("Save example &workbook …"))
        save_template.clicked.connect(self.save_template)
        tpl.addWidget(hint, 1)
        tpl.addWidget(save_template)
        lay.addLayout(tpl)
        lay.addStretch(1)
        return page

    def _sheet_page(self) -> QWidget:
        page = QWidget()
        lay = QHBoxLayout(page)
        left = QVBoxLayout()
        left.addWidget(QLabel(_("Sheet")))
        self.sheets = QListWidget()
        self.sheets.setAccessibleName(_("Sheet"))
        self.sheets.setMaximumWidth(240)
        self.sheets.currentRowChanged.connect(lambda _r: self.load_sheet())
        left.addWidget(self.sheets, 1)
        lay.addLayout(left)
        right = QVBoxLayout()
        self.sheet_info = QLabel()
        self.sheet_info.setWordWrap(True)
        right.addWidget(self.sheet_info)
        self.sample = QTableWidget()
        self.sample.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        right.addWidget(self.sample, 1)
        lay.addLayout(right, 1)
        return page

    def _preview_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        self.preview_summary = QLabel()
        self.preview_summary.setObjectName("preview_summary")
        self.preview_summary.setWordWrap(True)
        self.preview_summary.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.preview_summary)
        self.only_problems = QCheckBox(_("Show only rejected rows"))
        tools = QHBoxLayout()
        tools.addWidget(self.only_problems)
        tools.addStretch(1)
        copy = QPushButton(_("&Copy the rejected rows"))
        copy.setToolTip(_("Row, status, name and reason, ready to paste into Excel"))
        copy.clicked.connect(lambda: self.copy_problems(self.preview))
        tools.addWidget(copy)
        lay.addLayout(tools)
        self.preview_model = OutcomeModel(self)
        self.only_problems.toggled.connect(self.preview_model.set_only_problems)
        self.preview_view = outcome_view(self.preview_model)
        lay.addWidget(self.preview_view, 1)
        return page

    def _result_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        self.result_summary = QLabel()
        self.result_summary.setObjectName("result_summary")
        self.result_summary.setWordWrap(True)
        self.result_summary.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.result_summary)
        copy = QPushButton(_("&Copy the rejected rows"))
        copy.clicked.connect(lambda: self.copy_problems(self.import_result))
        lay.addWidget(copy, 0, Qt.AlignmentFlag.AlignRight)
        self.result_model = OutcomeModel(self)
        lay.addWidget(outcome_view(self.result_model), 1)
        return page

    def copy_problems(self, result: importing.ImportResult | None) -> str:
        """Put the rejected rows on the clipboard (to fix them in the sheet); returns the text."""
        from PySide6.QtGui import QGuiApplication
        text = problems_as_text(result.outcomes if result else [])
        QGuiApplication.clipboard().setText(text)
        return text

    # ----- navigation -----

    def page(self) -> str:
        return PAGES[self.stack.currentIndex()]

    def go(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        titles = [_("1. Choose the file"), _("2. Choose the sheet"), _("3. Match the columns"),
                  _("4. Check before saving"), _("5. Result")]
        self.title.setText(titles[index])
        self.error.hide()
        name = PAGES[index]
        self.back_button.setEnabled(0 < index < 4)
        self.next_button.setText({"preview": _("&Import"), "result": _("&Close")}.get(name, _("&Next")))
        self.next_button.setEnabled(name != "preview" or bool(self.preview and self._saveable(self.preview)))
        self.cancel_button.setVisible(name != "result")

    def back(self) -> None:
        if 0 < self.stack.currentIndex() < 4:
            self.go(self.stack.currentIndex() - 1)

    def next(self) -> None:
        step = {"file": self.open_file, "sheet": self.to_mapping, "mapping": self.start_preview,
                "preview": self.start_import, "result": self.accept}[self.page()]
        step()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _may_close(self) -> bool:
        """Ask before throwing away the choices made (nothing is saved before Import)."""
        return self.page() not in ("mapping", "preview") or confirm(
            self, _("Cancel the import"), _("Stop the import? Nothing has been saved."), yes=_("Stop importing"))

    def ask_cancel(self) -> None:
        """Avbryt and Esc: confirm, then close."""
        if self._may_close():
            self.reject()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.ask_cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.run is not None and self.run.running:
            event.ignore()  # the progress dialog's Avbryt stops the work first
            return
        if event.spontaneous() and not self._may_close():  # the window's X button
            event.ignore()
            return
        super().closeEvent(event)

    def reject(self) -> None:
        if self.run is not None and self.run.running:
            return
        super().reject()

    # ----- file and sheet -----

    def kind_code(self) -> str:
        return self.kind.currentData()

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Choose the file to import"), self.path.text(),
                                                    _("Spreadsheets (*.xlsx *.csv)"))
        if name:
            self.path.setText(name)

    def save_template(self) -> None:
        kind = self.kind_code()
        target, _filter = QFileDialog.getSaveFileName(self, _("Save the example workbook"),
                                                      str(Path.home() / FILE_NAMES[kind]), _("Excel workbook (*.xlsx)"))
        if target:
            try:
                shutil.copyfile(template_path(kind), target)
            except OSError as exc:
                QMessageBox.warning(self, _("Could not save"), str(exc))
                return
            QMessageBox.information(self, _("Example workbook"), _("Saved {path}.").format(path=target))

    def open_file(self) -> None:
        if not self.kind_code():
            self.show_error(_("You do not have access to import anything."))
            return
        path = Path(self.path.text().strip())
        if not self.path.text().strip():
            self.show_error(_("Choose the file to import."))
            self.path.setFocus()
            return
        try:
            names = importing.sheet_names(path)
        except ValidationError as exc:
            self.show_error(" ".join(exc.errors.values()))
            return
        except OSError as exc:
            self.show_error(_("Could not open the file: {error}").format(error=exc))
            return
        self.sheets.blockSignals(True)
        self.sheets.clear()
        self.sheets.addItems(names)
        self.sheets.blockSignals(False)
        self.go(1)
        self.sheets.setCurrentRow(0)
        self.sheets.setFocus()

    def load_sheet(self) -> bool:
        item = self.sheets.currentItem()
        if item is None:
            return False
        path = Path(self.path.text().strip())
        sheet = None if importing.readers.is_csv(path) else item.text()
        try:
            self.table = importing.read_table(path, sheet, score=importing.header_score(self.kind_code()))
        except ValidationError as exc:
            self.table = None
            self.sheet_info.setText(" ".join(exc.errors.values()))
            self.sample.clear()
            return False
        t = self.table
        self.sheet_info.setText(ngettext("Column names in row {row}; {n} row of data below.",
                                         "Column names in row {row}; {n} rows of data below.", len(t.rows)).format(
            row=t.header_row, n=len(t.rows)))
        shown = t.rows[:12]
        self.sample.setColumnCount(len(t.headers))
        self.sample.setRowCount(len(shown))
        self.sample.setHorizontalHeaderLabels(t.headers)
        self.sample.setVerticalHeaderLabels([str(n) for n, _c in shown])
        for r, (_n, cells) in enumerate(shown):
            for c, cell in enumerate(cells):
                self.sample.setItem(r, c, QTableWidgetItem(as_text(cell)))
        return True

    # ----- preview and import -----

    def start_preview(self) -> None:
        self.mapping_error.hide()
        self.done_before_error.hide()
        self._start(dry_run=True, label=_("Checking the rows"))

    def _start(self, *, dry_run: bool, label: str) -> None:
        self.run = ImportRun(self, self.ctx, label=label, table=self.table, mapping=self.mapping(),
                             options=self.options(), dry_run=dry_run)
        self.run.finished.connect(lambda result, error: self._finished(dry_run, result, error))
        self.next_button.setEnabled(False)
        self.run.start()

    def _finished(self, dry_run: bool, result: Any, error: Exception | None) -> None:
        self.next_button.setEnabled(True)
        if error is not None:
            self._failed(error)
            return
        if result.cancelled:
            self.show_error(_("Cancelled. Nothing was saved."))
            return
        if dry_run:
            self.show_preview(result)
        else:
            self.show_result(result)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, ValidationError):
            for key, message in error.errors.items():
                target = {"mapping": self.mapping_error, "done_before": self.done_before_error}.get(key)
                if target is not None and self.page() == "mapping":
                    target.setText(message)
                    target.show()
                else:
                    self.show_error(message)
            return
        if isinstance(error, (PermissionDenied, NotFound)):
            self.show_error(str(error))
            return
        raise error  # a bug or a database failure: the global error dialog shows it; nothing was saved

    def _saveable(self, result: importing.ImportResult) -> bool:
        c = result.counts
        if self.options().mode == "all" and c["rejected"]:
            return False
        return bool(c["new"] or c["added"])

    def summary(self, result: importing.ImportResult, *, preview: bool) -> str:
        c = result.counts
        total = len(result.outcomes)
        parts = [ngettext("{n} row", "{n} rows", total).format(n=total),
                 _("{n} new").format(n=c["new"] + c["added"]),
                 _("{n} already registered").format(n=c["duplicate"])]
        rejected = _("{n} rejected").format(n=c["rejected"])
        parts.append(f"<span style='color:#9b1c1c; font-weight:600'>{rejected}</span>" if c["rejected"] else rejected)
        text = " · ".join(parts)
        if preview:
            if c["rejected"] and self.options().mode == "all":
                text += "<br>" + _("Nothing can be saved while rows are rejected (all or nothing). Correct the sheet "
                                   "and check again, or go back and choose «each household on its own».")
            elif c["new"] or c["added"]:
                text += "<br>" + _("Nothing is saved yet. Check the rows, then choose Import.")
            else:
                text += "<br>" + _("There is nothing new to import.")
        return text

    def show_preview(self, result: importing.ImportResult) -> None:
        self.preview = result
        self.preview_model.set_outcomes(result.outcomes)
        self.only_problems.setChecked(False)
        self.preview_summary.setText(self.summary(result, preview=True))
        self.go(3)
        self.preview_view.setFocus()

    def start_import(self) -> None:
        c = self.preview.counts if self.preview else {"new": 0, "added": 0}
        n = c["new"] + c["added"]
        question = ngettext("Save {n} new row now?", "Save {n} new rows now?", n).format(n=n)
        if not confirm(self, _("Import"), question, yes=_("Import")):
            return
        self._start(dry_run=False, label=_("Importing"))

    def show_result(self, result: importing.ImportResult) -> None:
        self.import_result = result
        self.result_model.set_outcomes(result.outcomes)
        head = _("The import is saved.") if result.saved else _("Nothing was saved.")
        self.result_summary.setText(f"<b>{head}</b><br>" + self.summary(result, preview=False))
        if result.saved and self.bus is not None:
            self.bus.publish(result.changes)
        self.go(4)


def add_import_action(window, menu) -> QAction | None:
    """The File menu's "Importer fra regneark …" (Ctrl+I) for users who may import something."""
    if not allowed_kinds(window.ctx):
        return None
    action = QAction(_("&Import from a spreadsheet …"), menu)
    action.setShortcut(QKeySequence("Ctrl+I"))
    action.triggered.connect(lambda: ImportDialog(window.ctx, window.bus, window).exec())
    menu.addAction(action)
    return action


__all__ = ["ImportDialog", "add_import_action", "allowed_kinds"]
