"""Batch printing: many letters in one combined PDF, built off the GUI thread.

The data of each letter is read from the database on the GUI thread (the
database connection belongs to it; reading is quick), then reportlab lays out
the PDF in a worker QThread. A QProgressDialog shows "n av N" and Avbryt
stops the worker between two letters. The worker never touches a widget: it
only emits signals; the preview opens when it has finished.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from ..context import Context
from ..documents import Cancelled, Document, TemplateError, render
from ..errors import NotFound, PermissionDenied, ValidationError
from ..i18n import _, ngettext
from ..services import printing
from .bus import ChangeBus
from .print_preview import PrintPreviewDialog, preview_documents


class RenderWorker(QObject):
    """Renders Documents to PDF bytes in a worker thread; reports by signals only."""

    progress = Signal(int, int)
    finished = Signal(bytes)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, documents: Sequence[Document], author: str = "") -> None:
        super().__init__()
        self.documents = list(documents)
        self.author = author
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Thread-safe: ask the worker to stop before the next letter."""
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        try:
            data = render(self.documents, progress=lambda d, t: self.progress.emit(d, t),
                          cancelled=self._cancel.is_set, author=self.author)
        except Cancelled:
            self.cancelled.emit()
        except Exception as exc:  # reported to the user, never swallowed
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.finished.emit(data)


class BatchPrint(QObject):
    """One batch run: gather (GUI thread) → render (worker) → preview.

    ``builders`` are zero-argument callables returning a Document (usually
    functools.partial over a services.printing function). Letters that cannot be
    built (e.g. an inspection less than a week ahead) are skipped and listed.
    """

    done = Signal(object)  # PrintPreviewDialog, or None when cancelled/failed

    def __init__(self, parent: QWidget | None, ctx: Context, bus: ChangeBus | None,
                 builders: Sequence[Callable[[], Document]], *, title: str | None = None) -> None:
        super().__init__(parent)
        self.parent_widget, self.ctx, self.bus = parent, ctx, bus
        self.builders = list(builders)
        title = title or _("Letters")
        self.title = title
        self.documents: list[Document] = []
        self.skipped: list[str] = []
        self.preview: PrintPreviewDialog | None = None
        self.render_thread: QThread | None = None
        self.worker: RenderWorker | None = None
        self.progress = QProgressDialog(_("Gathering the details for {documents} …").format(documents=title.lower()),
                                        _("Cancel"), 0, max(1, len(self.builders)), parent)
        self.progress.setWindowTitle(_("Printing"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)

    def start(self) -> None:
        """Gather every letter's data, then start the worker (returns at once after gathering)."""
        self.progress.show()
        for i, build in enumerate(self.builders):
            if self.progress.wasCanceled():
                return self._finish(None)
            try:
                self.documents.append(build())
            except (ValidationError, NotFound) as exc:
                msg = "; ".join(exc.errors.values()) if isinstance(exc, ValidationError) else str(exc)
                self.skipped.append(msg)
            except (TemplateError, PermissionDenied) as exc:
                QMessageBox.warning(self.parent_widget, _("Cannot print"), str(exc))
                return self._finish(None)
            if i % 10 == 0:
                self.progress.setValue(i)
                QApplication.processEvents()
        if not self.documents:
            QMessageBox.information(self.parent_widget, _("Nothing to print"),
                                    _("None of the letters could be made.\n\n{reasons}")
                                    .format(reasons="\n".join(self.skipped[:10])))
            return self._finish(None)
        self.progress.setLabelText(ngettext("Making a PDF with {n} document …", "Making a PDF with {n} documents …",
                                            len(self.documents)).format(n=len(self.documents)))
        self.progress.setMaximum(len(self.documents))
        self.progress.setValue(0)
        self.render_thread = QThread(self)
        self.worker = RenderWorker(self.documents, getattr(self.ctx.user, "full_name", ""))
        self.worker.moveToThread(self.render_thread)
        self.render_thread.started.connect(self.worker.run)
        self.worker.progress.connect(self._on_progress)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled.connect(self._on_cancelled)
        # direct call in the GUI thread: the worker's own event loop is busy in run()
        self.progress.canceled.connect(lambda: self.worker.cancel())
        self.render_thread.start()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setValue(done)
        self.progress.setLabelText(_("Making the PDF … {done} of {total}").format(done=done, total=total))

    @Slot(bytes)
    def _on_finished(self, data: bytes) -> None:
        self.preview = preview_documents(self.parent_widget, self.ctx, self.bus, self.documents, pdf=bytes(data))
        if self.skipped:
            n = len(self.skipped)
            QMessageBox.information(self.parent_widget, _("Some letters were skipped"),
                                    ngettext("{n} letter could not be made:\n\n{reasons}",
                                             "{n} letters could not be made:\n\n{reasons}", n)
                                    .format(n=n, reasons="\n".join(self.skipped[:10])))
        self._finish(self.preview)

    @Slot()
    def _on_cancelled(self) -> None:
        self._finish(None)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        QMessageBox.warning(self.parent_widget, _("Printing failed"),
                            _("The PDF was not made.\n\n{error}").format(error=message))
        self._finish(None)

    def _finish(self, result: Any) -> None:
        self.progress.close()
        if self.render_thread is not None:
            self.render_thread.quit()
            self.render_thread.wait()
        self.done.emit(result)


def print_inspection_notices(parent: QWidget | None, ctx: Context, bus: ChangeBus | None,
                             inspection_ids: Sequence[int], language_for: Callable[[int], str] | None = None
                             ) -> BatchPrint:
    """Notices for many planned inspections as one PDF (e.g. all of next month)."""
    from functools import partial
    builders = [partial(printing.inspection_notice, ctx, inspection_id=i,
                        language=language_for(i) if language_for else None) for i in inspection_ids]
    batch = BatchPrint(parent, ctx, bus, builders, title=_("Notices of housing inspection"))
    batch.start()
    return batch


def print_invitations(parent: QWidget | None, ctx: Context, bus: ChangeBus | None, person_ids: Sequence[int],
                      **meeting: Any) -> BatchPrint:
    """One invitation per person, each in Norwegian plus the person's own language."""
    from functools import partial
    from ..queries.people import letter_language
    builders = []
    for pid in person_ids:
        builders.append(partial(printing.meeting_invitation, ctx, person_id=pid,
                                language=letter_language(ctx, pid), **meeting))
    batch = BatchPrint(parent, ctx, bus, builders, title=_("Invitations"))
    batch.start()
    return batch
