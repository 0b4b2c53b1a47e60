"""A database written by the schema-1 program (tests/db/data/schema_v1.sqlite3, made by
make_schema_v1.py through the services) opens, upgrades to the current schema and keeps
its data; the person search column of schema 2 is filled and kept up to date."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from hemsedal_integrering.context import Context, fixed_clock
from hemsedal_integrering.db import migrations, open_database
from hemsedal_integrering.models import Household, Person
from hemsedal_integrering.queries import lists
from hemsedal_integrering.services import housing, people

OLD_FILE = Path(__file__).parent / "data" / "schema_v1.sqlite3"
SEP = "\x1f"
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def upgraded(tmp_path):
    copy = tmp_path / "old.sqlite3"
    shutil.copy(OLD_FILE, copy)
    db = open_database(copy)
    yield Context(db=db, clock=fixed_clock(TODAY)), copy
    db.close()


def _names(ctx, search: str) -> list[str]:
    ids = lists.query_ids(ctx.db, lists.PERSONS, search=search, today=ctx.today())
    return sorted(Person.get_by_id(i).first_name for i in ids)


def test_the_old_file_is_schema_1():
    con = sqlite3.connect(OLD_FILE)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "search_text" not in {row[1] for row in con.execute("PRAGMA table_info(person)")}
    con.close()


def test_upgrade_keeps_the_data_and_takes_a_backup_first(upgraded):
    ctx, path = upgraded
    assert migrations.current_version(ctx.db) == migrations.SCHEMA_VERSION
    assert [p.first_name for p in Person.select().order_by(Person.id)] == \
        ["Ali", "Sara", "Noor", "Olena", "Selam", "Yonas"]
    haddad = Household.get(Household.name == "Familien Haddad")
    assert (haddad.contact_phone, haddad.address_note) == ("41 23 45 67", "Nøkkel hos vaktmester")
    assert Person.get(Person.first_name == "Ali").phone == "912 34 567"
    backups = list((path.parent / "sikkerhetskopier").glob("*.sqlite3"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    con.close()


def test_upgrade_fills_the_search_text_of_every_person(upgraded):
    ctx, _ = upgraded
    ali = Person.get(Person.first_name == "Ali").search_text.split(SEP)
    assert ali == ["Ali", "Haddad", "", "", "912 34 567", "Familien Haddad", "Nøkkel hos vaktmester",
                   "41 23 45 67", "Trøimsvegen 99  Trøim"]
    # Olena's household moved out of Storegata 7: an ended tenancy is no current address
    assert Person.get(Person.first_name == "Olena").search_text.split(SEP)[-1] == ""
    assert Person.select().where(Person.search_text == "").count() == 0


def test_the_upgraded_file_searches_every_field_as_before(upgraded):
    ctx, _ = upgraded
    assert _names(ctx, "haddad") == ["Ali", "Noor", "Sara"]
    assert _names(ctx, "ali haddad") == ["Ali"]
    assert _names(ctx, "912 34") == ["Ali"]
    assert _names(ctx, "vaktmester") == ["Ali", "Noor", "Sara"]  # household address note
    assert _names(ctx, "41") == ["Ali", "Noor", "Sara"]  # household phone "41 23 45 67"
    assert _names(ctx, "trøimsvegen 99") == ["Ali", "Noor", "Sara"]
    assert _names(ctx, "storegata") == []


def test_triggers_keep_the_search_text_up_to_date_after_the_upgrade(upgraded):
    ctx, _ = upgraded
    haddad = Household.get(Household.name == "Familien Haddad").id
    bondarenko = Household.get(Household.name == "Familien Bondarenko").id
    people.update_household(ctx, household_id=haddad, name="Familien Haddad-Darwish")
    assert _names(ctx, "darwish") == ["Ali", "Noor", "Sara"]
    sara = Person.get(Person.first_name == "Sara").id
    people.update_person(ctx, person_id=sara, first_name="Sarah")
    assert _names(ctx, "sarah") == ["Sarah"]
    unit = housing.create_unit(ctx, municipality="gol", address="Nyvegen 3", place="Gol",
                               ownership="municipal").first_created("housing_unit")
    tenancy = housing.move_in(ctx, household_id=bondarenko, unit_id=unit,
                              start_date="2025-01-01").first_created("tenancy")
    assert _names(ctx, "nyvegen") == ["Olena"]
    housing.update_unit(ctx, unit_id=unit, address="Nyvegen 5")
    assert _names(ctx, "nyvegen 5") == ["Olena"]
    housing.move_out(ctx, tenancy_id=tenancy, end_date="2026-01-31")
    assert _names(ctx, "nyvegen") == []
