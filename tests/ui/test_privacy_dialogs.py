"""GUI of access control: first start, login messages, admin-only dialogs, retention preview."""

from __future__ import annotations

import pytest

from hemsedal_integrering.errors import PermissionDenied
from hemsedal_integrering.models import Household, User
from hemsedal_integrering.services import auth
from tests.privacy_helpers import PASSWORD, fast_kdf, new_encrypted


@pytest.fixture(autouse=True)
def _fast(monkeypatch):
    fast_kdf(monkeypatch)


def test_first_start_dialog_shows_field_messages_then_creates_admin(qtbot, tmp_path):
    from hemsedal_integrering.ui.login_dialog import FirstAdminDialog, RecoveryKeyDialog
    path = tmp_path / "ny.sqlite3"
    dialog = FirstAdminDialog(path)
    qtbot.addWidget(dialog)
    dialog.full_name.setText("Siri Sjef")
    dialog.username.setText("siri")
    dialog.password.setText("kort")
    dialog.password_again.setText("annet")
    dialog.create_admin()
    assert "minst 10 tegn" in dialog.errors["password"].text() and dialog.session is None
    assert not path.exists()
    dialog.password.setText(PASSWORD)
    dialog.password_again.setText(PASSWORD)
    dialog.create_admin()
    assert dialog.session is not None and dialog.session.user.has_role("admin") and dialog.recovery_key
    keybox = RecoveryKeyDialog(dialog.recovery_key)
    qtbot.addWidget(keybox)
    assert not keybox.ok.isEnabled()  # must confirm the key is stored first
    keybox.confirm.setChecked(True)
    assert keybox.ok.isEnabled()
    dialog.session.close()


def test_login_dialog_wrong_password_message_then_success(qtbot, tmp_path):
    from hemsedal_integrering.ui.login_dialog import LoginDialog
    path = tmp_path / "k.sqlite3"
    s, _ = new_encrypted(path)
    s.close()
    dialog = LoginDialog(path)
    qtbot.addWidget(dialog)
    dialog.username.setText("bolig")
    dialog.password.setText("feil-passord-1")
    dialog.try_login()
    assert dialog.session is None and "Feil brukernavn eller passord" in dialog.error.text()
    dialog.password.setText(PASSWORD)
    dialog.try_login()
    assert dialog.session is not None and dialog.session.user.role == "housing"
    dialog.session.close()


def test_admin_dialogs_refuse_other_roles_and_work_for_admin(qtbot, tmp_path):
    from hemsedal_integrering.ui.audit_dialog import AuditDialog
    from hemsedal_integrering.ui.retention_dialog import RetentionDialog
    from hemsedal_integrering.ui.users_dialog import UserForm, UsersDialog
    path = tmp_path / "k.sqlite3"
    admin, _ = new_encrypted(path)
    housing = admin.ctx.as_user(User.get(User.username == "bolig"))
    for cls in (UsersDialog, AuditDialog, RetentionDialog):
        with pytest.raises(PermissionDenied):
            cls(housing)
    users = UsersDialog(admin.ctx)
    qtbot.addWidget(users)
    assert users.table.rowCount() == 3
    form = UserForm(admin.ctx, users)
    form.full_name.setText("Kari Ny")
    form.username.setText("kari")
    form.password.setText("kari-passord-1")
    form.roles["officer"].setChecked(True)
    form.save()
    assert User.get(User.username == "kari").roles == ("officer",)
    users.reload()
    assert users.table.rowCount() == 4
    log = AuditDialog(admin.ctx)
    qtbot.addWidget(log)
    assert log.model.rowCount() >= 5
    assert any(r.kind == "user" and r.action_code == "create" for r in log.model.rows)
    admin.close()
    # the new user's password opens the encrypted file (key slot written by the dialog's service call)
    s = auth.login(path, "kari", "kari-passord-1")
    s.close()


def test_retention_dialog_lists_due_and_previews(qtbot, demo_ctx):
    from hemsedal_integrering.ui.retention_dialog import RetentionDialog
    dialog = RetentionDialog(demo_ctx)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() > 0
    from PySide6.QtCore import Qt
    dialog.table.item(0, 0).setCheckState(Qt.CheckState.Checked)
    ids = dialog.preview()
    assert len(ids) == 1 and "Person: fødselsnummer/D-nummer: 1 verdi fjernes" in dialog.preview_text.toPlainText()
    assert not Household.get_by_id(ids[0]).name.startswith("Anonymisert")  # preview changes nothing


def test_backup_dialog_lists_backups_with_contents(qtbot, tmp_path):
    import datetime as dt
    from hemsedal_integrering.ui.backup_dialog import BackupDialog
    path = tmp_path / "k.sqlite3"
    admin, _ = new_encrypted(path)
    auth.start_of_day(admin, dt.datetime(2026, 11, 23, 8))
    dialog = BackupDialog(admin)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1
    assert "personer: 1" in dialog.details.toPlainText() and "Kontroll: OK" in dialog.details.toPlainText()
    admin.close()


def test_login_function_runs_the_whole_start(qtbot, tmp_path, monkeypatch):
    # given an existing encrypted database, and a user who types the right password
    from PySide6.QtWidgets import QDialog, QMessageBox
    from hemsedal_integrering.ui import login_dialog
    path = tmp_path / "k.sqlite3"
    s, _ = new_encrypted(path)
    s.close()

    def fake_exec(self):
        self.username.setText("radgiver")
        self.password.setText(PASSWORD)
        self.try_login()
        return QDialog.DialogCode.Accepted if self.session else QDialog.DialogCode.Rejected

    monkeypatch.setattr(login_dialog.LoginDialog, "exec", fake_exec)
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    # when the app calls login()
    session = login_dialog.login(None, path)
    # then the officer is logged in as writer and today's backup was taken
    assert session is not None and session.user.username == "radgiver" and not session.read_only
    assert list((tmp_path / "sikkerhetskopier").glob("k-daglig-*.sqlite3"))
    # and a second login from "another workstation" is read-only and told who holds the file
    second = login_dialog.login(None, path)
    assert second.read_only and "Rita Rådgiver" in shown[-1]
    second.close()
    session.close()


def test_admin_encrypts_a_plain_database_from_the_program(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QDialog, QMessageBox
    from hemsedal_integrering.db import crypto
    from hemsedal_integrering.ui import login_dialog
    from hemsedal_integrering.ui.backup_dialog import BackupDialog
    path = tmp_path / "plain.sqlite3"
    session, _ = auth.create_first_admin(path, username="sjef", full_name="Sjef", password=PASSWORD, encrypt=False)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    dialog = BackupDialog(session)
    qtbot.addWidget(dialog)
    dialog.request_encryption()
    assert dialog.encrypt_requested
    keys_shown = []

    class ShownKey:  # stands in for the modal recovery-key dialog
        def __init__(self, key, parent=None):
            keys_shown.append(key)

        def exec(self):
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(login_dialog, "RecoveryKeyDialog", ShownKey)

    def fake_exec(self):
        self.username.setText("sjef")
        self.password.setText(PASSWORD)
        self.try_login()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(login_dialog.LoginDialog, "exec", fake_exec)
    new = login_dialog.encrypt_and_login(None, session, password=PASSWORD)
    assert crypto.is_encrypted_file(path) and len(keys_shown) == 1 and len(keys_shown[0]) == 47
    assert new is not None and new.encrypted and new.user.username == "sjef"
    new.close()
