"""Command-line administration: users, encrypt, restore-backup — all after logging in."""

from __future__ import annotations

import datetime as dt

import pytest

from hemsedal_integrering import cli
from hemsedal_integrering.db import crypto, rotation
from hemsedal_integrering.models import Landlord
from hemsedal_integrering.services import auth
from hemsedal_integrering.services.housing import create_landlord
from tests.privacy_helpers import NATIONAL_ID, PASSWORD, add_users_and_person, fast_kdf, new_encrypted


@pytest.fixture(autouse=True)
def _fast(monkeypatch):
    fast_kdf(monkeypatch)
    monkeypatch.setenv("HEMSEDAL_PASSWORD", PASSWORD)


def test_user_add_then_encrypt_a_plain_database(tmp_path, monkeypatch, capsys):
    # given a plain database with an administrator
    path = tmp_path / "plain.sqlite3"
    s, _ = auth.create_first_admin(path, username="sjef", full_name="Sjef", password=PASSWORD, encrypt=False)
    add_users_and_person(s.ctx)
    s.close()
    db = ["--db", str(path)]
    # when the admin adds a user and encrypts on the command line
    monkeypatch.setenv("HEMSEDAL_NEW_PASSWORD", "kari-passord-1")
    assert cli.main(db + ["user", "add", "kari", "--name", "Kari", "--role", "officer", "--user", "sjef"]) == 0
    assert cli.main(db + ["encrypt", "--user", "sjef"]) == 0
    out = capsys.readouterr().out
    # then the recovery key is shown once, the others are told to get a new password, and the file is encrypted
    assert "GJENOPPRETTINGSNØKKEL" in out and "kari" in out
    assert crypto.is_encrypted_file(path) and NATIONAL_ID.encode() not in path.read_bytes()
    # and after the admin sets kari's password she can log in
    assert cli.main(db + ["user", "passwd", "kari", "--user", "sjef"]) == 0
    monkeypatch.setenv("HEMSEDAL_PASSWORD", "kari-passord-1")
    assert cli.main(db + ["person", "1", "--user", "kari"]) == 0
    assert NATIONAL_ID in capsys.readouterr().out


def test_restore_backup_shows_contents_and_restores(tmp_path, capsys):
    path = tmp_path / "k.sqlite3"
    s, _ = new_encrypted(path)
    good = rotation.daily_backup(path, tmp_path / "sikkerhetskopier", dt.datetime(2026, 11, 20, 8), s.db.data_key)
    create_landlord(s.ctx.as_user(None), name="Etter kopien AS")
    s.close()
    assert cli.main(["--db", str(path), "restore-backup", str(good), "--yes", "--user", "sjef"]) == 0
    out = capsys.readouterr().out
    assert "Tatt: 20.11.2026 kl. 08:00" in out and "personer: 1" in out
    s = auth.login(path, "sjef", PASSWORD)
    assert not Landlord.select().where(Landlord.name == "Etter kopien AS").exists()
    s.close()
    # housing staff may not restore
    assert cli.main(["--db", str(path), "restore-backup", str(good), "--yes", "--user", "bolig"]) == 2


def test_backup_needs_a_login_and_check_explains_an_encrypted_file(tmp_path, capsys):
    path = tmp_path / "k.sqlite3"
    s, _ = new_encrypted(path)
    s.close()
    with pytest.raises(SystemExit) as refused:
        cli.main(["--db", str(path), "backup"])
    assert refused.value.code == 2 and "--user" in capsys.readouterr().err
    assert cli.main(["--db", str(path), "check"]) == 3
    assert "kryptert og kan bare leses etter innlogging" in capsys.readouterr().err
    # an administrator's backup of the encrypted file is encrypted too, with the key file beside it
    assert cli.main(["--db", str(path), "backup", "--to", str(tmp_path / "kopi.sqlite3"), "--user", "sjef"]) == 0
    assert crypto.is_encrypted_file(tmp_path / "kopi.sqlite3")
    assert crypto.key_file_path(tmp_path / "kopi.sqlite3").exists()
