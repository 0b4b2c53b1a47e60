"""GUI fixtures: settings in a private file, a main window on the test database."""

from __future__ import annotations

import pytest


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
