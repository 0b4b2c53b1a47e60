"""The ``skriv-ut`` command writes a batch PDF and records what it printed."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from hemsedal_integrering import cli
from hemsedal_integrering.models import PrintedDocument


@pytest.fixture(autouse=True)
def _password(monkeypatch):
    monkeypatch.setenv("HEMSEDAL_PASSWORD", "et-langt-passord-1")


@pytest.mark.sqlite_only("the command line opens the test's database file")
def test_notices_for_a_month_to_one_pdf(world, db_path, tmp_path, capsys):
    # given an inspection a month ahead of the real clock (the command line uses the system date)
    import datetime as dt
    from hemsedal_integrering.models import Inspection
    when = dt.datetime.combine(dt.date.today() + dt.timedelta(days=30), dt.time(13, 30))
    Inspection.update(planned_at=when).execute()
    world.ctx.db.close()
    out = tmp_path / "varsler.pdf"
    # when printing all notices for that month from the command line
    rc = cli.main(["--db", str(db_path), "skriv-ut", "tilsynsvarsler", "--fra", f"{when:%d.%m.%Y}", "--til",
                   f"{when + dt.timedelta(days=1):%d.%m.%Y}", "--ut", str(out), "--user", "kari"])
    # then one PDF holds the notice, and it is recorded
    assert rc == 0 and "Skrev 1 dokument" in capsys.readouterr().out
    assert "Varsel om boligtilsyn" in PdfReader(out).pages[0].extract_text()
    world.ctx.db.connect(reuse_if_open=True)
    # and recorded as printed by the user who logged in
    assert [(d.kind, d.user.username) for d in PrintedDocument.select()] == [("inspection_notice", "kari")]


@pytest.mark.sqlite_only("the command line opens the test's database file")
def test_bad_dates_are_reported(world, db_path, tmp_path, capsys):
    world.ctx.db.close()
    rc = cli.main(["--db", str(db_path), "skriv-ut", "tilsynsvarsler", "--fra", "32.12.2026", "--til",
                   "31.12.2026", "--ut", str(tmp_path / "x.pdf"), "--user", "kari"])
    assert rc == 2 and "Fra-datoen" in capsys.readouterr().err


def test_printing_needs_a_login(world, db_path, tmp_path, capsys):
    world.ctx.db.close()
    with pytest.raises(SystemExit) as refused:
        cli.main(["--db", str(db_path), "skriv-ut", "oversikt", "--husstand", str(world.household_id), "--ut",
                  str(tmp_path / "x.pdf")])
    assert refused.value.code == 2 and "--user" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
