"""Re-keying (issue 11 point 5): a copy of the key file from before no longer opens the live database.

Deactivating a user re-keys; so does the administrator's «Bytt krypteringsnøkkel»
(``rekey`` on the command line). Every remaining user keeps logging in with
their own password, old backups keep opening with their own key file, and a
key file of the old format still works.
"""

from __future__ import annotations

import shutil

import pytest

from hemsedal_integrering import cli
from hemsedal_integrering.db import backup, crypto
from hemsedal_integrering.models import AuditEntry, Person, User
from hemsedal_integrering.services import accounts, auth
from hemsedal_integrering.services.rekey import change_encryption_key
from tests.privacy_helpers import NAME_LAST, PASSWORD, fast_kdf, new_encrypted


@pytest.fixture(autouse=True)
def _fast(monkeypatch):
    fast_kdf(monkeypatch)
    monkeypatch.setenv("HEMSEDAL_PASSWORD", PASSWORD)


def _old_key_opens(path, keys_copy, username="radgiver") -> bool:
    key = crypto.KeyFile.load(keys_copy).unlock(username, PASSWORD)
    assert key is not None  # the old copy still unwraps *a* key …
    return crypto.key_opens(path, key)  # … but does it open the live file?


def test_deactivating_a_user_rekeys_so_their_old_key_file_copy_opens_nothing(tmp_path):
    # given an encrypted database, and a copy of the key file Rita kept before she left
    path = tmp_path / "k.sqlite3"
    session, _ = new_encrypted(path)
    kept = tmp_path / "ritas-kopi.keys"
    shutil.copy(crypto.key_file_path(path), kept)
    assert _old_key_opens(path, kept)
    old_key = session.db.data_key
    # when the administrator deactivates her
    rita = User.get(User.username == "radgiver")
    accounts.update_user(session.ctx, user_id=rita.id, active=False)
    # then the live database has a new key, and her copy (and every pre-rekey copy) opens nothing
    assert session.db.data_key != old_key and not crypto.key_opens(path, old_key)
    assert not _old_key_opens(path, kept)
    assert not _old_key_opens(path, kept, "bolig")
    session.close()
    # and everyone else logs in as before and sees the data
    for name in ("sjef", "bolig"):
        s = auth.login(path, name, PASSWORD)
        assert s.user.username == name
        s.close()
    s = auth.login(path, "sjef", PASSWORD)
    assert Person.get().last_name == NAME_LAST
    assert AuditEntry.select().where(AuditEntry.action == "rekey").count() == 1
    s.close()
    with pytest.raises(auth.LoginFailed):
        auth.login(path, "radgiver", PASSWORD)


def test_the_administrators_rekey_command_and_old_backups(tmp_path, capsys, monkeypatch):
    path = tmp_path / "k.sqlite3"
    session, recovery = new_encrypted(path)
    old_backup = backup.backup_to(path, tmp_path / "b" / "for.sqlite3", session.db.data_key)
    session.close()
    kept = tmp_path / "kopi.keys"
    shutil.copy(crypto.key_file_path(path), kept)
    assert cli.main(["--db", str(path), "rekey", "--user", "sjef"]) == 0
    assert "ny krypteringsnøkkel" in capsys.readouterr().out
    assert not _old_key_opens(path, kept, "sjef")
    # the old backup still opens with its own key file
    old_key = crypto.KeyFile.load(crypto.key_file_path(old_backup)).unlock("sjef", PASSWORD)
    assert backup.check_file(old_backup, old_key).ok
    # and restoring it re-encrypts it with the live key (the backup's own key file opens it)
    assert cli.main(["--db", str(path), "restore", str(old_backup), "--yes", "--user", "sjef"]) == 0
    s = auth.login(path, "bolig", PASSWORD)
    assert s.db.data_key != old_key and crypto.key_opens(path, s.db.data_key)
    s.close()
    # and the recovery key still works (its slot was resealed)
    s = auth.login_with_recovery_key(path, recovery, admin_username="sjef", new_password="helt-nytt-passord")
    s.close()
    # a backup from before the change whose key file does not know the password is explained, not «damaged»
    assert cli.main(["--db", str(path), "restore", str(old_backup), "--yes", "--user", "sjef"]) == 2  # env: old pw
    monkeypatch.setenv("HEMSEDAL_PASSWORD", "helt-nytt-passord")
    assert cli.main(["--db", str(path), "restore", str(old_backup), "--yes", "--user", "sjef"]) == 2
    assert "før krypteringsnøkkelen ble byttet" in capsys.readouterr().err


def test_old_format_slots_still_open_and_are_upgraded_at_login(tmp_path, monkeypatch):
    path = tmp_path / "k.sqlite3"
    session, _ = new_encrypted(path)
    data_key = session.db.data_key
    session.close()
    # given a key file of the first format (the data key wrapped directly)
    with crypto.KeyFile.locked(crypto.key_file_path(path)) as keys:
        for name in ("sjef", "bolig"):
            slot = crypto.wrap_key(data_key, PASSWORD, name)
            inner = {k: slot[k] for k in ("kdf", "salt", "nonce")}
            import base64
            import secrets
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM
            salt = base64.b64decode(inner["salt"])
            nonce = secrets.token_bytes(12)
            wrapped = AESGCM(crypto._kek(PASSWORD, salt, inner["kdf"])).encrypt(nonce, data_key, name.encode())
            inner.update(nonce=base64.b64encode(nonce).decode(), wrapped=base64.b64encode(wrapped).decode())
            keys.slots[crypto.slot_id(name)] = inner
    # when sjef logs in, the slot opens and is rewritten in the new format
    s = auth.login(path, "sjef", PASSWORD)
    assert not crypto.KeyFile.load(crypto.key_file_path(path)).is_old_format("sjef")
    # and a re-keying tells which users (still old format) need a new password
    result = change_encryption_key(s.ctx)
    assert result.users_needing_password == ["bolig"] and result.new_recovery_key is None
    s.close()
    with pytest.raises(auth.LoginFailed):
        auth.login(path, "bolig", PASSWORD)
