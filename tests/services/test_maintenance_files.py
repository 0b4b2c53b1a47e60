"""The whole-file operations the window reaches through ``services.maintenance`` (issue 18: ui/ never calls db)."""

from __future__ import annotations

import pytest

from hemsedal_integrering.db import crypto
from hemsedal_integrering.errors import DatabaseError
from hemsedal_integrering.services import auth, maintenance
from tests.privacy_helpers import PASSWORD, fast_kdf, new_encrypted


def test_unlock_data_key_gives_the_database_key_or_a_norwegian_refusal(tmp_path, monkeypatch):
    fast_kdf(monkeypatch)
    path = tmp_path / "k.sqlite3"
    session, _ = new_encrypted(path)
    expected = session.db.data_key
    session.close()
    assert maintenance.unlock_data_key(path, username="sjef", password=PASSWORD) == expected
    with pytest.raises(DatabaseError, match="nøkkelfilen åpnes ikke"):
        maintenance.unlock_data_key(path, username="sjef", password="feil-passord-123")


def test_encrypt_file_converts_a_plain_database_and_returns_a_recovery_key(tmp_path, monkeypatch):
    fast_kdf(monkeypatch)
    path = tmp_path / "plain.sqlite3"
    session, _ = auth.create_first_admin(path, username="sjef", full_name="Sjef", password=PASSWORD, encrypt=False)
    session.close()
    assert not crypto.is_encrypted_file(path)
    recovery = maintenance.encrypt_file(path, username="sjef", password=PASSWORD)
    assert recovery and crypto.is_encrypted_file(path)
    assert maintenance.unlock_data_key(path, username="sjef", password=PASSWORD)
