"""§ 8 through the services: the permit date, the two years, the older record_programme path,
and the child's age for child-sickness days (issue 14, hand-worked cases)."""

from __future__ import annotations

import datetime as dt

import pytest

from hemsedal_integrering.errors import ValidationError
from hemsedal_integrering.models import IntroProgramme, Person
from hemsedal_integrering.services import intro_absence, introduction, people

D = dt.date
SETTLED = D(2025, 10, 1)  # today in tests is 23.11.2026


def settle(ctx, members, *, settled=SETTLED, basis="asylum") -> None:
    people.register_household(ctx, municipality="gol", name="Familien Test", legal_basis=basis,
                              settlement_date=settled, members=members)


def person(name: str) -> Person:
    return Person.get(Person.first_name == name)


def test_age_on_the_permit_date_decides_and_a_bad_permit_date_saves_nothing(ctx, snapshot):
    # 55 when the permit was granted (15.08.2025), 56 at settlement (01.10.2025)
    settle(ctx, [dict(first_name="Amal", last_name="T", role="adult", birth_date=D(1969, 9, 1))])
    amal = person("Amal")
    assert introduction.eligibility_of(amal).programme == "none"
    assert any("bosettingsdato" in n or "settlement" in n for n in introduction.eligibility_notes(amal))
    before = snapshot()
    for bad in (D(2025, 10, 2), D(2026, 11, 24), "31.02.2025"):  # after settlement, in the future, no date
        with pytest.raises(ValidationError) as err:
            introduction.set_permit_date(ctx, person_id=amal.id, permit_date=bad)
        assert "permit_date" in err.value.errors
    assert snapshot() == before
    introduction.set_permit_date(ctx, person_id=amal.id, permit_date=D(2025, 8, 15))
    amal = person("Amal")
    assert amal.permit_date == D(2025, 8, 15)
    assert introduction.eligibility_of(amal).programme == "right_and_duty"
    assert introduction.eligibility_notes(amal) == []
    introduction.start_programme(ctx, person_id=amal.id, start_date=D(2025, 12, 1), planned_end_date=D(2026, 12, 1))
    # clearing the date goes back to the settlement date (and says so)
    introduction.set_permit_date(ctx, person_id=amal.id, permit_date=None)
    assert introduction.eligibility_of(person("Amal")).programme == "none"


def test_56_year_old_is_refused_with_the_amended_age_note_and_may_get_a_discretionary_programme(ctx):
    settle(ctx, [dict(first_name="Karim", last_name="T", role="adult", birth_date=D(1969, 1, 1))])
    karim = person("Karim")
    with pytest.raises(ValidationError) as err:
        introduction.start_programme(ctx, person_id=karim.id, start_date=D(2025, 12, 1),
                                     planned_end_date=D(2026, 12, 1))
    assert "60" in err.value.errors["person"]  # Prop. 81 L (2024–2025) is named for the officer to check
    introduction.start_programme(ctx, person_id=karim.id, start_date=D(2025, 12, 1), planned_end_date=D(2026, 12, 1),
                                 discretionary=True)


def test_two_years_after_settlement_no_programme_decision(ctx, snapshot):
    settle(ctx, [dict(first_name="Rana", last_name="T", role="adult", birth_date=D(1990, 1, 1))],
           settled=D(2024, 2, 29))
    rana = person("Rana")
    before = snapshot()
    with pytest.raises(ValidationError) as err:  # decided on 28.02.2026: two years to the day (leap day + 24 months)
        introduction.start_programme(ctx, person_id=rana.id, start_date=D(2026, 3, 2), planned_end_date=D(2027, 3, 1),
                                     decision_date=D(2026, 2, 28), discretionary=True)
    assert "decision_date" in err.value.errors
    assert snapshot() == before
    introduction.start_programme(ctx, person_id=rana.id, start_date=D(2026, 3, 2), planned_end_date=D(2027, 3, 1),
                                 decision_date=D(2026, 2, 27))


def test_the_older_record_programme_applies_the_same_eligibility(ctx, snapshot):
    """The person page's short form (services.status.record_programme) no longer skips § 8."""
    settle(ctx, [dict(first_name="Gamle", last_name="T", role="adult", birth_date=D(1955, 5, 5)),
                 dict(first_name="Ung", last_name="T", role="adult", birth_date=D(2008, 12, 1))])
    before = snapshot()
    for name in ("Gamle", "Ung"):  # 70 and 16 at settlement
        with pytest.raises(ValidationError) as err:
            people.record_programme(ctx, person_id=person(name).id, start_date=D(2025, 11, 1))
        assert "person" in err.value.errors
    assert snapshot() == before
    people.record_programme(ctx, person_id=person("Gamle").id, start_date=D(2025, 11, 1), discretionary=True)
    prog = IntroProgramme.get(IntroProgramme.person == person("Gamle").id)
    # editing an existing programme is not blocked by eligibility (corrections of old records)
    people.record_programme(ctx, person_id=person("Gamle").id, programme_id=prog.id, start_date=D(2025, 11, 3))
    assert IntroProgramme.get_by_id(prog.id).start_date == D(2025, 11, 3)


def test_child_sickness_needs_a_child_within_the_age_limit(ctx, snapshot):
    # the only child turns 13 in 2025: no child's-sickness days unless chronically ill or disabled (18)
    settle(ctx, [dict(first_name="Mor", last_name="T", role="adult", birth_date=D(1985, 1, 1)),
                 dict(first_name="Barn", last_name="T", role="child", birth_date=D(2012, 3, 1))])
    introduction.start_programme(ctx, person_id=person("Mor").id, start_date=D(2025, 11, 3),
                                 planned_end_date=D(2026, 11, 2))
    prog = IntroProgramme.get(IntroProgramme.person == person("Mor").id)
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        intro_absence.register_absence(ctx, programme_id=prog.id, first_day=D(2025, 11, 10), kind="child_sick")
    assert "12" in err.value.errors["kind"]
    assert snapshot() == before
    intro_absence.register_absence(ctx, programme_id=prog.id, first_day=D(2025, 11, 10), kind="child_sick",
                                   chronic_child=True)


def test_a_child_turning_12_counts_to_new_year_and_not_after(ctx):
    settle(ctx, [dict(first_name="Far", last_name="T", role="adult", birth_date=D(1985, 1, 1)),
                 dict(first_name="Lille", last_name="T", role="child", birth_date=D(2013, 12, 31))])
    introduction.start_programme(ctx, person_id=person("Far").id, start_date=D(2025, 11, 3),
                                 planned_end_date=D(2026, 11, 2))
    prog = IntroProgramme.get(IntroProgramme.person == person("Far").id)
    intro_absence.register_absence(ctx, programme_id=prog.id, first_day=D(2025, 12, 31), kind="child_sick")
    with pytest.raises(ValidationError):
        intro_absence.register_absence(ctx, programme_id=prog.id, first_day=D(2026, 1, 2), kind="child_sick")
