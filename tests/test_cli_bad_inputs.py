"""Every command answers bad input with a Norwegian message and a non-zero exit — never a traceback.

Issue 11 point 7: huge numbers, impossible dates, output paths in missing
folders, a folder given as a file, unknown ids, unreadable databases. Each
row runs the real ``cli.main``; argparse's own refusals (``SystemExit``) count
as long as the code is non-zero and the text is Norwegian.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hemsedal_integrering import cli
from tests.privacy_helpers import PASSWORD, fast_kdf, new_encrypted

HUGE = "99999999999999999999"

#: (name, arguments). {db} plain database (admin «sjef», officer «radgiver», housing «bolig», person 1),
#: {enc} an encrypted one, {dir} an existing folder, {missing} a folder that does not exist, {text} a text file.
CASES = [
    ("person-huge-id", ["--db", "{db}", "person", HUGE, "--user", "sjef"]),
    ("person-negative-id", ["--db", "{db}", "person", "-1", "--user", "sjef"]),
    ("person-zero-id", ["--db", "{db}", "person", "0", "--user", "sjef"]),
    ("person-text-id", ["--db", "{db}", "person", "abc", "--user", "sjef"]),
    ("person-unknown-id", ["--db", "{db}", "person", "999999", "--user", "sjef"]),
    ("person-unknown-user", ["--db", "{db}", "person", "1", "--user", "finnes-ikke"]),
    ("person-housing-role", ["--db", "{db}", "person", "1", "--user", "bolig", "--extra"]),
    ("export-person-huge-id", ["--db", "{db}", "export-person", HUGE, "--user", "sjef"]),
    ("export-person-unknown-id", ["--db", "{db}", "export-person", "424242", "--user", "sjef"]),
    ("export-person-missing-folder", ["--db", "{db}", "export-person", "1", "--out", "{missing}/x.json",
                                      "--user", "sjef"]),
    ("export-person-out-is-folder", ["--db", "{db}", "export-person", "1", "--out", "{dir}", "--user", "sjef"]),
    ("export-person-housing-role", ["--db", "{db}", "export-person", "1", "--user", "bolig"]),
    ("audit-limit-huge", ["--db", "{db}", "audit", "--limit", HUGE, "--user", "sjef"]),
    ("audit-limit-negative", ["--db", "{db}", "audit", "--limit", "-5", "--user", "sjef"]),
    ("audit-since-9999", ["--db", "{db}", "audit", "--since", "9999-12-31", "--user", "sjef"]),
    ("audit-until-9999", ["--db", "{db}", "audit", "--until", "9999-12-31", "--user", "sjef"]),
    ("audit-since-bad-date", ["--db", "{db}", "audit", "--since", "2025-13-45", "--user", "sjef"]),
    ("audit-entity-id-huge", ["--db", "{db}", "audit", "--entity-id", HUGE, "--user", "sjef"]),
    ("audit-export-missing-folder", ["--db", "{db}", "audit", "--export", "{missing}/logg.csv", "--user", "sjef"]),
    ("audit-export-is-folder", ["--db", "{db}", "audit", "--export", "{dir}", "--user", "sjef"]),
    ("audit-officer-role", ["--db", "{db}", "audit", "--user", "radgiver"]),
    ("backup-to-under-a-file", ["--db", "{db}", "backup", "--to", "{text}/kopi.sqlite3", "--user", "sjef"]),
    ("backup-missing-db", ["--db", "{missing}/x.sqlite3", "backup", "--user", "sjef"]),
    ("backup-officer-role", ["--db", "{db}", "backup", "--user", "radgiver"]),
    ("restore-folder-as-file", ["--db", "{db}", "restore", "{dir}", "--yes", "--user", "sjef"]),
    ("restore-missing-file", ["--db", "{db}", "restore", "{missing}/b.sqlite3", "--yes", "--user", "sjef"]),
    ("restore-text-file", ["--db", "{db}", "restore", "{text}", "--yes", "--user", "sjef"]),
    ("restore-backup-folder-as-file", ["--db", "{db}", "restore-backup", "{dir}", "--yes", "--user", "sjef"]),
    ("backup-info-folder-as-file", ["--db", "{db}", "backup-info", "{dir}", "--user", "sjef"]),
    ("backup-info-missing", ["--db", "{db}", "backup-info", "{missing}/b.sqlite3", "--user", "sjef"]),
    ("backup-info-text-file", ["--db", "{db}", "backup-info", "{text}", "--user", "sjef"]),
    ("check-db-is-folder", ["--db", "{dir}", "check"]),
    ("check-db-missing", ["--db", "{missing}/x.sqlite3", "check"]),
    ("check-db-text-file", ["--db", "{text}", "check"]),
    ("init-db-is-folder", ["--db", "{dir}", "init"]),
    ("init-db-under-a-file", ["--db", "{text}/x.sqlite3", "init"]),
    ("login-on-text-file", ["--db", "{text}", "person", "1", "--user", "sjef"]),
    ("report-date-9999", ["--db", "{db}", "report", "population", "--date", "9999-12-31"]),
    ("report-date-31-feb", ["--db", "{db}", "report", "population", "--date", "31.02.2025"]),
    ("report-months-huge", ["--db", "{db}", "report", "kpi", "--months", HUGE]),
    ("report-years-huge", ["--db", "{db}", "report", "arrivals", "--from", HUGE, "--to", "1"]),
    ("report-out-missing-folder", ["--db", "{db}", "report", "population", "--format", "xlsx", "--out",
                                   "{missing}/r.xlsx"]),
    ("report-out-is-folder", ["--db", "{db}", "report", "population", "--out", "{dir}"]),
    ("report-encrypted-no-user", ["--db", "{enc}", "report", "population"]),
    ("print-household-huge", ["--db", "{db}", "skriv-ut", "oversikt", "--husstand", HUGE, "--ut", "{dir}/x.pdf",
                              "--user", "sjef"]),
    ("print-household-unknown", ["--db", "{db}", "skriv-ut", "oversikt", "--husstand", "999999", "--ut",
                                 "{dir}/x.pdf", "--user", "sjef"]),
    ("print-until-9999", ["--db", "{db}", "skriv-ut", "tilsynsvarsler", "--fra", "01.01.2025", "--til",
                          "31.12.9999", "--ut", "{dir}/x.pdf", "--user", "sjef"]),
    ("print-missing-folder", ["--db", "{db}", "skriv-ut", "velkomstbrev", "--husstand", "1", "--ut",
                              "{missing}/x.pdf", "--user", "sjef"]),
    ("print-out-is-folder", ["--db", "{db}", "skriv-ut", "oversikt", "--husstand", "1", "--ut", "{dir}",
                             "--user", "sjef"]),
    ("user-add-without-role", ["--db", "{db}", "user", "add", "ny", "--name", "Ny", "--user", "sjef"]),
    ("user-passwd-unknown", ["--db", "{db}", "user", "passwd", "finnes-ikke", "--user", "sjef"]),
    ("user-deactivate-without-name", ["--db", "{db}", "user", "deactivate", "--user", "sjef"]),
    ("anonymise-huge-household", ["--db", "{db}", "anonymise", "--apply", "--household", HUGE, "--user", "sjef"]),
    ("anonymise-unknown-household", ["--db", "{db}", "anonymise", "--apply", "--household", "999999",
                                     "--user", "sjef"]),
    ("encrypt-already-encrypted", ["--db", "{enc}", "encrypt", "--user", "sjef"]),
    ("demo-db-is-folder", ["--db", "{dir}", "demo", "--force"]),
    ("demo-over-real-users", ["--db", "{db}", "demo", "--force", "--user", "sjef"]),
    ("unknown-command", ["--db", "{db}", "sjekk"]),
]


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    fast_kdf(mp)
    from tests.privacy_helpers import add_users_and_person
    from hemsedal_integrering.services import auth
    folder = tmp_path_factory.mktemp("maler")
    plain = folder / "vanlig.sqlite3"
    session, _ = auth.create_first_admin(plain, username="sjef", full_name="Sjef", password=PASSWORD, encrypt=False)
    add_users_and_person(session.ctx)
    session.close()
    enc = folder / "kryptert.sqlite3"
    session, _ = new_encrypted(enc)
    session.close()
    mp.undo()
    return plain, enc


def test_the_table_has_at_least_forty_cases():
    assert len(CASES) >= 40 and len({name for name, _ in CASES}) == len(CASES)


@pytest.mark.parametrize("name,argv", CASES, ids=[name for name, _ in CASES])
def test_bad_input_ends_in_a_norwegian_message(name, argv, templates, tmp_path, monkeypatch, capsys):
    fast_kdf(monkeypatch)
    monkeypatch.setenv("HEMSEDAL_PASSWORD", PASSWORD)
    monkeypatch.setenv("HEMSEDAL_NEW_PASSWORD", PASSWORD)
    monkeypatch.chdir(tmp_path)
    plain, enc = templates
    db, encrypted = tmp_path / "db.sqlite3", tmp_path / "enc.sqlite3"
    shutil.copy(plain, db)
    shutil.copy(enc, encrypted)
    shutil.copy(Path(str(enc) + ".keys"), Path(str(encrypted) + ".keys"))
    (tmp_path / "mappe").mkdir()
    (tmp_path / "tekst.txt").write_text("ikke en database\n")
    values = {"db": db, "enc": encrypted, "dir": tmp_path / "mappe", "missing": tmp_path / "finnes-ikke",
              "text": tmp_path / "tekst.txt"}
    args = [a.format(**values) for a in argv]
    before = db.read_bytes()
    try:
        code = cli.main(args)
    except SystemExit as exited:  # argparse's own refusal
        code = exited.code
    err = capsys.readouterr().err
    assert code not in (0, None), err
    assert "Traceback" not in err and err.strip(), err
    assert "feil" in err.lower() or "error" not in err.lower(), err  # Norwegian: «Feil: …» / «feil: argument …»
    if "--user" not in argv:
        assert db.read_bytes() == before  # nothing changed (a successful login itself writes its audit row)
    assert not list(tmp_path.glob("**/*.part"))
    print(f"{name}: {code}: {err.strip()}")
