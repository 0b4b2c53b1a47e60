"""Oppgaver: the task overview of the follow-up plans (overdue, this week, within 30 days).

Filters (responsible service, municipality, officer, search) run in SQL
through ``reports.tasks.list_tasks``. Overdue rows stand out in red. Work on
the selected task goes through ``services.followup`` (done, postpone, not
relevant, assign). Several rows can be selected (Shift/Ctrl+click, Ctrl+A):
the actions then ask once for the whole selection and call one batch service
(``services.followup_bulk``) that saves all of them in one transaction or
none. The start page gets its number from ``reports.tasks.overdue_count``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QHBoxLayout, QLabel,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from .. import vocab
from ..i18n import _, ngettext, pgettext
from ..reports import tasks as read
from ..rules import followup as rules
from ..services import followup, followup_bulk
from ..services.access import can
from .forms import confirm
from .searchable_area import RowTableModel, SearchableArea, current_of, select_first
from .column_fit import ColumnFit
from .task_dialogs import ActionDialog, counts_line, fmt_date, open_done, open_not_relevant, open_postpone, run
from .widgets import dialog_buttons, error_label

COLUMNS = [_("Deadline"), _("When"), _("Task"), _("Household"), _("Person"), _("Responsible"), _("Municipality"),
           _("Case officer")]
#: (preferred, smallest) width of each column (ui.column_fit); «Task» takes what is left over.
COLUMN_WIDTHS = ((90, 86), (165, 150), (300, 180), (150, 96), (140, 96), (150, 140), (80, 74), (115, 108))
OVERDUE_BG = QColor("#fde8e8")
OVERDUE_FG = QColor("#9b1c1c")
WEEK_BG = QColor("#fff6e0")


class TaskTableModel(RowTableModel):
    """Rows of ``reports.tasks.TaskRow`` (ids plus what the columns show)."""

    columns = COLUMNS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[read.TaskRow] = []
        self.today: dt.date | None = None

    def set_rows(self, rows: Sequence[read.TaskRow], today: dt.date | None = None) -> None:
        self.today = today
        super().set_rows(rows)

    def _when(self, r: read.TaskRow) -> str:
        if r.bucket == "overdue" and self.today is not None:
            days = (self.today - r.due_date).days
            return ngettext("Overdue ({n} day)", "Overdue ({n} days)", days).format(n=days)
        if r.status == "postponed":
            return _("{when} · postponed").format(when=rules.BUCKETS[r.bucket])
        return rules.BUCKETS[r.bucket]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return [fmt_date(r.due_date), self._when(r), r.title, r.household_name, r.person_name,
                    r.responsible_label, r.municipality, r.assigned_to][col]
        if role == Qt.ItemDataRole.BackgroundRole:
            if r.bucket == "overdue":
                return QBrush(OVERDUE_BG)
            if r.bucket == "week":
                return QBrush(WEEK_BG)
        if role == Qt.ItemDataRole.ForegroundRole and r.bucket == "overdue":
            return QBrush(OVERDUE_FG)
        if role == Qt.ItemDataRole.FontRole and r.bucket == "overdue" and col in (0, 1):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [r.title]
            if r.original_due_date:
                parts.append(_("Original deadline {date}. Postponed: {reason}").format(
                    date=fmt_date(r.original_due_date), reason=r.reason))
            parts.append(_("Follow-up year {year}").format(year=r.follow_up_year) if r.follow_up_year
                         else _("Before arrival"))
            parts.append(rules.SOURCES.get(r.source, r.source))
            return "\n".join(parts)
        return None


class TasksArea(SearchableArea):
    """The task overview (side-bar: Oppgaver)."""

    title = pgettext("side bar", "Tasks")
    key = "tasks"
    permission = "followup.read"
    refresh_on = ("follow_up_item", "household", "person")
    #: The most rows the list holds (earliest due first); the summary counts every matching task.
    row_limit = 5000

    def __init__(self, ctx, bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        lay = self.begin_layout(_("Tasks in the follow-up plans"))
        self.summary.setTextFormat(Qt.TextFormat.RichText)

        filters = QHBoxLayout()
        self.make_search(_("Search in task, household or person (Ctrl+F)"))
        self.responsible = QComboBox()
        self.responsible.addItem(_("All responsible"), None)
        for code, label in rules.RESPONSIBLE.items():
            self.responsible.addItem(label, code)
        self.municipality = QComboBox()
        self.municipality.addItem(_("Both municipalities"), None)
        for code, name in vocab.MUNICIPALITIES.items():
            self.municipality.addItem(name, code)
        self.officer = QComboBox()
        self.officer.addItem(_("All case officers"), None)
        self.officer.addItem(_("Not assigned"), 0)
        for uid, name in read.officers(ctx):
            self.officer.addItem(name, uid)
        self.later = QCheckBox(_("Also show later tasks"))
        for label, widget in ((_("Responsible"), self.responsible), (_("Municipality"), self.municipality),
                              (_("Case officer"), self.officer)):
            widget.setAccessibleName(label)
        filters.addWidget(self.search, 2)
        for w in (self.responsible, self.municipality, self.officer, self.later):
            filters.addWidget(w)
        lay.addLayout(filters)

        self.model = TaskTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        self.column_fit = ColumnFit(self.table, COLUMN_WIDTHS, grow=2)  # «Task» is never squeezed to nothing
        self.table.doubleClicked.connect(lambda _i: self.mark_done())
        lay.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.done_button = QPushButton(_("Mark as done…"))
        self.postpone_button = QPushButton(_("Postpone…"))
        self.not_relevant_button = QPushButton(_("Not relevant…"))
        self.assign_button = QPushButton(_("Assign to me"))
        self.assign_other_button = QPushButton(_("Assign to …"))
        self.done_button.clicked.connect(self.mark_done)
        self.postpone_button.clicked.connect(self.postpone)
        self.not_relevant_button.clicked.connect(self.not_relevant)
        self.assign_button.clicked.connect(self.assign_me)
        self.assign_other_button.clicked.connect(self.assign_to)
        for b in (self.done_button, self.postpone_button, self.not_relevant_button, self.assign_button,
                  self.assign_other_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.selection_label = QLabel()
        self.selection_label.setObjectName("selection_label")
        buttons.addWidget(self.selection_label)
        lay.addLayout(buttons)
        writable = can(ctx, "followup.write")
        from ..services.access import why_not
        why = why_not(ctx, "followup.write")  # the role, or the read-only database (issue 15)
        for b in (self.done_button, self.postpone_button, self.not_relevant_button, self.assign_other_button,
                  self.assign_button):
            b.setEnabled(writable)
            b.setToolTip(why)
        self.assign_button.setEnabled(writable and ctx.user is not None)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())

        self.wire_refresh(checks=(self.later,), combos=(self.responsible, self.municipality, self.officer))
        QShortcut(QKeySequence("Ctrl+Return"), self).activated.connect(self.mark_done)
        self.refresh()

    # ----- data -----
    def query(self) -> dict[str, Any] | None:
        if not can(self.ctx, "followup.read"):
            return None
        return dict(responsible=self.responsible.currentData(), municipality=self.municipality.currentData(),
                    assigned_to=self.officer.currentData(), search=self.search.text(),
                    include_later=self.later.isChecked())

    def read_rows(self, query: dict[str, Any] | None) -> tuple[list[read.TaskRow], dict[str, int]] | None:
        """The rows (at most ``row_limit``) and every matching task's count per bucket."""
        if query is None:
            return None
        return (read.list_tasks(self.ctx, limit=self.row_limit, **query), read.count_tasks(self.ctx, **query))

    def show_rows(self, result: tuple[list[read.TaskRow], dict[str, int]] | None,
                  query: dict[str, Any] | None) -> None:
        if result is None or query is None:
            self.summary.setText(_("You do not have access to the follow-up plans."))
            self.model.set_rows([], self.ctx.today())
            return
        rows, counts = result
        selected = self.current_row()
        chosen = {r.id for r in self.selected_rows()}
        self.model.set_rows(rows, self.ctx.today())
        self.summary.setText(counts_line(counts, later=query["include_later"], shown=len(rows)))
        if len(chosen) > 1:
            self.select_tasks([r.id for r in rows if r.id in chosen])
        elif selected is not None:
            select_first(self.table, rows, lambda r: r.id == selected.id)
        self._selection_changed()

    def _selection_changed(self) -> None:
        n = len(self.table.selectionModel().selectedRows())
        self.selection_label.setText(ngettext("{n} task selected", "{n} tasks selected", n).format(n=n) if n > 1
                                     else "")

    def selected_rows(self) -> list[read.TaskRow]:
        """The selected rows in list order (the current row when nothing is selected)."""
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        chosen = [self.model.rows[i] for i in rows if i < len(self.model.rows)]
        if not chosen:
            current = self.current_row()
            chosen = [current] if current is not None else []
        return chosen

    def select_tasks(self, item_ids: list[int]) -> int:
        """Select every row whose task id is in ``item_ids`` (for tests and keyboard users); returns how many."""
        from PySide6.QtCore import QItemSelection, QItemSelectionModel
        wanted = set(item_ids)
        selection = QItemSelection()
        for i, r in enumerate(self.model.rows):
            if r.id in wanted:
                selection.select(self.model.index(i, 0), self.model.index(i, len(COLUMNS) - 1))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(selection, flags)
        if not selection.isEmpty():
            self.table.selectionModel().setCurrentIndex(selection.indexes()[0],
                                                        QItemSelectionModel.SelectionFlag.NoUpdate)
        return len(self.table.selectionModel().selectedRows())

    def current_row(self) -> read.TaskRow | None:
        return current_of(self.table, self.model.rows)

    def select_task(self, item_id: int) -> bool:
        """Select a task by id (for tests and for jumping here from elsewhere)."""
        return select_first(self.table, self.model.rows, lambda r: r.id == item_id)

    # ----- actions -----
    def _describe(self, r: read.TaskRow) -> str:
        who = f"{r.household_name}{' – ' + r.person_name if r.person_name else ''}"
        return f"<b>{r.title}</b><br>{who}<br>" + _("Deadline {date}").format(date=fmt_date(r.due_date))

    def _describe_many(self, rows: list[read.TaskRow]) -> str:
        shown = rows[:8]
        lines = [f"{fmt_date(r.due_date)} · {r.title} · {r.household_name}"
                 + (f" – {r.person_name}" if r.person_name else "") for r in shown]
        if len(rows) > len(shown):
            lines.append(_("… and {n} more").format(n=len(rows) - len(shown)))
        head = ngettext("<b>{n} task</b> is selected:", "<b>{n} tasks</b> are selected:", len(rows)).format(
            n=len(rows))
        return head + "<br>" + "<br>".join(lines)

    def mark_done(self) -> ActionDialog | None:
        rows = self.selected_rows()
        if len(rows) > 1:
            ids = [r.id for r in rows]
            dialog = ActionDialog(
                self, self.bus, title=_("Mark the tasks as done"), intro=self._describe_many(rows),
                date_label=_("Date done"), date_value=self.ctx.today(), text_label=_("Note"),
                text_hint=_("What was done (optional, the same for every task)"),
                ok_text=ngettext("Mark {n} done", "Mark {n} done", len(rows)).format(n=len(rows)),
                submit=lambda d, t: followup_bulk.mark_done_many(self.ctx, item_ids=ids, done_date=d, note=t))
            dialog.resize(680, dialog.sizeHint().height())  # one line per task in the list
            dialog.open()
            return dialog
        r = self.current_row()
        return None if r is None else open_done(self, self.ctx, self.bus, r.id, self._describe(r))

    def postpone(self) -> ActionDialog | None:
        rows = self.selected_rows()
        if len(rows) > 1:
            ids = [r.id for r in rows]
            dialog = ActionDialog(
                self, self.bus, title=_("Postpone the tasks"), intro=self._describe_many(rows),
                date_label=_("New deadline"), date_value=None, text_label=_("Justification"),
                text_hint=_("Why are the tasks postponed? (required)"),
                ok_text=ngettext("Postpone {n}", "Postpone {n}", len(rows)).format(n=len(rows)),
                submit=lambda d, t: followup_bulk.postpone_many(self.ctx, item_ids=ids, new_due_date=d, reason=t))
            dialog.resize(680, dialog.sizeHint().height())  # one line per task in the list
            dialog.open()
            return dialog
        r = self.current_row()
        return None if r is None else open_postpone(self, self.ctx, self.bus, r.id, self._describe(r))

    def not_relevant(self) -> ActionDialog | None:
        rows = self.selected_rows()
        if len(rows) > 1:
            ids = [r.id for r in rows]
            dialog = ActionDialog(
                self, self.bus, title=_("The tasks are not relevant"), intro=self._describe_many(rows),
                text_label=_("Justification"), text_hint=_("Why are the tasks not relevant? (required)"),
                ok_text=ngettext("Close {n}", "Close {n}", len(rows)).format(n=len(rows)),
                submit=lambda _d, t: followup_bulk.mark_not_relevant_many(self.ctx, item_ids=ids, reason=t))
            dialog.resize(680, dialog.sizeHint().height())  # one line per task in the list
            dialog.open()
            return dialog
        r = self.current_row()
        return None if r is None else open_not_relevant(self, self.ctx, self.bus, r.id, self._describe(r))

    def assign_me(self, *, ask: bool = True) -> None:
        rows = self.selected_rows()
        user = self.ctx.user
        if not rows or user is None:
            return
        if len(rows) == 1:
            run(self, self.bus, lambda: followup.assign(self.ctx, item_id=rows[0].id, user_id=user.id))
            return
        question = ngettext("Assign {n} task to you?", "Assign {n} tasks to you?", len(rows)).format(n=len(rows))
        if ask and not confirm(self, _("Assign tasks"), question, yes=_("Assign to me")):
            return
        ids = [r.id for r in rows]
        run(self, self.bus, lambda: followup_bulk.assign_many(self.ctx, item_ids=ids, user_id=user.id))

    def assign_to(self) -> "AssignDialog | None":
        """Give the selected task(s) to an officer, or to nobody."""
        rows = self.selected_rows()
        if not rows:
            return None
        dialog = AssignDialog(self, self.ctx, self.bus, rows, self._describe_many(rows) if len(rows) > 1
                              else self._describe(rows[0]))
        dialog.open()
        return dialog


