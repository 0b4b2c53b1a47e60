"""Preview of a printed document inside the program (QtPdf), with "Skriv ut…"
(the system print dialog, QPrinter) and "Lagre som PDF…".

A document counts as printed only when it leaves the program: after a
successful print or save the dialog calls ``on_output('print' | 'pdf')``; the
entry point ``preview_documents`` uses that to record the documents through
services.printing.record_printed and announce the change on the bus.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize, Qt
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from ..context import Context
from ..documents import Document, render
from ..errors import PermissionDenied, ValidationError
from ..i18n import _, ngettext
from ..services import printing
from .bus import ChangeBus
from .widgets import resize_within_screen

PRINT_DPI = 300


class PrintPreviewDialog(QDialog):
    """Shows ``pdf`` (bytes); prints it or saves it. Never writes to the database itself."""

    def __init__(self, pdf: bytes, *, title: str, suggested_name: str = "dokument.pdf",
                 on_output: Callable[[str], None] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Preview – {title}").format(title=title))
        resize_within_screen(self, 820, 960)
        self.pdf_bytes = pdf
        self.suggested_name = suggested_name
        self.on_output = on_output
        self._data = QByteArray(pdf)
        self._buffer = QBuffer(self._data, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)

        pages = self.document.pageCount()
        self.info = QLabel(ngettext("{n} page", "{n} pages", pages).format(n=pages), self)
        self.print_button = QPushButton(_("Print…"), self)
        self.print_button.setToolTip(_("Print on a printer (Ctrl+P)"))
        self.save_button = QPushButton(_("Save as PDF…"), self)
        self.save_button.setToolTip(_("Save the document as a PDF file (Ctrl+S)"))
        self.print_button.setDefault(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_pdf)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_document)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_pdf)

        row = QHBoxLayout()
        row.addWidget(self.info)
        row.addStretch(1)
        row.addWidget(self.print_button)
        row.addWidget(self.save_button)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)

    # ----- printing
    def print_document(self) -> bool:
        """Ask the system print dialog, then print every chosen page. True when printed."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        try:
            self.print_to(printer)
        except RuntimeError as exc:
            QMessageBox.warning(self, _("Printing failed"),
                                _("The document was not printed.\n\n{error}").format(error=exc))
            return False
        self._emit_output("print")
        return True

    def print_to(self, printer: QPrinter) -> int:
        """Render pages (the printer's from/to range, else all) onto ``printer``; returns pages printed."""
        count = self.document.pageCount()
        first, last = printer.fromPage(), printer.toPage()
        wanted = range(first - 1, last) if first > 0 and last >= first else range(count)
        pages = [p for p in wanted if 0 <= p < count]
        painter = QPainter()
        if not painter.begin(printer):
            raise RuntimeError(_("Could not start the printer."))
        try:
            for n, page in enumerate(pages):
                if n:
                    printer.newPage()
                size_pt = self.document.pagePointSize(page)
                image = self.document.render(page, QSize(int(size_pt.width() * PRINT_DPI / 72),
                                                         int(size_pt.height() * PRINT_DPI / 72)))
                target = painter.viewport()
                scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.setViewport(target.x(), target.y(), scaled.width(), scaled.height())
                painter.setWindow(image.rect())
                painter.drawImage(QPointF(0, 0), image)
        finally:
            painter.end()
        return len(pages)

    # ----- saving
    def save_pdf(self, path: str | None = None) -> bool:
        """Ask where to save (unless ``path`` is given) and write the PDF. True when saved."""
        if not path:
            path, _filter = QFileDialog.getSaveFileName(self, _("Save as PDF"), self.suggested_name,
                                                        _("PDF files (*.pdf)"))
        if not path:
            return False
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        from ..errors import DatabaseError
        from ..safe_files import write_output
        try:
            write_output(Path(path), self.pdf_bytes)  # whole or not at all, owner-only
        except (OSError, DatabaseError) as exc:
            QMessageBox.warning(self, _("Save failed"), _("The PDF file was not saved:\n{path}\n\n{error}")
                                .format(path=path, error=getattr(exc, "strerror", None) or exc))
            return False
        self._emit_output("pdf")
        return True

    def _emit_output(self, kind: str) -> None:
        if self.on_output is None:
            return
        try:
            self.on_output(kind)
        except (ValidationError, PermissionDenied) as exc:
            QMessageBox.warning(self, _("Not recorded"),
                                _("The printout was not recorded in the history:\n{error}").format(error=exc))


def suggested_filename(documents: Sequence[Document]) -> str:
    """'Innkalling til møte - Olena Kovalenko.pdf' (characters Windows refuses removed)."""
    first = documents[0]
    name = (_("{title} - {recipient}").format(title=first.title, recipient=first.recipient) if len(documents) == 1
            else _("{title} ({n} pcs.)").format(title=first.title, n=len(documents)))
    from ..paths import safe_filename
    return safe_filename(name, fallback=_("document")) + ".pdf"


def recorder(ctx: Context, bus: ChangeBus | None, documents: Sequence[Document]) -> Callable[[str], None]:
    """The on_output callback that records ``documents`` as printed and announces it."""
    def record(output: str) -> None:
        changes = printing.record_printed(ctx, documents=list(documents), output=output)
        if bus is not None:
            bus.publish(changes)
    return record


def preview_documents(parent: QWidget | None, ctx: Context, bus: ChangeBus | None, documents: Sequence[Document],
                      *, pdf: bytes | None = None, show: bool = True) -> PrintPreviewDialog:
    """Render (unless ``pdf`` is given) and open the preview; printing or saving records the documents."""
    data = pdf if pdf is not None else render(documents, author=getattr(ctx.user, "full_name", ""))
    n = len(documents)
    title = documents[0].title if n == 1 else ngettext("{n} document", "{n} documents", n).format(n=n)
    dialog = PrintPreviewDialog(data, title=title, suggested_name=suggested_filename(documents),
                                on_output=recorder(ctx, bus, documents), parent=parent)
    notes = [n for d in documents for n in d.notes]
    if notes:
        dialog.info.setText(_("{pages} – {note}").format(pages=dialog.info.text(), note=notes[0]))
    if show:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
    return dialog
