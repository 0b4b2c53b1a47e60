"""Fil → Logg ut / Bytt bruker / Endre passord in the running program, without a restart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel

from hemsedal_integrering.models import User
from hemsedal_integrering.services import accounts, auth
from hemsedal_integrering.ui import main_window as main_window_module
from hemsedal_integrering.ui.account_dialogs import ChangePasswordDialog
from hemsedal_integrering.ui.login_dialog import LoginDialog
from hemsedal_integrering.ui.main_window import MainWindow
from tests.privacy_helpers import PASSWORD, fast_kdf

from .gui_helpers import on_next_dialog

NEW = "ritas-eget-passord"


@pytest.fixture(autouse=True)
def _fast(monkeypatch):
    fast_kdf(monkeypatch)


def _action(window: MainWindow, text: str) -> QAction:
    found = [a for a in window.menuBar().findChildren(QAction) if a.text() == text]
    assert found, [a.text() for a in window.menuBar().findChildren(QAction)]
    return found[0]


def _close_strays(after_ms: int = 8000) -> None:
    """A broken version may open an unexpected modal box (e.g. "read only"): close it so the test fails, not hangs."""
    def close() -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            modal.close()
    QTimer.singleShot(after_ms, close)


def _labels(dialog) -> list[str]:
    return [w.text() for w in dialog.findChildren(QLabel)]


def test_log_out_then_log_in_as_another_user_without_restarting(qtbot, tmp_path, settings):
    """Given the administrator working in "Oppgaver" on an encrypted database, when they log out and
    Rita logs in with the password the administrator gave her, then Rita must choose her own password
    and gets a window of her own in the same process; the administrator's last area is kept for them."""
    path = tmp_path / "kontor.sqlite3"
    session, _key = auth.create_first_admin(path, username="sjef", full_name="Sjef Sjefsen", password=PASSWORD)
    accounts.create_user(session.ctx, username="rita", full_name="Rita Rådgiver", role="officer",
                         password=PASSWORD)
    window = MainWindow(session.ctx, settings=settings, session=session, db_label=path.name)
    qtbot.addWidget(window)
    window.show()
    window.show_key("tasks")
    seen: dict[str, object] = {}

    def change(dialog: ChangePasswordDialog) -> None:
        seen["forced"] = dialog.forced
        dialog.password.setText(NEW)
        dialog.password_again.setText("skrivefeil-her")
        dialog.save()  # refused: the message stands beside the field, nothing typed is lost
        seen["mismatch"] = dialog.errors["password_again"].text()
        assert dialog.isVisible() and dialog.password.text() == NEW
        dialog.password_again.setText(NEW)
        dialog.save()

    def login_as_rita(dialog: LoginDialog) -> None:
        seen["labels"] = _labels(dialog)
        dialog.username.setText("rita")
        dialog.password.setText(PASSWORD)
        on_next_dialog(change, ChangePasswordDialog)
        dialog.try_login()

    on_next_dialog(login_as_rita, LoginDialog)
    _close_strays()
    _action(window, "Logg &ut").trigger()

    successor = main_window_module._OPEN_WINDOWS[-1]
    qtbot.addWidget(successor)
    assert successor is not window and not window.isVisible() and window.session is None
    assert "Du er logget ut." in seen["labels"]
    assert seen["forced"] is True and seen["mismatch"] == "Passordene er ikke like."
    assert successor.ctx.user.username == "rita"
    assert not successor.session.read_only  # the administrator's lock was released at log-out
    assert "Rita Rådgiver" in successor.user_label.text()
    assert not User.get(User.username == "rita").must_change_password
    assert User.get(User.username == "sjef").last_area == "tasks"
    titles = [successor.sidebar.item(i).text() for i in range(successor.sidebar.count())]
    assert "Husstander og personer" in titles
    assert not [a for a in successor.menuBar().actions() if a.text() == "&Administrasjon"]

    # Bytt bruker: back to the administrator, who lands where they left off.
    def login_as_sjef(dialog: LoginDialog) -> None:
        seen["switch_labels"] = _labels(dialog)
        dialog.username.setText("sjef")
        dialog.password.setText(PASSWORD)
        dialog.try_login()

    successor.show_key("placements")
    on_next_dialog(login_as_sjef, LoginDialog)
    _action(successor, "Bytt &bruker …").trigger()
    third = main_window_module._OPEN_WINDOWS[-1]
    qtbot.addWidget(third)
    try:
        assert "Logg inn som en annen bruker." in seen["switch_labels"]
        assert third.ctx.user.username == "sjef"
        assert third.current_area().key == "tasks"  # remembered per user, not per machine
        assert User.get(User.username == "rita").last_area == "placements"
        assert [a for a in third.menuBar().actions() if a.text() == "&Administrasjon"]
    finally:
        third.close()
    assert third.session is None  # closing the window releases the lock


def test_change_own_password_from_the_file_menu(qtbot, tmp_path, settings):
    path = tmp_path / "kontor.sqlite3"
    session, _key = auth.create_first_admin(path, username="sjef", full_name="Sjef Sjefsen", password=PASSWORD)
    window = MainWindow(session.ctx, settings=settings, session=session)
    qtbot.addWidget(window)
    seen: dict[str, str] = {}

    def change(dialog: ChangePasswordDialog) -> None:
        dialog.current.setText("feil-passord")
        dialog.password.setText(NEW)
        dialog.password_again.setText(NEW)
        dialog.save()
        seen["wrong"] = dialog.errors["current_password"].text()
        dialog.current.setText(PASSWORD)
        on_next_dialog(lambda box: box.accept())  # "Passordet er endret"
        dialog.save()

    on_next_dialog(change, ChangePasswordDialog)
    _action(window, "Endre &passord …").trigger()
    assert seen["wrong"] == "Det nåværende passordet er feil."
    window.close()
    with pytest.raises(auth.LoginFailed):
        auth.login(path, "sjef", PASSWORD)
    auth.login(path, "sjef", NEW).close()


def test_users_dialog_edits_roles_and_keeps_the_last_administrator(qtbot, ctx):
    from hemsedal_integrering.ui.users_dialog import UserForm
    accounts.create_user(ctx, username="sjef", full_name="Sjef", role="admin", password=PASSWORD)
    admin = ctx.as_user(User.get(User.username == "sjef"))
    form = UserForm(admin, None, User.get(User.username == "sjef"))
    qtbot.addWidget(form)
    assert form.roles["admin"].isChecked() and form.username.isReadOnly()
    form.roles["admin"].setChecked(False)
    form.roles["officer"].setChecked(True)
    form.save()
    assert "Minst én aktiv administrator" in form.errors["role"].text() and form.errors["role"].isVisibleTo(form)
    form.roles["admin"].setChecked(True)
    form.save()
    assert User.get(User.username == "sjef").roles == ("officer", "admin")


def test_qt_warnings_go_to_the_log_file(qtbot, tmp_path):
    import logging

    from PySide6.QtCore import qWarning
    from hemsedal_integrering.ui.error_report import install_error_handling
    reporter = install_error_handling(QApplication.instance(), tmp_path / "logs")
    try:
        qWarning("en advarsel fra Qt")
    finally:
        reporter.uninstall()
    for handler in logging.getLogger("hemsedal_integrering").handlers:
        handler.flush()
    assert "Qt: en advarsel fra Qt" in (tmp_path / "logs" / "hemsedal-integrering.log").read_text(encoding="utf-8")
