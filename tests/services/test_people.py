"""Households and persons: registration, validation, status history, moving away."""

import datetime as dt

import pytest

from hemsedal_integrering.errors import PermissionDenied, ValidationError
from hemsedal_integrering.models import AuditEntry, Household, Person, Placement, StatusPeriod, Tenancy, User
from hemsedal_integrering.services import housing, people, placements

VALID_FNR = "15108695088"


def test_register_household_creates_members_and_audit_rows(ctx, make_household):
    hid = make_household()
    household = Household.get_by_id(hid)
    assert household.municipality.code == "hemsedal"
    assert household.settlement_date == dt.date(2025, 3, 1)
    assert [p.first_name for p in household.members.order_by(Person.id)] == ["Ahmad", "Rania", "Sara"]
    assert AuditEntry.select().where((AuditEntry.entity == "person") & (AuditEntry.action == "create")).count() == 3


def test_bad_identity_number_is_refused_and_nothing_is_saved(ctx, make_household, snapshot):
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        make_household(members=[dict(first_name="A", last_name="B", role="adult", national_id="15108695077"),
                                dict(first_name="C", last_name="B", role="child")])
    assert err.value.errors["members[0].national_id"].startswith("Kontrollsifrene")
    assert snapshot() == before


def test_all_problems_of_a_form_are_reported_together(ctx):
    with pytest.raises(ValidationError) as err:
        people.register_household(ctx, municipality="oslo", name="", legal_basis="nope", members=[
            dict(first_name="", last_name="X", role="child", birth_date="31.02.2020", email="no-at-sign")])
    errors = err.value.errors
    assert {"municipality", "name", "legal_basis", "members[0].first_name", "members[0].birth_date",
            "members[0].email", "members"} <= set(errors)
    assert errors["members"] == "Husstanden må ha minst én voksen."


def test_same_identity_number_twice_is_refused(ctx, make_household):
    make_household(members=[dict(first_name="A", last_name="B", national_id=VALID_FNR)])
    with pytest.raises(ValidationError) as err:
        make_household(members=[dict(first_name="C", last_name="D", national_id="151086 95088")])
    assert "allerede" in err.value.errors["members[0].national_id"]


def test_birth_date_in_the_future_is_refused(ctx, make_household):
    with pytest.raises(ValidationError) as err:
        make_household(members=[dict(first_name="A", last_name="B", birth_date="2030-01-01")])
    assert "fremtiden" in err.value.errors["members[0].birth_date"]


def test_gender_is_not_derived_from_the_identity_number(ctx, make_household):
    hid = make_household(members=[dict(first_name="A", last_name="B", national_id=VALID_FNR)])
    assert Person.get(Person.household == hid).gender is None


def test_update_person_changes_only_given_fields_and_audits_masked(ctx, make_household):
    hid = make_household()
    ahmad = Person.get((Person.household == hid) & (Person.first_name == "Ahmad"))
    people.update_person(ctx, person_id=ahmad.id, phone="412 34 567", national_id=VALID_FNR)
    ahmad = Person.get_by_id(ahmad.id)
    assert ahmad.phone == "412 34 567" and ahmad.national_id == VALID_FNR and ahmad.first_name == "Ahmad"
    entry = AuditEntry.select().where((AuditEntry.entity == "person") & (AuditEntry.action == "update")).get()
    assert VALID_FNR not in entry.changes and "***" in entry.changes


def test_last_adult_cannot_become_a_child_or_be_removed(ctx, make_household):
    hid = make_household(members=[dict(first_name="A", last_name="B", role="adult"),
                                  dict(first_name="C", last_name="B", role="child")])
    adult = Person.get((Person.household == hid) & (Person.role == "adult"))
    with pytest.raises(ValidationError):
        people.update_person(ctx, person_id=adult.id, role="child")
    with pytest.raises(ValidationError):
        people.remove_person(ctx, person_id=adult.id)


def test_person_with_history_cannot_be_deleted(ctx, make_household):
    hid = make_household()
    child = Person.get((Person.household == hid) & (Person.role == "child"))
    people.add_status(ctx, person_id=child.id, status="education", start_date="2025-08-15")
    with pytest.raises(ValidationError) as err:
        people.remove_person(ctx, person_id=child.id)
    assert "Registrer utflytting" in str(err.value)


