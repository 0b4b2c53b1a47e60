"""A database encrypted by the old build (sqlcipher3-binary 0.6.0) keeps opening with sqlcipher3 0.6.4.

The fixture was written by the program running on the old build (see
data/make_encrypted_sqlcipher3_binary_060.py); its argon2 parameters are cheap
and stored in each slot, so no monkeypatching is needed to log in.
"""

from __future__ import annotations

import shutil
from importlib.metadata import version
from pathlib import Path

import pytest

from hemsedal_integrering.db import crypto
from hemsedal_integrering.models import Person
from hemsedal_integrering.services import auth

DATA = Path(__file__).parent / "data"
FIXTURE = DATA / "encrypted_sqlcipher3_binary_060.sqlite3"


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    copy = tmp_path / FIXTURE.name
    shutil.copy(FIXTURE, copy)
    shutil.copy(crypto.key_file_path(FIXTURE), crypto.key_file_path(copy))
    return copy


def test_the_pinned_build_is_sqlcipher3_not_the_linux_only_binary():
    assert version("sqlcipher3") == "0.6.4"


def test_file_from_the_old_build_is_encrypted_and_opens_after_login(old_file):
    assert crypto.is_encrypted_file(old_file)
    session = auth.login(old_file, "sjef", "riktig-passord-1")
    try:
        assert not session.read_only
        assert [p.last_name for p in Person.select()] == ["Gammelbygg"]
        assert session.db.execute_sql("PRAGMA cipher_integrity_check").fetchall() == []
    finally:
        session.close()


def test_wrong_key_does_not_open_it(old_file):
    con = crypto.sqlcipher_connect(old_file, b"\x00" * 32)
    with pytest.raises(Exception, match="not a database"):
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    con.close()
