"""Logging in to a database server (issue 17): saved connections, user name, password, «Prøv igjen».

The connection list lives in the user's settings (QSettings key ``SETTINGS_KEY``, JSON from
``db.profiles``): name, server, port, database and TLS mode — never a password. The password is typed at
login; with «Husk passordet» it goes to the operating system's credential store
(``services.credentials``), and the box is greyed out where no store exists. All rules live in
``services.server_login``; this dialog only collects the values and shows the messages.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
    QVBoxLayout, QWidget,
)

from ..errors import DatabaseError, PermissionDenied, ServerUnavailable
from ..i18n import _
from ..services import credentials, server_login
from ..services import server_login as profiles  # the saved-connection helpers (db.profiles)
from ..services.auth import Session
from .widgets import dialog_buttons, error_label

SETTINGS_KEY = "server_profiles"
LAST_KEY = "last_server_profile"


def saved_profiles(prefs: QSettings) -> list[profiles.ConnectionProfile]:
    return profiles.profiles_from_json(str(prefs.value(SETTINGS_KEY) or ""))


def save_profile(prefs: QSettings, profile: profiles.ConnectionProfile) -> None:
    """Add or replace (by name) one connection in the user's settings; no password is ever written."""
    kept = [p for p in saved_profiles(prefs) if p.name != profile.name]
    prefs.setValue(SETTINGS_KEY, profiles.profiles_to_json([*kept, profile]))
    prefs.setValue(LAST_KEY, profile.name)


def last_profile(prefs: QSettings) -> profiles.ConnectionProfile | None:
    name = str(prefs.value(LAST_KEY) or "")
    return next((p for p in saved_profiles(prefs) if p.name == name), None)


