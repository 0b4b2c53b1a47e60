"""The import's long work off the GUI thread, and the table of row outcomes.

``ImportRun`` runs ``services.importing.run_import`` (preview or real) in a
QThread with a progress dialog whose Avbryt stops it between two
households; the service then rolls everything back. peewee keeps one
connection per thread, so the worker thread opens its own connection to the
same file and closes it when done. The worker never touches a widget: it
reports by signals and the GUI thread shows the result.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QThread, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QProgressDialog, QTableView, QWidget

from ..context import Context
from ..i18n import _
from ..services import importing

STATUS_LABELS = {
    importing.NEW: _("New"), importing.ADDED: _("Added to household"), importing.DUPLICATE: _("Already registered"),
    importing.REJECTED: _("Rejected"), importing.NOT_SAVED: _("Not saved"),
}
STATUS_COLOURS = {importing.REJECTED: "#fde8e8", importing.NOT_SAVED: "#fff6e0", importing.DUPLICATE: "#eef2f6"}


class _Worker(QThread):
    progress = Signal(int, int)
    done = Signal(object)  # ImportResult
    failed = Signal(object)  # the exception

    def __init__(self, ctx: Context, kwargs: dict[str, Any]) -> None:
        super().__init__()
        self.ctx = ctx
        self.kwargs = kwargs
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            result = importing.run_import(self.ctx, progress=lambda d, t: self.progress.emit(d, t),
                                          cancelled=self.stop.is_set, **self.kwargs)
        except Exception as exc:  # handed to the GUI thread, which shows it
            self.failed.emit(exc)
        else:
            self.done.emit(result)
        finally:
            self.ctx.db.close()  # this thread's connection only


class ImportRun(QObject):
    """One preview or import run with a progress dialog; ``finished(result or None, error or None)``."""

    finished = Signal(object, object)

    def __init__(self, parent: QWidget, ctx: Context, *, label: str, **kwargs: Any) -> None:
        super().__init__(parent)
        total = len(kwargs["table"].rows)
        self.progress = QProgressDialog(label, _("Cancel"), 0, max(1, total), parent)
        self.progress.setWindowTitle(_("Import"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.worker = _Worker(ctx, kwargs)
        self.worker.progress.connect(self._on_progress)
        # bound slots of this (GUI-thread) object: queued, so they run on the GUI thread
        self.worker.done.connect(self._on_done)
        self.worker.failed.connect(self._on_failed)
        self.progress.canceled.connect(self.cancel)
        self.label = label
        self.result: Any = None
        self.error: Exception | None = None
        self.running = False

    def start(self) -> None:
        self.running = True
        self.worker.start()

    def cancel(self) -> None:
        """Thread-safe: the service stops before the next household and rolls back."""
        self.worker.stop.set()
        self.progress.setLabelText(_("Cancelling … nothing is saved."))

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)
        self.progress.setLabelText(_("{what} … row {done} of {total}").format(what=self.label, done=done,
                                                                             total=total))

    @Slot(object)
    def _on_done(self, result: Any) -> None:
        self._end(result, None)

    @Slot(object)
    def _on_failed(self, error: Exception) -> None:
        self._end(None, error)

    def _end(self, result: Any, error: Exception | None) -> None:
        self.worker.wait()
        self.running = False
        self.result, self.error = result, error
        self.progress.close()
        self.finished.emit(result, error)


class OutcomeModel(QAbstractTableModel):
    """Row outcomes: row number, status, who/what, reason; rejected rows stand out."""

    HEADERS = [_("Row"), _("Status"), _("Who / what"), _("Reason or note")]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.all: list[importing.RowOutcome] = []
        self.rows: list[importing.RowOutcome] = []
        self.only_problems = False

    def set_outcomes(self, outcomes: list[importing.RowOutcome]) -> None:
        self.all = list(outcomes)
        self._filter()

    def set_only_problems(self, on: bool) -> None:
        self.only_problems = on
        self._filter()

    def _filter(self) -> None:
        self.beginResetModel()
        problems = (importing.REJECTED, importing.NOT_SAVED)
        self.rows = [o for o in self.all if o.status in problems] if self.only_problems else list(self.all)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        o = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return [str(o.number), STATUS_LABELS[o.status], o.label, o.message][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and o.status in STATUS_COLOURS:
            return QBrush(QColor(STATUS_COLOURS[o.status]))
        if role == Qt.ItemDataRole.ForegroundRole and o.status == importing.REJECTED:
            return QBrush(QColor("#9b1c1c"))
        return None


def outcome_view(model: OutcomeModel) -> QTableView:
    """A read-only table of outcomes, the reason column stretched."""
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setWordWrap(True)
    view.setColumnWidth(0, 50)
    view.setColumnWidth(1, 150)
    view.setColumnWidth(2, 220)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def problems_as_text(outcomes: list[importing.RowOutcome]) -> str:
    """The rejected and unsaved rows as tab-separated lines (pasted into Excel: one cell each)."""
    lines = ["\t".join(OutcomeModel.HEADERS)]
    for o in outcomes:
        if o.status in (importing.REJECTED, importing.NOT_SAVED):
            lines.append("\t".join((str(o.number), STATUS_LABELS[o.status], o.label, o.message)))
    return "\n".join(lines) + "\n"
