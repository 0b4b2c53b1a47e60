"""The setup wizard's two table pages: the welcome letter's key contacts, and the first users with their roles."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem, QTabWidget,
    QVBoxLayout, QWidget, QWizardPage,
)

from .. import vocab
from ..i18n import _
from ..queries import records
from ..services import setup
from .widgets import error_label

_ERROR_BRUSH = QBrush(QColor("#fde7e9"))


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    return table


def _row_buttons(table: QTableWidget, add_row) -> QHBoxLayout:
    add = QPushButton(_("&Add row"))
    add.clicked.connect(add_row)
    remove = QPushButton(_("&Remove row"))
    remove.clicked.connect(lambda: table.removeRow(table.currentRow()) if table.currentRow() >= 0 else None)
    row = QHBoxLayout()
    row.addWidget(add)
    row.addWidget(remove)
    row.addStretch(1)
    return row


def _cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """A cell the page filled itself (every row gets an item per column when it is added)."""
    item = table.item(row, column)
    assert item is not None
    return item


def _check(page: QWizardPage, data: setup.SetupInput) -> bool:
    """Save ``data`` through the setup wizard the page lives in (it shows the errors beside the fields)."""
    from .setup_wizard import SetupWizard  # here: setup_wizard imports this module
    wizard = page.wizard()
    assert isinstance(wizard, SetupWizard)
    return wizard.check(data, page)


def _error_lines(errors: dict[str, str], prefix: str, row_label: str) -> tuple[list[str], set[tuple[int, str]]]:
    """Messages for ``<prefix><row>.<field>`` keys as 'row_label 2: message', plus the (row, field) cells."""
    lines, cells = [], set()
    for key, message in errors.items():
        if not key.startswith(prefix):
            continue
        row, _dot, name = key[len(prefix):].partition(".")
        if row.isdigit():
            cells.add((int(row), name))
            lines.append(f"{row_label.format(n=int(row) + 1)}: {message}")
    return lines, cells


class ContactsPage(QWizardPage):
    """The key contacts printed in the welcome letter, one table per municipality."""

    COLUMNS = list(setup.CONTACT_FIELDS)

    def __init__(self, ctx, codes: list[str]) -> None:
        super().__init__()
        self.ctx = ctx
        self.setTitle(_("Key contacts in the welcome letter"))
        self.setSubTitle(_("The integration service itself is always listed first. Add the doctor's office, "
                           "school, kindergarten, NAV and others a new household needs."))
        headers = [_("Role"), _("Name"), _("Address"), _("Phone"), _("Email")]
        self.tabs = QTabWidget()
        self.tables: dict[str, QTableWidget] = {}
        self.saved: dict[str, list[dict[str, str]]] = {}
        names = records.municipalities(ctx)
        for code in codes:
            table = _table(headers)
            self.tables[code] = table
            self.saved[code] = setup.letter_contacts(code)
            for contact in self.saved[code]:
                self._add(table, contact)
            holder = QWidget()
            page = QVBoxLayout(holder)
            page.addWidget(table)
            page.addLayout(_row_buttons(table, lambda _c=False, t=table: self._add(t, {}, focus=True)))
            self.tabs.addTab(holder, vocab.short_municipality(names.get(code, code)))
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)

    def _add(self, table: QTableWidget, contact: dict[str, str], focus: bool = False) -> None:
        row = table.rowCount()
        table.insertRow(row)
        for c, key in enumerate(self.COLUMNS):
            table.setItem(row, c, QTableWidgetItem(contact.get(key, "")))
        if focus:
            table.setCurrentCell(row, 0)
            table.editItem(_cell(table, row, 0))

    def rows(self, code: str) -> list[dict[str, str]]:
        table = self.tables[code]
        return [{key: (item.text() if (item := table.item(r, c)) else "").strip()
                 for c, key in enumerate(self.COLUMNS)} for r in range(table.rowCount())]

    def values(self) -> dict[str, list[dict[str, str]]]:
        """Only the municipalities whose list was changed (an untouched list keeps its source)."""
        return {code: self.rows(code) for code in self.tables if self.rows(code) != self.saved[code]}

    def show_errors(self, errors: dict[str, str]) -> bool:
        lines = []
        for i, (code, table) in enumerate(self.tables.items()):
            found, cells = _error_lines(errors, f"contacts.{code}.",
                                        self.tabs.tabText(i) + ", " + _("row {n}"))
            lines += found
            for r in range(table.rowCount()):
                for c, key in enumerate(self.COLUMNS):
                    item = table.item(r, c)
                    if item is not None:
                        item.setBackground(_ERROR_BRUSH if (r, key) in cells else QBrush())
            if found and not lines[:-len(found)]:
                self.tabs.setCurrentIndex(i)
        self.error.setText("\n".join(lines))
        self.error.setVisible(bool(lines))
        return bool(lines)

    def validatePage(self) -> bool:  # noqa: N802
        return _check(self, setup.SetupInput(contacts=self.values()))


class UsersPage(QWizardPage):
    """The first users: name, user name, one or more roles, a first password they must change."""

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.setTitle(_("Users"))
        self.setSubTitle(_("Add the people who will use the program. Tick every role a person has: in a small "
                           "office the administrator is often a programme adviser too. Each user must choose "
                           "their own password at the first login."))
        existing = [f"{full_name} ({username}): "
                    + ", ".join(vocab.label(vocab.USER_ROLES_SHORT, r) for r in roles)
                    for full_name, username, roles in records.active_users(ctx)]
        self.role_codes = list(vocab.USER_ROLES)
        headers = [_("Name"), _("User name"), *[vocab.USER_ROLES_SHORT[c] for c in self.role_codes],
                   _("First password")]
        self.table = _table(headers)
        self.error = error_label()
        layout = QVBoxLayout(self)
        if existing:
            known = QLabel(_("Users already: {users}").format(users="; ".join(existing)))
            known.setWordWrap(True)
            known.setStyleSheet("color: #555;")
            layout.addWidget(known)
        layout.addWidget(self.table, 1)
        layout.addLayout(_row_buttons(self.table, lambda: self.add_row(focus=True)))
        layout.addWidget(self.error)

    def add_row(self, focus: bool = False) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(""))
        self.table.setItem(row, 1, QTableWidgetItem(""))
        for i, code in enumerate(self.role_codes):
            item = QTableWidgetItem("")
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked if code == "officer" else Qt.CheckState.Unchecked)
            self.table.setItem(row, 2 + i, item)
        password = QLineEdit()
        password.setEchoMode(QLineEdit.EchoMode.Password)
        password.setFrame(False)
        self.table.setCellWidget(row, 2 + len(self.role_codes), password)
        if focus:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(_cell(self.table, row, 0))
        return row

    def set_row(self, row: int, *, full_name: str, username: str, roles: list[str], password: str) -> None:
        """Fill one row (the tests, and a future import of a staff list)."""
        _cell(self.table, row, 0).setText(full_name)
        _cell(self.table, row, 1).setText(username)
        for i, code in enumerate(self.role_codes):
            _cell(self.table, row, 2 + i).setCheckState(Qt.CheckState.Checked if code in roles
                                                        else Qt.CheckState.Unchecked)
        self._password(row).setText(password)

    def _password(self, row: int) -> QLineEdit:
        field = self.table.cellWidget(row, 2 + len(self.role_codes))
        assert isinstance(field, QLineEdit)  # every row gets its password field when it is added
        return field

    def values(self) -> list[dict]:
        out = []
        self._value_rows: list[int] = []  # table row of each returned user (error messages name the row)
        for r in range(self.table.rowCount()):
            name = _cell(self.table, r, 0).text().strip()
            username = _cell(self.table, r, 1).text().strip()
            password = self._password(r).text()
            if not (name or username or password):
                continue  # an empty row is no user
            roles = [code for i, code in enumerate(self.role_codes)
                     if _cell(self.table, r, 2 + i).checkState() == Qt.CheckState.Checked]
            out.append({"full_name": name, "username": username, "role": roles, "password": password})
            self._value_rows.append(r)
        return out

    def show_errors(self, errors: dict[str, str]) -> bool:
        rows = getattr(self, "_value_rows", [])
        mapped = {}
        for key, message in errors.items():
            head, _dot, rest = key.partition(".")
            index, _dot, name = rest.partition(".")
            if head == "users" and index.isdigit() and int(index) < len(rows):
                mapped[f"users.{rows[int(index)]}.{name}"] = message
        lines, _cells = _error_lines(mapped, "users.", _("Row {n}"))
        self.error.setText("\n".join(lines))
        self.error.setVisible(bool(lines))
        return bool(lines)

    def validatePage(self) -> bool:  # noqa: N802
        return _check(self, setup.SetupInput(users=self.values()))