class ServerLoginDialog(QDialog):
    """Choose or describe a server connection, log in as one's own login role; «Prøv igjen» when unreachable."""

    def __init__(self, prefs: QSettings, parent: QWidget | None = None, *,
                 target: server_login.ServerTarget | None = None, message: str = "") -> None:
        super().__init__(parent)
        self.prefs = prefs
        self.session: Session | None = None
        self.fixed = target if target is not None and target.from_command_line else None
        self.setWindowTitle(_("Log in to the database server"))
        layout = QVBoxLayout(self)
        if message:
            note = QLabel(message)
            note.setStyleSheet("font-weight: 600;")
            layout.addWidget(note)
        self.choice = QComboBox()
        self.name, self.host, self.database = QLineEdit(), QLineEdit(), QLineEdit()
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(profiles.DEFAULT_PORT)
        self.sslmode = QComboBox()
        labels = {"require": _("Required (require)"), "verify-ca": _("Required, certificate checked (verify-ca)"),
                  "verify-full": _("Required, certificate and name checked (verify-full)"),
                  "prefer": _("If the server offers it (prefer)"), "disable": _("Off (disable)")}
        for mode in profiles.SSL_MODES:
            self.sslmode.addItem(labels[mode], mode)
        self.field_errors = {k: error_label() for k in ("name", "host", "database", "port", "sslmode")}
        box = QGroupBox(_("Connection"))
        form = QFormLayout(box)
        if self.fixed is not None:
            shown = QLabel(self.fixed.label())
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(_("Server:"), shown)
        else:
            form.addRow(_("Sa&ved connection:"), self.choice)
            for label, key, widget in ((_("&Name:"), "name", self.name), (_("&Server:"), "host", self.host),
                                       (_("P&ort:"), "port", self.port), (_("&Database:"), "database", self.database),
                                       (_("&Encryption (TLS):"), "sslmode", self.sslmode)):
                form.addRow(label, widget)
                form.addRow("", self.field_errors[key])
            self.host.setPlaceholderText(_("e.g. db.hallingdal.kommune.no"))
            self.database.setText("integrering")  # i18n: data (the suggested database name)
        layout.addWidget(box)
        self.username, self.password = QLineEdit(), QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(_("&Remember the password in the operating system's credential store"))
        if not credentials.available():
            self.remember.setEnabled(False)
            self.remember.setToolTip(_("No credential store on this machine: the password is asked every time."))
        login_form = QFormLayout()
        login_form.addRow(_("&User name:"), self.username)
        login_form.addRow(_("&Password:"), self.password)
        login_form.addRow("", self.remember)
        layout.addLayout(login_form)
        self.error = error_label()
        layout.addWidget(self.error)
        self.retry = QPushButton(_("&Try again"))
        self.retry.clicked.connect(self.try_login)
        self.retry.hide()
        row = QHBoxLayout()
        row.addWidget(self.retry)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(dialog_buttons(_("Log in"), self.try_login, self.reject))
        self.resize(520, 0)
        self._profiles = saved_profiles(prefs)
        self._fill_choice(target.profile if target is not None and self.fixed is None else last_profile(prefs))
        if target is not None and target.url_user:
            self.username.setText(target.url_user)
        self.choice.currentIndexChanged.connect(self._chosen)
        self.username.editingFinished.connect(self._fill_stored_password)

    # ----- connections -----

    def _fill_choice(self, selected: profiles.ConnectionProfile | None) -> None:
        self.choice.clear()
        for p in self._profiles:
            self.choice.addItem(p.label(), p.name)
        self.choice.addItem(_("New connection …"), "")
        index = next((i for i, p in enumerate(self._profiles) if selected and p.name == selected.name), -1)
        if index < 0 and selected is not None:  # a profile not saved yet (e.g. from a URL): show its values
            self.choice.setCurrentIndex(self.choice.count() - 1)
            self._show_profile(selected)
        else:
            self.choice.setCurrentIndex(max(index, 0) if self._profiles else 0)
            self._chosen()

    def _chosen(self) -> None:
        name = self.choice.currentData()
        profile = next((p for p in self._profiles if p.name == name), None)
        if profile is not None:
            self._show_profile(profile)
        elif self.choice.currentIndex() == self.choice.count() - 1:
            self.name.clear()
            self.host.clear()

    def _show_profile(self, profile: profiles.ConnectionProfile) -> None:
        self.name.setText(profile.name)
        self.host.setText(profile.host)
        self.database.setText(profile.database)
        self.port.setValue(profile.port)
        self.sslmode.setCurrentIndex(max(self.sslmode.findData(profile.sslmode), 0))

    def profile(self) -> profiles.ConnectionProfile:
        if self.fixed is not None:
            return self.fixed.profile
        return profiles.ConnectionProfile(name=self.name.text().strip(), host=self.host.text().strip(),
                                          database=self.database.text().strip(), port=self.port.value(),
                                          sslmode=str(self.sslmode.currentData()))

    def target(self) -> server_login.ServerTarget:
        return self.fixed if self.fixed is not None else server_login.ServerTarget(self.profile())

    def _fill_stored_password(self) -> None:
        if self.password.text() or not credentials.available():
            return
        stored = credentials.stored_password(self.profile().url(), self.username.text().strip().lower())
        if stored:
            self.password.setText(stored)
            self.remember.setChecked(True)

    # ----- login -----

    def _show(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def try_login(self) -> None:
        for label in (self.error, *self.field_errors.values()):
            self._show(label, "")
        self.retry.hide()
        profile = self.profile()
        wrong = profiles.checked(profile) if self.fixed is None else {}
        if wrong:
            for key, text in wrong.items():
                self._show(self.field_errors[key], text)
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.session = server_login.login_server(self.target(), self.username.text(), self.password.text())
        except ServerUnavailable as exc:
            self._show(self.error, str(exc))
            self.retry.show()  # «Prøv igjen»: the same values once more
            return
        except (PermissionDenied, DatabaseError) as exc:
            self._show(self.error, str(exc))
            self.password.selectAll()
            self.password.setFocus()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        if self.fixed is None:
            save_profile(self.prefs, profile)  # the connection (never the password) for next time
        password = self.password.text()
        if self.session.user.must_change_password:
            password = self._forced_change(password)
            if not password:
                return
        server, user = profile.url(), self.session.user.username  # (the store's key; also «Endre passord»'s)
        if self.remember.isChecked():
            credentials.store_password(server, user, password)
        else:
            credentials.forget_password(server, user)
        self.accept()

    def _forced_change(self, current: str) -> str:
        """An administrator chose the password: the user replaces it before working, as on a file (the server
        checks the current one, ALTER ROLE sets the new one). The new password, or "" after «Logg ut» (then
        the session is closed and the dialog stays open)."""
        from .account_dialogs import ChangePasswordDialog
        assert self.session is not None
        change = ChangePasswordDialog(self.session.ctx, self, forced=True, current_password=current)
        if change.exec() == QDialog.DialogCode.Accepted:
            return change.password.text()
        self.session.close()
        self.session = None
        self.password.clear()
        self._show(self.error, _("You are logged out."))
        self.password.setFocus()
        return ""


def server_login_dialog(parent: QWidget | None, prefs: QSettings, target: server_login.ServerTarget | None = None,
                        *, message: str = "") -> Session | None:
    """Ask until the user logs in or gives up; None when cancelled."""
    dialog = ServerLoginDialog(prefs, parent, target=target, message=message)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.session
