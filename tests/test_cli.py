"""The command line: init, demo, backup, restore, check — and clear errors."""

import sqlite3

import pytest

from hemsedal_integrering.cli import main
from tests.privacy_helpers import fast_kdf


def test_init_creates_a_database(tmp_path, capsys):
    path = tmp_path / "ny.sqlite3"
    assert main(["--db", str(path), "init"]) == 0
    assert path.exists()
    assert "Opprettet" in capsys.readouterr().out


@pytest.mark.slow
def test_demo_backup_check_restore(tmp_path, capsys, monkeypatch):
    fast_kdf(monkeypatch)  # the demo users' password hashes: cheap argon2
    path = tmp_path / "demo.sqlite3"
    assert main(["demo", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "72 husstander" in out
    assert main(["--db", str(path), "check"]) == 0
    target = tmp_path / "kopi.sqlite3"
    monkeypatch.setenv("HEMSEDAL_PASSWORD", "demo-passord")  # backup and restore log in as an administrator
    assert main(["--db", str(path), "backup", "--to", str(target), "--user", "admin"]) == 0
    con = sqlite3.connect(path)
    con.execute("DELETE FROM placement_evaluation")
    con.commit()
    con.close()
    assert main(["--db", str(path), "restore", str(target), "--yes", "--user", "admin"]) == 0
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM placement_evaluation").fetchone()[0] > 0
    con.close()


def test_demo_refuses_to_overwrite_without_force(tmp_path, capsys):
    path = tmp_path / "demo.sqlite3"
    path.write_bytes(b"")
    assert main(["demo", "--db", str(path)]) == 2
    assert "--force" in capsys.readouterr().err


def test_check_reports_a_damaged_file_with_nonzero_exit(tmp_path, capsys):
    path = tmp_path / "skadet.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100 + b"\xff" * 5000)
    assert main(["--db", str(path), "check"]) != 0


def test_missing_backup_file_is_a_clear_error(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "x.sqlite3"), "restore", str(tmp_path / "finnes-ikke.sqlite3"),
                 "--yes", "--user", "admin"]) == 2
    assert "Finner ikke sikkerhetskopien" in capsys.readouterr().err


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for name in ("init", "demo", "backup", "restore", "check"):
        assert name in out


def test_help_and_argparse_errors_read_norwegian(capsys):
    from hemsedal_integrering import cli
    # when the officer asks for help
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    # then argparse's own words are Norwegian too, not only our command texts
    assert out.startswith("bruk: hemsedal-integrering")
    assert "vis denne hjelpeteksten og avslutt" in out and "usage" not in out
    # and a mistyped command is explained in Norwegian with exit code 2
    with pytest.raises(SystemExit) as exited:
        cli.main(["sjekk"])
    assert exited.value.code == 2
    assert "feil: argument KOMMANDO: ugyldig valg: 'sjekk'" in capsys.readouterr().err
