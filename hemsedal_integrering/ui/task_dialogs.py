"""Small dialogs for the follow-up and inspection areas: a date + text action that calls one service.

The dialog never writes itself: it collects the values, calls the service
function given to it, shows ValidationError messages beside the fields and
stays open; on success it publishes the Changes on the bus and closes.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Callable

from PySide6.QtWidgets import (QDialog, QFormLayout, QLabel, QLineEdit, QMessageBox,
                               QPlainTextEdit, QVBoxLayout, QWidget)

from ..errors import NotFound, PermissionDenied, ValidationError
from ..services import followup
from ..services.base import Changes
from ..i18n import _, number
from .bus import ChangeBus
from .widgets import dialog_buttons, error_label


def fmt_date(value: dt.date | dt.datetime | None) -> str:
    """dd.mm.åååå (with tt:mm for a datetime); '' for None."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return _("{date} at {time}").format(date=value.strftime("%d.%m.%Y"), time=value.strftime("%H:%M"))
    return value.strftime("%d.%m.%Y")




def show_error(parent: QWidget, exc: Exception) -> None:
    """A message box for errors that do not belong to a field."""
    if isinstance(exc, ValidationError):
        text = "\n".join(exc.errors.values())
    else:
        text = str(exc)
    QMessageBox.warning(parent, _("Could not save"), _("{error}\n\nNothing was changed.").format(error=text))


def run(parent: QWidget, bus: ChangeBus, action: Callable[[], Changes]) -> Changes | None:
    """Call a service; publish its changes, or show why nothing was saved."""
    try:
        changes = action()
    except (ValidationError, PermissionDenied, NotFound) as exc:
        show_error(parent, exc)
        return None
    bus.publish(changes)
    return changes


class ActionDialog(QDialog):
    """A date field and/or a text field, then ``submit(date_text, text) -> Changes``."""

    def __init__(self, parent: QWidget | None, bus: ChangeBus, *, title: str, intro: str,
                 submit: Callable[[str, str], Changes], date_label: str | None = None,
                 date_value: dt.date | None = None, text_label: str = _("Note"), text_hint: str = "",
                 ok_text: str = _("Save")) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.bus = bus
        self._submit = submit
        self.changes: Changes | None = None
        lay = QVBoxLayout(self)
        head = QLabel(intro)
        head.setWordWrap(True)
        lay.addWidget(head)
        form = QFormLayout()
        lay.addLayout(form)
        self.date_edit: QLineEdit | None = None
        self.errors: dict[str, QLabel] = {}
        if date_label is not None:
            self.date_edit = QLineEdit(fmt_date(date_value))
            self.date_edit.setPlaceholderText(_("dd.mm.yyyy"))
            self.date_edit.setAccessibleName(date_label)
            form.addRow(date_label, self.date_edit)
            self.errors["date"] = error_label()
            form.addRow("", self.errors["date"])
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText(text_hint)
        self.text_edit.setAccessibleName(text_label)
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setFixedHeight(90)
        form.addRow(text_label, self.text_edit)
        self.errors["text"] = error_label()
        form.addRow("", self.errors["text"])
        self.errors[""] = error_label()
        lay.addWidget(self.errors[""])
        buttons = dialog_buttons(ok_text, self.save, self.reject)
        lay.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def save(self) -> bool:
        for label in self.errors.values():
            label.hide()
        date_text = self.date_edit.text() if self.date_edit is not None else ""
        try:
            self.changes = self._submit(date_text, self.text_edit.toPlainText())
        except ValidationError as exc:
            for field, message in exc.errors.items():
                target = "date" if ("date" in field and "date" in self.errors) else (
                    "text" if field in ("note", "reason", "text", "title") else "")
                self.errors[target].setText(message)
                self.errors[target].show()
            return False
        except (PermissionDenied, NotFound) as exc:
            self.errors[""].setText(str(exc))
            self.errors[""].show()
            return False
        self.bus.publish(self.changes)
        self.accept()
        return True


# ----- one follow-up task: the three dialogs Oppgaver and Boligoppgaver both offer -----

def open_done(parent: QWidget, ctx, bus: ChangeBus, item_id: int, intro: str) -> ActionDialog:
    """Mark one task done (date done, optional note) through ``services.followup.mark_done``."""
    dialog = ActionDialog(parent, bus, title=_("Mark the task as done"), intro=intro,
                          date_label=_("Date done"), date_value=ctx.today(), text_label=_("Note"),
                          text_hint=_("What was done (optional)"), ok_text=_("Mark done"),
                          submit=lambda d, t: followup.mark_done(ctx, item_id=item_id, done_date=d, note=t))
    dialog.open()
    return dialog


def open_postpone(parent: QWidget, ctx, bus: ChangeBus, item_id: int, intro: str) -> ActionDialog:
    """Postpone one task (new deadline, required justification) through ``services.followup.postpone``."""
    dialog = ActionDialog(parent, bus, title=_("Postpone the task"), intro=intro,
                          date_label=_("New deadline"), date_value=None, text_label=_("Justification"),
                          text_hint=_("Why is the task postponed? (required)"), ok_text=_("Postpone"),
                          submit=lambda d, t: followup.postpone(ctx, item_id=item_id, new_due_date=d, reason=t))
    dialog.open()
    return dialog


def open_not_relevant(parent: QWidget, ctx, bus: ChangeBus, item_id: int, intro: str) -> ActionDialog:
    """Close one task as not relevant (required justification) through ``services.followup``."""
    dialog = ActionDialog(parent, bus, title=_("The task is not relevant"), intro=intro,
                          text_label=_("Justification"),
                          text_hint=_("Why is the task not relevant? (required)"), ok_text=_("Not relevant"),
                          submit=lambda _d, t: followup.mark_not_relevant(ctx, item_id=item_id, reason=t))
    dialog.open()
    return dialog


def counts_line(counts: dict[str, int], *, later: bool, shown: int | None = None) -> str:
    """'Forfalt: 3 · Denne uken: 1 · Innen 30 dager: 4' (rich text; overdue in red when there are any).

    ``counts`` are every matching task's; with ``shown`` fewer than their sum (the list stops at its
    row limit), the line says how many the list holds.
    """
    overdue = _("Overdue: {n}").format(n=counts["overdue"])
    parts = [f"<span style='color:#9b1c1c; font-weight:600'>{overdue}</span>" if counts["overdue"] else overdue,
             _("This week: {n}").format(n=counts["week"]), _("Within 30 days: {n}").format(n=counts["month"])]
    if later:
        parts.append(_("Later: {n}").format(n=counts["later"]))
    line = " &nbsp;·&nbsp; ".join(parts)
    if shown is not None and shown < sum(counts.values()):
        line += "<br><span style='color:#555'>" + escape(_(
            "The list shows the first {n} by due date: narrow it with the search or a filter.").format(
            n=number(shown))) + "</span>"
    return line
