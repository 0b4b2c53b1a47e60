"""Nothing fails silently: every unexpected error is logged to a rotating file and shown in Norwegian.

``install_error_handling(app, log_folder)`` (called first thing by ``ui.app.main``)
routes three sources into one place:

* Python exceptions that escape a slot, an event handler or the start-up code
  (``sys.excepthook``; PySide6 hands exceptions raised inside slots to it),
* exceptions in Python threads (``threading.excepthook``),
* Qt's own warnings and criticals (``qInstallMessageHandler``; logged only).

Each exception is written with its traceback to ``<log folder>/hemsedal-integrering.log``
(``logging.handlers.RotatingFileHandler``: 1 MB, five old files kept, in the
user's private data folder) and shown in ``ErrorDialog``: "Noe gikk galt",
what the user can do, and a "Kopier detaljer" button for the person who
looks after the program. Errors from another thread are shown by the GUI
thread (a queued signal); while one error dialog is open, further errors are
logged and counted instead of stacking dialogs (a failing paint event would
otherwise open one dialog per repaint).

The log holds tracebacks, never form contents; an exception message can
still name a file or a value, which is why the file lives in the user's own
data folder (owner-only on POSIX).
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
import sys
import threading
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QApplication, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QStyle,
    QVBoxLayout, QWidget,
)

from .. import __version__
from ..errors import DatabaseError, NotFound, PermissionDenied, ValidationError
from ..i18n import _
from ..paths import ensure_private_dir, make_private

LOG_NAME = "hemsedal-integrering.log"  # i18n: data (file name)
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 5
logger = logging.getLogger("hemsedal_integrering")


def setup_logging(folder: Path) -> Path:
    """Log to a rotating file in ``folder`` (created owner-only); return the file's path.

    Calling it again (a second window, a test) replaces the earlier file handler.
    """
    ensure_private_dir(Path(folder))
    path = Path(folder) / LOG_NAME
    for old in [h for h in logger.handlers if getattr(h, "_hemsedal_log", False)]:
        logger.removeHandler(old)
        old.close()
    handler = RotatingFileHandler(path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    handler._hemsedal_log = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    make_private(path)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path


def user_summary(value: BaseException) -> str:
    """One or two Norwegian sentences about ``value`` (the traceback goes in the details)."""
    if isinstance(value, ValidationError):
        return "\n".join(value.errors.values())
    if isinstance(value, (DatabaseError, PermissionDenied, NotFound)):
        return str(value)  # already written for the user
    if isinstance(value, PermissionError):
        return _("The program was not allowed to write to {file}. Check that the folder exists and that you "
                 "have write access to it.").format(file=value.filename or "?")
    if isinstance(value, FileNotFoundError):
        return _("A file or folder the program needs was not found: {file}.").format(file=value.filename or "?")
    if isinstance(value, OSError):
        return _("Reading or writing a file failed: {reason}.").format(reason=value.strerror or value)
    return _("An internal error in the program ({kind}).").format(kind=type(value).__name__)


def details_text(kind: type[BaseException], value: BaseException, tb, log_path: Path | None) -> str:
    """What "Kopier detaljer" copies: time, versions, the log file and the traceback (not translated)."""
    from PySide6 import __version__ as pyside_version
    lines = [
        f"Hemsedal integrering {__version__}",
        f"{dt.datetime.now():%Y-%m-%d %H:%M:%S}",
        f"Python {platform.python_version()}, PySide6 {pyside_version}, {platform.platform()}",
        f"Log: {log_path}" if log_path else "Log: -",
        "",
        "".join(traceback.format_exception(kind, value, tb)).rstrip(),
    ]
    return "\n".join(lines)


class ErrorDialog(QDialog):
    """"Noe gikk galt": the short reason, what to do, hidden details and "Kopier detaljer"."""

    def __init__(self, summary: str, details: str, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details = details
        self.setWindowTitle(_("Something went wrong"))
        self.setObjectName("error_dialog")
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        head = QLabel(_("Something went wrong – the program met an error it did not expect."))
        head.setStyleSheet("font-weight: 600; font-size: 11pt;")
        head.setWordWrap(True)
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        advice = _("What you were doing may not have been saved. Check the last thing you did and try again. "
                   "If the error comes back, press “Copy details” and send the text to the person who looks "
                   "after the program.")
        if log_path is not None:
            advice += " " + _("The error is also written to the log file {path}.").format(path=log_path)
        self.advice = QLabel(advice)
        self.advice.setWordWrap(True)
        self.advice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QPlainTextEdit(details)
        self.text.setReadOnly(True)
        mono = QFont("Monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        self.text.setFont(mono)
        self.text.setMinimumHeight(180)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)  # a traceback reads line by line
        self.text.hide()
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(_("&Copy details"))
        self.copy_button.clicked.connect(self.copy_details)
        self.toggle = QPushButton(_("&Show details"))
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._toggle)
        close = QPushButton(_("C&lose"))
        close.setDefault(True)
        close.clicked.connect(self.accept)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.toggle, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.AcceptRole)
        top = QHBoxLayout()
        top.addWidget(icon)
        words = QVBoxLayout()
        for w in (head, self.summary, self.advice):
            words.addWidget(w)
        top.addLayout(words, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(600)
        close.setFocus()

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText(_("Copied"))

    def _toggle(self, shown: bool) -> None:
        self.text.setVisible(shown)
        self.toggle.setText(_("Hide details") if shown else _("&Show details"))
        self.adjustSize()


class ErrorReporter(QObject):
    """Logs every unexpected error and shows it once, in the GUI thread."""

    show_requested = Signal(str, str)  # summary, details (queued when emitted from another thread)

    def __init__(self, log_path: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.showing = False
        self.suppressed = 0
        self.shown: list[ErrorDialog] = []  # the dialogs shown so far (tests look at the last one)
        self._previous_hooks: tuple = ()
        self._previous_qt_handler: Any = None  # what qInstallMessageHandler replaced (restored on uninstall)
        self.show_requested.connect(self.show_error)

    # -- the hooks --
    def excepthook(self, kind, value, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        details = details_text(kind, value, tb, self.log_path)
        logger.error("Unexpected error\n%s", details)
        traceback.print_exception(kind, value, tb)  # a developer at a terminal still sees it
        self.show_requested.emit(user_summary(value), details)

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        self.excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    def qt_message(self, mode: QtMsgType, context, message: str) -> None:
        level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
                 QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
                 QtMsgType.QtFatalMsg: logging.CRITICAL}.get(mode, logging.WARNING)
        where = f" ({context.file}:{context.line})" if context is not None and context.file else ""
        logger.log(level, "Qt: %s%s", message, where)
        if level >= logging.WARNING:
            print(f"Qt: {message}", file=sys.stderr)

    # -- showing --
    def show_error(self, summary: str, details: str) -> None:
        if self.showing:  # one dialog at a time; the rest is in the log
            self.suppressed += 1
            logger.info("Error dialog already open; not shown again (%d so far)", self.suppressed)
            return
        self.showing = True
        try:
            dialog = ErrorDialog(summary, details, self.log_path, QApplication.activeWindow())
            self.shown.append(dialog)
            dialog.exec()
        finally:
            self.showing = False

    def install(self) -> None:
        self._previous_hooks = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_hook
        self._previous_qt_handler = qInstallMessageHandler(self.qt_message)

    def uninstall(self) -> None:
        """Put back the hooks that were there before (tests)."""
        if self._previous_hooks:
            sys.excepthook, threading.excepthook = self._previous_hooks
            self._previous_hooks = ()
        qInstallMessageHandler(self._previous_qt_handler)
        self._previous_qt_handler = None


def install_error_handling(app: QApplication, log_folder: Path | None) -> ErrorReporter:
    """Log to ``log_folder`` and show every unexpected error; kept alive on ``app``.

    When the log folder cannot be created the errors are still shown (and go
    to stderr); the dialog then says nothing about a log file.
    """
    log_path: Path | None = None
    if log_folder is not None:
        try:
            log_path = setup_logging(log_folder)
        except OSError as exc:
            print(f"Cannot write the log file in {log_folder}: {exc}", file=sys.stderr)
    previous = getattr(app, "error_reporter", None)
    if previous is not None:
        previous.uninstall()
    reporter = ErrorReporter(log_path, app)
    reporter.install()
    app.error_reporter = reporter  # type: ignore[attr-defined]
    logger.info("Program started (version %s)", __version__)
    return reporter
