"""Schema version, upgrade ladder, refusal of newer and foreign files, backups."""

import sqlite3

import peewee
import pytest

from hemsedal_integrering.db import migrations, open_database
from hemsedal_integrering.errors import DatabaseError, DatabaseTooNew
from hemsedal_integrering.models import ALL_MODELS


def test_new_database_gets_the_current_schema_version_and_pragmas(db_path):
    db = open_database(db_path)
    assert migrations.current_version(db) == migrations.SCHEMA_VERSION
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    # issue 16 (writes): the WAL is copied back every 16,000 pages, temporary files stay in memory
    assert db.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0] == 16_000
    assert db.execute_sql("PRAGMA temp_store").fetchone()[0] == 2
    db.close()


def test_every_model_column_exists_in_the_migrated_schema(db_path):
    db = open_database(db_path)
    for model in ALL_MODELS:
        columns = {row[1] for row in db.execute_sql(f'PRAGMA table_info("{model._meta.table_name}")')}
        expected = {field.column_name for field in model._meta.sorted_fields}
        assert expected <= columns, (model.__name__, expected - columns)
    db.close()


def test_database_from_a_newer_program_is_refused_untouched(db_path):
    open_database(db_path).close()
    con = sqlite3.connect(db_path)
    con.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseTooNew) as err:
        open_database(db_path)
    assert "nyere versjon" in str(err.value)
    assert db_path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    bogus = tmp_path / "notes.sqlite3"
    bogus.write_text("dette er ikke en database" * 100)
    with pytest.raises(DatabaseError) as err:
        open_database(bogus)
    assert "Filen er ikke endret" in str(err.value)


def test_upgrade_takes_a_backup_first_and_applies_the_next_step(db_path, monkeypatch):
    open_database(db_path).close()
    target = migrations.SCHEMA_VERSION + 1

    def add_table(db):
        db.execute_sql("CREATE TABLE extra (id INTEGER PRIMARY KEY)")

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", target)
    monkeypatch.setitem(migrations.LADDER, target, add_table)
    db = open_database(db_path)
    assert migrations.current_version(db) == target
    db.close()
    backups = list((db_path.parent / "sikkerhetskopier").glob("*.sqlite3"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("PRAGMA user_version").fetchone()[0] == target - 1
    con.close()


def test_a_failing_step_changes_nothing(db_path, monkeypatch):
    open_database(db_path).close()
    target = migrations.SCHEMA_VERSION + 1

    def broken(db):
        db.execute_sql("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
        raise RuntimeError("boom")

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", target)
    monkeypatch.setitem(migrations.LADDER, target, broken)
    with pytest.raises(DatabaseError) as err:
        open_database(db_path)
    assert "ikke endret" in str(err.value)
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == target - 1
    assert not con.execute("SELECT 1 FROM sqlite_master WHERE name='half_done'").fetchone()
    con.close()


def test_schema_constraints_hold_even_without_the_services(db_path):
    db = open_database(db_path)
    with pytest.raises(peewee.IntegrityError):
        db.execute_sql("INSERT INTO housing_unit (created_at, municipality_id, address, postal_code, place, ownership,"
                       " bedrooms, capacity, heating, has_wood_stove, has_garden, snow_clearing_by, lawn_mowing_by,"
                       " notes, active) VALUES ('2025-01-01', 999, 'x', '', '', 'municipal', 1, 1, 'electric', 0, 0,"
                       " 'tenant', 'none', '', 1)")  # unknown municipality: foreign key
    db.close()
