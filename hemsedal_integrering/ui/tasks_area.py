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

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget)

from .. import vocab
from ..i18n import _, ngettext, pgettext
from ..reports import tasks as read
from ..rules import followup as rules
from ..services import followup, followup_bulk
from ..services.access import can
from ..services.base import Changes
from .area import Area
from .forms import confirm
from .task_dialogs import ActionDialog, fmt_date, run
from .widgets import dialog_buttons, error_label, heading

COLUMNS = [_("Deadline"), _("When"), _("Task"), _("Household"), _("Person"), _("Responsible"), _("Municipality"),
           _("Case officer")]
OVERDUE_BG = QColor("#fde8e8")
OVERDUE_FG = QColor("#9b1c1c")
WEEK_BG = QColor("#fff6e0")


class TaskTableModel(QAbstractTableModel):
    """Rows of ``reports.tasks.TaskRow`` (ids plus what the columns show)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[read.TaskRow] = []
        self.today = None

    def set_rows(self, rows: list[read.TaskRow], today) -> None:
        self.beginResetModel()
        self.rows = rows
        self.today = today
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def _when(self, r: read.TaskRow) -> str:
        if r.bucket == "overdue":
            days = (self.today - r.due_date).days
            return ngettext("Overdue ({n} day)", "Overdue ({n} days)", days).format(n=days)
        if r.status == "postponed":
            return _("{when} · postponed").format(when=rules.BUCKETS[r.bucket])
        return rules.BUCKETS[r.bucket]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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


class TasksArea(Area):
    """The task overview (side-bar: Oppgaver)."""

    title = pgettext("side bar", "Tasks")
    key = "tasks"
    permission = "followup.read"

    def __init__(self, ctx, bus, parent: QWidget | None = None) -> None:
        super().__init__(ctx, bus, parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.addWidget(heading(_("Tasks in the follow-up plans")))
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.summary)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search in task, household or person (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.responsible = QComboBox()
        self.responsible.addItem(_("All responsible"), None)
        for code, label in rules.RESPONSIBLE.items():
            self.responsible.addItem(label, code)
        self.municipality = QComboBox()
        for label, code in ((_("Both municipalities"), None),
                            *((name, code) for code, name in vocab.MUNICIPALITIES.items())):
            self.municipality.addItem(label, code)
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
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for col, width in enumerate((90, 165, 300, 150, 140, 150, 80, 110)):
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
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

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.responsible, self.municipality, self.officer):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.later.toggled.connect(lambda _b: self.refresh())
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
        if not can(self.ctx, "followup.read"):
            self.summary.setText(_("You do not have access to the follow-up plans."))
            self.model.set_rows([], self.ctx.today())
            return
        selected = self.current_row()
        chosen = {r.id for r in self.selected_rows()}
        rows = read.list_tasks(self.ctx, responsible=self.responsible.currentData(),
                               municipality=self.municipality.currentData(), assigned_to=self.officer.currentData(),
                               search=self.search.text(), include_later=self.later.isChecked())
        self.model.set_rows(rows, self.ctx.today())
        counts = read.group_counts(rows)
        overdue = counts["overdue"]
        overdue_text = _("Overdue: {n}").format(n=overdue)
        parts = [f"<span style='color:#9b1c1c; font-weight:600'>{overdue_text}</span>" if overdue else overdue_text,
                 _("This week: {n}").format(n=counts["week"]), _("Within 30 days: {n}").format(n=counts["month"])]
        if self.later.isChecked():
            parts.append(_("Later: {n}").format(n=counts["later"]))
        self.summary.setText(" &nbsp;·&nbsp; ".join(parts))
        if len(chosen) > 1:
            self.select_tasks([r.id for r in rows if r.id in chosen])
        elif selected is not None:
            for i, r in enumerate(rows):
                if r.id == selected.id:
                    self.table.selectRow(i)
                    break
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
        idx = self.table.currentIndex()
        if not idx.isValid() or idx.row() >= len(self.model.rows):
            return None
        return self.model.rows[idx.row()]

    def select_task(self, item_id: int) -> bool:
        """Select a task by id (for tests and for jumping here from elsewhere)."""
        for i, r in enumerate(self.model.rows):
            if r.id == item_id:
                self.table.selectRow(i)
                return True
        return False

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
        if r is None:
            return None
        dialog = ActionDialog(self, self.bus, title=_("Mark the task as done"), intro=self._describe(r),
                              date_label=_("Date done"), date_value=self.ctx.today(), text_label=_("Note"),
                              text_hint=_("What was done (optional)"), ok_text=_("Mark done"),
                              submit=lambda d, t: followup.mark_done(self.ctx, item_id=r.id, done_date=d, note=t))
        dialog.open()
        return dialog

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
        if r is None:
            return None
        dialog = ActionDialog(self, self.bus, title=_("Postpone the task"), intro=self._describe(r),
                              date_label=_("New deadline"), date_value=None, text_label=_("Justification"),
                              text_hint=_("Why is the task postponed? (required)"), ok_text=_("Postpone"),
                              submit=lambda d, t: followup.postpone(self.ctx, item_id=r.id, new_due_date=d, reason=t))
        dialog.open()
        return dialog

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
        if r is None:
            return None
        dialog = ActionDialog(self, self.bus, title=_("The task is not relevant"), intro=self._describe(r),
                              text_label=_("Justification"),
                              text_hint=_("Why is the task not relevant? (required)"), ok_text=_("Not relevant"),
                              submit=lambda _d, t: followup.mark_not_relevant(self.ctx, item_id=r.id, reason=t))
        dialog.open()
        return dialog

    def assign_me(self, *, ask: bool = True) -> None:
        rows = self.selected_rows()
        if not rows or self.ctx.user is None:
            return
        if len(rows) == 1:
            run(self, self.bus, lambda: followup.assign(self.ctx, item_id=rows[0].id, user_id=self.ctx.user.id))
            return
        question = ngettext("Assign {n} task to you?", "Assign {n} tasks to you?", len(rows)).format(n=len(rows))
        if ask and not confirm(self, _("Assign tasks"), question, yes=_("Assign to me")):
            return
        ids = [r.id for r in rows]
        run(self, self.bus, lambda: followup_bulk.assign_many(self.ctx, item_ids=ids, user_id=self.ctx.user.id))

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
