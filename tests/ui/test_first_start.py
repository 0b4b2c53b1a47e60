"""Day one on a brand-new machine: "Start tom" in a folder that does not exist, and no silent errors."""

from __future__ import annotations

import logging
import os
import re

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from hemsedal_integrering.db import crypto
from hemsedal_integrering.ui import login_dialog
from hemsedal_integrering.ui.login_dialog import FirstAdminDialog, RecoveryKeyDialog

from .gui_helpers import on_next_dialog
PASSWORD = "et-langt-passord"


def test_empty_start_in_a_folder_that_does_not_exist(qtbot, tmp_path):
    """Given no data folder yet, when the first administrator is created (encrypted, the default),
    then the folder and the encrypted file exist, the recovery key is shown and the user is logged in."""
    path = tmp_path / "ny" / "datamappe" / "integrering.sqlite3"
    seen: dict[str, object] = {}

    def recovery(dialog: RecoveryKeyDialog) -> None:
        seen["key_text"] = [w.text() for w in dialog.findChildren(login_dialog.QLineEdit)]
        assert not dialog.ok.isEnabled()  # the key must be confirmed as stored first
        dialog.confirm.setChecked(True)
        dialog.ok.click()

    def first(dialog: FirstAdminDialog) -> None:
        assert dialog.encrypt.isChecked()  # encrypted by default
        dialog.full_name.setText("Kari Sjef")
        dialog.username.setText("Kari")
        dialog.password.setText(PASSWORD)
        dialog.password_again.setText(PASSWORD)
        on_next_dialog(recovery, RecoveryKeyDialog)
        buttons = [b for b in dialog.findChildren(QPushButton) if b.text() == "Opprett administrator"]
        buttons[0].click()
        # a broken version leaves the dialog open with nothing said: give up instead of hanging
        QTimer.singleShot(3000, lambda: dialog.isVisible() and dialog.reject())

    on_next_dialog(first, FirstAdminDialog)
    session = login_dialog.login(None, path)
    assert session is not None, "the first administrator was not created"
    try:
        assert session.user.username == "kari"
        assert crypto.is_encrypted_file(path)
        assert crypto.key_file_path(path).exists()
        keys = [t for t in seen["key_text"] if re.fullmatch(r"[A-Z0-9]{5}(-[A-Z0-9]{5}){7}", t)]
        assert len(keys) == 1, seen["key_text"]
        if os.name == "posix":
            assert (path.parent.stat().st_mode & 0o777) == 0o700
            assert (path.parent.parent.stat().st_mode & 0o777) == 0o700
    finally:
        session.close()


@pytest.mark.qt_no_exception_capture
def test_an_error_inside_a_slot_shows_the_dialog_and_is_logged(qtbot, tmp_path):
    """Given the error handling of the program, when a button's slot raises,
    then "Noe gikk galt" is shown with "Kopier detaljer", and the traceback is in the log file."""
    from hemsedal_integrering.ui.error_report import ErrorDialog, install_error_handling
    app = QApplication.instance()
    reporter = install_error_handling(app, tmp_path / "logs")
    try:
        button = QPushButton("Trykk")
        qtbot.addWidget(button)

        def broken() -> None:
            raise RuntimeError("noe uventet i en slot")

        button.clicked.connect(broken)
        seen: dict[str, object] = {}

        def look(dialog: ErrorDialog) -> None:
            seen["title"] = dialog.windowTitle()
            seen["buttons"] = [b.text() for b in dialog.findChildren(QPushButton)]
            dialog.copy_details()
            seen["clipboard"] = QApplication.clipboard().text()
            dialog.accept()

        on_next_dialog(look, ErrorDialog)
        button.click()
        qtbot.waitUntil(lambda: "title" in seen, timeout=3000)
        assert seen["title"] == "Noe gikk galt"
        assert "&Kopier detaljer" in seen["buttons"]
        assert "noe uventet i en slot" in seen["clipboard"]
        assert "Traceback" in seen["clipboard"]
        for handler in logging.getLogger("hemsedal_integrering").handlers:
            handler.flush()
        log = (tmp_path / "logs" / "hemsedal-integrering.log").read_text(encoding="utf-8")
        assert "RuntimeError: noe uventet i en slot" in log
        assert "def broken" in log or "in broken" in log
    finally:
        reporter.uninstall()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_worker_thread_is_shown_by_the_gui_thread(qtbot, tmp_path):
    """An exception in a Python thread is logged and shown, never from the worker itself."""
    import threading
    from hemsedal_integrering.ui.error_report import install_error_handling
    reporter = install_error_handling(QApplication.instance(), tmp_path / "logs")
    try:
        shown_in: list[bool] = []
        reporter.show_error = lambda summary, details: shown_in.append(  # type: ignore[method-assign]
            threading.current_thread() is threading.main_thread())
        reporter.show_requested.disconnect()
        reporter.show_requested.connect(reporter.show_error)
        worker = threading.Thread(target=lambda: 1 / 0)
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: bool(shown_in), timeout=3000)
        assert shown_in == [True]
    finally:
        reporter.uninstall()
