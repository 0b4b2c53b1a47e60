"""Administrator: backup folder, backups taken, what a backup contains, restore.

Restoring replaces the open database, so the dialog only *chooses*: it sets
``restore_path`` and closes; the app then calls
``ui.login_dialog.restore_and_login(parent, session, restore_path)``, which
closes the session, restores and asks for a new login. Likewise
``encrypt_requested`` → ``ui.login_dialog.encrypt_and_login(parent, session)``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QMessageBox, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)

from ..db import rotation
from ..errors import PermissionDenied, ValidationError
from ..i18n import _
from ..services import auth, privacy
from ..services.access import require


#: How the list names a backup by the label in its file name (the labels are data; unknown ones are shown as they are).
BACKUP_KINDS = {rotation.AUTO_LABEL: _("daily"), "manuell": _("manual")}


class BackupDialog(QDialog):
    """Backup folder (a Setting), list of backups with their contents, backup now, choose one to restore."""

    def __init__(self, session: auth.Session, parent: QWidget | None = None) -> None:
        require(session.ctx, "admin.backup")
        super().__init__(parent)
        self.session = session
        self.restore_path: Path | None = None
        self.encrypt_requested = False
        self.setWindowTitle(_("Backups"))
        self.folder = QLineEdit(privacy.backup_folder())
        self.folder.setPlaceholderText(str(auth.backup_dir_for(session.db_path)))
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
        self.restore_button = QPushButton(_("Put &back the chosen one …"))
        self.restore_button.clicked.connect(self.choose_restore)
        self.restore_button.setEnabled(not session.read_only)
        row = QHBoxLayout()
        row.addWidget(now)
        row.addWidget(self.restore_button)
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
        self.resize(760, 560)
        self.reload()

    def current_folder(self) -> Path:
        return auth.backup_dir_for(self.session.db_path, self.folder.text().strip())

    def reload(self) -> None:
        self.list.clear()
        for b in rotation.list_backups(self.current_folder(), self.session.db_path.stem):
            kind = BACKUP_KINDS.get(b.label, b.label)
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
        summary = rotation.describe(Path(item.data(Qt.ItemDataRole.UserRole)),
                                    getattr(self.session.db, "data_key", None))
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
        from ..db import backup
        try:
            target = backup.timestamped_backup(self.session.db_path, self.current_folder(), "manuell",  # i18n: data
                                               key=getattr(self.session.db, "data_key", None))
        except Exception as exc:  # a missing share: tell, never crash
            QMessageBox.warning(self, _("Backup"), _("The backup could not be taken: {error}").format(error=exc))
            return
        from ..services.maintenance import record_backup
        try:
            record_backup(self.session.ctx, target=target)  # who took which copy, in the audit log
        except Exception as exc:  # a read-only workstation: the copy exists, say that it is not logged
            QMessageBox.warning(self, _("Backup"), str(exc))
        QMessageBox.information(self, _("Backup"), _("Saved {path}").format(path=target))
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
        summary = rotation.describe(path, getattr(self.session.db, "data_key", None))
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
