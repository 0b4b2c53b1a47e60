"""Login at start: first administrator on a new database, normal login, recovery key, damaged file.

The app calls ``login(parent, db_path)``; it returns a ``services.auth.Session``
(database + acting user + read-only flag) or None when the user cancels.
All rules live in ``services.auth``; these dialogs only collect values and
show the Norwegian messages the services raise.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton,
    QVBoxLayout, QWidget,
)

from ..errors import DatabaseError, PermissionDenied, ValidationError
from ..services import auth
from .widgets import dialog_buttons, error_label




def _show(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class LoginDialog(QDialog):
    """User name and password; wrong input shows the service's message under the fields."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.session: auth.Session | None = None
        self.damaged: auth.DatabaseDamaged | None = None
        self.setWindowTitle("Logg inn – Integreringstjenesten Hemsedal og Gol")
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        form = QFormLayout()
        form.addRow("&Brukernavn:", self.username)
        form.addRow("&Passord:", self.password)
        self.recover = QPushButton("Glemt passord? Bruk &gjenopprettingsnøkkel …")
        self.recover.setFlat(True)
        self.recover.clicked.connect(self._recover)
        buttons = dialog_buttons("Logg inn", self.try_login, self.reject)
        layout = QVBoxLayout(self)
        title = QLabel(f"Database: {self.db_path}")
        title.setStyleSheet("color: #555;")
        layout.addWidget(title)
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
        self.setWindowTitle("Gjenopprett tilgang med gjenopprettingsnøkkelen")
        self.key = QLineEdit()
        self.key.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.admin = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        form = QFormLayout()
        form.addRow("Gjenopprettings&nøkkel:", self.key)
        form.addRow("&Administratorens brukernavn:", self.admin)
        form.addRow("N&ytt passord:", self.password)
        buttons = dialog_buttons("Gjenopprett", self._apply, self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Nøkkelen ble vist én gang da databasen ble satt opp (utskrift i safen)."))
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
        self.setWindowTitle("Første oppstart – opprett administrator")
        self.full_name = QLineEdit()
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password_again = QLineEdit()
        for w in (self.password, self.password_again):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        self.encrypt = QCheckBox("&Krypter databasen (anbefalt: en kopiert fil avslører ingenting)")
        self.encrypt.setChecked(True)
        self.errors: dict[str, QLabel] = {k: error_label() for k in
                                          ("full_name", "username", "password", "password_again", "")}
        form = QFormLayout()
        for label, name, widget in (("&Navn:", "full_name", self.full_name),
                                    ("&Brukernavn:", "username", self.username),
                                    ("&Passord (minst 10 tegn):", "password", self.password),
                                    ("&Gjenta passordet:", "password_again", self.password_again)):
            form.addRow(label, widget)
            form.addRow("", self.errors[name])
        buttons = dialog_buttons("Opprett administrator", self.create, self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel("Det finnes ingen brukere ennå. Opprett den første administratoren. Administratoren "
                       "oppretter deretter brukere for programrådgivere og boligkontoret.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.encrypt)
        layout.addWidget(self.errors[""])
        layout.addWidget(buttons)
        self.resize(520, 0)

    def create(self) -> None:
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
        self.accept()


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key once; OK only after the user confirms it is stored safely."""

    def __init__(self, recovery_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Gjenopprettingsnøkkel – vises bare nå")
        text = QLabel("Skriv ut eller skriv av denne nøkkelen og lås den inn. Den åpner databasen hvis alle "
                      "passord er glemt. Programmet kan ikke vise den igjen.")
        text.setWordWrap(True)
        key = QLineEdit(recovery_key)
        key.setReadOnly(True)
        font = QFont("Monospace")
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        font.setPointSize(14)
        key.setFont(font)
        key.setMinimumWidth(560)
        copy = QPushButton("&Kopier")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(recovery_key))
        print_button = QPushButton("&Skriv ut …")
        print_button.clicked.connect(lambda: self._print(recovery_key))
        self.confirm = QCheckBox("Jeg har tatt vare på nøkkelen på et trygt sted")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Fortsett")
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
        doc.setHtml("<h2>Integreringstjenesten Hemsedal og Gol</h2><h3>Gjenopprettingsnøkkel for databasen</h3>"
                    f"<p style='font-family: monospace; font-size: 16pt'>{recovery_key}</p>"
                    "<p>Oppbevares innelåst. Nøkkelen åpner databasen hvis alle passord er glemt.</p>")
        doc.print_(printer)

    def reject(self) -> None:  # Escape must not skip the confirmation
        if self.confirm.isChecked():
            super().reject()


def offer_restore(parent: QWidget | None, db_path: Path, damaged: auth.DatabaseDamaged) -> bool:
    """Tell the user the file is damaged; offer the latest good backup, showing what it contains."""
    from ..db import backup
    if damaged.backup is None:
        QMessageBox.critical(parent, "Databasen er skadet", str(damaged))
        return False
    details = "\n".join(damaged.backup.lines())
    answer = QMessageBox.question(
        parent, "Databasen er skadet",
        f"{damaged}\n\n{details}\n\nVil du legge tilbake denne sikkerhetskopien? Den skadede filen tas vare på "
        f"som {db_path.name}.before-restore.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        backup.restore_from(damaged.backup.path, db_path, damaged.key)
    except DatabaseError as exc:
        QMessageBox.critical(parent, "Tilbakelegging mislyktes", str(exc))
        return False
    QMessageBox.information(parent, "Sikkerhetskopi lagt tilbake", "Sikkerhetskopien er lagt tilbake. Logg inn igjen.")
    return True


def login(parent: QWidget | None, db_path: str | Path) -> auth.Session | None:
    """The whole start-up conversation; returns the session or None (the user gave up).

    First start → create administrator (+ show recovery key); otherwise the
    login dialog; a damaged file → offer the latest good backup and log in
    again; a read-only session → tell the user who holds the file. Finally
    the daily backup is taken (a failure is shown, not fatal).
    """
    path = Path(db_path)
    if auth.needs_first_admin(path):
        first = FirstAdminDialog(path, parent)
        if first.exec() != QDialog.DialogCode.Accepted or first.session is None:
            return None
        if first.recovery_key:
            RecoveryKeyDialog(first.recovery_key, parent).exec()
        session = first.session
    else:
        while True:
            dialog = LoginDialog(path, parent)
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            if dialog.damaged is not None:
                if offer_restore(parent, path, dialog.damaged):
                    continue
                return None
            if not accepted or dialog.session is None:
                return None
            session = dialog.session
            break
    if session.read_only:
        QMessageBox.information(parent, "Bare lesing", session.message)
    else:
        report = auth.start_of_day(session)
        if report.backup is None and "mislyktes" in report.message:
            QMessageBox.warning(parent, "Sikkerhetskopi", report.message)
    return session


def restore_and_login(parent: QWidget | None, session: auth.Session, backup_path: Path) -> auth.Session | None:
    """Close ``session``, put ``backup_path`` back (checked first), and log in again.

    The app calls this after ``BackupDialog`` chose a backup, then rebuilds its
    window from the returned session (None: the user gave up).
    """
    from ..db import backup
    db_path, key = session.db_path, getattr(session.db, "data_key", None)
    session.close()
    try:
        backup.restore_from(Path(backup_path), db_path, key)
    except DatabaseError as exc:
        QMessageBox.critical(parent, "Tilbakelegging mislyktes", str(exc))
    else:
        QMessageBox.information(parent, "Sikkerhetskopi lagt tilbake", "Sikkerhetskopien er lagt tilbake. "
                                                                      "Logg inn igjen.")
    return login(parent, db_path)


def keep_lock_alive(session: auth.Session, parent: QWidget) -> None:
    """Refresh the writer lock's heartbeat every minute while the window lives.

    Without it a lock older than ``db.lock.STALE_AFTER`` counts as stale and
    a second workstation could take over the writer role.
    """
    from PySide6.QtCore import QTimer
    if session.writer_lock is None:
        return
    timer = QTimer(parent)
    timer.setInterval(60_000)
    timer.timeout.connect(lambda: session.writer_lock.touch() if session.writer_lock else None)
    timer.start()


class ConfirmPasswordDialog(QDialog):
    """The administrator types their password again (it wraps the new data key)."""

    def __init__(self, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Bekreft passordet ditt")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(f"Passord for {username}:", self.password)
        buttons = dialog_buttons("Krypter", self.accept, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)


def encrypt_and_login(parent: QWidget | None, session: auth.Session, password: str | None = None) -> auth.Session | None:
    """Encrypt a plain database on the administrator's request, show the recovery key, log in again.

    The password is checked before anything happens; the writer lock is kept
    while the file is swapped. Returns the new session, or the old one
    unchanged when the user cancels or the password is wrong.
    """
    from ..db import crypto
    from ..services.accounts import verify_password
    user = session.user
    if password is None:
        ask = ConfirmPasswordDialog(user.username, parent)
        if ask.exec() != QDialog.DialogCode.Accepted:
            return session
        password = ask.password.text()
    if not verify_password(user.password_hash, password):
        QMessageBox.warning(parent, "Krypter databasen", "Feil passord. Ingenting er endret.")
        return session
    db_path, username = session.db_path, user.username
    session.db.close()
    try:
        recovery = crypto.convert_to_encrypted(db_path, username=username, password=password)
    except DatabaseError as exc:
        QMessageBox.critical(parent, "Krypter databasen", str(exc))
        recovery = None
    finally:
        session.close()
    if recovery:
        RecoveryKeyDialog(recovery, parent).exec()
    return login(parent, db_path)