def test_new_status_closes_the_open_one_and_refuses_overlaps(ctx, make_household):
    hid = make_household()
    p = Person.get((Person.household == hid) & (Person.first_name == "Ahmad"))
    people.add_status(ctx, person_id=p.id, status="intro", start_date="2025-04-01")
    people.add_status(ctx, person_id=p.id, status="work_temporary", start_date="2026-12-01",
                      end_date="2027-04-15")
    intro = StatusPeriod.get((StatusPeriod.person == p) & (StatusPeriod.status == "intro"))
    assert intro.end_date == dt.date(2026, 11, 30)
    with pytest.raises(ValidationError) as err:
        people.add_status(ctx, person_id=p.id, status="education", start_date="2027-01-01")
    assert "overlapper" in err.value.errors["start_date"]


def test_status_before_settlement_or_ending_before_start_is_refused(ctx, make_household):
    hid = make_household()
    p = Person.get((Person.household == hid) & (Person.first_name == "Ahmad"))
    with pytest.raises(ValidationError) as err:
        people.add_status(ctx, person_id=p.id, status="intro", start_date="2025-01-01")
    assert "bosettingsdatoen" in err.value.errors["start_date"]
    with pytest.raises(ValidationError) as err:
        people.add_status(ctx, person_id=p.id, status="intro", start_date="2025-05-01", end_date="2025-04-01")
    assert "end_date" in err.value.errors


def test_moving_away_ends_tenancy_placements_and_statuses(ctx, make_household, make_unit):
    hid = make_household()
    uid = make_unit()
    housing.move_in(ctx, household_id=hid, unit_id=uid, start_date="2025-03-01")
    ahmad = Person.get((Person.household == hid) & (Person.first_name == "Ahmad"))
    people.add_status(ctx, person_id=ahmad.id, status="intro", start_date="2025-04-01")
    wid = placements.create_workplace(ctx, employer="Hemsedal kommune", department="Teknisk drift",
                                      is_municipal=True, municipality="hemsedal",
                                      sector="technical").first_created("workplace")
    placements.start_placement(ctx, person_id=ahmad.id, workplace_id=wid, type="work", start_date="2025-09-01",
                               hours_per_week=20)
    people.record_moving_away(ctx, household_id=hid, date="2026-06-30", moved_to="Drammen", reason="work_elsewhere")
    assert Household.get_by_id(hid).moved_out_date == dt.date(2026, 6, 30)
    assert Tenancy.get(Tenancy.household == hid).end_date == dt.date(2026, 6, 30)
    placement = Placement.get(Placement.person == ahmad)
    assert placement.ended and placement.end_date == dt.date(2026, 6, 30) and placement.outcome == "aborted"
    assert StatusPeriod.get(StatusPeriod.person == ahmad).end_date == dt.date(2026, 6, 30)
    assert Person.select().where((Person.household == hid) & Person.moved_out_date.is_null()).count() == 0


def test_one_member_moving_keeps_the_household_and_its_home(ctx, make_household, make_unit):
    hid = make_household()
    uid = make_unit()
    housing.move_in(ctx, household_id=hid, unit_id=uid, start_date="2025-03-01")
    sara = Person.get((Person.household == hid) & (Person.first_name == "Sara"))
    people.record_moving_away(ctx, household_id=hid, date="2026-08-01", moved_to="Oslo", reason="work_elsewhere",
                              person_ids=[sara.id])
    assert Household.get_by_id(hid).moved_out_date is None
    assert Tenancy.get(Tenancy.household == hid).end_date is None
    assert Person.get_by_id(sara.id).moved_out_date == dt.date(2026, 8, 1)


def test_moving_away_before_settlement_or_before_a_later_placement_is_refused(ctx, make_household, snapshot):
    hid = make_household()
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        people.record_moving_away(ctx, household_id=hid, date="2025-01-01", moved_to="Oslo", reason="rent")
    assert "bosettingsdatoen" in err.value.errors["date"]
    with pytest.raises(ValidationError) as err:
        people.record_moving_away(ctx, household_id=hid, date="2025-05-01", moved_to="", reason="unknown")
    assert {"moved_to", "reason"} <= set(err.value.errors)
    assert snapshot() == before


def test_housing_staff_may_not_register_households(ctx):
    staff = User.create(username="bolig", full_name="Ola", role="housing")
    with pytest.raises(PermissionDenied):
        people.register_household(ctx.as_user(staff), municipality="gol", name="X", legal_basis="asylum",
                                  members=[dict(first_name="A", last_name="B")])
    assert Household.select().count() == 0


def test_stored_person_names_every_field_person_input_from_reads():
    # the Protocol that types person_input_from's argument (a Person row or the GUI's Record) lists what it reads
    from dataclasses import fields
    declared = {name for name, value in vars(people.StoredPerson).items() if isinstance(value, property)}
    assert declared == {f.name for f in fields(people.PersonInput)}
