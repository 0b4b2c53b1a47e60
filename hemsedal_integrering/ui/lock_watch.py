"""The window's side of the writer lock: keep it alive, notice at once when it is lost.

``LockWatch`` checks the lock every ``CHECK_SECONDS`` and refreshes the
holder's heartbeat every minute. When the lock is lost (found by this timer or
by a service just before a write, on any thread) it emits ``lost(message)`` on
the GUI thread. The window connects its read-only banner to that signal
(``window.lock_watch.connect_banner(slot)``); until a window does, the watch
itself marks the title read-only and shows the message once.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from ..i18n import _

CHECK_SECONDS = 3
HEARTBEAT_SECONDS = 60


class LockWatch(QObject):
    """Watches ``session.writer_lock`` for the life of ``parent`` (the main window)."""

    lost = Signal(str)

    def __init__(self, session, parent: QWidget) -> None:  # services.auth.Session
        super().__init__(parent)
        self.session = session
        self.window = parent
        self.message: str | None = None
        self._banner = False
        self._check_timer = QTimer(self)
        self._check_timer.setInterval(int(CHECK_SECONDS * 1000))
        self._check_timer.timeout.connect(self.check)
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(int(HEARTBEAT_SECONDS * 1000))
        self._heartbeat.timeout.connect(self.touch)
        self.lost.connect(self._on_lost)
        writer = session.writer_lock
        if writer is not None:
            writer.on_lost(self.lost.emit)  # queued onto the GUI thread when emitted from a worker
            self._check_timer.start()
            self._heartbeat.start()

    def connect_banner(self, slot) -> None:  # a callable taking the message
        """The window's read-only banner shows the loss (instead of the fallback box)."""
        self._banner = True
        self.lost.connect(slot)
        if self.message is not None:
            slot(self.message)

    def check(self) -> None:
        writer = self.session.writer_lock
        if writer is not None:
            writer.check()

    def touch(self) -> None:
        writer = self.session.writer_lock
        if writer is not None:
            writer.touch()

    def _on_lost(self, message: str) -> None:
        if self.message is not None:
            return
        self.message = message
        self._check_timer.stop()
        self._heartbeat.stop()
        if self._banner:  # the read-only banner shows it
            return
        title = self.window.windowTitle()
        suffix = _("[read only]")
        if suffix not in title:
            self.window.setWindowTitle(f"{title} {suffix}")
        QMessageBox.warning(self.window, _("Read only"), message)


def watch_lock(session, window: QWidget) -> LockWatch:  # services.auth.Session
    """Start watching; the watch is kept on ``window.lock_watch``."""
    watch = LockWatch(session, window)
    window.lock_watch = watch  # type: ignore[attr-defined]  # read back by getattr (read_only_banner)
    return watch
