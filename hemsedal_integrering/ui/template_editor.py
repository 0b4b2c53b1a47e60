"""Maler (administrator): edit the follow-up template and the inspection checklist.

Saving a follow-up template item bumps its version and changes nothing that
was generated. Open items follow only when the administrator opens
"Vis virkning…", reads the preview (``services.followup.preview_template_changes``)
and confirms (``apply_template_changes``): done and past items never change.
Checklist edits apply to inspections planned from now on; planned and
recorded inspections keep their own copy of the points.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QSpinBox, QSplitter, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from .. import vocab
from ..i18n import _, ngettext
from ..queries import records
from ..rules import checklist as crules
from ..rules import followup as frules
from ..services import followup, followup_defaults, inspections
from ..services.access import can
from ..services.base import Changes
from .area import Area
from .task_dialogs import error_label, fmt_date, run
from .widgets import heading


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().hide()
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    return t


class PreviewDialog(QDialog):
    """Lists what confirming the template changes would do; 'Bruk endringene' applies them."""

    KINDS = {"add": _("New task"), "update": _("To be changed"), "remove": _("To be removed")}

    def __init__(self, parent: QWidget | None, ctx, bus) -> None:
        super().__init__(parent)
        self.ctx, self.bus = ctx, bus
        self.setWindowTitle(_("Effect of the changed template"))
        self.pending = followup.preview_template_changes(ctx)
        lay = QVBoxLayout(self)
        intro = QLabel(ngettext(
            "{n} open task with a deadline from today follows the new template if you confirm. "
            "Done and earlier tasks do not change.",
            "{n} open tasks with a deadline from today follow the new template if you confirm. "
            "Done and earlier tasks do not change.", len(self.pending)).format(n=len(self.pending)))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.table = _table([_("Change"), _("Household"), _("Person"), _("Task"), _("Deadline before"),
                             _("New deadline")])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for row, c in enumerate(self.pending[:2000]):
            self.table.insertRow(row)
            for col, value in enumerate((self.KINDS[c.kind], c.household_name, c.person_name, c.title,
                                         fmt_date(c.old_due), fmt_date(c.new_due))):
                self.table.setItem(row, col, QTableWidgetItem(value))
        lay.addWidget(self.table, 1)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Ok).setText(_("Apply the changes"))
        box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.pending))
        box.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close"))
        box.accepted.connect(self.apply)
        box.rejected.connect(self.reject)
        lay.addWidget(box)
        self.resize(900, 500)

    def apply(self) -> None:
        if run(self, self.bus, lambda: followup.apply_template_changes(self.ctx)) is not None:
            self.accept()


class TemplateEditor(Area):
    """The administrator's template editor (side-bar: Maler)."""

    title = _("Templates")
    key = "templates"
    permission = "admin.templates"

    def __init__(self, ctx, bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        from ..services.access import read_only_reason
        self.writable = can(ctx, "admin.templates") and not read_only_reason(ctx)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.addWidget(heading(_("Templates for follow-up and housing inspections")))
        if not self.writable and not read_only_reason(ctx):
            lay.addWidget(QLabel(_("Only an administrator can change the templates. You can view them.")))
        self.tabs = QTabWidget()
        self.tabs.addTab(self._followup_tab(), _("Follow-up plan years 1–5"))
        self.tabs.addTab(self._checklist_tab(), _("Inspection checklist"))
        lay.addWidget(self.tabs, 1)
        if self.writable:
            # unedited items take the program's corrected defaults; open tasks follow only via the preview
            run(self, bus, lambda: followup_defaults.sync_default_templates(ctx))
        elif not records.exists(ctx, "follow_up_template_item"):
            followup.ensure_templates(ctx)
        inspections.ensure_checklist(ctx) if not records.exists(ctx, "checklist_template_item") else None
        self.refresh()
        self.f_table.selectRow(0)
        self.c_table.selectRow(0)

    # ----- follow-up template -----
    def _followup_tab(self) -> QWidget:
        tab = QWidget()
        lay = QVBoxLayout(tab)
        self.pending_label = QLabel()
        self.pending_label.setWordWrap(True)
        preview = QPushButton(_("Show the effect and apply to open tasks…"))
        preview.clicked.connect(self.preview)
        preview.setEnabled(self.writable)
        top = QHBoxLayout()
        top.addWidget(self.pending_label, 1)
        top.addWidget(preview)
        lay.addLayout(top)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.f_table = _table([_("Task"), _("Applies to"), _("Responsible"), _("When"), _("Active")])
        self.f_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 135), (2, 155), (3, 215), (4, 45)):  # «Boligkontor / eiendom» whole
            self.f_table.setColumnWidth(col, width)
        self.f_table.itemSelectionChanged.connect(self._load_followup)
        split.addWidget(self.f_table)
        box = QGroupBox(_("Selected item"))
        form = QFormLayout(box)
        self.f_title = QLineEdit()
        self.f_applies = QComboBox()
        for code, label in frules.APPLIES_TO.items():
            self.f_applies.addItem(label, code)
        self.f_resp = QComboBox()
        for code, label in frules.RESPONSIBLE.items():
            self.f_resp.addItem(label, code)
        self.f_months = QSpinBox()
        self.f_months.setRange(-12, 60)
        self.f_days = QSpinBox()
        self.f_days.setRange(-365, 366)
        self.f_repeat = QCheckBox(_("Repeats every year in years 1–5"))
        self.f_times = QSpinBox()
        self.f_times.setRange(1, 12)
        self.f_bases = {code: QCheckBox(label) for code, label in vocab.LEGAL_BASES.items()}
        bases = QWidget()
        bl = QVBoxLayout(bases)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(QLabel(_("None ticked = applies to all")))
        for cb in self.f_bases.values():
            bl.addWidget(cb)
        self.f_active = QCheckBox(_("Active"))
        for label, w in ((_("Title"), self.f_title), (_("Applies to"), self.f_applies), (_("Responsible"), self.f_resp),
                         (_("Months after settlement"), self.f_months), (_("Additional days"), self.f_days),
                         ("", self.f_repeat), (_("Times per year"), self.f_times),
                         (_("Legal basis for residence"), bases), ("", self.f_active)):
            form.addRow(label, w)
        self.f_error = error_label()
        form.addRow("", self.f_error)
        self.f_save = QPushButton(_("Save the item"))
        self.f_save.clicked.connect(self.save_followup)
        self.f_save.setEnabled(self.writable)
        form.addRow("", self.f_save)
        split.addWidget(box)
        split.setSizes([860, 380])
        lay.addWidget(split, 1)
        return tab

    def _followup_rows(self) -> list[records.Record]:
        return records.fetch_where(self.ctx, "follow_up_template_item", order_by=("sort_order", "id"))

    def _load_followup(self) -> None:
        row = self.f_table.currentRow()
        if not (0 <= row < len(self.f_rows)):
            return
        t = self.f_rows[row]
        self.f_title.setText(t.title)
        self.f_title.setCursorPosition(0)
        self.f_applies.setCurrentIndex(self.f_applies.findData(t.applies_to))
        self.f_resp.setCurrentIndex(self.f_resp.findData(t.responsible))
        self.f_months.setValue(t.offset_months)
        self.f_days.setValue(t.offset_days)
        self.f_repeat.setChecked(t.repeat_yearly)
        self.f_times.setValue(t.times_per_year)
        chosen = {b for b in t.legal_bases.split(",") if b}
        for code, cb in self.f_bases.items():
            cb.setChecked(code in chosen)
        self.f_active.setChecked(t.active)
        self.f_error.hide()

    def save_followup(self) -> Changes | None:
        row = self.f_table.currentRow()
        if not (0 <= row < len(self.f_rows)):
            return None
        key = self.f_rows[row].key
        values = dict(title=self.f_title.text(), applies_to=self.f_applies.currentData(),
                      responsible=self.f_resp.currentData(), offset_months=self.f_months.value(),
                      offset_days=self.f_days.value(), repeat_yearly=self.f_repeat.isChecked(),
                      times_per_year=self.f_times.value(), active=self.f_active.isChecked(),
                      legal_bases=",".join(c for c, cb in self.f_bases.items() if cb.isChecked()))
        changes = run(self, self.bus, lambda: followup.update_template_item(self.ctx, key=key, **values))
        if changes is not None:
            self.refresh()
            self.f_table.selectRow(row)
        return changes

    def preview(self) -> PreviewDialog:
        dialog = PreviewDialog(self, self.ctx, self.bus)
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()
        return dialog

    # ----- checklist -----
    def _checklist_tab(self) -> QWidget:
        tab = QWidget()
        lay = QVBoxLayout(tab)
        note = QLabel(_("Changes apply to inspections planned from now on. Planned and completed inspections "
                        "keep their own list."))
        note.setWordWrap(True)
        lay.addWidget(note)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.c_table = _table([_("Category"), _("Checkpoint"), _("Years"), _("Season"), _("Active")])
        self.c_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 170), (2, 80), (3, 80), (4, 50)):
            self.c_table.setColumnWidth(col, width)
        self.c_table.itemSelectionChanged.connect(self._load_point)
        split.addWidget(self.c_table)
        box = QGroupBox(_("Selected item"))
        form = QFormLayout(box)
        self.c_category = QLineEdit()
        self.c_text = QLineEdit()
        years = QWidget()
        yl = QHBoxLayout(years)
        yl.setContentsMargins(0, 0, 0, 0)
        self.c_years = {y: QCheckBox(_("Year {year}").format(year=y)) for y in range(1, 6)}
        for cb in self.c_years.values():
            yl.addWidget(cb)
        self.c_season = QComboBox()
        for code, label in crules.SEASONS.items():
            self.c_season.addItem(label, code)
        self.c_active = QCheckBox(_("Active"))
        for label, w in ((_("Category"), self.c_category), (_("Checkpoint"), self.c_text),
                         (_("Applies to years"), years), (_("Season"), self.c_season), ("", self.c_active)):
            form.addRow(label, w)
        self.c_save = QPushButton(_("Save the item"))
        self.c_save.clicked.connect(self.save_point)
        self.c_save.setEnabled(self.writable)
        form.addRow("", self.c_save)
        split.addWidget(box)
        split.setSizes([700, 420])
        lay.addWidget(split, 1)
        return tab

    def _load_point(self) -> None:
        row = self.c_table.currentRow()
        if not (0 <= row < len(self.c_rows)):
            return
        p = self.c_rows[row]
        self.c_category.setText(p.category)
        self.c_text.setText(p.text)
        years = crules.parse_years(p.years)
        for y, cb in self.c_years.items():
            cb.setChecked(y in years)
        self.c_season.setCurrentIndex(self.c_season.findData(p.season))
        self.c_active.setChecked(p.active)

    def save_point(self) -> Changes | None:
        row = self.c_table.currentRow()
        if not (0 <= row < len(self.c_rows)):
            return None
        key = self.c_rows[row].key
        values = dict(category=self.c_category.text(), text=self.c_text.text(), season=self.c_season.currentData(),
                      years=[y for y, cb in self.c_years.items() if cb.isChecked()], active=self.c_active.isChecked())
        changes = run(self, self.bus, lambda: inspections.update_checklist_point(self.ctx, key=key, **values))
        if changes is not None:
            self.refresh()
            self.c_table.selectRow(row)
        return changes

    # ----- refresh -----
    def refresh(self) -> None:
        self.f_rows = self._followup_rows()
        self.f_table.setRowCount(len(self.f_rows))
        for i, t in enumerate(self.f_rows):
            when = frules.describe_timing(t.offset_months, t.offset_days, t.repeat_yearly, t.times_per_year)
            for col, value in enumerate((t.title, frules.APPLIES_TO.get(t.applies_to, t.applies_to),
                                         frules.RESPONSIBLE.get(t.responsible, t.responsible), when,
                                         _("Yes") if t.active else _("No"))):
                item = QTableWidgetItem(value)
                item.setToolTip(value)  # long titles are cut off in the column
                self.f_table.setItem(i, col, item)
        edited = sum(1 for t in self.f_rows if t.version > 1)
        self.pending_label.setText(
            _("{items} Changes are saved in the template at once; open tasks follow only once you have seen the effect "
              "and confirmed. ({edited})").format(
                items=ngettext("{n} item.", "{n} items.", len(self.f_rows)).format(n=len(self.f_rows)),
                edited=ngettext("{n} item is changed from the standard template.",
                                "{n} items are changed from the standard template.", edited).format(n=edited)))
        self.c_rows = records.fetch_where(self.ctx, "checklist_template_item", order_by=("sort_order", "id"))
        self.c_table.setRowCount(len(self.c_rows))
        for i, p in enumerate(self.c_rows):
            for col, value in enumerate((p.category, p.text, p.years.replace(",", ", "),
                                         crules.SEASONS.get(p.season, p.season), _("Yes") if p.active else _("No"))):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.c_table.setItem(i, col, item)

    def on_changes(self, changes: Changes) -> None:
        if changes.ids("follow_up_template_item") or changes.ids("checklist_template_item"):
            self.refresh()
