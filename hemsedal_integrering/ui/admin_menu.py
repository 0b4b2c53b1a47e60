"""The menu bar: file (backups, quit), administration (users, audit log, retention,
grant rates) and help. Each entry shows only for the roles that may use it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from .. import __version__
from ..i18n import _
from ..services.access import can

#: The permissions that let a user import something: ``services.importing.KIND_PERMISSIONS``'s
#: values, written out so the menu is built without importing the import machinery (a test
#: keeps the two the same).
IMPORT_PERMISSIONS = ("persons.write", "housing.write", "placements.write")

if TYPE_CHECKING:  # pragma: no cover
    from .main_window import MainWindow


def install_menus(window: "MainWindow") -> None:
    """Build the menu bar of ``window`` for its acting user."""
    ctx = window.ctx
    bar = window.menuBar()
    file_menu = bar.addMenu(_("&File"))
    if window.session is not None:  # the user's own account (issue 13)
        from .account_dialogs import change_password, log_out
        _add(file_menu, _("Change &password …"), lambda: change_password(window))
        _add(file_menu, _("S&witch user …"), lambda: log_out(window, switch=True))
        _add(file_menu, _("Log &out"), lambda: log_out(window)).setShortcut(QKeySequence("Ctrl+Shift+L"))
        file_menu.addSeparator()
    if window.session is not None and can(ctx, "admin.backup"):
        on_server = window.session.db_path is None  # issue 17: the server's backups, pg_dump, the data check
        _add(file_menu, _("&Backups (the server's) …") if on_server else _("&Backups …"),
             lambda: open_backups(window))
    if any(can(ctx, permission) for permission in IMPORT_PERMISSIONS):
        _add(file_menu, _("&Import from a spreadsheet …"), lambda: _import(window)).setShortcut(
            QKeySequence("Ctrl+I"))
    quit_action = _add(file_menu, _("&Quit"), window.close)
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)

    admin_entries: list[tuple[str, str, Callable[[], object]]] = [
        ("admin.users", _("&Users …"), lambda: _users(window)),
        ("admin.audit", _("&Audit log …"), lambda: _audit(window)),
        ("admin.retention", _("&Deletion and anonymisation …"), lambda: _retention(window)),
        ("admin.rates", _("Integration grant &rates …"), lambda: _rates(window)),
        ("admin.settings", _("Set &up the municipalities …"), lambda: _setup(window)),
    ]
    from ..services.database import is_encrypted
    if is_encrypted(ctx):  # only an encrypted database has a key to change
        from .rekey_dialog import change_key
        admin_entries.append(("admin.users", _("Change &encryption key …"), lambda: change_key(window)))
    allowed = [(label, slot) for perm, label, slot in admin_entries if can(ctx, perm)]
    if allowed:
        admin_menu = bar.addMenu(_("&Administration"))
        for label, slot in allowed:
            _add(admin_menu, label, slot)

    help_menu = bar.addMenu(_("&Help"))
    from .help_dialog import open_user_guide
    guide = _add(help_menu, _("&User guide"), lambda: open_user_guide(window))
    guide.setShortcut(QKeySequence.StandardKey.HelpContents)
    _add(help_menu, _("&Keyboard shortcuts"),
         lambda: QMessageBox.information(window, _("Keyboard shortcuts"), SHORTCUTS))
    _add(help_menu, _("&About the program"), lambda: QMessageBox.about(
        window, _("About Hemsedal integrering"),
        _("Hemsedal integrering {version}\nThe integration service of Hemsedal and Gol.\n\n"
          "The personal data in the program are subject to confidentiality (offl. § 13).").format(
            version=__version__)))


SHORTCUTS = _(
    "Ctrl+F  search the list\nCtrl+N  new (household, housing unit, agreement …)\nEnter  open the selected row\n"
    "Ctrl+S  save the form\nEsc  close the form\nCtrl+P  print the selected item\nCtrl+1 … Ctrl+9  switch area\n"
    "Ctrl+Shift+L  log out\nCtrl+Q  quit"
)


def _add(menu, label: str, slot) -> QAction:
    action = QAction(label, menu)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def _import(window: MainWindow) -> None:
    # the import wizard, the import services and openpyxl load when first used (cold start, issue 16)
    from .import_dialog import ImportDialog
    ImportDialog(window.ctx, window.bus, window).exec()


def _users(window: "MainWindow") -> None:
    from .users_dialog import UsersDialog
    UsersDialog(window.ctx, window).exec()


def _setup(window: "MainWindow") -> None:
    from .setup_wizard import open_setup
    open_setup(window)


def _audit(window: "MainWindow") -> None:
    from .audit_dialog import AuditDialog
    AuditDialog(window.ctx, window).exec()


def _retention(window: "MainWindow") -> None:
    from .retention_dialog import RetentionDialog
    RetentionDialog(window.ctx, window).exec()


def _rates(window: "MainWindow") -> None:
    from .grant_rates_dialog import GrantRatesDialog
    GrantRatesDialog(window.ctx, window.bus, window).exec()


def open_backups(window: "MainWindow") -> None:
    """Backups dialog; a restore or an encryption needs a fresh login and a new window."""
    from .backup_dialog import BackupDialog
    from .login_dialog import encrypt_and_login, restore_and_login
    dialog = BackupDialog(window.session, window)
    dialog.exec()
    if dialog.restore_path is not None:
        window.replace_session(restore_and_login(window, window.session, dialog.restore_path))
    elif dialog.encrypt_requested:
        window.replace_session(encrypt_and_login(window, window.session))
