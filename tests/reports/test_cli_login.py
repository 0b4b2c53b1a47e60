"""The report command on an encrypted database: a login is needed and the role rules apply."""

from __future__ import annotations

import json

import pytest

from hemsedal_integrering import cli
from tests.privacy_helpers import PASSWORD, fast_kdf, new_encrypted


@pytest.fixture
def encrypted(tmp_path, monkeypatch):
    fast_kdf(monkeypatch)
    path = tmp_path / "kryptert.sqlite3"
    session, _ = new_encrypted(path)
    session.close()
    monkeypatch.setenv("HEMSEDAL_PASSWORD", PASSWORD)
    return path


def test_report_on_encrypted_database_without_user_is_refused(encrypted, capsys):
    assert cli.main(["report", "population", "--db", str(encrypted)]) == 2
    assert "--user" in capsys.readouterr().err


def test_officer_gets_the_report_housing_staff_do_not(encrypted, capsys):
    assert cli.main(["report", "population", "--db", str(encrypted), "--user", "radgiver"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "population"
    assert cli.main(["report", "grants", "--db", str(encrypted), "--user", "bolig"]) == 2
    assert "tilgang" in capsys.readouterr().err
