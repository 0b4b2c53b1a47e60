"""Work off the GUI thread: one job at a time per ``BackgroundJob``, the newest request wins.

Like Anki's ``CollectionOp``: ``start(work)`` runs ``work()`` in a worker thread with its
own database connection and hands the outcome to ``done`` on the GUI thread. Starting
again (or ``cancel()``) supersedes the running request: its SQLite statement is
interrupted and whatever it still returns is dropped, so the user never sees figures
for choices they have already changed.

The connection: peewee keeps one connection per thread, so the worker's first query
opens its own through the same database object — with the same pragmas and, for an
encrypted file, the data key the session's ``EncryptedDatabase`` carries
(``db.crypto``); nothing about the key is copied or stored here. It is closed when the
work ends. An in-memory database (tests) has no second connection: there the work
runs at once on the GUI thread.
"""

from __future__ import annotations

import sys
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal


class _Relay(QObject):
    """Lives on the GUI thread; a worker's emit is queued to it."""

    finished = Signal(int, object, object)


class BackgroundJob(QObject):
    """Run one piece of work at a time in a worker thread; ``done(result, error)`` on the GUI thread.

    ``done`` is called only for the newest request: ``error`` is the exception the work
    raised (None on success). ``busy_changed(bool)`` drives a busy indicator.
    """

    done = Signal(object, object)
    busy_changed = Signal(bool)

    def __init__(self, db: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._request = 0
        self._connections: dict[int, Any] = {}
        self._lock = threading.Lock()
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finished)
        self._threads: list[threading.Thread] = []
        self._closed = False
        self.busy = False

    def start(self, work: Callable[[], Any]) -> int:
        """Run ``work`` for a new request (superseding the current one); returns the request number."""
        self._interrupt()
        self._request += 1
        request = self._request
        self._set_busy(True)
        if str(getattr(self.db, "database", "")) == ":memory:":
            try:
                result, error = work(), None
            except Exception as exc:  # handed to done(), which shows or re-raises it
                result, error = None, exc
            self._finished(request, result, error)
            return request
        thread = threading.Thread(target=self._run, args=(request, work), daemon=True,
                                  name=f"background-{request}")
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return request

    def cancel(self) -> None:
        """Drop the current request (its result will not be shown) and stop its query."""
        self._interrupt()
        self._request += 1
        self._set_busy(False)

    def _run(self, request: int, work: Callable[[], Any]) -> None:
        result = error = None
        try:
            connection = self.db.connection()  # this thread's own connection (opened now)
            with self._lock:
                self._connections[request] = connection
            if request != self._request:  # superseded before it began
                return
            result = work()
        except Exception as exc:
            error = exc
        finally:
            # Closed under the lock: an interrupt() from the GUI thread must never reach a
            # connection that is being freed (a use-after-free crash in SQLite).
            with self._lock:
                self._connections.pop(request, None)
                try:
                    self.db.close()  # this thread's connection only
                except Exception as exc:  # closing after an error must not hide the error
                    error = error or exc
                closed = self._closed
        if not closed:  # after shutdown() the GUI objects may be gone: nothing is emitted
            try:
                self._relay.finished.emit(request, result, error)
            except RuntimeError:  # the widget it worked for was deleted meanwhile (a form closed): no one to tell
                pass

    def _interrupt(self) -> None:
        with self._lock:
            connection = self._connections.get(self._request)
            if connection is not None:
                try:
                    connection.interrupt()  # the running statement stops with "interrupted"
                except Exception:  # the statement has already finished
                    pass

    def shutdown(self, timeout: float = 10.0) -> None:
        """Stop the running request and wait for its thread, before the window goes away.

        A worker must not outlive the objects it reports to: emitting to a deleted
        QObject, or a query on a database the session has closed, can crash the
        process. After ``shutdown`` nothing more is reported.
        """
        self._interrupt()
        with self._lock:
            self._closed = True
        self._request += 1
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []
        self._set_busy(False)

    def _finished(self, request: int, result: Any, error: BaseException | None) -> None:
        if request != self._request:
            return  # superseded: dropped
        self._set_busy(False)
        self.done.emit(result, error)

    def _set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.busy_changed.emit(busy)

    def wait(self, timeout: float = 60.0) -> bool:
        """Process events until idle (tests, and a print that needs the result now); False on timeout."""
        import time

        from PySide6.QtWidgets import QApplication
        end = time.monotonic() + timeout
        while self.busy and time.monotonic() < end:
            QApplication.processEvents()
            time.sleep(0.002)
        return not self.busy


def reraise(error: BaseException) -> None:
    """Hand an unexpected worker error to the global error handler (never swallowed)."""
    sys.excepthook(type(error), error, error.__traceback__)
