""""Skriv ut…" from any item: a menu of the documents that item offers, a small
options dialog (language; meeting details for an invitation), then the preview.

Area owners call ``show_letter_menu(parent, ctx, bus, person_id=…)`` from their
"Skriv ut…" button or Ctrl+P.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QDate, QPoint, QTime
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDialog, QFormLayout, QLabel, QLineEdit, QMenu, QMessageBox, QPlainTextEdit,
    QTimeEdit, QVBoxLayout, QWidget,
)

from .. import vocab
from ..context import Context
from ..documents import Document, TemplateError
from ..documents.letters import SPECS, language_name
from ..documents.templates import available_languages, load_language
from ..errors import NotFound, PermissionDenied, ValidationError
from ..i18n import _
from ..queries import people as people_read
from ..queries import records
from ..services import printing
from .bus import ChangeBus
from .print_preview import PrintPreviewDialog, preview_documents
from .widgets import dialog_buttons

LETTERS = frozenset(SPECS)


@dataclass(frozen=True)
class MeetingFields:
    """The invitation's own fields in ``LetterOptionsDialog`` (only a meeting invitation has them)."""

    meeting_date: QDateEdit
    meeting_time: QTimeEdit
    place: QLineEdit
    purpose: QLineEdit
    interpreter_language: QComboBox


