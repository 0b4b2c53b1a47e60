"""Administrator: backup folder, backups taken, what a backup contains, restore.

Restoring replaces the open database, so the dialog only *chooses*: it sets
``restore_path`` and closes; the app then calls
``ui.login_dialog.restore_and_login(parent, session, restore_path)``, which
closes the session, restores and asks for a new login. Likewise
``encrypt_requested`` → ``ui.login_dialog.encrypt_and_login(parent, session)``.

On a database server (issue 17) the backups are the server's: the dialog says so, offers a copy with
``pg_dump`` to a file of the administrator's choice (when the tool is installed) and the consistency
check of the program's own rules. Every action goes through ``services.backups`` (permission check and
audit row) and ``services.consistency``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QMessageBox, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)

from ..errors import DatabaseError, PermissionDenied, ValidationError
from ..i18n import _
from ..services import auth, backups, consistency, privacy
from ..services.access import require
from .widgets import resize_within_screen


class BackupDialog(QDialog):
    """Backup folder (a Setting), list of backups with their contents, backup now, choose one to restore."""

    def __init__(self, session: auth.Session, parent: QWidget | None = None) -> None:
        require(session.ctx, "admin.backup")
        super().__init__(parent)
        self.session = session
        self.restore_path: Path | None = None
        self.encrypt_requested = False
        self.setWindowTitle(_("Backups"))
        if backups.is_server(session):
            self._build_server()
            return
        self.folder = QLineEdit(privacy.backup_folder())
        self.folder.setPlaceholderText(str(backups.folder_for(session, "")))
        browse = QPushButton(_("&Choose folder …"))
        browse.clicked.connect(self.browse)
        save = QPushButton(_("&Save folder"))
        save.clicked.connect(self.save_folder)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Folder:")))
        top.addWidget(self.folder, 1)
        top.addWidget(browse)
        top.addWidget(save)
        self.list = QListWidget()
        self.list.currentItemChanged.connect(self.show_details)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        now = QPushButton(_("Back up &now"))
        now.clicked.connect(self.backup_now)
        check = QPushButton(_("C&heck the data …"))
        check.clicked.connect(self.check_data)
        self.restore_button = QPushButton(_("Put &back the chosen one …"))
        self.restore_button.clicked.connect(self.choose_restore)
        self.restore_button.setEnabled(not session.read_only)
        row = QHBoxLayout()
        row.addWidget(now)
        row.addWidget(self.restore_button)
        row.addWidget(check)
        if not session.encrypted:
            encrypt = QPushButton(_("&Encrypt the database …"))
            encrypt.setEnabled(not session.read_only)
            encrypt.clicked.connect(self.request_encryption)
            row.addWidget(encrypt)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        note = QLabel(_("Automatic copy at start-up (at most one a day): the last 7 days, 4 weeks and 12 months "
                        "are kept. The copies are encrypted like the database; the key file is stored next to "
                        "each copy."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list, 2)
        layout.addWidget(self.details, 1)
        layout.addLayout(row)
        layout.addWidget(note)
        layout.addWidget(close)
        resize_within_screen(self, 760, 560)
        self.reload()

    def _build_server(self) -> None:
        """Server mode: the server's backups, a pg_dump copy on request, the consistency check."""
        server = self.session.server
        note = QLabel(_("The database is on the server {server}. Its backups are the server's: the IT partner's "
                        "routine (pg_dump or the server's own backups) takes and keeps them, and restores them. "
                        "The program takes no copies of its own.").format(
            server=server.label() if server is not None else ""))
        note.setWordWrap(True)
        self.pg_dump = backups.find_pg_dump()
        self.dump_button = QPushButton(_("&Save a copy with pg_dump …"))
        self.dump_button.clicked.connect(self.dump_now)
        self.dump_button.setEnabled(self.pg_dump is not None)
        self.tool_note = QLabel(_("pg_dump: {path}").format(path=self.pg_dump) if self.pg_dump else
                                _("The program pg_dump was not found on this machine (PATH or the usual "
                                  "PostgreSQL folders). Install the PostgreSQL client tools to save a copy here."))
        self.tool_note.setWordWrap(True)
        self.tool_note.setStyleSheet("color: #555;")
        check = QPushButton(_("C&heck the data …"))
        check.clicked.connect(self.check_data)
        row = QHBoxLayout()
        row.addWidget(self.dump_button)
        row.addWidget(check)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(row)
        layout.addWidget(self.tool_note)
        layout.addStretch(1)
        layout.addWidget(close)
        self.resize(640, 260)

    def dump_now(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, _("Save a copy of the server database"),
                                                    "integrering.dump", _("pg_dump files (*.dump)"))
        if not name:
            return
        try:
            result = backups.dump_server(self.session, target=Path(name), pg_dump=self.pg_dump)
        except (ValidationError, PermissionDenied, DatabaseError) as exc:
            QMessageBox.warning(self, _("Backup"), "\n".join(exc.errors.values())
                                if isinstance(exc, ValidationError) else str(exc))
            return
        QMessageBox.information(self, _("Backup"), _("Saved {path}").format(path=result.path))

    def check_data(self) -> None:
        try:
            findings = consistency.check(self.session.ctx)
        except PermissionDenied as exc:
            QMessageBox.warning(self, _("Check the data"), str(exc))
            return
        lines = consistency.report_lines(findings)
        (QMessageBox.warning if findings else QMessageBox.information)(self, _("Check the data"), "\n\n".join(lines))

    def current_folder(self) -> Path:
        return backups.folder_for(self.session, self.folder.text().strip())

    def reload(self) -> None:
        self.list.clear()
        for b in backups.list_backups(self.session, self.current_folder()):
            kind = backups.backup_kind(b.label)
            item = QListWidgetItem(f"{b.taken:%d.%m.%Y %H:%M}  ({kind})  {b.path.name}")
            item.setData(Qt.ItemDataRole.UserRole, str(b.path))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.details.setPlainText(_("No backups in the folder yet."))

    def show_details(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        summary = backups.describe(self.session, Path(item.data(Qt.ItemDataRole.UserRole)))
        self.details.setPlainText("\n".join(summary.lines()))

    def browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Folder for backups"), str(self.current_folder()))
        if folder:
            self.folder.setText(folder)

    def save_folder(self) -> None:
        try:
            privacy.set_backup_folder(self.session.ctx, folder=self.folder.text())
        except (ValidationError, PermissionDenied) as exc:
            QMessageBox.warning(self, _("Backups"), str(exc))
            return
        self.reload()

    def backup_now(self) -> None:
        try:
            result = backups.backup_now(self.session, folder=self.current_folder())
        except (ValidationError, PermissionDenied) as exc:
            QMessageBox.warning(self, _("Backup"), "\n".join(exc.errors.values())
                                if isinstance(exc, ValidationError) else str(exc))
            return
        except Exception as exc:  # a missing share: tell, never crash
            QMessageBox.warning(self, _("Backup"), _("The backup could not be taken: {error}").format(error=exc))
            return
        if not result.logged:  # a read-only workstation: the copy exists, say that it is not logged
            QMessageBox.warning(self, _("Backup"), result.note)
        QMessageBox.information(self, _("Backup"), _("Saved {path}").format(path=result.path))
        self.reload()

    def request_encryption(self) -> None:
        answer = QMessageBox.question(
            self, _("Encrypt the database"),
            _("The database is not encrypted: anyone can read a copy of the file. Encrypt it now? The program "
              "logs you out, encrypts, shows the recovery key once, and you log in again. Other users must get a "
              "new password from the administrator afterwards."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.encrypt_requested = True
            self.accept()

    def choose_restore(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        path = Path(item.data(Qt.ItemDataRole.UserRole))
        summary = backups.describe(self.session, path)
        if not summary.ok:
            QMessageBox.warning(self, _("Put back"), _("The backup is damaged and cannot be put back."))
            return
        answer = QMessageBox.question(
            self, _("Put back"),
            _("{contents}\n\nReplace the database with this copy? Everything saved after the copy was taken is "
              "lost (the current file is kept as .before-restore).").format(contents="\n".join(summary.lines())),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_path = path
            self.accept()
