"""A household's follow-up plan over years 1–5, for embedding in the household detail.

``FollowupTimeline(ctx, bus).set_household(id)`` shows: the current
follow-up year and when follow-up ends, a strip of the years (before
arrival, 1–5) with done / open / overdue counts, and every item grouped by
year. Data: ``reports.tasks.household_timeline``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from ..i18n import _, ngettext, pgettext
from ..ids import HouseholdId
from ..reports import tasks as read
from ..rules import followup as rules
from ..services import followup
from ..services.access import can
from ..services.base import Changes
from .bus import ChangeBus
from .task_dialogs import ActionDialog, fmt_date

STATE_LABEL = {"done": pgettext("task state", "Done"), "open": pgettext("task state", "Open"),
               "overdue": pgettext("task state", "Overdue"), "closed": ""}
STATE_COLOR = {"done": "#1e6b35", "open": "#333333", "overdue": "#9b1c1c", "closed": "#777777"}


class _YearBox(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("yearbox")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600;")
        self.dates = QLabel()
        self.dates.setStyleSheet("color: #555; font-size: 9pt;")
        self.counts = QLabel()
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        for w in (self.title, self.dates, self.counts):
            lay.addWidget(w)

    def show_year(self, year: read.TimelineYear, current: bool) -> None:
        self.title.setText(_("Before arrival") if year.year == 0 else
                           (_("Year {year} (now)") if current else _("Year {year}")).format(year=year.year))
        if year.year == 0:
            self.dates.setText("")
        else:
            self.dates.setText(f"{fmt_date(year.start)}–{fmt_date(year.end)}" if year.start else "")
        overdue = year.count("overdue")
        text = f"<span style='color:#1e6b35'>✔ {year.count('done')}</span> &nbsp; ○ {year.count('open')}"
        if overdue:
            text += f" &nbsp; <span style='color:#9b1c1c; font-weight:600'>! {overdue}</span>"
        self.counts.setText(text)
        border = "#1f4e79" if current else ("#e3a14b" if overdue else "#d9dee5")
        width = 2 if current else 1
        self.setStyleSheet(f"QFrame#yearbox {{ background: white; border: {width}px solid {border}; "
                           f"border-radius: 6px; }}")


class FollowupTimeline(QWidget):
    """Years 1–5 of one household: done, open and overdue items, current year, follow-up end."""

    def __init__(self, ctx, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bus = bus
        self.household_id: int | None = None
        self.timeline: read.Timeline | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setStyleSheet("font-size: 11pt;")
        lay.addWidget(self.header)
        strip = QHBoxLayout()
        self.boxes = [_YearBox(self) for _i in range(6)]
        for b in self.boxes:
            strip.addWidget(b)
        lay.addLayout(strip)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([_("Deadline"), _("Task"), _("Person"), _("Responsible"), _("Status")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setRootIsDecorated(True)
        for col, width in enumerate((140, 380, 150, 160, 200)):
            self.tree.setColumnWidth(col, width)
        lay.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        self.done_button = QPushButton(_("Mark as done…"))
        self.done_button.clicked.connect(self.mark_done)
        self.reopen_button = QPushButton(_("Undo done"))
        self.reopen_button.clicked.connect(self.reopen)
        self.new_button = QPushButton(_("New task…"))
        self.new_button.clicked.connect(self.new_item)
        for button in (self.done_button, self.reopen_button, self.new_button):
            button.setEnabled(can(ctx, "followup.write"))
            buttons.addWidget(button)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        bus.changed.connect(self.on_changes)

    def set_household(self, household_id: int | None) -> None:
        self.household_id = household_id
        self.refresh()

    def on_changes(self, changes: Changes) -> None:
        if self.household_id is not None and (changes.ids("follow_up_item") or self.household_id in
                                              changes.ids("household")):
            self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        if self.household_id is None or not can(self.ctx, "followup.read"):
            self.header.setText("" if self.household_id is None
                                else _("You do not have access to the follow-up plans."))
            return
        t = read.household_timeline(self.ctx, household_id=self.household_id)
        self.timeline = t
        if t.settlement_date is None:
            self.header.setText(_("The household has no settlement date yet. "
                                  "The plan is made when the settlement date is set."))
        else:
            now = (_("before arrival") if t.current_year == 0 else
                   _("ended") if t.current_year is None else
                   _("{year} of {years}").format(year=t.current_year, years=5))
            self.header.setText("<b>" + _("Settled {date}").format(date=fmt_date(t.settlement_date)) + "</b> · "
                                + _("follow-up year {year} · follow-up ends {date}").format(
                                    year=now, date=fmt_date(t.follow_up_end)))
        for box, year in zip(self.boxes, t.years, strict=True):
            box.show_year(year, current=(year.year == t.current_year))
        for year in t.years:
            if not year.items:
                continue
            label = _("Before arrival") if year.year == 0 else _("Year {year}").format(year=year.year)
            period = f"{fmt_date(year.start)}–{fmt_date(year.end)} · " if year.year and year.start else ""
            tasks = ngettext("{n} task", "{n} tasks", len(year.items)).format(n=len(year.items))
            top = QTreeWidgetItem([label, period + _("{tasks} · {done} done · {overdue} overdue").format(
                tasks=tasks, done=year.count("done"), overdue=year.count("overdue"))])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setFirstColumnSpanned(False)
            self.tree.addTopLevelItem(top)
            for it in year.items:
                status = STATE_LABEL[it.state] or rules.STATUSES.get(it.status, it.status)
                if it.state == "done" and it.done_date:
                    status = _("Done {date}").format(date=fmt_date(it.done_date))
                elif it.status == "postponed":
                    status = (_("Overdue (original deadline {date})") if it.state == "overdue"
                              else _("Postponed (original deadline {date})")).format(
                                  date=fmt_date(it.original_due_date))
                row = QTreeWidgetItem([fmt_date(it.due_date), it.title, it.person_name,
                                       rules.RESPONSIBLE.get(it.responsible, it.responsible), status])
                row.setData(0, Qt.ItemDataRole.UserRole, it.id)
                row.setForeground(4, QBrush(QColor(STATE_COLOR[it.state])))
                if it.state == "overdue":
                    for col in range(5):
                        row.setForeground(col, QBrush(QColor(STATE_COLOR["overdue"])))
                tips = [x for x in (it.note, it.reason) if x]
                if tips:
                    row.setToolTip(1, "\n".join(tips))
                top.addChild(row)
            current = year.year == t.current_year
            top.setExpanded(current or year.count("overdue") > 0)

    def current_item(self) -> read.TimelineItem | None:
        node = self.tree.currentItem()
        if node is None or self.timeline is None:
            return None
        item_id = node.data(0, Qt.ItemDataRole.UserRole)
        for year in self.timeline.years:
            for it in year.items:
                if it.id == item_id:
                    return it
        return None

    def reopen(self) -> None:
        """Undo a done / not relevant mark (for a click on the wrong row)."""
        from .task_dialogs import run
        it = self.current_item()
        if it is not None and it.status in ("done", "not_relevant"):
            run(self, self.bus, lambda: followup.reopen(self.ctx, item_id=it.id))

    def new_item(self) -> ActionDialog | None:
        """A one-off task for this household (integreringstjenesten is responsible)."""
        if self.household_id is None:
            return None
        hid = HouseholdId(self.household_id)
        dialog = ActionDialog(self, self.bus, title=_("New task"),
                              intro=_("The task is put in the household's plan and shows in Tasks."),
                              date_label=_("Deadline"), date_value=None, text_label=_("Task"), ok_text=_("Add"),
                              submit=lambda d, t: followup.add_item(self.ctx, household_id=hid, title=t.strip(),
                                                                    due_date=d))
        dialog.open()
        return dialog

    def mark_done(self) -> ActionDialog | None:
        it = self.current_item()
        if it is None or it.state not in ("open", "overdue"):
            return None
        dialog = ActionDialog(self, self.bus, title=_("Mark the task as done"),
                              intro=f"<b>{it.title}</b><br>" + _("Deadline {date}").format(date=fmt_date(it.due_date)),
                              date_label=_("Date done"), date_value=self.ctx.today(), text_label=_("Note"),
                              ok_text=_("Mark done"),
                              submit=lambda d, t: followup.mark_done(self.ctx, item_id=it.id, done_date=d, note=t))
        dialog.open()
        return dialog
