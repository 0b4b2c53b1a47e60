"""Login at start: first administrator on a new database, normal login, recovery key, damaged file.

The app calls ``login(parent, db_path)``; it returns a ``services.auth.Session``
(database + acting user + read-only flag) or None when the user cancels.
All rules live in ``services.auth``; these dialogs only collect values and
show the Norwegian messages the services raise.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton,
    QVBoxLayout, QWidget,
)

from ..errors import DatabaseError, PermissionDenied, ValidationError
from ..i18n import _
from ..services import auth
from .widgets import dialog_buttons, error_label




def _show(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class LoginDialog(QDialog):
    """User name and password; wrong input shows the service's message under the fields."""

    def __init__(self, db_path: Path, parent: QWidget | None = None, message: str = "") -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.session: auth.Session | None = None
        self.damaged: auth.DatabaseDamaged | None = None
        self.setWindowTitle(_("Log in – the integration service of Hemsedal and Gol"))
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(_("&User name:"), self.username)
        form.addRow(_("&Password:"), self.password)
        self.recover = QPushButton(_("Forgot your password? Use the &recovery key …"))
        self.recover.setFlat(True)
        self.recover.clicked.connect(self._recover)
        buttons = dialog_buttons(_("Log in"), self.try_login, self.reject)
        layout = QVBoxLayout(self)
        title = QLabel(_("Database: {path}").format(path=self.db_path))
        title.setStyleSheet("color: #555;")
        layout.addWidget(title)
        if message:  # "Du er logget ut." after Fil → Logg ut
            note = QLabel(message)
            note.setStyleSheet("font-weight: 600;")
            layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.recover, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)
        self.resize(460, 0)

    def try_login(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.session = auth.login(self.db_path, self.username.text(), self.password.text())
        except auth.DatabaseDamaged as exc:
            self.damaged = exc
            self.reject()
            return
        except (PermissionDenied, DatabaseError) as exc:
            _show(self.error, str(exc))
            self.password.selectAll()
            self.password.setFocus()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()

    def _recover(self) -> None:
        dialog = RecoveryDialog(self.db_path, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.session is not None:
            self.session = dialog.session
            self.accept()


class RecoveryDialog(QDialog):
    """All passwords lost: the printed recovery key plus a new password for an administrator."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.session: auth.Session | None = None
        self.setWindowTitle(_("Restore access with the recovery key"))
        self.key = QLineEdit()
        self.key.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.admin = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(_("Recovery &key:"), self.key)
        form.addRow(_("The &administrator's user name:"), self.admin)
        form.addRow(_("N&ew password:"), self.password)
        buttons = dialog_buttons(_("Restore"), self._apply, self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("The key was shown once when the database was set up (printout in the safe).")))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _apply(self) -> None:
        try:
            self.session = auth.login_with_recovery_key(self.db_path, self.key.text(),
                                                        admin_username=self.admin.text(),
                                                        new_password=self.password.text())
        except ValidationError as exc:
            _show(self.error, "\n".join(exc.errors.values()))
            return
        except (PermissionDenied, DatabaseError) as exc:
            _show(self.error, str(exc))
            return
        self.accept()


class FirstAdminDialog(QDialog):
    """First start: create the administrator (and the encrypted database)."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.session: auth.Session | None = None
        self.recovery_key: str | None = None
        self.setWindowTitle(_("First start – create an administrator"))
        self.full_name = QLineEdit()
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password_again = QLineEdit()
        for w in (self.password, self.password_again):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        self.encrypt = QCheckBox(_("&Encrypt the database (recommended: a copied file reveals nothing)"))
        self.encrypt.setChecked(True)
        self.errors: dict[str, QLabel] = {k: error_label() for k in
                                          ("full_name", "username", "password", "password_again", "")}
        form = QFormLayout()
        for label, name, widget in ((_("&Name:"), "full_name", self.full_name),
                                    (_("&User name:"), "username", self.username),
                                    (_("&Password (at least 10 characters):"), "password", self.password),
                                    (_("&Repeat the password:"), "password_again", self.password_again)):
            form.addRow(label, widget)
            form.addRow("", self.errors[name])
        buttons = dialog_buttons(_("Create administrator"), self.create_admin, self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(_("There are no users yet. Create the first administrator. The administrator "
                         "then creates users for the programme advisers and the housing office."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.encrypt)
        layout.addWidget(self.errors[""])
        layout.addWidget(buttons)
        self.resize(520, 0)

    def create_admin(self) -> None:  # not ``create``: that is QWidget's own method
        for label in self.errors.values():
            _show(label, "")
        try:
            self.session, self.recovery_key = auth.create_first_admin(
                self.db_path, username=self.username.text(), full_name=self.full_name.text(),
                password=self.password.text(), password_again=self.password_again.text(),
                encrypt=self.encrypt.isChecked())
        except ValidationError as exc:
            for name, message in exc.errors.items():
                _show(self.errors.get(name, self.errors[""]), message)
            return
        except (PermissionDenied, DatabaseError) as exc:
            _show(self.errors[""], str(exc))
            return
        except OSError as exc:  # a folder that cannot be written: say so beside the button, keep the input
            _show(self.errors[""], _("The database could not be created in {folder}: {reason}. Nothing has been "
                                     "saved; choose a folder you can write to (--db) or ask IT for access.").format(
                folder=self.db_path.parent, reason=exc.strerror or exc))
            return
        self.accept()


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key once; OK only after the user confirms it is stored safely."""

    def __init__(self, recovery_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Recovery key – shown only now"))
        text = QLabel(_("Print or copy down this key and lock it away. It opens the database if every "
                        "password is forgotten. The program cannot show it again."))
        text.setWordWrap(True)
        key = QLineEdit(recovery_key)
        key.setReadOnly(True)
        font = QFont("Monospace")
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        font.setPointSize(14)
        key.setFont(font)
        key.setMinimumWidth(560)
        copy = QPushButton(_("&Copy"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(recovery_key))
        print_button = QPushButton(_("&Print …"))
        print_button.clicked.connect(lambda: self._print(recovery_key))
        self.confirm = QCheckBox(_("I have stored the key in a safe place"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Continue"))
        self.ok.setEnabled(False)
        self.confirm.toggled.connect(self.ok.setEnabled)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(key)
        row = QHBoxLayout()
        row.addWidget(print_button)
        row.addWidget(copy)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.confirm)
        layout.addWidget(buttons)

    def _print(self, recovery_key: str) -> None:
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter
        printer = QPrinter()
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        doc = QTextDocument()
        service = escape(_("The integration service Hemsedal and Gol"))
        title = escape(_("Recovery key for the database"))
        keep = escape(_("Keep locked away. The key opens the database if every password is forgotten."))
        doc.setHtml(f"<h2>{service}</h2><h3>{title}</h3>"
                    f"<p style='font-family: monospace; font-size: 16pt'>{escape(recovery_key)}</p>"
                    f"<p>{keep}</p>")
        doc.print_(printer)

    def reject(self) -> None:  # Escape must not skip the confirmation
        if self.confirm.isChecked():
            super().reject()


def offer_restore(parent: QWidget | None, db_path: Path, damaged: auth.DatabaseDamaged) -> bool:
    """Tell the user the file is damaged; offer the latest good backup, showing what it contains."""
    from ..services import maintenance
    if damaged.backup is None:
        QMessageBox.critical(parent, _("The database is damaged"), str(damaged))
        return False
    details = "\n".join(damaged.backup.lines())
    answer = QMessageBox.question(
        parent, _("The database is damaged"),
        _("{problem}\n\n{details}\n\nDo you want to put this backup back? The damaged file is kept "
          "as {file}.").format(problem=damaged, details=details, file=f"{db_path.name}.before-restore"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        maintenance.restore_backup(damaged.backup.path, db_path, damaged.key)
    except DatabaseError as exc:
        QMessageBox.critical(parent, _("Restore failed"), str(exc))
        return False
    QMessageBox.information(parent, _("Backup put back"), _("The backup has been put back. Log in again."))
    return True


def login_to_server(parent: QWidget | None, target: object, *, message: str = "") -> auth.Session | None:
    """Server mode (issue 17): the server login dialog; ``target`` a ``ServerTarget``, a URL or "server:"
    (the last saved connection). A password an administrator chose is replaced before the session is handed
    out, as on a file (``ServerLoginDialog``); no daily backup (the server's)."""
    from ..services.server_login import ServerTarget
    from .app import settings
    from .server_login import server_login_dialog
    if isinstance(target, str):
        target = ServerTarget.from_url(target) if target != "server:" else None
    return server_login_dialog(parent, settings(), target if isinstance(target, ServerTarget) else None,
                               message=message)


def is_server_target(target: object) -> bool:
    from ..services.server_login import is_server_target as server_target
    return server_target(target)


def login(parent: QWidget | None, db_path: object, *, message: str = "") -> auth.Session | None:
    """The whole start-up conversation; returns the session or None (the user gave up).

    First start → create administrator (+ show recovery key); otherwise the
    login dialog (``message`` on top, e.g. "Du er logget ut."); a password an
    administrator chose must be replaced before the session is handed out
    ("Logg ut" there goes back to the login); a damaged file → offer the
    latest good backup and log in again; a read-only session → tell the user
    who holds the file. Finally the daily backup is taken (a failure is
    shown, not fatal). A server (``ServerTarget``, ``postgresql://…``) goes to ``login_to_server``.
    """
    if is_server_target(db_path):
        return login_to_server(parent, db_path, message=message)
    path = Path(str(db_path))
    if auth.needs_first_admin(path):
        first = FirstAdminDialog(path, parent)
        if first.exec() != QDialog.DialogCode.Accepted or first.session is None:
            return None
        if first.recovery_key:
            RecoveryKeyDialog(first.recovery_key, parent).exec()
        session = first.session
    else:
        while True:
            dialog = LoginDialog(path, parent, message)
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            if dialog.damaged is not None:
                if offer_restore(parent, path, dialog.damaged):
                    continue
                return None
            if not accepted or dialog.session is None:
                return None
            session = dialog.session
            if session.user.must_change_password and not session.read_only:
                from .account_dialogs import ChangePasswordDialog
                change = ChangePasswordDialog(session.ctx, parent, forced=True,
                                              current_password=dialog.password.text())
                if change.exec() != QDialog.DialogCode.Accepted:
                    session.close()
                    message = _("You are logged out.")
                    continue
            break
    if session.read_only:
        QMessageBox.information(parent, _("Read only"), session.message)
    else:
        report = auth.start_of_day(session)
        if report.failed:
            QMessageBox.warning(parent, _("Backup"), report.message)
    return session


def restore_and_login(parent: QWidget | None, session: auth.Session, backup_path: Path) -> auth.Session | None:
    """Close ``session``, put ``backup_path`` back (checked first), and log in again.

    The app calls this after ``BackupDialog`` chose a backup, then rebuilds its
    window from the returned session (None: the user gave up).
    """
    from ..services import maintenance
    from ..services.database import data_key
    db_path, key = session.db_path, data_key(session.db)
    if db_path is None:  # a server's backups are the server's (the backup dialog offers none to restore)
        QMessageBox.critical(parent, _("Restore failed"), _("The database is on a server: its backups are the "
                                                             "server's."))
        return session
    who = session.user.username
    session.close()
    try:
        maintenance.restore_backup(Path(backup_path), db_path, key, restored_by=who)
    except DatabaseError as exc:
        QMessageBox.critical(parent, _("Restore failed"), str(exc))
    else:
        QMessageBox.information(parent, _("Backup put back"), _("The backup has been put back. Log in again."))
    return login(parent, db_path)


def keep_lock_alive(session: auth.Session, parent: QWidget) -> None:
    """Refresh the writer lock's heartbeat and notice at once when the lock is lost (``ui.lock_watch``)."""
    from .lock_watch import watch_lock
    watch_lock(session, parent)


class ConfirmPasswordDialog(QDialog):
    """The administrator types their password again (it wraps the new data key)."""

    def __init__(self, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Confirm your password"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(_("Password for {username}:").format(username=username), self.password)
        buttons = dialog_buttons(_("Encrypt"), self.accept, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)


def encrypt_and_login(parent: QWidget | None, session: auth.Session,
                      password: str | None = None) -> auth.Session | None:
    """Encrypt a plain database on the administrator's request, show the recovery key, log in again.

    The password is checked before anything happens; the writer lock is kept
    while the file is swapped. Returns the new session, or the old one
    unchanged when the user cancels or the password is wrong.
    """
    from ..services import maintenance
    from ..services.accounts import verify_password
    user = session.user
    if session.db_path is None:  # on a server the data is protected by the server, not by file encryption
        QMessageBox.warning(parent, _("Encrypt the database"), _("The database is on a server: there is no "
                                                                 "file to encrypt."))
        return session
    if password is None:
        ask = ConfirmPasswordDialog(user.username, parent)
        if ask.exec() != QDialog.DialogCode.Accepted:
            return session
        password = ask.password.text()
    if not verify_password(user.password_hash, password):
        QMessageBox.warning(parent, _("Encrypt the database"), _("Wrong password. Nothing has been changed."))
        return session
    db_path, username = session.db_path, user.username
    from ..services import privacy
    folder = auth.backup_dir_for(db_path, privacy.backup_folder())
    try:
        maintenance.record_encryption(session.ctx)  # the audit row travels into the encrypted file
    except PermissionDenied as exc:  # another workstation holds the file: converting now would lose its work
        QMessageBox.warning(parent, _("Encrypt the database"), str(exc))
        return session
    session.db.close()
    try:
        recovery = maintenance.encrypt_file(db_path, username=username, password=password)
    except DatabaseError as exc:
        QMessageBox.critical(parent, _("Encrypt the database"), str(exc))
        recovery = None
    finally:
        session.close()
    if recovery:
        RecoveryKeyDialog(recovery, parent).exec()
        from .plain_copies import offer  # earlier backups are still plain: encrypt or delete them
        try:
            key = maintenance.unlock_data_key(db_path, username=username, password=password)
        except DatabaseError as exc:
            QMessageBox.warning(parent, _("Encrypt the database"), str(exc))
        else:
            offer(parent, db_path, folder, key)
    return login(parent, db_path)
