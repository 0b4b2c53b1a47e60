"""The administrator's «Bytt krypteringsnøkkel»: the dialog says old backups keep old keys, then re-keys."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

from PySide6.QtWidgets import QMessageBox

from hemsedal_integrering.db import crypto
from hemsedal_integrering.ui import rekey_dialog
from tests.privacy_helpers import PASSWORD, fast_kdf, new_encrypted


def test_change_key_explains_then_rekeys(qtbot, tmp_path, monkeypatch):
    fast_kdf(monkeypatch)
    path = tmp_path / "k.sqlite3"
    session, _ = new_encrypted(path)
    kept = tmp_path / "kopi.keys"
    shutil.copy(crypto.key_file_path(path), kept)
    asked, told = [], []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append((title, text))
                        or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    try:
        assert rekey_dialog.change_key(SimpleNamespace(ctx=session.ctx))
        [(title, text)] = asked
        assert title == "Bytt krypteringsnøkkel" and "Gamle sikkerhetskopier beholder sin gamle nøkkel" in text
        assert told == ["Databasen har nå en ny krypteringsnøkkel."]
        old = crypto.KeyFile.load(kept).unlock("sjef", PASSWORD)
        assert not crypto.key_opens(path, old) and crypto.key_opens(path, session.db.data_key)
    finally:
        session.close()


def test_gui_backup_is_logged_and_encrypting_offers_to_encrypt_the_plain_backups(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from hemsedal_integrering.models import AuditEntry
    from hemsedal_integrering.services import auth
    from hemsedal_integrering.ui import login_dialog
    from hemsedal_integrering.ui.backup_dialog import BackupDialog
    from tests.privacy_helpers import NATIONAL_ID, add_users_and_person
    fast_kdf(monkeypatch)
    path = tmp_path / "plain.sqlite3"
    session, _ = auth.create_first_admin(path, username="sjef", full_name="Sjef", password=PASSWORD, encrypt=False)
    add_users_and_person(session.ctx)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: told.append(text))
    # given a backup taken from the Backups window (logged)
    dialog = BackupDialog(session)
    qtbot.addWidget(dialog)
    dialog.backup_now()
    assert AuditEntry.get(AuditEntry.action == "backup").username == "sjef"
    [plain] = list((tmp_path / "sikkerhetskopier").glob("*.sqlite3"))
    assert NATIONAL_ID.encode() in plain.read_bytes()
    # when the administrator encrypts and answers «Krypter dem» to the question about plain backups
    asked = []

    def click_default(box):
        asked.append(box.text())
        box.defaultButton().click()
        return 0
    monkeypatch.setattr(QMessageBox, "exec", click_default)
    monkeypatch.setattr(login_dialog, "RecoveryKeyDialog", lambda key, parent=None: SimpleNamespace(exec=lambda: 1))

    def fake_login(self):
        self.username.setText("sjef")
        self.password.setText(PASSWORD)
        self.try_login()
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(login_dialog.LoginDialog, "exec", fake_login)
    new = login_dialog.encrypt_and_login(None, session, password=PASSWORD)
    # then the administrator was told, and the old backup is encrypted too
    assert asked and "1 tidligere sikkerhetskopi er IKKE kryptert" in asked[0]
    assert any("nå kryptert" in t for t in told)
    assert crypto.is_encrypted_file(plain) and NATIONAL_ID.encode() not in plain.read_bytes()
    assert AuditEntry.select().where(AuditEntry.action == "encrypt").count() == 1
    new.close()
