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

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter,
                               QTableView, QTextBrowser, QVBoxLayout, QWidget)

from ..i18n import _, pgettext
from ..reports import housing_tasks as read
from ..reports.tasks import TaskRow, group_counts
from ..services import followup, records
from ..services.access import can, read_only_reason
from ..services.base import Changes
from .area import Area
from .task_dialogs import ActionDialog, fmt_date
from .tasks_area import TaskTableModel
from .widgets import heading


def _can_write(ctx) -> bool:
    return can(ctx, "followup.write") or can(ctx, "followup.write_housing")


class HousingTasksArea(Area):
    """Boligoppgaver (side-bar, housing staff): their tasks, and the tenants' phone and e-mail."""

    title = pgettext("side bar", "Housing tasks")
    key = "housing_tasks"
    permission = "followup.read_housing"

    def __init__(self, ctx, bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.addWidget(heading(_("The housing office's tasks")))
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search in task or household (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
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
        for col, width in enumerate((90, 165, 300, 150, 130, 150, 80, 110)):
            self.table.setColumnWidth(col, width)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col in (4, 5, 7):  # person, responsible (nearly always housing), case officer
            self.table.hideColumn(col)
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

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.later.toggled.connect(lambda _b: self.refresh())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.show_contacts())
        self.table.doubleClicked.connect(lambda _i: self.mark_done())
        QShortcut(QKeySequence("Ctrl+Return"), self, self.mark_done)
        self.refresh()

    # ----- Area contract -----
    def on_changes(self, changes: Changes) -> None:
        if changes.ids("follow_up_item") or changes.ids("household") or changes.ids("person"):
            self.refresh()

    def activated(self) -> None:
        self.refresh()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ----- data -----
    def refresh(self) -> None:
        selected = self.current_row()
        rows = read.list_housing_tasks(self.ctx, search=self.search.text(), include_later=self.later.isChecked())
        self.model.set_rows(rows, self.ctx.today())
        counts = group_counts(rows)
        overdue = _("Overdue: {n}").format(n=counts["overdue"])
        parts = [f"<span style='color:#9b1c1c; font-weight:600'>{overdue}</span>" if counts["overdue"] else overdue,
                 _("This week: {n}").format(n=counts["week"]), _("Within 30 days: {n}").format(n=counts["month"])]
        if self.later.isChecked():
            parts.append(_("Later: {n}").format(n=counts["later"]))
        self.summary.setText(" &nbsp;·&nbsp; ".join(parts) + "<br><span style='color:#555'>" + escape(_(
            "Dwellings to acquire and furnish, moving in and out, and the measures from housing inspections."))
            + "</span>")
        if selected is not None:
            for i, r in enumerate(rows):
                if r.id == selected.id:
                    self.table.selectRow(i)
                    break
        elif rows:
            self.table.selectRow(0)
        self.show_contacts()

    def current_row(self) -> TaskRow | None:
        idx = self.table.currentIndex()
        if not idx.isValid() or idx.row() >= len(self.model.rows):
            return None
        return self.model.rows[idx.row()]

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
    def _describe(self, r: TaskRow) -> str:
        return f"<b>{escape(r.title)}</b><br>{escape(r.household_name)}<br>" + _("Deadline {date}").format(
            date=fmt_date(r.due_date))

    def mark_done(self) -> ActionDialog | None:
        r = self.current_row()
        if r is None or not _can_write(self.ctx):
            return None
        dialog = ActionDialog(self, self.bus, title=_("Mark the task as done"), intro=self._describe(r),
                              date_label=_("Date done"), date_value=self.ctx.today(), text_label=_("Note"),
                              text_hint=_("What was done (optional)"), ok_text=_("Mark done"),
                              submit=lambda d, t: followup.mark_done(self.ctx, item_id=r.id, done_date=d, note=t))
        dialog.open()
        return dialog

    def postpone(self) -> ActionDialog | None:
        r = self.current_row()
        if r is None or not _can_write(self.ctx):
            return None
        dialog = ActionDialog(self, self.bus, title=_("Postpone the task"), intro=self._describe(r),
                              date_label=_("New deadline"), date_value=None, text_label=_("Justification"),
                              text_hint=_("Why is the task postponed? (required)"), ok_text=_("Postpone"),
                              submit=lambda d, t: followup.postpone(self.ctx, item_id=r.id, new_due_date=d, reason=t))
        dialog.open()
        return dialog

    def not_relevant(self) -> ActionDialog | None:
        r = self.current_row()
        if r is None or not _can_write(self.ctx):
            return None
        dialog = ActionDialog(self, self.bus, title=_("The task is not relevant"), intro=self._describe(r),
                              text_label=_("Justification"),
                              text_hint=_("Why is the task not relevant? (required)"), ok_text=_("Not relevant"),
                              submit=lambda _d, t: followup.mark_not_relevant(self.ctx, item_id=r.id, reason=t))
        dialog.open()
        return dialog
