"""Transfer round trip (issue 17): demo file → server → file leaves every table's checksum equal."""

from __future__ import annotations

import shutil

from hemsedal_integrering.cli import main
from hemsedal_integrering.db import open_database
from hemsedal_integrering.db.transfer import table_checks


def test_demo_database_round_trip_keeps_every_table(demo_file, tmp_path, pg_url, capsys):
    source = tmp_path / "demo.sqlite3"
    shutil.copy(demo_file, source)
    db = open_database(source)
    before = table_checks(db)
    db.close()
    assert main(["transfer", "--from", str(source), "--to", pg_url]) == 0
    assert "Kopiert og kontrollert" in capsys.readouterr().out
    back = tmp_path / "back.sqlite3"
    assert main(["transfer", "--from", pg_url, "--to", str(back)]) == 0
    db = open_database(back)
    after = table_checks(db)
    db.close()
    assert after == before
    assert before["audit_entry"].rows > 0 and before["person"].rows > 10


def test_a_non_empty_target_is_refused_unless_replace(demo_file, tmp_path, pg_url, capsys):
    source = tmp_path / "demo.sqlite3"
    shutil.copy(demo_file, source)
    assert main(["transfer", "--from", str(source), "--to", pg_url]) == 0
    capsys.readouterr()
    assert main(["transfer", "--from", str(source), "--to", pg_url]) == 2
    assert "ikke tom" in capsys.readouterr().err
    assert main(["transfer", "--from", str(source), "--to", pg_url, "--replace"]) == 0


def test_file_to_file_needs_no_server_and_refuses_a_full_target_untouched(demo_file, tmp_path, capsys):
    source = tmp_path / "demo.sqlite3"
    shutil.copy(demo_file, source)
    copy = tmp_path / "copy.sqlite3"
    assert main(["transfer", "--from", str(source), "--to", str(copy)]) == 0
    db = open_database(copy)
    before = table_checks(db)
    db.close()
    assert main(["transfer", "--from", str(source), "--to", str(copy)]) == 2
    assert "ikke tom" in capsys.readouterr().err
    db = open_database(copy)
    assert table_checks(db) == before
    db.close()


def test_an_encrypted_file_moves_to_the_server_after_an_administrators_login(tmp_path, pg_url, capsys, monkeypatch):
    from tests.privacy_helpers import PASSWORD, fast_kdf, new_encrypted
    fast_kdf(monkeypatch)
    source = tmp_path / "kryptert.sqlite3"
    session, _recovery = new_encrypted(source)
    before = table_checks(session.db)
    session.close()
    assert main(["transfer", "--from", str(source), "--to", pg_url]) == 2
    assert "kryptert" in capsys.readouterr().err  # names the file and asks for --user
    monkeypatch.setenv("HEMSEDAL_PASSWORD", PASSWORD)
    assert main(["transfer", "--from", str(source), "--to", pg_url, "--user", "radgiver"]) != 0  # not an admin
    assert "administrator" in capsys.readouterr().err
    monkeypatch.setenv("HEMSEDAL_PASSWORD", "feil-passord-123")
    assert main(["transfer", "--from", str(source), "--to", pg_url, "--user", "sjef"]) != 0
    monkeypatch.setenv("HEMSEDAL_PASSWORD", PASSWORD)
    assert main(["transfer", "--from", str(source), "--to", pg_url, "--user", "sjef"]) == 0
    from hemsedal_integrering.db.postgres import open_server
    server = open_server(pg_url)
    try:
        got = table_checks(server)
    finally:
        server.close()
    same = [t for t in before if t not in ("audit_entry", "setting") and before[t] == got[t]]
    assert len(same) == len(before) - 2  # the logins in between added audit rows and cleared failure counters
    assert got["person"] == before["person"] and got["audit_entry"].rows > before["audit_entry"].rows
