"""The banner over the areas while the database is read-only: who holds it, and "Prøv igjen".

Shown when the session opened read-only (another workstation holds the write
lock) or when the database became read-only while the program ran (the lock
was lost: ``db.read_only_reason`` is set; a timer looks every few seconds).
"Prøv igjen" takes the lock if it is free (``services.write_access``); the
main window is then rebuilt so every editing action is offered again.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ..i18n import _
from ..services import write_access
from ..services.access import read_only_reason

STYLE = "QFrame#read_only_banner { background: #fff4d6; border-bottom: 1px solid #e0c060; }"


class ReadOnlyBanner(QFrame):
    """Yellow line: «Bare lesing: …» + «Prøv igjen». ``on_writable`` runs after the lock was taken."""

    def __init__(self, ctx, session, on_change: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.session, self.on_change = ctx, session, on_change
        self.setObjectName("read_only_banner")
        self.setStyleSheet(STYLE)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(16, 8, 16, 8)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setStyleSheet("color: #5c4400;")
        lay.addWidget(self.text, 1)
        self.retry_button = QPushButton(_("Try again"))
        self.retry_button.setToolTip(_("Take over saving if the other workstation has closed the program."))
        self.retry_button.clicked.connect(self.retry)
        lay.addWidget(self.retry_button)
        self.was_read_only = bool(read_only_reason(ctx))
        self.update_text()
        self.timer = QTimer(self)
        self.timer.setInterval(5000)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        QTimer.singleShot(0, self.poll)  # the window's lock watch is attached right after the window is built

    def update_text(self) -> None:
        reason = read_only_reason(self.ctx)
        self.setVisible(bool(reason))
        self.retry_button.setVisible(self.session is not None)
        self.text.setText(_("<b>Read only.</b> {reason} Nothing you see can be changed until then.").format(
            reason=reason or ""))

    def retry(self) -> bool:
        """Take the write lock if it is free; rebuild the window when it worked."""
        if self.session is None:
            return False
        ok = write_access.retry_write(self.session)
        self.update_text()
        if ok:
            self.was_read_only = False
            self.on_change()
        return ok

    def on_lost(self, _message: str) -> None:
        """``ui.lock_watch`` says the writer lock was lost (within seconds): show it now."""
        self.poll()

    def poll(self) -> None:
        """A lock lost while running makes the database read-only: show it and rebuild."""
        watch = getattr(self.window(), "lock_watch", None)
        if watch is not None and not getattr(self, "_watching", False):
            self._watching = True
            watch.connect_banner(self.on_lost)  # the watch then shows no message box of its own
        now = bool(read_only_reason(self.ctx))
        if now != self.was_read_only:
            self.was_read_only = now
            self.update_text()
            self.on_change()
