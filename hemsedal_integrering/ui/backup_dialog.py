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
from ..services import auth, privacy
from ..services.access import require


class BackupDialog(QDialog):
    """Backup folder (a Setting), list of backups with their contents, backup now, choose one to restore."""

    def __init__(self, session: auth.Session, parent: QWidget | None = None) -> None:
        require(session.ctx, "admin.backup")
        super().__init__(parent)
        self.session = session
        self.restore_path: Path | None = None
        self.encrypt_requested = False
        self.setWindowTitle("Sikkerhetskopier")
        self.folder = QLineEdit(privacy.backup_folder())
        self.folder.setPlaceholderText(str(auth.backup_dir_for(session.db_path)))
        browse = QPushButton("&Velg mappe …")
        browse.clicked.connect(self.browse)
        save = QPushButton("&Lagre mappe")
        save.clicked.connect(self.save_folder)
        top = QHBoxLayout()
        top.addWidget(QLabel("Mappe:"))
        top.addWidget(self.folder, 1)
        top.addWidget(browse)
        top.addWidget(save)
        self.list = QListWidget()
        self.list.currentItemChanged.connect(self.show_details)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        now = QPushButton("Ta sikkerhetskopi &nå")
        now.clicked.connect(self.backup_now)
        self.restore_button = QPushButton("Legg &tilbake valgt …")
        self.restore_button.clicked.connect(self.choose_restore)
        self.restore_button.setEnabled(not session.read_only)
        row = QHBoxLayout()
        row.addWidget(now)
        row.addWidget(self.restore_button)
        if not session.encrypted:
            encrypt = QPushButton("&Krypter databasen …")
            encrypt.setEnabled(not session.read_only)
            encrypt.clicked.connect(self.request_encryption)
            row.addWidget(encrypt)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Lukk")
        close.rejected.connect(self.reject)
        note = QLabel("Automatisk kopi ved oppstart (høyst én per dag): de 7 siste dagene, 4 ukene og 12 månedene "
                      "beholdes. Kopiene er kryptert som databasen; nøkkelfilen lagres ved siden av hver kopi.")
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
            item = QListWidgetItem(f"{b.taken:%d.%m.%Y %H:%M}  ({b.label})  {b.path.name}")
            item.setData(Qt.ItemDataRole.UserRole, str(b.path))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.details.setPlainText("Ingen sikkerhetskopier i mappen ennå.")

    def show_details(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        summary = rotation.describe(Path(item.data(Qt.ItemDataRole.UserRole)), getattr(self.session.db, "data_key", None))
        self.details.setPlainText("\n".join(summary.lines()))

    def browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Mappe for sikkerhetskopier", str(self.current_folder()))
        if folder:
            self.folder.setText(folder)

    def save_folder(self) -> None:
        try:
            privacy.set_backup_folder(self.session.ctx, folder=self.folder.text())
        except (ValidationError, PermissionDenied) as exc:
            QMessageBox.warning(self, "Sikkerhetskopier", str(exc))
            return
        self.reload()

    def backup_now(self) -> None:
        from ..db import backup
        try:
            target = backup.timestamped_backup(self.session.db_path, self.current_folder(), "manuell",
                                               key=getattr(self.session.db, "data_key", None))
        except Exception as exc:  # a missing share: tell, never crash
            QMessageBox.warning(self, "Sikkerhetskopi", f"Sikkerhetskopien kunne ikke tas: {exc}")
            return
        QMessageBox.information(self, "Sikkerhetskopi", f"Lagret {target}")
        self.reload()

    def request_encryption(self) -> None:
        answer = QMessageBox.question(
            self, "Krypter databasen", "Databasen er ikke kryptert: en kopi av filen kan leses av hvem som helst. "
            "Kryptere den nå? Programmet logger deg ut, krypterer, viser gjenopprettingsnøkkelen én gang, og du "
            "logger inn igjen. Andre brukere må få nytt passord av administrator etterpå.",
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
            QMessageBox.warning(self, "Legg tilbake", "Sikkerhetskopien er skadet og kan ikke legges tilbake.")
            return
        answer = QMessageBox.question(
            self, "Legg tilbake", "\n".join(summary.lines()) + "\n\nErstatte databasen med denne kopien? Alt som er "
            "lagret etter kopien ble tatt, går tapt (nåværende fil tas vare på som .before-restore).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_path = path
            self.accept()
