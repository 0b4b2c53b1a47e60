"""Boligoppgaver: the housing office's day — its own open tasks and whom to call.

The list holds what the housing office answers for (``rules.followup.
is_housing_task``): "Bolig skaffet", "Bolig møblert", moving in and out, and
every measure decided at a housing inspection. Beside it, the selected
household's tenants with phone and e-mail (``services.records.
household_contacts``) — names and contact data only, nothing sensitive.
Housing staff mark their tasks done, postpone them or close them as not
relevant (``followup.write_housing``); the services check the same rule.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QPushButton, QSplitter,
                               QTableView, QTextBrowser, QWidget)

from ..i18n import _, pgettext
from ..reports import housing_tasks as read
from ..reports.tasks import TaskRow
from ..services import records
from ..services.access import can, read_only_reason
from .searchable_area import SearchableArea, current_of, select_first
from .task_dialogs import ActionDialog, counts_line, fmt_date, open_done, open_not_relevant, open_postpone
from .column_fit import ColumnFit
from .tasks_area import COLUMN_WIDTHS, TaskTableModel


def _can_write(ctx) -> bool:
    return can(ctx, "followup.write") or can(ctx, "followup.write_housing")


class HousingTasksArea(SearchableArea):
    """Boligoppgaver (side-bar, housing staff): their tasks, and the tenants' phone and e-mail."""

    title = pgettext("side bar", "Housing tasks")
    key = "housing_tasks"
    permission = "followup.read_housing"
    refresh_on = ("follow_up_item", "household", "person")
    #: The most rows the list holds (earliest due first); the summary counts every matching task.
    row_limit = 5000

    def __init__(self, ctx, bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        lay = self.begin_layout(_("The housing office's tasks"))
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        filters = QHBoxLayout()
        self.make_search(_("Search in task or household (Ctrl+F)"))
        self.later = QCheckBox(_("Also show later tasks"))
        filters.addWidget(self.search, 1)
        filters.addWidget(self.later)
        lay.addLayout(filters)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.model = TaskTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        for col in (4, 5, 7):  # person, responsible (nearly always housing), case officer
            self.table.hideColumn(col)
        self.column_fit = ColumnFit(self.table, COLUMN_WIDTHS, grow=2)  # «Task» is never squeezed to nothing
        split.addWidget(self.table)
        self.contacts = QTextBrowser()
        self.contacts.setOpenLinks(False)
        self.contacts.setMinimumWidth(260)
        split.addWidget(self.contacts)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        lay.addWidget(split, 1)

        buttons = QHBoxLayout()
        self.done_button = QPushButton(_("Mark as done…"))
        self.postpone_button = QPushButton(_("Postpone…"))
        self.not_relevant_button = QPushButton(_("Not relevant…"))
        self.done_button.clicked.connect(self.mark_done)
        self.postpone_button.clicked.connect(self.postpone)
        self.not_relevant_button.clicked.connect(self.not_relevant)
        for b in (self.done_button, self.postpone_button, self.not_relevant_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addLayout(buttons)

        self.wire_refresh(checks=(self.later,))
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.show_contacts())
        self.table.doubleClicked.connect(lambda _i: self.mark_done())
        QShortcut(QKeySequence("Ctrl+Return"), self, self.mark_done)
        self.refresh()

    # ----- data -----
    def query(self) -> dict[str, Any]:
        return dict(search=self.search.text(), include_later=self.later.isChecked())

    def read_rows(self, query: dict[str, Any]) -> tuple[list[TaskRow], dict[str, int]]:
        """The rows (at most ``row_limit``) and every matching task's count per bucket."""
        return (read.list_housing_tasks(self.ctx, limit=self.row_limit, **query),
                read.count_housing_tasks(self.ctx, **query))

    def show_rows(self, result: tuple[list[TaskRow], dict[str, int]], query: dict[str, Any]) -> None:
        rows, counts = result
        selected = self.current_row()
        self.model.set_rows(rows, self.ctx.today())
        self.summary.setText(counts_line(counts, later=query["include_later"], shown=len(rows))
                             + "<br><span style='color:#555'>" + escape(_(
            "Dwellings to acquire and furnish, moving in and out, and the measures from housing inspections."))
            + "</span>")
        if selected is not None:
            select_first(self.table, rows, lambda r: r.id == selected.id)
        elif rows:
            self.table.selectRow(0)
        self.show_contacts()

    def current_row(self) -> TaskRow | None:
        return current_of(self.table, self.model.rows)

    def show_contacts(self) -> None:
        """The selected task's household: its tenants' names, phone and e-mail."""
        r = self.current_row()
        writable = _can_write(self.ctx)
        for b in (self.done_button, self.postpone_button, self.not_relevant_button):
            b.setEnabled(writable and r is not None)
            b.setToolTip("" if writable else (read_only_reason(self.ctx) or _("Your role cannot change tasks.")))
        if r is None:
            self.contacts.setHtml("<p style='color:#555'>{}</p>".format(escape(
                _("No open tasks for the housing office. New ones come from housing inspections and new "
                  "settlements.") if not self.model.rows else _("Choose a task to see whom to contact."))))
            return
        people = records.household_contacts(self.ctx, household_id=r.household_id)
        html = ["<h3>{}</h3>".format(escape(r.household_name))]
        if r.person_name:
            html.append("<p>{}</p>".format(escape(_("The task concerns {name}.").format(name=r.person_name))))
        html.append("<p><b>{}</b></p>".format(escape(_("Tenants"))))
        shown = 0
        for p in people:
            if p.role != "adult" and not (p.phone or p.email):
                continue
            lines = [f"<b>{escape(p.first_name)} {escape(p.last_name)}</b>"]
            lines.append(escape(_("Phone: {phone}").format(phone=p.phone)) if p.phone else
                         "<span style='color:#777'>{}</span>".format(escape(_("No phone registered"))))
            if p.email:
                lines.append(escape(_("E-mail: {email}").format(email=p.email)))
            html.append("<p>" + "<br>".join(lines) + "</p>")
            shown += 1
        if not shown:
            html.append("<p style='color:#777'>{}</p>".format(escape(_("No contact details registered."))))
        html.append("<p style='color:#555'>{}</p>".format(escape(
            _("Deadline {date}").format(date=fmt_date(r.due_date)))))
        self.contacts.setHtml("".join(html))

    # ----- actions -----
    def _writable_row(self) -> TaskRow | None:
        """The selected task, when the user may change it (else None: no dialog opens)."""
        r = self.current_row()
        return r if r is not None and _can_write(self.ctx) else None

    def _describe(self, r: TaskRow) -> str:
        return f"<b>{escape(r.title)}</b><br>{escape(r.household_name)}<br>" + _("Deadline {date}").format(
            date=fmt_date(r.due_date))

    def mark_done(self) -> ActionDialog | None:
        r = self._writable_row()
        return None if r is None else open_done(self, self.ctx, self.bus, r.id, self._describe(r))

    def postpone(self) -> ActionDialog | None:
        r = self._writable_row()
        return None if r is None else open_postpone(self, self.ctx, self.bus, r.id, self._describe(r))

    def not_relevant(self) -> ActionDialog | None:
        r = self._writable_row()
        return None if r is None else open_not_relevant(self, self.ctx, self.bus, r.id, self._describe(r))