class AssignDialog(QDialog):
    """Choose the officer (or nobody) for one or many tasks; one batch call on OK."""

    def __init__(self, parent: QWidget, ctx, bus, rows: list[read.TaskRow], intro: str) -> None:
        super().__init__(parent)
        self.ctx, self.bus = ctx, bus
        self.ids = [r.id for r in rows]
        self.setWindowTitle(_("Assign tasks"))
        lay = QVBoxLayout(self)
        head = QLabel(intro)
        head.setWordWrap(True)
        lay.addWidget(head)
        self.officer = QComboBox()
        self.officer.setAccessibleName(_("Case officer"))
        self.officer.addItem(_("Nobody"), None)
        for uid, name in read.officers(ctx):
            self.officer.addItem(name, uid)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Case officer")))
        row.addWidget(self.officer, 1)
        lay.addLayout(row)
        self.error = error_label()
        lay.addWidget(self.error)
        lay.addWidget(dialog_buttons(_("Assign"), self.save, self.reject))
        self.officer.setFocus()

    def save(self) -> bool:
        from ..errors import NotFound, PermissionDenied, ValidationError
        try:
            changes = followup_bulk.assign_many(self.ctx, item_ids=self.ids, user_id=self.officer.currentData())
        except ValidationError as exc:
            self.error.setText("\n".join(exc.errors.values()))
            self.error.show()
            return False
        except (PermissionDenied, NotFound) as exc:
            self.error.setText(str(exc))
            self.error.show()
            return False
        self.bus.publish(changes)
        self.accept()
        return True


def overdue_count(ctx) -> int:
    """The start page card's number (re-exported so the main window needs one import)."""
    return read.overdue_count(ctx)
