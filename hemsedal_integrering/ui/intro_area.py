"""Introduksjonsprogram: participants with their plan, absence and periods; the monthly lists.

The "Deltakere" tab lists every programme (newest first, read in a worker: ~94,000
programmes at 300,000 persons) with a form to start one for a person; choosing a
programme shows its integration plan, absence and periods (``intro_widgets``). The
"Måned" tab shows the month's unexcused absence and the introduction benefit basis
(computed in a worker: ~1 s at 300,000 persons), exported to Excel for payroll or
printed through the print preview.
"""

from __future__ import annotations

from pathlib import Path

from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QScrollArea, QSpinBox, QSplitter,
                               QTableView, QTabWidget, QVBoxLayout, QWidget)
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from .. import vocab
from ..errors import PermissionDenied, ValidationError
from ..i18n import _, number
from ..queries import intro as q
from ..queries import pickers
from ..queries.intro import ProgrammeFacts, ProgrammeRow
from ..rules import intro_codes as codes
from ..rules import introduction as irules
from ..services import intro_absence, introduction
from ..services.access import can
from ..services.base import Changes
from .area import Area
from .background import BackgroundJob, reraise
from .busy import BusyIndicator
from .fmt import date as fmt_date
from .intro_mapping import MappingPanel
from .intro_widgets import (PARENTS_CHOICES, AbsencePanel, FactsPanel, PeriodsPanel, PlanEditor, _combo, _date_field,
                            _Panel, parents_value)
from .picker import RecordPicker
from .row_model import RowTableModel
from .widgets import error_label, heading

if TYPE_CHECKING:
    from ..reports.common import ReportResult

ENTITIES = frozenset({"intro_programme", "integration_plan", "plan_measure", "plan_revision", "programme_period",
                      "absence", "base_amount", "person"})



class ProgrammeTableModel(RowTableModel):
    """The participants list over ``queries.intro.programme_rows`` (plain tuples)."""

    columns = [_("Participant"), _("Municipality"), _("Start"), _("Planned end"), _("Status")]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        _pid, name, municipality, start, planned_end, result = self.rows[index.row()]
        column = index.column()
        if column == 4:
            return _(codes.RESULTS[result]) if result in codes.RESULTS else _("Ongoing")
        return (name, municipality, fmt_date(start), fmt_date(planned_end))[column]