class LetterOptionsDialog(QDialog):
    """Asks what a letter needs before it is built: the extra language, and for an
    invitation the meeting's date, time, place, topic and interpreter language."""

    def __init__(self, kind: str, *, default_language: str = "nb", interpreter: str | None = None,
                 today: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setWindowTitle(printing.KINDS[kind][0])
        self.setMinimumWidth(420)
        form = QFormLayout()
        self.language = QComboBox(self)
        self.language.addItem(_("Norwegian only"), "nb")
        for code in available_languages():
            if code != "nb":
                self.language.addItem(_("Norwegian and {language}").format(language=language_name(code)), code)
        index = self.language.findData(default_language)
        self.language.setCurrentIndex(max(0, index))
        form.addRow(_("&Language:"), self.language)
        self.translation_status = QLabel(self)
        self.translation_status.setWordWrap(True)
        form.addRow("", self.translation_status)
        self.language.currentIndexChanged.connect(self._show_translation_status)
        self._show_translation_status()
        self.your_ref = QLineEdit(self)
        self.your_ref.setPlaceholderText(_("the recipient's reference, if they have one"))
        form.addRow(_("&Your ref.:"), self.your_ref)
        self.errors = QLabel(self)
        self.errors.setStyleSheet("color: #a00;")
        self.errors.setWordWrap(True)
        self.fields: dict[str, QWidget] = {}
        self.meeting: MeetingFields | None = None
        if kind == "meeting_invitation":
            start = today or dt.date.today()
            date_edit = QDateEdit(QDate(start.year, start.month, start.day) .addDays(7), self)
            date_edit.setCalendarPopup(True)
            date_edit.setDisplayFormat("dd.MM.yyyy")
            time_edit = QTimeEdit(QTime(10, 0), self)
            time_edit.setDisplayFormat("HH:mm")
            place = QLineEdit(self)
            place.setPlaceholderText(_("e.g. the town hall, meeting room 2"))
            purpose = QLineEdit(self)
            purpose.setPlaceholderText(_("e.g. integration plan"))
            interp = QComboBox(self)
            interp.addItem(_("No interpreter"), "")
            # the common interpreter languages (the full CLDR list is for the person form), plus the person's own
            for code, label in vocab.LANGUAGES_COMMON.items():
                if code != "nb":
                    interp.addItem(label, code)
            if interpreter and interp.findData(interpreter) < 0:
                interp.addItem(vocab.label(vocab.LANGUAGES, interpreter), interpreter)
            interp.setCurrentIndex(max(0, interp.findData(interpreter or "")))
            for label, name, widget in ((_("&Date:"), "meeting_date", date_edit),
                                        (_("T&ime:"), "meeting_time", time_edit),
                                        (_("P&lace:"), "place", place), (_("To&pic:"), "purpose", purpose),
                                        (_("I&nterpreter:"), "interpreter_language", interp)):
                form.addRow(label, widget)
                self.fields[name] = widget
            self.meeting = MeetingFields(date_edit, time_edit, place, purpose, interp)
        self.edit_body = QCheckBox(_("&Edit the Norwegian text of this letter before printing"), self)
        self.edit_body.setToolTip(_("The change applies to this one letter only and is kept with the print record. "
                                    "The translation is not changed."))
        form.addRow("", self.edit_body)
        buttons = dialog_buttons(_("Preview"), self.accept, self.reject, parent=self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        layout.addWidget(buttons)

    def _show_translation_status(self) -> None:
        """Whether a qualified translator has checked the chosen translation, said plainly."""
        code = self.language.currentData()
        info = load_language(code) if code and code != "nb" else None
        if info is None:
            self.translation_status.hide()
            return
        if info.checked:
            self.translation_status.setText(_("The translation has been checked by a qualified translator: {who}.")
                                            .format(who=info.checked_by))
            self.translation_status.setStyleSheet("color: #1a6b2a;")
        else:
            self.translation_status.setText(_("⚠ The translation into {language} has NOT been checked by a qualified "
                                              "translator. Use an interpreter when the letter matters.")
                                            .format(language=language_name(code)))
            self.translation_status.setStyleSheet("color: #a00; font-weight: bold;")
        self.translation_status.show()

    def values(self) -> dict[str, Any]:
        """The chosen options as keyword arguments for the printing service."""
        out: dict[str, Any] = {"language": self.language.currentData(), "your_ref": self.your_ref.text().strip()}
        if self.meeting is not None:  # a meeting invitation
            d = self.meeting.meeting_date.date()
            t = self.meeting.meeting_time.time()
            out |= {"meeting_date": dt.date(d.year(), d.month(), d.day()),
                    "meeting_time": dt.time(t.hour(), t.minute()),
                    "place": self.meeting.place.text(), "purpose": self.meeting.purpose.text(),
                    "interpreter_language": self.meeting.interpreter_language.currentData()}
        return out

    def show_errors(self, errors: dict[str, str]) -> None:
        self.errors.setText("\n".join(errors.values()))


class BodyEditDialog(QDialog):
    """The letter's Norwegian text to change before printing (blank line = new paragraph,
    '- ' = bullet). Only this letter changes; the change is kept with the print record."""

    def __init__(self, body: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Edit the letter text"))
        self.resize(640, 520)
        hint = QLabel(_("Change the Norwegian text of this one letter. A blank line starts a new paragraph; lines "
                        "starting with «- » become bullet points. The letterhead, heading and signature stay."), self)
        hint.setWordWrap(True)
        self.editor = QPlainTextEdit(self)
        self.editor.setPlainText(body)
        self.errors = QLabel(self)
        self.errors.setStyleSheet("color: #a00;")
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.errors)
        layout.addWidget(dialog_buttons(_("Preview"), self.accept, self.reject, parent=self))

    def text(self) -> str:
        return self.editor.toPlainText()


def _given(item_id: int | None, what: str) -> int:
    """The id a document is built from; NotFound (shown as "Cannot print") when the item was not given."""
    if item_id is None:
        raise NotFound(_("Nothing to print: {what} is not chosen.").format(what=what))
    return item_id


def build_document(ctx: Context, kind: str, ids: dict[str, int | None], options: dict[str, Any]) -> Document:
    """Call the printing service that builds ``kind`` for the given item ids.

    A person's household is looked up when only the person is given, and a placement's person when only the
    placement is; an id the document needs that is still missing raises NotFound before any service is called."""
    person_id, household_id = ids.get("person_id"), ids.get("household_id")
    placement_id, inspection_id = ids.get("placement_id"), ids.get("inspection_id")
    if household_id is None and person_id is not None:
        household_id = people_read.household_of(ctx, person_id)
    if person_id is None and placement_id is not None:
        person_id = records.require(ctx, "placement", placement_id).person_id
    lang = options.get("language", "nb")
    ref = options.get("your_ref", "")
    body = options.get("body")
    if kind == "meeting_invitation":
        return printing.meeting_invitation(ctx, person_id=_given(person_id, _("the person")), **options)
    if kind == "placement_confirmation":
        return printing.placement_confirmation(ctx, placement_id=_given(placement_id, _("the placement")),
                                               language=lang, your_ref=ref, body=body)
    if kind == "placement_agreement":
        return printing.placement_agreement(ctx, placement_id=_given(placement_id, _("the placement")))
    if kind == "welcome":
        return printing.welcome_letter(ctx, household_id=_given(household_id, _("the household")), language=lang,
                                       your_ref=ref, body=body)
    if kind == "household_summary":
        return printing.household_summary(ctx, household_id=_given(household_id, _("the household")))
    if kind == "inspection_notice":
        return printing.inspection_notice(ctx, inspection_id=_given(inspection_id, _("the inspection")),
                                          language=lang, your_ref=ref,
                                          short_notice_confirmed=bool(options.get("short_notice_confirmed")),
                                          body=body)
    if kind == "inspection_checklist":
        return printing.inspection_checklist(ctx, tenancy_id=ids.get("tenancy_id"), inspection_id=inspection_id)
    raise ValueError(f"unknown document kind {kind!r}")


def open_document(parent: QWidget | None, ctx: Context, bus: ChangeBus | None, kind: str,
                  ids: dict[str, int | None], *, options: dict[str, Any] | None = None,
                  ask: bool = True) -> PrintPreviewDialog | None:
    """Ask the options a letter needs (unless given), build it and open the preview.

    Errors are shown to the user (nothing is printed or recorded); returns the
    preview dialog, or None when cancelled or refused.
    """
    person = records.fetch(ctx, "person", ids["person_id"]) if ids.get("person_id") else None
    if person is None and ids.get("placement_id"):
        placement = records.fetch(ctx, "placement", ids["placement_id"])
        person = records.fetch(ctx, "person", placement.person_id) if placement else None
    dialog = None
    if options is None and ask and kind in LETTERS:
        dialog = LetterOptionsDialog(kind, default_language=printing.preferred_language(person),
                                     interpreter=person.interpreter_language if person else None,
                                     today=ctx.today(), parent=parent)
    while True:
        if dialog is not None:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            options = dialog.values()
        try:
            doc = build_document(ctx, kind, ids, options or {})
            if dialog is not None and dialog.edit_body.isChecked() and doc.body:
                editor = BodyEditDialog(doc.body, parent)
                if editor.exec() != QDialog.DialogCode.Accepted:
                    return None
                options = {**(options or {}), "body": editor.text()}
                doc = build_document(ctx, kind, ids, options)
            return preview_documents(parent, ctx, bus, [doc])
        except ValidationError as exc:
            if set(exc.errors) == {"short_notice"}:
                answer = QMessageBox.question(
                    parent, _("Short notice"),
                    _("{problem}\n\nHas the tenant agreed to shorter notice, or is the inspection urgent? Then the "
                      "notice can be printed anyway.").format(problem=exc.errors["short_notice"]),
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
                if answer != QMessageBox.StandardButton.Yes:
                    return None
                options = {**(options or {}), "short_notice_confirmed": True}
                dialog = None
                continue
            if dialog is None:
                QMessageBox.warning(parent, _("Cannot print"), "\n".join(exc.errors.values()))
                return None
            dialog.show_errors(exc.errors)
        except (TemplateError, PermissionDenied, NotFound) as exc:
            QMessageBox.warning(parent, _("Cannot print"), str(exc))
            return None


def letter_menu(parent: QWidget | None, ctx: Context, bus: ChangeBus | None, **ids: int | None) -> QMenu:
    """A menu of the documents available for the item(s) given by id."""
    menu = QMenu(_("Print"), parent)
    kinds = printing.available_documents(ctx, **ids)
    for kind, label in kinds:
        action = menu.addAction(_("{document}…").format(document=label) if kind in LETTERS else label)
        action.setData(kind)
        action.triggered.connect(lambda _checked=False, k=kind: open_document(parent, ctx, bus, k, ids))
    if not kinds:
        menu.addAction(_("No documents to print here")).setEnabled(False)
    return menu


def show_letter_menu(parent: QWidget | None, ctx: Context, bus: ChangeBus | None, *,
                     household_id: int | None = None, person_id: int | None = None,
                     placement_id: int | None = None, tenancy_id: int | None = None,
                     inspection_id: int | None = None, pos: QPoint | None = None) -> QMenu:
    """Pop up the "Skriv ut" menu for an item (at ``pos`` or the mouse cursor)."""
    menu = letter_menu(parent, ctx, bus, household_id=household_id, person_id=person_id,
                       placement_id=placement_id, tenancy_id=tenancy_id, inspection_id=inspection_id)
    menu.popup(pos or QCursor.pos())
    return menu
