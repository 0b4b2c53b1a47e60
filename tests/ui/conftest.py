"""GUI fixtures: settings in a private file, a main window on the test database."""

from __future__ import annotations

import time

import pytest

#: Seconds a modal dialog may stay open in a GUI test before ``no_forgotten_dialog`` closes it and fails the test
#: (a progress dialog shows work being done: the demo fill on a busy server takes minutes).
MODAL_LIMIT = 30.0
PROGRESS_LIMIT = 600.0


@pytest.fixture(autouse=True)
def no_forgotten_dialog(qapp):
    """A modal dialog nobody answers (a message box the test did not expect, or a question asked when a failed
    test's window is closed) would block the test run for ever under the offscreen platform: it is closed after
    ``MODAL_LIMIT`` seconds and the test fails with its text. A test answering its own dialogs is not touched."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog
    seen: dict = {"widget": None, "since": 0.0}
    closed: list[str] = []

    def look() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or modal is not seen["widget"]:
            seen["widget"], seen["since"] = modal, time.monotonic()
            return
        if time.monotonic() - seen["since"] < (PROGRESS_LIMIT if isinstance(modal, QProgressDialog) else MODAL_LIMIT):
            return
        text = modal.text() if isinstance(modal, QMessageBox) else ""
        closed.append(f"{type(modal).__name__} «{modal.windowTitle()}» {text}".strip())
        seen["widget"] = None
        modal.reject()  # every modal here is a QDialog

    timer = QTimer()
    timer.setInterval(1000)
    timer.timeout.connect(look)
    timer.start()
    yield
    timer.stop()
    if closed:
        pytest.fail("A modal dialog was left open until the test closed it: {}".format("; ".join(closed)))


@pytest.fixture(autouse=True)
def no_leftover_work(qapp):
    """After each GUI test, the widgets it made stop their background reads and timers: a list read finishing, or
    a detail pane's refresh firing, after the test's database was closed would otherwise reach into the next
    test's database (the models follow the newest one) and fail it at setup."""
    yield
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from hemsedal_integrering.ui.background import BackgroundJob
    for top in QApplication.topLevelWidgets():
        for job in top.findChildren(BackgroundJob):
            job.shutdown()
        for timer in top.findChildren(QTimer):
            timer.stop()


@pytest.fixture
def settings(tmp_path):
    """QSettings in the test's own folder (never the user's real settings)."""
    from PySide6.QtCore import QSettings
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(ctx, qtbot, settings):
    """The main window on ``ctx``, shown and active."""
    from PySide6.QtWidgets import QApplication

    from hemsedal_integrering.ui.main_window import MainWindow
    w = MainWindow(ctx, settings=settings)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=2000)
    yield w
    # Closed before ctx's database goes: a server test database is dropped right after, and a detail pane's
    # pending refresh must not reach for it.
    from PySide6.QtCore import QTimer
    w.stop_background_work()
    for timer in w.findChildren(QTimer):
        timer.stop()
    w.close()
    QApplication.processEvents()