def _scrolled(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area: scrolled, not squeezed. The plan table and the start and tab forms
    would otherwise widen and heighten the window past a 1366×768 laptop screen (the plan's right edge and
    the letter row fell off it)."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(widget)
    return scroll

class StartPanel(_Panel):
    """Start a programme for a person: decision date, start, planned end (the services check the rules)."""

    def __init__(self, ctx, bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        form = QFormLayout(self)
        self.person = RecordPicker(ctx.db, pickers.PLACEMENT_PERSONS, self)
        self.decision = _date_field()
        self.start = _date_field()
        self.end = _date_field()
        self.sole_carer = QCheckBox(_("Alone with the care of children"))
        self.parents = _combo(PARENTS_CHOICES)
        self.discretionary = QCheckBox(_("Offered without a right (discretionary, integreringsloven § 8)"))
        self.button = QPushButton(_("Start the programme"))
        self.button.clicked.connect(self.submit)
        form.addRow(_("Participant"), self.person)
        form.addRow(_("Date of decision"), self.decision)
        form.addRow(_("Start date"), self.start)
        form.addRow(_("Planned end"), self.end)
        form.addRow("", self.sole_carer)
        form.addRow(_("Under 25: lives with one or both parents"), self.parents)
        form.addRow("", self.discretionary)
        form.addRow("", self.button)
        form.addRow("", self.error)

    def submit(self) -> Changes | None:
        pid = self.person.value()
        if pid is None:
            self.error.setText(_("Choose the participant from the list that appears as you type."))
            self.error.show()
            return None
        return self.call(lambda: introduction.start_programme(
            self.ctx, person_id=pid, start_date=self.start.text(), planned_end_date=self.end.text(),
            decision_date=self.decision.text() or None, sole_carer=self.sole_carer.isChecked(),
            discretionary=self.discretionary.isChecked(), lives_with_parents=parents_value(self.parents.currentData())))


class MonthPanel(QWidget):
    """The month's unexcused absence and benefit basis, with Excel export and printing."""

    def __init__(self, ctx, bus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.bus = ctx, bus
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        today = ctx.today()
        self.year = QSpinBox()
        self.year.setRange(2015, 2100)
        self.year.setValue(today.year)
        self.month = QSpinBox()
        self.month.setRange(1, 12)
        self.month.setValue(today.month)
        self.municipality = QComboBox()
        self.municipality.addItem(_("Hemsedal and Gol"), None)
        for code, name in vocab.MUNICIPALITIES.items():
            self.municipality.addItem(name, code)
        self.which = QComboBox()
        self.which.addItem(_("Unexcused absence"), "absence")
        self.which.addItem(_("Introduction benefit basis"), "benefit")
        show = QPushButton(_("Show"))
        show.clicked.connect(self.show_month)
        self.excel_button = QPushButton(_("Export to &Excel …"))
        self.excel_button.clicked.connect(self.ask_export)
        self.print_button = QPushButton(_("Print …"))
        self.print_button.clicked.connect(self.print_current)
        for label, w in ((_("Year"), self.year), (_("Month"), self.month), (_("Municipality"), self.municipality),
                         (_("List"), self.which)):
            top.addWidget(QLabel(label))
            top.addWidget(w)
        top.addWidget(show)
        top.addStretch(1)
        top.addWidget(self.excel_button)
        top.addWidget(self.print_button)
        lay.addLayout(top)
        self.headline = QLabel()
        self.headline.setWordWrap(True)  # a long headline must not widen the window
        self.busy = BusyIndicator(_("Computing …"))
        self.note = QLabel()
        self.note.setStyleSheet("color: #8a5300;")
        self.note.setWordWrap(True)
        self.view = QTableView()
        self.view.verticalHeader().hide()
        head = QHBoxLayout()
        head.addWidget(self.headline, 1)
        head.addWidget(self.busy)
        lay.addLayout(head)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.note)
        g_row = QHBoxLayout()
        self.g_from = _date_field()
        self.g_amount = QLineEdit()
        self.g_amount.setMaximumWidth(140)
        self.g_button = QPushButton(_("Save G"))
        self.g_button.clicked.connect(self.save_g)
        self.g_button.setEnabled(can(ctx, "admin.rates"))
        self.g_table = QLabel()
        self.g_table.setWordWrap(True)
        g_row.addWidget(QLabel(_("G (grunnbeløp) from")))
        g_row.addWidget(self.g_from)
        g_row.addWidget(QLabel(_("Amount")))
        g_row.addWidget(self.g_amount)
        g_row.addWidget(self.g_button)
        g_row.addWidget(self.g_table, 1)
        lay.addLayout(g_row)
        self.g_error = error_label()
        lay.addWidget(self.g_error)
        self.result: ReportResult | None = None
        self._after_shown: Callable[[], Any] | None = None  # export/print asked for before a list was shown
        self.job = BackgroundJob(ctx.db, self)
        self.job.done.connect(self._month_read)
        self.busy.watch(self.job)
        self._show_g()

    def _show_g(self) -> None:
        rows = intro_absence.base_amount_table()
        self.g_table.setText(_("G table: {rows}").format(rows=", ".join(
            f"{fmt_date(d)}: {number(float(a))}" for d, a in rows[-3:]) or _("empty")))

    def save_g(self) -> Changes | None:
        """The administrator adds G from a date (every 1 May); amounts come from Nav, never from the program."""
        try:
            changes = intro_absence.set_base_amount(self.ctx, valid_from=self.g_from.text(),
                                                    amount=self.g_amount.text())
        except (ValidationError, PermissionDenied) as exc:
            self.g_error.setText("\n".join(exc.errors.values()) if isinstance(exc, ValidationError) else str(exc))
            self.g_error.show()
            return None
        self.g_error.hide()
        self.bus.publish(changes)
        self._show_g()
        return changes

    def _compute(self):
        """The chosen list's computation, to run now or in the worker (the choices read here, on the GUI thread)."""
        from ..reports import intro_monthly  # the reports (and charts) load when the tab is first used
        fn = intro_monthly.absence_summary if self.which.currentData() == "absence" else intro_monthly.benefit_list
        ctx, year, month, municipality = self.ctx, self.year.value(), self.month.value(), \
            self.municipality.currentData()
        return lambda: fn(ctx, year=year, month=month, municipality=municipality)

    def show_month(self) -> None:
        """«Vis»: compute the list in the worker and show it when it arrives (a newer click supersedes it)."""
        self.job.start(self._compute())

    def wait(self, timeout: float = 60.0) -> bool:
        """Until the list asked for is shown (tests); False on timeout."""
        return self.job.wait(timeout)

    def _month_read(self, result: ReportResult | None, error: BaseException | None) -> None:
        after, self._after_shown = self._after_shown, None
        if error is not None:
            reraise(error)
            return
        if result is not None:
            self._display(result)
            if after is not None:
                after()

    def _when_shown(self, action: Callable[[], Any]) -> None:
        """Run ``action`` on the list shown; with none shown yet, compute it in the worker first.

        Export and print before «Vis» computed on the GUI thread (~1.2 s frozen at 300,000 persons).
        """
        if self.result is not None:
            action()
            return
        self._after_shown = action
        self.show_month()

    def refresh(self) -> ReportResult:
        """Compute the chosen list now, on this thread, and show it (an export to a given file before «Vis»)."""
        self.job.cancel()
        return self._display(self._compute()())

    def _display(self, result: ReportResult) -> ReportResult:
        self.result = result
        table = self.result.tables[0]
        from .report_widgets import ReportTableModel
        self.view.setModel(ReportTableModel(table, self.view))
        self.view.resizeColumnsToContents()
        self.headline.setText(f"{self.result.title} – {self.result.subtitle}  ·  " + "  ·  ".join(
            f"{k}: {v}" for k, v in self.result.headline))
        self.note.setText(table.note)
        return self.result

    def ask_export(self) -> None:
        """«Eksporter til Excel»: the shown list (computed in the worker first when none is shown)."""
        self._when_shown(self.export_excel)

    def export_excel(self, path: Path | str | None = None) -> Path | None:
        """Write the shown list to .xlsx for payroll (asks for a file name when ``path`` is None)."""
        result = self.result or self.refresh()
        if path is None:
            suggested = str(Path.home() / f"{result.name}-{self.year.value()}-{self.month.value():02d}.xlsx")
            chosen, _filter = QFileDialog.getSaveFileName(self, _("Export to Excel"), suggested,
                                                          _("Excel files (*.xlsx)"))
            if not chosen:
                return None
            path = chosen
        from ..reports import excel
        return excel.write(result, Path(path))

    def print_current(self) -> None:
        """«Skriv ut»: the shown list in the print preview (computed in the worker first when none is shown)."""
        self._when_shown(self._print_shown)

    def _print_shown(self) -> None:
        from ..reports import pdf
        from .print_preview import PrintPreviewDialog
        result = self.result or self.refresh()
        dialog = PrintPreviewDialog(pdf.to_bytes(result, printed=self.ctx.today()), title=result.title,
                                    suggested_name=f"{result.name}.pdf", parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()


class IntroArea(Area):
    """The side-bar area Introduksjonsprogram."""

    title = _("Introduction programme")
    key = "introduction"
    permission = "persons.read"

    def __init__(self, ctx, bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.addWidget(heading(_("Introduction programme")))
        self.tabs = QTabWidget()
        lay.addWidget(self.tabs, 1)
        people_tab = QWidget()
        pl = QHBoxLayout(people_tab)
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        self.busy = BusyIndicator()
        ll.addWidget(self.busy, 0, Qt.AlignmentFlag.AlignLeft)  # (the pane scrolls sideways: left stays in view)
        self.model = ProgrammeTableModel(self)
        self.list = QTableView()
        self.list.setModel(self.model)
        self.list.verticalHeader().hide()
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setWordWrap(False)
        # widths from the first rows only: a column fitted to 94,000 rows took seconds
        self.list.horizontalHeader().setResizeContentsPrecision(50)
        self.list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.list.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((170, 90, 85, 85)):
            self.list.setColumnWidth(column, width)
        self.list.selectionModel().currentRowChanged.connect(lambda *_a: self._selected())
        ll.addWidget(self.list, 1)
        self.start_panel = StartPanel(ctx, bus)
        ll.addWidget(self.start_panel)
        split.addWidget(_scrolled(left))
        right = QWidget()
        rl = QVBoxLayout(right)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        rl.addWidget(self.facts)
        self.detail = QTabWidget()
        self.plan = PlanEditor(ctx, bus)
        self.absence = AbsencePanel(ctx, bus)
        self.periods = PeriodsPanel(ctx, bus)
        self.facts_panel = FactsPanel(ctx, bus)
        self.detail.addTab(self.plan, _("Integration plan"))
        self.detail.addTab(self.absence, _("Absence"))
        self.detail.addTab(self.periods, _("Periods and ending"))
        self.detail.addTab(self.facts_panel, _("Facts for the rules"))
        rl.addWidget(self.detail, 1)
        letters_row = QHBoxLayout()
        self.letter_kind = QComboBox()
        for code, label in codes.LETTER_KINDS.items():
            self.letter_kind.addItem(_(label), code)
        self.letter_reasons = QLineEdit()
        self.letter_reasons.setPlaceholderText(_("Reasons (for the decision)"))
        self.letter_button = QPushButton(_("Preview and print …"))
        self.letter_button.clicked.connect(lambda: self.print_letter())
        letters_row.addWidget(QLabel(_("Letter")))
        letters_row.addWidget(self.letter_kind)
        letters_row.addWidget(self.letter_reasons, 1)
        letters_row.addWidget(self.letter_button)
        rl.addLayout(letters_row)
        self.letter_error = error_label()
        rl.addWidget(self.letter_error)
        split.addWidget(_scrolled(right))
        split.setSizes([430, 570])  # both panes whole in a maximised window at 1366×768
        pl.addWidget(split)
        self.tabs.addTab(people_tab, _("Participants"))
        self.mapping = MappingPanel(ctx, bus)
        self.tabs.addTab(_scrolled(self.mapping), _("Mapping and tests"))  # 11 rows: taller than 768
        self.month = MonthPanel(ctx, bus)
        self.tabs.addTab(self.month, _("Month"))
        self.ids: tuple[int, ...] = ()
        self.job = BackgroundJob(ctx.db, self)
        self.job.done.connect(self._rows_read)
        self.busy.watch(self.job)
        self._sized = self._shown_once = False
        self.refresh()

    def refresh(self) -> None:
        """Read the participants in the worker (a newer refresh supersedes it); the list shown stays until then."""
        self.job.start(lambda: tuple(q.programme_rows()))  # a tuple: see ``ids``
        if not self._shown_once:
            self.busy.show_now()  # the first read: an empty list would look like "no participants"

    def wait(self, timeout: float = 60.0) -> bool:
        """Until the newest participants list is shown (tests); False on timeout."""
        return self.job.wait(timeout)

    def _rows_read(self, rows: tuple[ProgrammeRow, ...] | None, error: BaseException | None) -> None:
        if error is not None:
            reraise(error)
            return
        self._shown_once = True
        keep = self.current_id()
        self.model.set_rows(rows or [])
        self.ids = tuple(r[0] for r in self.model.rows)  # a tuple: the cycle collector leaves it alone
        if not self._sized and self.ids:
            self._sized = True
            self.list.resizeColumnToContents(4)  # the status reads whole («Flyttet til en annen kommune»)
        if keep in self.ids:
            self.list.selectRow(self.ids.index(keep))
        elif self.ids:
            self.list.selectRow(0)
        else:
            self._show(None)

    def current_id(self) -> int | None:
        index = self.list.currentIndex() if hasattr(self, "list") else None
        row = index.row() if index is not None and index.isValid() else -1
        return self.ids[row] if 0 <= row < len(getattr(self, "ids", [])) else None

    def select_programme(self, programme_id: int) -> None:
        if programme_id in self.ids:
            self.list.selectRow(self.ids.index(programme_id))

    def _selected(self) -> None:
        pid = self.current_id()
        self._show(q.programme_facts(pid) if pid else None)

    def _show(self, programme: ProgrammeFacts | None) -> None:
        if programme is None:
            self.facts.setText(_("Choose a participant, or start a programme below the list."))
        else:
            right = _(irules.ELIGIBILITY[programme.eligibility]) if programme.eligibility else ""
            text = _("{name}: start {start}, planned end {end}. Right to the programme: {right}.").format(
                name=programme.name, start=fmt_date(programme.start), end=fmt_date(programme.planned_end),
                right=right)
            self.facts.setText(" ".join([text, *programme.notes]))
        for panel in (self.plan, self.absence, self.periods, self.facts_panel):
            panel.show_programme(programme)

    def print_letter(self, *, show: bool = True):
        """Build the chosen letter for the selected programme and open the print preview (None on refusal)."""
        pid = self.current_id()
        if pid is None:
            return None
        kind = self.letter_kind.currentData()
        extra = {"reasons": self.letter_reasons.text()} if kind == "intro_decision" else {}
        from ..documents.templates import TemplateError  # the printing code (reportlab) loads when first used
        from ..services import intro_printing
        try:
            doc = intro_printing.BUILDERS[kind](self.ctx, programme_id=pid, **extra)
        except (ValidationError, PermissionDenied, TemplateError) as exc:
            self.letter_error.setText("\n".join(exc.errors.values()) if isinstance(exc, ValidationError)
                                      else str(exc))
            self.letter_error.show()
            return None
        self.letter_error.hide()
        from .print_preview import preview_documents
        return preview_documents(self, self.ctx, self.bus, [doc], show=show)

    def on_changes(self, changes: Changes) -> None:
        if changes.entities() & ENTITIES:
            self.refresh()

    def new_item(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.start_panel.person.setFocus()

    def print_current(self) -> None:
        if self.tabs.currentWidget() is self.month:
            self.month.print_current()
        elif self.tabs.currentWidget() is self.mapping:
            self.mapping.print_mapping()
        else:
            self.print_letter()
