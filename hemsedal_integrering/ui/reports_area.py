"""The "Rapporter" area: choose a report, its date or span and municipality; see figures, chart, tables; export.

The area only collects the choices and shows the ``ReportResult`` that
``reports.run_report`` computes; exports go through ``reports.excel`` and
``reports.pdf``. Errors (a bad span, no access) are shown in the area, not in
a modal box, and nothing is exported when the report could not be made.

Reports and exports run in a worker (``ui.background.BackgroundJob``, its own
database connection) so the window never freezes: a busy bar with «Avbryt» shows
while they run, and a report the user has already replaced is dropped.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QProgressBar,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import vocab
from ..context import Context
from ..errors import PermissionDenied, ValidationError
from ..i18n import _
from ..reports import REPORTS, default_span, run_report
from ..reports.common import ReportResult
from ..reports.kpi import DEFAULT_MIN_MONTHS
from ..services.access import can
from ..services.base import Changes
from .area import Area
from .background import BackgroundJob, reraise
from .bus import ChangeBus
from .report_widgets import RENDER_HINT, ReportTableModel, build_chart


class ReportsArea(Area):
    """Side-bar area «Rapporter»."""

    title = _("Reports")
    key = "reports"
    permission = "reports.read"

    def __init__(self, ctx: Context, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        self.result: ReportResult | None = None
        self._stale = False
        today = ctx.today()

        self.report_box = QComboBox()
        for name, spec in REPORTS.items():
            self.report_box.addItem(spec.title, name)
        self.date_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.date_edit.setDisplayFormat("dd.MM.yyyy")
        self.date_edit.setCalendarPopup(True)
        self.from_spin = QSpinBox()
        self.to_spin = QSpinBox()
        for spin in (self.from_spin, self.to_spin):
            spin.setRange(1990, 2100)
        self.municipality_box = QComboBox()
        self.municipality_box.addItem(_("Hemsedal and Gol"), None)
        for code, label in vocab.MUNICIPALITIES.items():
            self.municipality_box.addItem(label, code)
        self.months_spin = QSpinBox()
        self.months_spin.setRange(0, 60)
        self.months_spin.setValue(DEFAULT_MIN_MONTHS)
        self.months_spin.setSuffix(_(" months"))
        self.show_button = QPushButton(_("&Show report"))
        self.excel_button = QPushButton(_("Export to &Excel …"))
        self.pdf_button = QPushButton(_("Save as &PDF …"))
        self.pdf_button.setToolTip(_("The council version: aggregates only, numbers under 5 are hidden"))
        self.excel_button.setToolTip(self.pdf_button.toolTip())
        self.internal_button = QPushButton(_("&Internal report (exempt from disclosure) …"))
        self.internal_button.setToolTip(_("With lists of persons and exact numbers: for the service only, "
                                          "never for the council or public papers"))
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # moving bar: running, length unknown
        self.busy_bar.setTextVisible(False)
        self.busy_label = QLabel()
        self.cancel_button = QPushButton(_("&Cancel"))
        self.cancel_button.setToolTip(_("Stop computing the report"))
        self.rates_button = QPushButton(_("Integration grant rates …"))
        self.rates_button.setVisible(can(ctx, "admin.rates"))

        form = QFormLayout()
        form.addRow(_("&Report:"), self.report_box)
        form.addRow(_("&Date:"), self.date_edit)
        form.addRow(_("&From year:"), self.from_spin)
        form.addRow(_("&To year:"), self.to_spin)
        form.addRow(_("&Municipality:"), self.municipality_box)
        form.addRow(_("&Minimum time of residence:"), self.months_spin)
        self._form = form
        side = QVBoxLayout()
        side.addLayout(form)
        side.addWidget(self.show_button)
        side.addWidget(self.busy_label)
        side.addWidget(self.busy_bar)
        side.addWidget(self.cancel_button)
        side.addSpacing(12)
        side.addWidget(self.excel_button)
        side.addWidget(self.pdf_button)
        side.addWidget(self.internal_button)
        side.addSpacing(12)
        side.addWidget(self.rates_button)
        side.addStretch(1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setMaximumWidth(300)

        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.heading.setWordWrap(True)  # «title – subtitle» of a long report must not widen the window
        self.headline = QLabel()
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setWordWrap(True)
        self.definition = QLabel()
        self.definition.setWordWrap(True)
        self.definition.setStyleSheet("color: #333; background: #f3f5f8; padding: 6px;")
        self.definition.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a02020; font-weight: bold;")
        self.message.hide()
        self.chart_box = QComboBox()
        self.chart_view = QChartView()
        self.chart_view.setRenderHint(RENDER_HINT)
        self.chart_view.setMinimumHeight(260)
        self.tabs = QTabWidget()
        self.tabs.currentChanged.connect(self._size_tab)
        chart_panel = QWidget()
        chart_layout = QVBoxLayout(chart_panel)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_row = QHBoxLayout()
        chart_row.addWidget(QLabel(_("Chart:")))
        chart_row.addWidget(self.chart_box, 1)
        chart_layout.addLayout(chart_row)
        chart_layout.addWidget(self.chart_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(chart_panel)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        main = QVBoxLayout()
        main.addWidget(self.heading)
        main.addWidget(self.headline)
        main.addWidget(self.definition)
        main.addWidget(self.message)
        main.addWidget(splitter, 1)
        self.definition.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QHBoxLayout(self)
        layout.addWidget(side_widget)
        layout.addLayout(main, 1)

        self.report_job = BackgroundJob(ctx.db, self)
        self.report_job.done.connect(self._report_done)
        self.export_job = BackgroundJob(ctx.db, self)
        self.export_job.done.connect(self._export_done)
        for job in (self.report_job, self.export_job):
            job.busy_changed.connect(self._busy_changed)
        self.cancel_button.clicked.connect(self.cancel)
        self._busy_changed()
        self.report_box.currentIndexChanged.connect(self._report_chosen)
        self.show_button.clicked.connect(self.refresh)
        self.excel_button.clicked.connect(lambda: self.export_excel())
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        self.internal_button.clicked.connect(lambda: self.export_internal())
        self.rates_button.clicked.connect(self.open_rates)
        self.chart_box.currentIndexChanged.connect(self._show_chart)
        self._report_chosen()

    # ----- choices -----
    def report_name(self) -> str:
        return self.report_box.currentData()

    def set_report(self, name: str) -> None:
        self.report_box.setCurrentIndex(self.report_box.findData(name))

    def _report_chosen(self) -> None:
        name = self.report_name()
        spec = REPORTS[name]
        lo, hi = default_span(name, self.ctx.today())
        self.from_spin.setValue(lo)
        self.to_spin.setValue(hi)
        takes_date = spec.takes == "date"
        for widget, visible in ((self.date_edit, takes_date), (self.from_spin, not takes_date),
                                (self.to_spin, not takes_date), (self.months_spin, name == "kpi")):
            widget.setVisible(visible)
            label = self._form.labelForField(widget)
            if label is not None:
                label.setVisible(visible)
        self.refresh()

    def chosen_date(self) -> dt.date:
        q = self.date_edit.date()
        return dt.date(q.year(), q.month(), q.day())

    # ----- running and showing -----
    def refresh(self) -> None:
        """Compute the chosen report in the worker and show it when done; on error show the message
        and keep no result. A refresh while one runs replaces it."""
        self._stale = False
        ctx, name = self.ctx, self.report_name()
        choices = dict(date=self.chosen_date(), year_from=self.from_spin.value(), year_to=self.to_spin.value(),
                       municipality=self.municipality_box.currentData(), min_months=self.months_spin.value())
        self.busy_label.setText(_("Computing the report …"))
        self.report_job.start(lambda: run_report(ctx, name, **choices))

    def _report_done(self, result: ReportResult | None, error: BaseException | None) -> None:
        if isinstance(error, ValidationError):
            self._fail("; ".join(error.errors.values()))
            return
        if isinstance(error, PermissionDenied):
            self._fail(str(error))
            return
        if error is not None:
            self._fail(_("The report could not be made."))
            reraise(error)
            return
        if result is None:  # (no error: the job returned its report)
            return
        self.result = result
        self.message.hide()
        self._show(result)

    def cancel(self) -> None:
        """Stop the running report or export; what it would have shown or written is dropped."""
        self.report_job.cancel()
        self.export_job.cancel()

    def _busy_changed(self, _busy: bool = False) -> None:
        busy = self.report_job.busy or self.export_job.busy
        for widget in (self.busy_bar, self.busy_label, self.cancel_button):
            widget.setVisible(busy)

    def wait(self, timeout: float = 60.0) -> bool:
        """Until the running report and export are done (tests; False on timeout)."""
        return self.report_job.wait(timeout) and self.export_job.wait(timeout)

    def _fail(self, text: str) -> None:
        self.result = None
        self.message.setText(text)
        self.message.show()
        self.excel_button.setEnabled(False)
        self.pdf_button.setEnabled(False)
        self.internal_button.setEnabled(False)

    def _show(self, result: ReportResult) -> None:
        self.excel_button.setEnabled(True)
        self.pdf_button.setEnabled(True)
        self.internal_button.setEnabled(True)
        self.heading.setText(_("{title} – {subtitle}").format(title=result.title, subtitle=result.subtitle))
        self.headline.setText("&nbsp;&nbsp;·&nbsp;&nbsp;".join(
            f"{_esc(label)}: <b>{_esc(value)}</b>" for label, value in result.headline))
        self.definition.setText("\n".join(result.definition))
        self.chart_box.blockSignals(True)
        self.chart_box.clear()
        for chart in result.charts:
            self.chart_box.addItem(chart.title, chart.key)
        self.chart_box.blockSignals(False)
        self._show_chart()
        current = self.tabs.currentIndex()
        old = [self.tabs.widget(i) for i in range(self.tabs.count())]
        self.tabs.blockSignals(True)
        self.tabs.clear()
        for page in old:
            if page is not None:
                page.deleteLater()  # QTabWidget.clear() keeps the pages alive
        for table in result.tables:
            view = QTableView()
            view.setModel(ReportTableModel(table, view))
            view.setAlternatingRowColors(True)
            view.verticalHeader().hide()
            self.tabs.addTab(view, table.title)
        self.tabs.blockSignals(False)
        self.tabs.setCurrentIndex(current if 0 <= current < self.tabs.count() else 0)
        self._size_tab(self.tabs.currentIndex())

    def _size_tab(self, index: int) -> None:
        """Columns fitted to their contents when a table is first shown, not every table at once
        (measuring each cell of every tab held the GUI thread: issue 16, < 100 ms)."""
        view = self.tabs.widget(index)
        if isinstance(view, QTableView) and not view.property("sized"):
            view.resizeColumnsToContents()
            view.setProperty("sized", True)

    def _show_chart(self) -> None:
        if self.result is None or not self.result.charts:
            return
        index = max(0, self.chart_box.currentIndex())
        self.chart_view.setChart(build_chart(self.result.charts[index]))

    # ----- export -----
    def _ask_path(self, suffix: str, caption: str, pattern: str, also: tuple[str, ...] = ()) -> Path | None:
        name = self.report_name()
        suggested = str(Path.home() / f"rapport-{name}-{self.ctx.today():%Y-%m-%d}.{suffix}")  # i18n: data (file name)
        path, _filter = QFileDialog.getSaveFileName(self, caption, suggested, pattern)
        if not path:
            return None
        p = Path(path)
        return p if p.suffix.lower() in (f".{suffix}", *also) else p.with_suffix(f".{suffix}")

    def export_excel(self, path: Path | str | None = None) -> Path | None:
        """Write the shown report to an .xlsx file (asks for the name when ``path`` is None)."""
        if self.result is None:
            return None
        result = self.result  # the worker writes this one, even if another report is chosen meanwhile
        target = Path(path) if path else self._ask_path("xlsx", _("Export to Excel"), _("Excel files (*.xlsx)"))
        if target is None:
            return None
        from ..reports import excel  # openpyxl is loaded on first export, not at start-up
        return self._write(lambda: excel.write(result, target), target)

    def export_pdf(self, path: Path | str | None = None) -> Path | None:
        """Write the shown report as the council PDF (asks for the name when ``path`` is None)."""
        if self.result is None:
            return None
        result = self.result  # the worker writes this one, even if another report is chosen meanwhile
        target = Path(path) if path else self._ask_path("pdf", _("Save as PDF"), _("PDF files (*.pdf)"))
        if target is None:
            return None
        from ..reports import pdf  # reportlab's charts are loaded on first export, not at start-up
        return self._write(lambda: pdf.write(result, target, printed=self.ctx.today()), target)

    def export_internal(self, path: Path | str | None = None) -> Path | None:
        """The internal report (persons, exact numbers, marked exempt from public disclosure) as PDF
        or xlsx, by the file name's suffix."""
        if self.result is None:
            return None
        result = self.result  # the worker writes this one, even if another report is chosen meanwhile
        target = Path(path) if path else self._ask_path("pdf", _("Internal report (exempt from disclosure)"),
                                                        _("PDF files (*.pdf);;Excel files (*.xlsx)"), (".xlsx",))
        if target is None:
            return None
        if target.suffix.lower() == ".xlsx":
            from ..reports import excel
            return self._write(lambda: excel.write(result, target, "internal"), target)
        from ..reports import pdf
        return self._write(lambda: pdf.write(result, target, printed=self.ctx.today(), audience="internal"),
                           target)

    def _write(self, action, target: Path) -> Path | None:
        """Write the export in the worker; an error is shown when it ends. Returns the target."""
        self.busy_label.setText(_("Saving {name} …").format(name=target.name))
        self._export_target = target
        self.export_job.start(action)
        return target

    def _export_done(self, _result, error: BaseException | None) -> None:
        if isinstance(error, OSError):
            self.message.setText(_("Could not save {path}: {error}. No file was written.")
                                 .format(path=self._export_target, error=error.strerror or error))
            self.message.show()
            return
        if error is not None:
            reraise(error)
            return
        self.message.hide()

    def open_rates(self) -> None:
        from .grant_rates_dialog import GrantRatesDialog
        dialog = GrantRatesDialog(self.ctx, self.bus, self)
        dialog.exec()

    # ----- Area contract -----
    def on_changes(self, changes: Changes) -> None:
        """Any saved change may move a figure: recompute now if visible, else when shown again."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def activated(self) -> None:
        if self._stale or self.result is None:
            self.refresh()

    def focus_search(self) -> None:
        self.report_box.setFocus()

    def print_current(self) -> None:
        self.export_pdf()


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
