"""A line edit that finds one record as you type (``queries.pickers``) and holds its id.

Used by forms instead of a drop-down filled with every row: each keystroke runs
one LIMITed query (or, for the person pickers, a search of the records read into
memory in a worker when the form opened) and shows the best ~20 matches in a popup. Keyboard: type,
arrow down into the matches, Enter (or a click) chooses; typing again clears
the choice until a match is chosen. ``value()`` is the chosen id or None.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from ..i18n import _
from ..queries import pickers
from .background import BackgroundJob, reraise

LIMIT = 20


class RecordPicker(QLineEdit):
    """Choose one record of a ``PickerSpec`` by typing part of its name (or number).

    ``chosen(id)`` is emitted when the user picks a match.
    """

    chosen = Signal(object)

    def __init__(self, db, spec: pickers.PickerSpec, parent: QWidget | None = None, *,
                 placeholder: str = _("Type to search …"), limit: int = LIMIT) -> None:
        super().__init__(parent)
        self.db = db
        self.spec = spec
        self.limit = limit
        self._id: int | None = None
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(360)  # "Familien Haile (bosatt 24.04.2024, 2024/114)" reads whole
        self.matches = QStandardItemModel(self)
        self._completer = QCompleter(self.matches, self)
        # The model already holds what SQL matched: the completer shows it as it is.
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(12)
        # setWidget, not setCompleter: the line edit must not re-filter or overwrite what is typed.
        self._completer.setWidget(self)
        self._completer.activated[QModelIndex].connect(self._chosen)  # type: ignore[index]  # the overloaded signal
        self.textEdited.connect(self._typed)
        # Big pickers (persons) search in memory once the records are read, in a worker as
        # soon as the form opens (issue 16: 0.7 s for 94,000 adults at 300,000 persons held
        # the window); until then a keystroke asks SQL.
        self._index: pickers.PickerIndex | None = None
        self.index_job: BackgroundJob | None = None
        if spec.index_text:
            self.index_job = BackgroundJob(db, self)
            self.index_job.done.connect(self._index_read)
            self.index_job.start(lambda: pickers.PickerIndex(db, spec))

    def _index_read(self, index: pickers.PickerIndex | None, error: BaseException | None) -> None:
        if error is not None:
            reraise(error)
            return
        self._index = index

    def completer_popup(self):
        return self._completer.popup()

    # ----- value -----

    def value(self) -> int | None:
        return self._id

    def set_value(self, record_id: int | None) -> None:
        """Show ``record_id``'s label (a preset choice) or nothing."""
        label = pickers.label_of(self.db, self.spec, record_id) if record_id is not None else None
        self._id = record_id if label is not None else None
        self.setText(label or "")

    # ----- behaviour -----

    def search(self, text: str) -> None:
        """Fill the matches for ``text`` and show them."""
        self.matches.clear()
        found = (self._index.find(text, limit=self.limit) if self._index is not None
                 else pickers.find(self.db, self.spec, text, limit=self.limit))
        for record_id, label in found:
            item = QStandardItem(label)
            item.setData(record_id, Qt.ItemDataRole.UserRole)
            item.setEditable(False)
            self.matches.appendRow(item)
        if self.matches.rowCount():
            self._completer.complete()
        else:
            popup = self._completer.popup()
            if popup is not None:
                popup.hide()

    def _typed(self, text: str) -> None:
        self._id = None  # what is typed is not a choice until a match is chosen
        self.search(text)

    def _chosen(self, index: QModelIndex) -> None:
        record_id = index.data(Qt.ItemDataRole.UserRole)
        if record_id is None:
            return
        self._id = int(record_id)
        self.setText(index.data(Qt.ItemDataRole.DisplayRole))
        self.chosen.emit(self._id)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        # Arrow down with the popup closed opens it (also on an empty field: the first matches).
        popup = self._completer.popup()
        if event.key() == Qt.Key.Key_Down and popup is not None and not popup.isVisible():
            self.search("" if self._id is not None else self.text())
            return
        super().keyPressEvent(event)
