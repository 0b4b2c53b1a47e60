"""Form dialogs: fields built in code, one service call on save, errors beside the fields.

A ``FormDialog`` subclass adds its fields with ``add_*`` and implements
``submit()``, which calls exactly one service function and returns its
``Changes``. On ``ValidationError`` each message is shown in a red line under
the field of the same name (``aliases`` maps service names such as ``unit``
to the form's field); messages for unknown names and for "" appear at the top
of the form. Nothing is saved when anything is invalid, because the service
validates before it writes. Ctrl+S saves, Esc closes, and closing with
unsaved changes asks first.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..context import Context
from ..errors import Conflict, NotFound, PermissionDenied, ServerUnavailable, ValidationError
from ..i18n import _
from ..queries import records
from ..services.base import Changes, retrying
from ..services.versions import expect_versions
from . import fmt
from .bus import ChangeBus
from .picker import RecordPicker
from .widgets import ERROR_STYLE, dialog_buttons, error_label  # noqa: F401 (re-exported)

DATE_HINT = _("dd.mm.yyyy")


class LanguagePicker(QListWidget):
    """Checkable list of languages; value = comma-separated codes, first checked = preferred."""

    def __init__(self, options: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for code_, label in options.items():
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code_)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        self.setMaximumHeight(110)

    def value(self) -> str:
        return ",".join(self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                        if self.item(i).checkState() == Qt.CheckState.Checked)

    def filter(self, text: str) -> None:
        """Show the languages whose name contains ``text`` (ticked ones always stay visible)."""
        needle = text.strip().casefold()
        for i in range(self.count()):
            item = self.item(i)
            item.setHidden(bool(needle) and needle not in item.text().casefold()
                           and item.checkState() != Qt.CheckState.Checked)

    def set_value(self, codes: str | None) -> None:
        wanted = {c for c in (codes or "").split(",") if c}
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in wanted
                               else Qt.CheckState.Unchecked)


class FormDialog(QDialog):
    """Base of every form: fields, error labels, save/cancel, unsaved-changes guard."""

    aliases: dict[str, str] = {}
    #: What saving needs (e.g. "housing.write"); without it, or while the database is read-only,
    #: the form opens for reading: Lagre is disabled and a line at the top says why.
    permission: str = ""

    def __init__(self, ctx: Context, bus: ChangeBus | None, title: str, parent: QWidget | None = None,
                 intro: str = "", columns: int = 1) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bus = bus
        self.changes: Changes | None = None
        self.setWindowTitle(title)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._snapshot: dict[str, Any] | None = None
        self._loaded: dict[tuple[str, int], dict] = {}  # the values of the records this form edits (track)
        self.loaded_versions: dict[tuple[str, int], int] = {}
        outer = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        outer.addWidget(heading)
        if intro:
            text = QLabel(intro)
            text.setWordWrap(True)
            outer.addWidget(text)
        self.form_error = error_label()
        self.form_error.setObjectName("form_error")
        outer.addWidget(self.form_error)
        row = QHBoxLayout()
        self.forms: list[QFormLayout] = []
        for _column in range(columns):
            form = QFormLayout()
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            row.addLayout(form, 1)
            self.forms.append(form)
        outer.addLayout(row)
        self.body = outer
        self.buttons = dialog_buttons(_("Save"), self.save, self.reject, standard=QDialogButtonBox.StandardButton.Save)
        self._footer_added = False
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

    def add_footer(self) -> None:
        """Put the Lagre/Avbryt buttons last (call after the subclass added its own widgets)."""
        if not self._footer_added:
            self.body.addWidget(self.buttons)
            self._footer_added = True
            reason = self.why_not_saved()
            if reason:
                save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
                save.setEnabled(False)
                save.setToolTip(reason)
                note = QLabel(_("You can read this form but not save it: {reason}").format(reason=reason))
                note.setObjectName("read_only_note")
                note.setWordWrap(True)
                note.setStyleSheet("background: #fff4d6; color: #5c4400; padding: 6px; border-radius: 3px;")
                self.body.insertWidget(1, note)

    def why_not_saved(self) -> str:
        """'' when the user may save; else why not (the read-only database, or the role)."""
        from ..services.access import read_only_reason, why_not
        return read_only_reason(self.ctx) or (why_not(self.ctx, self.permission) if self.permission else "")

    # ----- building -----

    def _add(self, name: str, label: str, widget: QWidget, column: int = 0, hint: str = "") -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(widget)
        if hint:
            small = QLabel(hint)
            small.setStyleSheet("color: #666; font-size: 9pt;")
            lay.addWidget(small)
        err = error_label()
        err.setObjectName(f"error_{name}")
        lay.addWidget(err)
        widget.setObjectName(name)
        self.forms[column].addRow(label, box)
        self.fields[name] = widget
        self.errors[name] = err
        return widget

    def add_text(self, name: str, label: str, *, column: int = 0, placeholder: str = "", hint: str = "",
                 value: Any = "") -> QLineEdit:
        w = QLineEdit("" if value is None else str(value))
        w.setPlaceholderText(placeholder)
        return self._add(name, label, w, column, hint)  # type: ignore[return-value]

    def add_date(self, name: str, label: str, *, column: int = 0, value: Any = None, hint: str = "") -> QLineEdit:
        w = QLineEdit(fmt.date(value))
        w.setPlaceholderText(DATE_HINT)
        w.setMaximumWidth(140)
        w.setMinimumWidth(w.fontMetrics().horizontalAdvance("00.00.00000") + 16)  # a date is never cut
        return self._add(name, label, w, column, hint)  # type: ignore[return-value]

    def add_multiline(self, name: str, label: str, *, column: int = 0, value: str = "",
                      height: int = 70) -> QPlainTextEdit:
        w = QPlainTextEdit(value or "")
        w.setTabChangesFocus(True)
        w.setFixedHeight(height)
        return self._add(name, label, w, column)  # type: ignore[return-value]

    def add_choice(self, name: str, label: str, options: dict[Any, str], *, column: int = 0, value: Any = None,
                   empty: str | None = None, searchable: bool = False) -> QComboBox:
        """A drop-down of ``options`` (code -> label); ``empty`` adds a first "none" entry.
        ``searchable`` lets the user type any part of a label (long lists: households, persons)."""
        w = QComboBox()
        if searchable:
            w.setEditable(True)
            w.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            completer = w.completer()  # an editable combo box has one
            if completer is not None:
                completer.setFilterMode(Qt.MatchFlag.MatchContains)
                completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        if empty is not None:
            w.addItem(empty, None)
        for code_, text in options.items():
            w.addItem(text, code_)
        idx = w.findData(value)
        if idx >= 0:
            w.setCurrentIndex(idx)
        return self._add(name, label, w, column)  # type: ignore[return-value]

    def add_picker(self, name: str, label: str, spec, *, column: int = 0, value: int | None = None,
                   placeholder: str = _("Type to search …")) -> RecordPicker:
        """Choose one of many records (``queries.pickers`` spec) by typing: the matches come
        from SQL per keystroke, so nothing is loaded up front. The field's value is the id."""
        w = RecordPicker(self.ctx.db, spec, placeholder=placeholder)
        w.set_value(value)
        return self._add(name, label, w, column)  # type: ignore[return-value]

    def add_check(self, name: str, label: str, *, column: int = 0, value: bool = False, text: str = "") -> QCheckBox:
        w = QCheckBox(text)
        w.setChecked(bool(value))
        return self._add(name, label, w, column)  # type: ignore[return-value]

    def add_languages(self, name: str, label: str, options: dict[str, str], *, column: int = 0,
                      value: str = "") -> LanguagePicker:
        w = LanguagePicker(options)
        w.set_value(value)
        hint = _("The first one ticked is the preferred language.")
        self._add(name, label, w, column, hint=hint)
        # Every language CLDR names is in the list: a filter above it finds one by typing.
        search = QLineEdit()
        search.setObjectName(f"{name}_filter")
        search.setPlaceholderText(_("Find a language …"))
        search.setClearButtonEnabled(True)
        search.textChanged.connect(w.filter)
        box = w.parentWidget()  # the field's box from _add: a QVBoxLayout of field, hint and error
        layout = box.layout() if box is not None else None
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, search)
        return w

    # ----- values -----

    def value(self, name: str) -> Any:
        w = self.fields[name]
        if isinstance(w, RecordPicker):  # before QLineEdit: it is one, but its value is the id
            return w.value()
        if isinstance(w, QLineEdit):
            return w.text()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, LanguagePicker):
            return w.value()
        raise TypeError(type(w))

    def set_value(self, name: str, value: Any) -> None:
        w = self.fields[name]
        if isinstance(w, RecordPicker):
            w.set_value(value)
        elif isinstance(w, QLineEdit):
            w.setText(fmt.date(value) if hasattr(value, "isoformat") else ("" if value is None else str(value)))
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(value or "")
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(max(0, w.findData(value)))
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, LanguagePicker):
            w.set_value(value)

    def values(self) -> dict[str, Any]:
        return {name: self.value(name) for name in self.fields}

    def mark_clean(self) -> None:
        """Remember the current values as the saved state (call when the form is filled)."""
        self._snapshot = self.values()

    def is_dirty(self) -> bool:
        return self._snapshot is not None and self.values() != self._snapshot

    # ----- errors -----

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()
        self.form_error.clear()
        self.form_error.hide()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message under its field; the rest at the top. Focus the first bad field."""
        self.clear_errors()
        general: list[str] = []
        first: QWidget | None = None
        for key, message in errors.items():
            name = self.aliases.get(key, key)
            if name in self.errors:
                self.errors[name].setText(message)
                self.errors[name].show()
                first = first or self.fields[name]
            else:
                general.append(message)
        if general:
            self.form_error.setText("\n".join(general))
            self.form_error.show()
        if first is not None:
            first.setFocus()

    def error_text(self, name: str) -> str:
        return self.errors[name].text() if not self.errors[name].isHidden() else ""

    # ----- saving and closing -----

    def submit(self) -> Changes | None:
        """Call the one service function for this form; return its Changes."""
        raise NotImplementedError

    # ----- versions: a save based on what this form loaded (issue 17) -----

    def track(self, row: records.Record | None) -> None:
        """Remember the version of a record this form edits; its save is refused if someone saved it since."""
        if row is None or "row_version" not in row.values:
            return
        key = (row.table, int(row.id))
        self._loaded[key] = dict(row.values)
        self.loaded_versions[key] = int(row.values["row_version"])

    def reload(self) -> None:
        """Take the record again from the database (after a refused save): each field the other person
        changed shows their value; what the user typed in the other fields stays (nothing typed is lost)."""
        for (table, row_id), seen in list(self._loaded.items()):
            fresh = records.fetch(self.ctx, table, row_id)
            if fresh is None:
                continue
            for name in self.fields:
                if name in fresh.values and fresh.values[name] != seen.get(name):
                    self.set_value(name, fresh.values[name])
            self._loaded[(table, row_id)] = dict(fresh.values)
            self.loaded_versions[(table, row_id)] = int(fresh.values["row_version"])

    def _offer_reload(self, exc: Conflict) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, _("Changed by someone else"), str(exc), parent=self)
        again = box.addButton(_("Reload"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Keep my text"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(again)
        box.exec()
        if box.clickedButton() is again:
            self.reload()

    def offer_retry(self, exc: ServerUnavailable) -> bool:
        """«Prøv igjen» or keep the form open (its input stays) after the server could not be reached."""
        box = QMessageBox(QMessageBox.Icon.Warning, _("The server cannot be reached"), str(exc), parent=self)
        again = box.addButton(_("Try again"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Not now"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(again)
        box.exec()
        return box.clickedButton() is again

    def save(self) -> bool:
        self.clear_errors()
        reason = self.why_not_saved()
        if reason:  # Ctrl+S on a form opened for reading
            self.show_errors({"": reason})
            return False
        try:
            with expect_versions(self.loaded_versions):
                changes = retrying(self.submit)  # a server's deadlock/serialization failure: the same call again
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        except Conflict as exc:  # someone saved this record after the form loaded it: nothing was saved
            self.show_errors({"": str(exc)})
            self._offer_reload(exc)
            return False
        except (PermissionDenied, NotFound) as exc:
            self.show_errors({"": str(exc)})
            return False
        except ServerUnavailable as exc:  # the server is gone (issue 17): nothing saved, the form keeps its input
            FormDialog.show_errors(self, {"": str(exc)})  # not a subclass's, which may read from the server
            if self.offer_retry(exc):
                return self.save()
            return False
        except Exception as exc:  # a bug or a database failure: the transaction rolled back
            QMessageBox.critical(self, _("Saving failed"),
                                 _("An error occurred, and nothing was saved.\n\n{error_type}: {error}").format(
                                     error_type=type(exc).__name__, error=exc))
            return False
        self.changes = changes
        if changes is not None and self.bus is not None:
            self.bus.publish(changes)
        self._snapshot = None
        self.accept()
        return True

    def reject(self) -> None:
        if self.is_dirty():
            answer = QMessageBox.question(
                self, _("Unsaved changes"),
                _("You have changes that are not saved. Do you want to close without saving?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return
        self._snapshot = None
        super().reject()

    def exec(self) -> int:
        self.add_footer()
        if self._snapshot is None:
            self.mark_clean()
        return super().exec()

    def open(self) -> None:
        self.add_footer()
        if self._snapshot is None:
            self.mark_clean()
        super().open()


def confirm(parent: QWidget, title: str, question: str, yes: str | None = None) -> bool:
    """Ask before a destructive action; the safe answer is the default."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, parent=parent)
    ok = box.addButton(yes or _("Delete"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is ok


def run_action(parent: QWidget, bus: ChangeBus | None, action) -> Changes | None:
    """Run a one-click service call (delete, archive); show a refusal in a message box.

    The changes go out on ``bus`` when there is one (a form opened without a bus, as ``FormDialog`` allows)."""
    try:
        changes = action()
    except ValidationError as exc:
        QMessageBox.warning(parent, _("Cannot be done"), "\n".join(exc.errors.values()))
        return None
    except (PermissionDenied, NotFound) as exc:
        QMessageBox.warning(parent, _("Cannot be done"), str(exc))
        return None
    except Exception as exc:  # never swallowed: the user learns that nothing was changed
        QMessageBox.critical(parent, _("Error"),
                             _("An error occurred, and nothing was changed.\n\n{error_type}: {error}").format(
                                 error_type=type(exc).__name__, error=exc))
        return None
    if bus is not None:
        bus.publish(changes)
    return changes
