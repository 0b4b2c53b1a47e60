"""Import from spreadsheets: messy cells, the messy workbook, modes, repeatability, audit, memory, CLI."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from hemsedal_integrering.errors import ValidationError
from hemsedal_integrering.models import (AuditEntry, FollowUpItem, Household, HousingUnit, Landlord, Lease, Person,
                                         Placement, Setting, Workplace)
from hemsedal_integrering.reports import tasks
from hemsedal_integrering.services import importing, people
from hemsedal_integrering.services.importing import values
from hemsedal_integrering.services.importing.templates import template_path

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
MESSY = DATA / "messy_households.xlsx"
sys.path.insert(0, str(DATA))
import build_messy as messy  # noqa: E402

TODAY = dt.date(2026, 11, 23)


# ----- cells -----

@pytest.mark.parametrize("cell, expected", [
    ("01.02.2023", dt.date(2023, 2, 1)), ("1.2.23", dt.date(2023, 2, 1)), ("1/2/23", dt.date(2023, 2, 1)),
    ("2023-02-01", dt.date(2023, 2, 1)), (44958, dt.date(2023, 2, 1)), (44958.0, dt.date(2023, 2, 1)),
    (dt.datetime(2023, 2, 1, 0, 0), dt.date(2023, 2, 1)), ("01022023", dt.date(2023, 2, 1)),
    ("5/6/85", dt.date(1985, 6, 5)), ("31.02.2024", "31.02.2024"), ("snart", "snart"), ("", None),
])
def test_dates_in_every_form_an_office_writes(cell, expected):
    assert values.as_date(cell, today=TODAY) == expected


def test_identity_numbers_names_and_codes():
    assert values.as_number_text("120384 00190", 11) == "12038400190"
    assert values.as_number_text(1028012345, 11) == "01028012345"  # Excel dropped the leading zero
    assert values.as_number_text(1028012345.0, 11) == "01028012345"
    assert values.split_name("Kovalenko, Olena Maria") == ("Olena Maria", "Kovalenko")
    assert values.split_name("Olena Kovalenko") == ("Olena", "Kovalenko")
    assert values.as_code("country", "Ukraina") == "UA" and values.as_code("country", "ua") == "UA"
    assert values.as_code("role", "Barn") == "child" and values.as_code("role", "VOKSEN") == "adult"
    assert values.as_code("municipality", "Gol kommune") == "gol"
    assert values.as_code("legal_basis", "Overføringsflyktning") == "resettlement"
    assert values.as_code("country", "Atlantis") == "Atlantis"  # unknown: the service says why
    assert values.as_languages("arabisk og engelsk") == "ar,en"


# ----- the messy workbook -----

def read_messy(kind="households"):
    return importing.read_table(MESSY, "Bosatte", score=importing.header_score(kind))


def preregister_amina(ctx):
    people.register_household(ctx, municipality="hemsedal", name="Familien Yusuf", legal_basis="family",
                              settlement_date="2022-06-01", done_before="23.11.2026",
                              members=[dict(first_name="Amina", last_name="Yusuf", role="adult",
                                            national_id=messy.AMINA)])


def test_header_row_found_under_the_title_and_columns_guessed(ctx):
    assert importing.sheet_names(MESSY) == ["Bosatte", "Notater"]
    table = read_messy()
    assert table.header_row == 3
    assert table.headers[3] == "Fødselsdato"  # "Fødsels-\ndato" joined
    assert [n for n, _cells in table.rows] == [4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15]  # blank line 7 dropped
    mapping = importing.guess_mapping("households", table.headers)
    named = {table.headers[i]: f for i, f in mapping.items()}
    assert named == {"Husstand": "household", "Etternavn, Fornavn": "full_name", "Fødselsnr": "national_id",
                     "Fødselsdato": "birth_date", "Rolle": "role", "Kjønn": "gender", "Land": "country",
                     "Språk": "languages", "Bosettingsdato": "settlement_date", "Kommune": "municipality",
                     "Grunnlag": "legal_basis", "Adresse": "address_note"}


def run(ctx, mode="each", dry_run=False, **extra):
    table = read_messy()
    mapping = importing.guess_mapping("households", table.headers)
    options = importing.ImportOptions(kind="households", mode=mode, done_before=extra.pop("done_before", TODAY),
                                      **extra)
    return importing.run_import(ctx, table=table, mapping=mapping, options=options, dry_run=dry_run)


def by_row(result):
    return {o.number: o for o in result.outcomes}


def test_preview_rejects_the_bad_rows_with_reasons_and_saves_nothing(ctx, snapshot):
    preregister_amina(ctx)
    before = snapshot()
    result = run(ctx, dry_run=True)
    rows = by_row(result)
    assert snapshot() == before and not result.saved
    assert {n for n, o in rows.items() if o.status == "new"} == {4, 5, 6, 8, 9}
    assert rows[11].status == "rejected" and "Fødselsnr" in rows[11].message and "Kontrollsifrene" in rows[11].message
    assert rows[10].status == "not_saved" and "11" in rows[10].message
    assert rows[12].status == "rejected" and "gyldig dato" in rows[12].message
    assert rows[13].status == "duplicate" and "Allerede registrert" in rows[13].message
    assert rows[14].status == "duplicate" and "rad 4" in rows[14].message
    assert rows[15].status == "rejected" and "Ukjent kommune «Oslo»" in rows[15].message


def test_each_household_mode_saves_the_good_households_and_a_second_run_adds_nothing(ctx):
    preregister_amina(ctx)
    result = run(ctx, mode="each")
    assert result.saved and result.counts["new"] == 5
    kovalenko = Household.get(Household.name == "Familien Kovalenko")
    members = {(p.first_name, p.role, p.birth_date, p.national_id) for p in kovalenko.members}
    assert members == {("Olena", "adult", dt.date(1984, 3, 12), messy.OLENA),
                       ("Petro", "adult", dt.date(1980, 11, 2), messy.PETRO),
                       ("Sofiia", "child", dt.date(2015, 6, 5), messy.SOFIIA)}
    assert (kovalenko.settlement_date, kovalenko.municipality.code, kovalenko.legal_basis) == (
        dt.date(2023, 2, 1), "hemsedal", "collective")
    haddad = Household.get(Household.name == "Familien Haddad")
    assert haddad.settlement_date == dt.date(2024, 9, 1) and haddad.municipality.code == "gol"
    assert Person.get(Person.first_name == "Ahmad").national_id == messy.AHMAD  # leading zero restored
    assert not Household.select().where(Household.name.contains("Tesfay")).exists()
    persons = Person.select().count()
    # back-registration: nothing overdue for the imported households
    imported = {kovalenko.id, haddad.id}
    assert not [r for r in tasks.list_tasks(ctx) if r.household_id in imported and r.bucket == "overdue"]
    assert FollowUpItem.select().where(FollowUpItem.household.in_(imported)
                                       & (FollowUpItem.note == "registrert i ettertid")).count() > 20
    # audited as an import
    entry = AuditEntry.get(AuditEntry.action == "import")
    assert json.loads(entry.changes)["new"] == [None, 5] and "messy_households.xlsx" in entry.changes
    # the same file again adds nothing
    again = run(ctx, mode="each")
    assert again.counts["new"] == again.counts["added"] == 0
    assert Person.select().count() == persons and Household.select().count() == 3


def test_all_or_nothing_saves_nothing_when_a_row_is_rejected(ctx, snapshot):
    before = snapshot()
    result = run(ctx, mode="all")
    assert not result.saved and snapshot() == before
    assert {o.status for o in result.outcomes} == {"not_saved", "rejected", "duplicate"}


def test_a_new_member_is_added_to_the_registered_household(ctx):
    run(ctx, mode="each")
    # the office adds the Tesfay family correctly later, and a newborn to the Haddads
    table = importing.Table(source="x.csv", sheet="", headers=["Husstand", "Navn", "Fødselsnr", "Fødselsdato",
                                                                "Rolle", "Bosettingsdato", "Kommune", "Grunnlag"],
                            rows=[(2, ["Haddad", "Haddad, Ahmad", messy.AHMAD, "04.02.1985", "voksen", "01.09.2024",
                                       "Gol", "asyl"]),
                                  (3, ["Haddad", "Haddad, Nour", "", "01.10.2026", "barn", "01.09.2024", "Gol",
                                       "asyl"])])
    mapping = importing.guess_mapping("households", table.headers)
    result = importing.run_import(ctx, table=table, mapping=mapping, dry_run=False,
                                  options=importing.ImportOptions(kind="households", mode="each"))
    assert [o.status for o in result.outcomes] == ["duplicate", "added"]
    assert {p.first_name for p in Household.get(Household.name == "Familien Haddad").members} == {
        "Ahmad", "Sara", "Nour"}


def test_the_mapping_is_remembered_in_the_database(ctx):
    table = read_messy()
    mapping = importing.guess_mapping("households", table.headers)
    mapping[table.headers.index("Adresse")] = "notes"  # the office keeps notes in that column
    del mapping[table.headers.index("Kjønn")]  # and does not import gender
    importing.run_import(ctx, table=table, mapping=mapping, dry_run=False,
                         options=importing.ImportOptions(kind="households", mode="each"))
    assert Setting.get(Setting.key == "import.mapping.households")
    again = importing.guess_mapping("households", table.headers)
    assert again[table.headers.index("Adresse")] == "notes"
    assert table.headers.index("Kjønn") not in again


def test_cancel_rolls_everything_back(ctx, snapshot):
    before = snapshot()
    calls = []
    result = importing.run_import(
        ctx, table=read_messy(), mapping=importing.guess_mapping("households", read_messy().headers),
        options=importing.ImportOptions(kind="households", mode="each"), dry_run=False,
        progress=lambda done, total: calls.append(done), cancelled=lambda: len(calls) >= 2)
    assert result.cancelled and not result.saved and snapshot() == before


def test_mapping_without_names_is_refused(ctx):
    table = read_messy()
    with pytest.raises(ValidationError) as exc:
        importing.run_import(ctx, table=table, mapping={0: "household"}, dry_run=True,
                             options=importing.ImportOptions(kind="households"))
    assert "mapping" in exc.value.errors


def test_housing_staff_cannot_import_persons(ctx):
    from hemsedal_integrering.errors import PermissionDenied
    from hemsedal_integrering.services import accounts
    from hemsedal_integrering.models import User
    accounts.create_user(ctx, username="bo", full_name="Bo", role="housing", password="langt-passord-123")
    with pytest.raises(PermissionDenied):
        run(ctx.as_user(User.get(User.username == "bo")), dry_run=True)


def test_csv_from_norwegian_excel(ctx, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes(("Husstand;Etternavn;Fornavn;Fødselsdato;Bosettingsdato;Kommune;Grunnlag\r\n"
                      "1;Øvrebø;Åse;01.01.1990;1.3.2025;Gol;asyl\r\n").encode("cp1252"))
    table = importing.read_table(path, score=importing.header_score("households"))
    result = importing.run_import(ctx, table=table, mapping=importing.guess_mapping("households", table.headers),
                                  options=importing.ImportOptions(kind="households"), dry_run=False)
    assert result.saved and Household.get().name == "Familien Øvrebø"


def test_the_shipped_templates_import_cleanly_and_only_once(ctx):
    for kind in ("households", "units", "leases", "placements"):
        path = template_path(kind)
        table = importing.read_table(path, importing.sheet_names(path)[0], score=importing.header_score(kind))
        mapping = importing.guess_mapping(kind, table.headers)
        assert len(mapping) == len(table.headers), kind  # every column of the template is recognised
        for attempt in (1, 2):
            result = importing.run_import(ctx, table=table, mapping=mapping, dry_run=False,
                                          options=importing.ImportOptions(kind=kind))
            assert result.saved and not result.rejected, (kind, result.rejected)
            if attempt == 2:
                assert result.counts["new"] == 0, kind
    assert (HousingUnit.select().count(), Landlord.select().count(), Lease.select().count(),
            Workplace.select().count(), Placement.select().count()) == (2, 1, 1, 1, 1)


def test_command_line_import(tmp_path, monkeypatch, capsys):
    from tests.privacy_helpers import PASSWORD, add_users_and_person, fast_kdf
    from hemsedal_integrering import cli
    from hemsedal_integrering.services import auth
    fast_kdf(monkeypatch)
    monkeypatch.setenv("HEMSEDAL_PASSWORD", PASSWORD)
    path = tmp_path / "db.sqlite3"
    session, _key = auth.create_first_admin(path, username="sjef", full_name="Sjef", password=PASSWORD,
                                            encrypt=False)
    add_users_and_person(session.ctx)
    session.close()
    base = ["--db", str(path), "import", str(MESSY), "--kind", "households", "--user", "radgiver"]
    assert cli.main(base + ["--dry-run"]) == 1
    assert cli.main(base) == 1  # all or nothing: rows are rejected, nothing saved
    out = capsys.readouterr().out
    assert "Rad 11 (Selam Tesfay): avvist" in out and "Ingenting ble lagret" in out
    assert cli.main(base + ["--mode", "each"]) == 0
    assert "11 rader: 6 nye" in capsys.readouterr().out  # Amina Yusuf is new here
    assert cli.main(base + ["--mode", "each"]) == 0
    assert "0 nye" in capsys.readouterr().out
    # housing staff may not
    assert cli.main(["--db", str(path), "import", str(MESSY), "--kind", "households", "--user", "bolig"]) == 2
