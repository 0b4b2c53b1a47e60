"""Encryption at rest: the file reveals nothing, passwords unlock wrapped keys, recovery works."""

from __future__ import annotations

import sqlite3

import pytest

from hemsedal_integrering.db import crypto
from hemsedal_integrering.db.connection import open_database
from hemsedal_integrering.errors import DatabaseError
from hemsedal_integrering.models import Person
from hemsedal_integrering.services import accounts, auth
from tests.privacy_helpers import NAME_LAST, NATIONAL_ID, PASSWORD, fast_kdf, new_encrypted


@pytest.fixture(autouse=True)
def _fast(monkeypatch):
    fast_kdf(monkeypatch)


def test_encrypted_file_holds_no_name_identity_number_or_table_name(tmp_path):
    # given an encrypted database with a known person, closed
    path = tmp_path / "kryptert.sqlite3"
    session, _ = new_encrypted(path)
    session.close()
    # when the raw bytes of every file beside it are read
    blobs = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    # then neither the name, the identity number nor a table name appears
    for needle in (NAME_LAST.encode(), NATIONAL_ID.encode(), b"household", b"health_note", b"CREATE TABLE"):
        assert needle not in blobs
    # and plain sqlite3 cannot read it
    con = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError):
        con.execute("SELECT name FROM sqlite_master").fetchall()
    con.close()
    # and the program refuses to open it without a login
    with pytest.raises(DatabaseError, match="kryptert"):
        open_database(path)


def test_each_password_unlocks_and_password_change_only_rewraps(tmp_path):
    # given an encrypted database with three users
    path = tmp_path / "k.sqlite3"
    session, _ = new_encrypted(path)
    data_key = session.db.data_key
    user = accounts.User.get(accounts.User.username == "bolig")
    # when the administrator changes bolig's password
    accounts.set_password(session.ctx, user_id=user.id, password="nytt-passord-99")
    session.close()
    # then the old password fails, the new works, and the database pages were not re-encrypted wholesale
    with pytest.raises(auth.LoginFailed):
        auth.login(path, "bolig", PASSWORD)
    s2 = auth.login(path, "bolig", "nytt-passord-99")
    assert s2.user.role == "housing"
    s2.close()
    # the data key is the same (nothing was re-encrypted): the new password unwraps exactly it
    assert crypto.KeyFile.load(crypto.key_file_path(path)).unlock("bolig", "nytt-passord-99") == data_key
    con = crypto.sqlcipher_connect(path, data_key)
    assert con.execute("SELECT count(*) FROM person").fetchone()[0] == 1
    con.close()


def test_deactivated_user_loses_key_slot(tmp_path):
    path = tmp_path / "k.sqlite3"
    session, _ = new_encrypted(path)
    user = accounts.User.get(accounts.User.username == "radgiver")
    accounts.update_user(session.ctx, user_id=user.id, active=False)
    session.close()
    assert crypto.KeyFile.load(crypto.key_file_path(path)).unlock("radgiver", PASSWORD) is None
    with pytest.raises(auth.LoginFailed):
        auth.login(path, "radgiver", PASSWORD)


def test_recovery_key_opens_when_passwords_are_lost(tmp_path):
    # given an encrypted database whose admin forgot the password
    path = tmp_path / "k.sqlite3"
    session, recovery = new_encrypted(path)
    session.close()
    # when a wrong recovery key is used, nothing changes
    keys_before = crypto.key_file_path(path).read_text()
    with pytest.raises(auth.LoginFailed):
        auth.login_with_recovery_key(path, "AAAAA-" * 7 + "AAAAA", admin_username="sjef",
                                     new_password="helt-nytt-passord")
    assert crypto.key_file_path(path).read_text() == keys_before
    # when the printed recovery key (any case, any dashes) is used
    s = auth.login_with_recovery_key(path, recovery.lower().replace("-", " "), admin_username="sjef",
                                     new_password="helt-nytt-passord")
    s.close()
    # then the admin logs in with the new password and sees the data
    s = auth.login(path, "sjef", "helt-nytt-passord")
    assert Person.get(Person.national_id == NATIONAL_ID).last_name == NAME_LAST
    s.close()


def test_convert_plain_database_keeps_data_and_leaves_no_plain_copy(tmp_path, monkeypatch):
    # given a plain database with an administrator and a person
    path = tmp_path / "plain.sqlite3"
    session, recovery = auth.create_first_admin(path, username="sjef", full_name="Sjef", password=PASSWORD,
                                                encrypt=False)
    assert recovery is None and not crypto.is_encrypted_file(path)
    from tests.privacy_helpers import add_users_and_person
    add_users_and_person(session.ctx)
    session.close()
    # when it is converted
    recovery = crypto.convert_to_encrypted(path, username="sjef", password=PASSWORD)
    # then it is encrypted, the data is there, and no plain bytes remain beside it
    assert crypto.is_encrypted_file(path) and len(recovery) == 47
    blobs = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert NATIONAL_ID.encode() not in blobs
    s = auth.login(path, "sjef", PASSWORD)
    assert Person.select().count() == 1
    s.close()
    # and converting again is refused
    with pytest.raises(DatabaseError, match="allerede kryptert"):
        crypto.convert_to_encrypted(path, username="sjef", password=PASSWORD)


def test_real_kdf_parameters_wrap_and_unwrap():
    # the production argon2id parameters (not the fast test ones)
    slot = crypto.wrap_key(b"k" * 32, "passord", "ola", {"t": 3, "m": 65536, "p": 2})
    assert crypto.unwrap_key(slot, "passord", "ola") == b"k" * 32
    assert crypto.unwrap_key(slot, "passord", "kari") is None  # slot bound to its user name
    assert crypto.unwrap_key(slot, "feil", "ola") is None


def test_key_file_does_not_list_user_names(tmp_path):
    path = tmp_path / "k.sqlite3"
    session, _ = new_encrypted(path)
    session.close()
    text = crypto.key_file_path(path).read_text()
    for name in ("sjef", "radgiver", "bolig"):
        assert f'"{name}"' not in text
