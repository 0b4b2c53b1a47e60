"""Workplaces and placements: settlement, hours, dates, outcomes."""

import pytest

from hemsedal_integrering.errors import ValidationError
from hemsedal_integrering.models import Person, Placement, PlacementEvaluation
from hemsedal_integrering.services import people, placements


@pytest.fixture
def workplace(ctx):
    return placements.create_workplace(ctx, employer="Hemsedal kommune", department="Hemsedal skule",
                                       is_municipal=True, municipality="hemsedal",
                                       sector="education").first_created("workplace")


@pytest.fixture
def adult(ctx, make_household):
    hid = make_household()
    return Person.get((Person.household == hid) & (Person.first_name == "Ahmad")).id


def test_placement_lifecycle(ctx, workplace, adult):
    pid = placements.start_placement(ctx, person_id=adult, workplace_id=workplace, type="language",
                                     start_date="2025-09-01", end_date="2025-12-19", hours_per_week="22,5",
                                     supervisor_name="Berit Løken").first_created("placement")
    placements.add_evaluation(ctx, placement_id=pid, date="2025-10-15", text_="Godt i gang.", rating=4)
    placements.end_placement(ctx, placement_id=pid, end_date="2025-12-19", outcome="temporary_job")
    row = Placement.get_by_id(pid)
    assert row.hours_per_week == 22.5 and row.ended and row.outcome == "temporary_job"
    assert PlacementEvaluation.select().count() == 1


def test_placement_rules(ctx, workplace, adult, snapshot):
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        placements.start_placement(ctx, person_id=adult, workplace_id=workplace, type="language",
                                   start_date="2025-01-01", hours_per_week=-5)
    assert "bosettingsdatoen" in err.value.errors["start_date"] and "hours_per_week" in err.value.errors
    with pytest.raises(ValidationError) as err:
        placements.start_placement(ctx, person_id=adult, workplace_id=workplace, type="internship",
                                   start_date="2025-09-01", end_date="2025-08-01", hours_per_week=80)
    assert {"type", "end_date", "hours_per_week"} <= set(err.value.errors)
    assert snapshot() == before


def test_no_placement_for_an_unsettled_person_or_after_moving(ctx, workplace, make_household):
    hid = make_household(settlement_date=None)
    person = Person.get((Person.household == hid) & (Person.role == "adult")).id
    with pytest.raises(ValidationError) as err:
        placements.start_placement(ctx, person_id=person, workplace_id=workplace, type="work",
                                   start_date="2025-09-01", hours_per_week=20)
    assert "ikke bosatt" in err.value.errors["person"]
    people.settle(ctx, household_id=hid, settlement_date="2025-03-01")
    people.record_moving_away(ctx, household_id=hid, date="2025-08-01", moved_to="Oslo", reason="climate")
    with pytest.raises(ValidationError) as err:
        placements.start_placement(ctx, person_id=person, workplace_id=workplace, type="work",
                                   start_date="2025-09-01", hours_per_week=20)
    assert "flyttet" in err.value.errors["start_date"]


def test_municipal_workplace_needs_a_municipality_and_archiving_needs_no_active_placement(ctx, workplace, adult):
    with pytest.raises(ValidationError) as err:
        placements.create_workplace(ctx, employer="Kommunen", is_municipal=True, sector="culture")
    assert "municipality" in err.value.errors
    pid = placements.start_placement(ctx, person_id=adult, workplace_id=workplace, type="work",
                                     start_date="2025-09-01", hours_per_week=20).first_created("placement")
    with pytest.raises(ValidationError):
        placements.set_workplace_active(ctx, workplace_id=workplace, active=False)
    placements.end_placement(ctx, placement_id=pid, end_date="2025-12-01", outcome="ended_no_job")
    placements.set_workplace_active(ctx, workplace_id=workplace, active=False)
    with pytest.raises(ValidationError) as err:
        placements.end_placement(ctx, placement_id=pid, end_date="2025-12-02", outcome="ended_no_job")
    assert "allerede avsluttet" in err.value.errors[""]
