"""Administrator: the list of users, new user, new password, deactivate/activate.

Every change goes through ``services.accounts`` (which also rewraps the
encryption key slots and, on a database server, creates and changes the user's login role:
``services.server_roles``); the dialog shows the service's messages. On a server where the
administrator's own login may not create roles, the dialog shows the exact SQL for the IT partner.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
    QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from .. import vocab
from ..context import Context
from ..errors import PermissionDenied, ValidationError
from ..i18n import _
from ..queries.users import UserRow, get_user, list_users
from ..services import accounts, server_roles
from ..services.access import require
from .widgets import dialog_buttons, error_label


class UserForm(QDialog):
    """New user (name, user name, roles, first password) or, with ``user``, edit name, roles and contact."""

    def __init__(self, ctx: Context, parent: QWidget | None = None, user: UserRow | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.user = user
        self.saved_username = ""
        self.setWindowTitle(_("New user") if user is None else _("Edit user {name}").format(name=user.full_name))
        self.full_name, self.username, self.title, self.email = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.phone = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        # Several roles: a small office's administrator is often its programme adviser too.
        self.roles: dict[str, QCheckBox] = {code: QCheckBox(label) for code, label in vocab.USER_ROLES.items()}
        roles_box = QWidget()
        roles_lay = QVBoxLayout(roles_box)
        roles_lay.setContentsMargins(0, 0, 0, 0)
        for box in self.roles.values():
            roles_lay.addWidget(box)
        self.must_change = QCheckBox(_("The user must choose a new password at the first login"))
        self.must_change.setChecked(True)
        self.errors = {k: error_label() for k in ("full_name", "username", "role", "title", "email", "phone",
                                                    "password", "")}
        form = QFormLayout()
        rows = [(_("&Name:"), "full_name", self.full_name), (_("&User name:"), "username", self.username),
                (_("&Roles:"), "role", roles_box), (_("&Job title:"), "title", self.title),
                (_("&E-mail:"), "email", self.email), (_("P&hone:"), "phone", self.phone)]
        if user is None:
            rows.append((_("First &password:"), "password", self.password))
        for label, name, widget in rows:
            form.addRow(label, widget)
            form.addRow("", self.errors[name])
        if user is None:
            form.addRow("", self.must_change)
        else:
            self.full_name.setText(user.full_name)
            self.username.setText(user.username)
            self.username.setReadOnly(True)  # the key slot and the audit log are tied to it
            self.title.setText(user.title)
            self.email.setText(user.email)
            self.phone.setText(user.phone)
            for code, box in self.roles.items():
                box.setChecked(user.has_role(code))
        buttons = dialog_buttons(_("Save"), self.save, self.reject, standard=QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors[""])
        layout.addWidget(buttons)

    def chosen_roles(self) -> list[str]:
        return [code for code, box in self.roles.items() if box.isChecked()]

    def save(self) -> None:
        for label in self.errors.values():
            label.setText("")
            label.hide()
        try:
            if self.user is None:
                self.saved_username = self.username.text()
                accounts.create_user(self.ctx, username=self.username.text(), full_name=self.full_name.text(),
                                     role=self.chosen_roles(), password=self.password.text(),
                                     title=self.title.text(), email=self.email.text(), phone=self.phone.text(),
                                     must_change_password=self.must_change.isChecked())
            else:
                accounts.update_user(self.ctx, user_id=self.user.id, full_name=self.full_name.text(),
                                     role=self.chosen_roles(), title=self.title.text(), email=self.email.text(),
                                     phone=self.phone.text())
        except ValidationError as exc:
            for name, message in exc.errors.items():
                label = self.errors.get(name, self.errors[""])
                label.setText(message)
                label.show()
            return
        except PermissionDenied as exc:
            self.errors[""].setText(str(exc))
            self.errors[""].show()
            return
        self.accept()


class PasswordForm(QDialog):
    """A new password for one user."""

    def __init__(self, ctx: Context, user: UserRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.user = ctx, user
        self.setWindowTitle(_("New password for {name}").format(name=user.full_name))
        self.password, self.again = QLineEdit(), QLineEdit()
        for w in (self.password, self.again):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow(_("&New password:"), self.password)
        form.addRow(_("&Repeat:"), self.again)
        buttons = dialog_buttons(_("Save"), self.save, self.reject, standard=QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        if self.password.text() != self.again.text():
            self.error.setText(_("The passwords are not the same."))
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

    COLUMNS = [_("User name"), _("Name"), _("Role"), _("Status")]

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        require(ctx, "admin.users")
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Users and roles"))
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.new_button = QPushButton(_("&New user …"))
        self.edit_button = QPushButton(_("&Edit …"))
        self.edit_button.clicked.connect(self.edit_user)
        self.table.doubleClicked.connect(lambda _i: self.edit_user())
        self.password_button = QPushButton(_("New &password …"))
        self.active_button = QPushButton(_("&Deactivate"))
        self.new_button.clicked.connect(self.new_user)
        self.password_button.clicked.connect(self.new_password)
        self.active_button.clicked.connect(self.toggle_active)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        row = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.password_button, self.active_button):
            row.addWidget(b)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        text = _("The housing office sees dwellings, leases, inspections and the tenants' names and contact "
                 "details – not health and case notes, status history or national identity numbers.")
        if server_roles.server_mode(ctx):
            text += " " + (_("On the database server each user logs in with a login role of their own; the program "
                             "creates and changes it.") if server_roles.can_manage(ctx) else
                           _("On the database server each user logs in with a login role of their own. Your login "
                             "may not create roles: the program shows the SQL for the IT partner after each change."))
        note = QLabel(text)
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
        users = list_users(self.ctx)
        self.table.setRowCount(len(users))
        for r, u in enumerate(users):
            state = _("Active") if u.active else _("Deactivated")
            if u.active and u.must_change_password:
                state = _("Active – must change password")
            values = [u.username, u.full_name, ", ".join(vocab.label(vocab.USER_ROLES_SHORT, r) for r in u.roles),
                      state]
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, u.id)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self._selection_changed()

    def selected_user(self) -> UserRow | None:
        items = self.table.selectedItems()
        return get_user(self.ctx, items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def _selection_changed(self) -> None:
        user = self.selected_user()
        self.password_button.setEnabled(user is not None)
        self.edit_button.setEnabled(user is not None)
        self.active_button.setEnabled(user is not None and user.id != getattr(self.ctx.user, "id", None))
        self.active_button.setText(_("&Activate") if user is not None and not user.active else _("&Deactivate"))

    def new_user(self) -> None:
        form = UserForm(self.ctx, self)
        if form.exec() == QDialog.DialogCode.Accepted:
            self.reload()
            created = next((u for u in list_users(self.ctx) if u.username == form.saved_username.strip().lower()), None)
            if created is not None:
                self.show_server_sql(created.id)

    def edit_user(self) -> None:
        user = self.selected_user()
        if user is not None and UserForm(self.ctx, self, user).exec() == QDialog.DialogCode.Accepted:
            self.reload()
            self.show_server_sql(user.id)

    def show_server_sql(self, user_id: int, extra: list[str] | None = None) -> bool:
        """Server mode without the right to create roles: show the IT partner's SQL for this user (if any)."""
        sql = [*server_roles.missing_sql_for(self.ctx, user_id), *(extra or [])]
        if not sql:
            return False
        ServerSqlDialog(sql, self).exec()
        return True

    def new_password(self) -> None:
        user = self.selected_user()
        if user and PasswordForm(self.ctx, user, self).exec() == QDialog.DialogCode.Accepted:
            if self.show_server_sql(user.id, server_roles.password_sql(self.ctx, user.id)):
                self.reload()
                return
            own = user.id == getattr(self.ctx.user, "id", None)
            QMessageBox.information(self, _("Password"), _("Your password is changed.") if own else
                                    _("A new password is set for {name}. The user must choose their own "
                                      "password at the next login.").format(name=user.full_name))
            self.reload()

    def toggle_active(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        try:
            accounts.update_user(self.ctx, user_id=user.id, active=not user.active)
        except (ValidationError, PermissionDenied) as exc:
            QMessageBox.warning(self, _("Users"), str(exc))
            return
        if self.show_server_sql(user.id):
            self.reload()
            return
        if user.active:
            QMessageBox.information(self, _("Users"), _("{name} is deactivated and can no longer log in.")
                                    .format(name=user.full_name))
        else:
            QMessageBox.information(self, _("Users"), _("{name} is active again. Set a new password before "
                                                        "the user logs in.").format(name=user.full_name))
        self.reload()


class ServerSqlDialog(QDialog):
    """The exact SQL the IT partner runs on the server (the administrator's login may not create roles)."""

    def __init__(self, statements: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("SQL for the IT partner"))
        intro = QLabel(_("The user is saved in the program, but your login on the database server may not create "
                         "or change login roles (CREATEROLE). Ask the IT partner to run this on the server, as the "
                         "database owner, and to give the user the password (where it says '…')."))
        intro.setWordWrap(True)
        self.sql = QPlainTextEdit("\n".join(statements))
        self.sql.setReadOnly(True)
        font = QFont("Monospace")
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        self.sql.setFont(font)
        copy = QPushButton(_("&Copy"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.sql.toPlainText()))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.sql)
        row = QHBoxLayout()
        row.addWidget(copy)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(640, 260)
