"""The user's own account: change password (also when it must be changed at login), log out, switch user.

``log_out(window, switch=...)`` closes the window's session (which releases the
writer lock), shows the login again in the same process and rebuilds the main
window for whoever logs in; nothing is restarted. The rules (password length,
the current password, the key slot of an encrypted database) live in
``services.accounts``; this module only collects input and shows the messages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox, QVBoxLayout, QWidget,
)

from ..errors import PermissionDenied, ValidationError
from ..i18n import _
from ..services import accounts
from ..services.accounts import MIN_PASSWORD_LENGTH
from .widgets import dialog_buttons, error_label

if TYPE_CHECKING:  # pragma: no cover
    from .main_window import MainWindow


def _show(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class ChangePasswordDialog(QDialog):
    """Current password, new password twice; the service's messages appear under each field.

    ``forced``: the administrator chose the password and the user must replace
    it before working. The current password is then the one just typed at
    login (``current_password``) and is not asked for again; "Avbryt" reads
    "Logg ut".
    """

    def __init__(self, ctx, parent: QWidget | None = None, *, forced: bool = False,
                 current_password: str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.forced = forced
        self._given_current = current_password
        name = getattr(ctx.user, "full_name", "") or getattr(ctx.user, "username", "")
        self.setWindowTitle(_("Change password – {name}").format(name=name))
        self.current = QLineEdit()
        self.password = QLineEdit()
        self.password_again = QLineEdit()
        for w in (self.current, self.password, self.password_again):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors = {k: error_label() for k in ("current_password", "password", "password_again", "")}
        form = QFormLayout()
        rows = [(_("&New password:"), "password", self.password),
                (_("&Repeat the new password:"), "password_again", self.password_again)]
        if not forced:
            rows.insert(0, (_("&Current password:"), "current_password", self.current))
        for label, name_, widget in rows:
            form.addRow(label, widget)
            form.addRow("", self.errors[name_])
        layout = QVBoxLayout(self)
        if forced:
            intro = QLabel(_("An administrator chose your password. Choose your own password before you start; "
                             "only you should know it."))
            intro.setWordWrap(True)
            layout.addWidget(intro)
        hint = QLabel(_("At least {n} characters. A short sentence is easy to remember and hard to guess.")
                      .format(n=MIN_PASSWORD_LENGTH))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.errors[""])
        buttons = dialog_buttons(_("Change password"), self.save, self.reject)
        if forced:
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Log out"))
        layout.addWidget(buttons)
        (self.password if forced else self.current).setFocus()
        self.resize(480, 0)

    def save(self) -> None:
        for label in self.errors.values():
            _show(label, "")
        current = self._given_current if self.forced else self.current.text()
        try:
            accounts.change_own_password(self.ctx, current_password=current or "",
                                         new_password=self.password.text(),
                                         new_password_again=self.password_again.text())
        except ValidationError as exc:
            for name, message in exc.errors.items():
                _show(self.errors.get(name, self.errors[""]), message)
            first = next(iter(exc.errors), "")
            widget = {"current_password": self.current, "password": self.password,
                      "password_again": self.password_again}.get(first)
            if widget is not None and widget.isVisible():
                widget.selectAll()
                widget.setFocus()
            return
        except PermissionDenied as exc:  # e.g. the database is open read-only
            _show(self.errors[""], str(exc))
            return
        self.accept()


def change_password(window: "MainWindow") -> None:
    """Fil → Endre passord: the logged-in user chooses a new password."""
    dialog = ChangePasswordDialog(window.ctx, window)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        session = getattr(window, "session", None)
        target = getattr(session, "server", None)
        if session is not None and target is not None:  # a server login the credential store keeps: the new one
            from ..services import credentials
            credentials.replace_if_stored(target.profile.url(), session.user.username, dialog.password.text())
        QMessageBox.information(window, _("Password changed"),
                                _("Your password is changed. Use the new password the next time you log in."))


def log_out(window: "MainWindow", *, switch: bool = False) -> None:
    """Fil → Logg ut / Bytt bruker: close the session, log in again here, rebuild the window.

    The window hides at once (nothing personal stays on the screen while the
    login waits). When nobody logs in, the program ends.
    """
    from .login_dialog import login
    session = window.session
    if session is None:
        return
    window.remember_area()
    window.session = None
    db_path = session.target  # the file, or the server (issue 17)
    app = QApplication.instance()
    assert isinstance(app, QApplication)  # the program's window is open: its application exists
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)  # the login dialog closing must not end the program
    window.hide()
    window.stop_background_work()  # no worker may still read through the closing session
    session.close()
    try:
        message = _("Log in as another user.") if switch else _("You are logged out.")
        new_session = login(None, db_path, message=message)
    finally:
        app.setQuitOnLastWindowClosed(quit_on_close)
    if new_session is None:
        window.close()
        if not [w for w in QApplication.topLevelWidgets() if w.isVisible()]:
            QTimer.singleShot(0, app.quit)
        return
    window.replace_session(new_session)
