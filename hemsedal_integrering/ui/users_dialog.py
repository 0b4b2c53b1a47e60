"""Administrator: the list of users, new user, new password, deactivate/activate.

Every change goes through ``services.accounts`` (which also rewraps the
encryption key slots); the dialog shows the service's messages.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from .. import vocab
from ..context import Context
from ..errors import PermissionDenied, ValidationError
from ..models import User
from ..services import accounts
from ..services.access import require
from .widgets import dialog_buttons


class UserForm(QDialog):
    """New user: name, user name, role, first password."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Ny bruker")
        self.full_name, self.username, self.title, self.email = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.role = QComboBox()
        for code, label in vocab.USER_ROLES.items():
            self.role.addItem(label, code)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Navn:", self.full_name)
        form.addRow("&Brukernavn:", self.username)
        form.addRow("&Rolle:", self.role)
        form.addRow("&Stilling:", self.title)
        form.addRow("&E-post:", self.email)
        form.addRow("Første &passord:", self.password)
        buttons = dialog_buttons("Lagre", self.save, self.reject, standard=QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            accounts.create_user(self.ctx, username=self.username.text(), full_name=self.full_name.text(),
                                 role=self.role.currentData(), password=self.password.text(),
                                 title=self.title.text(), email=self.email.text())
        except ValidationError as exc:
            self.error.setText("\n".join(exc.errors.values()))
            return
        except PermissionDenied as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class PasswordForm(QDialog):
    """A new password for one user."""

    def __init__(self, ctx: Context, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.user = ctx, user
        self.setWindowTitle(f"Nytt passord for {user.full_name}")
        self.password, self.again = QLineEdit(), QLineEdit()
        for w in (self.password, self.again):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow("&Nytt passord:", self.password)
        form.addRow("&Gjenta:", self.again)
        buttons = dialog_buttons("Lagre", self.save, self.reject, standard=QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        if self.password.text() != self.again.text():
            self.error.setText("Passordene er ikke like.")
            return
        try:
            accounts.set_password(self.ctx, user_id=self.user.id, password=self.password.text())
        except ValidationError as exc:
            self.error.setText("\n".join(exc.errors.values()))
            return
        except PermissionDenied as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class UsersDialog(QDialog):
    """The administrator's user list (raises PermissionDenied for other roles before showing anything)."""

    COLUMNS = ["Brukernavn", "Navn", "Rolle", "Status"]

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        require(ctx, "admin.users")
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Brukere og roller")
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.new_button = QPushButton("&Ny bruker …")
        self.password_button = QPushButton("Nytt &passord …")
        self.active_button = QPushButton("&Deaktiver")
        self.new_button.clicked.connect(self.new_user)
        self.password_button.clicked.connect(self.new_password)
        self.active_button.clicked.connect(self.toggle_active)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        row = QHBoxLayout()
        for b in (self.new_button, self.password_button, self.active_button):
            row.addWidget(b)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Lukk")
        close.rejected.connect(self.reject)
        note = QLabel("Boligkontoret ser boliger, leieavtaler, tilsyn og leietakernes navn og kontaktdata – "
                      "ikke helse- og saksnotater, statushistorikk eller fødselsnummer.")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(note)
        layout.addWidget(close)
        self.resize(720, 420)
        self.reload()

    def reload(self) -> None:
        users = list(User.select().order_by(User.active.desc(), User.username))
        self.table.setRowCount(len(users))
        for r, u in enumerate(users):
            values = [u.username, u.full_name, vocab.USER_ROLES.get(u.role, u.role),
                      "Aktiv" if u.active else "Deaktivert"]
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, u.id)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self._selection_changed()

    def selected_user(self) -> User | None:
        items = self.table.selectedItems()
        return User.get_or_none(User.id == items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def _selection_changed(self) -> None:
        user = self.selected_user()
        self.password_button.setEnabled(user is not None)
        self.active_button.setEnabled(user is not None and user.id != getattr(self.ctx.user, "id", None))
        self.active_button.setText("&Aktiver" if user is not None and not user.active else "&Deaktiver")

    def new_user(self) -> None:
        if UserForm(self.ctx, self).exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def new_password(self) -> None:
        user = self.selected_user()
        if user and PasswordForm(self.ctx, user, self).exec() == QDialog.DialogCode.Accepted:
            QMessageBox.information(self, "Passord", f"Nytt passord er satt for {user.full_name}.")

    def toggle_active(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        try:
            accounts.update_user(self.ctx, user_id=user.id, active=not user.active)
        except (ValidationError, PermissionDenied) as exc:
            QMessageBox.warning(self, "Brukere", str(exc))
            return
        if user.active:
            QMessageBox.information(self, "Brukere", f"{user.full_name} er deaktivert og kan ikke lenger logge inn.")
        else:
            QMessageBox.information(self, "Brukere", f"{user.full_name} er aktiv igjen. Sett et nytt passord før "
                                                      "brukeren logger inn.")
        self.reload()
