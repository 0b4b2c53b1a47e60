"""Many writers, no lost update: a save based on an old version of a record is refused (issue 17)."""

from __future__ import annotations

import pytest

from hemsedal_integrering.errors import Conflict
from hemsedal_integrering.models import Household, Person
from hemsedal_integrering.models.versioning import expect_versions
from hemsedal_integrering.services import housing, people
from hemsedal_integrering.services.accounts import create_user


@pytest.fixture
def two_officers(ctx):
    create_user(ctx, username="kari", full_name="Kari Nordmann", role="officer", password="passord-kari-1")
    create_user(ctx, username="ola", full_name="Ola Nordmann", role="officer", password="passord-ola-12")
    from hemsedal_integrering.models import User
    kari = ctx.as_user(User.get(User.username == "kari"))
    ola = ctx.as_user(User.get(User.username == "ola"))
    return kari, ola


def test_every_update_bumps_the_version(ctx, make_household):
    hid = make_household()
    pid = Person.select().where(Person.household == hid).first().id
    assert Person.get_by_id(pid).row_version == 1
    people.update_person(ctx, person_id=pid, phone="91234567")
    assert Person.get_by_id(pid).row_version == 2
    Person.update(phone="92345678").where(Person.id == pid).execute()  # a bulk UPDATE bumps it too
    assert Person.get_by_id(pid).row_version == 3


def test_a_stale_save_is_refused_names_who_and_when_and_changes_nothing(two_officers, make_household, snapshot):
    kari, ola = two_officers
    hid = make_household()
    pid = Person.select().where(Person.household == hid).first().id
    loaded = Person.get_by_id(pid).row_version  # both officers open the same person
    with expect_versions({("person", pid): loaded}):
        people.update_person(ola, person_id=pid, phone="91234567")  # Ola saves first
    before = snapshot()
    with pytest.raises(Conflict) as err, expect_versions({("person", pid): loaded}):
        people.update_person(kari, person_id=pid, phone="99999999")  # Kari saves what she loaded earlier
    message = str(err.value)
    assert "ola" in message and "23.11.2026" in message and "Ikke lagret" in message
    assert (err.value.table, err.value.row_id) == ("person", pid)
    assert snapshot() == before
    assert Person.get_by_id(pid).phone == "91234567"
    # after reloading (the current version), Kari's save goes through
    with expect_versions({("person", pid): Person.get_by_id(pid).row_version}):
        people.update_person(kari, person_id=pid, phone="99999999")
    assert Person.get_by_id(pid).phone == "99999999"


def test_stale_saves_through_save_audited_are_refused_too(ctx, snapshot):
    uid = housing.create_unit(ctx, municipality="hemsedal", address="Fjellvegen 1", ownership="municipal",
                              bedrooms=2).first_created("housing_unit")
    housing.update_unit(ctx, unit_id=uid, bedrooms=3)
    before = snapshot()
    with pytest.raises(Conflict), expect_versions({("housing_unit", uid): 1}):
        housing.update_unit(ctx, unit_id=uid, bedrooms=4)
    assert snapshot() == before


@pytest.mark.sqlite_only("two connections to one file")
def test_two_sessions_on_one_file_do_not_lose_updates(ctx, db_path, make_household):
    """A form loaded before another window saved is refused; the version lives in the file for every connection."""
    from hemsedal_integrering.db import open_database
    hid = make_household()
    seen = Household.get_by_id(hid).row_version
    people.update_household(ctx, household_id=hid, notes="first")
    with pytest.raises(Conflict), expect_versions({("household", hid): seen}):
        people.update_household(ctx, household_id=hid, notes="second, from an old form")
    assert Household.get_by_id(hid).notes == "first"
    other = open_database(db_path)  # a second connection to the same file: it sees the bumped version
    try:
        assert other.execute_sql('SELECT row_version FROM household WHERE id = ?', (hid,)).fetchone()[0] == seen + 1
    finally:
        other.close()


def test_a_deadlock_or_serialization_failure_is_retried_and_a_conflict_is_not():
    import psycopg

    from hemsedal_integrering.services.base import retrying
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            try:
                raise psycopg.errors.DeadlockDetected("deadlock detected")
            except psycopg.Error as exc:
                import peewee
                raise peewee.OperationalError(str(exc)) from exc  # as peewee wraps the driver's error
        return "saved"
    assert retrying(flaky) == "saved" and len(calls) == 3
    calls.clear()

    def stale():
        calls.append(1)
        raise Conflict("Ikke lagret", table="person", row_id=1)
    with pytest.raises(Conflict):
        retrying(stale)
    assert len(calls) == 1
